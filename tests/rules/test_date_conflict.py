from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.pipeline import extract_document
from factcheck.graph import build_graph
from factcheck.model import Document, Fact, Finding, Sentence
from factcheck.ruledata import load_rule_data
from factcheck.rules.date_conflict import (
    _Attachment,
    compare_at_shared_precision,
    day_span,
    parse_iso,
)

CORPUS_RULE = "date-conflict"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

FactMaker = Callable[..., Fact]
EVENT = "Orvel flood (2024-03-03)"


@pytest.fixture
def dated(make_fact: FactMaker) -> Callable[..., Fact]:
    def make(source: str, value: str, **kw: object) -> Fact:
        kw.setdefault("entity", EVENT)
        kw.setdefault("attribute", "date")
        return make_fact(source=source, kind="date", value=value, text=value, **kw)
    return make


@pytest.fixture
def conflicts(graph_of: Callable[..., object], run_rule: Callable[..., list[Finding]]
              ) -> Callable[..., list[Finding]]:
    def run(facts: list[Fact]) -> list[Finding]:
        return run_rule("date-conflict", graph_of(facts))
    return run


def test_iso_helpers() -> None:
    assert parse_iso("2024-03-07") == (2024, 3, 7)
    assert parse_iso("2024-03") == (2024, 3, None)
    assert parse_iso("2024") == (2024, None, None)
    assert parse_iso("2024-02-30") is None and parse_iso("soon") is None and parse_iso(7) is None
    first, last = day_span("2024-02")  # type: ignore[misc]
    assert last - first == 28  # a leap February: 29 days
    assert compare_at_shared_precision("2024-03", "2024-03-07") == 0
    assert compare_at_shared_precision("2024-03-09", "2024-03-07") == 1
    assert compare_at_shared_precision("2023", "2024-01-01") == -1


def test_event_dated_days_apart_conflicts(dated, conflicts) -> None:
    [finding] = conflicts([dated("a", "2024-03-03"), dated("b", "2024-03-09"),
                           dated("c", "2024-03-03")])
    assert finding.rule == "date-conflict" and finding.severity == "error"
    assert finding.entity == EVENT and finding.attribute == "date"
    assert finding.values == ["2024-03-03", "2024-03-09"]
    # The topic names the event and the attribute; sources by key and file (no titles here).
    assert finding.message == ("dated 2024-03-03 (S1 (a.txt), S3 (c.txt)) vs 2024-03-09 "
                               "(S2 (b.txt)) (more than 2 days apart)")
    assert [e.source for e in finding.evidence] == ["a", "b", "c"]


def test_dates_within_the_window_agree(dated, conflicts) -> None:
    assert conflicts([dated("a", "2024-03-03"), dated("b", "2024-03-05")]) == []


def test_an_event_that_lasts_has_dates_days_apart(dated, conflicts) -> None:
    # A storm's landfall and its floods four days later: one storm (lasting_days: water 5).
    storm = {"event_family": "water"}
    assert conflicts([dated("a", "2024-03-03", context=storm),
                      dated("b", "2024-03-07", context=storm)]) == []
    [finding] = conflicts([dated("a", "2024-03-03", context=storm),
                           dated("b", "2024-03-20", context=storm)])
    assert finding.message.endswith("(more than 5 days apart)")


def test_relative_date_gets_one_more_day(dated, conflicts) -> None:
    exact = [dated("a", "2024-03-04"), dated("b", "2024-03-07")]
    assert len(conflicts(exact)) == 1
    relative = [dated("a", "2024-03-04"), dated("b", "2024-03-07", qualifier="relative")]
    assert conflicts(relative) == []


def test_shared_precision_agrees_and_month_differs(dated, conflicts) -> None:
    assert conflicts([dated("a", "2024-03"), dated("b", "2024-03-28"),
                      dated("c", "2024")]) == []
    [finding] = conflicts([dated("a", "2024-01"), dated("b", "2024-03-28")])
    assert finding.values == ["2024-01", "2024-03-28"]


def test_one_source_never_conflicts_with_itself(dated, conflicts) -> None:
    assert conflicts([dated("a", "2024-03-03"), dated("a", "2024-05-20")]) == []


def test_source_naming_two_events_matches_either(dated, conflicts) -> None:
    """Source a names two floods that the graph merged with b's; b matches one of them."""
    facts = [dated("a", "2024-03-03"), dated("a", "2024-03-12"), dated("b", "2024-03-12")]
    assert conflicts(facts) == []


@pytest.mark.parametrize("modality", ["predicted", "conditional", "claimed", "denied"])
def test_only_asserted_dates_are_compared(dated, conflicts, modality: str) -> None:
    assert conflicts([dated("a", "2024-03-03"),
                      dated("b", "2024-03-20", modality=modality)]) == []


def test_different_events_are_never_compared(dated, conflicts) -> None:
    assert conflicts([dated("a", "2024-03-03"),
                      dated("b", "2024-03-20", entity="Lisk flood (2024-03-20)")]) == []


def test_date_of_another_clause_is_not_the_events(run_rule) -> None:
    """Past the comma and the verb of another clause, the date is the council meeting's."""
    data = load_rule_data()
    texts = {"a": "Following the flood in Orvel, the council met on March 9, 2024 to plan repairs.",
             "b": "The flood in Orvel on March 3, 2024 killed 4 people."}
    docs = [Document(id=source, path=f"{source}.txt", text=text, published=date(2024, 3, 10))
            for source, text in texts.items()]
    graph = build_graph(docs, [extract_document(d, data) for d in docs], data)
    dates = sorted((f.source, f.value) for f in graph.facts if f.attribute == "date")
    assert dates == [("b", "2024-03-03")]  # the meeting's date is not the flood's
    assert run_rule("date-conflict", graph) == []
    docs[0].text = "Floods hit Orvel on March 9, 2024, and the council met to plan repairs."
    graph = build_graph(docs, [extract_document(d, data) for d in docs], data)
    assert [f.values for f in run_rule("date-conflict", graph)] == [["2024-03-03", "2024-03-09"]]


