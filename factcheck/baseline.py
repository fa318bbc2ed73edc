"""The baseline: findings a team has looked at and accepted, so CI fails on new ones only.

The file is JSON meant to be committed and read in diffs — one entry per accepted finding,
sorted, two-space indented, non-ASCII kept as is, a trailing newline::

    {
      "schema": "factcheck/baseline@1",
      "findings": [
        {"fingerprint": "…", "rule": "…", "entity": "…", "attribute": "…",
         "values": ["…"], "sources": ["…"], "note": "why it is accepted"}
      ]
    }

Entries are matched on ``fingerprint`` only (see ``factcheck.fingerprint``); the other fields
are there for the reader. A file that cannot be read is an error, never an empty baseline:
reading it as empty would raise every accepted finding again, or — worse, on update — forget
the notes.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.atomic import atomic_write
from factcheck.fingerprint import finding_fingerprint, normalised_values, source_ids
from factcheck.model import Finding
from factcheck.textsafe import escape_in_json

SCHEMA = "factcheck/baseline@1"


class BaselineError(Exception):
    """A baseline file that cannot be used: '<path>: line N: what is wrong'."""


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    rule: str
    entity: str
    attribute: str
    values: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def from_finding(cls, finding: Finding, note: str = "") -> BaselineEntry:
        return cls(fingerprint=finding_fingerprint(finding), rule=finding.rule,
                   entity=finding.entity, attribute=finding.attribute,
                   values=tuple(normalised_values(finding)), sources=tuple(source_ids(finding)),
                   note=note)

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.rule, self.entity, self.attribute, self.fingerprint)

    def to_dict(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "rule": self.rule, "entity": self.entity,
                "attribute": self.attribute, "values": list(self.values),
                "sources": list(self.sources), "note": self.note}


@dataclass
class Baseline:
    entries: list[BaselineEntry] = field(default_factory=list)

    def fingerprints(self) -> set[str]:
        return {e.fingerprint for e in self.entries}

    def to_json(self) -> str:
        data = {"schema": SCHEMA,
                "findings": [e.to_dict() for e in sorted(self.entries, key=BaselineEntry.sort_key)]}
        return escape_in_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


@dataclass
class Comparison:
    new: list[Finding]  # not in the baseline: these gate the build
    known: list[Finding]  # accepted earlier
    resolved: list[BaselineEntry]  # accepted earlier, no longer found


def compare(baseline: Baseline, findings: Iterable[Finding]) -> Comparison:
    accepted = baseline.fingerprints()
    new: list[Finding] = []
    known: list[Finding] = []
    seen: set[str] = set()
    for finding in findings:
        fp = finding_fingerprint(finding)
        seen.add(fp)
        (known if fp in accepted else new).append(finding)
    resolved = sorted((e for e in _distinct(baseline.entries) if e.fingerprint not in seen),
                      key=BaselineEntry.sort_key)
    return Comparison(new=new, known=known, resolved=resolved)


def updated(baseline: Baseline, findings: Iterable[Finding]) -> Baseline:
    """The current findings as a baseline, keeping the notes of entries still found."""
    notes = {e.fingerprint: e.note for e in baseline.entries}
    entries: dict[str, BaselineEntry] = {}
    for finding in findings:
        fp = finding_fingerprint(finding)
        if fp not in entries:
            entries[fp] = BaselineEntry.from_finding(finding, note=notes.get(fp, ""))
    return Baseline(sorted(entries.values(), key=BaselineEntry.sort_key))


def save_baseline(baseline: Baseline, path: str | os.PathLike[str]) -> None:
    atomic_write(path, baseline.to_json())


def load_baseline(path: str | os.PathLike[str], *, allow_missing: bool = False) -> Baseline:
    """Read a baseline file; a missing one is empty only with ``allow_missing``."""
    name = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        if allow_missing:
            return Baseline()
        raise BaselineError(f"{name}: no such file (create it with `factcheck baseline`)"
                            ) from None
    except IsADirectoryError:
        raise BaselineError(f"{name}: is a folder, not a baseline file") from None
    except OSError as exc:
        raise BaselineError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise BaselineError(f"{name}: line {line}: not UTF-8 text") from None
    if not text.strip():
        raise BaselineError(f"{name}: empty file (expected a {SCHEMA} JSON object)")
    data, positions = _parse(text, name)
    return Baseline(_entries(data, positions, text, name))


def _parse(text: str, name: str) -> tuple[Any, dict[int, int]]:
    """Parse JSON, remembering where each object starts so errors can name its line."""
    positions: dict[int, int] = {}
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        obj, end = json.decoder.JSONObject(s_and_end, *args)
        positions[id(obj)] = s_and_end[1] - 1
        return obj, end

    decoder.parse_object = parse_object  # type: ignore[assignment]
    # The C scanner ignores parse_object; the Python one is fast enough for a baseline.
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        return decoder.decode(text), positions
    except json.JSONDecodeError as exc:
        conflict = _conflict_line(text)
        if conflict is not None:
            raise BaselineError(f"{name}: line {conflict}: unresolved merge conflict "
                                "(resolve it, or run `factcheck baseline` again)") from None
        raise BaselineError(f"{name}: line {exc.lineno}: not valid JSON: {exc.msg} "
                            f"(column {exc.colno})") from None
    except RecursionError:
        raise BaselineError(f"{name}: not valid JSON: nested too deeply") from None


def _entries(data: Any, positions: dict[int, int], text: str, name: str) -> list[BaselineEntry]:
    def fail(obj: object, what: str) -> BaselineError:
        start = positions.get(id(obj))
        where = f"line {text.count(chr(10), 0, start) + 1}: " if start is not None else ""
        return BaselineError(f"{name}: {where}{what}")

    if not isinstance(data, dict):
        raise fail(data, f"expected a JSON object with \"schema\": \"{SCHEMA}\", "
                         f"got {_kind(data)}")
    schema = data.get("schema")
    if schema != SCHEMA:
        found = "no \"schema\" key" if schema is None else f"schema {schema!r}"
        raise fail(data, f"not a factcheck baseline ({found}; expected {SCHEMA!r})")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise fail(data, f"\"findings\" must be a list, got {_kind(findings)}")
    entries: list[BaselineEntry] = []
    for index, item in enumerate(findings):
        where = f"findings[{index}]"
        if not isinstance(item, dict):
            raise fail(data, f"{where}: expected an object, got {_kind(item)}")
        fields: dict[str, Any] = {}
        for key in ("fingerprint", "rule", "entity", "attribute"):
            value = item.get(key)
            if value is None:
                raise fail(item, f"{where}.{key}: missing")
            if not isinstance(value, str):
                raise fail(item, f"{where}.{key}: must be a string, got {_kind(value)}")
            if key == "fingerprint" and not value.strip():
                raise fail(item, f"{where}.fingerprint: must not be empty")
            fields[key] = value
        for key in ("values", "sources"):
            value = item.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(item, f"{where}.{key}: must be a list of strings")
            fields[key] = tuple(value)
        note = item.get("note", "")
        if not isinstance(note, str):
            raise fail(item, f"{where}.note: must be a string, got {_kind(note)}")
        entries.append(BaselineEntry(note=note, **fields))
    return entries


def _conflict_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line in ("<<<<<<<", "=======", ">>>>>>>"):
            return number
    return None


def _distinct(entries: Iterable[BaselineEntry]) -> list[BaselineEntry]:
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.fingerprint not in seen:
            seen.add(entry.fingerprint)
            out.append(entry)
    return out


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)
