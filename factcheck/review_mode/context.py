"""What every classifier needs: the graph of the one run, which document is under review, the
sources used as evidence, and which of them copy each other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from factcheck.extract.entities import TITLE_HEADS
from factcheck.graph import FactGraph
from factcheck.model import Document, Evidence, Fact


@dataclass
class ReviewContext:
    graph: FactGraph
    document: Document
    sources: list[str]  # source ids used as evidence, in run order
    # Source -> the source it ultimately repeats (itself when independent), among used sources.
    origins: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        used = set(self.sources)
        for source in self.sources:
            self.origins[source] = _origin(self.graph, source, used)
        self._used = used

    def is_source(self, source: str) -> bool:
        return source in self._used

    def source_facts(self, facts: Iterable[Fact]) -> list[Fact]:
        return [f for f in facts if f.source in self._used]

    def independent(self, sources: Iterable[str]) -> list[str]:
        """Distinct origins: sources that copy each other count once."""
        return sorted({self.origins.get(s, s) for s in sources})

    def copies_note(self, sources: Iterable[str]) -> str:
        """'; 000 repeats 001' for the sources among these that copy another, else ''."""
        notes = [f"{s} repeats {self.origins[s]}" for s in sorted(set(sources))
                 if self.origins.get(s, s) != s]
        return f" ({'; '.join(notes)}: counted once)" if notes else ""

    def same_speaker(self, a: str | None, b: str | None) -> bool:
        """Unknown speakers match anyone, and so does a role ("the Governor"); a misspelt name
        (a variant) is the same person, and so is a name written more fully ("Jane K. Roe",
        "Constable Jane Roe" for "Jane Roe")."""
        if not a or not b:
            return True
        variant_of = self.graph.names.variant_of
        a, b = variant_of.get(a, a), variant_of.get(b, b)
        return a == b or _same_person(a, b)

    def evidence(self, fact: Fact) -> Evidence:
        return Evidence.from_fact(fact, self.graph.path(fact.source))

    def published(self, source: str) -> str | None:
        return self.graph.published(source)


def _same_person(a: str, b: str) -> bool:
    words_a, words_b = _name_words(a), _name_words(b)
    if not words_a or not words_b or words_a[-1] in TITLE_HEADS or words_b[-1] in TITLE_HEADS:
        return True  # a role names no one in particular
    shorter, longer = sorted((words_a, words_b), key=len)
    return shorter[-1] == longer[-1] and set(shorter) <= set(longer)


def _name_words(name: str) -> list[str]:
    """The words of a name without initials ("Jane K. Roe" -> Jane, Roe)."""
    return [w for w in (w.strip(".,") for w in name.split()) if len(w) > 1]


def _origin(graph: FactGraph, source: str, used: set[str]) -> str:
    """Follow copy → original edges while the original is a used source."""
    seen = {source}
    current = source
    while True:
        nxt = next((d.original for d in graph.dependencies
                    if d.copy == current and d.original in used and d.original not in seen),
                   None)
        if nxt is None:
            return current
        seen.add(nxt)
        current = nxt


def repeats_document(graph: FactGraph, source: str, document: str) -> str | None:
    """The dependency reason when ``source`` copies the document under review (directly or
    through other sources), else None: such a source cannot confirm the document."""
    seen = {source}
    frontier = [source]
    while frontier:
        current = frontier.pop()
        for dep in graph.dependencies:
            if dep.copy != current or dep.original in seen:
                continue
            if dep.original == document:
                return dep.reason
            seen.add(dep.original)
            frontier.append(dep.original)
    return None
