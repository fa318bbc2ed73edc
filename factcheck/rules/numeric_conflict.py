"""numeric-conflict

What it finds: figures of one entity and attribute, across sources, that cannot all hold.
Why it matters: a reader cannot tell which figure is true: at least one source is wrong, stale
or counts something else.
Example (flagged): "the quake killed 64 people" vs "at least 60 villagers and 9 rescue workers
died" (≥ 69 cannot be 64).
Example (not flagged): "about 70 people died" vs "at least 60 villagers and 9 rescue workers
died"; "12 dead" on Monday vs "31 dead" on Wednesday (a cumulative toll rising is an update,
see figure-update); "9 rescue workers" vs "60 villagers" (different subgroups).
How it decides: only asserted quantity facts are compared (predicted, conditional, claimed and
denied figures are not). Each source's implied total is its whole figures ("64 people") intersected
with an open floor: the sum of the lows of the subgroup figures one sentence names together ("60
villagers and 9 rescue workers" ⇒ ≥ 69; across sentences a text may name one group twice, "282
workers" and "245 miners"), each subgroup counted once per source. Subgroups never cover the whole
unless the text says so, so the floor stays open. When a source's own figures disagree (an update
within one text, or overlapping subgroups), its figures are taken as loosely as they read: the span
from the lowest to the highest, and the floor is dropped. Implied totals must overlap across
sources; so must each subgroup's figures ("4 soldiers" vs "6 soldiers").
Different subgroups and different attributes are never compared, nor are measures of two kinds of
thing ("the 60-metre tower", "the 8,850-metre peak"; rules/attributes.yaml measures.things). "About"
and ranges carry the tolerance of the interval the extractor made. Time: a cumulative attribute
(rules/attributes.yaml: tolls, arrests) only grows, so a higher figure published on a later date is
an update, not a conflict, while a later figure below an earlier floor is one. A fixed attribute
(the people aboard, a length, a time of day) never changes, so its figures are compared whatever
their dates; a process's progress (votes counted) changes by the hour and is never compared. Any
other attribute (people missing, a group's strength) may move either way between publication dates,
so only figures published the same day, or undated, are compared. One finding per entity and
attribute; its evidence is the figures that cannot hold (a source's figure that can hold with both
sides is stated in the message, not evidence).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.numbers import format_interval, intersect, is_measure, overlaps
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule

Interval = tuple[float | None, float | None]
TOTAL = ""  # the dimension key of a source's implied total; subgroups are keyed by label


@dataclass
class Figure:
    """What one source says on one dimension (the total, or one subgroup): an interval, and
    in words how the source arrives at it."""

    source: str
    interval: Interval
    explanation: str
    measure: bool = False  # in a base unit: shown as written ("7,600 square miles")

    @property
    def label(self) -> str:
        return format_interval(*self.interval)

    @property
    def shown(self) -> str:
        """How a message names it: its interval, or a measure's words."""
        return self.explanation if self.measure else self.label


@dataclass
class SourceFigures:
    source: str
    facts: list[Fact] = field(default_factory=list)
    total: Figure | None = None
    subjects: dict[str, Figure] = field(default_factory=dict)

    def dimensions(self) -> dict[str, Figure]:
        out = dict(self.subjects)
        if self.total is not None:
            out[TOTAL] = self.total
        return out


def group_name(attribute: str, subject: str) -> str:
    """"deaths of children", "deaths in oskel" (a subgroup limited to a place)."""
    return f"{attribute} {subject}" if subject.startswith(_SCOPE_WORDS) else \
        f"{attribute} of {subject}"


_SCOPE_WORDS = ("in ", "outside ", "across ")


