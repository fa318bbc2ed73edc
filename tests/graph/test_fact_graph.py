"""FactGraph's views of its facts: by kind, and grouped by entity and attribute."""

from datetime import date

from factcheck.extract.pipeline import extract_document
from factcheck.graph import FactGraph, build_graph
from factcheck.model import Document
from factcheck.ruledata import load_rule_data


def _graph() -> FactGraph:
    data = load_rule_data()
    docs = [Document(id="a", path="a.txt", published=date(2024, 5, 11),
                     text="A blast in Dravos on Friday killed 5 people, Mayor Ilja Marr said."),
            Document(id="b", path="b.txt", published=date(2024, 5, 11),
                     text="The blast in Dravos on May 10 killed 7 people and injured 20.")]
    return build_graph(docs, [extract_document(d, data) for d in docs], data)


def test_facts_of_a_kind_are_those_facts_in_order() -> None:
    graph = _graph()
    for kind in ("quantity", "date", "name"):
        assert graph.facts_of(kind) == [f for f in graph.facts if f.kind == kind]
    assert [f.value for f in graph.facts_of("quantity")] == [5.0, 7.0, 20.0]
    assert graph.facts_of("no such kind") == []


def test_facts_of_follows_a_changed_fact_list() -> None:
    graph = _graph()
    quantities = graph.facts_of("quantity")
    graph.facts = [*graph.facts, quantities[0]]  # a new list
    assert len(graph.facts_of("quantity")) == len(quantities) + 1
    graph.facts.append(quantities[1])  # the same list, grown
    assert len(graph.facts_of("quantity")) == len(quantities) + 2


def test_groups_of_a_kind_hold_its_facts_by_entity_and_attribute() -> None:
    graph = _graph()
    groups = graph.groups("quantity")
    assert list(groups) == sorted(groups)
    assert sorted(f.value for facts in groups.values() for f in facts) == [5.0, 7.0, 20.0]
    assert all(f.entity == entity and f.attribute == attribute
               for (entity, attribute), facts in groups.items() for f in facts)
