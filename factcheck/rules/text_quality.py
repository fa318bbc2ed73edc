"""text-quality

What it finds: damage in a text that an editor must fix before publishing: an encoding that had
to be repaired, mis-decoded characters still in the text, garbled words, empty slots where a
word was lost, and a sentence or paragraph repeated word for word.
Why it matters: a repaired encoding may have damaged names and quotation marks; garbled words
and lost words change or blur what a sentence says; a repeated passage is a paste error.
Example (flagged): "cafÃ©" (mis-decoded); "despite their victorie0,s" and "the grou;p" (garbled
words); "the killing of , the mayor", "according to a by the agency", "Smith , the analyst"
(a word lost); the same 12-word sentence twice in one text.
Example (not flagged): "COVID-19", "B2B", "U.S.", "3.5", "F-16", "e-mail", "mp3s", URLs,
e-mail addresses and hashtags; "Zürich", "Łódź", "25°C", "£3m"; "from a to z", "paid for by",
"the a priori case"; a headline whose words open the first sentence; a headline repeated as
the body's first line.
How it decides: a repaired document (ingest's notes) gives one finding quoting the notes.
Mis-decoded characters: a word that ftfy's badness measure calls bad; and, in a document that was
repaired or holds such a word, runs of two or more accented letters or symbols with no plain letter
beside them whose first character is a UTF-8 lead byte in a Windows or Latin-1 code page (leftovers
of a lost byte); all of a document's are one finding. Garbled word: lower-case letters with one or
two digits or a comma, semicolon or colon inside, after at least two letters ("victorie0,s"; digits
alone need three letters before them, so "mp3s" passes); words holding capitals inside, hyphens,
dots, slashes or "@", URLs and hashtags are never garbled. Lost word: a space before a comma or a
full stop; an article followed by a preposition, an auxiliary or another article ("a by", "the of",
"the the"; a capitalised article only where a sentence starts, as "Group A in" is a name); two
prepositions that never follow each other ("of for", "by with"). Repeats: sentences of eight words
or more that are equal after case, punctuation and quotation marks, or a later copy cut short (a
prefix with no final punctuation); consecutive repeated sentences form one passage (URL-encoded
text is compared decoded). Page layout shown twice is not a paste error: the headline repeated in
the body gives no finding; a photo caption or credit line (a line with "Photo: …", "(Reuters)",
"[NAME | OUTLET]" or another credit word of rules/layout.yaml), URL-encoded alt text, a byline ("By
…"), a pull quote (a quotation set on a line of its own) or a repeat starting in the three lines
below the headline (standfirst, teaser) gives an info finding saying so. Identical damage in one
document is one finding with every place as evidence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from ftfy.badness import is_bad

from factcheck.extract.sentences import sentence_index
from factcheck.graph import Texts
from factcheck.graph.dependency import folded_words
from factcheck.model import Document, Evidence, Finding, Sentence
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule

MIN_REPEAT_WORDS = 8
MAX_PREFIX_CANDIDATES = 50  # earlier sentences with the same opening a cut-short one is tried on
_CODE_PAGES = ("cp1252", "cp1250", "cp1257", "latin-1")

# Typographic quotation marks, dashes and the ellipsis: none of ftfy's badness patterns matches
# a word whose only non-ASCII characters are these (each needs some other one; a test checks
# this), so only runs of other non-ASCII characters lead to a word worth asking about.
_TYPOGRAPHIC = "‘’‚“”„«»–—…"
_SUSPECT = f"[^\\x00-\\x7f{_TYPOGRAPHIC}]"
_SUSPECT_RUN = re.compile(f"{_SUSPECT}+")
_TOKEN_TAIL = re.compile(r"\S*")
# Tried only after a blank (or at the window's start): a run of letters is scanned once.
_TOKEN_HEAD = re.compile(r"(?<!\S)\S*\Z")
MAX_TOKEN = 120  # longer runs without a space are not prose (data, links): never words
# Accented letters and symbols of the Latin-1 and Latin Extended blocks, no plain letter beside.
_LATIN_RUN = re.compile(r"(?<![A-Za-z])[\u0080-\u024f]{2,}(?![A-Za-z])")
_GARBLE_SEED = re.compile(r"[a-z](?:\d{1,2}[,;:]?|[,;:]\d{0,2})[a-z]")
# Where a seed may start one character earlier: a run of digits and marks before a letter.
# Opening with the digit or mark, the scan skips to those; a seed's opening letter is everywhere.
_GARBLE_JUNK = re.compile(r"[\d,;:]{1,3}[a-z]")
_GARBLED_CORE = re.compile(r"[A-Za-z]?[a-z]+(?P<junk>\d{1,2}[,;:]?|[,;:]\d{0,2})[a-z]+")
_EDGE = "\"'“”‘’«»()[]{}<>.,;:!?*"
_NOT_PROSE = re.compile(r"://|www\.|@|^#|[/\\=_|~^]")
# A blank before a comma or a full stop (not an ellipsis or ".5"). The rest of the run of blanks
# and the word before it are read backwards from there: matching "word blanks mark" would start
# at every word, and "blanks mark" at every blank of a run (quadratic on a page of padding).
_BLANK_BEFORE_MARK = re.compile(r"[ \t](?P<mark>,|\.(?![.\w]))")
_FUNCTION_BEFORE_MARK_TEXT = "a an the of to by for with from at in on into about than and or as"
_FUNCTION_BEFORE_MARK = frozenset(_FUNCTION_BEFORE_MARK_TEXT.split())
# A capitalised article counts only where a sentence starts ("Group A in the final" is a name).
_ARTICLE_SECOND = (r"[ \t]+(?P<second>of|by|for|with|from|at|on|in|the|is|was|were|are|has|had)"
                   r"(?![\w'’-])")
_PREPOSITION_SECOND = r"[ \t]+(?P<second>of|for|by|with|from)(?![\w'’-])"
# Each opens with its first words, so the scan skips to them (a pattern opening with "no word
# character before" is tried at every position); the character before is checked on a match.
_ARTICLE_GAP = re.compile(r"(?P<first>the|The|an|An|a|A)" + _ARTICLE_SECOND)
_PREPOSITION_GAP = re.compile(r"(?P<first>of|by|with|from)" + _PREPOSITION_SECOND)
# Each gap, and what may not stand right before it besides a word character.
_GAPS = ((_ARTICLE_GAP, ".'’-"), (_PREPOSITION_GAP, "-"))
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)]?[ \t]+|\n[ \t]*)\Z")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # _WORD on folded ASCII text
_NOT_LETTERS = re.compile(r"[\W_]+")
_OPENING_SPAN = 4 * MIN_REPEAT_WORDS  # characters that mostly hold the first eight letters
_FINAL_PUNCT = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


@dataclass
class Damage:
    kind: str  # the finding's attribute: encoding, mojibake, garbled-word, missing-word, …
    text: str  # what identical damage shares (the span, normalised)
    start: int
    end: int
    message: str
    severity: str = "warning"  # info: page layout shown twice, not damage


def _evidence(doc: Document, start: int, end: int, sentences: list[Sentence],
              sentence: str | None = None) -> Evidence:
    line, column = doc.position(start)
    if sentence is None:
        # bisect, not a scan: a document with many damaged spans must stay linear
        i = sentence_index(sentences, start)
        inside = 0 <= i < len(sentences) and sentences[i].start <= start < sentences[i].end
        sentence = sentences[i].text if inside else _line_at(doc.text, start)
    return Evidence(source=doc.id, path=doc.path, line=line, column=column, start=start,
                    end=end, text=doc.text[start:end], sentence=sentence)


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end != -1 else len(text)].strip()


def token_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whitespace-delimited token holding ``text[start:end]``; None when too long."""
    head = _TOKEN_HEAD.search(text, max(0, start - MAX_TOKEN), start)
    tail = _TOKEN_TAIL.match(text, end, end + MAX_TOKEN)
    if head is None or tail is None:
        return None
    if (head.start() == start - MAX_TOKEN and head.start() > 0) or tail.end() == end + MAX_TOKEN:
        return None
    return head.start(), tail.end()


