from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, defaultdict
from contextlib import ExitStack
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

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
    assert dep.reason.startswith("8 of its 8 sentences paraphrase the other's")
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


# --- The faster implementation against the straightforward one ---------------------------------
# The module's method done the plain way, as it was before its speed-ups: a regex per sentence,
# blocking on single keys, every candidate pair and pair of quotations scored, every passage
# pair aligned. The property tests below expect the same dependencies, field for field.


def _plain_prepare(document: Document, extraction: Extraction) -> dependency._Text:
    normalized = []
    for sentence in extraction.sentences:
        words = dependency.folded_words(sentence.text)
        normalized.append(" ".join(words) if len(words) >= dependency.MIN_WORDS else "")
    quotes = [dependency.normalize(q.text) for q in extraction.quotes if len(q.text.split()) >= 4]
    return dependency._Text(document.id,
                            document.published.isoformat() if document.published else None,
                            len(document.text), list(extraction.sentences), normalized, quotes)


def _plain_candidate_pairs(texts: list[dependency._Text]) -> dict[tuple[int, int], list]:
    """Blocking on single keys, pairs sharing at least two of them counted per text."""
    keys_of = {}
    for t, text in enumerate(texts):
        for s, norm in enumerate(text.normalized):
            if norm:
                keys_of[t, s] = {dependency._key(w) for w in norm.split()} - {""}
    common = min(dependency.MAX_POSTINGS,
                 max(dependency.MIN_POSTINGS, int(dependency.COMMON_SHARE * len(keys_of))))
    sizes = Counter(key for keys in keys_of.values() for key in keys)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (t, s), keys in keys_of.items():
        for key in keys:
            if sizes[key] <= common:
                postings[key].append((t, s))
    found: dict[tuple[int, int], list] = defaultdict(list)
    for t, text in enumerate(texts):
        shared: Counter[tuple[int, int, int]] = Counter()
        for s in range(len(text.normalized)):
            for key in keys_of.get((t, s), ()):
                if sizes[key] <= common:
                    shared.update((s, u, v) for u, v in postings[key] if u > t)
        per_sentence: dict[tuple[int, int], list] = defaultdict(list)
        for (s, u, v), count in shared.items():
            if count >= dependency._MIN_SHARED_KEYS:
                per_sentence[s, u].append((-count, v))
        for (s, u), candidates in per_sentence.items():
            for _, v in sorted(candidates)[:dependency.MAX_CANDIDATES]:
                score = fuzz.token_sort_ratio(text.normalized[s], texts[u].normalized[v],
                                              score_cutoff=dependency.SENTENCE_SIMILARITY)
                if score:
                    found[t, u].append((s, v, score))
    return found


def _plain_quotes_in_order(a: list[str], b: list[str]) -> int:
    pairs = []
    for i, qa in enumerate(a):
        for j, qb in enumerate(b):
            score = fuzz.token_sort_ratio(qa, qb)
            if min(len(qa), len(qb)) >= 40:
                score = max(score, fuzz.token_set_ratio(
                    qa, qb, score_cutoff=max(score, dependency.QUOTE_SIMILARITY)))
            if score >= dependency.QUOTE_SIMILARITY:
                pairs.append((i, j, score))
    return len(_longest_ordered(dependency._one_to_one(pairs)))


