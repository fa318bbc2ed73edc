"""Stable identities of findings, for baselines and SARIF ``partialFingerprints``.

A fingerprint says *which disagreement* a finding is about, not *where* it was seen, so an
accepted finding stays accepted when unrelated edits move it around.

Recipe (``factcheck/v1``): the first 16 hex digits of the SHA-256 of the UTF-8 JSON array
``[rule, entity, attribute, values, sources]`` (``json.dumps(..., ensure_ascii=False,
separators=(",", ":"))``) where

- ``rule`` is the rule id as is;
- ``entity`` and ``attribute`` are canonical text: NFKC-normalised, casefolded, runs of
  whitespace collapsed to one space, trimmed;
- ``values`` are the distinct values that cannot hold together, sorted: ``Finding.values`` when
  the rule set them, otherwise each evidence's ``value``. A number (or a string that reads as
  one) is written canonically — ``64``, ``64.0`` and ``"64"`` all give ``64``, ``2.50``
  gives ``2.5`` — and any other string is canonical text as above;
- ``sources`` are the distinct source ids of the evidence, sorted.

Offsets, lines, columns, paths, sentences, quoted text, the severity and the message never
enter it: moving a paragraph, editing another sentence, reflowing whitespace, reordering
evidence or files, changing a rule's severity or rewording its message leave it unchanged.
Changing a value, the entity, the attribute, the rule, or which sources disagree gives a new
fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata

from factcheck.model import Finding

VERSION = "factcheck/v1"
LENGTH = 16


def canonical_text(text: str) -> str:
    """NFKC, casefolded, whitespace collapsed: 'Red  Cross\\n' -> 'red cross'."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def canonical_number(number: float) -> str:
    """Shortest round-tripping form, integral values without a fraction: 64.0 -> '64'."""
    if math.isfinite(number) and number == int(number):
        return str(int(number))
    return repr(float(number))


def canonical_value(value: float | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return canonical_number(value)
    text = canonical_text(value)
    try:
        number = float(text)
    except ValueError:
        return text
    # 'nan'/'inf' read as floats but are words here; keep them as written.
    return canonical_number(number) if math.isfinite(number) else text


def normalised_values(finding: Finding) -> list[str]:
    """The distinct canonical values a finding is about, sorted."""
    raw: list[float | str | None] = (
        list(finding.values) if finding.values else [e.value for e in finding.evidence]
    )
    return sorted({canonical_value(v) for v in raw if v is not None})


def source_ids(finding: Finding) -> list[str]:
    return sorted({e.source for e in finding.evidence})


def fingerprint(finding: Finding) -> str:
    payload = [finding.rule, canonical_text(finding.entity), canonical_text(finding.attribute),
               normalised_values(finding), source_ids(finding)]
    # surrogatepass: a source id from a file name that is not UTF-8 still hashes.
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass")
    return hashlib.sha256(encoded).hexdigest()[:LENGTH]


def finding_fingerprint(finding: Finding) -> str:
    """The fingerprint the rules engine stored on the finding, or computed now."""
    return finding.fingerprint or fingerprint(finding)