def _lost_byte_residue(run: str) -> bool:
    """Characters a single-byte code page made of UTF-8 whose other bytes were lost: the
    first is a lead byte (0xC2-0xF4) and all encode in that code page."""
    if not any(ch.isalpha() for ch in run):
        return False
    for codec in _CODE_PAGES:
        try:
            raw = run.encode(codec)
        except UnicodeEncodeError:
            continue
        if 0xC2 <= raw[0] <= 0xF4:
            return True
    return False


_is_bad = lru_cache(maxsize=1 << 14)(is_bad)  # the same quoted words recur across texts


def mojibake(text: str, repaired: bool) -> Iterator[Damage]:
    if text.isascii():  # (constant time) no run of either kind below
        return
    bad_spans: list[tuple[int, int]] = []
    checked: set[int] = set()
    for run in _SUSPECT_RUN.finditer(text):
        token = token_around(text, run.start(), run.end())
        if token is None or token[0] in checked:
            continue
        checked.add(token[0])
        word = text[token[0]:token[1]]
        if _is_bad(word):
            chars = [i for i, ch in enumerate(word) if ord(ch) > 0x7F]
            bad_spans.append((token[0] + chars[0], token[0] + chars[-1] + 1))
    if repaired or bad_spans:  # this text went through a wrong decoding: look for leftovers
        for run in _LATIN_RUN.finditer(text):
            inside = any(s <= run.start() < e for s, e in bad_spans)
            if not inside and _lost_byte_residue(run.group()):
                bad_spans.append(run.span())
    for start, end in sorted(bad_spans):
        yield Damage("mojibake", text[start:end], start, end, "")


