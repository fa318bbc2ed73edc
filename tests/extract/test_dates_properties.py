"""Properties of the date and sentence extractors on arbitrary text (hypothesis)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.dates import find_dates
from factcheck.extract.sentences import sentence_index, split_sentences

# Tokens that reach every branch of the date patterns, joined by assorted separators, so that
# generated texts hold many near-dates and not only noise.
DATE_TOKENS = [
    "in", "In", "on", "since", "by", "from", "to", "between", "and", "of", "the", "a", "last",
    "next", "this", "early", "mid-", "late", "ago", "days", "weeks", "months", "years", "week",
    "month", "year", "night", "today", "Today", "yesterday", "May", "MAY", "may", "March",
    "march", "August", "Aug.", "Sept", "June", "Thursday", "Thursday's", "Friday", "Black",
    "will", "now", "people", "homes", "Struggle", "be", "2013", "2021", "1999", "2000", "3000",
    "2,000", "26", "31st", "3rd", "0", "99", "2021-08-27", "2021-13-40", "10:30", "24/7", "%",
    "U.S.", "Dr.", "e.g.", "J.", "3.5", "…", "...", "?", "!", ".", ",", "\"", "”", "’s", "'s",
    "-", "–",
]
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", "\n\n", ", ", ". ", "  ", "\t", "\u00a0"])
date_like_text = st.lists(st.tuples(st.sampled_from(DATE_TOKENS), SEPARATORS), max_size=60).map(
    lambda pairs: "".join(token + separator for token, separator in pairs)
)
any_text = st.one_of(st.text(max_size=300), date_like_text)
any_published = st.one_of(
    st.none(),
    st.dates(),
    st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 12, 31)),
)


@settings(max_examples=400, deadline=None)
@given(text=any_text, published=any_published)
def test_dates_never_raise_and_spans_are_exact(
    text: str, published: datetime.date | None
) -> None:
    mentions = find_dates(text, published)
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        assert mention.start >= previous_end  # sorted, never overlapping
        previous_end = mention.end
        if mention.day is not None:
            assert mention.month is not None
            datetime.date(mention.year, mention.month, mention.day)  # a real calendar day
        elif mention.month is not None:
            assert 1 <= mention.month <= 12
        assert mention.iso().startswith(f"{mention.year:04d}")
        if published is None:  # never guessed from nothing: only a yearless day or month
            # placed in the year of a date the text states in full
            assert not mention.relative or any(
                m.month is not None and not m.relative for m in mentions)


@settings(max_examples=400, deadline=None)
@given(text=any_text)
def test_sentences_cover_the_text_in_order_without_overlap(text: str) -> None:
    sentences = split_sentences(text)
    position = 0
    for sentence in sentences:
        assert position <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert text[position:sentence.start].strip() == ""  # only whitespace is left out
        position = sentence.end
    assert text[position:].strip() == ""


@settings(max_examples=200, deadline=None)
@given(text=any_text)
def test_sentence_index_finds_the_sentence_holding_each_offset(text: str) -> None:
    sentences = split_sentences(text)
    for index, sentence in enumerate(sentences):
        for offset in (sentence.start, (sentence.start + sentence.end) // 2, sentence.end - 1):
            assert sentence_index(sentences, offset) == index
