"""Properties (hypothesis) of the interval logic in factcheck/numbers.py and of the JSON form of
a Result (``factcheck/result@1``). Parser properties: tests/extract/test_*_properties.py."""

from __future__ import annotations

import itertools
import json
import math
from datetime import date
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.model import Document, Entity, Evidence, Fact, Finding
from factcheck.numbers import fmt_number, format_interval, intersect, overlaps
from factcheck.result import SCHEMA, Result

Interval = tuple[float | None, float | None]

# Figures as the extractors produce them: finite, counts and amounts up to trillions.
numbers = st.one_of(st.integers(-10**12, 10**12).map(float),
                    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False))
bounds = st.one_of(st.none(), numbers)


def ordered(pair: tuple[float | None, float | None]) -> Interval:
    low, high = pair
    if low is not None and high is not None and low > high:
        return high, low
    return low, high


intervals = st.tuples(bounds, bounds).map(ordered)


def contains(interval: Interval, x: float) -> bool:
    low, high = interval
    return (low is None or low <= x) and (high is None or x <= high)


def endpoints(items: list[Interval]) -> list[float]:
    return [b for interval in items for b in interval if b is not None]


@given(intervals, intervals)
def test_overlap_is_symmetric_and_agrees_with_intersect(a: Interval, b: Interval) -> None:
    assert overlaps(a, b) == overlaps(b, a)
    assert overlaps(a, b) == (intersect([a, b]) is not None)


@settings(max_examples=300)
@given(st.lists(intervals, min_size=1, max_size=6), st.data())
def test_intersect_holds_exactly_the_common_points(items: list[Interval],
                                                   data: st.DataObject) -> None:
    common = intersect(items)
    # Points that decide: every endpoint, one either side of it, and one arbitrary number.
    candidates = [x + d for x in endpoints(items) for d in (-0.5, 0.0, 0.5)]
    candidates.append(data.draw(numbers))
    for x in candidates:
        in_all = all(contains(i, x) for i in items)
        assert in_all == (common is not None and contains(common, x)), (x, items, common)
    if common is not None:
        low, high = common
        assert low is None or high is None or low <= high  # ranges stay ordered
        for interval in items:  # the common part lies inside each interval
            assert low is None or interval[0] is None or low >= interval[0]
            assert high is None or interval[1] is None or high <= interval[1]


@given(st.lists(intervals, min_size=1, max_size=5))
def test_intersect_ignores_order_and_grouping(items: list[Interval]) -> None:
    whole = intersect(items)
    for permutation in itertools.islice(itertools.permutations(items), 24):
        assert intersect(list(permutation)) == whole
    first = intersect(items[:1])
    assert first == items[0]
    if len(items) > 1:
        head = intersect(items[:-1])
        assert (None if head is None else intersect([head, items[-1]])) == whole


@given(numbers)
def test_at_least_n_contains_n_and_meets_exactly_n(n: float) -> None:
    at_least, at_most, exactly = (n, None), (None, n), (n, n)
    assert contains(at_least, n) and contains(at_most, n)
    assert intersect([at_least, exactly]) == exactly
    assert intersect([at_least, at_most]) == exactly
    assert not overlaps(at_least, (None, n - 1))
    assert overlaps(at_least, (n + 1, None))


@given(intervals, st.one_of(st.none(), numbers, st.text(max_size=10)),
       st.sampled_from([None, "exact", "at-least", "about", "nearly", "range", "vague"]))
def test_format_interval_never_raises_and_says_the_bounds(interval: Interval,
                                                          value: float | str | None,
                                                          qualifier: str | None) -> None:
    low, high = interval
    text = format_interval(low, high, value, qualifier)
    assert text and "\n" not in text
    if low is not None and high is None:
        assert text == f"≥ {fmt_number(low)}"
    elif low is None and high is not None:
        assert text == f"≤ {fmt_number(high)}"
    elif low is not None and high is not None:
        assert fmt_number(low) in text and fmt_number(high) in text


@given(numbers)
def test_fmt_number_reads_back_to_two_decimals(x: float) -> None:
    text = fmt_number(x)
    assert math.isclose(float(text.replace(",", "")), x, rel_tol=1e-12, abs_tol=0.0051)
    if x == int(x):
        assert "." not in text


def test_fmt_number_of_an_overflowed_sum_does_not_raise() -> None:
    assert (fmt_number(math.inf), fmt_number(-math.inf), fmt_number(math.nan)) == \
        ("∞", "-∞", "NaN")


# --- JSON form of a Result -------------------------------------------------------------------

# Text as ingest produces it: any Unicode but lone surrogates (ftfy joins or drops them).
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
maybe_text = st.one_of(st.none(), texts)
values = st.one_of(st.none(), numbers, texts)
ints = st.integers(0, 10**6)
severities = st.sampled_from(["error", "warning", "info"])

documents = st.builds(
    Document, id=texts, path=texts, text=texts, title=maybe_text,
    published=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31))),
    url=maybe_text, sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
    repaired=st.booleans(), encoding=st.sampled_from(["utf-8", "cp1252", "utf-16-le"]),
    notes=st.lists(texts, max_size=2))
