"""Regular expressions for word lists from the rules data.

An alternation of many words ("attack|bombing|blast|…") makes the engine try every word at
every position; the same words as a prefix tree ("b(?:last|ombing)") try one branch per letter.
At each node the longer continuation is tried first, so a match is the longest phrase there,
as with an alternation sorted longest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

NOTHING = r"(?!x)x"  # a pattern that never matches: the tree of no phrases


def trie(phrases: Iterable[str], *, space: str | None = None) -> str:
    """A pattern matching any of ``phrases``; ``space``: what a space in a phrase matches
    (default: a space)."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [(space if char == " " and space else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(root) or NOTHING
