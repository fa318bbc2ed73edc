from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from factcheck.model import Fact, Finding

CORPUS_RULE = "figure-update"

FactMaker = Callable[..., Fact]


@pytest.fixture
def updates(rule_on_published: Callable[..., list[Finding]]) -> Callable[..., list[Finding]]:
    return partial(rule_on_published, "figure-update")


def test_rising_toll_names_latest_figure_and_stale_source(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=12), make_fact(source="b", value=31)]
    [finding] = updates(facts, {"a": "2024-03-01", "b": "2024-03-03"})
    assert finding.rule == "figure-update" and finding.severity == "info"
    assert finding.message == ("rose from 12 (S1 (a.txt), 2024-03-01) "
                               "to 31 (S2 (b.txt), 2024-03-03): S1 (a.txt) is stale")
    assert finding.values == ["12", "31"]
    assert [e.source for e in finding.evidence] == ["a", "b"]


@pytest.mark.parametrize("published", [
    {"a": "2024-03-01", "b": "2024-03-01"},  # same day: a conflict, not an update
    {"a": None, "b": "2024-03-03"},  # undated
    {"a": "2024-03-03", "b": "2024-03-01"},  # the later source has the lower figure
])
def test_no_update_without_a_later_higher_figure(make_fact: FactMaker, updates,
                                                 published: dict[str, str | None]) -> None:
    facts = [make_fact(source="a", value=12), make_fact(source="b", value=31)]
    assert updates(facts, published) == []


def test_overlapping_figures_are_no_update(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=30, low=27, high=33, qualifier="about"),
             make_fact(source="b", value=31)]
    assert updates(facts, {"a": "2024-03-01", "b": "2024-03-03"}) == []


def test_a_figure_that_may_fall_changed(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=31, attribute="missing"),
             make_fact(source="b", value=12, attribute="missing")]
    (finding,) = updates(facts, {"a": "2024-03-01", "b": "2024-03-03"})
    assert finding.message.startswith("changed from 31 (")
    assert [e.source for e in finding.evidence] == ["a", "b"]


def test_a_fixed_attribute_is_no_update(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=150, attribute="aboard"),
             make_fact(source="b", value=144, attribute="aboard")]
    assert updates(facts, {"a": "2024-03-01", "b": "2024-03-03"}) == []


def test_predicted_figure_is_no_update(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=12),
             make_fact(source="b", value=300, modality="predicted")]
    assert updates(facts, {"a": "2024-03-01", "b": "2024-03-03"}) == []


def test_every_earlier_lower_source_is_stale(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=12), make_fact(source="b", value=20),
             make_fact(source="c", value=29, low=26, high=32, qualifier="about"),
             make_fact(source="d", value=31), make_fact(source="e", value=25)]
    published = {"a": "2024-03-01", "b": "2024-03-02", "c": "2024-03-02", "d": "2024-03-04",
                 "e": "2024-03-04"}
    [finding] = updates(facts, published)
    # d and e share the newest date: the higher figure is the latest; c overlaps it
    assert finding.message == ("rose from 12 (S1 (a.txt), 2024-03-01) and 20 (S2 (b.txt), "
                               "2024-03-02) to 31 (S4 (d.txt), 2024-03-04): S1 (a.txt), "
                               "S2 (b.txt) are stale")
    assert finding.values == ["12", "20", "31"]
    assert {e.source for e in finding.evidence} == {"a", "b", "d"}


def test_subgroups_add_up_to_the_later_figure(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=64),
             make_fact(source="b", value=60, low=60, high=None, qualifier="at-least",
                       subject="villagers", sentence="60 villagers and 9 rescue workers died."),
             make_fact(source="b", value=9, subject="rescue workers",
                       sentence="60 villagers and 9 rescue workers died.")]
    [finding] = updates(facts, {"a": "2024-03-01", "b": "2024-03-05"})
    assert finding.message.startswith("rose from 64 (S1 (a.txt), 2024-03-01) to ≥ 69 (S2 ")


def test_subgroup_figure_rising(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=3, subject="soldiers"),
             make_fact(source="b", value=5, subject="soldiers"),
             make_fact(source="b", value=40, low=40, high=None, subject="villagers")]
    [finding] = updates(facts, {"a": "2024-03-01", "b": "2024-03-02"})
    # the totals (≥ 3, ≥ 45) are open floors: only the soldiers' figure rose
    assert finding.message == ("deaths of soldiers rose from 3 (S1 (a.txt), 2024-03-01) "
                               "to 5 (S2 (b.txt), 2024-03-02): S1 (a.txt) is stale")
    assert finding.values == ["3 soldiers", "5 soldiers"]


def test_corpus_case(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_one_finding_per_group_with_its_own_evidence(make_fact: FactMaker, updates) -> None:
    facts = [make_fact(source="a", value=19, start=1), make_fact(source="a", value=17,
                                                                 subject="children", start=9),
             make_fact(source="b", value=21, start=1), make_fact(source="b", value=19,
                                                                 subject="children", start=9)]
    found = updates(facts, {"a": "2024-03-01", "b": "2024-03-03"})
    assert [f.message.split(" from ")[0] for f in found] == ["rose", "deaths of children rose"]
    assert [[e.value for e in f.evidence] for f in found] == [[19, 21], [17, 19]]


def test_the_figure_that_gives_the_value_is_the_evidence(make_fact: FactMaker, updates) -> None:
    # "above 40,000" beside "41,732" in the newer text: 41,732 is its figure, and the vague
    # "thousands" beside them adds nothing.
    facts = [make_fact(source="a", value=912),
             make_fact(source="b", value=40_000, low=40_001, high=None, qualifier="more-than"),
             make_fact(source="b", value=41_732),
             make_fact(source="b", value=2000, low=2000, high=9999, qualifier="vague")]
    (finding,) = updates(facts, {"a": "2024-03-01", "b": "2024-03-09"})
    assert [e.value for e in finding.evidence] == [912, 41_732]