def quantity_groups(graph: FactGraph) -> Iterator[tuple[tuple[str, str], list[Fact]]]:
    """Quantity facts by (entity, attribute), as ``graph.groups`` gives them, except that
    measures of different kinds of thing ("the 60-metre tower", "the 8,850-metre peak") are
    never one group. When a group's measures name two kinds or more, a figure naming none
    ("a length of 300 metres") is left out: it could measure either."""
    for key, facts in graph.groups("quantity").items():
        kinds = sorted({str(f.context["thing"]) for f in facts if "thing" in f.context})
        if len(kinds) < 2:
            yield key, facts
            continue
        for kind in kinds:
            yield key, [f for f in facts if f.context.get("thing") == kind]


def comparable(fact: Fact) -> bool:
    """An asserted quantity with at least one bound, that is no increment ("four more")."""
    return (fact.kind == "quantity" and fact.modality == "asserted"
            and (fact.low is not None or fact.high is not None)
            and not fact.context.get("increment"))


def stated(fact: Fact) -> str:
    """A figure as a message gives it: its interval, or a measure as written (its interval is
    in the base unit: "7,600 square miles", not 19,683,908,800 m²)."""
    if is_measure(fact.unit):
        return fact.text
    return format_interval(fact.low, fact.high, fact.value, fact.qualifier)


def _loose_or_tight(intervals: list[Interval]) -> Interval:
    """Figures of one source on one dimension: their common part, or when the source
    disagrees with itself, the span they cover (the reading least likely to raise a false
    alarm)."""
    common = intersect(intervals)
    if common is not None:
        return common
    lows = [lo for lo, _ in intervals]
    highs = [hi for _, hi in intervals]
    return (None if None in lows else min(lo for lo in lows if lo is not None),
            None if None in highs else max(hi for hi in highs if hi is not None))


def source_figures(facts: Iterable[Fact]) -> list[SourceFigures]:
    """Per source: its implied total and its figure for each subgroup, from comparable facts
    of one (entity, attribute) group."""
    by_source: dict[str, SourceFigures] = {}
    for fact in facts:
        if comparable(fact):
            by_source.setdefault(fact.source, SourceFigures(fact.source)).facts.append(fact)
    for figures in by_source.values():
        # A vague amount beside a figure ("thousands of people … 41,732") adds nothing.
        if any(f.qualifier != "vague" for f in figures.facts):
            figures.facts = [f for f in figures.facts if f.qualifier != "vague"]
        wholes = [f for f in figures.facts if f.subject is None and not f.context.get("part")]
        parts: dict[str, list[Fact]] = {}
        for fact in figures.facts:
            if fact.subject is not None:
                parts.setdefault(fact.subject, []).append(fact)
        for subject, same in parts.items():
            interval = _loose_or_tight([(f.low, f.high) for f in same])
            text = " / ".join(dict.fromkeys(stated(f) for f in same))
            figures.subjects[subject] = Figure(figures.source, interval, text,
                                               measure=any(is_measure(f.unit) for f in same))
        figures.total = _implied_total(figures.source, wholes, figures.subjects,
                                       _stated_together(parts))
    return [by_source[s] for s in sorted(by_source)]


def _stated_together(parts: dict[str, list[Fact]]) -> list[list[str]]:
    """The subgroups each sentence names: those of one sentence add up ("60 villagers and 9
    rescue workers"); those of different sentences may be one group named twice ("282
    workers" in the headline, "245 coal miners" in the body)."""
    together: dict[str, list[str]] = {}
    for subject, facts in parts.items():
        for sentence in dict.fromkeys(f.sentence for f in facts):
            together.setdefault(sentence, []).append(subject)
    return list(together.values())