def _plain_name_swaps(copy: dependency._Text, original: dependency._Text, chain: list) -> str:
    copy_words = {w.casefold() for n in copy.normalized for w in n.split()}
    replacements: dict[str, list[list[str]]] = defaultdict(list)
    for c, o, _ in chain:
        original_tokens = dependency._WORD.findall(original.sentences[o].text)
        copy_tokens = dependency._WORD.findall(copy.sentences[c].text)
        matcher = SequenceMatcher(None, [w.casefold() for w in original_tokens],
                                  [w.casefold() for w in copy_tokens], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "replace":
                continue
            name: list[str] = []
            for word in [*original_tokens[i1:i2], ""]:
                if word and word[0].isupper() and word.casefold() not in copy_words:
                    name.append(word)
                    continue
                if name:
                    replacements[" ".join(name)].append(copy_tokens[j1:j2])
                name = []
    swaps = []
    for name, spans in sorted(replacements.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        phrase = dependency._common_phrase(spans) if len(spans) >= 2 else ""
        if phrase:
            swaps.append(f"“{name}” replaced by “{phrase}” ({len(spans)} sentences)")
    return "; ".join(swaps[:2])


def _plain_assess(a: dependency._Text, b: dependency._Text, pairs: list) -> Dependency | None:
    smaller = min(a.countable, b.countable)
    chain = _longest_ordered(dependency._one_to_one(pairs))
    if (len(chain) < dependency.MIN_PASSAGES or not smaller
            or len(chain) / smaller < dependency.MIN_SHARE):
        return None
    copy, original = dependency._direction(a, b, len(chain) / max(a.countable, 1),
                                           len(chain) / max(b.countable, 1))
    if copy is b:
        chain = [(o, c, score) for c, o, score in chain]
    mean = sum(score for _, _, score in chain) / len(chain) / 100
    verb = "repeat" if mean >= 0.95 else "paraphrase"
    parts = [f"{len(chain)} of its {copy.countable} sentences {verb} the other's "
             f"(mean similarity {mean:.2f})"]
    quotes = _plain_quotes_in_order(copy.quotes, original.quotes)
    if quotes >= 2:
        parts.append(f"{quotes} quotes in the same order")
    swaps = _plain_name_swaps(copy, original, chain)
    if swaps:
        parts.append(swaps)
    passages = tuple(dependency.PassagePair(copy.sentences[c], original.sentences[o],
                                            round(score / 100, 3)) for c, o, score in chain)
    return Dependency(copy.source, original.source, round(len(chain) / copy.countable, 3),
                      "; ".join(parts), passages)


def _plain_find_dependencies(documents: list[Document],
                             extractions: list[Extraction]) -> list[Dependency]:
    by_source = {e.source: e for e in extractions}
    texts = [_plain_prepare(d, by_source[d.id]) for d in documents if d.id in by_source]
    found = [dep for (t, u), pairs in sorted(_plain_candidate_pairs(texts).items())
             if (dep := _plain_assess(texts[t], texts[u], pairs)) is not None]
    found.sort(key=lambda d: (-d.score, d.copy, d.original))
    kept: list[Dependency] = []
    originals_of: dict[str, list[str]] = defaultdict(list)
    for dep in found:
        if not dependency._reaches(originals_of, dep.original, dep.copy):
            kept.append(dep)
            originals_of[dep.copy].append(dep.original)
    return kept


# Small vocabularies, so that sentences share keys often: keys too common to block on,
# sentences with more candidates than are scored, copies, paraphrases and renamed sources.
_CONTENT = ("rescuers", "rescued", "survivors", "harbour", "gathering", "gathered", "collapsed",
            "buildings", "officials", "hospital", "injured", "railway", "bridge", "tremor",
            "coastal", "village", "residents", "evacuated", "shelter", "damage", "million",
            "outage", "water", "supply", "Monday", "fourteen", "don’t", "it's", "naïve", "Żory")
_FILLER = ("the", "a", "of", "in", "and", "to", "said", "were", "by", "on", "at")
_NAMES = ("Harbour Gazette", "Mayor Lind", "Reuters", "İzmir Port", "Ōsaka Daily")
_STAND_INS = ("our reporters", "local media", "a spokesman")


@st.composite
def _sentences(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(3, 9))
    sentences = []
    for _ in range(count):
        words = draw(st.lists(st.sampled_from(_CONTENT + _FILLER), min_size=2, max_size=11))
        if draw(st.booleans()):
            words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(_NAMES)))
        text = " ".join(words)
        if draw(st.integers(0, 3)) == 0:
            quoted = " ".join(draw(st.lists(st.sampled_from(_CONTENT), min_size=4, max_size=9)))
            text = f"{text} “{quoted},” said {draw(st.sampled_from(_NAMES))}"
        sentences.append(text[:1].upper() + text[1:] + ".")
    return sentences


@st.composite
def _copy_of(draw: st.DrawFn, sentences: list[str]) -> list[str]:
    copied = list(sentences)
    for _ in range(draw(st.integers(0, 3))):
        edit = draw(st.sampled_from(("drop", "swap", "word", "rename", "quotes", "add")))
        i = draw(st.integers(0, len(copied) - 1))
        if edit == "drop" and len(copied) > 2:
            del copied[i]
        elif edit == "swap" and i + 1 < len(copied):
            copied[i], copied[i + 1] = copied[i + 1], copied[i]
        elif edit == "word":
            words = copied[i].split()
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(_CONTENT))
            copied[i] = " ".join(words)
        elif edit == "rename":
            name, stand_in = draw(st.sampled_from(_NAMES)), draw(st.sampled_from(_STAND_INS))
            copied = [s.replace(name, stand_in) for s in copied]
        elif edit == "quotes":
            copied = [s.replace("“", '"').replace(",”", ',"').replace("’", "'") for s in copied]
        else:
            copied.insert(i, draw(_sentences())[0])
    return copied


@st.composite
def _corpus(draw: st.DrawFn) -> tuple[list[Document], list[Extraction]]:
    stories = [draw(_sentences()) for _ in range(draw(st.integers(1, 2)))]
    pairs = []
    for n in range(draw(st.integers(2, 7))):
        kind = draw(st.sampled_from(("story", "copy", "copy", "own")))
        story = draw(st.sampled_from(stories))
        sentences = (story if kind == "story" else draw(_copy_of(story)) if kind == "copy"
                     else draw(_sentences()))
        published = draw(st.sampled_from((None, "2024-10-02", "2024-10-03")))
        pairs.append(doc(f"s{n}", " ".join(sentences), published))
    return [p[0] for p in pairs], [p[1] for p in pairs]


# Blocking settings to run under: as shipped, and tight enough for small corpora to have keys
# too common to block on and sentences with more candidates than are scored.
_BLOCKING = st.tuples(st.sampled_from((dependency.MIN_POSTINGS, 2, 5)),
                      st.sampled_from((dependency.MAX_CANDIDATES, 1, 2)),
                      st.sampled_from((dependency._MIN_SHARED_KEYS, 3)))


