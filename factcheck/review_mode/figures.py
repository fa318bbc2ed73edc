"""Figure claims: a number the document states, against the sources' figures for the same
entity (an event resolved across all texts) and attribute.

A source's figure is what numeric-conflict compares (``source_figures``): its implied total,
the whole it states intersected with the floor its subgroups add up to ("at least 60 villagers
and 9 rescue workers" ⇒ ≥ 69), and one figure per subgroup. A claim about the whole meets
each source's total; a claim about a subgroup meets the same subgroup, and may not exceed a
source's total. A source agrees when its figure overlaps the claim's; it disagrees when the
two conflict as numeric-conflict says (``ordered_conflict``); figures apart only because a
cumulative toll grew between publication dates (or any other figure changed between them)
neither confirm nor contradict the claim, and the reason says so.

Only asserted figures with a bound are checked against asserted ones; a predicted, claimed,
conditional or denied figure is supported by a source reporting the same kind of figure with an
overlapping value, and never contradicted (a forecast may differ from a count).
"""

from __future__ import annotations

from factcheck.model import Fact
from factcheck.numbers import overlaps
from factcheck.review_mode.context import ReviewContext
from factcheck.review_mode.decide import Position, Verdict, decide, describe
from factcheck.rules.numeric_conflict import (
    TOTAL,
    Figure,
    comparable,
    ordered_conflict,
    source_figures,
    stated,
)


def checkable(fact: Fact) -> bool:
    """A figure with at least one bound ("dozens" with no interval cannot be compared)."""
    return fact.kind == "quantity" and (fact.low is not None or fact.high is not None)


def classify_figure(ctx: ReviewContext, fact: Fact, group: list[Fact]) -> Verdict:
    """``group``: every fact of the claim's (entity, attribute), from all texts."""
    sources = ctx.source_facts(group)
    topic = _topic(fact)
    if not comparable(fact):
        return _not_asserted(ctx, fact, sources, topic)
    spec = ctx.graph.data.attributes.get(fact.attribute)
    cumulative = spec is not None and spec.cumulative
    fixed = spec is not None and spec.fixed  # the people aboard, a depth: any date tells it
    claim = Figure(fact.source, (fact.low, fact.high), stated(fact))
    dimension = _dimension(fact)
    per_source = source_figures(sources)
    positions: list[Position] = []
    compared: list[Figure] = []
    changed: list[Position] = []
    for figures in per_source:
        own = figures.dimensions().get(dimension) if dimension is not None else None
        if own is not None:
            compared.append(own)
            position = Position(figures.source, own.label, True,
                                _facts_of(figures.facts, dimension), own.explanation)
            if overlaps(claim.interval, own.interval):
                positions.append(position)
            elif ordered_conflict(claim, own, cumulative, ctx.graph, fixed) is not None:
                position.agrees = False
                positions.append(position)
            else:  # apart only as a figure that changed between publication dates
                changed.append(position)
        elif dimension != TOTAL and figures.total is not None:
            # A part may not exceed the whole: only a part above a source's total conflicts.
            high = figures.total.interval[1]
            if fact.low is not None and high is not None and fact.low > high:
                positions.append(Position(figures.source, f"total {figures.total.label}", False,
                                          list(figures.facts), figures.total.explanation))
    disagree = any(ordered_conflict(a, b, cumulative, ctx.graph, fixed) is not None
                   for i, a in enumerate(compared) for b in compared[i + 1:])
    note = ""
    if changed:
        dates = ", ".join(f"{p.source} {ctx.published(p.source) or 'undated'}" for p in changed)
        note = (f"{describe(changed)} differ only as a figure that changed between publication "
                f"dates ({dates}): neither confirms nor contradicts it")
    others = sorted({_dimension_name(d) for f in per_source for d in f.dimensions()})
    missing = f"no source gives {topic}"
    if changed:
        missing = f"no source gives {topic} as of the document's date"
    elif per_source and others:
        missing += f" (they give {fact.attribute} for: {', '.join(others)})"
    return decide(ctx, stated(fact), positions, disagree, unsupported_reason=missing, note=note)


def _not_asserted(ctx: ReviewContext, fact: Fact, sources: list[Fact], topic: str) -> Verdict:
    same = [f for f in sources if f.modality == fact.modality and f.subject == fact.subject
            and overlaps((f.low, f.high), (fact.low, fact.high))]
    positions = [Position(f.source, stated(f), True, [f]) for f in same]
    reason = (f"no source reports a {fact.modality} figure for {topic} like "
              f"{stated(fact)} (figures that are not plain assertions are only matched, never "
              f"contradicted)")
    return decide(ctx, f"{fact.modality} {stated(fact)}", positions, False,
                  unsupported_reason=reason)


def _dimension(fact: Fact) -> str | None:
    """The source dimension a claim meets: TOTAL, its subgroup, or None for an unnamed part
    ("including 12", which only a source's total can bound)."""
    if fact.subject is not None:
        return fact.subject
    return None if fact.context.get("part") else TOTAL


def _dimension_name(dimension: str) -> str:
    return "the total" if dimension == TOTAL else dimension


def _facts_of(facts: list[Fact], dimension: str) -> list[Fact]:
    """The facts behind a source's figure on one dimension (a total cites its parts too)."""
    if dimension == TOTAL:
        return list(facts)
    return [f for f in facts if f.subject == dimension]


def _topic(fact: Fact) -> str:
    subject = f" of {fact.subject}" if fact.subject else ""
    return f"{fact.attribute}{subject} for {fact.entity}"