def test_relation_start_years_conflict(dated, conflicts) -> None:
    pair = "Delta Militia ↔ Northern Front"
    facts = [dated("a", "2016", entity=pair, attribute="fighting-since"),
             dated("b", "2019", entity=pair, attribute="fighting-since"),
             dated("c", "2016", entity=pair, attribute="fighting-since")]
    [finding] = conflicts(facts)
    assert finding.attribute == "fighting-since" and finding.values == ["2016", "2019"]
    assert finding.message == "2016 (S1 (a.txt), S3 (c.txt)) vs 2019 (S2 (b.txt))"
    assert finding.intervals == [("a", 2016.0, 2016.0, "2016"), ("b", 2019.0, 2019.0, "2019"),
                                 ("c", 2016.0, 2016.0, "2016")]


def test_founding_years_compare_by_year_only(dated, conflicts) -> None:
    same = [dated("a", "2011-01", entity="Delta Militia", attribute="founded"),
            dated("b", "2011", entity="Delta Militia", attribute="founded")]
    assert conflicts(same) == []
    [finding] = conflicts([dated("a", "2011-01", entity="Delta Militia", attribute="founded"),
                           dated("b", "2013", entity="Delta Militia", attribute="founded")])
    assert finding.values == ["2011", "2013"]


def test_other_date_attributes_are_left_to_other_rules(dated, conflicts) -> None:
    facts = [dated("a", "1910", entity="records", attribute="records-began"),
             dated("b", "1884", entity="records", attribute="records-began")]
    assert conflicts(facts) == []


def test_corpus(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_seeds_fighting_since_years_differ() -> None:
    import factcheck

    findings = factcheck.check([str(SEEDS)], select=["date-conflict"]).findings
    fighting = [f for f in findings if f.attribute == "fighting-since"]
    assert [f.values for f in fighting] == [["2015", "2018"]]
    assert {e.source[:3] for e in fighting[0].evidence} == {"000", "001", "002"}
    assert not [f for f in findings if f.attribute == "date"]  # the airport attack agrees


_DATA = load_rule_data()
_WORDS = [*sorted(_DATA.event_types)[:6], "Flash flood", "flash", "flood", "heat wave", "wave",
          "x", "-", "9", ","]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "", "  "])),
                max_size=60).map(lambda parts: "".join(w + gap for w, gap in parts)),
       st.data())
def test_last_trigger_is_found_as_by_a_scan_from_the_sentence_start(text: str,
                                                                    data: st.DataObject) -> None:
    attached = _Attachment(None, _DATA)  # type: ignore[arg-type]
    assert attached.triggers is not None
    start = data.draw(st.integers(0, len(text)))
    sentence = Sentence(start, len(text), text[start:])
    for end in range(start, len(text) + 1):
        plain = [m.end() for m in attached.triggers.finditer(text, start, end)]
        assert attached._last_trigger_end("doc", text, sentence, end) == (
            plain[-1] if plain else None)


def test_a_slipped_month_across_outlets_is_flagged(graph_from, run_rule) -> None:
    graph = graph_from({
        "a": ("2024-03-23", "A bombing in Tessmar on March 22, 2024 killed 40 people."),
        "b": ("2024-03-24", "The bombing in Tessmar on February 22, 2024 killed 40 people."),
        "c": ("2024-03-25", "The Tessmar bombing on March 22, 2024 killed 40 people.")})
    [finding] = run_rule("date-conflict", graph)
    assert finding.values == ["2024-02-22", "2024-03-22"]
    assert [e.source for e in finding.evidence if e.text == "February 22, 2024"] == ["b"]
    # Two bombings in one place three weeks apart: two events, nothing to flag.
    graph = graph_from({
        "a": ("2024-03-03", "A bombing in Tessmar on March 2, 2024 killed 40 people."),
        "b": ("2024-03-26", "A bombing in Tessmar on March 25, 2024 killed 12 people.")})
    assert run_rule("date-conflict", graph) == []


def test_a_page_date_years_off_is_noted_not_flagged(graph_from, run_rule) -> None:
    # c's page carries a date two years after its story: its "two weeks ago" lands there.
    graph = graph_from({
        "a": ("2024-03-23", "A bombing in Tessmar on March 22, 2024 killed 40 people."),
        "b": ("2024-03-24", "The bombing in Tessmar on Friday killed 40 people."),
        "c": ("2026-05-20", "The bombing in Tessmar two weeks ago killed 40 people.")})
    [finding] = run_rule("date-conflict", graph)
    assert finding.severity == "info" and finding.values[0].startswith("2026")
    assert "page date 2026-05-20" in finding.message
    assert [e.source for e in finding.evidence] == ["c", "a", "b"]


def test_a_relative_date_days_off_is_still_flagged(graph_from, run_rule) -> None:
    # Off by a week, not by years: the text is wrong, not its page date.
    graph = graph_from({
        "a": ("2024-03-23", "A bombing in Tessmar on March 22, 2024 killed 40 people."),
        "b": ("2024-03-24", "The bombing in Tessmar on Friday killed 40 people."),
        "c": ("2024-03-31", "The bombing in Tessmar on Friday killed 40 people.")})
    [finding] = run_rule("date-conflict", graph)
    assert finding.severity == "error" and finding.values == ["2024-03-22", "2024-03-29"]
