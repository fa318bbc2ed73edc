"""time-conflict

What it finds: sources that put one step of an event at times of day that cannot both hold.
Why it matters: a timeline is what readers and investigators rebuild an event from; one source
has the minute wrong, or the two speak of different steps without saying so.
Example (flagged): "the blast happened at 22:35 BST" vs "the attack happened at 22:33 BST".
Example (not flagged): "about 22:30" vs "22:35" (within the tolerance of "about"); "shortly after
13:40" vs "13:45"; "the gunman entered at 11:33" vs "police entered at 11:44" (different actors);
"21:35 GMT" vs "22:35 BST" (the same minute in two zones).
How it decides: time facts are an event's attribute "time <step>" (rules/events.yaml times: the
step is named by the words nearest the time; steps such as "entered" are told apart by who did
them). Each is an interval of minutes: a point, ± the tolerance for "about", a short window for
"shortly after" and "just before". Times whose zones are both stated are compared on UTC;
otherwise as written. Asserted times are compared with asserted ones, plans ("expected to
resurface at 15:00") with plans. Two times of different sources conflict when their intervals
share no minute. One finding per event and step, with the conflicting times as evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from factcheck.extract.times import to_utc
from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule

Interval = tuple[float | None, float | None]


def clock(minutes: float | None) -> str:
    if minutes is None:
        return "…"
    minutes = int(minutes) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def time_interval(fact: Fact, zones: dict[str, int], on_utc: bool) -> Interval:
    zone = fact.unit if on_utc else None
    return (to_utc(None if fact.low is None else int(fact.low), zone, zones),
            to_utc(None if fact.high is None else int(fact.high), zone, zones))


@rule("time-conflict", severity="warning", cost=1)
def time_conflict(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    zones = data.times.zones
    for (entity, attribute), facts in graph.groups("time").items():
        # A plan ("expected to resurface at 15:00") is compared with plans, a fact with facts.
        for modality in ("asserted", "predicted"):
            yield from _conflicts(graph, zones, entity, attribute,
                                  [f for f in facts if f.modality == modality])


def _conflicts(graph: FactGraph, zones: dict[str, int], entity: str, attribute: str,
               facts: list[Fact]) -> Iterator[Finding]:
    if len({f.source for f in facts}) < 2:
        return
    on_utc = all(f.unit for f in facts)  # every zone stated: compare on UTC
    intervals = {f.id: time_interval(f, zones, on_utc) for f in facts}
    # Times of two sources that cannot both hold, each within its hedge ("about 1:30" and
    # "1:35" can; "1:30" and "about 1:35", 1:31–1:39, cannot).
    clashing = {f.id: f for f in _clashing(facts, intervals)}
    if not clashing:
        return
    by_source: dict[str, list[Fact]] = {}
    for fact in sorted(clashing.values(), key=lambda f: (f.source, f.start)):
        by_source.setdefault(fact.source, []).append(fact)
    stated = "; ".join(f"{graph.label(source)}: {', '.join(dict.fromkeys(f.text for f in same))}"
                       for source, same in by_source.items())
    step = attribute.removeprefix("time ")
    yield Finding(
        rule="time-conflict", severity="warning", entity=entity, attribute=attribute,
        message=f"the sources put '{step}' at times that cannot all hold ({stated})"
                + (" [compared on UTC]" if on_utc else ""),
        evidence=[Evidence.from_fact(f, graph.path(f.source))
                  for same in by_source.values() for f in same],
        values=sorted({_label(intervals[f.id]) for f in clashing.values()}))


def _clashing(facts: list[Fact], intervals: dict[str, Interval]) -> list[Fact]:
    """The facts that miss a fact of another source: one ends before the other begins. Each
    fact is compared with the latest start and the earliest end among other sources' facts
    (the two best of each, by source), not with every fact: one event may have many."""
    def best_two(values: list[tuple[float, str]]) -> list[tuple[float, str]]:
        top: list[tuple[float, str]] = []
        for value, source in values:
            if not top or source != top[0][1]:
                top.append((value, source))
                if len(top) == 2:
                    break
        return top

    starts = best_two(sorted(((intervals[f.id][0], f.source) for f in facts
                              if intervals[f.id][0] is not None), reverse=True))
    ends = best_two(sorted((intervals[f.id][1], f.source) for f in facts
                           if intervals[f.id][1] is not None))
    out = []
    for fact in facts:
        low, high = intervals[fact.id]
        latest = next((v for v, source in starts if source != fact.source), None)
        earliest = next((v for v, source in ends if source != fact.source), None)
        if (high is not None and latest is not None and latest > high) or (
                low is not None and earliest is not None and earliest < low):
            out.append(fact)
    return out


def _label(interval: Interval) -> str:
    low, high = interval
    return clock(low) if low == high else f"{clock(low)}–{clock(high)}"