def _implied_total(source: str, wholes: list[Fact], subjects: dict[str, Figure],
                   together: list[list[str]]) -> Figure | None:
    """A source's total: its whole figures, with a floor of the most that subgroups named in
    one sentence add up to."""
    floor, named = 0.0, []
    for names in together:
        added = sum(subjects[s].interval[0] or 0.0 for s in names)
        if added > floor:
            floor, named = added, names
    parts_text = " + ".join(f"{subjects[s].explanation} {s}" for s in named)
    whole_text = " / ".join(dict.fromkeys(stated(f) for f in wholes))
    if not wholes:
        return Figure(source, (floor, None), parts_text) if floor > 0 else None
    whole = _loose_or_tight([(f.low, f.high) for f in wholes])
    if floor <= 0:
        return Figure(source, whole, whole_text, measure=any(is_measure(f.unit) for f in wholes))
    total = intersect([whole, (floor, None)])
    if total is None:  # the source's parts exceed its own whole: they overlap, not add up
        return Figure(source, whole, whole_text)
    return Figure(source, total, f"{whole_text}, incl. {parts_text}")


def ordered_conflict(a: Figure, b: Figure, cumulative: bool,
                     graph: FactGraph, fixed: bool = False) -> tuple[Figure, Figure] | None:
    """(lower, higher) when the two figures cannot both hold, else None. Figures published
    on different dates may both hold when the lower one came first (a cumulative figure grew),
    or either way round when the attribute is not cumulative (it may have changed)."""
    if overlaps(a.interval, b.interval):
        return None
    a_high, b_low = a.interval[1], b.interval[0]
    below = a_high is not None and b_low is not None and a_high < b_low
    lower, higher = (a, b) if below else (b, a)
    lower_date, higher_date = graph.published(lower.source), graph.published(higher.source)
    if fixed:  # a fact of the past (the people aboard) holds whenever it is reported
        return lower, higher
    if (lower_date and higher_date and lower_date != higher_date
            and (lower_date < higher_date or not cumulative)):
        return None
    return lower, higher


def _side(figures: list[Figure], name: Callable[[str], str]) -> str:
    """'64 (S3 “…”)' or '≥ 69 (S1 “…”: ≥ 60 villagers + 9 rescue workers; S2 “…”: …)'."""
    grouped: dict[str, list[Figure]] = {}
    for fig in sorted(figures, key=lambda f: (_sort_key(f.interval), f.source)):
        grouped.setdefault(fig.shown, []).append(fig)
    parts = []
    for label, same in grouped.items():
        sources = "; ".join(name(f.source) if f.explanation == label
                            else f"{name(f.source)}: {f.explanation}" for f in same)
        parts.append(f"{label} ({sources})")
    return " and ".join(parts)


def _sort_key(interval: Interval) -> tuple[float, float]:
    low, high = interval
    return (float("-inf") if low is None else low, float("inf") if high is None else high)


@dataclass
class Conflict:
    """One dimension's figures that cannot hold: the sentence, the values, and each side."""

    message: str
    values: list[str]
    lows: dict[str, Figure]
    highs: dict[str, Figure]


def _dimension_conflict(key: str, name: str, figures: list[Figure], cumulative: bool,
                        graph: FactGraph, fixed: bool = False) -> Conflict | None:
    """What cannot hold on one dimension, or None when it holds."""
    if intersect([f.interval for f in figures]) is not None:
        return None  # all can hold at once: skip the pairwise look (many sources, one toll)
    # Whether two figures conflict depends only on their intervals and publication dates:
    # compare each distinct (interval, date) once, not each pair of sources.
    alike: dict[tuple[Interval, object], list[Figure]] = {}
    for figure in figures:
        alike.setdefault((figure.interval, graph.published(figure.source)), []).append(figure)
    groups = list(alike.values())
    lows: dict[str, Figure] = {}
    highs: dict[str, Figure] = {}
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            pair = ordered_conflict(a[0], b[0], cumulative, graph, fixed)
            if pair is not None:
                low_side, high_side = (a, b) if pair[0] is a[0] else (b, a)
                lows.update((f.source, f) for f in low_side)
                highs.update((f.source, f) for f in high_side)
    if not lows:
        return None
    for source in lows:
        highs.pop(source, None)
    prefix = f"{name}: " if name else ""
    message = (f"{prefix}{_side(list(lows.values()), graph.label)} cannot hold with "
               f"{_side(list(highs.values()), graph.label)}")
    others = [f for f in figures if f.source not in lows and f.source not in highs]
    if others:
        message += f"; also stated: {_side(others, graph.label)}"
    suffix = "" if key == TOTAL else f" {key}"
    values = sorted({f.label + suffix for f in [*lows.values(), *highs.values()]})
    return Conflict(message, values, lows, highs)


