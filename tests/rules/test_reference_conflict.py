from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

import factcheck
from factcheck.graph import FactGraph
from factcheck.graph.names import NameIndex
from factcheck.model import Entity, Fact, Finding
from factcheck.ruledata import ReferenceFact

CORPUS_RULE = "reference-conflict"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

FactMaker = Callable[..., Fact]
BOARD = ReferenceFact("Orvel Water Board", "founded", 1931.0, 1931.0, "county archive",
                      origin="house/reference.yaml:4")
MILITIA = ReferenceFact("Delta Militia", "strength", 2000.0, 3000.0, "Conflict Atlas",
                        origin="house/reference.yaml:9")
TOLL = ReferenceFact("Lisk flood (2024-03-04)", "deaths", 31.0, 31.0, "coroner",
                     origin="house/reference.yaml:14")


@pytest.fixture
def against(graph_of: Callable[..., FactGraph], run_rule: Callable[..., list[Finding]]
            ) -> Callable[..., list[Finding]]:
    """Run the rule with only the given reference facts; ``aliases`` maps an entity to the
    aliases the graph knows for it."""
    def run(facts: list[Fact], references: list[ReferenceFact],
            aliases: dict[str, list[str]] | None = None) -> list[Finding]:
        graph = graph_of(facts)
        graph.data = dataclasses.replace(graph.data, reference=references)
        for name, names in (aliases or {}).items():
            graph.entities[name] = Entity(id=name, name=name, aliases=names)
        return run_rule("reference-conflict", graph)
    return run


@pytest.fixture
def founded(make_fact: FactMaker) -> Callable[..., Fact]:
    def make(source: str, value: str, entity: str = "Orvel Water Board", **kw: object) -> Fact:
        return make_fact(source=source, kind="date", entity=entity, attribute="founded",
                         value=value, text=value, **kw)
    return make


def test_year_outside_the_reference_conflicts(founded, against) -> None:
    [finding] = against([founded("a", "1952"), founded("b", "1931")], [BOARD])
    assert finding.rule == "reference-conflict" and finding.severity == "error"
    assert (finding.entity, finding.attribute) == ("Orvel Water Board", "founded")
    assert finding.values == ["1952", "reference 1931"]
    assert finding.message == ("1952 (S1 (a.txt)) cannot hold with the house "
                               "reference 1931 (source of truth: county archive; "
                               "house/reference.yaml:4)")
    assert [e.source for e in finding.evidence] == ["a"]


def test_month_precise_date_is_read_as_its_year(founded, against) -> None:
    assert against([founded("a", "1931-05")], [BOARD]) == []


def test_alias_of_the_reference_entity_matches(founded, against) -> None:
    facts = [founded("a", "1952", entity="OWB")]
    [finding] = against(facts, [BOARD], aliases={"OWB": ["Orvel Water Board"]})
    assert finding.message.startswith("as OWB: 1952 (S1 (a.txt))")
    assert against(facts, [BOARD]) == []  # without the alias, another entity


def test_reference_name_resolved_by_the_name_index(founded, against, graph_of,
                                                  run_rule) -> None:
    graph = graph_of([founded("a", "1952", entity="OWB")])
    graph.data = dataclasses.replace(graph.data, reference=[BOARD])
    graph.names = NameIndex(key_to_name={"orvel water board": "OWB", "owb": "OWB"})
    [finding] = run_rule("reference-conflict", graph)
    assert finding.values == ["1952", "reference 1931"]


def test_other_entities_and_attributes_are_not_compared(founded, make_fact, against) -> None:
    facts = [founded("a", "1952", entity="Lisk Water Company"),
             make_fact(source="a", kind="date", entity="Orvel Water Board",
                       attribute="records-began", value="1952")]
    assert against(facts, [BOARD]) == []


@pytest.mark.parametrize("modality", ["predicted", "conditional", "claimed", "denied"])
def test_only_asserted_facts_are_compared(founded, against, modality: str) -> None:
    assert against([founded("a", "1952", modality=modality)], [BOARD]) == []


def test_figure_outside_the_reference_interval(make_fact: FactMaker, against) -> None:
    facts = [make_fact(source="a", entity="Delta Militia", attribute="strength", value=9000),
             make_fact(source="b", entity="Delta Militia", attribute="strength", value=2500,
                       low=2250, high=2750, qualifier="about"),
             make_fact(source="c", entity="Delta Militia", attribute="strength", value=2800,
                       low=2800, high=None, qualifier="at-least")]
    [finding] = against(facts, [MILITIA])
    assert finding.values == ["9,000", "reference 2,000–3,000"]
    assert [e.source for e in finding.evidence] == ["a"]


def test_cumulative_figure_below_the_reference_may_be_early(make_fact: FactMaker,
                                                            against) -> None:
    early = make_fact(source="a", entity="Lisk flood (2024-03-04)", value=12)
    assert against([early], [TOLL]) == []
    high = make_fact(source="b", entity="Lisk flood (2024-03-04)", value=40)
    [finding] = against([early, high], [TOLL])
    assert finding.values == ["40", "reference 31"]


def test_corpus(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    """Each case brings its own house reference facts in ``rules/``; the shared runner checks
    the case with them."""
    check_corpus_case(corpus_case)


def test_seeds_records_began_against_house_reference() -> None:
    findings = factcheck.check([str(SEEDS)], select=["reference-conflict"]).findings
    [finding] = findings
    assert finding.attribute == "records-began"
    assert finding.values == ["2021", "reference 2009"]
    # the reference file named within its rules folder, never by a machine path
    assert "; reference.yaml:" in finding.message and "(built-in rules)" in finding.message
    assert "/" not in finding.message.split("source of truth:")[1].split(";")[-1]
    assert finding.evidence[0].source.startswith("002")
