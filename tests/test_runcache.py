"""The run cache: an unchanged run is answered from it; any change of input, rules or
selection misses; a bad entry is never trusted; facts and graph come back on demand."""

import json
import math
import sqlite3
import zlib
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

import factcheck.api
from factcheck import check
from factcheck.cache import DATABASE_NAME, RUNS_KEPT, CorruptEntry, ExtractionCache
from factcheck.model import Entity, Evidence, Finding
from factcheck.result import fact_dict
from factcheck.runcache import CachedRun, decode_run, encode_run

ARTICLES = {
    "wire.txt": "Published: 2024-03-05\n\nFloods in the Corvara valley killed 42 people on "
                "Monday, the civil protection agency said. The floods in Corvara also "
                "destroyed 300 homes.\n",
    "paper.txt": "Published: 2024-03-06\n\nThe floods that struck the Corvara valley on "
                 "Monday killed 58 people, the regional governor said on Tuesday.\n",
    "blog.txt": "Published: 2024-03-06\n\nMayor Elena Brandt said the Corvara floods were the "
                "worst in a century. Elena Brant visited the shelters on Tuesday.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(corpus: Path, cache: Path, **options: object) -> factcheck.api.Result:
    return check([corpus], cache=cache, **options)  # type: ignore[arg-type]


def answered_from_cache(result: factcheck.api.Result) -> bool:
    return "run-cache" in result.timings and "rules" not in result.timings


def test_unchanged_run_is_answered_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    cold = run(corpus, tmp_path / "cache")
    warm = run(corpus, tmp_path / "cache")
    assert not answered_from_cache(cold) and answered_from_cache(warm)
    assert cold.findings and warm.findings == cold.findings
    assert warm.entities == cold.entities
    assert warm.to_json(deterministic=True) == cold.to_json(deterministic=True)


def test_facts_and_graph_are_rebuilt_on_first_use(corpus: Path, tmp_path: Path) -> None:
    cold = run(corpus, tmp_path / "cache")
    warm = run(corpus, tmp_path / "cache")
    assert warm.fact_count == cold.fact_count and "extract" not in warm.timings
    assert [fact_dict(f) for f in warm.all_facts] == [fact_dict(f) for f in cold.all_facts]
    assert warm.graph is not None
    assert warm.graph.number_of_nodes() == cold.graph.number_of_nodes()  # type: ignore[union-attr]
    assert warm.to_json(include_facts=True, deterministic=True) == \
        cold.to_json(include_facts=True, deterministic=True)


def test_a_changed_document_misses_and_reextracts_only_itself(corpus: Path,
                                                              tmp_path: Path) -> None:
    run(corpus, tmp_path / "cache")
    (corpus / "paper.txt").write_text(ARTICLES["paper.txt"].replace("58", "61"), "utf-8")
    seen: list[ExtractionCache] = []
    original = factcheck.api._open_cache

    def recording(cache: object, warnings: list[str]) -> ExtractionCache | None:
        store = original(cache, warnings)  # type: ignore[arg-type]
        if store is not None:
            seen.append(store)
        return store

    factcheck.api._open_cache = recording  # type: ignore[assignment]
    try:
        changed = run(corpus, tmp_path / "cache")
    finally:
        factcheck.api._open_cache = original  # type: ignore[assignment]
    assert not answered_from_cache(changed)
    assert seen[0].stats["hits"] == 2 and seen[0].stats["misses"] == 1
    assert any("61" in f.message for f in changed.findings)


@pytest.mark.parametrize("change", [{"select": ["numeric-conflict"]},
                                    {"ignore": ["name-variant"]}])
def test_another_rule_selection_misses(corpus: Path, tmp_path: Path,
                                       change: dict[str, list[str]]) -> None:
    run(corpus, tmp_path / "cache")
    other = run(corpus, tmp_path / "cache", **change)
    assert not answered_from_cache(other)
    assert answered_from_cache(run(corpus, tmp_path / "cache", **change))


def test_changed_rules_data_misses(corpus: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "severities.yaml").write_text("name-variant: error\n", "utf-8")
    run(corpus, tmp_path / "cache")
    with_rules = run(corpus, tmp_path / "cache", rules=[rules])
    assert not answered_from_cache(with_rules)
    (rules / "severities.yaml").write_text("name-variant: info\n", "utf-8")
    assert not answered_from_cache(run(corpus, tmp_path / "cache", rules=[rules]))


def test_a_corrupt_run_entry_is_recomputed_not_trusted(corpus: Path, tmp_path: Path) -> None:
    cold = run(corpus, tmp_path / "cache")
    with sqlite3.connect(tmp_path / "cache" / DATABASE_NAME) as conn:
        conn.execute("UPDATE runs SET payload = ?", (b"not a run",))
    again = run(corpus, tmp_path / "cache")
    assert not answered_from_cache(again) and again.findings == cold.findings
    assert answered_from_cache(run(corpus, tmp_path / "cache"))  # stored anew


def test_only_the_latest_runs_are_kept(corpus: Path, tmp_path: Path) -> None:
    rule_ids = ["numeric-conflict", "name-variant", "date-conflict", "quote-drift",
                "text-quality", "temporal-order"]
    for rule_id in rule_ids:
        run(corpus, tmp_path / "cache", select=[rule_id])
    with sqlite3.connect(tmp_path / "cache" / DATABASE_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == RUNS_KEPT
    assert answered_from_cache(run(corpus, tmp_path / "cache", select=[rule_ids[-1]]))
    assert not answered_from_cache(run(corpus, tmp_path / "cache", select=[rule_ids[0]]))


def test_no_cache_never_stores_a_run(corpus: Path, tmp_path: Path) -> None:
    first = check([corpus], cache=False)
    assert "run-cache" not in first.timings and "rules" in first.timings


def test_findings_round_trip_with_every_field() -> None:
    evidence = Evidence(source="a", path="a.txt", line=3, column=7, start=40, end=49,
                        text="42 people", sentence="Floods killed 42 people.", value=42.0,
                        low=42.0, high=None, qualifier="at-least", unit="people")
    finding = Finding(rule="numeric-conflict", severity="error", entity="Corvara flood",
                      attribute="deaths", message="42 (a) cannot hold with 58 (b)",
                      evidence=[evidence], fingerprint="abc", values=["42", "58"],
                      intervals=[("a", 42.0, None, "≥ 42"), ("b", 58.0, 58.0, "58")],
                      suggestion="Elena Brandt", origin="b")
    run_ = CachedRun([finding], [Entity(id="e:x", name="X", kind="org", aliases=["Y"])], 12)
    blob = encode_run(run_)
    assert blob is not None and decode_run(blob) == run_


def _run(finding: dict[str, object] | None = None,
         evidence: dict[str, object] | None = None) -> CachedRun:
    """Two findings quoting the same sentence (stored once), with ``finding`` changed in the
    first finding and ``evidence`` in its first evidence."""
    sentence = "Floods killed 42 people."
    first = Evidence(source="a", path="a.txt", line=3, column=7, start=40, end=49,
                     text="42 people", sentence=sentence, value=42.0, qualifier="at-least")
    second = Evidence(source="b", path="b.txt", line=1, column=1, start=0, end=9,
                      text="58 people", sentence=sentence, value="58", unit=None)
    findings = [Finding(rule="numeric-conflict", severity="error", entity="Corvara flood",
                        attribute="deaths", message="42 (a) cannot hold with 58 (b)",
                        evidence=[first, second], values=["42", "58"],
                        intervals=[("a", 42.0, None, "≥ 42"), ("b", 58.0, 58.0, "58")]),
                Finding(rule="quote-drift", severity="warning", entity="Elena Brandt",
                        attribute="quote", message="m", evidence=[second])]
    for name, value in (evidence or {}).items():
        setattr(first, name, value)
    for name, value in (finding or {}).items():
        setattr(findings[0], name, value)
    return CachedRun(findings, [Entity(id="e:x", name="X", aliases=["Y"])], 12)


class Severity(StrEnum):
    ERROR = "error"


class SubEvidence(Evidence):
    pass


# (change to a finding, change to an evidence): each would come back as another type or value
NOT_EXACT = {
    "a list interval": ({"intervals": [["a", 42.0, None, "≥ 42"]]}, {}),
    "NaN in an interval": ({"intervals": [("a", math.nan, None, "?")]}, {}),
    "str enum": ({"severity": Severity.ERROR}, {}),
    "tuple of values": ({"values": ("42", "58")}, {}),
    "an evidence subclass": ({"evidence": [SubEvidence("a", "a.txt", 1, 1, 0, 1, "x", "x")]},
                             {}),
    "NaN evidence": ({}, {"value": math.nan}),
    "str enum evidence": ({}, {"sentence": Severity.ERROR}),  # would be stored as a string
}


@pytest.mark.parametrize(("finding", "evidence"), NOT_EXACT.values(), ids=NOT_EXACT.keys())
def test_runs_json_cannot_hold_exactly_are_not_stored(finding: dict[str, object],
                                                      evidence: dict[str, object]) -> None:
    assert encode_run(_run()) is not None
    assert encode_run(_run(finding, evidence)) is None


@pytest.mark.parametrize(("finding", "evidence"), [
    ({}, {}), ({"intervals": [("a", math.inf, -0.0, "")]}, {}), ({"evidence": []}, {}),
    ({}, {"value": 1, "unit": "people"}), ({}, {"sentence": "other", "qualifier": None})])
def test_runs_come_back_with_their_types(finding: dict[str, object],
                                         evidence: dict[str, object]) -> None:
    run_ = _run(finding, evidence)
    blob = encode_run(run_)
    assert blob is not None and repr(decode_run(blob)) == repr(run_)


@pytest.mark.parametrize("corrupt", [
    lambda d: d["evidence"][7].__setitem__(0, -1),  # a negative string index
    lambda d: d["evidence"][7].__setitem__(0, len(d["strings"])),  # past the table
    lambda d: d["interned"].append(d["interned"][0]),  # a column looked up twice
    lambda d: d["findings"][5].__setitem__(0, 3),  # evidence counts that do not add up
    lambda d: d["findings"][8].__setitem__(0, ["a", "b"]),  # an interval not a list
    lambda d: d["entities"].pop(),  # a column missing
], ids=["negative", "past the table", "twice", "counts", "interval", "column"])
def test_a_malformed_run_is_a_corrupt_entry(corrupt: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(zlib.decompress(encode_run(_run()) or b"").decode("utf-8"))
    assert 7 in data["interned"]  # the sentence column: both findings quote one sentence
    assert data["strings"].count("Floods killed 42 people.") == 1
    decode_run(json.dumps(data))  # as stored, it decodes
    corrupt(data)
    with pytest.raises(CorruptEntry):
        decode_run(json.dumps(data))
