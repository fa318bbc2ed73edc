"""reference-conflict

What it finds: a claim that cannot hold with a house reference fact (rules/reference.yaml).
A founding year, the year records began, a figure the desk holds true.
Why it matters: the desk has already checked this fact against a source of truth; a text that
disagrees is wrong, or the reference needs updating, and the finding names which file line to
look at.
Example (flagged): reference "Orvel Water Board, founded, year 1931" and a text saying "the
Orvel Water Board, established in 1952"; reference "national rainfall records began 1910" and
"since national rainfall records began in 1962".
Example (not flagged): "the board, founded in 1931"; "records began in the 1910s" (no year
fact); a figure about another entity or attribute; "the group claimed it was founded in 1952"
(not asserted).
How it decides: a fact matches a reference fact when their attributes are equal and the
fact's canonical entity is the reference entity, or one of them is an alias of the other
(graph.entities aliases, or the name index: "the ORB" resolving to the Orvel Water Board). Only
asserted facts. A date fact is read as its year, a quantity as its interval; either conflicts
when it lies entirely outside the reference's [low, high]. A cumulative attribute (a toll) may
still be rising when an early report states it, so only figures above the reference conflict
for it. One finding per reference fact, naming its source of truth and its file:line.
"""

from __future__ import annotations

from collections.abc import Iterator

from factcheck.extract.entities import name_key
from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.numbers import format_interval, overlaps
from factcheck.ruledata import ReferenceFact, RuleData
from factcheck.rules.date_conflict import parse_iso
from factcheck.rules.engine import rule

Interval = tuple[float | None, float | None]


def _names(graph: FactGraph, name: str) -> set[str]:
    """Keys of a name, its canonical entity and the entity's aliases."""
    canonical = graph.names.canonical(name)
    names = {name, canonical}
    for key in (name, canonical):
        entity = graph.entities.get(key)
        if entity is not None:
            names.update(entity.aliases)
    return {name_key(n) for n in names if n}


def _interval(fact: Fact) -> Interval | None:
    """What a fact states, as an interval: a date as its year, a quantity as its bounds."""
    if fact.kind == "date":
        parsed = parse_iso(fact.value)
        return None if parsed is None else (float(parsed[0]), float(parsed[0]))
    if fact.kind == "quantity" and (fact.low is not None or fact.high is not None):
        return fact.low, fact.high
    return None


def _conflicts(stated: Interval, reference: ReferenceFact, cumulative: bool) -> bool:
    if overlaps(stated, (reference.low, reference.high)):
        return False
    if cumulative:  # below the reference: possibly an early count, not a wrong one
        return stated[0] is not None and reference.high is not None \
            and stated[0] > reference.high
    return True


def _stated(fact: Fact, stated: Interval) -> str:
    if fact.kind == "date":
        return str(int(stated[0])) if stated[0] is not None else str(fact.value)
    return format_interval(fact.low, fact.high, fact.value, fact.qualifier)


def _house(reference: ReferenceFact, years: bool) -> str:
    """The reference interval as the text reads: years without thousands separators."""
    if not years:
        return format_interval(reference.low, reference.high)
    low, high = (None if x is None else str(int(x)) for x in (reference.low, reference.high))
    if low == high:
        return f"{low}"
    if high is None:
        return f"≥ {low}"
    return f"≤ {high}" if low is None else f"{low}–{high}"


@rule("reference-conflict", severity="error")
def reference_conflict(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    for reference in data.reference:
        wanted = _names(graph, reference.entity)
        spec = data.attributes.get(reference.attribute)
        cumulative = spec is not None and spec.cumulative
        wrong: list[tuple[Fact, str]] = []
        for fact in graph.facts:
            if fact.attribute != reference.attribute or fact.modality != "asserted":
                continue
            stated = _interval(fact)
            if stated is None or not _conflicts(stated, reference, cumulative):
                continue
            if _names(graph, fact.entity) & wanted:
                wrong.append((fact, _stated(fact, stated)))
        if not wrong:
            continue
        house = _house(reference, all(fact.kind == "date" for fact, _ in wrong))
        said = "; ".join(f"{text} ({graph.label(fact.source)})" for fact, text in wrong)
        named = sorted({fact.entity for fact, _ in wrong} - {reference.entity})
        alias = f"as {', '.join(named)}: " if named else ""  # the topic names the entity
        yield Finding(
            rule="reference-conflict", severity="error", entity=reference.entity,
            attribute=reference.attribute,
            message=(f"{alias}{said} cannot hold with the house "
                     f"reference {house} (source of truth: {reference.source}; "
                     f"{reference.origin})"),
            evidence=[Evidence.from_fact(f, graph.path(f.source)) for f, _ in wrong],
            values=sorted({text for _, text in wrong} | {f"reference {house}"}))
