"""Machine- and human-readable renderings of a Result for CI: text, json, sarif, junit, github.

Every formatter takes the same inputs: the Result, and — when a baseline is in use — ``new``
(fingerprints of findings the baseline does not hold) and ``resolved`` (baseline entries, as
dicts, no longer found). ``new=None`` means no baseline: every finding counts as new.
Outputs are deterministic: findings in ``Result.sorted_findings()`` order, no timestamps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from factcheck.output.github import render_github
from factcheck.output.jsonfmt import render_json
from factcheck.output.junit import render_junit
from factcheck.output.sarif import render_sarif
from factcheck.output.text import render_text
from factcheck.result import Result

_RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def render(fmt: str, result: Result, *, new: set[str] | None = None,
           resolved: list[dict[str, Any]] | None = None, include_facts: bool = False,
           rule_docs: dict[str, str] | None = None, fail_on: str = "error") -> str:
    """``result`` in format ``fmt``; ``include_facts`` is for json, ``rule_docs`` for sarif,
    ``fail_on`` (the exit code's threshold) for junit, whose failures it decides."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
    options: dict[str, Any] = {"new": new, "resolved": resolved}
    if fmt == "json":
        options["include_facts"] = include_facts
    if fmt == "sarif":
        options["rule_docs"] = rule_docs
    if fmt == "junit":
        options["fail_on"] = fail_on
    return _RENDERERS[fmt](result, **options)


__all__ = ["FORMATS", "render"]
