"""What the formatters share: baseline state, anchors, one-line text and the summary."""

from __future__ import annotations

from typing import Any

from factcheck.fingerprint import finding_fingerprint
from factcheck.model import Document, Evidence, Finding
from factcheck.naming import source_keys, source_name
from factcheck.result import Result


def is_new(finding: Finding, new: set[str] | None) -> bool:
    """Not accepted by the baseline; without a baseline (``new`` None) every finding is new."""
    return new is None or finding_fingerprint(finding) in new


def anchor(finding: Finding) -> Evidence | None:
    """The evidence a finding is reported at: its first."""
    return finding.evidence[0] if finding.evidence else None


def one_line(text: str) -> str:
    return " ".join(text.split())


def source_names(result: Result) -> dict[str, str]:
    """How outputs name each source: 'S2 “Floods hit the valley”' (see factcheck.naming)."""
    keys = source_keys(d.id for d in result.documents)
    return {d.id: source_name(keys[d.id], d) for d in result.documents}


def topic(finding: Finding, names: dict[str, str] | None = None) -> str:
    """'entity · attribute'; a finding about a whole source (its text quality, its
    dependence) names the source by its key and title, not its file id."""
    entity = (names or {}).get(finding.entity, finding.entity)
    return f"{one_line(entity)} · {one_line(finding.attribute)}"


def summary(result: Result, findings: list[Finding]) -> str:
    """'1 error, 2 warnings, 0 info in 3 documents (41 facts)'."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return (f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
            f"{counts['info']} info in {_plural(len(result.documents), 'document')} "
            f"({_plural(result.fact_count, 'fact')})")


def known_line(count: int) -> str:
    return f"{_plural(count, 'known finding')} accepted by the baseline"


def resolved_line(entry: dict[str, Any]) -> str:
    return (f"resolved: {entry.get('rule', '?')} {one_line(str(entry.get('entity', '')))} · "
            f"{one_line(str(entry.get('attribute', '')))} ({entry.get('fingerprint', '')})")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class SpanEnds:
    """Where evidence spans end in their files: the line and the column after the last
    character, from the document's own positions (an HTML page's text is not its file)."""

    def __init__(self, result: Result) -> None:
        self._documents: dict[str, Document] = {d.id: d for d in result.documents}

    def __call__(self, evidence: Evidence) -> tuple[int, int] | None:
        doc = self._documents.get(evidence.source)
        if doc is None or evidence.end <= evidence.start or evidence.line < 1:
            return None
        line, column = doc.position(evidence.end - 1)
        return line, column + 1