def _blocking(min_postings: int, max_candidates: int, min_shared_keys: int) -> ExitStack:
    stack = ExitStack()
    stack.enter_context(mock.patch.object(dependency, "MIN_POSTINGS", min_postings))
    stack.enter_context(mock.patch.object(dependency, "MAX_CANDIDATES", max_candidates))
    stack.enter_context(mock.patch.object(dependency, "_MIN_SHARED_KEYS", min_shared_keys))
    return stack


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_corpus(), _BLOCKING)
def test_same_dependencies_as_the_straightforward_version(
        corpus: tuple[list[Document], list[Extraction]], blocking: tuple[int, int, int]) -> None:
    documents, extractions = corpus
    with _blocking(*blocking):
        assert find_dependencies(documents, extractions) == _plain_find_dependencies(
            documents, extractions)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_corpus(), _BLOCKING)
def test_candidates_left_out_could_never_make_a_dependency(
        corpus: tuple[list[Document], list[Extraction]], blocking: tuple[int, int, int]) -> None:
    documents, extractions = corpus
    texts = dependency._prepare(documents, extractions)
    assert [t.normalized for t in texts] == [
        _plain_prepare(d, e).normalized for d, e in zip(documents, extractions, strict=True)]
    with _blocking(*blocking):
        found = dependency._candidate_pairs(texts)
        plain = _plain_candidate_pairs(texts)
    for (t, u), pairs in plain.items():
        if (t, u) in found:  # the same pairs, perhaps in another order (which _assess ignores)
            assert sorted(found[t, u]) == sorted(pairs)
        else:  # a chain pairs each sentence once: too few of them had a candidate
            smaller = min(texts[t].countable, texts[u].countable)
            assert not dependency._enough(len({s for s, _, _ in pairs}), smaller)
    assert set(found) <= set(plain)


def test_the_reference_finds_what_the_corpora_are_made_of() -> None:
    """A copy renaming its source and keeping two quotations, built like the corpora above,
    which hold such dependencies too (name swaps more rarely): what the comparisons cover."""
    story = ["Harbour Gazette reported rescuers gathered survivors near the railway bridge.",
             "Residents were evacuated to a coastal shelter on Monday, Harbour Gazette said.",
             "Officials said “water supply and power outage damage reached a million",
             "The hospital treated fourteen injured residents “before the tremor collapsed "
             "buildings in the village,” said Mayor Lind.",
             "Harbour Gazette counted the collapsed buildings and the injured in the village."]
    story[2] += ' in the coastal village,” said Reuters.'
    renamed = [s.replace("Harbour Gazette", "our reporters") for s in story]
    documents, extractions = zip(doc("a", " ".join(story), "2024-10-02"),
                                 doc("b", " ".join(renamed), "2024-10-03"), strict=True)
    [found] = _plain_find_dependencies(list(documents), list(extractions))
    assert "“Harbour Gazette” replaced by “our reporters”" in found.reason
    assert "2 quotes in the same order" in found.reason
    assert find_dependencies(list(documents), list(extractions)) == [found]


_QUOTE = st.lists(st.sampled_from(_CONTENT + _FILLER), min_size=4, max_size=16).map(" ".join)


@st.composite
def _quoted(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Two sources' quotations: some shared whole, cut short or reworded, some their own."""
    mine = draw(st.lists(_QUOTE, max_size=6))
    theirs = draw(st.lists(_QUOTE, max_size=3))
    for quote in mine:
        words = quote.split()
        edit = draw(st.sampled_from(("whole", "cut", "word", "none")))
        if edit == "cut":
            start = draw(st.integers(0, len(words) - 1))
            words = words[start:draw(st.integers(start + 1, len(words)))]
        elif edit == "word":
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(_CONTENT))
        if edit != "none":
            theirs.insert(draw(st.integers(0, len(theirs))), " ".join(words))
    return mine, theirs


@settings(max_examples=200, deadline=None)
@given(_quoted())
def test_quotes_in_order_as_the_straightforward_version(
        quoted: tuple[list[str], list[str]]) -> None:
    mine, theirs = quoted
    a, b = (dependency._Text(source, None, 0, [], [], quotes)
            for source, quotes in (("a", mine), ("b", theirs)))
    scores: dict[tuple[str, str], float] = {}  # shared, as by all the pairs of a run
    assert dependency._quotes_in_order(a, b, scores) == _plain_quotes_in_order(mine, theirs)
    assert dependency._quotes_in_order(b, a, scores) == _plain_quotes_in_order(theirs, mine)
    assert dependency._quotes_in_order(a, b, scores) == _plain_quotes_in_order(mine, theirs)


def test_folding_a_folded_word_changes_nothing() -> None:
    """_Text.words joins normalised words without folding them again: every character of a
    case-folded text must fold to itself (checked over all of Unicode at once, as folding goes
    character by character)."""
    folded = "".join(map(chr, range(0x110000))).casefold().replace("’", "'")
    assert folded.casefold() == folded
