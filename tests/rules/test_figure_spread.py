from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from factcheck.model import Fact, Finding

CORPUS_RULE = "figure-spread"

FactMaker = Callable[..., Fact]
SAME_DAY = {"a": "2025-06-03", "b": "2025-06-03"}


@pytest.fixture
def spread(rule_on_published: Callable[..., list[Finding]]) -> Callable[..., list[Finding]]:
    return partial(rule_on_published, "figure-spread")


def at_least(make_fact: FactMaker, source: str, value: int, **fields: object) -> Fact:
    return make_fact(source=source, value=value, low=value, high=None, qualifier="at-least",
                     text=f"at least {value}", **fields)


def test_two_floors_of_one_day_are_two_numbers(make_fact: FactMaker, spread) -> None:
    [finding] = spread([at_least(make_fact, "a", 23), at_least(make_fact, "b", 27)], SAME_DAY)
    assert finding.rule == "figure-spread" and finding.severity == "info"
    assert finding.message == (
        "sources published on 2025-06-03 give different numbers, each of which can hold with "
        "the others: “at least 23” (S1 (a.txt)) and “at least 27” (S2 (b.txt))")
    assert finding.values == ["≥ 23", "≥ 27"]
    assert [e.source for e in finding.evidence] == ["a", "b"]


def test_sources_in_the_same_words_are_one_side(make_fact: FactMaker, spread) -> None:
    facts = [at_least(make_fact, "a", 23), at_least(make_fact, "b", 23),
             at_least(make_fact, "c", 27)]
    [finding] = spread(facts, {**SAME_DAY, "c": "2025-06-03"})
    assert finding.message.endswith("“at least 23” (S1 (a.txt); S2 (b.txt)) and "
                                    "“at least 27” (S3 (c.txt))")


@pytest.mark.parametrize("published", [
    {"a": "2025-06-03", "b": "2025-06-05"},  # another day: the toll may have grown
    {"a": None, "b": "2025-06-03"},  # undated: no day to share
])
def test_a_changing_figure_is_compared_on_one_day_only(make_fact: FactMaker, spread,
                                                        published: dict[str, str | None]) -> None:
    assert spread([at_least(make_fact, "a", 23), at_least(make_fact, "b", 27)], published) == []


def test_a_fixed_fact_is_compared_whatever_the_dates(make_fact: FactMaker, spread) -> None:
    facts = [at_least(make_fact, "a", 140, attribute="aboard"),
             at_least(make_fact, "b", 144, attribute="aboard")]
    [finding] = spread(facts, {"a": "2025-06-03", "b": None})
    assert finding.message.startswith("sources give different numbers")


def test_no_spread_where_a_number_is_shared_or_the_figures_conflict(make_fact: FactMaker,
                                                                     spread) -> None:
    about_23 = make_fact(source="b", value=23, low=21, high=25, qualifier="about")
    assert spread([at_least(make_fact, "a", 23), about_23], SAME_DAY) == []
    # 12 and 31 cannot both hold: numeric-conflict says so, not this rule.
    assert spread([make_fact(source="a", value=12), make_fact(source="b", value=31)],
                  SAME_DAY) == []
    # One source that also gives the other's number shares it.
    facts = [at_least(make_fact, "a", 23), at_least(make_fact, "a", 27, start=40),
             at_least(make_fact, "b", 27)]
    assert spread(facts, SAME_DAY) == []


def test_predictions_vague_amounts_and_other_groups_are_not_compared(make_fact: FactMaker,
                                                                     spread) -> None:
    facts = [at_least(make_fact, "a", 23),
             at_least(make_fact, "b", 27, modality="predicted"),
             make_fact(source="b", value=20, low=20, high=99, qualifier="vague"),
             at_least(make_fact, "b", 9, subject="children")]
    assert spread(facts, SAME_DAY) == []


def test_a_subgroup_is_its_own_group(make_fact: FactMaker, spread) -> None:
    facts = [at_least(make_fact, "a", 4, subject="children"),
             at_least(make_fact, "b", 6, subject="children")]
    [finding] = spread(facts, SAME_DAY)
    assert finding.message.startswith("deaths of children: sources published on 2025-06-03")
    assert finding.values == ["≥ 4 children", "≥ 6 children"]


