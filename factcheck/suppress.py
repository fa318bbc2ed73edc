"""Inline suppression: a marker in a document silences findings about the words near it.

Markers::

    <!-- factcheck: ignore -->                         every rule
    <!-- factcheck: ignore numeric-conflict -->        one rule
    <!-- factcheck: ignore numeric-conflict, date-conflict -->
    factcheck: ignore numeric-conflict                 a line of its own, in .txt files only

A marker covers its paragraph (lines up to the nearest blank lines), which includes its own
line; a paragraph holding nothing but markers covers the paragraph after it, so a comment can
sit on its own above the text it is about. A finding is suppressed when any of its evidence
lies in a covered paragraph for its rule: one source accepting a disagreement accepts it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.model import Document, Finding

ALL_RULES = "*"

_RULES = r"(?P<rules>[A-Za-z0-9][\w.-]*(?:[ \t]*,[ \t]*[A-Za-z0-9][\w.-]*)*)"
_COMMENT = re.compile(r"<!--[ \t\r\n]*factcheck:[ \t]*ignore\b(?:[ \t]+" + _RULES
                      + r")?[ \t\r\n]*-->", re.IGNORECASE)
_LINE = re.compile(r"^[ \t]*factcheck:[ \t]*ignore\b(?:[ \t]+" + _RULES + r")?[ \t]*\r?$",
                   re.IGNORECASE | re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t\r]*(?=\n)")


@dataclass(frozen=True)
class _Paragraph:
    start: int  # character offsets, half-open
    end: int
    rules: frozenset[str]  # rules it suppresses (ALL_RULES: every rule)


@dataclass(frozen=True)
class _Index:
    starts: list[int]  # paragraph start offsets, ascending
    paragraphs: list[_Paragraph]

    def rules_at(self, offset: int) -> frozenset[str]:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.paragraphs[i].end:
            return frozenset()
        return self.paragraphs[i].rules


def suppressed(finding: Finding, documents: dict[str, Document]) -> bool:
    """Whether a marker in one of the evidence's documents silences this finding."""
    rule = finding.rule.casefold()
    for evidence in finding.evidence:
        doc = documents.get(evidence.source)
        if doc is None:
            continue
        index = _index(doc.text, doc.path.lower().endswith(".txt"))
        if index is None:
            continue
        for offset in (evidence.start, max(evidence.start, evidence.end - 1)):
            rules = index.rules_at(offset)
            if ALL_RULES in rules or rule in rules:
                return True
    return False


def has_markers(doc: Document) -> bool:
    """Whether the document holds a marker: ``suppressed`` reads the texts of these alone."""
    return _index(doc.text, doc.path.lower().endswith(".txt")) is not None


@lru_cache(maxsize=256)
def _index(text: str, plain_text: bool) -> _Index | None:
    """The paragraphs of a document that carry markers; None when it has none (the norm)."""
    if "factcheck" not in text.casefold():
        return None
    markers = list(_COMMENT.finditer(text))
    if plain_text:
        markers += _LINE.finditer(text)
    if not markers:
        return None
    bounds = _paragraph_bounds(text)
    starts = [start for start, _ in bounds]
    found: dict[int, set[str]] = {}
    for match in markers:
        found.setdefault(bisect.bisect_right(starts, match.start()) - 1, set()).update(
            _rules(match.group("rules")))
    covered: dict[int, set[str]] = {}
    for i, rules in found.items():
        covered.setdefault(i, set()).update(rules)
        start, end = bounds[i]
        only_markers = not _strip_markers(text[start:end], plain_text).strip()
        if only_markers and i + 1 < len(bounds):
            covered.setdefault(i + 1, set()).update(rules)
    paragraphs = [_Paragraph(bounds[i][0], bounds[i][1], frozenset(rules))
                  for i, rules in sorted(covered.items())]
    return _Index([p.start for p in paragraphs], paragraphs)


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-blank lines, in order."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        bounds.append((start, blank.start()))
        start = blank.end() + 1
    bounds.append((start, len(text)))
    # Runs of blank lines give empty paragraphs; drop them so "next paragraph" means text.
    return [(s, e) for s, e in bounds if text[s:e].strip()] or [(0, len(text))]


def _rules(listed: str | None) -> set[str]:
    if not listed:
        return {ALL_RULES}
    return {r.strip().casefold() for r in listed.split(",") if r.strip()}


def _strip_markers(text: str, plain_text: bool) -> str:
    text = _COMMENT.sub("", text)
    return _LINE.sub("", text) if plain_text else text
