"""The bundled seed articles as a fixture: what the whole pipeline must find on them."""

from __future__ import annotations

from pathlib import Path

import pytest

import factcheck
from factcheck.result import Result

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
S000, S001, S002, S003 = sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def result() -> Result:
    return factcheck.check([SEEDS])


def deaths(result: Result, source: str) -> list[tuple[float | None, float | None, str | None]]:
    return sorted((f.low, f.high, f.subject) for f in result.facts(attribute="deaths")
                  if f.source == source)


def test_publication_dates_and_repair(result: Result) -> None:
    published = {d.id: d.published and d.published.isoformat() for d in result.documents}
    assert published == {S000: "2021-08-27", S001: None, S002: "2021-09-14",
                         S003: "2023-05-03"}
    assert [d.repaired for d in result.documents] == [False, False, False, True]
    assert "Taliban’s" in result.document(S003).text


def test_tolls_with_qualifiers_and_subjects(result: Result) -> None:
    for source in (S000, S001):
        assert deaths(result, source) == [(13, 13, "u.s. service members"),
                                          (169, None, "afghans")]
    assert deaths(result, S002) == [(170, 170, None)]
    assert deaths(result, S003) == [(13, 13, "u.s. service members"), (162, 198, None)]
    spans = {f.text for f in result.facts(attribute="deaths")}
    assert {"at least 169 Afghans", "13 U.S. service members", "170 people",
            "about 180 people"} <= spans
    for fact in result.facts(attribute="deaths"):
        assert result.document(fact.source).text[fact.start:fact.end] == fact.text
    # All four tolls belong to one event.
    assert len({f.entity for f in result.facts(attribute="deaths")}) == 1


def test_attack_date_resolved_from_thursday(result: Result) -> None:
    [thursday] = [f for f in result.facts(attribute="date")
                  if f.source == S000 and f.text == "Thursday"
                  and f.entity == result.facts(attribute="deaths")[0].entity][:1]
    assert thursday.value == "2021-08-26"


def test_one_entity_for_the_group_names(result: Result) -> None:
    [entity] = [e for e in result.entities if "ISKP" in e.aliases]
    assert {"ISIS-K", "ISKP", "IS-K", "Daesh Khorasan"} <= {entity.name, *entity.aliases}
    assert any(a.startswith("Islamic State") and "Khorasan" in a
               for a in [entity.name, *entity.aliases])


def test_airport_variant_edge(result: Result) -> None:
    assert result.graph is not None
    assert result.graph.has_edge("entity:Hami Karzai International Airport",
                                 "entity:Hamid Karzai International Airport", key="variant-of")


def test_quotes_and_speakers(result: Result) -> None:
    speakers = {(f.source, f.speaker) for f in result.all_facts if f.kind == "quote"}
    for source in (S000, S001):
        assert (source, "Hans-Jakob Schindler") in speakers
        assert (source, "Magnus Ranstorp") in speakers


def test_may_is_never_a_date(result: Result) -> None:
    for extraction in result.extractions:
        assert not [d for d in extraction.dates if d.text.lower() == "may"]


def test_required_findings(result: Result) -> None:
    by_rule = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    [conflict] = [f for f in by_rule["numeric-conflict"] if f.attribute == "deaths"]
    # 170 against ≥ 182 is the conflict; "about 180" (003) can hold with either side, so it is
    # stated beside them (message and number line), not evidence of the conflict.
    assert {e.source for e in conflict.evidence} == {S000, S001, S002}
    assert S003 in {source for source, *_ in conflict.intervals}
    assert "about 180" in conflict.message
    assert "170" in conflict.values and "≥ 182" in conflict.values
    for finding in result.findings:  # 13 is never set against 169 as one attribute
        assert not {"13", "169"} <= set(finding.values)
