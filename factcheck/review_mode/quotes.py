"""Quotation claims: the document's quotation, with its speaker, against the sources' words.

Words are compared folded (case, punctuation, quote styles and editorial brackets do not count:
"[the] mayor" quotes "the mayor").

- Verbatim: the document's words run unbroken inside a source's quotation of the same speaker
  (or either speaker unknown), or inside a source's text: supported.
- Reworded: no source has the words, but a quotation of the same speaker comes close (rapidfuzz
  token-set similarity ≥ 70 and partial similarity ≥ 60, where unrelated quotations of one
  speaker score below 66 and 58); a quotation by someone else must come closer still (80, 75),
  and then the quotation is also misattributed. A reworded quotation is contradicted, with the
  word diff against the closest source quotation. When some sources have the words verbatim and
  others word it differently, it is disputed.
- Verbatim under another speaker's name: contradicted (misattributed).
- Found nowhere: unsupported, and possibly fabricated.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from factcheck.graph.dependency import normalize
from factcheck.model import Fact
from factcheck.review_mode.claims import CONTRADICTED, DiffPart
from factcheck.review_mode.context import ReviewContext
from factcheck.review_mode.decide import Position, Verdict, decide
from factcheck.worddiff import word_diff as diff_words

SAME_SPEAKER = (70.0, 60.0)  # token-set and partial similarity of a reworded quotation
OTHER_SPEAKER = (80.0, 75.0)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_EDGE_PUNCT = "\"'“”‘’«».,;:!?()[]…"


@dataclass
class _Text:
    """A source's text as folded words, with each word's offsets."""

    joined: str  # folded words joined by single spaces, with a space at each end
    spans: list[tuple[int, int]]
    word_at: list[int]  # character offset in ``joined`` of each word


class QuoteIndex:
    def __init__(self, ctx: ReviewContext, quotes: list[Fact]) -> None:
        self.ctx = ctx
        self.quotes = [(q, f" {normalize(q.text)} ") for q in ctx.source_facts(quotes)
                       if q.kind == "quote"]
        self._texts: dict[str, _Text] = {}

    def text(self, source: str) -> _Text:
        if source not in self._texts:
            words, spans, at, pos = [], [], [], 1
            for m in _WORD.finditer(self.ctx.graph.documents[source].text):
                word = m.group().casefold().replace("’", "'")
                words.append(word)
                spans.append((m.start(), m.end()))
                at.append(pos)
                pos += len(word) + 1
            self._texts[source] = _Text(" " + " ".join(words) + " ", spans, at)
        return self._texts[source]


def classify_quote(ctx: ReviewContext, fact: Fact,
                   index: QuoteIndex) -> tuple[Verdict, list[DiffPart]]:
    words = normalize(fact.text)
    speaker = fact.speaker
    positions: list[Position] = []
    verbatim_sources: set[str] = set()
    for quote, folded in index.quotes:
        if f" {words} " in folded:
            same = ctx.same_speaker(speaker, quote.speaker)
            label = "verbatim" if same else f"verbatim, said by {quote.speaker}"
            positions.append(Position(quote.source, label, same, [quote]))
            verbatim_sources.add(quote.source)
    for source in ctx.sources:
        if source in verbatim_sources:
            continue
        found = _in_text(ctx, index, source, words, fact)
        if found is not None:
            positions.append(Position(source, "verbatim in the text", True, [found]))
            verbatim_sources.add(source)
    close = _closest_per_source(ctx, fact, words, index, exclude=verbatim_sources)
    for quote, _score in close:
        label = ("reworded" if ctx.same_speaker(speaker, quote.speaker)
                 else f"reworded, said by {quote.speaker}")
        positions.append(Position(quote.source, label, False, [quote]))
    positions = _one_per_source(positions)
    agree = any(p.agrees for p in positions)
    disagree = any(not p.agrees for p in positions)
    who = f" of {speaker}" if speaker else ""
    verdict = decide(ctx, "the quotation", positions, agree and disagree,
                     unsupported_reason=f"the quotation{who} is in no source, neither as a "
                                        f"quotation nor in the text: possibly fabricated")
    diff: list[DiffPart] = []
    if close:
        best = max(close, key=lambda pair: pair[1])[0]
        diff = word_diff(best.text, fact.text)
    if verdict.status == CONTRADICTED:
        misattributed = [p for p in positions if p.label.startswith("verbatim, said by")]
        if misattributed:
            said = misattributed[0]
            verdict.reason = (f"misattributed: {said.source} has these words from "
                              f"{said.facts[0].speaker}, not {speaker}")
        elif close:
            best = max(close, key=lambda pair: pair[1])[0]
            verdict.reason = (f"reworded: the closest quotation ({best.source}, "
                              f"{best.speaker or 'unattributed'}) reads “{best.text}”"
                              f"{ctx.copies_note(p.source for p in positions)}")
    return verdict, diff


def _in_text(ctx: ReviewContext, index: QuoteIndex, source: str, words: str,
             fact: Fact) -> Fact | None:
    """The document's words found verbatim in a source's text, as a fact to cite."""
    text = index.text(source)
    at = text.joined.find(f" {words} ")
    if at == -1 or not words:
        return None
    first = bisect.bisect_left(text.word_at, at + 1)
    last = first + len(words.split()) - 1
    start, end = text.spans[first][0], text.spans[last][1]
    doc = ctx.graph.documents[source]
    extraction = ctx.graph.extractions.get(source)
    sentence = ""
    if extraction is not None:
        starts = [s.start for s in extraction.sentences]
        i = bisect.bisect_right(starts, start) - 1
        sentence = extraction.sentences[i].text if i >= 0 else ""
    line, column = doc.position(start)
    return Fact(id=f"{source}:quote:{start}:in-text", source=source, kind="quote",
                entity=fact.entity, attribute="quote", value=doc.text[start:end], start=start,
                end=end, line=line, column=column, text=doc.text[start:end], sentence=sentence)


def _closest_per_source(ctx: ReviewContext, fact: Fact, words: str, index: QuoteIndex,
                        exclude: set[str]) -> list[tuple[Fact, float]]:
    """Per source without the words verbatim: its closest quotation that passes the bars."""
    best: dict[str, tuple[Fact, float]] = {}
    for quote, folded in index.quotes:
        if quote.source in exclude:
            continue
        same = ctx.same_speaker(fact.speaker, quote.speaker)
        token_bar, partial_bar = SAME_SPEAKER if same else OTHER_SPEAKER
        other = folded.strip()
        token = fuzz.token_set_ratio(words, other)
        partial = fuzz.partial_ratio(words, other)
        if token >= token_bar and partial >= partial_bar:
            score = token + partial + (10.0 if same else 0.0)
            if quote.source not in best or score > best[quote.source][1]:
                best[quote.source] = (quote, score)
    return [best[s] for s in sorted(best)]


def _one_per_source(positions: list[Position]) -> list[Position]:
    """A source's agreeing position first: it holds the words, whatever else it has."""
    out: dict[str, Position] = {}
    for p in positions:
        if p.source not in out or (p.agrees and not out[p.source].agrees):
            out[p.source] = p
    return [out[s] for s in sorted(out)]


def _fold(word: str) -> str:
    return word.strip(_EDGE_PUNCT).casefold().replace("’", "'")


def word_diff(source_text: str, document_text: str) -> list[DiffPart]:
    """Word-level changes from the source's quotation to the document's, the source cut to the
    stretch the document's words align with (a long quotation is not shown whole)."""
    src, doc = source_text.split(), document_text.split()
    folded_doc = [_fold(w) for w in doc]
    joined_src, joined_doc = " ".join(_fold(w) for w in src), " ".join(folded_doc)
    if len(joined_src) > 1.3 * len(joined_doc):
        # rapidfuzz finds the stretch of the source the document's words align with best.
        found = fuzz.partial_ratio_alignment(joined_doc, joined_src)
        first = joined_src.count(" ", 0, found.dest_start)
        last = joined_src.count(" ", 0, found.dest_end)
        src = src[max(0, first - 1):last + 2]
    return diff_words(src, doc, _fold)
