"""Source dependency: which sources copy or paraphrase which.

A copy keeps the original's structure: most of its sentences have a near-duplicate or a
paraphrase in the original, in the same order, and its quotations come in the same order too.
Two independent reports of one event share facts and perhaps a quotation, which makes a few
similar sentences at most, in no particular order.

Candidates are found by token blocking (sentences of different sources sharing at least two
uncommon content words), never by comparing all sentence pairs; rapidfuzz scores only the
candidates, and only between sources with enough of them to be found dependent. Copies repeat
sentences and quotations word for word: each distinct one is normalised, and each pair of
distinct ones scored, once. Direction: the later publication is the copy; when the dates are
missing or equal, the source whose text the other covers more of (the shorter, the subset).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from itertools import chain, combinations, compress
from operator import attrgetter, itemgetter

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

    @property
    def words(self) -> set[str]:
        """Every word of the countable sentences, case-folded. (Normalised words are folded
        already, and folding again changes no character: tests check every one.) Made anew
        each time (a text is a copy in few dependencies): kept, these sets held 24 MB at
        2,000 documents."""
        return set(" ".join(self.normalized).split())

    @cached_property
    def sorted_quotes(self) -> list[str]:
        """Each quotation with its words sorted, as token_sort_ratio compares it."""
        return [" ".join(sorted(q.split())) for q in self.quotes]


@dataclass
class _Memo:
    """What _assess works out about quotations and sentences, kept for all the pairs of texts
    of a run: copies repeat them word for word."""

    quote_scores: dict[tuple[str, str], float] = field(default_factory=dict)
    capitals: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    words: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    alignments: dict[tuple[str, str], list[tuple[str, int, int, int, int]]] = field(
        default_factory=dict)

    def capitalised(self, sentence: str) -> list[tuple[str, str]]:
        """The words of ``sentence`` that could start a name, as written and case-folded."""
        found = self.capitals.get(sentence)
        if found is None:
            written = _WORD.findall(sentence)
            capitals = list(compress(written, map(str.isupper, map(itemgetter(0), written))))
            found = list(zip(capitals, map(str.casefold, capitals), strict=True))
            self.capitals[sentence] = found
        return found

    def aligned(self, original: str, copy: str) -> list[tuple[str, int, int, int, int]]:
        """difflib's opcodes from the folded words of ``original`` to those of ``copy``."""
        found = self.alignments.get((original, copy))
        if found is None:
            matcher = SequenceMatcher(None, self.words_of(original)[1], self.words_of(copy)[1],
                                      autojunk=False)
            found = self.alignments[original, copy] = matcher.get_opcodes()
        return found

    def words_of(self, sentence: str) -> tuple[list[str], list[str]]:
        """The words of ``sentence`` as written and case-folded."""
        found = self.words.get(sentence)
        if found is None:
            written = _WORD.findall(sentence)
            found = self.words[sentence] = written, list(map(str.casefold, written))
        return found


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


def _prepare(documents: list[Document], extractions: list[Extraction]) -> list[_Text]:
    """The texts to compare, in document order. Copies repeat sentences and quotations word
    for word: each distinct one is normalised once."""
    by_source = {e.source: e for e in extractions}
    pairs = [(doc, by_source[doc.id]) for doc in documents if doc.id in by_source]
    normalized = dict.fromkeys(chain.from_iterable(
        map(attrgetter("text"), extraction.sentences) for _, extraction in pairs), "")
    for text in normalized:
        norm = normalize(text)
        # Words hold no spaces: a normalised text of n words has n - 1.
        normalized[text] = norm if norm.count(" ") >= MIN_WORDS - 1 else ""
    quotes: dict[str, str] = {}
    texts = []
    for doc, extraction in pairs:
        quoted = []
        for quote in extraction.quotes:
            if len(quote.text.split()) >= 4:
                norm = quotes.get(quote.text)
                if norm is None:
                    norm = quotes[quote.text] = normalize(quote.text)
                quoted.append(norm)
        texts.append(_Text(
            doc.id, doc.published.isoformat() if doc.published else None, len(doc.text),
            list(extraction.sentences),
            list(map(normalized.__getitem__, map(attrgetter("text"), extraction.sentences))),
            quoted))
    return texts


