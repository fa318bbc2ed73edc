"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run; ``tool.driver.rules`` lists every documented rule and every rule that fired, with its
documentation as ``help``. Each finding is a result located at its first evidence, with the
other evidence as ``relatedLocations``, its fingerprint as ``partialFingerprints
["factcheck/v1"]`` and, with a baseline, ``baselineState`` new or unchanged. Columns count
Unicode code points (``columnKind``), as factcheck's do. No timestamps, so equal inputs give
equal files. Relative paths are URIs relative to ``%SRCROOT%`` (``uriBaseId``), the root of the
checkout as code-scanning services resolve it; only a path outside the working folder is an
absolute ``file:`` URI.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from factcheck import __version__
from factcheck.fingerprint import VERSION, finding_fingerprint, normalised_values
from factcheck.model import Evidence, Finding
from factcheck.output.common import SpanEnds, is_new, one_line
from factcheck.result import Result
from factcheck.rules.engine import doc_section
from factcheck.textsafe import escape_in_json

SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(result: Result, *, new: set[str] | None = None,
                 resolved: list[dict[str, Any]] | None = None,
                 rule_docs: dict[str, str] | None = None) -> str:
    # ``resolved`` entries have no location in this run; SARIF consumers compare runs
    # themselves, so they are not reported here.
    del resolved
    docs = rule_docs or {}
    findings = result.sorted_findings()
    rule_ids = sorted(set(docs) | {f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    run = {
        "tool": {"driver": {"name": "factcheck", "version": __version__,
                            "rules": [_rule(r, docs.get(r, "")) for r in rule_ids]}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule], new, SpanEnds(result)) for f in findings],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return escape_in_json(json.dumps(log, ensure_ascii=False, indent=2)) + "\n"


def _rule(rule_id: str, doc: str) -> dict[str, Any]:
    return {"id": rule_id, "shortDescription": {"text": _summary(doc) or rule_id},
            "help": {"text": doc.strip() or rule_id}}


def _summary(doc: str) -> str:
    """The rule's 'What it finds:' text (whole, never cut mid-sentence), else its first line."""
    lines = [line.strip() for line in doc.splitlines() if line.strip()]
    return doc_section(doc, "What it finds") or (lines[0] if lines else "")


def _result(finding: Finding, rule_index: int, new: set[str] | None,
            ends: SpanEnds | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": one_line(finding.message) or finding.rule},
        "locations": [_location(e, ends=ends) for e in finding.evidence[:1]],
    }
    if len(finding.evidence) > 1:
        out["relatedLocations"] = [
            _location(e, ident=i, message=f"{e.source}: {one_line(e.text)}", ends=ends)
            for i, e in enumerate(finding.evidence[1:], start=1)
        ]
    out["partialFingerprints"] = {VERSION: finding_fingerprint(finding)}
    if new is not None:
        out["baselineState"] = "new" if is_new(finding, new) else "unchanged"
    out["properties"] = {"entity": finding.entity, "attribute": finding.attribute,
                         "values": normalised_values(finding),
                         "sources": sorted({e.source for e in finding.evidence})}
    return out


def _location(evidence: Evidence, *, ident: int | None = None,
              message: str | None = None, ends: SpanEnds | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(evidence.path)}
    region = _region(evidence, ends(evidence) if ends is not None else None)
    if region:
        physical["region"] = region
    location: dict[str, Any] = {}
    if ident is not None:
        location["id"] = ident
    location["physicalLocation"] = physical
    if message is not None:
        location["message"] = {"text": message}
    return location


def _region(evidence: Evidence, end: tuple[int, int] | None = None) -> dict[str, Any] | None:
    """Lines and columns of the evidence text; endColumn is the column after its last char.
    ``end``: where the span ends in the file, when its document says (else from the text)."""
    if evidence.line < 1 or evidence.column < 1:
        return None
    if end is not None:
        end_line, end_column = end
    else:
        parts = evidence.text.split("\n")
        end_line = evidence.line + len(parts) - 1
        end_column = (evidence.column if len(parts) == 1 else 1) + len(parts[-1])
    region: dict[str, Any] = {"startLine": evidence.line, "startColumn": evidence.column,
                              "endLine": end_line, "endColumn": end_column}
    if evidence.text:
        region["snippet"] = {"text": evidence.text}
    return region


SRCROOT = "%SRCROOT%"


def artifact_location(path: str) -> dict[str, str]:
    """``{"uri", "uriBaseId"}`` for a relative path; ``{"uri"}`` (a file URI) for another."""
    uri = artifact_uri(path)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": SRCROOT}


def artifact_uri(path: str) -> str:
    """A URI reference for a file path: relative paths stay relative, '/'-separated."""
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path.replace(os.sep, "/"))
