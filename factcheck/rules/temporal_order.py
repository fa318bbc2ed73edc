"""temporal-order

What it finds: dates that contradict an order the text asserts, or its own publication date.
An order between two dated things in one sentence that their dates reverse, and an event told
in the past tense but dated after the document's publication date.
Why it matters: one of the two dates is wrong (a typo in a day or a year, a date copied from
another story), or the sentence reverses cause and effect; either way the reader is misled.
Example (flagged): "The evacuation on March 3 came before the storm on March 1."; "The dam
burst on June 9, 2024" in an article published on June 2, 2024.
Example (not flagged): "The evacuation on March 1 came before the storm on March 3."; "Before
the storm on March 5, residents were told on March 3 to leave."; "The vote is scheduled for
June 9, 2024" in an article published on June 2, 2024 (not past tense); "appeared before the
court on March 3" (not an order of time).
How it decides: order — a connective (before, prior to, ahead of, in advance of, warned of:
the left thing comes first; after, following: it comes second) with exactly one date attached on
each side: after the connective, one date before the next comma or clause break; on the left,
the nearest date before the connective in the same clause (no reporting verb, relative pronoun
or coordination between), or, when the sentence opens with the connective ("Two days after the
quake on May 2, …"), the one date of the main clause. Dates that open or close a range are not
attached. Dates are compared at their shared precision and only a strict contradiction counts;
dates resolved from the publication date count only when both name a month and fall in the same
resolved year. Past tense — an asserted event date fact, stated with its year, later than the
publication date at their shared precision, with a past-tense verb in its clause near the date
(60 characters before, 40 after, relative clauses set off by commas left out) and a sentence
with no future, planning, cancelling or conditional word ("will", "scheduled", "called off",
"if" …); verbs that report or announce ("said", "announced") do not count as past tense.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from factcheck.extract import Extraction
from factcheck.graph import FactGraph
from factcheck.model import DateMention, Document, Evidence, Finding, Sentence
from factcheck.ruledata import RuleData
from factcheck.rules.date_conflict import compare_at_shared_precision
from factcheck.rules.engine import rule


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, the way it reads best."""
    return frozenset(text.split())


# Connective -> the order it asserts of the left thing against the right one.
_CONNECTIVE = re.compile(
    r"\b(?:before|prior to|ahead of|in advance of|warned of|after|following)\b(?!-)", re.I)
_FIRST = ("before", "prior to", "ahead of", "in advance of", "warned of")
# "appeared before the court", "came before parliament": a place in front of someone, not time.
_BEFORE_AUDIENCE = re.compile(
    r"\s+(?:the\s+|a\s+)?(?:court|courts|judge|judges|jury|juries|parliament|congress|senate|"
    r"committee|tribunal|panel|magistrate|magistrates|lawmakers|council|assembly|cameras|"
    r"crowd|crowds|audience|reporters|journalists|voters|him|her|them|us|me)\b", re.I)
_AFTER_NOT_TIME = re.compile(
    r"\b(?:named|looked|look|looks|looking|modelled|modeled|patterned|take|takes|took|taking|"
    r"went|go|goes|going|gone|chase|chased|chasing)\s+$", re.I)
_FOLLOWING_NOT_TIME = re.compile(
    r"\b(?:the|is|are|was|were|be|been|being|am|keep|keeps|kept|start|started|began|stop|"
    r"stopped)\s+$", re.I)
_BEFORE_AND_AFTER = re.compile(r"\s+and\s+(?:after|during)\b", re.I)
# Between a left date and its connective: a break that attaches the date to another clause.
_LEFT_BREAK = re.compile(
    r"[;:—–()\[\]]|\b(?:and|but|or|while|whereas|when|whenever|which|who|whom|whose|where|as|"
    r"said|says|say|told|tells|announced|announces|reported|reports|added|adds|according|"
    r"confirmed|stated|because|since|until|although|though|if|unless)\b", re.I)
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|announced|announces|reported|reports|added|according|"
    r"confirmed|stated)\b", re.I)
_RANGE_BEFORE = re.compile(r"(?:\b(?:and|to|until|till|through|or|between|from)\s+|[-–]\s*)$",
                           re.I)
# A date that starts or bounds a span of time is no point the connective can order.
_SPAN_START = re.compile(r"\b(?:since|from|until|till|by|between|through)\s+(?:the\s+)?$",
                         re.I)
