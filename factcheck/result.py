"""The result of a run: documents, facts, the graph and the findings, and its stable JSON form.

The JSON form (``schema: factcheck/result@1``) is documented in README and parsed by CI
consumers: keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from factcheck.findingstore import FindingStore
from factcheck.model import SEVERITY_RANK, Document, Entity, Fact, Finding
from factcheck.textsafe import escape_in_json

if TYPE_CHECKING:
    import networkx as nx

    from factcheck.extract import Extraction
    from factcheck.graph import FactGraph
    from factcheck.ruledata import RuleData

SCHEMA = "factcheck/result@1"


class Result:
    """What a run found. A run answered from the run cache holds its findings and entities
    at once; its facts, extractions and fact graph are rebuilt on first use (``restore``)."""

    def __init__(self, documents: list[Document], all_facts: list[Fact] | None = None, *,
                 entities: list[Entity] | None = None,
                 findings: Sequence[Finding] | None = None,
                 seconds: float | None = 0.0, warnings: list[str] | None = None,
                 claims: list[Any] | None = None, timings: dict[str, float] | None = None,
                 extractions: list[Extraction] | None = None,
                 fact_graph: FactGraph | None = None, rule_data: RuleData | None = None,
                 restore: Callable[[], tuple[list[Extraction], FactGraph]] | None = None,
                 fact_count: int | None = None) -> None:
        self.documents = documents
        self.entities = entities if entities is not None else []
        # A list, or held compressed (``FindingStore``) when the rules ran on Dask workers.
        self.findings: Sequence[Finding] = findings if findings is not None else []
        self.seconds = seconds  # wall time; None when not recorded (reproducible output)
        # Non-fatal input problems ("path: reason"), shown as warnings and kept in the JSON.
        self.warnings = warnings if warnings is not None else []
        self.claims = claims  # review mode only
        self.timings = timings if timings is not None else {}  # seconds per stage
        self.rule_data = rule_data
        self._facts = all_facts if all_facts is not None else []
        self._extractions = extractions if extractions is not None else []
        self._fact_graph = fact_graph
        self._restore = restore
        self._fact_count = fact_count

    def __repr__(self) -> str:
        return (f"Result({len(self.documents)} documents, {self.fact_count} facts, "
                f"{len(self.findings)} findings)")

    def replace(self, **changes: Any) -> Result:
        """A shallow copy with some attributes changed (``documents=``, ``findings=`` …)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        for name, value in changes.items():
            if not hasattr(copy, name):
                raise TypeError(f"Result has no attribute {name!r}")
            setattr(copy, name, value)
        return copy

    def _restored(self) -> None:
        if self._restore is not None:
            restore, self._restore = self._restore, None
            self._extractions, self._fact_graph = restore()
            self._facts = self._fact_graph.facts

    @property
    def all_facts(self) -> list[Fact]:
        self._restored()
        return self._facts

    @all_facts.setter
    def all_facts(self, facts: list[Fact]) -> None:
        self._restored()
        self._facts = facts

    @property
    def extractions(self) -> list[Extraction]:
        self._restored()
        return self._extractions

    @property
    def fact_graph(self) -> FactGraph | None:
        self._restored()
        return self._fact_graph

    @fact_graph.setter
    def fact_graph(self, graph: FactGraph | None) -> None:
        self._restored()
        self._fact_graph = graph

    @property
    def fact_count(self) -> int:
        """How many facts, without rebuilding them when the run cache answered."""
        if self._restore is not None and self._fact_count is not None:
            return self._fact_count
        return len(self.all_facts)

    @property
    def graph(self) -> nx.MultiDiGraph | None:
        """The networkx MultiDiGraph of sources, entities, attributes and facts (built on
        first use: on a large archive it is the biggest object of a run)."""
        return self.fact_graph.g if self.fact_graph is not None else None

    def facts(self, entity: str | None = None, attribute: str | None = None) -> list[Fact]:
        """Facts, optionally only those of one entity (name or alias, any case) and attribute."""
        wanted: set[str] | None = None
        if entity is not None:
            key = entity.casefold()
            wanted = {e.name for e in self.entities
                      if key == e.name.casefold() or key in (a.casefold() for a in e.aliases)}
            wanted.add(entity)
        return [f for f in self.all_facts
                if (wanted is None or f.entity in wanted)
                and (attribute is None or f.attribute == attribute)]

    def document(self, source_id: str) -> Document:
        for doc in self.documents:
            if doc.id == source_id:
                return doc
        raise KeyError(source_id)

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def sorted_findings(self) -> Sequence[Finding]:
        """Most severe first, then by entity, attribute, rule and first evidence position."""
        if isinstance(self.findings, FindingStore) and self.findings.in_output_order:
            return self.findings  # read as they are kept, never all at once
        return sorted(self.findings, key=output_order)

    def to_dict(self, *, include_facts: bool = False) -> dict[str, Any]:
        return {key: list(value) if isinstance(value, Iterator) else value
                for key, value in self.json_parts(include_facts=include_facts).items()}

    def json_parts(self, *, include_facts: bool = False) -> dict[str, Any]:
        """``to_dict``'s keys and values, with the long lists (facts, findings) as iterators
        whose items are made one at a time, as ``json_chunks`` writes them."""
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "sources": map(source_dict, self.documents),
            "entities": map(_entity_dict, sorted(self.entities, key=lambda e: e.id)),
        }
        if include_facts:
            out["facts"] = map(fact_dict, self.all_facts)
        out["findings"] = map(finding_dict, self.sorted_findings())
        if self.claims is not None:
            out["claims"] = [c.to_dict() for c in self.claims]
        out["warnings"] = list(self.warnings)
        out["stats"] = {"documents": len(self.documents), "facts": self.fact_count,
                        "findings": len(self.findings),
                        "seconds": None if self.seconds is None else round(self.seconds, 3)}
        return out

    def to_json(self, *, include_facts: bool = False, deterministic: bool = False) -> str:
        data = self.to_dict(include_facts=include_facts)
        if deterministic:  # wall-clock time is the only value that differs between runs
            data["stats"]["seconds"] = None
        return escape_in_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def output_order(f: Finding) -> tuple[Any, ...]:
    """The key ``Result.sorted_findings`` sorts by."""
    first = f.evidence[0] if f.evidence else None
    return (-SEVERITY_RANK[f.severity], f.entity, f.attribute, f.rule,
            first.source if first else "", first.start if first else 0)


