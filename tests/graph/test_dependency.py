from __future__ import annotations

import dataclasses
import itertools
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import factcheck.graph.dependency as dependency
from factcheck.extract import Extraction
from factcheck.extract.quotes import find_quotes
from factcheck.extract.sentences import split_sentences
from factcheck.graph.dependency import (
    Dependency,
    _longest_ordered,
    find_dependencies,
)
from factcheck.model import Document

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "source-dependency"
# A wire story, its sentence-by-sentence rewrite, and a reporter's own account of the same quake.
WIRE = (CORPUS / "rewritten-wire-story" / "a.txt").read_text(encoding="utf-8")
REWRITE = (CORPUS / "rewritten-wire-story" / "b.txt").read_text(encoding="utf-8")
OWN_REPORT = (CORPUS / "independent-reports" / "b.txt").read_text(encoding="utf-8")


def doc(source: str, text: str, published: str | None = None) -> tuple[Document, Extraction]:
    day = date.fromisoformat(published) if published else None
    document = Document(id=source, path=f"{source}.txt", text=text, published=day)
    return document, Extraction(source, split_sentences(text), quotes=find_quotes(text))


def run(*pairs: tuple[Document, Extraction]) -> list[Dependency]:
    return find_dependencies([p[0] for p in pairs], [p[1] for p in pairs])


def test_dependency_keeps_its_fields() -> None:
    assert [f.name for f in dataclasses.fields(Dependency)] == ["copy", "original", "score",
                                                                  "reason", "passages"]


def test_paraphrase_published_later_is_the_copy() -> None:
    [dep] = run(doc("wire", WIRE, "2024-10-02"), doc("site", REWRITE, "2024-10-03"))
    assert (dep.copy, dep.original) == ("site", "wire")
    assert dep.score == 1.0
    assert dep.reason.startswith("8 of 8 sentences of site paraphrase wire")
    assert "2 quotes in the same order" in dep.reason
    assert "“Harbour Gazette” replaced by “our reporters”" in dep.reason


def test_direction_follows_dates_not_argument_order() -> None:
    [dep] = run(doc("site", REWRITE, "2024-10-01"), doc("wire", WIRE, "2024-10-02"))
    assert (dep.copy, dep.original) == ("wire", "site")


def test_undated_the_shorter_subset_is_the_copy() -> None:
    excerpt = "\n\n".join(WIRE.split("\n\n")[:7])
    [dep] = run(doc("long", WIRE + "\n" + OWN_REPORT), doc("short", excerpt))
    assert (dep.copy, dep.original) == ("short", "long")
    assert "repeat" in dep.reason  # verbatim sentences are repeats, not paraphrases
    assert dep.score == 1.0


def test_independent_reports_sharing_facts_and_a_quote_are_not_dependent() -> None:
    assert run(doc("a", WIRE, "2024-10-02"), doc("b", OWN_REPORT, "2024-10-02")) == []


def test_a_shared_quote_and_one_shared_sentence_are_not_enough() -> None:
    toll = next(p for p in WIRE.split("\n\n") if p.startswith("At least 23 people"))
    assert run(doc("a", WIRE), doc("b", OWN_REPORT + "\n" + toll)) == []


def test_identical_texts_depend_on_one_root_without_cycles() -> None:
    deps = run(doc("c", WIRE), doc("a", WIRE), doc("b", WIRE))
    assert {(d.copy, d.original) for d in deps} == {("b", "a"), ("c", "a"), ("c", "b")}


def test_a_dependency_closing_a_cycle_is_dropped(monkeypatch) -> None:
    found = iter([Dependency("a", "b", 0.9, ""), Dependency("b", "c", 0.8, ""),
                  Dependency("c", "a", 0.7, "")])
    monkeypatch.setattr(dependency, "_assess", lambda *args: next(found))
    deps = run(doc("a", WIRE), doc("b", WIRE), doc("c", WIRE))
    assert [(d.copy, d.original) for d in deps] == [("a", "b"), ("b", "c")]


def test_passage_pairs_give_the_evidence_in_order() -> None:
    [dep] = run(doc("wire", WIRE, "2024-10-02"), doc("site", REWRITE, "2024-10-03"))
    assert dep.copy == "site"
    pairs = dep.passages
    assert len(pairs) == 8
    assert [p.copy.start for p in pairs] == sorted(p.copy.start for p in pairs)
    assert pairs[1].copy.text.startswith("During the night rescuers")
    assert pairs[1].original.text.startswith("Rescuers pulled 14 survivors")
    assert all(0.65 <= p.similarity <= 1 for p in pairs)


def test_blocking_never_scores_all_sentence_pairs(monkeypatch) -> None:
    """Thirty texts sharing a vocabulary: sentences are scored as the ratio of their sorted
    words (token_sort_ratio, each sentence sorted once), and only the blocked pairs."""
    words = [f"{a}{b}" for a in ("mar", "tol", "ven", "dri", "pas", "lun") for b in
             ("ano", "eki", "umo", "ita", "oro", "ase", "ilu", "oke", "ura", "ena")]
    texts = []
    for t in range(30):
        sentences = []
        for s in range(6):
            chosen = [words[(t * 7 + s * 3 + k * 11) % len(words)] for k in range(6)]
            sentences.append(f"The {' '.join(chosen)} report number {t} {s} was filed today.")
        texts.append(doc(f"s{t}", "\n\n".join(sentences)))
    calls = 0
    real = dependency.fuzz.ratio

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(dependency.fuzz, "ratio", counting)
    run(*texts)
    all_pairs = (30 * 6) * (29 * 6) // 2
    assert 0 < calls < all_pairs / 4


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=12, unique=True))
def test_longest_ordered_is_increasing_and_longest(points: list[tuple[int, int]]) -> None:
    pairs = [(a, b, 70.0) for a, b in points]
    chain = _longest_ordered(pairs)
    assert all(x[0] < y[0] and x[1] < y[1] for x, y in itertools.pairwise(chain))
    best = [1] * len(pairs)  # quadratic longest chain, for comparison
    ordered = sorted(pairs)
    for i in range(len(ordered)):
        for j in range(i):
            if ordered[j][0] < ordered[i][0] and ordered[j][1] < ordered[i][1]:
                best[i] = max(best[i], best[j] + 1)
    assert len(chain) == max(best, default=0)
