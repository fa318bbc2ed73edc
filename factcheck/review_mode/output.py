"""A review in the CI formats: text, json, sarif, junit, github.

    render_review(fmt, result) -> str

Claims come in actionable order (contradicted, unsupported, disputed, supported; reading order
within each), every format leads or ends with the summary line, and nothing depends on the
clock, so equal inputs give equal outputs. Severity per status, wherever a format has one:
contradicted is an error, disputed a warning, unsupported a note (something to verify, not a
fault); supported claims are listed in text, json and junit, and not annotated elsewhere.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from factcheck import __version__
from factcheck.fingerprint import VERSION, finding_fingerprint
from factcheck.model import Evidence, Finding
from factcheck.output.common import one_line
from factcheck.output.github import escape_data, escape_property
from factcheck.output.junit import _xml_text
from factcheck.output.junit import finish as finish_junit
from factcheck.output.sarif import SARIF_SCHEMA, _location
from factcheck.review_mode.claims import (
    CONTRADICTED,
    DISPUTED,
    STATUS_MEANINGS,
    STATUSES,
    SUPPORTED,
    UNSUPPORTED,
    Claim,
    DiffPart,
    ReviewResult,
)

SARIF_LEVELS = {CONTRADICTED: "error", DISPUTED: "warning", UNSUPPORTED: "note"}
GITHUB_COMMANDS = {CONTRADICTED: "error", DISPUTED: "warning", UNSUPPORTED: "notice"}


def render_review(fmt: str, result: ReviewResult) -> str:
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
    return _RENDERERS[fmt](result)


# -- shared pieces -------------------------------------------------------------------------------


def headline(result: ReviewResult) -> str:
    """'Review of PATH against 3 sources (2 independent): 46 checkable claims: …'."""
    doc = result.reviewed
    path = doc.path if doc is not None else "?"
    used = result.sources_used
    origins = len(result.independent_sources)
    noun = "source" if len(used) == 1 else "sources"
    independent = f" ({origins} independent)" if origins != len(used) else ""
    aside = f", {len(result.set_aside)} set aside" if result.set_aside else ""
    return (f"Review of {path} against {len(used)} {noun}{independent}{aside}: "
            f"{result.summary().line()}")


def anchor(claim: Claim, result: ReviewResult) -> Evidence:
    """The claim's own place in the document, as an Evidence (for locations)."""
    path = result.reviewed.path if result.reviewed is not None else ""
    return Evidence.from_fact(claim.fact, path)


def topic(claim: Claim) -> str:
    return f"{one_line(claim.fact.entity)} · {one_line(claim.fact.attribute)}"


def claim_line(claim: Claim, result: ReviewResult) -> str:
    """'path:8:74: contradicted quantity  event · deaths: “64 people” — reason'."""
    where = anchor(claim, result)
    return (f"{where.path}:{where.line}:{where.column}: {claim.status} {claim.kind}  "
            f"{topic(claim)}: “{one_line(claim.fact.text)}” — {one_line(claim.reason)}")


def diff_text(parts: list[DiffPart]) -> str:
    """'These [-emissaries-] {+envoys+} networked': wdiff notation, source → document."""
    out = []
    for part in parts:
        if part.op == "delete":
            out.append(f"[-{part.text}-]")
        elif part.op == "insert":
            out.append(f"{{+{part.text}+}}")
        else:
            out.append(part.text)
    return " ".join(out)


def details(claim: Claim) -> list[str]:
    """The suggestion, the word diff and the cited passages, one line each."""
    lines = []
    if claim.suggestion:
        lines.append(f"suggested spelling: {claim.suggestion}")
    if claim.diff:
        lines.append(f"word diff (source → document): {diff_text(claim.diff)}")
    for passage in claim.passages:
        e = passage.evidence
        lines.append(f"{passage.stance}: {e.path}:{e.line}:{e.column}: "
                     f"“{one_line(e.text)}” — {one_line(e.sentence)}")
    return lines


def fingerprint(claim: Claim, result: ReviewResult) -> str:
    """A stable id for the claim's status (factcheck/v1 recipe): what is claimed and how it
    stands, never where."""
    as_finding = Finding(f"review-{claim.status}", "info", claim.fact.entity,
                         claim.fact.attribute, "", [anchor(claim, result)],
                         values=[str(claim.fact.value)])
    return finding_fingerprint(as_finding)


# -- text ----------------------------------------------------------------------------------------


