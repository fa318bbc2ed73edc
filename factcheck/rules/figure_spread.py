"""figure-spread

What it finds: sources that give one figure different numbers, all of which can be true ("at
least 23 killed" beside "at least 27 killed" the same day; "around 11 p.m." beside "a little
after 22:30").
Why it matters: nothing here is impossible, but a reader meets two numbers for one thing. The
lower floor is often the older count; an editor picks one number and says whose it is.
Example (flagged): "at least 23 people died" and "at least 27 people died", both published on
2025-06-03; "about 12 hours of fuel left" and "up to 14 hours of fuel left".
Example (not flagged): "at least 40 dead" and "about 40 dead" (one number); "12 dead" and "31
dead" the same day (they cannot both hold: a numeric-conflict); "12 dead" on Monday and "31 dead"
on Wednesday (a figure-update); predicted, conditional or denied figures; a vague amount
("dozens").
How it decides: asserted figures of one entity, attribute and group (the whole, or a subgroup
such as children), as numeric-conflict groups them, compared between sources: each source states
a set of numbers, and two sources differ when neither states a number the other does. Figures
that change (tolls, people missing) are compared only between sources published the same day; a
fixed fact (people aboard, a magnitude, a length) and the time of a step whatever the dates (a
time's number is its minute, on UTC when every time states its zone). Silent where two sources'
figures cannot both hold (numeric-conflict and time-conflict report them), for a source that
disagrees with itself, and for a count in progress (votes counted). Estimates ("may reach 500"
beside "could exceed 450") are set side by side among themselves in the same way, whether or not
they can both hold, never against a stated figure. One finding per entity, attribute, group and
day; its evidence is the differing figures, each source's words once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from factcheck.extract.times import to_utc
from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.numbers import intersect, overlaps
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule
from factcheck.rules.numeric_conflict import (
    TOTAL,
    comparable,
    group_name,
    quantity_groups,
    stated,
)
from factcheck.rules.time_conflict import Interval, clock, time_interval


def _groups(facts: list[Fact]) -> dict[str, list[Fact]]:
    """The figures of each group: the whole (TOTAL) and each subgroup; parts of a whole
    ("including 3 children") and vague amounts aside."""
    out: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.qualifier != "vague" and fact.value is not None:
            if fact.subject is not None:
                out[fact.subject].append(fact)
            elif not fact.context.get("part"):
                out[TOTAL].append(fact)
    return out


def _estimates_differing(facts: list[Fact]) -> set[str]:
    """The sources whose estimates ("could reach 20,000") name a number another source's do
    not: estimates are guesses, so any two may be set side by side."""
    numbers: dict[str, set[float]] = defaultdict(set)
    for fact in facts:
        numbers[fact.source].add(float(fact.value))  # type: ignore[arg-type]
    sources = sorted(numbers)
    return {source for i, a in enumerate(sources) for b in sources[i + 1:]
            if numbers[a].isdisjoint(numbers[b]) for source in (a, b)}


def _differing(facts: list[Fact], number: Callable[[Fact], float | None],
               interval: Callable[[Fact], Interval]) -> set[str]:
    """The sources that give a number another source does not, where the two sources' figures
    can both hold (those that cannot are numeric-conflict's or time-conflict's), when all of
    them can hold together. A source that disagrees with itself is left out
    (self-contradiction's)."""
    numbers: dict[str, set[float | None]] = defaultdict(set)
    intervals: dict[str, list[Interval]] = defaultdict(list)
    for fact in facts:
        numbers[fact.source].add(number(fact))
        intervals[fact.source].append(interval(fact))
    common = {source: intersect(found) for source, found in intervals.items()}
    sources = sorted(source for source, held in common.items() if held is not None)
    differing = {source for i, a in enumerate(sources) for b in sources[i + 1:]
                 if numbers[a].isdisjoint(numbers[b])
                 and overlaps(common[a], common[b])  # type: ignore[arg-type]
                 for source in (a, b)}
    # Said of them together: each can hold with all the others.
    if intersect([common[s] for s in differing]) is None:  # type: ignore[misc]
        return set()
    return differing


def _as_written(fact: Fact) -> str:
    """A figure as written ("less than 40 hours": a measure's interval is in its base unit); a
    time with its hedge, which its span leaves out ("before 11 am")."""
    if fact.kind == "time" and fact.qualifier in _TIME_HEDGES:
        return f"{fact.qualifier} {fact.text}"
    return fact.text


_TIME_HEDGES = ("about", "after", "before")


def _finding(graph: FactGraph, entity: str, attribute: str, facts: list[Fact], name: str,
             day: str, values: Callable[[Fact], str], numbers: str = "numbers") -> Finding:
    """``numbers``: what differs ("numbers", "times", "estimates")."""
    # A source's figure in the same words once (a headline repeated above its story).
    firsts: dict[tuple[str, str], Fact] = {}
    for fact in sorted(facts, key=lambda f: (f.source, f.start)):
        firsts.setdefault((fact.source, _as_written(fact)), fact)
    shown = list(firsts.values())
    written: dict[str, list[str]] = defaultdict(list)
    for source, text in firsts:
        written[source].append(text)
    sources_of: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for source, texts in written.items():  # sources in the same words: one side
        sources_of[tuple(texts)].append(graph.label(source))
    sides = " and ".join(f"{' / '.join(f'“{text}”' for text in texts)} ({'; '.join(labels)})"
                         for texts, labels in sources_of.items())
    when = f" published on {day}" if day else ""
    return Finding(
        rule="figure-spread", severity="info", entity=entity, attribute=attribute,
        message=f"{name}sources{when} give different {numbers}"
                f"{'' if numbers == 'estimates' else ', each of which can hold with the others'}"
                f": {sides}",
        evidence=[Evidence.from_fact(f, graph.path(f.source)) for f in shown],
        values=sorted(set(map(values, shown))))


@rule("figure-spread", severity="info")
def figure_spread(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    yield from _quantities(graph, data)
    yield from _times(graph, data)


def _quantities(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    for (entity, attribute), facts in quantity_groups(graph):
        spec = data.attributes.get(attribute)
        if spec is not None and spec.progress:
            continue  # how far a count had got changes by the hour
        fixed = spec is not None and spec.fixed
        asserted = [f for f in facts if comparable(f)]
        estimates = [f for f in facts if f.modality == "predicted" and f.kind == "quantity"
                     and (f.low is not None or f.high is not None)
                     and not f.context.get("increment")]
        for figures, kind in ((asserted, "numbers"), (estimates, "estimates")):
            for key, group in sorted(_groups(figures).items()):
                by_day: dict[str, list[Fact]] = defaultdict(list)
                for fact in group:
                    day = graph.published(fact.source)
                    if fixed or day:  # an undated figure that may change has no day to share
                        by_day["" if fixed else str(day)].append(fact)
                for day, same_day in sorted(by_day.items()):
                    differing = _estimates_differing(same_day) if kind == "estimates" else \
                        _differing(same_day, lambda f: float(f.value),  # type: ignore[arg-type]
                                   lambda f: (f.low, f.high))
                    if differing:
                        name = "" if key == TOTAL else f"{group_name(attribute, key)}: "
                        suffix = "" if key == TOTAL else f" {key}"
                        yield _finding(graph, entity, attribute,
                                       [f for f in same_day if f.source in differing], name,
                                       day, lambda f, suffix=suffix: stated(f) + suffix, kind)


def _times(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    """A step's time is a fact of the past: compared whatever the dates, on UTC when every
    time states its zone (as time-conflict compares them)."""
    zones = data.times.zones
    for (entity, attribute), facts in graph.groups("time").items():
        asserted = [f for f in facts if f.modality == "asserted"]
        on_utc = all(f.unit for f in asserted)

        def minute(fact: Fact, on_utc: bool = on_utc) -> float | None:
            stated_minute = fact.context.get("minutes")
            return to_utc(stated_minute if isinstance(stated_minute, int) else None,
                          fact.unit if on_utc else None, zones)

        def interval(fact: Fact, on_utc: bool = on_utc) -> Interval:
            return time_interval(fact, zones, on_utc)

        differing = _differing(asserted, minute, interval)
        if differing:
            yield _finding(graph, entity, attribute,
                           [f for f in asserted if f.source in differing], "", "",
                           lambda f: clock(minute(f)), "times")
