"""Word-level differences between two quotations, shared by the report and review mode."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class DiffPart:
    op: str  # equal | delete (words only the first text has) | insert (only the second)
    text: str


def word_diff(old: list[str], new: list[str], fold: Callable[[str], str]) -> list[DiffPart]:
    """``old`` → ``new`` as runs of words; words compare after ``fold``, equal runs show
    ``new``'s spelling."""
    matcher = difflib.SequenceMatcher(None, [fold(w) for w in old], [fold(w) for w in new],
                                      autojunk=False)
    parts: list[DiffPart] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", " ".join(new[b0:b1])))
            continue
        if a1 > a0:
            parts.append(DiffPart("delete", " ".join(old[a0:a1])))
        if b1 > b0:
            parts.append(DiffPart("insert", " ".join(new[b0:b1])))
    return parts
