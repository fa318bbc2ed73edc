"""GitHub Actions workflow commands: one annotation per (new) finding.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::MESSAGE`` — ``warning`` for
warnings, ``notice`` for info. Values are escaped as the runner expects: ``%``, CR and LF in
the message; also ``:`` and ``,`` in properties. Findings a baseline accepts are not
annotated; the run ends with the plain-text summary.
"""

from __future__ import annotations

from typing import Any

from factcheck.model import Finding
from factcheck.output.common import (
    SpanEnds,
    anchor,
    is_new,
    known_line,
    resolved_line,
    summary,
)
from factcheck.result import Result

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, ends: SpanEnds | None = None) -> str:
    properties: list[tuple[str, str]] = []
    evidence = anchor(finding)
    if evidence is not None:
        properties.append(("file", evidence.path))
        if evidence.line >= 1:
            properties += [("line", str(evidence.line)), ("col", str(evidence.column))]
            end = ends(evidence) if ends is not None else None
            if end is None and "\n" not in evidence.text:
                end = evidence.line, evidence.column + len(evidence.text)
            if end is not None and end[0] == evidence.line:
                properties += [("endLine", str(end[0])), ("endColumn", str(end[1]))]
    properties.append(("title", finding.rule))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(finding.message)}"


def render_github(result: Result, *, new: set[str] | None = None,
                  resolved: list[dict[str, Any]] | None = None) -> str:
    findings = result.sorted_findings()
    shown = [f for f in findings if is_new(f, new)]
    ends = SpanEnds(result)
    lines = [annotation(f, ends) for f in shown]
    lines.extend(resolved_line(entry) for entry in resolved or [])
    lines.append(summary(result, shown))
    if new is not None:
        lines.append(known_line(len(findings) - len(shown)))
    return "\n".join(lines) + "\n"
