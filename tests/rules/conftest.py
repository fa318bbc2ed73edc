"""Shared helpers for rule tests: build Facts and FactGraphs by hand, run one rule, check a
labelled corpus case.

Fixtures (use them as test arguments):

- ``make_fact(**fields) -> Fact``: a quantity fact with sensible defaults. ``value`` fills
  ``low``/``high`` when they are not given (pass ``low=…, high=None`` for "at least").
  Defaults: source "a", kind "quantity", entity "river flood", attribute "deaths",
  modality "asserted", subject None (the whole). Ids are unique per call.
- ``make_doc(source, published=None, text="") -> Document``: ``published`` as "2024-03-01".
- ``graph_of(facts, docs=(), dependencies=()) -> FactGraph``: a graph without the build stage;
  every source named by a fact gets an undated document unless ``docs`` gives one.
  ``dependencies`` are ``(copy, original)`` pairs.
- ``graph_from({source: (published, text)}) -> FactGraph``: the real extraction and graph
  over texts (``published`` as "2024-03-01" or None).
- ``run_rule(rule_id, graph) -> list[Finding]``: one built-in rule, with rule id and severity
  set as the engine sets them.
- ``check_corpus_case(folder)``: run the whole pipeline over one labelled case folder and
  assert its ``expect.yaml``.
- ``corpus_case``: a test taking this argument runs once per case folder of the rule named by
  its module's ``CORPUS_RULE = "<rule-id>"`` (``tests/corpus/<rule-id>/<case>/``).

Corpus case layout: ``tests/corpus/<rule>/<case>/*.txt`` plus ``expect.yaml``::

    must_find:            # each entry must match at least one finding
      - rule: numeric-conflict
        attribute: deaths         # optional
        values: ["12", "≥ 20"]    # optional: every listed value is in Finding.values
    must_not_find:        # no finding may match any entry (same matching)
      - rule: numeric-conflict
        attribute: injuries
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from factcheck.model import Document, Fact, Finding

if TYPE_CHECKING:
    from factcheck.graph import FactGraph
    from factcheck.ruledata import RuleData

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
_ids = itertools.count(1)


@lru_cache(maxsize=1)
def builtin_rule_data() -> RuleData:
    from factcheck.ruledata import load_rule_data

    return load_rule_data()


def new_fact(**fields: Any) -> Fact:
    value = fields.get("value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        fields.setdefault("low", float(value))
        fields.setdefault("high", float(value))
    source = fields.setdefault("source", "a")
    fields.setdefault("id", f"{source}:t{next(_ids)}")
    fields.setdefault("kind", "quantity")
    fields.setdefault("entity", "river flood")
    fields.setdefault("attribute", "deaths")
    fields.setdefault("value", None)
    fields.setdefault("text", "" if value is None else str(value))
    fields.setdefault("sentence", fields["text"])
    return Fact(**fields)


def new_doc(source: str, published: str | date | None = None, text: str = "") -> Document:
    day = date.fromisoformat(published) if isinstance(published, str) else published
    return Document(id=source, path=f"{source}.txt", text=text, published=day)


def new_graph(facts: Iterable[Fact], docs: Iterable[Document] = (),
              dependencies: Iterable[tuple[str, str]] = ()) -> FactGraph:
    from factcheck.graph import FactGraph
    from factcheck.graph.dependency import Dependency
    from factcheck.graph.names import NameIndex

    facts = list(facts)
    documents = {d.id: d for d in docs}
    for fact in facts:
        documents.setdefault(fact.source, new_doc(fact.source))
    graph = FactGraph(documents=documents, extractions={}, facts=facts, entities={},
                      names=NameIndex(), data=builtin_rule_data())
    graph.dependencies = [Dependency(copy, original, 1.0, "test")
                          for copy, original in dependencies]
    return graph


def graph_from_texts(texts: dict[str, tuple[str | None, str]]) -> FactGraph:
    """The real extraction and graph over texts given as {source: (published, text)}."""
    from factcheck.extract.pipeline import extract_document
    from factcheck.graph import build_graph

    data = builtin_rule_data()
    docs = [new_doc(source, published, text) for source, (published, text) in texts.items()]
    return build_graph(docs, [extract_document(d, data) for d in docs], data)


def run_builtin_rule(rule_id: str, graph: FactGraph) -> list[Finding]:
    from factcheck.rules.engine import load_builtin_rules, severity_of

    registered = load_builtin_rules()[rule_id]
    findings = list(registered.function(graph, graph.data))
    for finding in findings:
        finding.rule = registered.id
        finding.severity = severity_of(finding, registered, graph.data)
    return findings


def _matches(finding: Finding, wanted: dict[str, Any]) -> bool:
    if finding.rule != wanted["rule"]:
        return False
    if "attribute" in wanted and finding.attribute != wanted["attribute"]:
        return False
    return all(str(v) in finding.values for v in wanted.get("values", []))


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.rule} {f.attribute} {f.values}: {f.message}" for f in findings) \
        or "  (no findings)"


def assert_corpus_case(folder: Path) -> None:
    import factcheck

    expect = yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8")) or {}
    documents = sorted(str(p) for p in folder.glob("*.txt"))
    rules = [folder / "rules"] if (folder / "rules").is_dir() else []  # the case's house data
    findings = factcheck.check(documents, rules=rules).findings
    for wanted in expect.get("must_find", []) or []:
        assert any(_matches(f, wanted) for f in findings), (
            f"{folder.name}: missing {wanted}\nfindings:\n{_describe(findings)}")
    for banned in expect.get("must_not_find", []) or []:
        hits = [f for f in findings if _matches(f, banned)]
        assert not hits, f"{folder.name}: unwanted {banned}\n{_describe(hits)}"


def corpus_cases(rule_id: str) -> list[Path]:
    return sorted(p for p in (CORPUS / rule_id).glob("*") if (p / "expect.yaml").is_file())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "corpus_case" in metafunc.fixturenames:
        cases = corpus_cases(metafunc.module.CORPUS_RULE)
        metafunc.parametrize("corpus_case", cases, ids=[p.name for p in cases])


@pytest.fixture
def make_fact() -> Callable[..., Fact]:
    return new_fact


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    return new_doc


@pytest.fixture
def graph_of() -> Callable[..., FactGraph]:
    return new_graph


@pytest.fixture
def graph_from() -> Callable[[dict[str, tuple[str | None, str]]], FactGraph]:
    return graph_from_texts


@pytest.fixture
def run_rule() -> Callable[[str, FactGraph], list[Finding]]:
    return run_builtin_rule


def run_on_published(rule_id: str, facts: list[Fact],
                     published: dict[str, str | None]) -> list[Finding]:
    """A built-in rule's findings on ``facts`` from sources published on the given days."""
    docs = tuple(new_doc(source, day) for source, day in published.items())
    return run_builtin_rule(rule_id, new_graph(facts, docs))


@pytest.fixture
def rule_on_published() -> Callable[[str, list[Fact], dict[str, str | None]], list[Finding]]:
    return run_on_published


@pytest.fixture
def check_corpus_case() -> Callable[[Path], None]:
    return assert_corpus_case
