"""The tool's own outputs are never read as documents: an HTML report (its generator meta),
text or annotation output (its closing summary line), a review's text output (its opening
summary line). JSON, SARIF and JUnit outputs and the baseline are not document types at all."""

from __future__ import annotations

import re

_REPORT = re.compile(r"<meta\s+name=[\"']?generator[\"']?\s+content=[\"']?factcheck\b",
                     re.IGNORECASE)
_CHECK_SUMMARY = re.compile(r"\d+ errors?, \d+ warnings?, \d+ info in \d+ documents? "
                            r"\(\d+ facts?\)")
_KNOWN_LINE = re.compile(r"\d+ known findings? accepted by the baseline")
_REVIEW_SUMMARY = re.compile(r"Review of .+ against \d+ sources?.*: \d+ checkable claims?: "
                             r"\d+ contradicted, \d+ unsupported, \d+ disputed, \d+ supported "
                             r"\(\d+% supported\)")


def own_output(text: str) -> str | None:
    """What output of factcheck ``text`` is ("a factcheck report" …), or None."""
    if _REPORT.search(text[:4096]):
        return "a factcheck report"
    lines = [line.strip() for line in text[-1000:].splitlines() if line.strip()]
    if lines and _KNOWN_LINE.fullmatch(lines[-1]):
        lines.pop()
    if lines and _CHECK_SUMMARY.fullmatch(lines[-1]):
        return "factcheck output"
    first = text[:2000].lstrip().split("\n", 1)[0].strip()
    if _REVIEW_SUMMARY.fullmatch(first):
        return "factcheck review output"
    return None
