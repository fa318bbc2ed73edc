"""The quotation scanner's shortcuts (a window, a test before a search) give exactly what the
plain regular expressions they stand for give, on arbitrary text (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract import quotes

# Tokens that reach the name, pronoun, auxiliary and speech-verb patterns, joined by assorted
# separators, so that generated texts hold many near-attributions and not only noise.
ATTRIBUTION_TOKENS = [
    "said", "says", "told", "tells", "added", "asked", "pointed out", "put it", "out", "unsaid",
    "Said", "saidx", "he", "He", "she", "She", "they", "They", "the", "them", "has", "had",
    "have", "also", "later", "then", "once", "further", "Smith", "Anna-Lena", "O'Brien",
    "O’Neil", "AT&T", "COVID-19", "Mr.", "Dr.", "U.S.", "F.", "al-Haddad", "van", "de", "bin",
    "Ω", "É", "é", "ǅ", "x", "3", "_", "-", "'", "’", "&", ".", ",", ";", ":", "!", "?", "…",
    "“", "”", "\"", "(", ")",
]
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", "\n\n", "\r\n", ", ", ". ", "  ", "\t",
                              "\u00a0", " \n "])
attribution_text = st.lists(
    st.tuples(st.sampled_from(ATTRIBUTION_TOKENS), SEPARATORS), max_size=50
).map(lambda pairs: "".join(token + separator for token, separator in pairs))
any_text = st.one_of(st.text(max_size=300), attribution_text)

def _spans(m: re.Match[str] | None) -> object:
    if m is None:
        return None
    return [m.span(g) for g in range(len(m.groups()) + 1)]


@settings(max_examples=400, deadline=None)
@given(text=any_text)
def test_trailing_auxiliaries_are_those_of_the_pattern(text: str) -> None:
    aux = quotes._TRAILING_AUX_RE.search(text, max(0, len(text) - 60))
    expected = text if aux is None else text[:aux.start()]
    assert quotes._without_trailing_aux(text) == expected


@settings(max_examples=600, deadline=None)
@given(text=any_text)
def test_name_end_is_the_pattern_match(text: str) -> None:
    expected = quotes._NAME_END_RE.search(text, max(0, len(text) - 80))
    assert _spans(quotes._name_end(text)) == _spans(expected)
