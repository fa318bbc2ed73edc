"""Sentence splitting with character offsets.

CONTRACT (implemented by the dates/sentences work):
    split_sentences(text: str) -> list[Sentence]
Sentences cover the text in order, never overlap; offsets index into ``text``; ``Sentence.text``
is ``text[start:end]`` stripped of surrounding whitespace (start/end adjusted to match).
Abbreviations (U.S., Dr., Jan., e.g.), decimals (3.5), initials (J. R. R.) do not end a sentence;
a blank line or a line break after a heading-like line always does. Closing quotes after a
full stop belong to the sentence. Linear time, no catastrophic backtracking.

How a boundary is decided:
- ``.``, ``!``, ``?``, ``…`` (runs of them, plus closing quotes/brackets) end a sentence when
  whitespace or the end of the text follows and the next word does not start in lower case.
  A full stop after a title (Dr., Mr., St.), ``e.g.``/``i.e.``, or a single capital (an initial)
  never ends one; after a month or "No." it does not when a number follows; after a dotted
  acronym (U.S., U.K.) or Inc./Jr./etc. it does only when a common sentence opener follows
  ("the U.S. The next day" splits, "U.S. President" does not).
- A blank line always ends a sentence. A single line break ends one when the line has no final
  punctuation, does not end on a joining character (comma, colon, hyphen...) or a function word
  ("of", "the"...), and either the line is short (a heading, a byline, a date line) or the next
  line starts with a capital, digit, quote or bullet.
"""

from __future__ import annotations

import bisect
import re
import sys

from factcheck.model import Sentence

# One pass finds every place a sentence may end: a line break (with the whitespace after it), or
# a run of terminal punctuation with its closing quotes. Quantifiers are possessive: nothing is
# retried or backtracked.
_TERMINALS = ".!?…"
_CLOSERS = "\"'”’»)]"
_CANDIDATE = re.compile(
    r"(?P<newline>\n\s*+)"
    rf"|(?P<punct>[{_TERMINALS}]++)(?P<closers>[{re.escape(_CLOSERS)}]*+)"
)
# The word (letters and inner dots) right before a full stop; searched in a short window only.
_WORD_BEFORE = re.compile(r"[A-Za-z][A-Za-z.]*$")
# First significant character after a boundary, skipping opening quotes and brackets.
_NEXT_SIGNIFICANT = re.compile(r"\s*+[\"'“‘«(\[]*+(?P<char>.)", re.DOTALL)
_NEXT_WORD = re.compile(r"[A-Za-z]+")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]$")
# How far back to look for the word before a full stop: longer than any abbreviation.
_LOOKBACK = 16
# A line without final punctuation this short is a heading, byline or date line.
_HEADING_MAX_CHARS = 50


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, the way it reads best in the source."""
    return frozenset(text.split())


# Never end a sentence: they introduce a name or an example.
_TITLES = _words(
    "mr mrs ms mx dr prof st mt ft gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov pres "
    "rev hon fr supt insp det messrs mme mlle e.g i.e cf vs viz approx ca"
)
# Do not end a sentence when a number follows ("Aug. 31", "No. 5", "p. 12").
_BEFORE_NUMBER = _words(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos vol p pp fig art sec ch"
)
# End a sentence only when a common sentence opener follows ("Apple Inc. The company ...").
_AMBIGUOUS = _words("inc ltd co corp jr sr etc plc llc bros al")
# Words that commonly open a sentence; after U.S./Inc./etc. they signal a new sentence.
_OPENERS = _words(
    "the a an this that these those there then thus but and or so yet however meanwhile "
    "he she it they we i you his her its their our my in on at after before when while if as "
    "since although though despite during for from with by some many most no not one two "
    "officials police authorities"
)
# A line ending on these continues on the next line.
_JOINING_CHARS = frozenset(",;:-–—(/&")
_FUNCTION_WORDS = _words(
    "a an the of to in on at by for from with and or but as that which who whose than"
)
_LINE_OPENERS = frozenset("\"'“‘«([-–—•*#")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets (see the module docstring for the rules)."""
    ends: list[int] = []
    line_start = 0
    for match in _CANDIDATE.finditer(text):
        if match.group("newline") is not None:
            if _line_break_ends_sentence(text, match, line_start):
                ends.append(match.start())
            line_start = match.end()
        elif _punctuation_ends_sentence(text, match):
            ends.append(match.end())
    ends.append(len(text))

    sentences: list[Sentence] = []
    start = 0
    for end in ends:
        if end <= start:
            continue
        sentence = _stripped(text, start, end)
        if sentence is not None:
            sentences.append(sentence)
        start = end
    return sentences


