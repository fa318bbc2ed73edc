"""date-conflict

What it finds: one event, or the start of one relation, dated differently across sources.
An event's day (an attack, a flood) or the year a relation began between the same entities
(fighting since, founded).
Why it matters: an event happens once and a group is founded once: at least one source has the
date wrong, and an editor cannot tell which.
Example (flagged): "floods hit Orvel on March 3, 2024" vs "the flood in Orvel on March 9, 2024";
"the militia and the army have been fighting since 2016" vs "… clashing since 2019".
Example (not flagged): "the flood in March 2024" vs "the flood on March 3, 2024" (they agree at
their shared precision); "on Thursday" (resolved from the publication date to 2024-03-07) vs
"March 5, 2024" with a two-day window; two different events one source dates differently.
How it decides: only asserted facts. Event dates ("date" facts of one resolved event) count
only when clearly the event's own: in the clause of its trigger word ("the flood in Orvel on
March 3"), not past a comma ("After the flood, the council met on March 9"). They are read
as day spans at their precision ("2024-03" is March 1–31) and two agree when their spans lie
within the rules' date_window_days of each other (an event that lasts, as a storm or a wildfire
does, by its family's lasting_days), one more day when either was resolved from a publication
date ("Thursday", "last week"). Relation starts ("fighting-since", "founded") agree
when their years are equal. Two sources conflict only when none of the dates one gives for the
thing agrees with any the other gives, so a source that names two different events, or hedges
between two dates, never conflicts with itself or with a source matching either. One finding per
entity and attribute, listing each date with the sources that give it. A source that dates the
event only relative to its page date ("two weeks ago"), more than the rules'
page_date_doubt_days from every date the others give, is noted (info), not flagged: a relative
date is off by days, not years, so its page date is the doubtful one (a re-publication, a
site's header date).
"""

from __future__ import annotations

import bisect
import re
from calendar import monthrange
from collections.abc import Callable, Hashable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from factcheck.extract.patterns import trie
from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding, Sentence
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule

EVENT_DATE = "date"
RELATION_STARTS = ("fighting-since", "founded")

# An event's own date: at most this many characters after its trigger word, in one clause, or
# this many before it (a modifier); as the extractor attaches them.
_AFTER_TRIGGER, _BEFORE_TRIGGER = 100, 20
_CLAUSE_BREAK = re.compile(r"[,;:—–()\[\]]")

Label = Callable[[Fact], str]


