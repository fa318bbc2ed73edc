"""What ingest could not read, and whether the run can go on without it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Line and paragraph separators and other controls: a message stays on one line.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # the file (or "file:LINE" for a JSON Lines record)
    reason: str
    # True only for a path named explicitly that does not exist or cannot be read at all.
    fatal: bool = False

    def __post_init__(self) -> None:
        for name in ("path", "reason"):
            value = getattr(self, name)
            if _CONTROL_RE.search(value):
                object.__setattr__(self, name, _CONTROL_RE.sub(_escape, value))

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}"


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")
