"""figure-update

What it finds: figures that rose from an earlier publication to a later (tolls, arrests), or
changed (people missing, in hospital).
Why it matters: the earlier source is stale; an editor quoting it repeats an outdated number and
should cite the latest figure instead.
Example (flagged): "the floods killed 12 people" (published 2024-03-01) vs "the death toll from
the floods rose to 31" (published 2024-03-03): 12 is stale; "40 still in hospital" (Monday)
vs "34 remain in hospital" (Wednesday).
Example (not flagged): the same two figures published on the same day or undated (that is a
numeric-conflict); "about 30 dead" then "31 dead" (the intervals overlap); a cumulative toll
that fell (a numeric-conflict); a fixed fact such as the people aboard.
How it decides: attributes of rules/attributes.yaml that are not fixed; a cumulative one only
rises, any other may move either way. Only asserted figures, only sources with a publication
date. Each source's figure is its implied total (whole figures with the floor its subgroups add
up to, as numeric-conflict computes it), and each subgroup separately. The newest source is the
one published last (on a tie, the highest figure); every source published before it whose
figure lies entirely below the newest one (for an attribute that is not cumulative: entirely
apart from it) is stale. One finding per entity and attribute naming the latest figure and the
stale sources, per group (the whole, or a subgroup such as children); its evidence is the figures
that give each source's value.
"""

from __future__ import annotations

from collections.abc import Iterator

from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.numbers import overlaps
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule
from factcheck.rules.numeric_conflict import (
    TOTAL,
    Figure,
    group_name,
    quantity_groups,
    source_figures,
    stating_facts,
)


def _stale(figures: list[Figure], graph: FactGraph,
           cumulative: bool = True) -> tuple[Figure, list[Figure]] | None:
    """The newest figure and the earlier figures entirely below it (for a figure that may also
    fall, such as the people still missing: entirely below or above it)."""
    dated = [f for f in figures if graph.published(f.source)]
    if len(dated) < 2:
        return None
    newest = max(dated, key=lambda f: (graph.published(f.source) or "",
                                       -1e300 if f.interval[0] is None else f.interval[0]))
    newest_date, newest_low = graph.published(newest.source) or "", newest.interval[0]
    if cumulative and newest_low is None:
        return None
    stale = [f for f in dated
             if (graph.published(f.source) or "") < newest_date
             and (not overlaps(f.interval, newest.interval) if not cumulative
                  else f.interval[1] is not None and f.interval[1] < newest_low)]
    if not stale:
        return None
    stale.sort(key=lambda f: (graph.published(f.source) or "", f.source))
    return newest, stale


def _named(figure: Figure, graph: FactGraph) -> str:
    return f"{figure.shown} ({graph.label(figure.source)}, {graph.published(figure.source)})"


@rule("figure-update", severity="info")
def figure_update(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    for (entity, attribute), facts in quantity_groups(graph):
        spec = data.attributes.get(attribute)
        if spec is None or spec.fixed:
            continue  # a fixed fact does not change: a difference is a numeric-conflict
        per_source = source_figures(facts)
        dimensions: dict[str, list[Figure]] = {}
        for figures in per_source:
            for key, figure in figures.dimensions().items():
                dimensions.setdefault(key, []).append(figure)
        by_source = {figures.source: figures for figures in per_source}
        for key in sorted(dimensions):  # the total ("") first, then subgroups by label
            found = _stale(dimensions[key], graph, spec.cumulative)
            if found is None:
                continue
            newest, stale = found
            # The topic names the attribute; a subgroup is said here.
            name = "" if key == TOTAL else f"{group_name(attribute, key)} "
            stale_names = ", ".join(dict.fromkeys(graph.label(f.source) for f in stale))
            verb = "is" if len(stale) == 1 else "are"
            verb_moved = "rose" if spec.cumulative else "changed"
            suffix = "" if key == TOTAL else f" {key}"
            stating: dict[str, dict[str, Fact]] = {}  # per source, the facts that moved
            for figure, others in [*((f, [newest]) for f in stale), (newest, stale)]:
                facts = stating_facts(by_source[figure.source], key, figure, others)
                stating.setdefault(figure.source, {}).update((f.id, f) for f in facts)
            # One finding per group: "deaths rose" and "deaths of children rose" are two
            # updates, and each one's evidence is its own figures.
            yield Finding(
                rule="figure-update", severity="info", entity=entity, attribute=attribute,
                message=f"{name}{verb_moved} from "
                        f"{' and '.join(_named(f, graph) for f in stale)} "
                        f"to {_named(newest, graph)}: {stale_names} {verb} stale",
                evidence=[Evidence.from_fact(f, graph.path(source))
                          for source in sorted(stating)
                          for f in sorted(stating[source].values(), key=lambda f: f.start)],
                values=sorted({f.label + suffix for f in [*stale, newest]}))
