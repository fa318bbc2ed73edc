from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck.model import Fact, Finding

CORPUS_RULE = "numeric-conflict"

FactMaker = Callable[..., Fact]
# One sentence naming two subgroups: their figures add up.
PARTS = "At least 60 villagers and 9 rescue workers died."


@pytest.fixture
def conflicts(graph_of: Callable[..., object], run_rule: Callable[..., list[Finding]]
              ) -> Callable[..., list[Finding]]:
    def run(facts: list[Fact], docs: tuple[object, ...] = (), **kw: object) -> list[Finding]:
        return run_rule("numeric-conflict", graph_of(facts, docs, **kw))
    return run


def test_whole_below_sum_of_parts_elsewhere_conflicts(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=60, low=60, high=None, qualifier="at-least",
                       subject="villagers", start=10, sentence=PARTS),
             make_fact(source="a", value=9, subject="rescue workers", start=40, sentence=PARTS),
             make_fact(source="b", value=64)]
    [finding] = conflicts(facts)
    assert finding.rule == "numeric-conflict" and finding.severity == "error"
    assert finding.attribute == "deaths" and finding.entity == "river flood"
    assert finding.message == ("64 (S2 (b.txt)) cannot hold with "
                               "≥ 69 (S1 (a.txt): ≥ 60 villagers + 9 rescue workers)")
    assert finding.values == ["64", "≥ 69"]
    assert [(e.source, e.value) for e in finding.evidence] == [("b", 64), ("a", 60), ("a", 9)]


def test_subgroups_of_different_sentences_do_not_add_up(make_fact: FactMaker, conflicts) -> None:
    # "282 workers" in a headline, "245 miners" in the body: perhaps one group named twice.
    facts = [make_fact(source="a", value=282, low=282, high=None, qualifier="at-least",
                       subject="workers", sentence="At least 282 workers died in the mine."),
             make_fact(source="a", value=245, subject="miners",
                       sentence="Some 245 miners were killed in the mine."),
             make_fact(source="b", value=301)]
    assert conflicts(facts) == []


def test_about_figure_within_tolerance_is_no_conflict(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=60, low=60, high=None, qualifier="at-least",
                       subject="villagers"),
             make_fact(source="a", value=9, subject="rescue workers"),
             make_fact(source="b", value=70, low=63, high=77, qualifier="about")]
    assert conflicts(facts) == []


def test_different_subgroups_are_never_compared(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=9, subject="rescue workers"),
             make_fact(source="b", value=60, subject="villagers")]
    assert conflicts(facts) == []


def test_different_attributes_are_never_compared(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=200, attribute="injuries"),
             make_fact(source="b", value=40, attribute="deaths")]
    assert conflicts(facts) == []


def test_different_entities_are_never_compared(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=12, entity="river flood"),
             make_fact(source="b", value=40, entity="hillside fire")]
    assert conflicts(facts) == []


@pytest.mark.parametrize("modality", ["predicted", "conditional", "claimed", "denied"])
def test_figures_that_are_not_asserted_are_not_compared(make_fact: FactMaker, conflicts,
                                                        modality: str) -> None:
    facts = [make_fact(source="a", value=64),
             make_fact(source="b", value=500, modality=modality)]
    assert conflicts(facts) == []


def test_same_subgroup_across_sources_conflicts(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=13, subject="soldiers"),
             make_fact(source="b", value=15, subject="soldiers")]
    [finding] = conflicts(facts)
    assert finding.message == ("deaths of soldiers: 13 (S1 (a.txt)) cannot hold with "
                               "15 (S2 (b.txt))")
    assert finding.values == ["13 soldiers", "15 soldiers"]


def test_same_subgroup_agreeing_across_sources(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=13, subject="soldiers"),
             make_fact(source="a", value=40, low=40, high=None, subject="villagers"),
             make_fact(source="b", value=13, subject="soldiers"),
             make_fact(source="c", value=60, low=54, high=66, qualifier="about"),
             make_fact(source="c", value=13, subject="soldiers", context={"part": True})]
    assert conflicts(facts) == []


def test_a_subgroup_repeated_in_one_source_counts_once(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=60, subject="villagers", start=0),
             make_fact(source="a", value=9, subject="rescue workers", start=20),
             make_fact(source="a", value=9, subject="rescue workers", start=90),
             make_fact(source="b", value=70)]
    assert conflicts(facts) == []  # 60 + 9 = 69 ≤ 70; counting 9 twice would give 78


def test_tightest_figure_of_a_repeated_subgroup_is_used(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=60, low=60, high=None, subject="villagers"),
             make_fact(source="a", value=75, subject="villagers"),
             make_fact(source="b", value=70)]
    [finding] = conflicts(facts)
    assert finding.values == ["70", "≥ 75"]


