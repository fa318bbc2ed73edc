"""The fast paths of the quotation and sentence scanners give exactly what the plain regular
expressions they stand for give, on arbitrary text (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract import quotes, sentences

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

# The patterns as written before their fast paths.
_OLD_CANDIDATE = re.compile(
    r"(?P<newline>\n\s*+)"
    rf"|(?P<punct>[{sentences._TERMINALS}]++)(?P<closers>[{re.escape(sentences._CLOSERS)}]*+)"
)


def _spans(m: re.Match[str] | None) -> object:
    if m is None:
        return None
    return [m.span(g) for g in range(len(m.groups()) + 1)]


@settings(max_examples=400, deadline=None)
@given(text=any_text)
def test_verb_starts_are_those_of_the_verb_pattern(text: str) -> None:
    assert quotes._verb_starts(text) == [m.start() for m in quotes._VERB_RE.finditer(text)]


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


@settings(max_examples=400, deadline=None)
@given(text=any_text)
def test_sentence_candidates_are_those_of_the_two_branch_pattern(text: str) -> None:
    new = [(m.span(), m.group("newline") is not None, m.group().count("\n"),
            text[m.start():m.end("punct")] if m.group("punct") is not None else None)
           for m in sentences._CANDIDATE.finditer(text)]
    old = [(m.span(), m.group("newline") is not None,
            m.group("newline").count("\n") if m.group("newline") is not None else 0,
            m.group("punct")) for m in _OLD_CANDIDATE.finditer(text)]
    assert new == old