def garbled_words(text: str) -> Iterator[Damage]:
    seen: set[int] = set()
    for junk in _GARBLE_JUNK.finditer(text):
        seed = _GARBLE_SEED.match(text, junk.start() - 1) if junk.start() else None
        if seed is None:
            continue
        around = token_around(text, seed.start(), seed.end())
        if around is None or around[0] in seen:
            continue
        start, end = around
        seen.add(start)
        token = text[start:end]
        if _NOT_PROSE.search(token):
            continue
        core = token.strip(_EDGE)
        match = _GARBLED_CORE.fullmatch(core)
        if match is None:
            continue
        letters_before = match.start("junk")
        if letters_before < (3 if match.group("junk").isdigit() else 2):
            continue
        offset = start + token.index(core)
        yield Damage("garbled-word", core, offset, offset + len(core),
                     f"garbled word “{core}”: a digit or punctuation mark inside a word")


def missing_words(text: str) -> Iterator[Damage]:
    for m in _BLANK_BEFORE_MARK.finditer(text):
        blanks = m.start()
        while blanks > 0 and text[blanks - 1] in " \t":
            blanks -= 1
        start = blanks
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        if start == blanks:
            continue  # no word right before the blanks
        word, mark = text[start:blanks], m.group("mark")
        span = text[start:m.end()]
        if word.casefold() in _FUNCTION_BEFORE_MARK:
            message = f"a word is missing after “{word}”: “{span}”"
        else:
            message = f"space before “{mark}” where a word may be missing: “{span}”"
        yield Damage("missing-word", " ".join(span.split()), start, m.end(), message)
    for pattern, not_before in _GAPS:
        at = 0
        while m := pattern.search(text, at):
            before = text[m.start() - 1] if m.start() else " "
            if before.isalnum() or before == "_" or before in not_before:
                at = m.start() + 1  # inside a word: a gap may still start in this match
                continue
            at = m.end()
            if m.group("first")[0].isupper() and not _SENTENCE_START.search(
                    text, max(0, m.start() - 3), m.start()):
                continue
            span = m.group()
            yield Damage("missing-word", " ".join(span.split()), m.start(), m.end(),
                         f"a word is missing between “{m.group('first')}” and "
                         f"“{m.group('second')}”: “{span}”")


