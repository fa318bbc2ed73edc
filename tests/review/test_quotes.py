"""Quotation claims: verbatim, reworded (with the word diff), misattributed, fabricated."""

from __future__ import annotations

import pytest

from factcheck.review_mode.claims import CONTRADICTED, SUPPORTED, DiffPart, ReviewResult
from factcheck.review_mode.context import _same_person
from factcheck.review_mode.quotes import word_diff

from .conftest import by_text


def test_same_words_under_another_speaker_are_misattributed(flood: ReviewResult) -> None:
    claim = by_text(flood)["We moved every family we could reach before midnight"]
    assert claim.status == CONTRADICTED
    assert claim.reason.startswith("misattributed")
    assert "Maria Okafor" in claim.reason


def test_misspelt_speaker_is_the_same_person(flood: ReviewResult) -> None:
    claim = by_text(flood)["The water rose faster than anyone had predicted"]
    assert claim.fact.speaker == "Maria Okafur"
    assert claim.status == SUPPORTED


def test_word_diff_marks_changed_words_only() -> None:
    parts = word_diff("The river rose faster than anyone predicted.",
                      "The river rose much faster than anyone predicted!")
    assert parts == [DiffPart("equal", "The river rose"), DiffPart("insert", "much"),
                     DiffPart("equal", "faster than anyone predicted!")]


def test_word_diff_ignores_case_punctuation_and_brackets() -> None:
    parts = word_diff("[The] council, we think, acted.", "the council we think acted")
    assert [p.op for p in parts] == ["equal"]


def test_word_diff_cuts_a_long_source_to_the_aligned_stretch() -> None:
    source = ("We began at dawn. We moved every family we could reach before midnight. "
              "Then we slept for two hours and started again on the east bank.")
    parts = word_diff(source, "We moved each family we could reach before midnight.")
    shown = " ".join(p.text for p in parts if p.op != "insert")
    assert "east bank" not in shown and "began" not in shown
    assert DiffPart("delete", "every") in parts and DiffPart("insert", "each") in parts


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Tomas Brandt", "Tomas K. Brandt", True),  # a middle initial
    ("Ines Varga", "Constable Ines Varga", True),  # a title the extractor kept
    ("Solis Mara", "Lena Solis Mara", True),  # the surname alone
    ("Ada Quist", "Valley Governor", True),  # a role names no one in particular
    ("Omar Haddad", "Karim Haddad", False),  # brothers
    ("Piet Jansen", "Lena Solis Mara", False),
])
def test_same_person_under_fuller_names(a: str, b: str, same: bool) -> None:
    assert _same_person(a, b) is same
