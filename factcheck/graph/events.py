"""Events across sources: mentions that share a type, a place and a date are one event.

Each document names its events locally (extraction gives every figure an ``event_id`` with the
event's type, places and date). Here local events from different sources merge when their
types agree, their places share a word (after canonical names: an alias counts as its entity's
name), and their dates can be the same day (within ``same_event_days``). A mention with no place
merges only on an equal, day-precise date. Blocking by type and place word avoids all pairs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

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
    places: set[str] = field(default_factory=set)
    date: str | None = None
    precision: str | None = None


def resolve_events(facts: list[Fact], docs: dict[str, Document], names: NameIndex,
                   data: RuleData) -> list[Entity]:
    locals_: dict[str, _Local] = {}
    for fact in facts:
        event_id = fact.context.get("event_id")
        if not isinstance(event_id, str):
            continue
        local = locals_.setdefault(event_id, _Local(event_id, fact.source,
                                                    str(fact.context["event_type"])))
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
        for token in _tokens(local.places, data.place_heads):
            blocks[(local.type, token)].append(local)
        if local.precision == "day":
            blocks[(local.type, f"@{local.date}")].append(local)
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.source != b.source and _same_event(a, b, data):
                    uf.union(a.id, b.id)
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
    for fact in facts:
        event_id = fact.context.get("event_id")
        if isinstance(event_id, str):
            fact.entity = rename[event_id]
    return entities


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
    day-precise date (within the rules' window) on both sides."""
    if a.places and b.places:
        if not _tokens(a.places, data.place_heads) & _tokens(b.places, data.place_heads):
            return False
        if a.date is None or b.date is None:
            return True
    elif not (a.precision == "day" and b.precision == "day"):
        return False
    assert a.date is not None and b.date is not None
    da, db = _parse(a.date), _parse(b.date)
    if da is None or db is None:
        return False
    if a.precision == "day" and b.precision == "day":
        window = SAME_EVENT_DAYS if a.places and b.places else data.date_window_days
        return abs((da - db).days) <= window
    shared = min(len(a.date), len(b.date))  # compare at the coarser precision
    return a.date[:shared] == b.date[:shared]


def _event_name(members: list[_Local], heads: frozenset[str]) -> str:
    """'<place> <type> (<date>)' from the place most mentions share and the most precise date."""
    kind = Counter(m.type for m in members).most_common(1)[0][0]
    places: Counter[str] = Counter(p for m in members for p in m.places)
    dated = sorted((m for m in members if m.date), key=lambda m: (-len(m.date or ""), m.date))
    when = f" ({dated[0].date})" if dated else ""
    if places:
        place = min(places, key=lambda p: (-places[p], len(p), p))
        return f"{place} {kind}{when}"
    if len(members) == 1:
        return f"{kind}{when} in {members[0].source}"
    return f"{kind}{when}"
