from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.baseline import (
    SCHEMA,
    Baseline,
    BaselineEntry,
    BaselineError,
    compare,
    load_baseline,
    save_baseline,
    updated,
)
from factcheck.fingerprint import fingerprint
from factcheck.model import Evidence, Finding


def finding(entity: str, attribute: str, values: tuple[float, float], *,
            rule: str = "numeric-conflict", line: int = 1) -> Finding:
    evidence = [Evidence(source=src, path=f"{src}.md", line=line, column=5, start=10 * line,
                         end=10 * line + 4, text=str(v), sentence="", value=v)
                for src, v in zip(("a", "b"), values, strict=True)]
    found = Finding(rule=rule, severity="error", entity=entity, attribute=attribute,
                    message=f"{values[0]} vs {values[1]}", evidence=evidence)
    found.fingerprint = fingerprint(found)
    return found


FLOOD = finding("valley flood", "deaths", (12, 15))
MATCH = finding("cup final", "attendance", (61000, 64500))
POLL = finding("mayoral election", "turnout", (48, 52), rule="figure-update")


def test_round_trip_and_file_format(tmp_path: Path) -> None:
    path = tmp_path / "factcheck-baseline.json"
    base = updated(Baseline(), [FLOOD, MATCH, POLL])
    save_baseline(base, path)
    text = path.read_text("utf-8")
    assert text.endswith("}\n") and text.startswith('{\n  "schema": "factcheck/baseline@1",')
    data = json.loads(text)
    assert data["schema"] == SCHEMA
    keys = [(e["rule"], e["entity"], e["attribute"], e["fingerprint"]) for e in data["findings"]]
    assert keys == sorted(keys)
    assert list(data["findings"][0]) == ["fingerprint", "rule", "entity", "attribute",
                                         "values", "sources", "note"]
    flood = next(e for e in data["findings"] if e["entity"] == "valley flood")
    assert flood == {"fingerprint": FLOOD.fingerprint, "rule": "numeric-conflict",
                     "entity": "valley flood", "attribute": "deaths", "values": ["12", "15"],
                     "sources": ["a", "b"], "note": ""}
    assert load_baseline(path) == base


def test_non_ascii_is_written_as_is(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    save_baseline(updated(Baseline(), [finding("Überschwemmung in Köln", "Tote", (3, 4))]),
                  path)
    assert "Überschwemmung in Köln" in path.read_text("utf-8")


def test_compare_new_known_resolved() -> None:
    base = updated(Baseline(), [FLOOD, MATCH])
    comparison = compare(base, [POLL, FLOOD])
    assert comparison.new == [POLL]
    assert comparison.known == [FLOOD]
    assert [e.fingerprint for e in comparison.resolved] == [MATCH.fingerprint]


def test_known_finding_stays_known_after_its_paragraph_moves() -> None:
    base = updated(Baseline(), [FLOOD])
    moved = finding("valley flood", "deaths", (12, 15), line=40)
    moved.message = "reworded"
    assert compare(base, [moved]).new == []
    changed = finding("valley flood", "deaths", (12, 16))
    assert compare(base, [changed]).new == [changed]


def test_compare_computes_missing_fingerprints() -> None:
    bare = finding("cup final", "attendance", (61000, 64500))
    bare.fingerprint = ""
    assert compare(updated(Baseline(), [MATCH]), [bare]).known == [bare]


def test_updated_keeps_notes_drops_resolved_adds_new() -> None:
    old = Baseline([BaselineEntry.from_finding(FLOOD, note="agency revised the toll later"),
                    BaselineEntry.from_finding(MATCH, note="two different counts")])
    new = updated(old, [FLOOD, POLL, POLL])
    notes = {e.entity: e.note for e in new.entries}
    assert notes == {"valley flood": "agency revised the toll later", "mayoral election": ""}


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match=r"nope\.json: no such file"):
        load_baseline(tmp_path / "nope.json")
    assert load_baseline(tmp_path / "nope.json", allow_missing=True).entries == []


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "baseline.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(BaselineError) as caught:
        load_baseline(path, allow_missing=True)  # present but broken: never read as empty
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path) + ": ")
    return message.removeprefix(str(path) + ": ")


def test_corrupt_json_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "schema": "factcheck/baseline@1",\n  "findings": [\n    {,}\n')
    assert error_of(path).startswith("line 4: not valid JSON")


def test_merge_conflict_is_named(tmp_path: Path) -> None:
    good = updated(Baseline(), [FLOOD]).to_json().splitlines()
    conflicted = "\n".join([*good[:3], "<<<<<<< HEAD", *good[3:5], "=======", ">>>>>>> b",
                            *good[5:]])
    assert error_of(write(tmp_path, conflicted)) == \
        "line 4: unresolved merge conflict (resolve it, or run `factcheck baseline` again)"


def test_empty_and_undecodable_files(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, " \n")).startswith("empty file")
    assert error_of(write(tmp_path, b'{"schema": "\xff"}')) == "line 1: not UTF-8 text"


def test_wrong_schema(tmp_path: Path) -> None:
    assert "expected 'factcheck/baseline@1'" in error_of(write(tmp_path, '{"findings": []}'))
    message = error_of(write(tmp_path, '{"schema": "factcheck/baseline@9", "findings": []}'))
    assert message.startswith("line 1: not a factcheck baseline (schema 'factcheck/baseline@9'")
    assert "got a list" in error_of(write(tmp_path, "[]"))


def test_wrong_types_name_entry_key_and_line(tmp_path: Path) -> None:
    entries = updated(Baseline(), [FLOOD, MATCH]).to_json()
    data = json.loads(entries)
    data["findings"][1]["values"] = [12, 15]
    text = json.dumps(data, indent=2)
    line = text.splitlines().index("    {", text.splitlines().index("    {") + 1) + 1
    assert error_of(write(tmp_path, text)) == \
        f"line {line}: findings[1].values: must be a list of strings"
    data["findings"][1]["values"] = []
    del data["findings"][0]["fingerprint"]
    assert error_of(write(tmp_path, json.dumps(data, indent=2))) == \
        "line 4: findings[0].fingerprint: missing"
    data["findings"][0]["fingerprint"] = 7
    assert "findings[0].fingerprint: must be a string, got a number" in error_of(
        write(tmp_path, json.dumps(data)))
    data["findings"][0]["fingerprint"] = "abc"
    data["findings"][0]["note"] = None
    assert "findings[0].note: must be a string, got null" in error_of(
        write(tmp_path, json.dumps(data)))
    data["findings"] = {"not": "a list"}
    assert '"findings" must be a list, got an object' in error_of(
        write(tmp_path, json.dumps(data)))


def test_a_folder_is_not_a_baseline(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="is a folder"):
        load_baseline(tmp_path)


def test_optional_fields_may_be_left_out_by_hand(tmp_path: Path) -> None:
    entry = {"fingerprint": FLOOD.fingerprint, "rule": "numeric-conflict",
             "entity": "valley flood", "attribute": "deaths"}
    path = write(tmp_path, json.dumps({"schema": SCHEMA, "findings": [entry]}))
    assert compare(load_baseline(path), [FLOOD]).known == [FLOOD]


def test_save_is_atomic_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "baseline.json"
    save_baseline(updated(Baseline(), [FLOOD]), path)
    save_baseline(updated(Baseline(), [MATCH]), path)
    assert [e.entity for e in load_baseline(path).entries] == ["cup final"]
    assert [p.name for p in path.parent.iterdir()] == ["baseline.json"]