_OPENING_DATE = re.compile(r"\W*(?:on|in|at)?\s*", re.I)
_RANGE_AFTER = re.compile(r"^\s*(?:and|to|until|till|through|or|[-–])\s", re.I)
_OBJECT_END = re.compile(r"[,;:—–()\[\]]")
_MAIN_END = re.compile(r"[;:—–]")
_COMMA = re.compile(",")
# Words that may open a sentence before its connective: "Two days after", "Shortly before".
_LEAD_WORDS = _words(
    "a an one two three four five six seven eight nine ten eleven twelve few several some "
    "day days week weeks month months year years hour hours minute minutes moment moments "
    "shortly just soon long immediately right only even well barely nearly almost about more "
    "less than")
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.I)
_OBJECT_CHARS, _LEFT_CHARS, _OPENING_CHARS = 60, 80, 90

_FUTURE = re.compile(
    r"\b(?:will|would|could|may|might|shall|should|can|won['’]t|going to|expected|expects|"
    r"expect|scheduled|schedules|schedule|due|set to|set for|plan|plans|planned|planning|"
    r"upcoming|forthcoming|next|forecast|forecasts|predicted|predicts|anticipated|proposed|"
    r"intends|intended|aims|if|unless|until|is to|are to|was to|were to|tomorrow|coming|"
    r"ahead of|deadline|pending|called off|cancell?ed|postponed|delayed|scrapped|suspended|"
    r"averted|rescheduled|put off|moved|brought forward)\b", re.I)
_IRREGULAR_PAST = _words(
    "was were had hit struck killed left began broke fell rose swept tore took came went burst "
    "shook spread caught brought did made ran saw sank blew froze drove flew fought won lost "
    "led held met paid sent shot stood gave got knew wrote spoke sold bought "
    "grew threw wore withdrew overran undertook overtook")
# Words in -ed that are no past-tense verb here, or that describe what is still to come.
_NOT_PAST_ED = _words(
    "need needed indeed hundred speed proceed exceed succeed embed breed bleed feed seed shed "
    "sacred naked wicked rugged ragged beloved alleged proposed planned scheduled expected "
    "anticipated intended predicted forecasted rumoured rumored feared threatened delayed "
    "postponed red bed wed")
# Verbs that report or announce: their tense is the telling's, not the event's ("the union
# announced a strike on June 9").
_ANNOUNCING = _words(
    "said told announced called declared threatened vowed promised pledged warned confirmed "
    "reported added urged asked agreed decided set fixed chose picked named stated insisted "
    "predicted forecast expected feared hoped wanted needed")
_BEFORE_PARTICIPLE = _words(
    "the a an this that these those its their his her our your my be been being is are am to "
    "will newly")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CLAUSE_BREAK = re.compile(r"[;:—–]")
_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whose|that)\b[^,;]*(?:,|$)", re.I)
_VERB_BEFORE, _VERB_AFTER = 60, 40  # characters around a date where its verb is told


@dataclass(frozen=True)
class OrderClaim:
    """Two dates the text orders: ``first`` is said to come before ``second``."""

    first: DateMention
    second: DateMention
    connective: str
    start: int  # the claim's span in the text
    end: int


def _dates_in(dates: list[DateMention], start: int, end: int) -> list[DateMention]:
    return [d for d in dates if start <= d.start and d.end <= end]


def _in_range(text: str, d: DateMention) -> bool:
    """The date opens or closes a range ('from March 1 to March 5', 'March 1-5')."""
    return (_RANGE_BEFORE.search(text, max(0, d.start - 12), d.start) is not None
            or _RANGE_AFTER.match(text[d.end:d.end + 12]) is not None)


def _is_temporal(text: str, m: re.Match[str]) -> bool:
    word = m.group(0).lower()
    before, after = text[max(0, m.start() - 24):m.start()], text[m.end():m.end() + 40]
    if word == "before":
        return not (_BEFORE_AUDIENCE.match(after) or _BEFORE_AND_AFTER.match(after))
    if word == "after":
        return not (_AFTER_NOT_TIME.search(before) or re.match(r"\s+all\b", after, re.I))
    if word == "following":
        return _FOLLOWING_NOT_TIME.search(before) is None
    return True


def _break_outside_dates(pattern: re.Pattern[str], text: str, dates: list[DateMention],
                         start: int, limit: int) -> int:
    """Where the first break after start lies, skipping those inside a date ('May 5, 2023');
    limit when there is none."""
    for m in pattern.finditer(text, start, limit):
        if not any(d.start <= m.start() < d.end for d in dates):
            return m.start()
    return limit


