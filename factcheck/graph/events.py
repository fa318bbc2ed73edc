"""Events across sources: mentions that share a type, a place and a date are one event.

Each document names its events locally (extraction gives every figure an ``event_id`` with the
event's type, places and date). Here local events from different sources merge when their
types agree, their places share a word (after canonical names: an alias counts as its entity's
name), and their dates can be the same day (within ``same_event_days``). A mention with no place
merges only on an equal, day-precise date. Two dates of current events in one place that differ
in one part only (the month, one digit of the year) are a slip: one event, and the date
conflict shows. Blocking by type and place word avoids all pairs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from factcheck.graph.names import NameIndex, _UnionFind
from factcheck.model import Document, Entity, Fact
from factcheck.ruledata import RuleData

# Local events whose dates lie further apart than this are different events; closer dates that
# still differ by more than the rules' date window are one event dated differently.
SAME_EVENT_DAYS = 10
_STOP = frozenset(["the", "of", "and", "in", "at", "de", "la", "el", "al", "international"])


@dataclass
class _Local:
    id: str
    source: str
    type: str
    family: str = ""  # types of one family ("flood", "storm") may be one event
    main: bool = False  # the event its article is about
    background: bool = False  # an earlier event an article names for comparison
    places: set[str] = field(default_factory=set)
    date: str | None = None
    precision: str | None = None
    tokens: frozenset[str] = frozenset()  # the place words it is blocked and matched by
    day: date | None = None  # the date parsed (its first day when less precise)

    def signature(self, shared_place: bool) -> tuple[object, ...]:
        """All that decides whether it is the same event as another; with ``shared_place``
        (both name a place word in common), all but the place words."""
        if shared_place:
            return self.date, self.precision, self.background
        return self.tokens, bool(self.places), self.date, self.precision, self.background


def resolve_events(facts: list[Fact], docs: dict[str, Document], names: NameIndex,
                   data: RuleData) -> list[Entity]:
    locals_: dict[str, _Local] = {}
    in_events: list[tuple[Fact, str]] = []  # the facts about an event, and its local id
    for fact in facts:
        event_id = fact.context.get("event_id")
        if not isinstance(event_id, str):
            continue
        in_events.append((fact, event_id))
        kind = str(fact.context["event_type"])
        local = locals_.setdefault(event_id, _Local(
            event_id, fact.source, kind, family=str(fact.context.get("event_family", kind)),
            main=bool(fact.context.get("main")),
            background=bool(fact.context.get("background"))))
        for place in fact.context.get("places", []) or []:  # type: ignore[union-attr]
            canonical = names.canonical(str(place))
            local.places.add(names.variant_of.get(canonical, canonical))
        if fact.context.get("date") and (local.precision != "day"):
            local.date = str(fact.context["date"])
            local.precision = str(fact.context.get("date_precision"))
    uf = _UnionFind()
    blocks: dict[tuple[str, str], list[_Local]] = defaultdict(list)
    for local in sorted(locals_.values(), key=lambda e: e.id):
        uf.find(local.id)
        local.tokens = frozenset(_tokens(local.places, data.place_heads))
        local.day = _parse(local.date) if local.date else None
        for token in local.tokens:
            blocks[(local.family, token)].append(local)
        if local.precision == "day":
            blocks[(local.family, f"@{local.date}")].append(local)
    for (_, token), members in blocks.items():
        _merge_block(members, uf, data, shared_place=not token.startswith("@"))
    _merge_main_events([m for m in locals_.values() if m.main], uf)
    clusters: dict[str, list[_Local]] = defaultdict(list)
    for local in locals_.values():
        clusters[uf.find(local.id)].append(local)

    entities: list[Entity] = []
    rename: dict[str, str] = {}
    used: Counter[str] = Counter()
    for root in sorted(clusters):
        members = clusters[root]
        name = _event_name(members, data.place_heads)
        used[name] += 1
        if used[name] > 1:
            name = f"{name} #{used[name]}"
        entities.append(Entity(id=f"event:{root}", name=name, kind="event",
                               aliases=sorted({m.id for m in members})))
        for m in members:
            rename[m.id] = name
    for fact, event_id in in_events:
        fact.entity = rename[event_id]
    return entities


def _merge_main_events(mains: list[_Local], uf: _UnionFind) -> None:
    """Articles read together are mostly about one story. When one event of a family is the
    main event of at least half the articles whose main event is of that family (and of two
    or more), the other articles' main events of the family join it: one outlet names no
    place ("the crash"), another a different one ("the Vesk crash" beside "the Airline 12
    crash"). Short of half, but of a third or more and more than any other event, it is
    joined by the main events that name no place and no other date: nothing sets them apart
    from it. A main event dated more than SAME_EVENT_DAYS away from it stays apart."""
    by_family: dict[str, list[_Local]] = defaultdict(list)
    for local in mains:
        by_family[local.family].append(local)
    for members in by_family.values():
        clusters: dict[str, list[_Local]] = defaultdict(list)
        for local in members:
            clusters[uf.find(local.id)].append(local)
        sources = {m.source for m in members}
        size = {root: len({m.source for m in clusters[root]}) for root in clusters}
        lead = max(sorted(clusters), key=size.__getitem__)
        lead_sources = {m.source for m in clusters[lead]}
        if len(lead_sources) < 2:
            continue
        if 2 * len(lead_sources) < len(sources):
            if 3 * len(lead_sources) < len(sources) or sorted(size.values())[-2:-1] == [
                    size[lead]]:
                continue  # no story most articles tell
            lead_dates = {m.date for m in clusters[lead] if m.date}
            clusters = {root: group for root, group in clusters.items() if root == lead or (
                not any(m.places for m in group)
                and all(_dated_alike(m.date, lead_dates) for m in group if m.date))}
        lead_days = Counter(m.day for m in clusters[lead] if m.precision == "day" and m.day)
        lead_day = lead_days.most_common(1)[0][0] if lead_days else None
        for root in sorted(clusters):
            days = [m.day for m in clusters[root] if m.precision == "day" and m.day]
            if root == lead or (lead_day is not None and any(
                    abs((day - lead_day).days) > SAME_EVENT_DAYS
                    and not _slip(day.isoformat(), lead_day.isoformat()) for day in days)):
                continue
            uf.union(lead, root)


def _dated_alike(iso: str, dates: set[str]) -> bool:
    """Whether a date is one of ``dates`` at the coarser precision of the two ("2022" and
    "2022-10-30")."""
    return any(iso[:len(other)] == other[:len(iso)] for other in dates)


def _merge_block(members: list[_Local], uf: _UnionFind, data: RuleData,
                 shared_place: bool) -> None:
    """Union the members of one block that are the same event and of different sources.

    Whether two local events match depends only on their signature (place words, date,
    precision), so signatures are compared, not members. In a place word's block
    (``shared_place``) every two members share that word, so their dates alone decide: a
    common place word gathers thousands of mentions and place-word sets, but a few dozen
    dates (at 16,000 generated documents one block held 1,672 signatures with place words,
    compared pairwise in 1.6 s)."""
    alike: dict[tuple[object, ...], list[_Local]] = {}
    for local in members:
        alike.setdefault(local.signature(shared_place), []).append(local)
    groups = list(alike.values())
    sides = [_by_source(group) for group in groups]  # each group meets all the others
    for i, group in enumerate(groups):
        for j in range(i, len(groups)):
            if _same_event(group[0], groups[j][0], data):
                _union_across_sources(group, groups[j], sides[i], sides[j], uf)


def _union_across_sources(group: list[_Local], other: list[_Local],
                          group_by: dict[str, list[_Local]],
                          other_by: dict[str, list[_Local]], uf: _UnionFind) -> None:
    """Union as if every pair (g, o) of different sources were joined, without the pairs.

    A member's neighbours are the other side's members of other sources. With three sources or
    more on one side, any two members of the other side share a neighbour, so every member
    with a neighbour is in one component; with at most two a side, per-source buckets decide.
    ``group_by``, ``other_by``: the members of each side by source."""
    if len(group_by) >= 3 or len(other_by) >= 3:
        joined = [m.id for members, sides in ((group, other_by), (other, group_by))
                  for m in members if len(sides) > 1 or m.source not in sides]
        if joined:
            uf.union_all(joined[0], joined)
        return
    for a, left in group_by.items():
        for b, right in other_by.items():
            if a != b:
                uf.union_all(left[0].id, [m.id for m in chain(left, right)])


def _by_source(members: list[_Local]) -> dict[str, list[_Local]]:
    out: dict[str, list[_Local]] = defaultdict(list)
    for m in members:
        out[m.source].append(m)
    return out


def _tokens(places: set[str], heads: frozenset[str]) -> set[str]:
    return {w for p in places for w in re.findall(r"\w+", p.lower())
            if w not in _STOP and w not in heads and len(w) > 1}


def _parse(iso: str) -> date | None:
    parts = iso.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _same_event(a: _Local, b: _Local, data: RuleData) -> bool:
    """Places must share a word when both are known; a mention without a place needs an equal
    day-precise date (within the rules' window) on both sides. An earlier event one article
    names for comparison is never another article's current event."""
    if a.background != b.background:
        return False
    if a.places and b.places:
        if not a.tokens & b.tokens:
            return False
        if a.date is None or b.date is None:
            return True
    elif not (a.precision == "day" and b.precision == "day"):
        return False
    assert a.date is not None and b.date is not None
    da, db = a.day, b.day
    if da is None or db is None:
        return False
    if a.precision == "day" and b.precision == "day":
        window = SAME_EVENT_DAYS if a.places and b.places else data.date_window_days
        return abs((da - db).days) <= window or (bool(a.places and b.places)
                                                  and _slip(a.date, b.date))
    shared = min(len(a.date), len(b.date))  # compare at the coarser precision
    return a.date[:shared] == b.date[:shared] or _slip(a.date, b.date)


def _slip(a: str, b: str) -> bool:
    """Two ISO dates that differ in one part only, the month or one digit of the year
    ("February 22" for 22 March, "the 2001 attack" for one of 2021), compared at the coarser
    precision: one outlet's slip in a date, not another event. The date conflict then shows."""
    shared = min(len(a), len(b))
    a, b = a[:shared], b[:shared]
    if len(a) < 4 or a == b:
        return False
    year_a, rest_a = a[:4], a[4:]
    year_b, rest_b = b[:4], b[4:]
    if rest_a == rest_b:
        return sum(x != y for x, y in zip(year_a, year_b, strict=True)) == 1
    # A month for a month: the year and the day agree.
    return len(a) == 10 and year_a == year_b and a[8:] == b[8:]


def _event_name(members: list[_Local], heads: frozenset[str]) -> str:
    """'<place> <type> (<date>)' from the place most mentions share and the most precise date."""
    kind = Counter(m.type for m in members).most_common(1)[0][0]
    places: Counter[str] = Counter(p for m in members for p in m.places)
    dates = Counter(m.date for m in members if m.date)  # the most precise, then the most used
    when = f" ({min(dates, key=lambda d: (-len(d), -dates[d], d))})" if dates else ""
    if places:
        place = min(places, key=lambda p: (-places[p], len(p), p))
        return f"{place} {kind}{when}"
    if len(members) == 1:
        return f"{kind}{when} in {members[0].source}"
    return f"{kind}{when}"
