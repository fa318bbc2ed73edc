"""JSON: ``Result.to_json()``'s ``factcheck/result@1`` document, plus the baseline state.

With a baseline, two keys are added (the schema only ever gains keys): ``new``, the
fingerprints of findings the baseline does not hold, in findings order, and ``resolved``, the
baseline entries no longer found.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from factcheck.fingerprint import finding_fingerprint
from factcheck.output.common import is_new
from factcheck.result import Result, json_chunks
from factcheck.textsafe import escape_in_json


def render_json(result: Result, *, new: set[str] | None = None,
                resolved: list[dict[str, Any]] | None = None,
                include_facts: bool = False) -> str:
    return "".join(json_output(result, new=new, resolved=resolved, include_facts=include_facts))


def json_output(result: Result, *, new: set[str] | None = None,
                resolved: list[dict[str, Any]] | None = None,
                include_facts: bool = False) -> Iterator[str]:
    """``render_json`` in pieces, a finding (or fact) at a time: written out as it is made."""
    data = result.json_parts(include_facts=include_facts)
    if new is not None or resolved is not None:
        fingerprints = [finding_fingerprint(f) for f in result.sorted_findings()
                        if is_new(f, new)]
        data["new"] = list(dict.fromkeys(fingerprints))
        data["resolved"] = list(resolved or [])
    # A lone surrogate is one character: escaping piece by piece escapes the same ones.
    return map(escape_in_json, json_chunks(data))
