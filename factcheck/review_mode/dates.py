"""Date claims: date facts (an event's date, a founding year, when records began …) and dates
the document names that no fact takes up ("the August 31 deadline").

A date fact meets the sources' date facts of the same canonical entity and attribute. Two dates
agree when they are equal at the precision both give ("January 2015" and "2015"), or, both to
the day, when they lie within the rules' date window (relative dates resolve a day either way).
A source that gives several dates for one fact agrees when any of them does.

A date named without an attribute is supported when a source sentence names the same date, at
least as precisely, near the same key words (content words within a few words of the date: one
shared word for a day, two for a month or a year, which sentences share by chance far more
often). A source with no publication date cannot resolve a date given without its year ("the
31st of August"); for the comparison such a source is read as if published on the claimed day,
so day and month must match. It is contradicted when no source names it so and the sources date
the same thing otherwise: what it dates is its action word (the past participle, noun of action
or event word nearest it: "detained", "demolition", "collapse"), met by a word of the same stem
in a source with another shared key word near the source's date; or three key words a source
sentence shares, two of them common words (not names) near both dates. A date right after
"since", "than" or "previous" dates a background event ("the worst since 1985") and is never
contradicted. Its entity is its action word, then its nearest key words.

A date written with a weekday that is not its own ("Wednesday, 9 April 2024") is contradicted by
itself, whatever the sources say. Not claims: the date line of the document's head (its
publication date), dates that name no month and no year ("Thursday", "last week", "this
year"), whose meaning depends on the day of writing, and date facts whose words name no day,
month or year ("last week").
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from factcheck.extract import Extraction
from factcheck.extract.dates import find_dates
from factcheck.extract.pipeline import dates_compatible
from factcheck.graph.dependency import FUNCTION_WORDS
from factcheck.model import DateMention, Document, Fact, Sentence
from factcheck.review_mode.claims import CONTRADICTED
from factcheck.review_mode.context import ReviewContext
from factcheck.review_mode.decide import Position, Verdict, decide
from factcheck.rules.weekday_mismatch import mismatch_reason

MENTIONED = "mentioned-date"  # the attribute of a date that no fact takes up
KEYWORD_WINDOW = 8  # words each side of a date that say what it is the date of
HEAD_LINES = 12  # a date line among the first lines is the head's publication date
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec")
_NOT_KEYWORDS = FUNCTION_WORDS | frozenset(
    [*_MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "day", "days", "week", "weeks", "month", "months", "date", "early", "late", "mid", "end",
     "beginning", "since", "until", "ago", "also", "its", "it's", "was", "were", "is", "are"])
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_MONTH_WORD = r"\b(?:" + "|".join(_MONTHS) + r")\b"
_NAMES_A_DATE = re.compile(r"\d|" + _MONTH_WORD, re.IGNORECASE)
_WEEKDAY_WORD = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b",
    re.IGNORECASE)
_NAMES_DAY_AND_MONTH = re.compile(rf"(?=.*\d)(?=.*{_MONTH_WORD})", re.IGNORECASE | re.DOTALL)
# Words that say what happened on a date: a past participle ("detained", "sentenced"), a noun of
# action ("demolition", "announcement"), or an event trigger of the rules data ("collapse").
_ACTION_ENDINGS = ("ed", "tion", "sion", "ment")
_IRREGULAR_ACTIONS = frozenset(["born", "built", "held", "struck", "sank", "sunk", "shot",
                                "fell", "began", "begun", "won", "lost", "flew", "flown"])
_ARTICLE = frozenset(["the", "a", "an"])  # "the collapsed tower": an adjective, no action
# A date right after these words dates a background event ("more than the 1939 earthquake",
# "the worst since 2011", "a previous 2015 attack"): it may be supported, never contradicted.
_BACKGROUND_CUES = frozenset(["since", "previous", "previously", "earlier", "than"])
BACKGROUND_WINDOW = 3  # words before the date in which a background cue counts
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[–—]\s")
STEM = 6  # letters that make two forms of one action word the same ("demolished", "demolition")
# Key words two sentences share (SAME_THING_WORDS), SAME_THING_NEAR of them near both dates,
# that make the two dates dates of one thing.
SAME_THING_WORDS = 3
SAME_THING_NEAR = 2
ACTION_WINDOW = 12  # words either side of a date in which its action word is looked for


# -- date facts --------------------------------------------------------------------------------


def is_date_claim(fact: Fact) -> bool:
    """A date fact is a claim unless its words name no day, month or year ("last week", "this
    year", "two months ago": a span around the day of writing, not a date to check)."""
    return bool(_NAMES_A_DATE.search(fact.text) or _WEEKDAY_WORD.search(fact.text))


def classify_date_fact(ctx: ReviewContext, fact: Fact, group: list[Fact]) -> Verdict:
    window = ctx.graph.data.date_window_days
    by_source: dict[str, list[Fact]] = defaultdict(list)
    for other in ctx.source_facts(group):
        if other.kind == "date" and isinstance(other.value, str):
            by_source[other.source].append(other)
    asserted = fact.modality == "asserted"
    positions: list[Position] = []
    for source, facts in sorted(by_source.items()):
        values = list(dict.fromkeys(str(f.value) for f in facts))
        agrees = any(compatible(str(fact.value), v, window) for v in values)
        if not agrees and (not asserted or any(f.modality != "asserted" for f in facts)):
            continue  # a forecast or a claim is matched, never set against a plain date
        positions.append(Position(source, " / ".join(values), agrees,
                                  [f for f in facts if not agrees
                                   or compatible(str(fact.value), str(f.value), window)]))
    disagree = any(
        not any(compatible(a, b, window) for a in p.label.split(" / ")
                for b in q.label.split(" / "))
        for i, p in enumerate(positions) for q in positions[i + 1:])
    reason = f"no source gives the {fact.attribute} of {fact.entity}"
    return decide(ctx, str(fact.value), positions, disagree, unsupported_reason=reason)


def compatible(a: str, b: str, window_days: int) -> bool:
    """Whether two ISO dates (year, year-month or day) can name the same time."""
    return dates_compatible(_mention(a), _mention(b), window_days)


def _mention(iso: str) -> DateMention:
    parts = [int(p) for p in iso.split("-")]
    return DateMention(0, 0, iso, parts[0], parts[1] if len(parts) > 1 else None,
                       parts[2] if len(parts) > 2 else None)


def weekday_verdict(mention: DateMention | None) -> Verdict | None:
    """A date written with a weekday that is not its own contradicts itself, whatever the
    sources say ("Wednesday, 9 April 2024": a Tuesday)."""
    reason = None if mention is None else mismatch_reason(mention)
    if reason is None:
        return None
    return Verdict(CONTRADICTED, f"the weekday does not fit the date: {reason}", [], [], [])


# -- dates named without an attribute ------------------------------------------------------------


@dataclass
class _Named:
    """A date a text names, with the key words around it."""

    source: str
    mention: DateMention
    sentence: Sentence
    keywords: set[str]


def mentioned_dates(doc: Document, extraction: Extraction, facts: list[Fact],
                    events: frozenset[str] = frozenset()) -> list[Fact]:
    """The document's dates that no date fact takes up and that are claims (see module doc),
    as facts with attribute MENTIONED; the entity is what the date dates (see _date_fact;
    ``events``: the rules' event trigger words)."""
    taken = [(f.start, f.end) for f in facts if f.kind == "date"]
    names = [f for f in facts if f.kind == "name"]
    starts = [s.start for s in extraction.sentences]
    out = []
    for mention in extraction.dates:
        if any(s < mention.end and mention.start < e for s, e in taken):
            continue
        if not _NAMES_A_DATE.search(mention.text) or _is_head_date(doc, mention):
            continue
        sentence = _sentence_of(extraction.sentences, starts, mention.start)
        if sentence is None:
            continue
        near = _keywords_near(sentence, mention)
        out.append(_date_fact(doc, mention, sentence, near, events, names))
    return out


def classify_mentioned_date(ctx: ReviewContext, fact: Fact,
                            index: SentenceIndex) -> Verdict:
    """Supported by a source that names the same date near the same key words; contradicted
    when the sources date the same thing otherwise (see the module doc) and none names the
    claimed date for it."""
    claim = str(fact.value)
    words = set(fact.context.get("keywords", []))  # type: ignore[arg-type]
    need = 1 if claim.count("-") == 2 else 2
    positions: list[Position] = []
    for named in index.named_near(claim, words, need):
        shared = sorted(words & named.keywords)
        date_fact = _date_fact(ctx.graph.documents[named.source], named.mention, named.sentence,
                               named.keywords)
        positions.append(Position(named.source, named.mention.iso(), True, [date_fact],
                                  f"“{named.mention.text}” near {', '.join(shared)}"))
    positions = _one_per_source(positions)
    action = fact.context.get("action")
    if not fact.context.get("background"):
        agreeing = {p.source for p in positions}
        common = set(fact.context.get("common", []))  # type: ignore[arg-type]
        positions += [p for p in index.dated_otherwise(
            claim, action if isinstance(action, str) else None, words, common)
            if p.source not in agreeing]
    labels = [p.label for p in positions]
    disagree = any(not _same_at_shared_precision(a, b)
                   for i, a in enumerate(labels) for b in labels[i + 1:])
    listed = ", ".join(sorted(words)) or "no key words"
    reason = f"no source names {claim} near the same words ({listed})"
    return decide(ctx, claim, positions, disagree, unsupported_reason=reason)


def _precise_enough(source: str, claim: str) -> bool:
    """A source's date can speak to a claimed date when it is as precise, or both name a month
    ("1990" says nothing about "25 May 2015")."""
    return source.count("-") >= min(claim.count("-"), 1)


def _same_at_shared_precision(a: str, b: str) -> bool:
    """'2017-05' and '2017-05-23' agree; '2017-05-25' and '2017-05-23' do not."""
    parts_a, parts_b = a.split("-"), b.split("-")
    n = min(len(parts_a), len(parts_b))
    return parts_a[:n] == parts_b[:n]


class SentenceIndex:
    """The sources' sentences by key word, to find those that name a date near given words."""

    def __init__(self, ctx: ReviewContext) -> None:
        self.ctx = ctx
        self.by_word: dict[str, set[tuple[str, int]]] = defaultdict(set)
        self.sentences: dict[str, list[Sentence]] = {}
        self.dates: dict[str, list[DateMention]] = {}
        for source in ctx.sources:
            extraction = ctx.graph.extractions.get(source)
            if extraction is None:
                continue
            self.sentences[source] = extraction.sentences
            self.dates[source] = extraction.dates
            for i, sentence in enumerate(extraction.sentences):
                for word in _keywords(sentence.text):
                    self.by_word[word].add((source, i))
        self.by_stem: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for word, keys in self.by_word.items():
            self.by_stem[word[:STEM]] |= keys

    def named_near(self, claim: str, words: set[str], need: int) -> list[_Named]:
        shared: dict[tuple[str, int], int] = defaultdict(int)
        for word in words:
            for key in self.by_word.get(word, ()):
                shared[key] += 1
        found = []
        for (source, i), count in sorted(shared.items()):
            if count < need:
                continue
            sentence = self.sentences[source][i]
            for mention in self._dates_in(source, sentence, claim):
                if not mention.iso().startswith(claim):
                    continue  # the source must be at least as precise as the claim
                near = _keywords_near(sentence, mention)
                if len(near & words) >= need:
                    found.append(_Named(source, mention, sentence, near))
        return found

    def dated_otherwise(self, claim: str, action: str | None, words: set[str],
                        common: set[str]) -> list[Position]:
        """Per source, the dates it gives the same thing that differ from ``claim`` at their
        shared precision; a source that also gives the claimed date for it is left out. The
        same thing: the same action (a word of the same stem as ``action``, with another of
        ``words`` near the date), or a sentence sharing SAME_THING_WORDS of ``words``,
        SAME_THING_NEAR of them near the date and among ``common`` (the claim's words written
        in lower case: shared names say whose date it is, not what it dates)."""
        found: dict[str, list[tuple[DateMention, Sentence, str]]] = defaultdict(list)
        agrees: set[str] = set()
        for source, mention, sentence, why in self._same_thing(action, words, common):
            if _is_date_line(self.ctx.graph.documents[source], mention):
                continue
            if not _precise_enough(mention.iso(), claim):
                continue
            if _same_at_shared_precision(claim, mention.iso()):
                agrees.add(source)
            elif all(m.start != mention.start for m, _, _ in found[source]):
                found[source].append((mention, sentence, why))
        out = []
        for source, dated in sorted(found.items()):
            if source in agrees or not dated:
                continue
            doc = self.ctx.graph.documents[source]
            values = list(dict.fromkeys(m.iso() for m, _, _ in dated))
            facts = [_date_fact(doc, m, s, _keywords_near(s, m)) for m, s, _ in dated]
            detail = "; ".join(f"“{m.text}” {why}" for m, _, why in dated)
            out.append(Position(source, " / ".join(values), False, facts, detail))
        return out

    def _same_thing(self, action: str | None, words: set[str],
                    common: set[str]) -> Iterator[tuple[str, DateMention, Sentence, str]]:
        """(source, date, sentence, why) for the sources' dates of the same thing."""
        if action is not None:
            stem = action[:STEM]
            others = words - {action}
            for source, i in sorted(self.by_stem.get(stem, ())):
                sentence = self.sentences[source][i]
                for offset in _action_offsets(sentence, stem):
                    mention = self._date_of_action(source, sentence, offset)
                    if mention is not None and others & _keywords_near(sentence, mention):
                        yield source, mention, sentence, f"for {action}"
        shared: dict[tuple[str, int], int] = defaultdict(int)
        for word in words:
            for key in self.by_word.get(word, ()):
                shared[key] += 1
        for (source, i), count in sorted(shared.items()):
            if count < SAME_THING_WORDS:
                continue
            sentence = self.sentences[source][i]
            for mention in self.dates[source]:
                if not sentence.start <= mention.start < sentence.end:
                    continue
                if mention.day is None and not _NAMES_A_DATE.search(mention.text):
                    continue
                near = common & _common_keywords(sentence, _keywords_near(sentence, mention))
                if len(near) >= SAME_THING_NEAR:
                    yield source, mention, sentence, f"near {', '.join(sorted(near))}"

    def _date_of_action(self, source: str, sentence: Sentence,
                        offset: int) -> DateMention | None:
        """The date in ``sentence`` nearest the action word at ``offset``, if no more than
        ACTION_WINDOW words lie between them."""
        dates = [d for d in self.dates[source] if sentence.start <= d.start < sentence.end
                 and (d.day is not None or _NAMES_A_DATE.search(d.text))]
        if not dates:
            return None
        nearest = min(dates, key=lambda d: _distance(d, offset))
        between = sentence.text[min(nearest.end, offset) - sentence.start:
                                max(nearest.start, offset) - sentence.start]
        return nearest if len(_WORD.findall(between)) <= ACTION_WINDOW else None

    def _dates_in(self, source: str, sentence: Sentence, claim: str) -> list[DateMention]:
        if self.ctx.graph.documents[source].published is not None or claim.count("-") != 2:
            return [d for d in self.dates[source] if sentence.start <= d.start < sentence.end]
        # Undated source: its yearless dates were never resolved. Read the sentence as if
        # written on the claimed day, which gives such a date the claim's year; only dates
        # that name their day and month count (a weekday read this way proves nothing).
        day = datetime.date.fromisoformat(claim)
        return [DateMention(d.start + sentence.start, d.end + sentence.start, d.text, d.year,
                            d.month, d.day, d.relative)
                for d in find_dates(sentence.text, day)
                if d.day is not None and _NAMES_DAY_AND_MONTH.match(d.text)]


def _one_per_source(positions: list[Position]) -> list[Position]:
    seen: set[str] = set()
    out = []
    for p in positions:
        if p.source not in seen:
            seen.add(p.source)
            out.append(p)
    return out


def _date_fact(doc: Document, mention: DateMention, sentence: Sentence,
               keywords: set[str], events: frozenset[str] | None = None,
               names: list[Fact] | None = None) -> Fact:
    """A date named without an attribute as a fact. With ``events`` (the document under
    review), its action word and background cue are found, and its entity says what it dates:
    a name (not a place's) between the action word and the date, else the name nearest the
    action word in the sentence, and the action ("Morning Star capsized", "Jane Roe
    detained"); else the action and the nearest key words."""
    line, column = doc.position(mention.start)
    ordered = _ordered_keywords(sentence, mention, keywords)
    entity = " ".join(ordered[:4])
    context: dict[str, object] = {"keywords": sorted(keywords)}
    if events is not None:
        action, offset, background = _action_word(sentence, mention, events)
        if action is not None and offset is not None:
            context["action"] = action
            entity = " ".join([action, *(k for k in ordered if k != action)][:3])
            near = [f for f in names or [] if sentence.start <= f.start < sentence.end
                    and (f.end <= mention.start or f.start >= mention.end)]
            # A name between the action and the date, not a place's, is who or what it
            # happened to ("detained Jane Roe in Dale on 3 May"); else the name nearest the
            # action ("The Dale ferry sank").
            low, high = sorted((offset, mention.start))
            between = [f for f in near if low <= f.start < high
                       and f.context.get("kind") != "place"]
            if between or near:
                name = min(between or near,
                           key=lambda f: max(f.start - offset, offset - f.end, 0))
                entity = f"{name.entity} {action}"
        context["background"] = background
        context["common"] = sorted(_common_keywords(sentence, keywords))
    return Fact(id=f"{doc.id}:date:{mention.start}:{MENTIONED}", source=doc.id, kind="date",
                entity=entity or "(no key words)", attribute=MENTIONED,
                value=mention.iso(), time=mention.iso(),
                qualifier="relative" if mention.relative else "exact", start=mention.start,
                end=mention.end, line=line, column=column, text=mention.text,
                sentence=sentence.text, context=context)


def _action_word(sentence: Sentence, mention: DateMention,
                 events: frozenset[str]) -> tuple[str | None, int | None, bool]:
    """The action word nearest before the date within ACTION_WINDOW words, else nearest after
    it in its clause (written in lower case: "United" is no action; not after an article: "the
    collapsed tower"), with its offset, or None, None; and whether a background cue stands
    just before the date."""
    before: list[re.Match[str]] = []
    after: list[re.Match[str]] = []
    clause_end = _CLAUSE_BREAK.search(sentence.text, mention.end - sentence.start)
    stop = sentence.end if clause_end is None else sentence.start + clause_end.start()
    for m in _WORD.finditer(sentence.text):
        start = sentence.start + m.start()
        if start + len(m.group()) <= mention.start:
            before.append(m)
        elif mention.end <= start < stop:
            after.append(m)
    before = before[-ACTION_WINDOW - 1:]
    after = after[:ACTION_WINDOW]
    background = any(m.group().lower() in _BACKGROUND_CUES for m in before[-BACKGROUND_WINDOW:])
    backwards = before[::-1]
    sides = ([(m, backwards[i + 1].group() if i + 1 < len(backwards) else "")
              for i, m in enumerate(backwards[:ACTION_WINDOW])],
             [(m, after[i - 1].group() if i else "") for i, m in enumerate(after)])
    for pairs in sides:  # before the date first: "X happened on DATE" is the usual order
        for m, prior in pairs:
            word = m.group()
            k = keyword(word)
            if k is None or not word.islower() or not _is_action(k, events):
                continue
            if k.endswith("ed") and prior.lower() in _ARTICLE:
                continue
            return k, sentence.start + m.start(), background
    return None, None, background


def _common_keywords(sentence: Sentence, keywords: set[str]) -> set[str]:
    """The key words the sentence writes in lower case (not names)."""
    return {k for w in _WORD.findall(sentence.text)
            if w.islower() and (k := keyword(w)) is not None and k in keywords}


def _is_action(word: str, events: frozenset[str]) -> bool:
    return (word in events or word in _IRREGULAR_ACTIONS
            or (len(word) >= 5 and word.endswith(_ACTION_ENDINGS)))


def _action_offsets(sentence: Sentence, stem: str) -> list[int]:
    """Where words of the stem stand in the sentence as actions (lower case, and not an
    adjective after an article: "the collapsed tower")."""
    out = []
    prior = ""
    for m in _WORD.finditer(sentence.text):
        word = m.group()
        if (word.islower() and (keyword(word) or "")[:STEM] == stem
                and not (word.endswith("ed") and prior in _ARTICLE)):
            out.append(sentence.start + m.start())
        prior = word.lower()
    return out


def _distance(mention: DateMention, offset: int) -> int:
    """Characters between a date and a word starting at ``offset``."""
    return max(mention.start - offset, offset - mention.end, 0)


def _keywords(text: str) -> set[str]:
    return {k for w in _WORD.findall(text) if (k := keyword(w))}


def keyword(word: str) -> str | None:
    """A content word folded so that plurals and possessives agree, or None."""
    w = word.casefold().replace("’", "'").removesuffix("'s")
    if len(w) < 3 or w in _NOT_KEYWORDS or w.isdigit() or any(c.isdigit() for c in w):
        return None
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


def _words_around(sentence: Sentence, mention: DateMention) -> list[tuple[int, str]]:
    """(distance in words, key word) for the words of the sentence outside the date."""
    before, after = [], []
    for m in _WORD.finditer(sentence.text):
        start, end = sentence.start + m.start(), sentence.start + m.end()
        if end <= mention.start:
            before.append(m.group())
        elif start >= mention.end:
            after.append(m.group())
    out = []
    for distance, word in enumerate(reversed(before), 1):
        if (k := keyword(word)) is not None:
            out.append((distance, k))
    for distance, word in enumerate(after, 1):
        if (k := keyword(word)) is not None:
            out.append((distance, k))
    return out


def _keywords_near(sentence: Sentence, mention: DateMention) -> set[str]:
    return {k for distance, k in _words_around(sentence, mention) if distance <= KEYWORD_WINDOW}


def _ordered_keywords(sentence: Sentence, mention: DateMention, keywords: set[str]) -> list[str]:
    """The key words nearest the date first."""
    seen: dict[str, int] = {}
    for distance, k in _words_around(sentence, mention):
        if k in keywords and (k not in seen or distance < seen[k]):
            seen[k] = distance
    return sorted(seen, key=lambda k: (seen[k], k))


def _sentence_of(sentences: list[Sentence], starts: list[int], offset: int) -> Sentence | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def _is_head_date(doc: Document, mention: DateMention) -> bool:
    """Among the document's first lines, its publication date or a date on a line of its own
    (give or take a keyword): the head's date line, not a claim."""
    text = doc.text
    line_start = text.rfind("\n", 0, mention.start) + 1
    if sum(1 for line in text[:line_start].split("\n") if line.strip()) >= HEAD_LINES:
        return False
    if doc.published is not None and mention.iso() == doc.published.isoformat():
        return True
    return _is_date_line(doc, mention)


def _is_date_line(doc: Document, mention: DateMention) -> bool:
    """The date stands on a line of its own, give or take three words ("Posted June 3")."""
    text = doc.text
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line_end = len(text) if line_end == -1 else line_end
    rest = text[line_start:mention.start] + " " + text[mention.end:line_end]
    return len(_WORD.findall(rest)) <= 3