def render_text(result: ReviewResult) -> str:
    lines = [headline(result)]
    for warning in result.warnings:
        lines.append(f"warning: {warning}")
    current = None
    for claim in result.claim_list():
        if claim.status != current:
            current = claim.status
            count = result.summary().counts[current]
            lines += ["", f"{current.upper()} ({count}): {STATUS_MEANINGS[current]}"]
        lines.append(claim_line(claim, result))
        if claim.status != SUPPORTED:
            lines.extend(f"    {line}" for line in details(claim))
    return "\n".join(lines) + "\n"


# -- json ----------------------------------------------------------------------------------------


def render_json(result: ReviewResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


# -- sarif ---------------------------------------------------------------------------------------


def render_sarif(result: ReviewResult) -> str:
    reported = [c for c in result.claim_list() if c.status in SARIF_LEVELS]
    rule_ids = [f"review-{status}" for status in STATUSES if status in SARIF_LEVELS]
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = [{"id": f"review-{status}", "shortDescription": {"text": STATUS_MEANINGS[status]},
              "help": {"text": STATUS_MEANINGS[status]},
              "defaultConfiguration": {"level": SARIF_LEVELS[status]}}
             for status in STATUSES if status in SARIF_LEVELS]
    run = {
        "tool": {"driver": {"name": "factcheck", "version": __version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(c, index[f"review-{c.status}"], result) for c in reported],
        "properties": {"summary": result.summary().line()},
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _sarif_result(claim: Claim, rule_index: int, result: ReviewResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f"review-{claim.status}",
        "ruleIndex": rule_index,
        "level": SARIF_LEVELS[claim.status],
        "message": {"text": f"{topic(claim)}: “{one_line(claim.fact.text)}” — "
                            f"{one_line(claim.reason)}"},
        "locations": [_location(anchor(claim, result))],
    }
    if claim.passages:
        out["relatedLocations"] = [
            _location(p.evidence, ident=i, message=f"{p.evidence.source} {p.stance}: "
                                                   f"{one_line(p.evidence.text)}")
            for i, p in enumerate(claim.passages, start=1)]
    out["partialFingerprints"] = {VERSION: fingerprint(claim, result)}
    out["properties"] = {"status": claim.status, "kind": claim.kind,
                         "entity": claim.fact.entity, "attribute": claim.fact.attribute,
                         "supporting_sources": list(claim.supporting),
                         "contradicting_sources": list(claim.contradicting),
                         "suggestion": claim.suggestion}
    return out


# -- junit ---------------------------------------------------------------------------------------


def render_junit(result: ReviewResult) -> str:
    """One testcase per claim: contradicted fails, unsupported and disputed are skipped (not
    verified), supported passes."""
    claims = result.claim_list()
    suites = ET.Element("testsuites", name="factcheck review")
    suite = ET.SubElement(suites, "testsuite", name=headline(result).split(":", 1)[0])
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="summary", value=_xml_text(result.summary().line()))
    failures = skipped = 0
    for claim in claims:
        where = anchor(claim, result)
        case = ET.SubElement(suite, "testcase", classname=f"review.{claim.kind}",
                             name=_xml_text(f"#{claim.number} {topic(claim)}: "
                                            f"{one_line(claim.fact.text)}"),
                             file=_xml_text(where.path), line=str(where.line))
        message = _xml_text(f"{claim.status}: {one_line(claim.reason)}")
        if claim.status == CONTRADICTED:
            failures += 1
            failure = ET.SubElement(case, "failure", type=claim.status, message=message)
            failure.text = _xml_text("\n".join([claim_line(claim, result), *details(claim)]))
        elif claim.status in (UNSUPPORTED, DISPUTED):
            skipped += 1
            ET.SubElement(case, "skipped", message=message)
    if not claims:
        ET.SubElement(suite, "testcase", classname="review", name="no checkable claims")
    return finish_junit(suites, suite, max(len(claims), 1), failures, skipped)


# -- github --------------------------------------------------------------------------------------


def render_github(result: ReviewResult) -> str:
    lines = [_annotation(c, result) for c in result.claim_list() if c.status in GITHUB_COMMANDS]
    lines.append(headline(result))
    return "\n".join(lines) + "\n"


def _annotation(claim: Claim, result: ReviewResult) -> str:
    where = anchor(claim, result)
    properties = [("file", where.path)]
    if where.line >= 1:
        properties += [("line", str(where.line)), ("col", str(where.column))]
        if "\n" not in where.text:
            properties += [("endLine", str(where.line)),
                           ("endColumn", str(where.column + len(where.text)))]
    properties.append(("title", f"{claim.status}: {topic(claim)}"))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = "\n".join([f"“{one_line(claim.fact.text)}” — {one_line(claim.reason)}",
                         *details(claim)])
    return f"::{GITHUB_COMMANDS[claim.status]} {props}::{escape_data(message)}"


_RENDERERS: dict[str, Callable[[ReviewResult], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)
