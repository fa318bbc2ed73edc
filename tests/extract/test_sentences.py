"""Sentence splitting: abbreviations, initials, decimals, quotes, headings, offsets, linear time."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from factcheck.extract.sentences import sentence_index, split_sentences


def texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Abbreviations and titles inside a sentence.
        (
            "The U.S. Geological Survey said Dr. Ana Ruiz measured the quake. "
            "Aftershocks followed.",
            ["The U.S. Geological Survey said Dr. Ana Ruiz measured the quake.",
             "Aftershocks followed."],
        ),
        (
            "Mr. Okafor met U.K. officials in St. Louis on Jan. 5 to discuss the flood.",
            ["Mr. Okafor met U.K. officials in St. Louis on Jan. 5 to discuss the flood."],
        ),
        (
            "Some towns, e.g. Dorval, flooded, i.e. the river rose. See No. 4 on the list.",
            ["Some towns, e.g. Dorval, flooded, i.e. the river rose.", "See No. 4 on the list."],
        ),
        # A dotted acronym ends a sentence when a common opener follows.
        (
            "Turnout fell in the U.S. The next day the count resumed.",
            ["Turnout fell in the U.S.", "The next day the count resumed."],
        ),
        (
            "Shares of Lumen Corp. The company said profit doubled.",
            ["Shares of Lumen Corp.", "The company said profit doubled."],
        ),
        (
            "Lumen Inc. Chief Executive Dana Wolfe resigned.",
            ["Lumen Inc. Chief Executive Dana Wolfe resigned."],
        ),
        # Initials, decimals and times do not end a sentence.
        (
            "The essay by J. R. R. Tolkien sold. George W. Bush read it.",
            ["The essay by J. R. R. Tolkien sold.", "George W. Bush read it."],
        ),
        (
            "The river rose 3.5 metres by 4 p.m. on Sunday. Crews left.",
            ["The river rose 3.5 metres by 4 p.m. on Sunday.", "Crews left."],
        ),
        # Closing quotes belong to the sentence; a lower-case word after "?" continues it.
        (
            'The coach said, "We are done." Then he left the stadium.',
            ['The coach said, "We are done."', "Then he left the stadium."],
        ),
        (
            "“Why now?” she asked. “Because the dam is full.”",
            ["“Why now?” she asked.", "“Because the dam is full.”"],
        ),
        (
            "Wait… The polls reopened. Really? Yes! It was odd... and late.",
            ["Wait…", "The polls reopened.", "Really?", "Yes!", "It was odd... and late."],
        ),
        (
            "Turnout was 61.2 per cent.The count went on.",
            ["Turnout was 61.2 per cent.The count went on."],
        ),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_headings_bylines_and_blank_lines_end_sentences() -> None:
    text = (
        "Flood Toll Rises in River Towns\n"
        "By Jane Doe (Reuters)\n"
        "March 3, 2024\n"
        "\n"
        "The river burst its banks on Monday\n"
        "\n"
        "Officials said 40 people died"
    )
    assert texts(text) == [
        "Flood Toll Rises in River Towns",
        "By Jane Doe (Reuters)",
        "March 3, 2024",
        "The river burst its banks on Monday",
        "Officials said 40 people died",
    ]


def test_hard_wrapped_prose_is_not_split_at_line_ends() -> None:
    text = (
        "The electoral commission said on Sunday that turnout in the northern\n"
        "provinces had fallen sharply since the last vote, according to the\n"
        "Associated Press, and that the count would resume in the morning.\n"
        "Observers agreed."
    )
    assert texts(text) == [
        "The electoral commission said on Sunday that turnout in the northern\n"
        "provinces had fallen sharply since the last vote, according to the\n"
        "Associated Press, and that the count would resume in the morning.",
        "Observers agreed.",
    ]


def test_long_line_without_punctuation_ends_before_a_capitalised_line() -> None:
    text = (
        "Rescue teams from three neighbouring regions searched the collapsed buildings overnight\n"
        "Aftershocks continued into the afternoon."
    )
    assert len(texts(text)) == 2


def test_offsets_match_the_text_and_strip_whitespace() -> None:
    text = "  First one.   Second one!\n\n  Third one?  "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one.", "Second one!", "Third one?"]
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\t \n"])
def test_empty_or_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_sentence_index() -> None:
    text = "The dam held. The levee broke.  Crews arrived."
    sentences = split_sentences(text)
    assert len(sentences) == 3
    assert sentence_index(sentences, 0) == 0
    assert sentence_index(sentences, text.index("levee")) == 1
    assert sentence_index(sentences, text.index("Crews") - 1) == 1  # in the gap: the one before
    assert sentence_index(sentences, text.index("arrived")) == 2
    assert sentence_index(sentences, len(text) + 10) == 2
    assert sentence_index([], 5) == -1
    leading = split_sentences("   Storm warning.")
    assert sentence_index(leading, 0) == 0  # before the first sentence: the first


def _cpu_seconds(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.process_time()
        function(text)
        best = min(best, time.process_time() - began)
    return best


@pytest.mark.parametrize(
    "unit",
    [
        "the flood waters rose again and again, ",  # no full stop at all
        ".",  # one endless run of dots
        "U.S. ",  # an abbreviation every few characters
        "\n",
        " ",
        'Why?" ',
    ],
)
def test_time_grows_linearly(unit: str) -> None:
    small = unit * (20_000 // len(unit))
    large = unit * (200_000 // len(unit))
    small_time = max(_cpu_seconds(split_sentences, small), 1e-4)
    large_time = _cpu_seconds(split_sentences, large)
    # Ten times the text: linear costs about ten times as much, quadratic about a hundred.
    assert large_time / small_time < 40


def test_letter_after_hyphen_ends_a_sentence() -> None:
    text = "The army has been fighting Group-K. Rebels in the north disagree."
    assert [s.text for s in split_sentences(text)] == [
        "The army has been fighting Group-K.", "Rebels in the north disagree."]


def test_single_letter_before_a_sentence_opener_ends_a_sentence() -> None:
    text = "Rebels attacked Plan B. The army responded."
    assert len(split_sentences(text)) == 2


def test_equal_sentences_of_two_texts_share_one_string() -> None:
    first = split_sentences("Ferries stopped at noon. The port reopened on Friday evening.")
    second = split_sentences("Storm warnings went up. The port reopened on Friday evening.")
    assert first[1].text == second[1].text == "The port reopened on Friday evening."
    assert first[1].text is second[1].text
    assert first[0].text != second[0].text