def _object_date(text: str, dates: list[DateMention], start: int, limit: int
                 ) -> DateMention | None:
    """The one date right after a connective, before the next comma or clause break."""
    window_end = min(_break_outside_dates(_OBJECT_END, text, dates, start, limit),
                     start + _OBJECT_CHARS)
    found = _dates_in(dates, start, window_end)
    if len(found) != 1 or _in_range(text, found[0]):
        return None
    return found[0]


def order_claims(text: str, sentence: Sentence, dates: list[DateMention]) -> list[OrderClaim]:
    """Orders a sentence asserts between two dates attached to the things it orders."""
    claims = []
    local = _dates_in(dates, sentence.start, sentence.end)
    if len(local) < 2:
        return []
    for m in _CONNECTIVE.finditer(text, sentence.start, sentence.end):
        if not _is_temporal(text, m):
            continue
        right = _object_date(text, local, m.end(), sentence.end)
        if right is None:
            continue
        left = _opening_main_date(text, sentence, local, m, right)
        start = sentence.start
        if left is None:
            left = _left_date(text, sentence, local, m)
            start = left.start if left is not None else start
        if left is None:
            continue
        connective = " ".join(m.group(0).lower().split())
        first, second = (left, right) if connective in _FIRST else (right, left)
        claims.append(OrderClaim(first, second, connective, start, max(left.end, right.end)))
    return claims


def _opening_main_date(text: str, sentence: Sentence, local: list[DateMention],
                       m: re.Match[str], right: DateMention) -> DateMention | None:
    """'Two days after the quake on May 2, rescuers reached the town on May 1': when the
    sentence opens with the connective, the one date of the main clause."""
    if not _only_lead_words(text[sentence.start:m.start()]):
        return None
    limit = min(sentence.end, m.end() + _OPENING_CHARS)
    comma = _break_outside_dates(_COMMA, text, local, right.end, limit)
    if comma == limit:
        return None
    stop = _MAIN_END.search(text, comma, sentence.end)
    main_end = stop.start() if stop else sentence.end
    if _REPORTING.search(text, comma, main_end):
        return None
    found = _dates_in(local, comma, main_end)
    if len(found) != 1 or _in_range(text, found[0]):
        return None
    return found[0]


def _left_date(text: str, sentence: Sentence, local: list[DateMention],
               m: re.Match[str]) -> DateMention | None:
    """The nearest date before the connective in the same clause."""
    before = [d for d in local if d.end <= m.start()]
    if not before:
        return None
    left = before[-1]
    if m.start() - left.end > _LEFT_CHARS or _LEFT_BREAK.search(text, left.end, m.start()):
        return None
    if _in_range(text, left) or _SPAN_START.search(text, max(0, left.start - 12), left.start):
        return None
    # An unclosed comma between them ends the date's clause ("…since 2016 due to X, the group
    # gained … after"), unless the date opens the sentence ("On March 3, police … after") or
    # the connective phrase is set off right after it ("on March 4, two days after …").
    if (text.count(",", left.end, m.start()) % 2
            and not _OPENING_DATE.fullmatch(text, sentence.start, left.start)
            and not _only_lead_words(text[text.rindex(",", left.end, m.start()) + 1:m.start()])):
        return None
    return left


def _only_lead_words(text: str) -> bool:
    """Whether text holds only words that may lead a connective ('two days', 'shortly')."""
    return re.fullmatch(r"[\w\s-]*", text) is not None and all(
        w.isdigit() or w.lower() in _LEAD_WORDS for w in _WORD.findall(text))


def _comparable(a: DateMention, b: DateMention) -> bool:
    """Dates resolved from the publication date keep their order only when both name a month
    and land in the same year ('March 3' vs 'March 1'); a weekday or 'last week' may have been
    resolved into the wrong week."""
    if not (a.relative or b.relative):
        return True
    return (a.year == b.year and _MONTH_NAME.search(a.text) is not None
            and _MONTH_NAME.search(b.text) is not None)


def _evidence(doc: Document, source: str, start: int, end: int, sentence: str,
              value: str | None = None) -> Evidence:
    line, column = doc.position(start)
    return Evidence(source=source, path=doc.path, line=line, column=column, start=start,
                    end=end, text=doc.text[start:end], sentence=sentence, value=value)


def _sentence_dates(ex: Extraction) -> Iterator[tuple[Sentence, list[DateMention]]]:
    """Each sentence with the dates inside it (both lists are in text order)."""
    dates = sorted(ex.dates, key=lambda d: d.start)
    starts = [d.start for d in dates]
    for sentence in ex.sentences:
        first = bisect.bisect_left(starts, sentence.start)
        last = bisect.bisect_left(starts, sentence.end)
        yield sentence, [d for d in dates[first:last] if d.end <= sentence.end]


