"""Source dependency: which sources copy or paraphrase which.

A copy keeps the original's structure: most of its sentences have a near-duplicate or a
paraphrase in the original, in the same order, and its quotations come in the same order too.
Two independent reports of one event share facts and perhaps a quotation, which makes a few
similar sentences at most, in no particular order.

Candidates are found by token blocking (sentences of different sources sharing at least two
uncommon content words), never by comparing all sentence pairs; rapidfuzz scores only the
candidates. Direction: the later publication is the copy; when the dates are missing or equal,
the source whose text the other covers more of (the shorter, the subset).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from itertools import chain, compress, islice, repeat
from operator import add, eq

from rapidfuzz import fuzz

from factcheck.extract import Extraction
from factcheck.model import Document, Sentence


@dataclass(frozen=True)
class PassagePair:
    """A sentence of the copy and the sentence of the original it repeats or paraphrases."""

    copy: Sentence
    original: Sentence
    similarity: float  # 0..1


@dataclass(frozen=True)
class Dependency:
    copy: str  # source id of the later / derived source
    original: str  # source id it depends on
    score: float  # share of the copy's passages found in the original, 0..1
    reason: str  # in words, with numbers: "9 of 14 sentences near-identical; 3 quotes in order"
    passages: tuple[PassagePair, ...] = ()  # the ordered chain behind the score (evidence)


# Sentences shorter than this (headlines, datelines, photo credits) say little about copying.
MIN_WORDS = 6
# rapidfuzz token_sort_ratio on normalised sentences: reworded sentences of a paraphrase score
# 65-100; unrelated sentences about the same event rarely pass 60.
SENTENCE_SIMILARITY = 65.0
QUOTE_SIMILARITY = SENTENCE_SIMILARITY
# A dependency needs this many ordered passage pairs covering this share of the smaller text.
MIN_PASSAGES = 4
MIN_SHARE = 0.4
# Blocking: a word in more than 1% of all sentences (at least 30, at most 100) is too common to
# propose candidates (counting candidates costs sentences × words × postings: this keeps 1 MB
# of text under a second); each sentence keeps only its best-blocked candidates per source.
COMMON_SHARE = 0.01
MIN_POSTINGS, MAX_POSTINGS = 30, 100
MAX_CANDIDATES = 8
_MIN_SHARED_KEYS = 2

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# English function words: never blocking keys (they would pair every sentence with every other).
_FUNCTION_WORDS_TEXT = """
a about above after again against all also although among an and another any are as at be
because been before being between both but by can could did do does doing during each either
even every few for from further had has have having he her here hers him his how however i if
in into is it its itself just last least less like made make many may might more most much must
my near neither new no nor not now of off often on once one only or other our out over own per
said same say says she should since so some such than that the their them then there these they
this those though through to told too under until up upon very was we were what when where
whether which while who whom whose why will with within without would year years yet you your
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())


@dataclass
class _Text:
    """One source's sentences and quotations, prepared for comparison."""

    source: str
    published: str | None
    length: int
    sentences: list[Sentence]
    normalized: list[str]  # per sentence; "" when too short to count
    quotes: list[str]

    @cached_property
    def countable(self) -> int:
        return sum(1 for n in self.normalized if n)

    @cached_property
    def words(self) -> set[str]:
        """Every word of the countable sentences, case-folded: once per text, not once per
        dependency it takes part in."""
        return {w.casefold() for n in self.normalized for w in n.split()}


def folded_words(text: str) -> list[str]:
    """The words of ``text``, case-folded, with one apostrophe."""
    folded = text.casefold().replace("’", "'")
    if "\u0307" in folded and "\u0307" not in text:
        # Folding made a combining dot ("İ" → "i̇"), which is no word character: fold
        # word by word so the word stays whole.
        return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]
    return _WORD.findall(folded)


def normalize(text: str) -> str:
    """Lower-case words joined by single spaces: punctuation and quote styles do not count."""
    return " ".join(folded_words(text))


def _key(word: str) -> str:
    """A word's blocking key: a content word cut to a stem-like prefix (gathering/gathered
    agree); "" for a short or function word."""
    return word[:6] if len(word) >= 4 and word not in FUNCTION_WORDS else ""


def _prepare(doc: Document, extraction: Extraction) -> _Text:
    normalized = []
    for sentence in extraction.sentences:
        words = folded_words(sentence.text)
        normalized.append(" ".join(words) if len(words) >= MIN_WORDS else "")
    quotes = [normalize(q.text) for q in extraction.quotes if len(q.text.split()) >= 4]
    return _Text(doc.id, doc.published.isoformat() if doc.published else None, len(doc.text),
                 list(extraction.sentences), normalized, quotes)


