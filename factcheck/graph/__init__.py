"""The fact graph: canonical entities, events resolved across sources, facts keyed by
(entity, attribute), on a networkx MultiDiGraph.

Nodes: ``source:ID``, ``entity:NAME``, ``attr:NAME|ATTRIBUTE``, ``fact:ID``, ``alias:TEXT``.
Edges: entity → attribute → fact ← source; alias → entity (``alias-of``);
variant entity → canonical entity (``variant-of``); source → source (``depends-on``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factcheck.extract import Extraction
from factcheck.forking import in_background
from factcheck.graph.dependency import Dependency, find_dependencies
from factcheck.graph.events import resolve_events
from factcheck.graph.namematch import NameMatcher
from factcheck.graph.names import NameIndex, build_name_index, overlooked_names
from factcheck.heap import release_free_memory
from factcheck.model import Document, Entity, Fact
from factcheck.naming import source_keys, source_name
from factcheck.ruledata import RuleData

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class Texts:
    """The documents and their extractions by source id: all that a rule of scope "texts"
    reads, so it can run before (or while) the graph is built."""

    documents: dict[str, Document]
    extractions: dict[str, Extraction]

    def path(self, source: str) -> str:
        return self.documents[source].path

    def label(self, source: str) -> str:
        """How messages name a source: its key and title, 'S2 “Floods hit the valley”'."""
        names = self.__dict__.get("_names")
        if names is None:
            keys = source_keys(self.documents)
            names = {s: source_name(key, self.documents[s]) for s, key in keys.items()}
            self.__dict__["_names"] = names
        return names.get(source, source)

    def published(self, source: str) -> str | None:
        published = self.documents[source].published
        return published.isoformat() if published else None


@dataclass
class FactGraph(Texts):
    facts: list[Fact]
    entities: dict[str, Entity]
    names: NameIndex
    data: RuleData
    dependencies: list[Dependency] = field(default_factory=list)
    _g: nx.MultiDiGraph | None = field(default=None, repr=False)
    _originals: tuple[tuple[int, int], dict[str, str]] | None = field(default=None, repr=False)
    _by_kind: tuple[tuple[int, int], dict[str, list[Fact]]] | None = field(default=None,
                                                                            repr=False)

    @property
    def g(self) -> nx.MultiDiGraph:
        """The networkx view, built on first use: rules work on the plain structures above,
        and at 10,000 documents the networkx objects alone take about a gigabyte."""
        if self._g is None:
            import networkx as nx  # here: importing it takes 24 MiB, and most runs never do

            self._g = nx.MultiDiGraph()
            _fill_networkx(self, self._g)
        return self._g

    def groups(self, kind: str | None = None) -> dict[tuple[str, str], list[Fact]]:
        """Facts keyed by (canonical entity, attribute), in a stable order."""
        out: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for fact in self.facts if kind is None else self.facts_of(kind):
            out[(fact.entity, fact.attribute)].append(fact)
        return {key: out[key] for key in sorted(out)}

    def facts_of(self, kind: str) -> list[Fact]:
        """The facts of one kind ("quantity", "date", "name" …), in order, sorted out once
        while ``facts`` stays the same list (most rules read one kind; names are most facts).
        The list is shared: read it, don't change it."""
        stamp = (id(self.facts), len(self.facts))
        if self._by_kind is None or self._by_kind[0] != stamp:
            by_kind: dict[str, list[Fact]] = defaultdict(list)
            for fact in self.facts:
                by_kind[fact.kind].append(fact)
            self._by_kind = (stamp, dict(by_kind))
        return self._by_kind[1].get(kind, [])

    def origin_of(self, source: str) -> str:
        """The source a dependent source copies from (itself when independent)."""
        original_of = self._original_of()
        seen = {source}
        while source in original_of and original_of[source] not in seen:
            source = original_of[source]
            seen.add(source)
        return source

    def _original_of(self) -> dict[str, str]:
        """copy → original (its strongest dependency), rebuilt when ``dependencies`` is
        replaced or grows."""
        stamp = (id(self.dependencies), len(self.dependencies))
        if self._originals is None or self._originals[0] != stamp:
            original_of: dict[str, str] = {}
            for dep in self.dependencies:
                original_of.setdefault(dep.copy, dep.original)
            self._originals = (stamp, original_of)
        return self._originals[1]

    def independent(self, sources: list[str]) -> list[str]:
        """Distinct origins among sources: sources that copy each other count once."""
        return sorted({self.origin_of(s) for s in sources})