def test_part_without_subgroup_is_not_a_whole(make_fact: FactMaker, conflicts) -> None:
    # "… including 20 who died in the market": a part of a whole, not the toll itself
    facts = [make_fact(source="a", value=20, context={"part": True}),
             make_fact(source="b", value=50)]
    assert conflicts(facts) == []


def test_source_contradicting_itself_is_read_loosely(make_fact: FactMaker, conflicts) -> None:
    # one text tells the toll rising from 12 to 31: any figure in between is no conflict
    facts = [make_fact(source="a", value=12, start=0), make_fact(source="a", value=31, start=80),
             make_fact(source="b", value=20)]
    assert conflicts(facts) == []


def test_overlapping_subgroups_exceeding_own_whole_add_no_floor(make_fact: FactMaker,
                                                                conflicts) -> None:
    # "50 people, including 30 civilians and 25 children": children are civilians too
    facts = [make_fact(source="a", value=50),
             make_fact(source="a", value=30, subject="civilians", context={"part": True}),
             make_fact(source="a", value=25, subject="children", context={"part": True}),
             make_fact(source="b", value=50)]
    assert conflicts(facts) == []


def test_one_finding_per_group_listing_every_source(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=60, low=60, high=None, subject="villagers",
                       sentence=PARTS),
             make_fact(source="a", value=9, subject="rescue workers", sentence=PARTS),
             make_fact(source="b", value=60, low=60, high=None, subject="villagers",
                       sentence=PARTS),
             make_fact(source="b", value=9, subject="rescue workers", sentence=PARTS),
             make_fact(source="c", value=64),
             make_fact(source="d", value=70, low=63, high=77, qualifier="about"),
             make_fact(source="d", value=9, subject="rescue workers", context={"part": True})]
    [finding] = conflicts(facts)
    assert finding.message == (
        "64 (S3 (c.txt)) cannot hold with ≥ 69 (S1 (a.txt): ≥ 60 villagers + 9 rescue "
        "workers; S2 (b.txt): ≥ 60 villagers + 9 rescue workers); also stated: 63–77 "
        "(S4 (d.txt): about 70 (63–77), incl. 9 rescue workers)")
    # Evidence is what cannot hold; d's compatible figure is in the message and the intervals.
    assert {e.source for e in finding.evidence} == {"a", "b", "c"}
    assert len(finding.evidence) == 5
    assert "d" in {source for source, *_ in finding.intervals}
    assert finding.values == ["64", "≥ 69"]


def test_total_and_subgroup_conflicts_share_one_finding(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=40), make_fact(source="a", value=3, subject="soldiers"),
             make_fact(source="b", value=55), make_fact(source="b", value=5, subject="soldiers")]
    [finding] = conflicts(facts)
    assert finding.message == ("40 (S1 (a.txt): 40, incl. 3 soldiers) cannot hold with "
                               "55 (S2 (b.txt): 55, incl. 5 soldiers). deaths of soldiers: "
                               "3 (S1 (a.txt)) cannot hold with 5 (S2 (b.txt))")
    assert finding.values == ["3 soldiers", "40", "5 soldiers", "55"]


@pytest.mark.parametrize(("dates", "flagged"), [
    (("2024-03-01", "2024-03-03"), False),  # the higher figure came later: an update
    (("2024-03-03", "2024-03-01"), True),  # the later figure is below the earlier one
    (("2024-03-01", "2024-03-01"), True),  # same day
    ((None, "2024-03-03"), True),  # undated
])
def test_cumulative_attribute_rising_later_is_an_update(make_fact: FactMaker, make_doc, conflicts,
                                                        dates: tuple[str | None, str | None],
                                                        flagged: bool) -> None:
    facts = [make_fact(source="a", value=12), make_fact(source="b", value=31)]
    docs = (make_doc("a", dates[0]), make_doc("b", dates[1]))
    assert bool(conflicts(facts, docs)) is flagged


def test_later_figure_below_earlier_floor_conflicts(make_fact: FactMaker, make_doc,
                                                    conflicts) -> None:
    facts = [make_fact(source="a", value=60, low=60, high=None, subject="villagers",
                       sentence=PARTS),
             make_fact(source="a", value=9, subject="rescue workers", sentence=PARTS),
             make_fact(source="b", value=64)]
    docs = (make_doc("a", "2024-03-01"), make_doc("b", "2024-03-09"))
    [finding] = conflicts(facts, docs)
    assert finding.values == ["64", "≥ 69"]


@pytest.mark.parametrize(("dates", "flagged"), [
    (("2024-03-01", "2024-03-03"), False),  # the count of missing people may rise …
    (("2024-03-03", "2024-03-01"), False),  # … or fall between two days
    (("2024-03-01", "2024-03-01"), True),  # same day
    ((None, None), True),  # undated
])
def test_non_cumulative_attribute_compares_same_day_only(make_fact: FactMaker, make_doc,
                                                         conflicts,
                                                         dates: tuple[str | None, str | None],
                                                         flagged: bool) -> None:
    facts = [make_fact(source="a", value=12, attribute="missing"),
             make_fact(source="b", value=31, attribute="missing")]
    docs = (make_doc("a", dates[0]), make_doc("b", dates[1]))
    assert [f.attribute for f in conflicts(facts, docs)] == (["missing"] if flagged else [])