def test_a_count_in_progress_is_not_compared(make_fact: FactMaker, spread) -> None:
    facts = [make_fact(source="a", value=98.8, attribute="votes counted"),
             make_fact(source="b", value=99.1, attribute="votes counted")]
    assert spread(facts, SAME_DAY) == []


def test_corpus_case(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_times_of_one_step_that_can_both_hold(graph_from: Callable[..., object],
                                              run_rule: Callable[..., list[Finding]]) -> None:
    graph = graph_from({
        "a": ("2025-06-03", "The bombing at Tessel arena happened a little after 22:30."),
        "b": ("2025-06-03", "The attack at Tessel arena happened around 11 p.m."),
        "c": ("2025-06-03", "The bombing at Tessel arena happened at about 22:30.")})
    [finding] = run_rule("figure-spread", graph)
    assert finding.attribute == "time started"
    assert finding.message.endswith("give different times, each of which can hold with the "
                                    "others: “after 22:30” (S1 (a.txt)) and “about 11 p.m.” "
                                    "(S2 (b.txt)) and “about 22:30” (S3 (c.txt))")
    assert finding.values == ["22:30", "23:00"]
    assert sorted(e.source for e in finding.evidence) == ["a", "b", "c"]


def test_times_in_one_minute_or_that_conflict_are_no_spread(
        graph_from: Callable[..., object], run_rule: Callable[..., list[Finding]]) -> None:
    one_minute = graph_from({
        "a": ("2025-06-03", "The bombing at Tessel arena happened at 22:30."),
        "b": ("2025-06-03", "The bombing at Tessel arena happened at about 22:30.")})
    assert run_rule("figure-spread", one_minute) == []
    conflicting = graph_from({
        "a": ("2025-06-03", "The bombing at Tessel arena happened at 22:30."),
        "b": ("2025-06-03", "The attack at Tessel arena happened at 23:10.")})
    assert run_rule("figure-spread", conflicting) == []
    assert run_rule("time-conflict", conflicting) != []


def test_the_sources_named_can_all_hold_together(make_fact: FactMaker, spread) -> None:
    def about(source: str, value: int) -> Fact:
        return make_fact(source=source, value=value, low=value * 0.9, high=value * 1.1,
                         qualifier="about", text=f"about {value}")

    days = {source: "2025-06-03" for source in "abcd"}
    # 83 and 90 can both hold, and so can 225 and 270, but not all four: no spread to name.
    assert spread([about("a", 83), about("b", 90), about("c", 225), about("d", 270)], days) == []
    # A third source that cannot hold with the two (numeric-conflict's) leaves them named.
    [finding] = spread([at_least(make_fact, "a", 23), at_least(make_fact, "b", 27),
                        make_fact(source="c", value=5)], {**SAME_DAY, "c": "2025-06-03"})
    assert sorted(e.source for e in finding.evidence) == ["a", "b"]


def test_estimates_are_set_side_by_side_among_themselves(make_fact: FactMaker, spread) -> None:
    may_reach = make_fact(source="a", value=500, low=None, high=500, modality="predicted",
                          text="may reach 500")
    could_exceed = make_fact(source="b", value=450, low=451, high=None, modality="predicted",
                             text="could exceed 450")
    [finding] = spread([may_reach, could_exceed, make_fact(source="c", value=120)],
                       {**SAME_DAY, "c": "2025-06-03"})
    assert finding.message == ("sources published on 2025-06-03 give different estimates: "
                               "“may reach 500” (S1 (a.txt)) and “could exceed 450” (S2 (b.txt))")
    # An estimate is never set against a stated figure, nor one source's against its own.
    assert spread([may_reach, make_fact(source="b", value=120)], SAME_DAY) == []
    assert spread([may_reach, make_fact(source="b", value=500, low=None, high=500,
                                        modality="predicted")], SAME_DAY) == []
