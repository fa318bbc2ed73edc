"""implausible-claim

What it finds: claims that defeat themselves or the calendar: records, elapsed years, ages.
Records said to begin in the year the document was published (or later); "N years later/after",
"N years ago" and "Nth anniversary" arithmetic that does not add up with the years given beside
it; an age that cannot follow from a founding or birth year.
Why it matters: these are typos in a year or a number, or a figure copied from another story;
the sentence cannot be true as written, whatever the other sources say.
Example (flagged): "the wettest month since records began in 2024" published in 2024; "The 2004
tsunami destroyed the harbour. Ten years later, in 2016, it reopened."; "Founded in 1990, the
25-year-old group ..." published in 2024; "twelve years ago, in 2004" published in 2024.
Example (not flagged): "since records began in 1910"; "Ten years later, in 2014, it reopened";
"Founded in 1990, the 34-year-old group" in 2024 (or the 33-year-old one, before its birthday);
"In 2014 the town marked the 10th anniversary of the 2004 tsunami".
How it decides: records began — a records-began fact whose year is the publication year or later
(only with a publication date). Elapsed years — a duration in years ("ten years", "more than two
decades", read by the quantity extractor with its qualifier interval) followed by "later", "on",
"earlier", or "after"/"before" with an object holding exactly one year ("ten years after the 2004
tsunami"), with the year it lands on attached ("In 2016, ten years later" / "ten years later, in
2016"); without an object the start is the one year given before it in its sentence, else in the
previous sentence of the paragraph (none or several there: no finding). "N years ago, in YEAR" is
checked against the publication date. Anniversaries — "the Nth anniversary of" an object holding one
year, against the one other year of the sentence (none on planning words such as "will", "plan",
"ahead of"). Ages — "founded/born in YEAR, the N-year-old ..." or "the N-year-old ..., which/who was
founded/born in YEAR", against the publication year and every other year of the sentence and the one
before (any fitting year clears it). Year arithmetic allows one year either way (an event late in
one year, a date early in another); an anniversary and an age allow none beyond the birthday.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from factcheck.extract import Extraction
from factcheck.graph import FactGraph
from factcheck.model import DateMention, Document, Evidence, Finding, Quantity, Sentence
from factcheck.ruledata import RuleData
from factcheck.rules.date_conflict import parse_iso
from factcheck.rules.engine import rule

_YEAR_UNITS = {"year": 1, "years": 1, "decade": 10, "decades": 10}
_AFTER_DURATION = re.compile(
    r"\s+(?P<word>later|on|afterwards|afterward|earlier|after|before)\b", re.I)
_BACKWARD = frozenset({"earlier", "before"})
_BARE_END = re.compile(r"\s*(?:[,.;:—–]|$)")
_IN_BEFORE = re.compile(r"\bin\s+$", re.I)
_COMMA_GAP = re.compile(r"\s*,\s*")
_COMMA_IN = re.compile(r"\s*,?\s*in\s+", re.I)
_OBJECT_END = re.compile(r"[,;:—–()\[\]]")
_OBJECT_CHARS = 60
_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                  "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                  "nineteenth twentieth")
_ORDINALS = {word: n for n, word in enumerate(_ORDINAL_WORDS.split(), start=1)}
_ORDINALS.update({"thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                  "seventieth": 70, "seventy-fifth": 75, "eightieth": 80, "ninetieth": 90,
                  "hundredth": 100, "twenty-fifth": 25})
_ANNIVERSARY = re.compile(
    r"\b(?P<ordinal>\d{1,3}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r")\s+anniversary\s+of\b", re.I)
_PLANNING = re.compile(
    r"\b(?:will|would|could|may|might|shall|plan|plans|planned|planning|prepare|prepares|"
    r"preparing|prepared|ahead of|upcoming|approaching|approaches|next|before|until|"
    r"scheduled|expected|due)\b", re.I)
_ORIGIN_VERB = (r"(?:founded|established|formed|created|set\s+up|launched|built|opened|"
                r"born|incorporated)")
_AGE_AFTER_ORIGIN = re.compile(_ORIGIN_VERB + r"\s+in\s+$", re.I)
_ORIGIN_THEN_AGE = re.compile(r",\s+(?:the|this|its|their|a)\s+$", re.I)
_AGE_THEN_ORIGIN = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+,\s+(?:which|who|that)\s+(?:was|were)\s+"
    + _ORIGIN_VERB + r"\s+in\s+", re.I)


class _Source:
    """One document's text, sentences, dates and figures, with the lookups the scans need
    (indexed by offset: every lookup is a bisection, never a scan of the document)."""

    def __init__(self, doc: Document, ex: Extraction) -> None:
        self.doc, self.ex, self.text = doc, ex, doc.text
        self.dates = sorted(ex.dates, key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]
        self.date_at = {d.start: d for d in self.dates if not d.relative}
        self.sentence_starts = [s.start for s in ex.sentences]

    def sentence_at(self, offset: int) -> int | None:
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        if index < 0 or offset >= self.ex.sentences[index].end:
            return None
        return index

    def previous_in_paragraph(self, index: int) -> Sentence | None:
        if index == 0:
            return None
        previous = self.ex.sentences[index - 1]
        current = self.ex.sentences[index]
        return None if "\n\n" in self.text[previous.end:current.start] else previous

    def absolute_dates(self, start: int, end: int) -> list[DateMention]:
        first = bisect.bisect_left(self.date_starts, start)
        last = bisect.bisect_left(self.date_starts, end)
        return [d for d in self.dates[first:last] if d.end <= end and not d.relative]

    def date_ending_before(self, offset: int) -> DateMention | None:
        """An absolute date written 'in YEAR' that ends right before offset (', ' between)."""
        index = bisect.bisect_left(self.date_starts, offset) - 1
        if index < 0:
            return None
        d = self.dates[index]
        if (not d.relative and d.end <= offset and _COMMA_GAP.fullmatch(self.text, d.end, offset)
                and _IN_BEFORE.search(self.text, max(0, d.start - 4), d.start)):
            return d
        return None

    def date_starting_after(self, offset: int) -> DateMention | None:
        """An absolute date written ', in YEAR' right after offset."""
        m = _COMMA_IN.match(self.text, offset)
        return None if m is None else self.date_at.get(m.end())

    def evidence(self, start: int, end: int, value: float | str | None = None) -> Evidence:
        line, column = self.doc.position(start)
        index = self.sentence_at(start)
        sentence = self.ex.sentences[index].text if index is not None else ""
        return Evidence(source=self.ex.source, path=self.doc.path, line=line, column=column,
                        start=start, end=end, text=self.text[start:end], sentence=sentence,
                        value=value)


def _claim(text: str, start: int, end: int) -> str:
    """The words of a claim as one line, without the punctuation that closes its sentence."""
    return " ".join(text[start:end].split()).rstrip(".,;:!? ")


def _years(quantity: Quantity) -> tuple[float | None, float | None] | None:
    """The years a duration states, as an interval ('more than two decades': ≥ 20)."""
    factor = _YEAR_UNITS.get((quantity.unit or "").lower())
    if factor is None or quantity.qualifier == "vague":
        return None
    if quantity.low is None and quantity.high is None:
        return None
    return (None if quantity.low is None else quantity.low * factor,
            None if quantity.high is None else quantity.high * factor)


def _holds(stated: tuple[float | None, float | None], elapsed: int, slack: int) -> bool:
    """Whether a stated number of years can be the calendar difference give or take slack."""
    low, high = stated
    return not ((high is not None and high < elapsed - slack)
                or (low is not None and low > elapsed + slack))


def _object(src: _Source, start: int, limit: int) -> tuple[int, DateMention] | None:
    """The end of an object phrase ('the 2004 tsunami') and the one year it holds."""
    stop = _OBJECT_END.search(src.text, start, limit)
    end = min(stop.start() if stop else limit, start + _OBJECT_CHARS)
    found = src.absolute_dates(start, end)
    if len({d.year for d in found}) != 1 or len(found) != 1:
        return None
    return end, found[0]


def _phrase_end(src: _Source, year: DateMention, limit: int) -> int:
    """Where the words naming a dated thing end: the year and the word after it ('the 2004
    tsunami'), within the object phrase."""
    m = re.compile(r"\s+[\w'’-]+").match(src.text, year.end, limit)
    return m.end() if m else min(year.end, limit)


def _single_year_before(src: _Source, index: int, offset: int,
                        exclude: DateMention) -> DateMention | None:
    """The one year given before offset in its sentence, else in the previous sentence of the
    paragraph; None when that nearest scope gives none or several."""
    sentence = src.ex.sentences[index]
    previous = src.previous_in_paragraph(index)
    scopes = [(sentence.start, offset)] + ([(previous.start, previous.end)] if previous else [])
    for start, end in scopes:
        found = [d for d in src.absolute_dates(start, end) if d is not exclude]
        if found:
            return found[-1] if len({d.year for d in found}) == 1 else None
    return None


def _elapsed_findings(src: _Source) -> Iterator[Finding]:
    """'Ten years later, in 2016' after 'the 2004 tsunami'; 'ten years after the 2004 tsunami,
    in 2016'; 'In 2012, two years before the 2014 vote'."""
    for q in src.ex.quantities:
        stated = _years(q)
        index = src.sentence_at(q.start)
        m = _AFTER_DURATION.match(src.text, q.end)
        if stated is None or index is None or m is None:
            continue
        word = m.group("word").lower()
        bare = bool(_BARE_END.match(src.text, m.end()) or _COMMA_IN.match(src.text, m.end()))
        target = src.date_ending_before(q.start)
        base: DateMention | None = None
        if bare or word in ("later", "afterwards", "afterward", "earlier"):
            target = target or src.date_starting_after(m.end())
            if target is not None:
                base = _single_year_before(src, index, min(q.start, target.start), target)
            end = max(m.end(), target.end) if target is not None else m.end()
        elif word in ("after", "before") or src.text.startswith(" from ", m.end()):
            found = _object(src, m.end() + (5 if word == "on" else 0),
                            src.ex.sentences[index].end)
            if found is None:
                continue
            object_end, base = found
            target = target or src.date_starting_after(object_end)
            end = target.end if target is not None and target.start >= object_end else \
                _phrase_end(src, base, object_end)
        else:
            continue
        if base is None or target is None:
            continue
        elapsed = (base.year - target.year) if word in _BACKWARD else (target.year - base.year)
        if _holds(stated, elapsed, slack=1):
            continue
        start = min(q.start, target.start)
        claim = _claim(src.text, start, end)
        duration = q.text.lower()
        expected = f"{base.year} - {duration}" if word in _BACKWARD else f"{base.year} + {duration}"
        yield Finding(
            rule="implausible-claim", severity="error", entity=claim, attribute="years-elapsed",
            message=(f'"{claim}" does not add up: {expected} is not {target.year} '
                     f"({abs(elapsed)} years from {base.year})"),
            evidence=[src.evidence(start, end, q.value),
                      src.evidence(base.start, base.end, str(base.year))],
            values=sorted([f"{base.year}", f"{duration} {word}", f"{target.year}"]))


def _ordinal(text: str) -> int | None:
    word = text.lower()
    if word[:-2].isdigit():
        return int(word[:-2])
    return _ORDINALS.get(word)


def _anniversary_findings(src: _Source) -> Iterator[Finding]:
    """'In 2016 the town marked the 10th anniversary of the 2004 tsunami'."""
    if "anniversary" not in src.text.casefold():
        return  # most texts: no need to try the pattern at every word
    for sentence in src.ex.sentences:
        for m in _ANNIVERSARY.finditer(src.text, sentence.start, sentence.end):
            years = _ordinal(m.group("ordinal"))
            found = _object(src, m.end(), sentence.end)
            if years is None or found is None:
                continue
            object_end, base = found
            others = [d for d in src.absolute_dates(sentence.start, sentence.end)
                      if not (m.start() <= d.start < object_end)]
            if len({d.year for d in others}) != 1 or _PLANNING.search(
                    src.text, sentence.start, sentence.end):
                continue
            target = others[0]
            if target.year - base.year == years:
                continue
            object_end = _phrase_end(src, base, object_end)
            claim = _claim(src.text, m.start(), object_end)
            yield Finding(
                rule="implausible-claim", severity="error", entity=claim,
                attribute="anniversary",
                message=(f'"{claim}" in {target.year} does not add up: {base.year} + {years} '
                         f"is {base.year + years}"),
                evidence=[src.evidence(m.start(), object_end, years),
                          src.evidence(target.start, target.end, str(target.year))],
                values=sorted([f"{base.year}", f"anniversary {years}", f"{target.year}"]))


def _age_findings(src: _Source) -> Iterator[Finding]:
    """'Founded in 1990, the 25-year-old group' (published 2024)."""
    published = src.doc.published
    for q in src.ex.quantities:
        if not (q.unit or "").lower().endswith("year-old") or q.low is None or q.low != q.high:
            continue
        found = _origin_before(src, q) or _origin_after(src, q)
        index = src.sentence_at(q.start)
        if found is None or index is None:
            continue
        origin, start, end = found
        previous = src.previous_in_paragraph(index)
        sentence = src.ex.sentences[index]
        references = {d.year for d in src.absolute_dates(
            previous.start if previous else sentence.start, sentence.end) if d is not origin}
        if published is not None:
            references.add(published.year)
        age = int(q.low)
        if not references or any(0 <= year - origin.year - age <= 1 for year in references):
            continue
        when = published.year if published is not None else max(references)
        claim = _claim(src.text, start, end)
        yield Finding(
            rule="implausible-claim", severity="error", entity=claim, attribute="age",
            message=(f'"{claim}": from {origin.year} an age of {age} is reached in '
                     f"{origin.year + age}, not by {when} (nor any other year the passage "
                     "gives)"),
            evidence=[src.evidence(q.start, q.end, age),
                      src.evidence(origin.start, origin.end, str(origin.year))],
            values=sorted([f"{origin.year}", f"age {age}", *(str(y) for y in references)]))


def _origin_before(src: _Source, q: Quantity) -> tuple[DateMention, int, int] | None:
    """'Founded in 1990, the 25-year-old': the year, and the claim's span."""
    index = bisect.bisect_left(src.date_starts, q.start) - 1
    if index < 0:
        return None
    d = src.dates[index]
    if d.relative or not (0 <= q.start - d.end <= 12) or \
            not _ORIGIN_THEN_AGE.fullmatch(src.text, d.end, q.start):
        return None
    verb = _AGE_AFTER_ORIGIN.search(src.text, max(0, d.start - 20), d.start)
    return None if verb is None else (d, verb.start(), q.end)


def _origin_after(src: _Source, q: Quantity) -> tuple[DateMention, int, int] | None:
    """'the 25-year-old charity, which was founded in 1990': the year, and the claim's span."""
    m = _AGE_THEN_ORIGIN.match(src.text, q.end)
    year = None if m is None else src.date_at.get(m.end())
    return None if year is None else (year, q.start, year.end)


def _years_ago_findings(src: _Source) -> Iterator[Finding]:
    """'twelve years ago, in 2004' in a document published in 2024."""
    for rel in src.dates:
        if not (rel.relative and rel.text.lower().endswith("ago") and rel.month is None):
            continue
        target = src.date_starting_after(rel.end) or src.date_ending_before(rel.start)
        if target is None or abs(rel.year - target.year) <= 1:
            continue
        start, end = min(rel.start, target.start), max(rel.end, target.end)
        claim = _claim(src.text, start, end)
        published = src.doc.published
        yield Finding(
            rule="implausible-claim", severity="error", entity=claim, attribute="years-ago",
            message=(f'"{claim}" does not add up: from the publication date '
                     f"{published.isoformat() if published else ''}, {rel.text} is "
                     f"{rel.year}, not {target.year}"),
            evidence=[src.evidence(rel.start, rel.end, str(rel.year)),
                      src.evidence(target.start, target.end, str(target.year))],
            values=sorted([f"{rel.year}", f"{target.year}"]))


def _records_findings(graph: FactGraph) -> Iterator[Finding]:
    for fact in graph.facts_of("date"):
        if fact.attribute != "records-began":
            continue
        published = graph.documents[fact.source].published
        parsed = parse_iso(fact.value)
        if published is None or parsed is None or parsed[0] < published.year:
            continue
        when = "the year" if parsed[0] == published.year else "after"
        yield Finding(  # the topic names the entity and the attribute
            rule="implausible-claim", severity="error", entity=fact.entity,
            attribute="records-began",
            message=(f"records said to begin in {parsed[0]}, {when} the document was "
                     f"published ({published.isoformat()}): a \"since records began\" "
                     "comparison needs years of records"),
            evidence=[Evidence.from_fact(fact, graph.path(fact.source))],
            values=[str(parsed[0]), f"published {published.year}"])


@rule("implausible-claim", severity="error", cost=5)
def implausible_claim(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    yield from _records_findings(graph)
    for source in sorted(graph.extractions):
        doc = graph.documents.get(source)
        if doc is None:
            continue
        src = _Source(doc, graph.extractions[source])
        yield from _elapsed_findings(src)
        yield from _anniversary_findings(src)
        yield from _age_findings(src)
        yield from _years_ago_findings(src)