def build_graph(documents: list[Document], extractions: list[Extraction],
                data: RuleData, jobs: int = 1) -> FactGraph:
    """Names, events and source dependencies; with ``jobs`` > 1 the dependencies (which read
    only the texts) are found in a forked process meanwhile."""
    dependencies = in_background(lambda: find_dependencies(documents, extractions), jobs)
    docs = {d.id: d for d in documents}
    by_source = {e.source: e for e in extractions}
    facts = [f for e in extractions for f in e.facts]
    matcher = NameMatcher(data.names)
    facts += overlooked_names(docs, by_source, matcher)
    names = build_name_index(facts, data, matcher)
    # Its working sets are gone: their pages would otherwise stay resident to the end of the
    # run (at 4,000 documents 16 MB of a 450 MB peak).
    release_free_memory()
    canonical = _Canonical(names)
    for fact in facts:
        if "event_id" not in fact.context:
            fact.entity = canonical[fact.entity]
        if fact.speaker and fact.kind == "quote":
            fact.speaker = canonical[fact.speaker]
            fact.entity = fact.speaker
        participants = fact.context.get("participants")
        if isinstance(participants, list):
            fact.entity = " ↔ ".join(sorted({canonical[p] for p in participants}))
    events = resolve_events(facts, docs, names, data)
    entities = dict(names.entities)
    entities.update({e.name: e for e in events})
    graph = FactGraph(docs, by_source, facts, entities, names, data)
    graph.dependencies = dependencies()
    return graph


class _Canonical(dict[str, str]):
    """Canonical names by spelling, each worked out once: a name recurs in many facts."""

    def __init__(self, names: NameIndex) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, name: str) -> str:
        self[name] = found = self.names.canonical(name)
        return found


def _fill_networkx(graph: FactGraph, g: nx.MultiDiGraph) -> None:
    for doc in graph.documents.values():
        g.add_node(f"source:{doc.id}", type="source", path=doc.path, title=doc.title,
                   published=doc.published.isoformat() if doc.published else None)
    for entity in graph.entities.values():
        g.add_node(f"entity:{entity.name}", type="entity", kind=entity.kind)
        for alias in entity.aliases:
            g.add_edge(f"alias:{alias}", f"entity:{entity.name}", key="alias-of")
            g.nodes[f"alias:{alias}"]["type"] = "alias"
    for variant, canonical in graph.names.variant_of.items():
        g.add_edge(f"entity:{variant}", f"entity:{canonical}", key="variant-of")
    for fact in graph.facts:
        entity_node, attr_node = f"entity:{fact.entity}", f"attr:{fact.entity}|{fact.attribute}"
        if entity_node not in g:
            g.add_node(entity_node, type="entity", kind="name")
        if attr_node not in g:
            g.add_node(attr_node, type="attribute", entity=fact.entity, attribute=fact.attribute)
            g.add_edge(entity_node, attr_node, key="has")
        g.add_node(f"fact:{fact.id}", type="fact", fact=fact)
        g.add_edge(attr_node, f"fact:{fact.id}", key="value")
        g.add_edge(f"source:{fact.source}", f"fact:{fact.id}", key="states")
    for dep in graph.dependencies:
        g.add_edge(f"source:{dep.copy}", f"source:{dep.original}", key="depends-on",
                   score=dep.score, reason=dep.reason)
