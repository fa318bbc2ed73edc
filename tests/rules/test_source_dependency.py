from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import factcheck
from factcheck.extract import Extraction
from factcheck.extract.quotes import find_quotes
from factcheck.extract.sentences import split_sentences
from factcheck.graph import FactGraph
from factcheck.graph.dependency import find_dependencies
from factcheck.model import Document
from factcheck.result import Result

CORPUS_RULE = "source-dependency"
CASES = Path(__file__).resolve().parent.parent / "corpus" / CORPUS_RULE
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_result() -> Result:
    return factcheck.check([str(SEEDS)])


def _graph(graph_of: Callable[..., FactGraph], case: str) -> FactGraph:
    docs, extractions = [], {}
    for path in sorted((CASES / case).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = Document(id=path.stem, path=str(path), text=text)
        docs.append(doc)
        extractions[doc.id] = Extraction(doc.id, split_sentences(text), quotes=find_quotes(text))
    graph = graph_of([], docs)
    graph.extractions = extractions
    graph.dependencies = find_dependencies(docs, list(extractions.values()))
    return graph


def test_one_info_finding_per_dependent_pair(graph_of, run_rule) -> None:
    graph = _graph(graph_of, "rewritten-wire-story")
    [finding] = run_rule(CORPUS_RULE, graph)
    assert finding.severity == "info"
    assert finding.origin in ("a", "b")
    copy = "a" if finding.origin == "b" else "b"
    assert finding.entity == copy
    assert finding.values == [f"{copy} → {finding.origin}"]
    # the topic names the copy: the message names the original, by key and title
    assert finding.message.startswith(f"{graph.label(finding.origin)}: 8 of its 8 sentences")
    assert graph.label(finding.origin) in ("S1 (a.txt)", "S2 (b.txt)")  # untitled files


def test_evidence_pairs_a_sentence_of_the_copy_with_one_of_the_original(graph_of,
                                                                         run_rule) -> None:
    graph = _graph(graph_of, "rewritten-wire-story")
    [finding] = run_rule(CORPUS_RULE, graph)
    assert len(finding.evidence) == 16
    copies, originals = finding.evidence[0::2], finding.evidence[1::2]
    assert {e.source for e in copies} == {finding.entity}
    assert {e.source for e in originals} == {finding.origin}
    for ev in finding.evidence:
        doc = graph.documents[ev.source]
        assert doc.text[ev.start:ev.end] == ev.text == ev.sentence
        assert (ev.line, ev.column) == doc.position(ev.start)


def test_independent_sources_give_no_finding(graph_of, run_rule) -> None:
    assert run_rule(CORPUS_RULE, _graph(graph_of, "independent-reports")) == []


def test_dependency_without_extractions_still_reported(graph_of, run_rule) -> None:
    graph = graph_of([], [Document("x", "x.txt", ""), Document("y", "y.txt", "")],
                     dependencies=[("x", "y")])
    [finding] = run_rule(CORPUS_RULE, graph)
    assert (finding.entity, finding.origin, finding.evidence) == ("x", "y", [])


def test_corpus_case(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_seeds_copy_is_found(seed_result: Result) -> None:
    findings = [f for f in seed_result.findings if f.rule == CORPUS_RULE]
    assert [(f.entity[:3], (f.origin or "")[:3]) for f in findings] == [("000", "001")]