def test_copy_and_original_against_a_third_give_one_finding(make_fact: FactMaker,
                                                           conflicts) -> None:
    facts = [make_fact(source="a", value=12), make_fact(source="a2", value=12),
             make_fact(source="b", value=31)]
    [finding] = conflicts(facts, dependencies=[("a2", "a")])
    assert finding.message == "12 (S1 (a.txt); S2 (a2.txt)) cannot hold with 31 (S3 (b.txt))"


def test_a_single_source_is_never_a_conflict(make_fact: FactMaker, conflicts) -> None:
    facts = [make_fact(source="a", value=12), make_fact(source="a", value=31)]
    assert conflicts(facts) == []


def test_corpus_case(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not present")
def test_seed_articles_give_one_toll_conflict() -> None:
    import factcheck

    findings = [f for f in factcheck.check([str(SEEDS)]).findings
                if f.rule == "numeric-conflict"]
    [finding] = findings  # no finding sets one subgroup against another
    assert finding.attribute == "deaths"
    assert finding.values == ["170", "≥ 182"]
    assert finding.message.startswith("170 (")
    assert "cannot hold with ≥ 182 (" in finding.message
    # "about 180" can hold with both sides: it is stated in the message, not evidence.
    assert "also stated: 162–198" in finding.message and "about 180" in finding.message
    assert len({e.source for e in finding.evidence}) == 3
    assert sorted(e.value for e in finding.evidence) == [13, 13, 169, 169, 170]


def test_low_side_leads_the_evidence_and_intervals_are_per_source(make_fact, graph_of,
                                                                   run_rule) -> None:
    facts = [make_fact(source="a", value=60, low=60, high=None, qualifier="at-least"),
             make_fact(source="b", value=40)]
    [finding] = run_rule("numeric-conflict", graph_of(facts))
    assert finding.evidence[0].source == "b"  # the linter line points at the figure that fails
    assert [(s, lo, hi) for s, lo, hi, _ in finding.intervals] == [("b", 40, 40),
                                                                   ("a", 60, None)]


def test_a_measure_reads_as_written_not_in_its_base_unit(
        graph_from: Callable[..., object], run_rule: Callable[..., list[Finding]]) -> None:
    graph = graph_from({"a": ("2024-05-02", "The ship crash at Lenn bridge: the 820-foot ship "
                                            "struck the bridge."),
                        "b": ("2024-05-02", "The ship crash at Lenn bridge: the 300-metre-long "
                                            "ship struck the bridge.")})
    [finding] = run_rule("numeric-conflict", graph)
    assert finding.message.startswith("820-foot (S1 (a.txt)) cannot hold with 300-metre-long")
    assert finding.values == ["249.78–250.09", "299.5–300.5"]  # what it is compared in


def test_measures_of_different_things_are_never_compared(
        graph_from: Callable[..., object], run_rule: Callable[..., list[Finding]]) -> None:
    # A tower and a peak: two lengths of two things; a ship and a vessel: one kind of thing.
    graph = graph_from({"a": ("2024-05-02", "The quake in Varnia toppled the 60-metre Velden "
                                            "Tower."),
                        "b": ("2024-05-02", "The quake in Varnia set off an avalanche on the "
                                            "8,850-metre peak.")})
    assert run_rule("numeric-conflict", graph) == []
    graph = graph_from({"a": ("2024-05-02", "The ship crash at Lenn bridge: the 820-foot "
                                            "container ship struck the bridge."),
                        "b": ("2024-05-02", "The ship crash at Lenn bridge: the 300-metre-long "
                                            "vessel struck the bridge.")})
    [finding] = run_rule("numeric-conflict", graph)
    assert finding.attribute == "length"


def test_a_whole_percentage_covers_what_rounds_to_it(
        graph_from: Callable[..., object], run_rule: Callable[..., list[Finding]]) -> None:
    # "48%" is 48.1% rounded; 49.1% it cannot be. Messages give the shares as written.
    def shares(a: str, b: str) -> list[Finding]:
        return run_rule("numeric-conflict", graph_from({
            "a": ("2024-06-24", f"In the Velden referendum, Remain took {a} of the vote."),
            "b": ("2024-06-24", f"In the Velden referendum, Remain took {b} of the vote.")}))
    assert shares("48%", "48.1%") == []
    [finding] = shares("48%", "49.1%")
    assert finding.message.startswith("48% (S1 (a.txt)) cannot hold with 49.1% (S2 (b.txt))")
