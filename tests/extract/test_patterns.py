"""The prefix-tree pattern matches exactly what an alternation sorted longest first matches."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.patterns import (
    NOTHING,
    PhraseFinder,
    PhraseLists,
    lowered_phrase_lists,
    trie,
)

WORDS = st.text(alphabet="abc -", min_size=1, max_size=6)


def alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=8), st.text(alphabet="abcAB -x", max_size=60))
def test_trie_finds_what_the_sorted_alternation_finds(phrases: list[str], text: str) -> None:
    fence = r"(?<![\w-])(?:{})(?![\w-])"
    expected = re.compile(fence.format(alternation(phrases)), re.I)
    got = re.compile(fence.format(trie(phrases)), re.I)
    assert [m.span() for m in got.finditer(text)] == [m.span() for m in expected.finditer(text)]


def test_longest_phrase_wins_and_spaces_can_be_widened() -> None:
    pattern = re.compile(trie(["car", "car bomb", "carbon"], space=r"\s+"))
    assert [m.group() for m in pattern.finditer("a car  bomb, carbon and a car")] == [
        "car  bomb", "carbon", "car"]


def test_no_phrases_match_nothing() -> None:
    assert trie([]) == NOTHING and re.search(NOTHING, "anything x") is None


@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=8), st.text(alphabet="abc -_x1é", max_size=60))
def test_phrase_finder_finds_what_the_fenced_tree_finds(phrases: list[str], text: str) -> None:
    fenced = re.compile(rf"(?<![\w-])(?:{trie(phrases)})(?![\w-])")
    assert PhraseFinder(phrases).spans(text) == [m.span() for m in fenced.finditer(text)]


def test_phrase_finder_takes_the_longest_whole_word_phrase() -> None:
    finder = PhraseFinder(["car", "car bomb", "carbon", "bomb"])
    text = "a car bomb, carbon, a car-bomb, a car bombing and a car"
    assert [text[s:e] for s, e in finder.spans(text)] == ["car bomb", "carbon", "car", "car"]
    assert PhraseFinder([]).spans(text) == []


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(WORDS, max_size=5), min_size=1, max_size=3),
       st.text(alphabet="abc -_x1", max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_phrase_lists_find_what_each_fenced_tree_finds_in_a_range(
        lists: list[list[str]], text: str, start: int, end: int) -> None:
    start, end = min(start, end, len(text)), min(max(start, end), len(text))
    found = PhraseLists({str(i): phrases for i, phrases in enumerate(lists)}).spans(
        text, start, end)
    for i, phrases in enumerate(lists):
        fenced = re.compile(rf"(?<![\w-])(?:{trie(phrases)})(?![\w-])")
        assert found[str(i)] == [m.span() for m in fenced.finditer(text, start, end)]


def test_lowered_lists_hold_only_lists_of_ascii_phrases_in_lower_case() -> None:
    lists = lowered_phrase_lists({"deaths": ["Killed", "dead"], "quake": ["séisme", "quake"]})
    assert lists.names == ("deaths",)
    assert lists.spans("two killed, one dead in the quake") == {"deaths": [(4, 10), (16, 20)]}
