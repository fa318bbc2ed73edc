"""Events across sources: same type + place + date merge; others stay apart."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.pipeline import extract_document
from factcheck.graph import build_graph
from factcheck.graph.events import _by_source, _Local, _union_across_sources
from factcheck.graph.names import _UnionFind
from factcheck.model import Document
from factcheck.ruledata import load_rule_data


def graph_of(*texts: tuple[str, date | None]):  # type: ignore[no-untyped-def]
    data = load_rule_data()
    docs = [Document(id=f"d{i}", path=f"d{i}.txt", text=t, published=p)
            for i, (t, p) in enumerate(texts)]
    return build_graph(docs, [extract_document(d, data) for d in docs], data)


def deaths_entities(graph) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.entity for f in graph.facts if f.attribute == "deaths"}


def test_same_place_and_day_is_one_event() -> None:
    graph = graph_of(("Floods in Lagos on Wednesday killed 40 people.", date(2024, 3, 15)),
                     ("The floods that struck Lagos on March 13 killed 35 people.",
                      date(2024, 3, 16)))
    assert len(deaths_entities(graph)) == 1


def test_mention_without_place_merges_only_on_the_same_day() -> None:
    same = graph_of(("Floods in Lagos on Wednesday killed 40 people.", date(2024, 3, 15)),
                    ("The floods on March 13 killed 35 people.", date(2024, 3, 16)))
    other = graph_of(("Floods in Lagos on Wednesday killed 40 people.", date(2024, 3, 15)),
                     ("The floods on March 2 killed 35 people.", date(2024, 3, 16)))
    assert len(deaths_entities(same)) == 1
    assert len(deaths_entities(other)) == 2


def test_older_event_recalled_in_background_stays_apart() -> None:
    graph = graph_of(
        ("The storm that hit Manila on Monday killed 12 people.", date(2024, 10, 2)),
        ("The storm in Manila killed 8 people. A storm in Manila in 2013 killed 6,300 people.",
         date(2024, 10, 3)))
    by_value = {f.value: f.entity for f in graph.facts if f.attribute == "deaths"}
    assert by_value[6300.0] != by_value[12.0]


def test_different_places_same_day_stay_apart() -> None:
    graph = graph_of(("A blast in Lahore on Friday killed 5 people.", date(2024, 5, 11)),
                     ("A blast in Karachi on May 10 killed 9 people.", date(2024, 5, 11)))
    assert len(deaths_entities(graph)) == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("abcd"), min_size=1, max_size=7),
       st.lists(st.sampled_from("abcd"), min_size=1, max_size=7), st.booleans())
def test_union_across_sources_equals_joining_every_pair(left: list[str], right: list[str],
                                                        itself: bool) -> None:
    """The shortcut must give the components of joining every pair of different sources."""
    group = [_Local(f"g{i}", s, "flood") for i, s in enumerate(left)]
    other = group if itself else [_Local(f"o{i}", s, "flood") for i, s in enumerate(right)]
    every_pair, shortcut = _UnionFind(), _UnionFind()
    for g in group:
        for o in other:
            if g.source != o.source:
                every_pair.union(g.id, o.id)
    _union_across_sources(group, other, _by_source(group), _by_source(other), shortcut)
    ids = {m.id for m in [*group, *other]}
    assert {i: every_pair.find(i) for i in ids} == {i: shortcut.find(i) for i in ids}
