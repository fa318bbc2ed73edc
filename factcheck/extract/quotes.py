"""Quotations and who said them.

Quotation marks are paired per paragraph: curly and straight double quotes, and curly single
quotes when they hold at least four words (shorter ones are scare quotes; a lone ’ is an
apostrophe). A quotation left open runs to the end of its paragraph, as news style does when
the next paragraph reopens it.

Speakers come from the attribution next to the quotation, in news style:
``“…,” says NAME``, ``“…,” NAME, role, told OUTLET``, ``“…,” NAME said``, ``NAME said: “…”``,
``According to NAME, “…”``, ``“…,” he added``. A surname resolves to the most recent full
name with that surname earlier in the text, a pronoun to the most recent person who spoke.
A quotation with no attribution of its own continues the speaker of the quotation just before
it in the same paragraph, or, when it opens a paragraph, the speaker of the paragraph before.
Short double-quoted words with no attribution (“K”, a film title) are not quotations.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass

from factcheck.extract.entities import (
    ORG_HEADS,
    PARTICLES,
    PLACE_HEADS,
    SPEECH_VERBS,
    STOP_WORDS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TOKEN,
    UPPER,
)
from factcheck.extract.patterns import trie
from factcheck.model import Quote

# Spaces, or one line break inside a hard-wrapped paragraph (matching never runs past the
# paragraph, so a break between paragraphs is never crossed).
_SP = r"(?:[ \t\u00a0]+|[ \t\u00a0]*\r?\n[ \t\u00a0]*)"
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"
# A name as attributions write it: capitalised tokens, personal-name particles inside.
# Leading function words ("When Smith said") are dropped after matching, in _clean.
_NAME = rf"{TOKEN}(?:{_SP}(?:{_PARTICLE}{_SP})?{TOKEN}){{0,5}}"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey)"
_VERB = "(?:" + trie(SPEECH_VERBS.split("|")) + ")"
_AUX = rf"(?:(?:has|had|have|also|later|then|once|previously|recently|earlier|further){_SP})*"
_APPOSITION = r"(?:,[^“”\"\n]{1,200}?,)"

# Up to three lowercase role words before a name: "engineer Lars Berg said".
_ROLE_WORDS = (rf"(?:the{_SP})?(?:(?!(?:and|but|or|nor|while|as|when|because|after|before|"
               rf"although|though|if|since|until|so|that|then)\b)[a-z][\w’'-]*{_SP}){{0,3}}")
# Attribution right after the closing mark.
_AFTER_RE = re.compile(
    rf"\s*[,;]?\s*(?:"
    rf"(?P<verb1>{_VERB}){_SP}(?:(?P<pron1>{_PRONOUN})\b|{_ROLE_WORDS}(?P<name1>{_NAME}))"
    rf"|(?:(?P<pron2>{_PRONOUN})\b|{_ROLE_WORDS}(?P<name2>{_NAME})){_APPOSITION}?{_SP}{_AUX}"
    rf"(?P<verb2>{_VERB})\b"
    rf"|according{_SP}to{_SP}(?:the{_SP})?(?P<name3>{_NAME}))")
# Attribution ending right before the opening mark: "NAME said:", "he told reporters that".
_BEFORE_VERB_RE = re.compile(
    rf"\b(?P<verb>{_VERB})(?:{_SP}[^\s:;,.!?“”\"]+){{0,6}}?\s*[:,]?\s*\Z")
# "According to NAME, role, “…" and "According to the head of X, NAME, “…".
_ACCORDING_RE = re.compile(
    rf"\b[Aa]ccording{_SP}to{_SP}(?:the{_SP})?(?:(?P<name>{_NAME})(?:,[^“”\"\n]{{1,150}}?)?"
    rf"|[^,“”\"\n]{{1,80}}?,{_SP}(?P<name2>{_NAME})),[ \t\u00a0]*\Z")
_NAME_END_RE = re.compile(
    rf"(?:\b(?P<pron>{_PRONOUN})|(?<![\w'’&.\-])(?P<name>{_NAME}))[ \t\u00a0]*\Z")
_NAME_FULL_RE = re.compile(rf"(?:the{_SP})?(?P<name>{_NAME})")
_PERSON_OF_RE = re.compile(rf"(?<![\w'’&.\-])(?P<name>{_NAME}){_SP}of{_SP}\Z")
# A sentence that opens with a name, maybe an apposition, then a lower-case word (its verb).
_SUBJECT_RE = re.compile(
    rf"[\s\"“”*_#>-]*(?P<name>(?P<first>{TOKEN})(?:{_SP}(?:{_PARTICLE}{_SP})?{TOKEN}){{0,5}})"
    rf"{_APPOSITION}?{_SP}{_AUX}[a-z]")
_ROLE_THEN_NAME_RE = re.compile(
    rf"{_SP}(?:[a-z][\w’'-]*{_SP}){{1,3}}(?P<name>{_NAME}){_APPOSITION}?{_SP}{_AUX}[a-z]")
_AUX_WORDS = ("has", "had", "have", "also", "later", "then", "once", "previously", "recently",
              "earlier", "further")
_TRAILING_AUX_RE = re.compile(rf"(?:{_SP}(?:{'|'.join(_AUX_WORDS)}))+[ \t\u00a0]*\Z")
_VERB_RE = re.compile(rf"\b{_VERB}\b")
_UPPER_RE = re.compile(UPPER)
_NAME_PREFIX_RE = re.compile(
    rf"(?<![\w'’&.\-])(?P<pre>(?:{TOKEN}{_SP}(?:{_PARTICLE}{_SP})?){{1,4}})\Z")
_TOKEN_RE = re.compile(TOKEN)
_MARK_RE = re.compile(r"[\"“”‘’]")
# A sentence end; a dot after a capital ("U.S.", "F.") is an abbreviation, not an end.
_SENTENCE_END_RE = re.compile(r"(?<![A-Z])[.!?…][\"”’)\]]*(?:\s|$)")
_TITLE_CUE_RE = re.compile(
    r"\b(?:film|movie|book|novel|song|album|single|show|series|play|documentary|programme|"
    r"program|podcast|poem|article|essay|headline|titled|entitled|hashtag|slogan|motto)"
    r"[ \t\u00a0]*[,:]?[ \t\u00a0]*\Z", re.I)
_COMMA_END = (",", "?", "!", "—", "–", "-", "…")
_WRAP_WIDTH = 100  # hard-wrapped text keeps every line within this many characters


@dataclass(slots=True)
class _Candidate:
    start: int  # quoted words, trimmed
    end: int
    open_pos: int  # the opening mark
    close_end: int  # just past the closing mark (the paragraph end when left open)
    closed: bool
    single: bool
    paragraph: int
    paragraph_start: int
    paragraph_end: int


@dataclass(slots=True)
class _Attribution:
    name: str | None  # as written, titles removed; None for a pronoun
    start: int
    end: int


def find_quotes(text: str) -> list[Quote]:
    """Quotations in ``text`` with their speakers, sorted by start offset."""
    if not text:
        return []
    paragraphs = _paragraphs(text)
    candidates = _candidates(text, paragraphs)
    names = _SpeakerNames(text)
    # (position, paragraph, quotation or None for a speech verb outside quotes, attribution)
    events: list[tuple[int, int, _Candidate | None, _Attribution | None]] = []
    kept: list[tuple[_Candidate, _Attribution | None]] = []
    for cand in candidates:
        short = len(text[cand.start:cand.end].split()) < 4
        if short and cand.single:
            continue
        attribution = _own_attribution(text, cand, paragraphs, kept, short)
        if attribution is None and (short or _is_title(text, cand)):
            continue
        kept.append((cand, attribution))
        events.append((cand.open_pos, cand.paragraph, cand, attribution))
    quote_spans = [(c.open_pos, c.close_end) for c, _ in kept]
    quote_starts = [s for s, _ in quote_spans]
    para_starts = [s for s, _ in paragraphs]
    for v in (m.start() for m in _VERB_RE.finditer(text)):
        i = bisect_right(quote_starts, v) - 1
        if i >= 0 and v < quote_spans[i][1]:
            continue  # a verb inside a quotation is the speaker's, not an attribution
        p = bisect_right(para_starts, v) - 1
        subject = _subject_before(text, paragraphs[p][0], v)
        if subject is not None:
            events.append((v, p, None, subject))
    events.sort(key=lambda e: e[0])
    return _resolve(text, events, names)


def as_spoken(text: str, quotes: list[Quote]) -> list[Quote]:
    """The quotations as spoken: one sentence broken by its attribution ("“The river rose in an
    hour,” she said, “not in a day.”") is one quotation, its words joined; its span then runs
    over the attribution. A quotation that ends in a comma is broken when its attribution follows
    it, nothing but the attribution stands before the next quotation (no sentence ends, no
    paragraph), and the next one goes on in lower case, unattributed or said by the same
    speaker."""
    out: list[Quote] = []
    for quote in quotes:
        before = out[-1] if out else None
        if before is not None and text.startswith(",", before.end) and quote.text[:1].islower() \
                and before.speaker_start is not None \
                and before.end < before.speaker_start < quote.start \
                and quote.speaker in (None, before.speaker) \
                and _attribution_only(text[before.end:quote.start]):
            out[-1] = Quote(before.start, quote.end, f"{before.text} {quote.text}",
                            before.speaker, before.speaker_start, before.speaker_end)
        else:
            out.append(quote)
    return out


def _attribution_only(gap: str) -> bool:
    return len(gap) <= _ATTRIBUTION_GAP and "\n" not in gap and not _SENTENCE_END_RE.search(gap)


_ATTRIBUTION_GAP = 80  # characters between the parts of a broken quotation: "”, NAME said, “"


# --- paragraphs and quotation marks ------------------------------------------------------------

def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank paragraph spans. A line break ends a paragraph, unless the text is
    hard-wrapped (no line longer than a wrap width) and the break falls mid-sentence."""
    hard_wrapped = max(len(line) for line in text.split("\n")) <= _WRAP_WIDTH
    spans: list[tuple[int, int]] = []
    start = 0
    line_start = 0
    n = len(text)
    while line_start <= n:
        nl = text.find("\n", line_start)
        if nl < 0:
            nl = n
        line = text[line_start:nl].rstrip()
        following = text[nl + 1:nl + 2]
        wrapped = (hard_wrapped and nl < n and bool(line) and not following.isspace()
                   and following != "" and (following.islower() or (
                       len(line) >= _WRAP_WIDTH // 2 and (line[-1].isalnum() or line[-1] == ","))))
        if not wrapped:
            if text[start:nl].strip():
                spans.append((start, nl))
            start = nl + 1
        line_start = nl + 1
    return spans


def _candidates(text: str, paragraphs: list[tuple[int, int]]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for p, (ps, pe) in enumerate(paragraphs):
        open_pos, kind = -1, ""  # kind: "double" or "single"
        for m in _MARK_RE.finditer(text, ps, pe):
            i, c = m.start(), m.group()
            before = text[i - 1] if i > ps else " "
            after = text[i + 1] if i + 1 < pe else " "
            if c == "“" or (c == '"' and kind != "double" and not after.isspace()
                            and (before.isspace() or before in "([{—–-/:")):
                if kind == "double":  # reopened without closing: the first ends here
                    _add(out, text, open_pos, i, i, False, False, p, ps, pe)
                open_pos, kind = i, "double"
            elif c in "”\"" and kind == "double" and not before.isspace():
                _add(out, text, open_pos, i, i + 1, True, False, p, ps, pe)
                kind = ""
            elif c == "‘" and not kind and not before.isalnum():
                open_pos, kind = i, "single"
            elif c == "’" and kind == "single" and not after.isalnum() and not before.isspace():
                _add(out, text, open_pos, i, i + 1, True, True, p, ps, pe)
                kind = ""
        if kind == "double":
            _add(out, text, open_pos, pe, pe, False, False, p, ps, pe)
    return out


def _add(out: list[_Candidate], text: str, open_pos: int, inner_end: int, close_end: int,
         closed: bool, single: bool, paragraph: int, paragraph_start: int,
         paragraph_end: int) -> None:
    start, end = open_pos + 1, inner_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if any(c.isalpha() for c in text[start:end]):
        out.append(_Candidate(start, end, open_pos, close_end, closed, single, paragraph,
                              paragraph_start, paragraph_end))


def _is_title(text: str, cand: _Candidate) -> bool:
    """A quoted title or label: after "the film", "titled" ..., or every long word
    capitalised with no sentence punctuation ("“No Country for Old Men”")."""
    if _TITLE_CUE_RE.search(text, max(0, cand.open_pos - 30), cand.open_pos):
        return True
    quoted = text[cand.start:cand.end]
    if quoted[-1:] in ".!?…":
        return False
    long_words = [w for w in quoted.split() if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and all(w[0].isupper() for w in long_words)


# --- attributions --------------------------------------------------------------------------

def _own_attribution(text: str, cand: _Candidate, paragraphs: list[tuple[int, int]],
                     kept: list[tuple[_Candidate, _Attribution | None]],
                     short: bool) -> _Attribution | None:
    """The attribution next to a quotation. A short one ("“No,” she said") only counts with
    the punctuation that introduces or announces speech."""
    para_start, para_end = paragraphs[cand.paragraph]
    after = None
    announced = False  # a comma (or ?, !, dash) closing the quotation announces the speaker
    if cand.closed:
        announced = (text[cand.start:cand.close_end - 1].rstrip().endswith(_COMMA_END)
                     or text[cand.close_end:cand.close_end + 1] == ",")
        if announced or not short:
            m = _AFTER_RE.match(text, cand.close_end, para_end)
            if m is not None and (announced or _bare_attribution(text, m)):
                after = _from_after(text, m)
    if after is not None and announced:
        return after
    lo = para_start
    if kept and kept[-1][0].paragraph == cand.paragraph:
        lo = kept[-1][0].close_end
    if short and not text[max(lo, cand.open_pos - 4):cand.open_pos].rstrip().endswith((":", ",")):
        return after
    before = _before(text, lo, cand.open_pos)
    return before if before is not None else after


def _bare_attribution(text: str, m: re.Match[str]) -> bool:
    """After a full stop, only an attribution that is a whole sentence by itself counts
    ("“We will rebuild.” Jones said.")."""
    return re.match(r"[ \t\u00a0]*(?:[.;,]|$)", text[m.end():m.end() + 2]) is not None


def _from_after(text: str, m: re.Match[str]) -> _Attribution | None:
    for group in ("name1", "name2", "name3"):
        if m.group(group):
            return _clean(text, m.start(group), m.end(group))
    group = "pron1" if m.group("pron1") else "pron2"
    return _Attribution(None, m.start(group), m.end(group))


def _before(text: str, lo: int, open_pos: int) -> _Attribution | None:
    window_start = max(lo, open_pos - 250)
    tail = text[max(window_start, open_pos - 3):open_pos].rstrip()
    window = text[window_start:open_pos]
    if tail.endswith(","):
        m = _ACCORDING_RE.search(window)
        if m is not None:
            group = "name" if m.group("name") else "name2"
            return _clean(text, window_start + m.start(group), window_start + m.end(group))
    m = _BEFORE_VERB_RE.search(window)
    if m is None:
        # "NAME defended the revision: “…”", "…, adding: “…”": a colon introduces the words
        # of the sentence's subject.
        return _sentence_subject(text, lo, open_pos) if tail.endswith(":") else None
    verb_start = window_start + m.start("verb")
    found = _subject_before(text, lo, verb_start)
    if found is not None and found.name is None:
        # "NAME praised the crew, and he later said: “…”": the pronoun is the subject's.
        return _sentence_subject(text, lo, verb_start) or found
    return found


def _sentence_subject(text: str, lo: int, pos: int) -> _Attribution | None:
    """The name that opens the sentence holding ``pos`` and is followed by its verb ("Governor
    Jane Roe defended …", "Jane Roe, the mayor, said …"), or None (a pronoun, a role, "In
    Paris, …": no named subject)."""
    start = lo
    for end in _SENTENCE_END_RE.finditer(text, lo, pos):
        start = end.end()
    m = _SUBJECT_RE.match(text, start, pos)
    if m is None or (m.group("first") in STOP_WORDS and m.group("first") != "The"):
        return None
    words = m.group("name").split()
    if len(words) == 1 and words[0].endswith(("ed", "ing", "ly")):
        return None  # "Asked whether …, he said:", "Separately, …"
    if any(w in ORG_HEADS or w in PLACE_HEADS for w in words):
        # "State Department spokeswoman Jane Roe said": the person after the role.
        person = _ROLE_THEN_NAME_RE.match(text, m.end("name"), pos)
        if person is not None:
            return _clean(text, person.start("name"), person.end("name"))
    return _clean(text, m.start("name"), m.end("name"))


def _subject_before(text: str, lo: int, verb_start: int) -> _Attribution | None:
    """Who speaks a verb: "NAME said", "he says", "NAME, role at ORG, tells"."""
    start = max(lo, verb_start - 300)
    left = text[start:verb_start]
    if left.lower() == left and "he" not in left[-80:] and "they" not in left[-80:]:
        return None  # no capital and no pronoun: nothing can be the subject
    left = _without_trailing_aux(left)
    m = _name_end(left)
    if m is not None:
        if m.group("pron"):
            return _Attribution(None, start + m.start("pron"), start + m.end("pron"))
        # "Mayor Jane Roe of Dale County said": the person, not the place after "of".
        if not _looks_personal(m.group("name").split()):
            person = _PERSON_OF_RE.search(left, max(0, m.start("name") - 80), m.start("name"))
            if person is not None:
                return _clean(text, start + person.start("name"), start + person.end("name"))
        return _clean(text, start + m.start("name"), start + m.end("name"))
    stripped = left.rstrip()
    if not stripped.endswith(","):
        return None
    # "NAME, role at ORG, tells": the name stands between two commas (or opens the clause).
    commas = [len(stripped) - 1]  # the last few commas, nearest first
    while len(commas) < 5 and commas[-1] >= 0:
        commas.append(stripped.rfind(",", 0, commas[-1]))
    for k in range(1, len(commas)):
        seg_start, seg_end = commas[k] + 1, commas[k - 1]
        segment = stripped[seg_start:seg_end]
        if _SENTENCE_END_RE.search(stripped, seg_end, len(stripped)):
            return None  # the apposition cannot cross a sentence end
        lead = len(segment) - len(segment.lstrip(" \t\u00a0\"“”"))
        m = _NAME_FULL_RE.fullmatch(segment.rstrip(), lead)
        if m is not None:
            return _clean(text, start + seg_start + m.start("name"),
                          start + seg_start + m.end("name"))
    return None


def _without_trailing_aux(left: str) -> str:
    """``left`` without the auxiliaries ending it ("Smith has" -> "Smith")."""
    # A match ends, before spaces, in an auxiliary: most windows need no regex search.
    if not left.rstrip(" \t\u00a0").endswith(_AUX_WORDS):
        return left
    aux = _TRAILING_AUX_RE.search(left, max(0, len(left) - 60))
    return left if aux is None else left[:aux.start()]


def _name_end(left: str) -> re.Match[str] | None:
    """``_NAME_END_RE`` searched in the last 80 characters of ``left``, cheaper: the regex tries
    every start position."""
    # A match ends, before spaces, in a pronoun or a name token; the token lies in the last
    # run of non-spaces and holds a capital. Without either there is nothing to search for.
    trimmed = left.rstrip(" \t\u00a0")
    last_run = "" if not trimmed or trimmed[-1].isspace() else trimmed.rsplit(None, 1)[-1]
    if not (last_run.endswith(("he", "He", "hey")) or _UPPER_RE.search(last_run)):
        return None
    return _NAME_END_RE.search(left, max(0, len(left) - 80))


def _clean(text: str, start: int, end: int) -> _Attribution | None:
    """Drop function words, titles and honorifics before a name ("When President Jane Roe"
    -> "Jane Roe"); None when nothing is left ("This website")."""
    tokens = list(_TOKEN_RE.finditer(text, start, end))
    k = 0
    while k < len(tokens) and tokens[k].group() in STOP_WORDS:
        k += 1
    while k < len(tokens) - 1 and (tokens[k].group() in TITLE_HEADS
                                   or tokens[k].group() in TITLE_MODIFIERS):
        k += 1
    if k >= len(tokens):
        return None
    s = tokens[k].start()
    return _Attribution(text[s:end], s, end)


# --- speakers ------------------------------------------------------------------------------

class _SpeakerNames:
    """Full names for surnames: the nearest earlier "Given Surname" in the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # surname -> (its occurrences, the latest full name at or before each)
        self.latest_full: dict[str, tuple[list[int], list[str | None]]] = {}

    def full(self, name: str, pos: int) -> tuple[str, bool]:
        """(full name, whether it is a person's name)."""
        words = name.split()
        if len(words) > 1:
            return name, _looks_personal(words)
        found = self._full_before(name, pos)
        return (found, True) if found else (name, False)

    def _occurrences(self, word: str) -> list[int]:
        """Where ``word`` stands as a whole word (a plain find: the text may be long)."""
        text, found, i = self.text, [], self.text.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "-'’")) and (
                    j >= len(text) or not (text[j].isalnum() or text[j] == "-")):
                found.append(i)
            i = text.find(word, j)
        return found

    def _full_before(self, surname: str, pos: int) -> str | None:
        """The latest full name ending in ``surname`` at or before ``pos``."""
        table = self.latest_full.get(surname)
        if table is None:
            # Each occurrence is read once; latest[k] is the full name nearest before and at
            # occurrence k, so every attribution is a bisect, never a rescan.
            occurrences = self._occurrences(surname)
            latest: list[str | None] = []
            current: str | None = None
            for p in occurrences:
                current = self._full_at(surname, p) or current
                latest.append(current)
            table = (occurrences, latest)
            self.latest_full[surname] = table
        occurrences, latest = table
        k = bisect_right(occurrences, pos) - 1
        return latest[k] if k >= 0 else None

    def _full_at(self, surname: str, p: int) -> str | None:
        m = _NAME_PREFIX_RE.search(self.text, max(0, p - 80), p)
        if m is None:
            return None
        given = m.group("pre").split()
        while given and (given[0] in STOP_WORDS or given[0] in TITLE_HEADS
                         or given[0] in TITLE_MODIFIERS):
            given.pop(0)
        if given and not any(g in TITLE_HEADS for g in given):
            words = [*given, surname]
            if _looks_personal(words):
                return " ".join(words)
        return None


def _looks_personal(words: list[str]) -> bool:
    return not any(w in ORG_HEADS or w in PLACE_HEADS or w.isupper() for w in words)


def _resolve(text: str, events: list[tuple[int, int, _Candidate | None, _Attribution | None]],
             names: _SpeakerNames) -> list[Quote]:
    quotes: list[Quote] = []
    last_person: str | None = None
    paragraph_speaker: dict[int, str | None] = {}
    previous: tuple[_Candidate, str | None] | None = None  # the last quotation and its speaker
    for pos, paragraph, cand, attribution in events:
        if cand is None:
            if attribution is not None:
                speaker, is_person = _speaker_of(attribution, pos, names, last_person)
                if speaker is not None:
                    paragraph_speaker[paragraph] = speaker
                    if is_person:
                        last_person = speaker
            continue
        span: tuple[int, int] | tuple[None, None] = (None, None)
        if attribution is not None:
            speaker, is_person = _speaker_of(attribution, pos, names, last_person)
            span = (attribution.start, attribution.end)
            if is_person and speaker is not None:
                last_person = speaker
        else:
            speaker = _inherited(text, cand, previous, paragraph_speaker)
        # Copies of a story repeat its quotations: equal ones share one string.
        quotes.append(Quote(cand.start, cand.end, sys.intern(text[cand.start:cand.end]),
                            speaker, span[0], span[1]))
        if speaker is not None:
            paragraph_speaker[paragraph] = speaker
        previous = (cand, speaker)
    return quotes


def _speaker_of(attribution: _Attribution, pos: int, names: _SpeakerNames,
                last_person: str | None) -> tuple[str | None, bool]:
    if attribution.name is None:
        return last_person, last_person is not None
    return names.full(attribution.name, pos)


def _inherited(text: str, cand: _Candidate, previous: tuple[_Candidate, str | None] | None,
               paragraph_speaker: dict[int, str | None]) -> str | None:
    """The speaker a quotation with no attribution continues, if any. None when a speech verb
    follows it (an attribution to someone this module cannot name: "the mayor said")."""
    tail_end = _MARK_RE.search(text, cand.close_end, cand.paragraph_end)
    if _VERB_RE.search(text, cand.close_end, tail_end.start() if tail_end else cand.paragraph_end):
        return None
    quoted = text[cand.start:cand.end]
    continues = not cand.closed or quoted[-1:] in ".!?…"
    if previous is not None and previous[0].paragraph == cand.paragraph:
        gap = text[previous[0].close_end:cand.open_pos]
        if previous[1] is not None and len(_SENTENCE_END_RE.findall(gap)) <= 1:
            return previous[1]
        return None
    opens_paragraph = not text[cand.paragraph_start:cand.open_pos].strip()
    if continues and opens_paragraph:
        return paragraph_speaker.get(cand.paragraph - 1)
    return None
