"""Linter lines: ``path:line:column: severity rule  entity · attribute: message``.

One line per finding, anchored at its first evidence, sorted by file and line, then a blank
line and a summary. With a baseline only new findings are listed; the known ones are counted,
the resolved ones named. Sources are named by key and title ('S2 “Floods hit the valley”').
"""

from __future__ import annotations

from typing import Any

from factcheck.model import SEVERITY_RANK, Finding
from factcheck.output.common import (
    anchor,
    is_new,
    known_line,
    one_line,
    resolved_line,
    source_names,
    summary,
    topic,
)
from factcheck.result import Result


def finding_line(finding: Finding, names: dict[str, str] | None = None) -> str:
    text = (f"{finding.severity} {finding.rule}  {topic(finding, names)}: "
            f"{one_line(finding.message)}")
    evidence = anchor(finding)
    if evidence is None:
        return text
    return f"{evidence.path}:{evidence.line}:{evidence.column}: {text}"


def render_text(result: Result, *, new: set[str] | None = None,
                resolved: list[dict[str, Any]] | None = None) -> str:
    findings = result.sorted_findings()
    # As a linter lists them: by file and line (then severity), so an editor walks the text.
    shown = sorted((f for f in findings if is_new(f, new)), key=_place)
    names = source_names(result)
    lines = [finding_line(f, names) for f in shown]
    if lines:
        lines.append("")
    lines.extend(resolved_line(entry) for entry in resolved or [])
    lines.append(summary(result, shown))
    if new is not None:
        lines.append(known_line(len(findings) - len(shown)))
    return "\n".join(lines) + "\n"


def _place(finding: Finding) -> tuple[str, int, int, int]:
    evidence = anchor(finding)
    if evidence is None:
        return ("", 0, 0, -SEVERITY_RANK[finding.severity])
    return (evidence.path, evidence.line, evidence.column, -SEVERITY_RANK[finding.severity])