def _words(sentence: Sentence) -> list[str]:
    folded = sentence.text.casefold().replace("’", "'")
    if folded.isascii():  # most sentences: the same words, found with a cheaper class
        return _ASCII_WORD.findall(folded)
    return folded_words(sentence.text)


def _opening_letters(words: list[str]) -> str:
    return "".join(words).replace("'", "")[:MIN_REPEAT_WORDS]


def _letters(folded: str) -> str:
    """The letters and digits of a case-folded text."""
    return _NOT_LETTERS.sub("", folded)


def _opening(sentence: Sentence) -> str:
    """_opening_letters of the sentence's words, without splitting it into words."""
    folded = sentence.text.casefold()
    if "\u0307" in folded:  # folded_words may fold it word by word: take its words
        return _opening_letters(_words(sentence))
    # Both keep and fold character by character: a prefix that holds eight letters is enough.
    opening = _letters(folded[:_OPENING_SPAN])[:MIN_REPEAT_WORDS]
    return opening if len(opening) == MIN_REPEAT_WORDS else _letters(folded)[:MIN_REPEAT_WORDS]


def _repeat_words(sentences: list[Sentence]) -> dict[int, list[str]]:
    """The words of the sentences that may repeat or be repeated, by index: those of eight
    words or more whose openings' first eight letters and digits another sentence shares
    (equal openings share them). Most sentences share them with none: they are never split
    into words."""
    openings = [_opening(sentence) for sentence in sentences]
    counts = Counter(openings)
    return {i: _words(sentences[i]) for i, opening in enumerate(openings)
            if len(opening) == MIN_REPEAT_WORDS and counts[opening] > 1}


def repeated_passages(sentences: list[Sentence]) -> Iterator[tuple[list[tuple[int, int]], int]]:
    """Runs of repeated sentences: ([(first sentence, last sentence) per occurrence], words)."""
    # Only these sentences can repeat: the others' openings are unlike any other's.
    words = _repeat_words(sentences)
    first_of: dict[tuple[str, ...], int] = {}  # a sentence's words -> where they first appear
    by_opening: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    repeats: dict[int, int] = {}  # later sentence -> the earlier one it repeats
    for i, w in words.items():
        if len(w) < MIN_REPEAT_WORDS:
            continue
        key = tuple(w)
        if key in first_of:
            repeats[i] = first_of[key]
            continue
        first_of[key] = i
        opening = key[:MIN_REPEAT_WORDS]
        if not _FINAL_PUNCT.search(sentences[i].text):  # cut short: a prefix of an earlier one?
            for earlier in by_opening[opening][:MAX_PREFIX_CANDIDATES]:
                if len(earlier) > len(key) and earlier[:len(key)] == key:
                    repeats[i] = first_of[earlier]
                    break
        by_opening[opening].append(key)
    # Consecutive repeats of consecutive sentences are one passage.
    done: set[int] = set()
    for j in sorted(repeats):
        if j in done:
            continue
        i, length = repeats[j], 1
        while repeats.get(j + length) == i + length and i + length < j:
            length += 1
        done.update(range(j, j + length))
        count = sum(len(words[k]) for k in range(j, j + length))
        yield [(i, i + length - 1), (j, j + length - 1)], count


_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_QUOTED_LINE = re.compile(r"[\"“„«‘'].*[\"”»’'][.,;:!?]?")
_BYLINE = re.compile(r"[Bb]y[ \t]+[A-Z]")
HEAD_LINES = 3  # non-empty lines after the title where a standfirst, teaser or caption stands