def _on_dimension(fact: Fact, key: str) -> bool:
    return fact.subject == key if key != TOTAL else fact.subject is None


def stating_facts(figures: SourceFigures, key: str, figure: Figure,
                  others: Iterable[Figure]) -> list[Fact]:
    """The facts that give a source's ``figure`` on one dimension: those stating exactly its
    interval ("41,732" rather than "above 40,000" beside it), else those that cannot hold with
    the ``others``."""
    exact = [f for f in figures.facts
             if _on_dimension(f, key) and (f.low, f.high) == figure.interval]
    return exact or conflicting_facts(figures, key, others)


def conflicting_facts(figures: SourceFigures, key: str, others: Iterable[Figure]) -> list[Fact]:
    """The facts of one source that state its side of a conflict: those of the dimension whose
    own interval cannot hold with a figure of the other side. A compatible figure the source
    also gives ("more than 50" beside "59") is no evidence of the conflict. A total the source
    only implies from its subgroups is evidenced by those."""
    facts = [f for f in figures.facts if _on_dimension(f, key)]
    if not facts:  # a total implied by its subgroups: their sum is what conflicts
        return [f for f in figures.facts if f.subject is not None]
    others = list(others)
    return [f for f in facts
            if any(not overlaps((f.low, f.high), other.interval) for other in others)]


@rule("numeric-conflict", severity="error", cost=10)
def numeric_conflict(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    for (entity, attribute), facts in quantity_groups(graph):
        per_source = source_figures(facts)
        if len(per_source) < 2:
            continue
        spec = data.attributes.get(attribute)
        if spec is not None and spec.progress:
            continue  # how far a count had got changes by the hour: figure-update's business
        cumulative = spec is not None and spec.cumulative
        dimensions: dict[str, list[Figure]] = {}
        for figures in per_source:
            for key, figure in figures.dimensions().items():
                dimensions.setdefault(key, []).append(figure)
        messages: list[str] = []
        values: list[str] = []
        first: set[str] = set()
        stating: dict[str, dict[str, Fact]] = {}  # per source, the facts of the conflicts
        by_source = {figures.source: figures for figures in per_source}
        for key in sorted(dimensions):  # the total ("") first, then subgroups by label
            name = "" if key == TOTAL else group_name(attribute, key)  # topic names the total
            found = _dimension_conflict(key, name, dimensions[key], cumulative, graph,
                                        spec is not None and spec.fixed)
            if found is None:
                continue
            messages.append(found.message)
            values.extend(found.values)
            first.update(found.lows)
            for side, other in ((found.lows, found.highs), (found.highs, found.lows)):
                for source in side:
                    facts = conflicting_facts(by_source[source], key, other.values())
                    stating.setdefault(source, {}).update((f.id, f) for f in facts)
        if not messages:
            continue
        # The figures that cannot hold come first: the linter line points at them.
        ordered = sorted(per_source, key=lambda figures: (figures.source not in first,
                                                           figures.source))
        evidence = [Evidence.from_fact(f, graph.path(f.source))
                    for figures in ordered
                    for f in sorted(stating.get(figures.source, {}).values(),
                                    key=lambda f: f.start)]
        intervals = [(figures.source, figures.total.interval[0], figures.total.interval[1],
                      figures.total.explanation)
                     for figures in ordered if figures.total is not None]
        yield Finding(rule="numeric-conflict", severity="error", entity=entity,
                      attribute=attribute, message=". ".join(messages), evidence=evidence,
                      values=sorted(values), intervals=intervals)