facts = st.builds(
    Fact, id=texts, source=texts, kind=st.sampled_from(["quantity", "date", "name", "quote"]),
    entity=texts, attribute=texts, value=values, low=bounds, high=bounds,
    qualifier=st.sampled_from(["exact", "at-least", "about", "range"]), subject=maybe_text,
    unit=maybe_text, time=maybe_text, start=ints, end=ints, line=ints, column=ints, text=texts,
    sentence=texts, modality=st.sampled_from(["asserted", "claimed", "denied"]),
    speaker=maybe_text)
evidence = st.builds(
    Evidence, source=texts, path=texts, line=ints, column=ints, start=ints, end=ints,
    text=texts, sentence=texts, value=values, low=bounds, high=bounds, qualifier=maybe_text,
    unit=maybe_text)
findings = st.builds(
    Finding, rule=texts, severity=severities, entity=texts, attribute=texts, message=texts,
    evidence=st.lists(evidence, max_size=3), fingerprint=texts,
    values=st.lists(texts, max_size=3))
entities = st.builds(Entity, id=texts, name=texts, kind=st.sampled_from(["name", "place", "org"]),
                     aliases=st.lists(texts, max_size=3), variants=st.lists(texts, max_size=2))
results = st.builds(
    Result, documents=st.lists(documents, max_size=3), all_facts=st.lists(facts, max_size=4),
    entities=st.lists(entities, max_size=3), findings=st.lists(findings, max_size=3),
    seconds=st.one_of(st.none(), st.floats(0, 1e4)), warnings=st.lists(texts, max_size=3))

NUMBER = {"type": ["number", "null"]}
STRING = {"type": ["string", "null"]}
SCALAR = {"type": ["number", "string", "null"]}
STRINGS = {"type": "array", "items": {"type": "string"}}


def record(types: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": types, "required": list(types),
            "additionalProperties": False}


# The documented shape (README, "JSON output"): every key, every type, nothing else.
RESULT_SCHEMA = record({
    "schema": {"const": SCHEMA},
    "sources": {"type": "array", "items": record({
        "id": {"type": "string"}, "path": {"type": "string"}, "title": STRING,
        "published": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "url": STRING, "sha256": {"type": "string"}, "repaired": {"type": "boolean"},
        "encoding": {"type": "string"}, "notes": STRINGS})},
    "entities": {"type": "array", "items": record({
        "id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
        "aliases": STRINGS, "variants": STRINGS})},
    "facts": {"type": "array", "items": record({
        "id": {"type": "string"}, "source": {"type": "string"}, "kind": {"type": "string"},
        "entity": {"type": "string"}, "attribute": {"type": "string"}, "subject": STRING,
        "value": SCALAR, "low": NUMBER, "high": NUMBER, "qualifier": {"type": "string"},
        "unit": STRING, "time": STRING, "modality": {"type": "string"}, "speaker": STRING,
        "start": {"type": "integer"}, "end": {"type": "integer"}, "line": {"type": "integer"},
        "column": {"type": "integer"}, "text": {"type": "string"},
        "sentence": {"type": "string"}})},
    "findings": {"type": "array", "items": record({
        "rule": {"type": "string"}, "severity": {"enum": ["error", "warning", "info"]},
        "entity": {"type": "string"}, "attribute": {"type": "string"},
        "message": {"type": "string"}, "fingerprint": {"type": "string"}, "values": STRINGS,
        "evidence": {"type": "array", "items": record({
            "source": {"type": "string"}, "path": {"type": "string"},
            "line": {"type": "integer"}, "column": {"type": "integer"},
            "start": {"type": "integer"}, "end": {"type": "integer"},
            "text": {"type": "string"}, "sentence": {"type": "string"}, "value": SCALAR,
            "low": NUMBER, "high": NUMBER, "qualifier": STRING, "unit": STRING})}})},
    "warnings": STRINGS,
    "stats": record({"documents": {"type": "integer"}, "facts": {"type": "integer"},
                     "findings": {"type": "integer"}, "seconds": NUMBER}),
})
RESULT_SCHEMA["required"] = [k for k in RESULT_SCHEMA["required"] if k != "facts"]


def strict_loads(text: str) -> Any:
    """JSON as other tools read it: NaN and Infinity are not JSON."""
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


@settings(max_examples=150, deadline=None)
@given(results, st.booleans())
def test_result_json_round_trips_and_matches_the_documented_schema(result: Result,
                                                                   include_facts: bool) -> None:
    text = result.to_json(include_facts=include_facts)
    text.encode("utf-8")  # writable to a UTF-8 stream
    data = strict_loads(text)
    assert data == result.to_dict(include_facts=include_facts)  # only JSON-native types
    jsonschema.validate(data, RESULT_SCHEMA)
    assert ("facts" in data) == include_facts
    assert json.dumps(data, ensure_ascii=False, indent=2) + "\n" == text  # a fixed point
    assert data["stats"] == {"documents": len(result.documents), "facts": len(result.all_facts),
                             "findings": len(result.findings),
                             "seconds": None if result.seconds is None
                             else round(result.seconds, 3)}
    ranks = [{"error": 0, "warning": 1, "info": 2}[f["severity"]] for f in data["findings"]]
    assert ranks == sorted(ranks)  # most severe first