def parse_iso(value: object) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of '2024-03-07', '2024-03' or '2024'; None when it is not one."""
    if not isinstance(value, str):
        return None
    parts = value.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in [*parts, "0", "0"][:3])
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month or None, day or None


def day_span(value: object) -> tuple[int, int] | None:
    """First and last day (ordinals) a date at its precision covers: '2024-03' is March 1–31."""
    parsed = parse_iso(value)
    if parsed is None:
        return None
    year, month, day = parsed
    if day is not None and month is not None:
        ordinal = date(year, month, day).toordinal()
        return ordinal, ordinal
    if month is not None:
        return (date(year, month, 1).toordinal(),
                date(year, month, monthrange(year, month)[1]).toordinal())
    return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()


def compare_at_shared_precision(a: object, b: object) -> int | None:
    """-1, 0 or 1 as date a is before, at or after date b, compared at the coarser of their two
    precisions ('2024-03' and '2024-03-07' are equal); None when either is not a date."""
    pa, pb = parse_iso(a), parse_iso(b)
    if pa is None or pb is None:
        return None
    shared = min(sum(x is not None for x in pa), sum(x is not None for x in pb))
    ka, kb = pa[:shared], pb[:shared]
    return (ka > kb) - (ka < kb)


@lru_cache(maxsize=1 << 14)
def _span(value: str) -> tuple[int, int] | None:
    return day_span(value)


def _event_date_key(fact: Fact) -> tuple[str, bool]:
    """What decides agreement for an event date: its value and whether it was resolved."""
    return str(fact.value), fact.qualifier == "relative"


def _event_dates_agree(window: int) -> Callable[[tuple[str, bool], tuple[str, bool]], bool]:
    def agree(a: tuple[str, bool], b: tuple[str, bool]) -> bool:
        span_a, span_b = _span(a[0]), _span(b[0])
        if span_a is None or span_b is None:
            return True  # unreadable: never a conflict
        tolerance = window + (1 if a[1] or b[1] else 0)
        return span_a[0] - tolerance <= span_b[1] and span_b[0] - tolerance <= span_a[1]
    return agree


def _year_key(fact: Fact) -> int | None:
    parsed = parse_iso(fact.value)
    return parsed[0] if parsed else None


def _years_agree(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _by_source(facts: list[Fact]) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.modality == "asserted" and parse_iso(fact.value) is not None:
            out.setdefault(fact.source, []).append(fact)
    return {s: out[s] for s in sorted(out)}


def _doubtful_page_dates(per_source: dict[str, list[Fact]], days: int) -> list[str]:
    """Sources that date the event only by words resolved from their page date ("two weeks
    ago") to more than ``days`` from every date the other sources give. A relative date is off
    by days, not years: their page date is the doubtful one (a later re-publication, a site's
    header date), not the text."""
    stated = [(source, span) for source, facts in per_source.items() for f in facts
              if (span := _span(str(f.value))) is not None]
    out = []
    for source, facts in per_source.items():
        if any(f.qualifier != "relative" for f in facts):
            continue
        spans = [_span(str(f.value)) for f in facts]
        if None in spans or all(s == source for s, _ in stated):
            continue
        # Most sources agree: the search stops at the first date near one of theirs.
        if not any(s != source and max(span[0] - other[1], other[0] - span[1]) <= days
                   for span in spans for s, other in stated):  # type: ignore[index]
            out.append(source)
    return out


def _conflicting_sources(per_source: dict[str, list[Fact]], key: Callable[[Fact], Hashable],
                         agree: Callable[[Any, Any], bool]) -> set[str]:
    """Sources with at least one other source none of whose dates agrees with any of theirs.

    Agreement depends only on each fact's ``key``, so sources stating the same set of keys
    are compared once: many sources repeat the same dates, and the pairs to compare are those
    of distinct sets, not of sources."""
    sources_of: dict[frozenset[Hashable], list[str]] = {}
    for source, facts in per_source.items():
        sources_of.setdefault(frozenset(key(f) for f in facts), []).append(source)
    signatures = list(sources_of)
    out: set[str] = set()
    for i, a in enumerate(signatures):
        for b in signatures[i + 1:]:
            if not any(agree(ka, kb) for ka in a for kb in b):
                out.update(sources_of[a])
                out.update(sources_of[b])
    return out


def _side(per_source: dict[str, list[Fact]], sources: list[str], label: Label,
          graph: FactGraph, between: str = " vs ") -> str:
    """'2024-03-03 (S1 “…”, S2 “…”) vs 2024-03-09 (S3 “…”)': each stated date with the
    sources giving it."""
    given: dict[str, list[str]] = {}
    for source in sources:
        for value in dict.fromkeys(label(f) for f in per_source[source]):
            given.setdefault(value, []).append(graph.label(source))
    return between.join(f"{value} ({', '.join(srcs)})" for value, srcs in sorted(given.items()))


def _finding(entity: str, attribute: str, per_source: dict[str, list[Fact]],
             conflicting: set[str], label: Label, what: str, graph: FactGraph,
             note: str = "") -> Finding:
    first = sorted(conflicting)
    others = [s for s in per_source if s not in conflicting]
    # The topic names the entity and the attribute: the message gives the dates.
    message = f"{what}{_side(per_source, first, label, graph)}{note}"
    if others:
        message += f"; also stated: {_side(per_source, others, label, graph)}"
    evidence = [Evidence.from_fact(f, graph.path(f.source))
                for s in [*first, *others] for f in sorted(per_source[s], key=lambda f: f.start)]
    return Finding(rule="date-conflict", severity="error", entity=entity, attribute=attribute,
                   message=message, evidence=evidence,
                   values=sorted({label(f) for s in first for f in per_source[s]}))


def _page_date_note(entity: str, attribute: str, source: str,
                    per_source: dict[str, list[Fact]], graph: FactGraph, days: int) -> Finding:
    """A note (info) that a source's page date, not its text, puts the event elsewhere."""
    words = ", ".join(dict.fromkeys(f"“{f.text}”" for f in per_source[source]))
    others = [s for s in per_source if s != source]
    given = _side(per_source, others, _iso_label, graph, "; ")
    message = (f"dated {_side(per_source, [source], _iso_label, graph)} only by {words} read "
               f"from its page date {graph.published(source)}, more than {days} days from "
               f"every date other sources give ({given}): the page date may not be when the "
               "text was written (a re-publication, a site's date)")
    evidence = [Evidence.from_fact(f, graph.path(f.source))
                for s in [source, *others] for f in sorted(per_source[s], key=lambda f: f.start)]
    return Finding(rule="date-conflict", severity="info", entity=entity, attribute=attribute,
                   message=message, evidence=evidence,
                   values=sorted({_iso_label(f) for f in per_source[source]}))


def _iso_label(fact: Fact) -> str:
    return str(fact.value)


def _year_label(fact: Fact) -> str:
    parsed = parse_iso(fact.value)
    return str(parsed[0]) if parsed else str(fact.value)


def _year_intervals(per_source: dict[str, list[Fact]]
                    ) -> list[tuple[str, float | None, float | None, str]]:
    out: list[tuple[str, float | None, float | None, str]] = []
    for source, facts in per_source.items():
        years = sorted({int(_year_label(f)) for f in facts})
        text = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        out.append((source, float(years[0]), float(years[-1]), text))
    return out


class _Attachment:
    """Whether an event date is clearly the event's own: after the event's trigger word in its
    clause ("the flood in Orvel on March 3"), or right before it as a modifier ("Thursday's
    attack", "the 2019 floods"). A date past a comma belongs to another clause ("Following the
    flood, the council met on March 9")."""

    def __init__(self, graph: FactGraph, data: RuleData) -> None:
        self.graph = graph
        self.triggers = re.compile(
            r"(?<![\w-])(?:" + trie(w.lower() for w in data.event_types) + r")(?![\w-])",
            re.I) if data.event_types else None
        # How far past its start an attempt of the trigger pattern reads (a word, then the
        # character after it): attempts further back than this before a date cannot see it.
        self.reach = max((len(w.lower()) for w in data.event_types), default=0) + 2
        self.starts: dict[str, list[int]] = {}
        # A long sentence's triggers, found once: (source, sentence start) -> their spans.
        self.sentence_triggers: dict[tuple[str, int], tuple[list[int], list[int]]] = {}

    def __call__(self, fact: Fact) -> bool:
        ex = self.graph.extractions.get(fact.source)
        if ex is None or not ex.sentences or self.triggers is None:
            return True  # nothing to check against: a graph built without extraction
        if fact.source not in self.starts:
            self.starts[fact.source] = [s.start for s in ex.sentences]
        index = bisect.bisect_right(self.starts[fact.source], fact.start) - 1
        sentence = ex.sentences[max(index, 0)]
        text = self.graph.documents[fact.source].text
        trigger_end = self._last_trigger_end(fact.source, text, sentence, fact.start)
        if trigger_end is not None and fact.start - trigger_end <= _AFTER_TRIGGER \
                and not _CLAUSE_BREAK.search(text, trigger_end, fact.start):
            return True
        after = self.triggers.search(text, fact.end, min(sentence.end, fact.end + _BEFORE_TRIGGER))
        return after is not None

    def _last_trigger_end(self, source: str, text: str, sentence: Sentence, end: int
                          ) -> int | None:
        """The end of the last match of ``triggers.finditer(text, sentence.start, end)``.

        Rescanning a long sentence from its start for each date in it would be quadratic.
        Attempts that start more than ``reach`` before ``end`` go as in a scan of the whole
        sentence, whose matches are kept; only the rest is scanned again."""
        assert self.triggers is not None
        key = (source, sentence.start)
        if key not in self.sentence_triggers:
            spans = [m.span() for m in self.triggers.finditer(text, sentence.start,
                                                                sentence.end)]
            self.sentence_triggers[key] = ([a for a, _ in spans], [b for _, b in spans])
        starts, ends = self.sentence_triggers[key]
        safe = end - self.reach  # attempts starting before this do not read text[end]
        k = bisect.bisect_left(starts, safe)  # starts[:k] are found by the shorter scan too
        last = ends[k - 1] if k else None
        for match in self.triggers.finditer(text, max(sentence.start, safe, last or 0), end):
            last = match.end()
        return last


@rule("date-conflict", severity="error", cost=4)
def date_conflict(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    window = data.date_window_days
    attached = _Attachment(graph, data)
    for (entity, attribute), facts in graph.groups("date").items():
        if attribute == EVENT_DATE:
            per_source = _by_source([f for f in facts if attached(f)])
            doubtful = _doubtful_page_dates(per_source, data.page_date_doubt_days)
            trusted = {s: f for s, f in per_source.items() if s not in doubtful}
            family = next((str(f.context["event_family"]) for f in facts
                           if "event_family" in f.context), "")
            days = max(window, data.lasting_days.get(family, 0))  # a storm lasts days
            conflicting = _conflicting_sources(trusted, _event_date_key,
                                               _event_dates_agree(days))
            if conflicting:
                note = f" (more than {days} day{'s' if days != 1 else ''} apart)"
                yield _finding(entity, attribute, trusted, conflicting, _iso_label,
                               "dated ", graph, note)
            for source in doubtful:
                yield _page_date_note(entity, attribute, source, per_source, graph,
                                      data.page_date_doubt_days)
        elif attribute in RELATION_STARTS:
            per_source = _by_source(facts)
            conflicting = _conflicting_sources(per_source, _year_key, _years_agree)
            if conflicting:
                finding = _finding(entity, attribute, per_source, conflicting, _year_label,
                                   "", graph)
                finding.intervals = _year_intervals(
                    {s: per_source[s] for s in sorted(conflicting)})
                yield finding