def sentence_index(sentences: list[Sentence], offset: int) -> int:
    """Index of the sentence containing ``offset``, else of the nearest one before it.

    An offset before the first sentence gives 0; an empty list gives -1.
    """
    if not sentences:
        return -1
    index = bisect.bisect_right(sentences, offset, key=lambda sentence: sentence.start) - 1
    return max(index, 0)


def _stripped(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    # Copies of one story repeat sentences word for word: equal sentences share one string
    # (at 1,000 generated documents half the sentences' memory, 2.4 KB a document). The
    # facts of a sentence hold the same string.
    return Sentence(start=start, end=end, text=sys.intern(text[start:end]))


def _punctuation_ends_sentence(text: str, match: re.Match[str]) -> bool:
    end = match.end()
    if end < len(text) and not text[end].isspace():
        return False  # "3.5", "U.S.-led", "e.g.,"
    following = _NEXT_SIGNIFICANT.match(text, end)
    if following is None:
        return True  # only whitespace (or quotes) left
    next_char = following.group("char")
    if next_char.islower():
        return False  # "etc. and", "“Why?” he asked"
    punct = text[match.start():match.end("punct")]  # the whole run of terminals
    if punct != ".":
        return True  # "?", "!", "...", "…" before a capital or digit
    before = _WORD_BEFORE.search(text, max(0, match.start() - _LOOKBACK), match.start())
    if before is None or before.end() != match.start():
        return True  # a number, a closing bracket...
    word = before.group()
    # A word cut by the lookback window is no abbreviation.
    if before.start() > 0 and text[before.start() - 1].isalpha():
        return True
    key = word.lower()
    if key in _TITLES:
        return False
    if len(word) == 1 and word.isupper() and (before.start() == 0
                                              or text[before.start() - 1].isspace()):
        # An initial ("J. R. R. Tolkien", "George W. Bush") unless a sentence opener follows
        # ("Plan B. The army…"); a letter after a hyphen ("Group-K.") ends a word instead.
        next_word = _NEXT_WORD.match(text, following.start("char"))
        return next_word is not None and next_word.group().lower() in _OPENERS
    if key in _BEFORE_NUMBER:
        return not next_char.isdigit()
    if key in _AMBIGUOUS or _DOTTED_ACRONYM.match(word):
        next_word = _NEXT_WORD.match(text, following.start("char"))
        return next_word is not None and next_word.group().lower() in _OPENERS
    return True


def _line_break_ends_sentence(text: str, match: re.Match[str], line_start: int) -> bool:
    if match.group().count("\n") > 1:
        return True  # blank line
    line_end = match.start()
    while line_end > line_start and text[line_end - 1].isspace():
        line_end -= 1
    if line_end == line_start:
        return False  # nothing on the line (leading whitespace of the text)
    before_closers = line_end
    while before_closers > line_start and text[before_closers - 1] in _CLOSERS:
        before_closers -= 1
    if before_closers > line_start and text[before_closers - 1] in _TERMINALS:
        return False  # the punctuation candidate has decided already
    last_char = text[line_end - 1]
    if last_char in _JOINING_CHARS:
        return False
    last_word = _WORD_BEFORE.search(text, max(line_start, line_end - _LOOKBACK), line_end)
    if last_word is not None and last_word.group().lower() in _FUNCTION_WORDS:
        return False
    if line_end - line_start <= _HEADING_MAX_CHARS:
        return True
    next_pos = match.end()
    if next_pos >= len(text):
        return True
    next_char = text[next_pos]
    return next_char.isupper() or next_char.isdigit() or next_char in _LINE_OPENERS