def _candidate_pairs(texts: list[_Text]) -> dict[tuple[int, int], list[tuple[int, int, float]]]:
    """Similar sentence pairs across sources: {(text a, text b): [(sentence a, sentence b,
    similarity 0..100)]} with a < b, found by token blocking. Sources that could never be
    found dependent (see _enough) are left out."""
    # Sentences are numbered across all texts (text t holds numbers first[t] to
    # first[t + 1] - 1): postings of plain ints are cheaper to slice, count and hash than
    # postings of (text, sentence) tuples.
    first = [0]
    for text in texts:
        first.append(first[-1] + len(text.normalized))
    text_of = [t for t, text in enumerate(texts) for _ in text.normalized]
    norms = list(chain.from_iterable(text.normalized for text in texts))
    # Copies repeat sentences: each distinct sentence (numbered by `kind`) gets its keys once,
    # and each distinct word its key once.
    distinct = list(dict.fromkeys(filter(None, norms)))
    kind_of = {norm: i for i, norm in enumerate(distinct)}
    kind = [kind_of[norm] if norm else -1 for norm in norms]
    # The words of the distinct sentences are split where they are needed, not kept: kept,
    # they were a string each (27 MB at 2,000 documents), and the keys of each sentence
    # a sorted tuple, not a set (a quarter of the memory).
    key_of = {word: _key(word) for word in set(chain.from_iterable(map(str.split, distinct)))}
    key_sets = [tuple(sorted(set(map(key_of.__getitem__, norm.split())) - {""}))
                for norm in distinct]
    counted = [k for k in kind if k >= 0]
    common = min(MAX_POSTINGS, max(MIN_POSTINGS, int(COMMON_SHARE * len(counted))))
    sizes = Counter(chain.from_iterable(map(key_sets.__getitem__, counted)))
    too_common = {key for key, size in sizes.items() if size > common}
    # Sentences sharing at least _MIN_SHARED_KEYS keys share a combination of that many: block
    # on the combinations, so that sentences sharing a single key never meet (most of those
    # that share any). Two sentences sharing m keys share comb(m, _MIN_SHARED_KEYS)
    # combinations, which grows with m: ranked by it, candidates rank as by m.
    combined = [list(combinations([key for key in keys if key not in too_common],
                                  _MIN_SHARED_KEYS))
                for keys in key_sets]
    keys_of = [combined[k] if k >= 0 else [] for k in kind]
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for g, keys in enumerate(keys_of):
        for key in keys:
            postings[key].append(g)
    countable = [text.countable for text in texts]
    sorted_words: list[str | None] = [None] * len(distinct)  # as token_sort_ratio compares
    # Copies repeat sentences, so the same two sentences meet again and again: score them once.
    scores: dict[tuple[int, int], float] = {}
    found: dict[tuple[int, int], list[tuple[int, int, float]]] = defaultdict(list)
    for t in range(len(texts)):
        # Postings are in text order: only the sentences of later texts, so each pair of
        # sources is counted once and never within one source.
        after = first[t + 1]
        per_sentence: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for s, keys in enumerate(keys_of[first[t]:after]):
            shared: Counter[int] = Counter()  # sentence g of a later text -> combinations shared
            for key in keys:
                posting = postings[key]
                shared.update(posting[bisect_left(posting, after):])
            for g, count in shared.items():
                per_sentence[s, text_of[g]].append((-count, g))
        # A chain pairs each sentence of t at most once: a source that too few sentences of t
        # have candidates in can never be found dependent (_assess would reject it), so its
        # candidates are not scored.
        paired = Counter(map(itemgetter(1), per_sentence))
        hopeful = {u for u, n in paired.items() if _enough(n, min(countable[t], countable[u]))}
        for (s, u), candidates in per_sentence.items():
            if u not in hopeful:
                continue
            # Most shared keys first, then text order (g orders the sentences of u).
            candidates.sort()
            mine = kind[first[t] + s]
            for _, g in candidates[:MAX_CANDIDATES]:
                theirs = kind[g]
                score = scores.get((mine, theirs))
                if score is None:
                    # token_sort_ratio is the ratio of the sorted words: each sentence sorted
                    # once.
                    for k in mine, theirs:
                        if sorted_words[k] is None:
                            sorted_words[k] = " ".join(sorted(distinct[k].split()))
                    score = scores[mine, theirs] = fuzz.ratio(
                        sorted_words[mine], sorted_words[theirs], score_cutoff=SENTENCE_SIMILARITY)
                if score:
                    found[t, u].append((s, g - first[u], score))
    return found


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


def _quotes_in_order(a: _Text, b: _Text, scores: dict[tuple[str, str], float]) -> int:
    """How many quotations of ``a`` come in ``b`` in the same order. ``scores`` caches the
    similarity of two quotations across calls: copies of copies repeat the same ones, in
    either order (the similarity is symmetric)."""
    pairs = []  # quotations per source are few: all pairs are cheap
    for i, (qa, sorted_a) in enumerate(zip(a.quotes, a.sorted_quotes, strict=True)):
        for j, (qb, sorted_b) in enumerate(zip(b.quotes, b.sorted_quotes, strict=True)):
            key = (qa, qb) if qa <= qb else (qb, qa)
            score = scores.get(key)
            if score is None:
                score = scores[key] = _quote_similarity(qa, qb, sorted_a, sorted_b)
            if score >= QUOTE_SIMILARITY:
                pairs.append((i, j, score))
    return len(_longest_ordered(_one_to_one(pairs)))


