from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck.graph import FactGraph
from factcheck.model import Finding

CORPUS_RULE = "implausible-claim"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def implausible(run_rule: Callable[..., list[Finding]], graph_from: Callable[..., FactGraph]
                ) -> Callable[..., list[Finding]]:
    def run(text: str, published: str | None = "2024-03-01") -> list[Finding]:
        return run_rule("implausible-claim", graph_from({"a": (published, text)}))
    return run


# --- records began --------------------------------------------------------------------------
def test_records_beginning_in_publication_year(implausible) -> None:
    text = "It was the wettest month since national records began in 2024, forecasters said."
    [finding] = implausible(text, published="2024-08-30")
    assert finding.rule == "implausible-claim" and finding.severity == "error"
    assert finding.attribute == "records-began"
    assert finding.values == ["2024", "published 2024"]
    [evidence] = finding.evidence
    assert (evidence.text, evidence.line, text[evidence.start:evidence.end]) == ("2024", 1, "2024")


@pytest.mark.parametrize(("text", "published"), [
    ("It was the wettest month since records began in 1910.", "2024-08-30"),
    ("It was the wettest month since records began in 2023.", "2024-01-10"),
    ("It was the wettest month since records began in 2024.", None),  # no date to compare
])
def test_records_with_a_history_are_plausible(implausible, text: str,
                                              published: str | None) -> None:
    assert implausible(text, published=published) == []


# --- years later / after / ago ------------------------------------------------------------
def test_years_later_that_do_not_add_up(implausible) -> None:
    text = ("The 2004 tsunami destroyed the harbour. Ten years later, in 2016, the rebuilt "
            "harbour reopened.")
    [finding] = implausible(text)
    assert finding.attribute == "years-elapsed"
    assert finding.entity == "Ten years later, in 2016"
    assert finding.values == ["2004", "2016", "ten years later"]
    assert finding.message == ('"Ten years later, in 2016" does not add up: 2004 + ten years '
                               "is not 2016 (12 years from 2004)")
    assert [e.text for e in finding.evidence] == ["Ten years later, in 2016", "2004"]


@pytest.mark.parametrize("text", [
    "The 2004 tsunami destroyed the harbour. In 2016, ten years later, it reopened.",
    "In 2016, ten years after the 2004 tsunami, the harbour reopened.",
    "The harbour reopened in 2011, more than ten years after the 2004 tsunami.",
    "Two years before the 2016 vote, in 2012, the party split.",
    "The party split in 2011, two years before the 2016 vote on the reform.",
    "The dam opened in 1971. Two decades later, in 2001, it was raised by 3 metres.",
    # the year in its own sentence is nearer than the previous sentence's
    "The minister took office in 2019. In 2017, a storm wrecked the coast; six years later, in "
    "2025, another storm struck.",
])
def test_elapsed_years_that_do_not_add_up(implausible, text: str) -> None:
    assert [f.attribute for f in implausible(text)] == ["years-elapsed"]


@pytest.mark.parametrize("text", [
    "The 2004 tsunami destroyed the harbour. Ten years later, in 2014, it reopened.",
    "The 2004 tsunami destroyed the harbour. Ten years later, in 2015, it reopened.",
    "In 2014, ten years after the 2004 tsunami, the harbour reopened.",
    "The harbour reopened in 2016, more than ten years after the 2004 tsunami.",
    "The harbour reopened in 2013, nearly ten years after the 2004 tsunami.",
    "Two years before the 2016 vote, in 2014, the party split.",
    "The dam opened in 1971. Two decades later, in 1991, it was raised by 3 metres.",
    # the start is unclear: two years before it, or none
    "The dam was built in 1990 and rebuilt in 2004. Ten years later, in 2011, it failed.",
    "Ten years later, in 2016, the harbour reopened.",
    # the duration is not counted from a year the text gives
    "The harbour reopened in 2016 after ten years of work.",
])
def test_elapsed_years_that_add_up_or_are_unclear(implausible, text: str) -> None:
    assert implausible(text) == []


def test_years_ago_against_publication(implausible) -> None:
    [finding] = implausible("Twelve years ago, in 2004, a tsunami hit the coast.")
    assert finding.attribute == "years-ago" and finding.values == ["2004", "2012"]
    assert implausible("Twenty years ago, in 2004, a tsunami hit the coast.") == []
    assert implausible("Nineteen years ago, in 2004, a tsunami hit the coast.") == []


# --- anniversaries --------------------------------------------------------------------------
def test_anniversary_that_does_not_add_up(implausible) -> None:
    [finding] = implausible("In 2016 the town marked the 10th anniversary of the 2004 tsunami.")
    assert finding.attribute == "anniversary"
    assert finding.entity == "10th anniversary of the 2004 tsunami"
    assert finding.values == ["2004", "2016", "anniversary 10"]


@pytest.mark.parametrize("text", [
    "In 2014 the town marked the tenth anniversary of the 2004 tsunami.",
    "In 2012 the town began planning the 10th anniversary of the 2004 tsunami.",
    "The 10th anniversary of the 2004 tsunami was marked with a march.",
    "The 10th anniversary of the 2004 tsunami drew more visitors than in 2019 or 2021.",
])
def test_anniversaries_that_add_up_or_are_unclear(implausible, text: str) -> None:
    assert implausible(text) == []


# --- ages -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Founded in 1990, the 25-year-old group runs six shelters.",
    "The 25-year-old charity, which was founded in 1990, runs six shelters.",
])
def test_age_that_cannot_follow_from_the_founding_year(implausible, text: str) -> None:
    [finding] = implausible(text, published="2024-03-01")
    assert finding.attribute == "age"
    assert finding.values == ["1990", "2024", "age 25"]


@pytest.mark.parametrize("text", [
    "Founded in 1990, the 34-year-old group runs six shelters.",
    "Founded in 1990, the 33-year-old group runs six shelters.",  # before its anniversary
    "Founded in 1990, the group is led by a 25-year-old activist.",
    # the passage narrates 2015: the age fits that year
    "In 2015 the charity opened a clinic. Founded in 1990, the 25-year-old group ran six "
    "shelters.",
])
def test_ages_that_fit_or_belong_to_someone_else(implausible, text: str) -> None:
    assert implausible(text, published="2024-03-01") == []


def test_corpus(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_seeds_records_began_in_publication_year() -> None:
    import factcheck

    findings = factcheck.check([str(SEEDS)], select=["implausible-claim"]).findings
    [finding] = findings
    assert finding.attribute == "records-began" and finding.values == ["2021", "published 2021"]
    [evidence] = finding.evidence
    assert evidence.source.startswith("002") and evidence.text == "2021"
    assert "records began in 2021" in evidence.sentence
    doc_text = (SEEDS / Path(evidence.path).name).read_text(encoding="utf-8")
    assert doc_text[evidence.start:evidence.end] == "2021"
    assert doc_text[evidence.start - len("records began in "):evidence.start] == \
        "records began in "
