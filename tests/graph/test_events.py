"""Events across sources: same type + place + date merge; others stay apart."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.pipeline import extract_document
from factcheck.graph import build_graph
from factcheck.graph.events import (
    _by_source,
    _Local,
    _merge_block,
    _parse,
    _same_event,
    _union_across_sources,
)
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


def test_one_outlet_slipping_the_month_is_a_date_conflict_not_another_event() -> None:
    slipped = graph_of(
        ("A bombing in Tessmar on March 22, 2024 killed 40 people.", date(2024, 3, 23)),
        ("The bombing in Tessmar on February 22, 2024 killed 40 people.", date(2024, 3, 24)),
        ("The Tessmar bombing on March 22, 2024 killed 40 people.", date(2024, 3, 25)))
    assert len(deaths_entities(slipped)) == 1
    dates = {f.value for f in slipped.facts if f.attribute == "date"}
    assert dates == {"2024-02-22", "2024-03-22"}
    # Two days of different weeks in one place are two events: no slip of one part.
    apart = graph_of(
        ("A bombing in Tessmar on March 2, 2024 killed 40 people.", date(2024, 3, 3)),
        ("A bombing in Tessmar on March 25, 2024 killed 12 people.", date(2024, 3, 26)))
    assert len(deaths_entities(apart)) == 2


def test_a_year_slipped_by_one_digit_joins_the_event_unless_recalled_as_background() -> None:
    current = ("The bombing in Tessmar on March 22, 2024 killed 40 people.", date(2024, 3, 23))
    slipped = graph_of(current, ("The bombing in Tessmar on March 22, 2014 killed 40 people.",
                                 date(2024, 3, 24)))
    assert len(deaths_entities(slipped)) == 1
    # An anniversary: the earlier bombing named beside this one stays an event of its own.
    recalled = graph_of(current, (
        "The bombing in Tessmar on Friday killed 40 people. It came ten years after "
        "a previous bombing in Tessmar on March 22, 2014 killed 12 people.", date(2024, 3, 24)))
    assert len(deaths_entities(recalled)) == 2


def test_slip_is_one_part_of_a_date() -> None:
    from factcheck.graph.events import _slip

    assert _slip("2024-02-22", "2024-03-22")  # the month
    assert _slip("2001-08-26", "2021-08-26")  # one digit of the year
    assert _slip("2001", "2021-08-26")  # at the coarser precision
    assert not _slip("2024-03-02", "2024-03-25")  # the day: another event, maybe
    assert not _slip("2019-08-26", "2021-08-26")  # two digits
    assert not _slip("2024-02-21", "2024-03-22")  # two parts
    assert not _slip("2024-03-22", "2024-03-22")


def _main_event_of(graph, source: str) -> str:  # type: ignore[no-untyped-def]
    return next(f.entity for f in graph.facts if f.source == source and f.attribute == "deaths")


_VELDEN = [("Floods in Velden killed 12 people on Tuesday.", date(2025, 4, 3)),
           ("The Velden floods killed 12 people on Tuesday.", date(2025, 4, 3))]
_ELSEWHERE = [("Floods in Oskel killed 3 people.", date(2025, 4, 3)),
              ("Floods in Tessel killed 4 people.", date(2025, 4, 3))]


def test_articles_naming_no_place_join_the_story_most_articles_tell() -> None:
    # Two of six articles are about the Velden floods, more than about any other: the articles
    # that name no place are about them too, unless they give another date.
    graph = graph_of(*_VELDEN, *_ELSEWHERE,
                     ("The floods killed 14 people.", date(2025, 4, 3)),
                     ("The floods on March 2, 2019 killed 16 people.", date(2025, 4, 3)))
    velden = _main_event_of(graph, "d0")
    assert _main_event_of(graph, "d4") == velden
    assert _main_event_of(graph, "d5") != velden
    assert {_main_event_of(graph, s) for s in ("d2", "d3")}.isdisjoint({velden})


def test_articles_naming_no_place_stay_apart_without_a_leading_story() -> None:
    placeless = ("The floods killed 14 people.", date(2025, 4, 3))
    tied = graph_of(*_VELDEN, ("Floods in Oskel killed 3 people.", date(2025, 4, 3)),
                    ("The Oskel floods killed 3 people.", date(2025, 4, 3)), placeless)
    assert _main_event_of(tied, "d4") not in {_main_event_of(tied, s) for s in ("d0", "d2")}
    # Two of seven articles: less than a third tell the story.
    few = graph_of(*_VELDEN, *_ELSEWHERE, ("Floods in Marrow killed 5 people.", date(2025, 4, 3)),
                   ("Floods in Ostra killed 6 people.", date(2025, 4, 3)), placeless)
    assert _main_event_of(few, "d6") != _main_event_of(few, "d0")


_DATES = [None, "2021", "2022", "2021-08", "2021-09", "2021-08-26", "2021-08-27", "2021-09-26",
          "2021-08-05", "2011-08-26"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from(_DATES),
                          st.sets(st.sampled_from(["harbour", "old", "port"])), st.booleans()),
                min_size=1, max_size=12))
def test_a_place_words_block_merges_as_every_pair_would(
        members: list[tuple[str, str | None, set[str], bool]]) -> None:
    """In a place word's block, grouping by date alone (the place words aside) must give the
    components of joining every pair of different sources that ``_same_event`` calls one."""
    data = load_rule_data()
    locals_ = []
    for i, (source, when, words, background) in enumerate(members):
        local = _Local(f"m{i}", source, "flood", family="flood", background=background,
                       places={" ".join(["Velden", *sorted(words)])}, date=when,
                       precision=None if when is None else
                       {4: "year", 7: "month", 10: "day"}[len(when)])
        local.tokens = frozenset({"velden", *words})
        local.day = _parse(when) if when else None
        locals_.append(local)
    every_pair, block = _UnionFind(), _UnionFind()
    for a in locals_:
        every_pair.find(a.id)
        block.find(a.id)
        for b in locals_:
            if a.source != b.source and _same_event(a, b, data):
                every_pair.union(a.id, b.id)
    _merge_block(locals_, block, data, shared_place=True)
    assert {m.id: every_pair.find(m.id) for m in locals_} == \
        {m.id: block.find(m.id) for m in locals_}