def _quote_similarity(qa: str, qb: str, sorted_a: str, sorted_b: str) -> float:
    # token_sort_ratio is the ratio of the sorted words, each quotation sorted once. A score
    # below the cutoff is never used (it reads 0), and rapidfuzz gives up on it early.
    score = fuzz.ratio(sorted_a, sorted_b, score_cutoff=QUOTE_SIMILARITY)
    if score < 100 and min(len(qa), len(qb)) >= 40:
        # The token-set score also matches an excerpt to its full quotation, at a
        # fraction of the cost of a partial alignment; a subset of a short quotation
        # means little. (Below the cutoff it reads 0 and cannot win the max; at 100 the
        # max is decided.)
        score = max(score, fuzz.token_set_ratio(
            qa, qb, score_cutoff=max(score, QUOTE_SIMILARITY)))
    return score


def _direction(a: _Text, b: _Text, covered_a: float, covered_b: float) -> tuple[_Text, _Text]:
    """(copy, original)."""
    if a.published and b.published and a.published != b.published:
        return (a, b) if a.published > b.published else (b, a)
    if covered_a != covered_b:
        return (a, b) if covered_a > covered_b else (b, a)
    if a.length != b.length:
        return (a, b) if a.length < b.length else (b, a)
    return (a, b) if a.source > b.source else (b, a)


def _name_swaps(copy: _Text, original: _Text, chain: list[tuple[int, int, float]],
                memo: _Memo) -> str:
    """'“Name” replaced by “Other words” (3 sentences)' when a capitalised name of the
    original, absent from the copy, is replaced in several passage pairs by the same words."""
    copy_words = copy.words
    named = []  # (c, o): the pairs whose original has a word that could start a name
    counts: Counter[str] = Counter()  # such words, over all those pairs
    for c, o, _ in chain:
        names = [word for word, folded in memo.capitalised(original.sentences[o].text)
                 if folded not in copy_words]
        if names:
            named.append((c, o, names))
            counts.update(names)
    replacements: dict[str, list[list[str]]] = defaultdict(list)
    for c, o, names in named:
        if all(counts[word] < 2 for word in names):
            # Each name found here starts with a word found nowhere else: replaced in this
            # sentence only, it is never reported. Spare the alignment.
            continue
        original_tokens, original_folded = memo.words_of(original.sentences[o].text)
        copy_tokens, _ = memo.words_of(copy.sentences[c].text)
        for tag, i1, i2, j1, j2 in memo.aligned(original.sentences[o].text,
                                                copy.sentences[c].text):
            if tag != "replace":
                continue
            name: list[str] = []  # consecutive capitalised words the copy never uses
            span = zip(original_tokens[i1:i2], original_folded[i1:i2], strict=True)
            for word, folded in [*span, ("", "")]:
                if word and word[0].isupper() and folded not in copy_words:
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


def _enough(passages: int, smaller: int) -> bool:
    """Whether a chain of this many passage pairs makes two texts dependent, the smaller of
    them with this many countable sentences; never true of fewer passages when false of more."""
    return passages >= MIN_PASSAGES and smaller > 0 and passages / smaller >= MIN_SHARE


def _assess(a: _Text, b: _Text, pairs: list[tuple[int, int, float]],
            memo: _Memo) -> Dependency | None:
    smaller = min(a.countable, b.countable)
    if not _enough(len(pairs), smaller):
        return None  # the chain is a subset of the pairs: too few pairs, too short a chain
    chain = _longest_ordered(_one_to_one(pairs))
    if not _enough(len(chain), smaller):
        return None
    copy, original = _direction(a, b, len(chain) / max(a.countable, 1),
                                len(chain) / max(b.countable, 1))
    if copy is b:
        chain = [(o, c, score) for c, o, score in chain]
    mean = sum(score for _, _, score in chain) / len(chain) / 100
    verb = "repeat" if mean >= 0.95 else "paraphrase"
    parts = [f"{len(chain)} of its {copy.countable} sentences {verb} the other's "
             f"(mean similarity {mean:.2f})"]
    quotes = _quotes_in_order(copy, original, memo.quote_scores)
    if quotes >= 2:
        parts.append(f"{quotes} quotes in the same order")
    swaps = _name_swaps(copy, original, chain, memo)
    if swaps:
        parts.append(swaps)
    passages = tuple(PassagePair(copy.sentences[c], original.sentences[o], round(score / 100, 3))
                     for c, o, score in chain)
    return Dependency(copy.source, original.source, round(len(chain) / copy.countable, 3),
                      "; ".join(parts), passages)


def find_dependencies(documents: list[Document], extractions: list[Extraction]) -> list[Dependency]:
    """Each dependent pair of sources once, strongest first, never in a cycle."""
    texts = _prepare(documents, extractions)
    memo = _Memo()
    found = []
    for (t, u), pairs in sorted(_candidate_pairs(texts).items()):
        dependency = _assess(texts[t], texts[u], pairs, memo)
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
