"""self-contradiction

What it finds: one text giving two figures for the same event, attribute and group that cannot
both hold — a headline's toll against its body's, or two tolls in one report.
Why it matters: a reader of that text meets both figures and cannot tell which is true; an
editor wants this most, since the text contradicts itself before any other source is read.
Example (flagged): a headline "40 dead in market bombing" over a body saying "the bombing
killed 45 people".
Example (not flagged): "the toll rose to 45 from 40" (an update cue); "more than 50 injured"
beside "59 injured" (compatible); "12 children" among "59 injured" (a group within the whole);
figures about different events, attributes or groups.
How it decides: only asserted quantity facts of one source, grouped by entity, attribute and
counted group (the whole, or a named subgroup such as children); a figure marked as part of
another ("including …") is left out of the whole. Two figures conflict when their intervals
(with the tolerance of "about", "at least" …) share no point. A pair is left alone when either
figure's sentence carries an update cue (rules/attributes.yaml update_cues: "rose to",
"initially", "revised" …). One finding per source and group, with the figures that conflict.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.numbers import format_interval, overlaps
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule
from factcheck.rules.numeric_conflict import comparable


@lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    if not cues:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in cues) + r")(?![\w-])",
                      re.I)


def _updating(fact: Fact, cues: re.Pattern[str] | None) -> bool:
    return cues is not None and cues.search(fact.sentence) is not None


def _stated(fact: Fact) -> str:
    return format_interval(fact.low, fact.high, fact.value, fact.qualifier)


@rule("self-contradiction", severity="warning", cost=2)
def self_contradiction(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    cues = _cue_pattern(data.update_cues)
    for (entity, attribute), facts in graph.groups("quantity").items():
        groups: dict[tuple[str, str], list[Fact]] = {}
        for fact in facts:
            if not comparable(fact) or not fact.context.get("firm") or fact.qualifier == "vague" \
                    or (fact.subject is None and fact.context.get("part")):
                continue  # a bare figure ("… 41.") is too loosely read to accuse a text
            groups.setdefault((fact.source, fact.subject or ""), []).append(fact)
        for (source, subject), same in sorted(groups.items()):
            if len(same) < 2:
                continue
            steady = [f for f in same if not _updating(f, cues)]
            clashing: dict[str, Fact] = {}
            for i, a in enumerate(steady):
                for b in steady[i + 1:]:
                    if not overlaps((a.low, a.high), (b.low, b.high)):
                        clashing[a.id], clashing[b.id] = a, b
            if len(clashing) < 2:
                continue
            ordered = sorted(clashing.values(), key=lambda f: f.start)
            stated = " and ".join(f"{_stated(f)} (line {f.line})" for f in ordered)
            group = f" of {subject}" if subject else ""
            values = sorted({_stated(f) + (f" {subject}" if subject else "") for f in ordered})
            yield Finding(
                rule="self-contradiction", severity="warning", entity=entity,
                attribute=attribute,
                message=f"{source} states {stated} for {attribute}{group}, with no word that "
                        "one updates the other",
                evidence=[Evidence.from_fact(f, graph.path(source)) for f in ordered],
                values=values)
