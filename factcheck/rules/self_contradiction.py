"""self-contradiction

What it finds: one text giving two figures for the same event, attribute and group that cannot
both hold — a headline's toll against its body's, or two tolls in one report.
Why it matters: a reader of that text meets both figures and cannot tell which is true; an
editor wants this most, since the text contradicts itself before any other source is read.
Example (flagged): a headline "40 dead in market bombing" over a body saying "the bombing
killed 45 people".
Example (noted, info): "the toll climbed to 50" and further on "49 people have died", stated as
if current.
Example (not flagged): "the toll rose to 45 from 40" (an update cue); "more than 50 injured"
beside "59 injured" (compatible); "12 children" among "59 injured" (a group within the whole);
figures about different events, attributes or groups.
How it decides: only asserted quantity facts of one source, grouped by entity, attribute and
counted group (the whole, or a named subgroup such as children); a figure marked as part of
another ("including …") is left out of the whole. Two figures conflict when their intervals
(with the tolerance of "about", "at least" …) share no point. A pair is left alone when either
figure's sentence carries an update cue (rules/attributes.yaml update_cues: "rose to",
"initially", "revised" …); when the text updates a toll and further on states a lower one plainly,
that is a note (info). One finding per source and group, with the figures that conflict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule
from factcheck.rules.numeric_conflict import comparable, group_name, quantity_groups
from factcheck.rules.numeric_conflict import stated as _stated  # "stated" names a local below


@lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    if not cues:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in cues) + r")(?![\w-])",
                      re.I)


def _clashing(facts: list[Fact]) -> list[Fact]:
    """The facts whose interval misses another's. Two intervals miss each other when one ends
    below the other's start, so a fact clashes with some other exactly when the highest start
    among the others lies above its end, or the lowest end below its start: two passes, not
    every pair (a long text can state thousands of figures)."""
    if len(facts) < 2:
        return []
    lows = sorted((f.low, i) for i, f in enumerate(facts) if f.low is not None)
    highs = sorted((f.high, i) for i, f in enumerate(facts) if f.high is not None)
    out = []
    for i, fact in enumerate(facts):
        top = next((low for low, j in reversed(lows) if j != i), None)
        bottom = next((high for high, j in highs if j != i), None)
        if (fact.high is not None and top is not None and top > fact.high) or (
                fact.low is not None and bottom is not None and bottom < fact.low):
            out.append(fact)
    return out


def _stale_after_update(facts: list[Fact], steady: Callable[[Fact], bool]) -> list[Fact]:
    """A toll the text updates ("the toll climbed to 50") and a lower one it states plainly
    further on ("49 people have died"), as if still current: the update, then the stale ones."""
    updates = [f for f in facts if not steady(f) and f.low is not None]
    if not updates:
        return []
    latest = max(updates, key=lambda f: f.low or 0.0)
    stale = [f for f in facts if steady(f) and f.context.get("firm") and f.start > latest.start
             and f.high is not None and latest.low is not None and f.high < latest.low]
    return [latest, *stale] if stale else []


def _stale_finding(graph: FactGraph, source: str, entity: str, attribute: str, topic: str,
                   subject: str, facts: list[Fact]) -> Finding:
    update, *stale = facts
    said = " and ".join(f"{_stated(f)} (line {f.line})" for f in stale)
    return Finding(
        rule="self-contradiction", severity="info", entity=entity, attribute=attribute,
        message=f"{graph.label(source)} updates {topic} to {_stated(update)} (line "
                f"{update.line}), then states {said} as if current",
        evidence=[Evidence.from_fact(f, graph.path(source)) for f in facts],
        values=sorted({_stated(f) + (f" {subject}" if subject else "") for f in facts}))


@rule("self-contradiction", severity="warning", cost=2)
def self_contradiction(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    cues = _cue_pattern(data.update_cues)
    updating: dict[str, bool] = {}  # per sentence: a long one holds many figures

    def steady(fact: Fact) -> bool:
        found = updating.get(fact.sentence)
        if found is None:
            found = updating[fact.sentence] = bool(cues and cues.search(fact.sentence))
        return not found

    for (entity, attribute), facts in quantity_groups(graph):
        spec = data.attributes.get(attribute)
        if spec is not None and spec.progress:
            continue  # a text may report a count's progress at two hours
        groups: dict[tuple[str, str], list[Fact]] = {}
        for fact in facts:
            if not comparable(fact) or fact.qualifier == "vague" \
                    or (fact.subject is None and fact.context.get("part")):
                continue
            groups.setdefault((fact.source, fact.subject or ""), []).append(fact)
        for (source, subject), same in sorted(groups.items()):
            if len(same) < 2:
                continue
            topic = group_name(attribute, subject) if subject else attribute
            if spec is not None and spec.cumulative:
                stale = _stale_after_update(same, steady)
                if stale:
                    yield _stale_finding(graph, source, entity, attribute, topic, subject, stale)
            # A bare figure ("… 41.") is too loosely read to accuse a text.
            ordered = sorted(_clashing([f for f in same if f.context.get("firm") and steady(f)]),
                             key=lambda f: f.start)
            if len(ordered) < 2:
                continue
            stated = " and ".join(f"{_stated(f)} (line {f.line})" for f in ordered)
            values = sorted({_stated(f) + (f" {subject}" if subject else "") for f in ordered})
            yield Finding(
                rule="self-contradiction", severity="warning", entity=entity,
                attribute=attribute,
                message=f"{graph.label(source)} states {stated} for {topic}, with no word that "
                        "one updates the other",
                evidence=[Evidence.from_fact(f, graph.path(source)) for f in ordered],
                values=values)