def _candidate_pairs(texts: list[_Text]) -> dict[tuple[int, int], list[tuple[int, int, float]]]:
    """Similar sentence pairs across sources: {(text a, text b): [(sentence a, sentence b,
    similarity 0..100)]} with a < b, found by token blocking."""
    # Sentences are numbered across all texts (text t holds numbers first[t] to
    # first[t + 1] - 1): postings of plain ints are cheaper to slice, count and hash than
    # postings of (text, sentence) tuples.
    first = [0]
    for text in texts:
        first.append(first[-1] + len(text.normalized))
    total = first[-1]
    text_of = [t for t, text in enumerate(texts) for _ in text.normalized]
    key_of: dict[str, str] = {}  # word -> _key(word)
    keys_of: dict[int, set[str]] = {}
    for g, norm in enumerate(chain.from_iterable(text.normalized for text in texts)):
        if norm:
            words = norm.split()
            keys = set(map(key_of.get, words))
            if None in keys:  # words not seen before: their keys once, not per occurrence
                for word in words:
                    if word not in key_of:
                        key_of[word] = _key(word)
                keys = set(map(key_of.get, words))
            keys.discard("")
            keys_of[g] = keys
    common = min(MAX_POSTINGS, max(MIN_POSTINGS, int(COMMON_SHARE * len(keys_of))))
    sizes = Counter(chain.from_iterable(keys_of.values()))
    too_common = {key for key, size in sizes.items() if size > common}
    postings: dict[str, list[int]] = defaultdict(list)
    for g, keys in keys_of.items():
        keys -= too_common
        for key in keys:
            postings[key].append(g)
    sorted_of: dict[int, str] = {}
    found: dict[tuple[int, int], list[tuple[int, int, float]]] = defaultdict(list)
    for t, text in enumerate(texts):
        # Postings are in text order: only the sentences of later texts, so each pair of
        # sources is counted once and never within one source. Sentence s of t sharing a key
        # with sentence g of a later text gives the code s * total + g, once per shared key.
        after = first[t + 1]
        codes: list[int] = []
        for s in range(len(text.normalized)):
            keys = keys_of.get(first[t] + s)
            if keys:
                base = repeat(s * total)
                for posting in map(postings.__getitem__, keys):
                    codes += map(add, posting[bisect_left(posting, after):], base)
        # Counted in C: sorted, a code repeated k times leaves k - 1 equal neighbours.
        codes.sort()
        repeated = Counter(compress(islice(codes, 1, None), map(eq, codes, islice(codes, 1, None))))
        per_sentence: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for code, count in repeated.items():
            if count + 1 >= _MIN_SHARED_KEYS:
                s, g = divmod(code, total)
                per_sentence[s, text_of[g]].append((-count, g))
        for (s, u), candidates in per_sentence.items():
            # Most shared keys first, then text order (g orders the sentences of u).
            candidates.sort()
            mine = _sorted_words(sorted_of, first[t] + s, text.normalized[s])
            for _, g in candidates[:MAX_CANDIDATES]:
                v = g - first[u]
                # token_sort_ratio is the ratio of the sorted words: each sentence sorted once.
                score = fuzz.ratio(mine, _sorted_words(sorted_of, g, texts[u].normalized[v]),
                                   score_cutoff=SENTENCE_SIMILARITY)
                if score:
                    found[t, u].append((s, v, score))
    return found


def _sorted_words(cache: dict[int, str], g: int, norm: str) -> str:
    """``norm`` with its words sorted, as token_sort_ratio compares it, cached under ``g``."""
    if g not in cache:
        cache[g] = " ".join(sorted(norm.split()))
    return cache[g]


