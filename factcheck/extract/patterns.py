"""Regular expressions for word lists from the rules data.

An alternation of many words ("attack|bombing|blast|…") makes the engine try every word at
every position; the same words as a prefix tree ("b(?:last|ombing)") try one branch per letter.
At each node the longer continuation is tried first, so a match is the longest phrase there,
as with an alternation sorted longest first. (Measured: with plain alternations in its place a
run takes 14% more instructions, at 300 generated documents.)
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


class PhraseLists:
    r"""Named lists of phrases, each found as whole words in one Aho-Corasick pass over a
    text for them all (pyahocorasick): for each list, the spans that
    ``(?<![\w-])(?:<tree of its phrases>)(?![\w-])`` finds, the longest phrase at each start,
    left to right, never overlapping. Case-sensitive: give it lower-case phrases and a lowered
    text."""

    def __init__(self, lists: dict[str, Iterable[str]]) -> None:
        self.names = tuple(lists)
        owners: dict[str, dict[str, None]] = {}  # phrase -> the lists holding it
        for name, phrases in lists.items():
            for phrase in phrases:
                if phrase:
                    owners.setdefault(phrase, {})[name] = None
        self._automaton = ahocorasick.Automaton()
        for phrase, names in owners.items():
            self._automaton.add_word(phrase, (len(phrase), tuple(names)))
        if owners:
            self._automaton.make_automaton()

    def spans(self, text: str, start: int = 0, end: int | None = None
              ) -> dict[str, list[tuple[int, int]]]:
        """Each list's spans in ``text[start:end]``, as a regex search from ``start`` to
        ``end`` finds them: the character before ``start`` still counts for a word boundary,
        and ``end`` ends a word."""
        end = len(text) if end is None else end
        longest: dict[str, dict[int, int]] = {name: {} for name in self.names}  # start -> end
        if len(self._automaton):
            # The range as a string of its own: the automaton reads all of a string it is
            # given, whatever range it is asked about.
            for last, (length, names) in self._automaton.iter(text[start:end]):
                first, after = start + last + 1 - length, start + last + 1
                if (first and _in_word(text[first - 1])) or (
                        after < end and _in_word(text[after])):
                    continue  # inside a longer word
                for name in names:
                    if longest[name].get(first, first) < after:
                        longest[name][first] = after
        return {name: _left_to_right(found) for name, found in longest.items()}


def lowered_phrase_lists(lists: dict[str, Iterable[str]]) -> PhraseLists:
    """The lists whose phrases are all ASCII, in lower case: those a lowered text can be
    searched for (lower-casing leaves the offsets of an ASCII phrase as they were)."""
    return PhraseLists({name: [p.lower() for p in phrases]
                        for name, phrases in ((n, list(ps)) for n, ps in lists.items())
                        if all(p.isascii() for p in phrases)})


class PhraseFinder:
    """One list of phrases (see PhraseLists)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._lists = PhraseLists({"": phrases})

    def spans(self, text: str) -> list[tuple[int, int]]:
        return self._lists.spans(text)[""]


def _left_to_right(longest: dict[int, int]) -> list[tuple[int, int]]:
    """The spans a left-to-right search takes: from each start, the longest; none overlapping."""
    found: list[tuple[int, int]] = []
    for start in sorted(longest):
        if not found or start >= found[-1][1]:
            found.append((start, longest[start]))
    return found


def _in_word(char: str) -> bool:
    r"""What \w and the hyphen match: a phrase next to one is inside a longer word."""
    return char.isalnum() or char in "_-"