def _order_findings(doc: Document, ex: Extraction) -> Iterator[Finding]:
    for sentence, local in _sentence_dates(ex):
        if len(local) < 2 or not _CONNECTIVE.search(sentence.text):
            continue
        for claim in order_claims(doc.text, sentence, local):
            first, second = claim.first, claim.second
            if not _comparable(first, second):
                continue
            if compare_at_shared_precision(first.iso(), second.iso()) != 1:
                continue
            span = " ".join(doc.text[claim.start:claim.end].split())
            message = (f'"{span}" puts {first.text} ({first.iso()}) first, but it is later '
                       f"than {second.text} ({second.iso()})")
            ordered = sorted((first, second), key=lambda d: d.start)
            yield Finding(
                rule="temporal-order", severity="warning", entity=span, attribute="order",
                message=message,
                evidence=[_evidence(doc, ex.source, d.start, d.end, sentence.text, d.iso())
                          for d in ordered],
                values=sorted({first.iso(), second.iso()}))


def past_tense_verb(clause: str) -> str | None:
    """The first past-tense verb of a clause that tells an event (not one that reports or
    announces it): an irregular past form, or a word in -ed that follows no determiner,
    auxiliary or 'to' (so 'the planned strike' has none)."""
    previous = ""
    for m in _WORD.finditer(clause):
        word = m.group(0).lower()
        if word in _ANNOUNCING:
            previous = word
            continue
        if word in _IRREGULAR_PAST:
            return m.group(0)
        if (len(word) >= 5 and word.endswith("ed") and word not in _NOT_PAST_ED
                and previous not in _BEFORE_PARTICIPLE):
            return m.group(0)
        previous = word
    return None


def verb_window(text: str, sentence: Sentence, start: int, end: int) -> str:
    """The words that tell what happened on a date: its clause, from a little before the date
    to a little after it, without relative clauses set off by commas ("The storm season, which
    began on June 1, peaks on September 10": "began" tells another thing)."""
    left, right = sentence.start, sentence.end
    for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if m.start() < start:
            left = m.end()
        else:
            right = m.start()
            break
    window = text[max(left, start - _VERB_BEFORE):start] + " " + \
        text[end:min(right, end + _VERB_AFTER)]
    return _RELATIVE_CLAUSE.sub(" ", window)


def _future_cue(text: str, sentence: Sentence, dates: list[DateMention]) -> bool:
    return any(not any(d.start < m.end() and m.start() < d.end for d in dates)
               for m in _FUTURE.finditer(text, sentence.start, sentence.end))


def _past_after_publication(graph: FactGraph) -> Iterator[Finding]:
    # Per source: sentence starts, and each sentence with its dates (found by bisection).
    indexed: dict[str, tuple[list[int], list[tuple[Sentence, list[DateMention]]]]] = {}
    for fact in graph.facts_of("date"):
        if (fact.attribute != "date" or fact.modality != "asserted"
                or fact.qualifier == "relative"):
            continue
        published = graph.published(fact.source)
        ex = graph.extractions.get(fact.source)
        if published is None or ex is None:
            continue
        if compare_at_shared_precision(fact.value, published) != 1:
            continue
        if fact.source not in indexed:
            entries = list(_sentence_dates(ex))
            indexed[fact.source] = ([s.start for s, _ in entries], entries)
        starts, entries = indexed[fact.source]
        index = bisect.bisect_right(starts, fact.start) - 1
        if index < 0:
            continue
        sentence, local = entries[index]
        doc = graph.documents[fact.source]
        if fact.start >= sentence.end or _future_cue(doc.text, sentence, local):
            continue
        verb = past_tense_verb(verb_window(doc.text, sentence, fact.start, fact.end))
        if verb is None:
            continue
        yield Finding(
            rule="temporal-order", severity="warning", entity=fact.entity, attribute="date",
            message=(f'told in the past tense ("{verb}") but dated '
                     f"{fact.value}, after the document's publication date {published}"),
            evidence=[Evidence.from_fact(fact, graph.path(fact.source))],
            values=[str(fact.value), f"published {published}"])


@rule("temporal-order", severity="warning", cost=6)
def temporal_order(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    for source in sorted(graph.extractions):
        doc = graph.documents.get(source)
        if doc is not None:
            yield from _order_findings(doc, graph.extractions[source])
    yield from _past_after_publication(graph)
