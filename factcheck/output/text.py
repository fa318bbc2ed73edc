"""Linter lines: ``path:line:column: severity rule  entity · attribute: message``.

One line per finding, anchored at its first evidence, then a blank line and a summary. With a
baseline only new findings are listed; the known ones are counted, the resolved ones named.
"""

from __future__ import annotations

from typing import Any

from factcheck.model import Finding
from factcheck.output.common import (
    anchor,
    is_new,
    known_line,
    one_line,
    resolved_line,
    summary,
    topic,
)
from factcheck.result import Result


def finding_line(finding: Finding) -> str:
    text = f"{finding.severity} {finding.rule}  {topic(finding)}: {one_line(finding.message)}"
    evidence = anchor(finding)
    if evidence is None:
        return text
    return f"{evidence.path}:{evidence.line}:{evidence.column}: {text}"


def render_text(result: Result, *, new: set[str] | None = None,
                resolved: list[dict[str, Any]] | None = None) -> str:
    findings = result.sorted_findings()
    shown = [f for f in findings if is_new(f, new)]
    lines = [finding_line(f) for f in shown]
    if lines:
        lines.append("")
    lines.extend(resolved_line(entry) for entry in resolved or [])
    lines.append(summary(result, shown))
    if new is not None:
        lines.append(known_line(len(findings) - len(shown)))
    return "\n".join(lines) + "\n"