def _url_decoded(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences with URL escapes decoded ("A%20police%20officer" is alt text of "A police
    officer"), at their own offsets."""
    return [Sentence(s.start, s.end, unquote(s.text)) if _PERCENT_ESCAPE.search(s.text) else s
            for s in sentences]


class _Page:
    """Where a document's lines stand: its title, and the head of the page below it."""

    def __init__(self, doc: Document, credit_cues: frozenset[str],
                 related_cues: frozenset[str] = frozenset()) -> None:
        self.doc, self.credit_cues, self.related_cues = doc, credit_cues, related_cues
        self.title = _WORD.findall((doc.title or "").casefold())
        self.lines = lines = doc.text.split("\n")
        filled = [i for i, line in enumerate(lines) if line.strip()]
        # The title is the first non-empty line that holds it; the head, the lines after it.
        title_at = next((i for i in filled[:3] if self.title and _WORD.findall(
            lines[i].casefold())[:len(self.title)] == self.title), None)
        # A page with a headline has a head below it: a text without one has none.
        self.head = set() if title_at is None else {i for i in filled if i > title_at}
        self.head = set(sorted(self.head)[:HEAD_LINES])

    def line(self, offset: int) -> int:
        return self.doc.position(offset)[0] - 1

    def kind(self, spans: list[tuple[int, int]], words: list[list[str]]) -> str | None:
        """What layout shows a passage twice: "headline", "caption", "pull quote",
        "alt text", "byline", "page head"; None for body text repeated."""
        lines = [self.line(start) for start, _ in spans]
        texts = [self.doc.text[start:end] for start, end in spans]
        if self.title and any(_prefix_either(w, self.title) for w in words):
            return "headline"
        if any(_PERCENT_ESCAPE.search(t) for t in texts):
            return "alt text"
        if any(self._credit(self.lines[i]) for i in lines):
            return "caption"
        if any(self._related(self.lines[i]) for i in lines):
            return "related link"
        if any(_BYLINE.match(t.lstrip()) and len(w) <= 16 for t, w in zip(texts, words,
                                                                            strict=True)):
            return "byline"
        if any(_QUOTED_LINE.fullmatch(self.lines[i].strip())
               and len(t.strip()) >= len(self.lines[i].strip()) - 3
               for i, t in zip(lines, texts, strict=True)):
            return "pull quote"  # a quotation set apart on its own line
        if lines[0] in self.head:
            return "page head"
        return None

    def _related(self, line: str) -> bool:
        """A link to another article: "Read more: …", "Related: …" (layout.yaml)."""
        label = _LABEL.match(line)
        return label is not None and " ".join(label.group(1).casefold().split()) in \
            self.related_cues

    def _credit(self, line: str) -> bool:
        """A caption's credit: "Photo: …", "Picture: Getty", "Photo by NAME", "[Getty]",
        "(Reuters)", "[ NAME | OUTLET ]" at the line's end."""
        for match in re.finditer(r"([\w ]{1,20}):[ \t]*\S", line):
            if set(match.group(1).casefold().split()) & self.credit_cues:
                return True
        if any(m.group(1).casefold() in self.credit_cues
               for m in _CREDIT_BY.finditer(line)):
            return True
        tail = re.search(r"[\[(]([^\[\]()]{1,80})[\])][ \t]*$", line)
        if tail is None:
            return False
        inner = tail.group(1)
        return "|" in inner or bool(set(_WORD.findall(inner.casefold())) & self.credit_cues)


_LABEL = re.compile(r"[ \t]*([^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2})[ \t]*:")  # "Read more:"
_CREDIT_BY = re.compile(r"\b(\w+)[ \t]+by[ \t]+[A-Z]")  # "Photo by NAME"


def _prefix_either(a: list[str], b: list[str]) -> bool:
    n = min(len(a), len(b))
    return n >= MIN_REPEAT_WORDS and a[:n] == b[:n]


_LAYOUT_NAMES = {"caption": "caption", "related link": "link to another article",
                 "alt text": "caption and its URL-encoded alt text",
                 "byline": "byline", "pull quote": "pull quote",
                 "page head": "standfirst, teaser or caption at the top of the page"}


def _repeat_damage(doc: Document, sentences: list[Sentence],
                   credit_cues: frozenset[str] = frozenset(),
                   related_cues: frozenset[str] = frozenset()) -> Iterator[Damage]:
    page: _Page | None = None
    compared = _url_decoded(sentences) if "%" in doc.text else sentences
    for occurrences, count in repeated_passages(compared):
        (first, last), _ = occurrences
        passage = " ".join(s.text for s in compared[first:last + 1])
        kind = "sentence" if first == last else f"passage of {last - first + 1} sentences"
        shown = " ".join(passage.split()[:12]) + (" …" if len(passage.split()) > 12 else "")
        page = page or _Page(doc, credit_cues, related_cues)
        spans = [(sentences[a].start, sentences[b].end) for a, b in occurrences]
        layout = page.kind(spans, [[w for x in compared[a:b + 1] for w in _words(x)]
                                   for a, b in occurrences])
        if layout == "headline":
            continue  # the headline opening the body: how pages are laid out, nothing to fix
        message = f"repeated {kind} ({count} words): “{shown}”"
        if layout is not None:
            message += f" — page layout ({_LAYOUT_NAMES[layout]}), not a discrepancy"
        for start, end in spans:
            yield Damage("repeated-text", " ".join(_WORD.findall(passage)).casefold(),
                         start, end, message, "info" if layout else "warning")


def _mojibake_finding(doc: Document, leftovers: list[Damage],
                      sentences: list[Sentence]) -> Finding:
    counts = Counter(d.text for d in leftovers)
    shown = ", ".join(f"“{text}”" + (f" ×{n}" if n > 1 else "") for text, n in counts.items())
    where = "1 place" if len(leftovers) == 1 else f"{len(leftovers)} places"
    return Finding(rule="text-quality", severity="warning", entity=doc.id, attribute="mojibake",
                   message=f"mis-decoded characters left in the text in {where}: {shown} (what "
                           "they stood for was lost in a wrong encoding): restore it from the "
                           "original",
                   evidence=[_evidence(doc, d.start, d.end, sentences) for d in leftovers],
                   values=sorted(counts))


def _document_damage(doc: Document, sentences: list[Sentence],
                     credit_cues: frozenset[str] = frozenset(),
                     related_cues: frozenset[str] = frozenset()) -> Iterator[Damage]:
    yield from mojibake(doc.text, doc.repaired)
    yield from garbled_words(doc.text)
    yield from missing_words(doc.text)
    yield from _repeat_damage(doc, sentences, credit_cues, related_cues)


@rule("text-quality", severity="warning", cost=30, scope="texts")
def text_quality(texts: Texts, data: RuleData) -> Iterator[Finding]:
    for source in sorted(texts.documents):
        doc = texts.documents[source]
        extraction = texts.extractions.get(source)
        sentences = extraction.sentences if extraction else []
        if doc.repaired:
            notes = "; ".join(doc.notes) or "repaired mis-encoded text"
            yield Finding(rule="text-quality", severity="warning", entity=source,
                          attribute="encoding",
                          message=f"the text was mis-encoded and has been repaired ({notes}): "
                                  "check names, quotation marks and symbols against the original",
                          evidence=[_evidence(doc, 0, 0, sentences, sentence=notes)],
                          values=["repaired"])
        grouped: dict[tuple[str, str], list[Damage]] = defaultdict(list)
        leftovers: list[Damage] = []
        for damage in _document_damage(doc, sentences, data.credit_cues, data.related_cues):
            if damage.kind == "mojibake":
                leftovers.append(damage)
            else:
                grouped[damage.kind, damage.text].append(damage)
        if leftovers:
            yield _mojibake_finding(doc, leftovers, sentences)
        for (kind, text), found in grouped.items():
            same = list({(d.start, d.end): d for d in found}.values())
            places = "" if len(same) == 1 else f" ({len(same)} places)"
            evidence = [_evidence(doc, d.start, d.end, sentences) for d in same]
            yield Finding(rule="text-quality", severity=same[0].severity, entity=source,
                          attribute=kind, message=same[0].message + places, evidence=evidence,
                          values=[text])