def _longest_ordered(pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest chain of pairs increasing in both positions (patience sorting, n log n)."""
    ordered = sorted(pairs, key=lambda p: (p[0], -p[1]))
    tails: list[int] = []  # tails[k]: index in `ordered` ending the best chain of length k+1
    back: list[int] = [-1] * len(ordered)
    for i, (_, b, _) in enumerate(ordered):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if ordered[tails[mid]][1] < b:
                lo = mid + 1
            else:
                hi = mid
        back[i] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    chain: list[tuple[int, int, float]] = []
    i = tails[-1] if tails else -1
    while i != -1:
        chain.append(ordered[i])
        i = back[i]
    return chain[::-1]


def _one_to_one(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Each sentence of either side in at most one pair, best similarity first."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    kept = []
    for a, b, score in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            kept.append((a, b, score))
    return kept


def _quotes_in_order(a: list[str], b: list[str]) -> int:
    # token_sort_ratio is the ratio of the sorted words: sort each quotation once, not once
    # per pair.
    sorted_a = [" ".join(sorted(q.split())) for q in a]
    sorted_b = [" ".join(sorted(q.split())) for q in b]
    pairs = []
    for i, qa in enumerate(a):
        for j, qb in enumerate(b):  # quotations per source are few: all pairs are cheap
            score = fuzz.ratio(sorted_a[i], sorted_b[j])
            if min(len(qa), len(qb)) >= 40:
                # The token-set score also matches an excerpt to its full quotation, at a
                # fraction of the cost of a partial alignment; a subset of a short quotation
                # means little. (Below the cutoff it reads 0 and cannot win the max.)
                score = max(score, fuzz.token_set_ratio(
                    qa, qb, score_cutoff=max(score, QUOTE_SIMILARITY)))
            if score >= QUOTE_SIMILARITY:
                pairs.append((i, j, score))
    return len(_longest_ordered(_one_to_one(pairs)))


def _direction(a: _Text, b: _Text, covered_a: float, covered_b: float) -> tuple[_Text, _Text]:
    """(copy, original)."""
    if a.published and b.published and a.published != b.published:
        return (a, b) if a.published > b.published else (b, a)
    if covered_a != covered_b:
        return (a, b) if covered_a > covered_b else (b, a)
    if a.length != b.length:
        return (a, b) if a.length < b.length else (b, a)
    return (a, b) if a.source > b.source else (b, a)


def _name_swaps(copy: _Text, original: _Text, chain: list[tuple[int, int, float]]) -> str:
    """'“Name” replaced by “Other words” (3 sentences)' when a capitalised name of the
    original, absent from the copy, is replaced in several passage pairs by the same words."""
    copy_words = copy.words
    replacements: dict[str, list[list[str]]] = defaultdict(list)
    for c, o, _ in chain:
        original_tokens = _WORD.findall(original.sentences[o].text)
        if not any(word[0].isupper() and word.casefold() not in copy_words
                   for word in original_tokens):
            continue  # no word that could start a name: no replacement to record
        copy_tokens = _WORD.findall(copy.sentences[c].text)
        matcher = SequenceMatcher(None, [w.casefold() for w in original_tokens],
                                  [w.casefold() for w in copy_tokens], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "replace":
                continue
            name: list[str] = []  # consecutive capitalised words the copy never uses
            for word in [*original_tokens[i1:i2], ""]:
                if word and word[0].isupper() and word.casefold() not in copy_words:
                    name.append(word)
                    continue
                if name:
                    replacements[" ".join(name)].append(copy_tokens[j1:j2])
                name = []
    swaps = []
    for name, spans in sorted(replacements.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(spans) < 2:
            continue
        phrase = _common_phrase(spans)
        if phrase:
            swaps.append(f"“{name}” replaced by “{phrase}” ({len(spans)} sentences)")
    return "; ".join(swaps[:2])


def _common_phrase(spans: list[list[str]]) -> str:
    """The longest word sequence (up to 4 words) found in most of the spans, at least two."""
    counts: Counter[tuple[str, ...]] = Counter()
    for span in spans:
        grams = {tuple(span[i:i + n]) for n in range(1, 5) for i in range(len(span) - n + 1)}
        counts.update(grams)
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]), default=None)
    if best is None or best[1] < 2:
        return ""
    return " ".join(best[0])


def _assess(a: _Text, b: _Text, pairs: list[tuple[int, int, float]]) -> Dependency | None:
    smaller = min(a.countable, b.countable)
    if len(pairs) < MIN_PASSAGES or not smaller or len(pairs) / smaller < MIN_SHARE:
        return None  # the chain is a subset of the pairs: too few pairs, too short a chain
    chain = _longest_ordered(_one_to_one(pairs))
    if len(chain) < MIN_PASSAGES or not smaller or len(chain) / smaller < MIN_SHARE:
        return None
    copy, original = _direction(a, b, len(chain) / max(a.countable, 1),
                                len(chain) / max(b.countable, 1))
    if copy is b:
        chain = [(o, c, score) for c, o, score in chain]
    mean = sum(score for _, _, score in chain) / len(chain) / 100
    verb = "repeat" if mean >= 0.95 else "paraphrase"
    parts = [f"{len(chain)} of {copy.countable} sentences of {copy.source} {verb} "
             f"{original.source} (mean similarity {mean:.2f})"]
    quotes = _quotes_in_order(copy.quotes, original.quotes)
    if quotes >= 2:
        parts.append(f"{quotes} quotes in the same order")
    swaps = _name_swaps(copy, original, chain)
    if swaps:
        parts.append(swaps)
    passages = tuple(PassagePair(copy.sentences[c], original.sentences[o], round(score / 100, 3))
                     for c, o, score in chain)
    return Dependency(copy.source, original.source, round(len(chain) / copy.countable, 3),
                      "; ".join(parts), passages)


def find_dependencies(documents: list[Document], extractions: list[Extraction]) -> list[Dependency]:
    """Each dependent pair of sources once, strongest first, never in a cycle."""
    by_source = {e.source: e for e in extractions}
    texts = [_prepare(doc, by_source[doc.id]) for doc in documents if doc.id in by_source]
    found = []
    for (t, u), pairs in sorted(_candidate_pairs(texts).items()):
        dependency = _assess(texts[t], texts[u], pairs)
        if dependency is not None:
            found.append(dependency)
    found.sort(key=lambda d: (-d.score, d.copy, d.original))
    kept: list[Dependency] = []
    originals_of: dict[str, list[str]] = defaultdict(list)  # copy → originals kept so far
    for dependency in found:
        if not _reaches(originals_of, dependency.original, dependency.copy):
            kept.append(dependency)
            originals_of[dependency.copy].append(dependency.original)
    return kept


def _reaches(originals_of: dict[str, list[str]], start: str, goal: str) -> bool:
    """Whether following copy → original edges from ``start`` arrives at ``goal``."""
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in originals_of.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
