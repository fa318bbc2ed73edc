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

import ahocorasick

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


class PhraseFinder:
    r"""The phrases as whole words, found in one pass over a text by an Aho-Corasick automaton
    (pyahocorasick): the spans that ``(?<![\w-])(?:<tree of the phrases>)(?![\w-])`` finds,
    the longest phrase at each start, left to right, never overlapping. Case-sensitive: give
    it lower-case phrases and a lowered text."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for phrase in phrases:
            if phrase:
                self._automaton.add_word(phrase, len(phrase))
        if len(self._automaton):
            self._automaton.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not len(self._automaton):
            return []
        longest: dict[int, int] = {}  # start -> end of the longest whole-word phrase there
        for last, length in self._automaton.iter(text):
            start, end = last + 1 - length, last + 1
            if (start and _in_word(text[start - 1])) or (end < len(text) and _in_word(text[end])):
                continue
            if longest.get(start, start) < end:
                longest[start] = end
        found: list[tuple[int, int]] = []
        for start in sorted(longest):
            if not found or start >= found[-1][1]:
                found.append((start, longest[start]))
        return found


def _in_word(char: str) -> bool:
    r"""What \w and the hyphen match: a phrase next to one is inside a longer word."""
    return char.isalnum() or char in "_-"