def _entity_dict(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "kind": entity.kind,
            "aliases": sorted(entity.aliases), "variants": sorted(entity.variants)}


def json_chunks(data: dict[str, Any]) -> Iterator[str]:
    """``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"`` in pieces: a value that is
    an iterator is written item by item, so a list of every fact is never held whole (as
    objects or as text)."""
    if not data:
        yield "{}\n"
        return
    yield "{"
    for number, (key, value) in enumerate(data.items()):
        yield ("," if number else "") + f"\n  {_nested(key, 1)}: "
        if isinstance(value, Iterator):
            yield from _list_chunks(value, 1)
        else:
            yield _nested(value, 1)
    yield "\n}\n"


def json_list_chunks(items: Iterable[Any]) -> Iterator[str]:
    """``json.dumps(list(items), ensure_ascii=False, indent=2) + "\\n"``, item by item."""
    yield from _list_chunks(items, 0)
    yield "\n"


def _list_chunks(items: Iterable[Any], level: int) -> Iterator[str]:
    opened = False
    for item in items:
        yield ("," if opened else "[") + "\n" + "  " * (level + 1) + _nested(item, level + 1)
        opened = True
    yield "\n" + "  " * level + "]" if opened else "[]"


def _nested(value: Any, level: int) -> str:
    """``value`` as indented JSON at nesting ``level``. Literal line breaks in indented JSON
    are all indentation (strings escape theirs): one level deeper is two more spaces."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def source_dict(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "path": doc.path, "title": doc.title,
            "published": doc.published.isoformat() if doc.published else None,
            "url": doc.url, "sha256": doc.sha256, "repaired": doc.repaired,
            "encoding": doc.encoding, "notes": list(doc.notes)}


def fact_dict(f: Fact) -> dict[str, Any]:
    return {"id": f.id, "source": f.source, "kind": f.kind, "entity": f.entity,
            "attribute": f.attribute, "subject": f.subject, "value": f.value,
            "low": f.low, "high": f.high, "qualifier": f.qualifier, "unit": f.unit,
            "time": f.time, "modality": f.modality, "speaker": f.speaker,
            "start": f.start, "end": f.end, "line": f.line, "column": f.column,
            "text": f.text, "sentence": f.sentence}


def finding_dict(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity, "entity": f.entity,
            "attribute": f.attribute, "message": f.message, "fingerprint": f.fingerprint,
            "values": list(f.values),
            "evidence": [
                {"source": e.source, "path": e.path, "line": e.line, "column": e.column,
                 "start": e.start, "end": e.end, "text": e.text, "sentence": e.sentence,
                 "value": e.value, "low": e.low, "high": e.high, "qualifier": e.qualifier,
                 "unit": e.unit}
                for e in f.evidence
            ]}
