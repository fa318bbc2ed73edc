"""quote-drift

What it finds: one speaker quoted in different words by different sources, or one quotation
given to different speakers.
Why it matters: a quotation promises the speaker's exact words. When two sources disagree on
them, at least one misquotes; when they disagree on who said them, one misattributes.
Example (flagged): "This is the worst flood we have seen in this valley in fifty years," the
mayor told one paper; "This is the worst flood this valley has seen in half a century," she
told another. Or the same sentence quoted as the mayor's in one source and the fire chief's
in another.
Example (not flagged): "[The] river has never risen so fast" vs "The river has never risen so
fast" (editorial brackets, quote marks, case, spacing and ellipses do not count); "never risen
so fast" vs the whole sentence (a verbatim excerpt); one source quoting two sentences and
another only the first (different excerpts); two different statements by the same mayor.
How it decides: quotation facts of different sources are compared only when they share an
uncommon run of four words (word shingles, never all pairs); for one speaker, a run is
uncommon among that speaker's quotations (same name, variant or surname), however many other
speakers repeat it. Texts are normalised (case, punctuation, quote marks, brackets kept or
dropped); ellipses split a quotation into pieces.
The same speaker (same name, a variant of it, or the same surname): drift when rapidfuzz's
token_set_ratio is at least 78, the two share a verbatim run of four or more words with two
content words, at least half the shorter quotation's words match in order, and the texts are
neither equal, nor one an excerpt of the other (its pieces found verbatim, in order), nor
excerpts that differ only by whole sentences at either end. Different speakers: the texts are
equal, an excerpt of eight words or more, or at least 90% the same word sequence. A quotation
whose speaker the extractor did not find drifts from an attributed one like the same speaker's
(one outlet names her, another only quotes), never from another unattributed one, and never
gives a second speaker. Versions linked by drift form one finding, showing the similarity and
the word-level difference.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import Match, SequenceMatcher
from functools import cache, cached_property, partial
from itertools import chain

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from factcheck.extract.entities import name_key
from factcheck.graph import FactGraph
from factcheck.graph.dependency import FUNCTION_WORDS
from factcheck.model import Evidence, Fact, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule

DRIFT_SIMILARITY = 78.0  # token_set_ratio, 0..100
SAME_TEXT_RATIO = 0.9  # word-sequence ratio for one quotation given to different speakers
MIN_RUN = 4  # words of the verbatim run two versions of one quotation share
MIN_WORDS = 6
MIN_EXCERPT_WORDS = 8  # an excerpt this long, given to another speaker, is the same quotation
SHINGLE = 4
MAX_POSTINGS = 50  # a word run in more quotations than this is a stock phrase, not a lead
MAX_CHANGES = 4  # word-level changes shown in a message

# Words (inner apostrophes and dots kept: "don't", "U.S") and ellipses.
_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*|…|\.{3}")
# _TOKEN's words: an ellipsis holds no letter a word starts with.
_TOKEN_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
# The same words in ASCII text (where \w is [a-zA-Z0-9_] either way), found faster.
_TOKEN_WORD_ASCII = re.compile(_TOKEN_WORD.pattern, re.ASCII)
# The space that starts a sentence: no part of a word.
_TOKEN_SPACE = re.compile(r"(?<=[.!?])\s(?=\W*[A-Z])")
_BRACKETED = re.compile(r"\[[^\]\n]{0,60}\]")


def _words(text: str) -> list[str]:
    return (_TOKEN_WORD_ASCII if text.isascii() else _TOKEN_WORD).findall(text)


@dataclass
class QuoteText:
    """A quotation as parsed (brackets kept or dropped), its words (as written and folded)
    and its pieces between ellipses."""

    text: str
    words: list[str]
    folded: list[str]
    pieces: list[list[str]]

    @cached_property
    def sentence_starts(self) -> set[int]:
        """The word positions where its sentences start, and its end: found only for the few
        quotations compared word by word."""
        starts, count = {0}, 0
        for sentence in _TOKEN_SPACE.split(self.text):
            count += len(_words(sentence))
            starts.add(count)
        return starts

    @property
    def shingles(self) -> set[str]:
        """The runs of SHINGLE words, as strings: a word holds no space, and a string, unlike
        a tuple, keeps its hash for the many look-ups to come."""
        f = self.folded
        return set(map(" ".join, zip(*(f[k:] for k in range(SHINGLE)), strict=False)))

    @cached_property
    def joined(self) -> str:  # read for every pair the quotation is in
        return " ".join(self.folded)


def parse_quote(text: str, keep_brackets: bool = True) -> QuoteText:
    text = text.replace("[", "").replace("]", "") if keep_brackets else _BRACKETED.sub(" ", text)
    if "…" in text or "..." in text:
        return _parse_tokens(text)
    words = _words(text)  # one piece: no token-by-token loop needed
    # casefold maps character by character: the words can be folded in one go
    folded = " ".join(words).casefold().replace("’", "'").split(" ") if words else []
    return QuoteText(text, words, folded, [folded] if folded else [])


def _parse_tokens(text: str) -> QuoteText:
    """parse_quote token by token, splitting the quotation into pieces at its ellipses."""
    words: list[str] = []
    pieces: list[list[str]] = [[]]
    for token in _TOKEN.findall(text):
        if token in ("…", "..."):
            pieces.append([])
        else:
            words.append(token)
            pieces[-1].append(token.casefold().replace("’", "'"))
    folded = [w.casefold().replace("’", "'") for w in words]
    return QuoteText(text, words, folded, [p for p in pieces if p])


# parse_quote, or one run's cache of it: a run parses each quotation text once, and the cache
# ends with the run.
Parse = Callable[[str, bool], QuoteText]


def is_excerpt(short: QuoteText, long: QuoteText) -> bool:
    """Every piece of ``short`` found verbatim in ``long``, in order. Words hold no space: the
    pieces are looked for in the words joined by spaces, between spaces."""
    text, position = f" {long.joined} ", 0
    for piece in short.pieces:
        found = " " + " ".join(piece)
        position = text.find(found + " ", position)
        if position < 0:
            return False
        position += len(found)  # at the space after the piece
    return True


def _matching_blocks(a: QuoteText, b: QuoteText) -> list[Match]:
    return SequenceMatcher(None, a.folded, b.folded, autojunk=False).get_matching_blocks()


def _differ_by_whole_sentences(a: QuoteText, b: QuoteText, blocks: list[Match]) -> bool:
    """The two agree on one run of whole sentences and differ only before or after it."""
    equal = [block for block in blocks if block.size]  # the opcodes tagged "equal"
    if len(equal) != 1:
        return False
    i, j, size = equal[0]
    return (i in a.sentence_starts and i + size in a.sentence_starts
            and j in b.sentence_starts and j + size in b.sentence_starts)


def _versions(text: str, parse: Parse) -> tuple[QuoteText, QuoteText]:
    kept = parse(text, True)
    if "[" not in text and "]" not in text:
        return kept, kept  # no bracket to keep or drop: one parse, and one cache entry
    return kept, parse(text, False)


def same_words(a: str, b: str, parse: Parse = parse_quote) -> bool:
    """Equal, or one an excerpt of the other, with brackets kept or dropped."""
    for x, y in zip(_versions(a, parse), _versions(b, parse), strict=True):
        if x.folded == y.folded:
            return True
        short, long = sorted((x, y), key=lambda q: len(q.folded))
        if short.folded and is_excerpt(short, long):
            return True
    return False


def _run_with_content(a: QuoteText, blocks: list[Match]) -> tuple[int, int]:
    """(longest shared run with two content words, words matched in order)."""
    best, matched = 0, 0
    for block in blocks:
        matched += block.size
        words = a.folded[block.a:block.a + block.size]
        if sum(1 for w in words if w not in FUNCTION_WORDS) >= 2:
            best = max(best, block.size)
    return best, matched


def drift_similarity(a: str, b: str, parse: Parse = parse_quote) -> float | None:
    """token_set_ratio/100 when ``b`` reads as ``a`` quoted in other words, else None."""
    if same_words(a, b, parse):
        return None
    qa, qb = parse(a, True), parse(b, True)
    if min(len(qa.folded), len(qb.folded)) < MIN_WORDS:
        return None
    # The cheap score (in C) first: most pairs fail it, and need no SequenceMatcher then.
    score = fuzz.token_set_ratio(qa.joined, qb.joined, score_cutoff=DRIFT_SIMILARITY)
    if not score:
        return None
    blocks = _matching_blocks(qa, qb)
    if _differ_by_whole_sentences(qa, qb, blocks):
        return None
    run, matched = _run_with_content(qa, blocks)
    if run < MIN_RUN or matched < 0.5 * min(len(qa.folded), len(qb.folded)):
        return None
    return round(score / 100, 2)


def same_quotation(a: str, b: str, parse: Parse = parse_quote) -> bool:
    """Near-identical texts: what different speakers cannot both have said first."""
    qa, qb = parse(a, True), parse(b, True)
    if min(len(qa.folded), len(qb.folded)) < MIN_WORDS:
        return False
    if qa.folded == qb.folded:
        return True
    short, long = sorted((qa, qb), key=lambda q: len(q.folded))
    if len(short.folded) >= MIN_EXCERPT_WORDS and is_excerpt(short, long):
        return True
    # SequenceMatcher's matches are a common subsequence: the longest one's ratio (in C)
    # bounds its ratio from above, so most pairs need no SequenceMatcher.
    if Indel.normalized_similarity(qa.folded, qb.folded) < SAME_TEXT_RATIO - 1e-9:
        return False
    ratio = SequenceMatcher(None, qa.folded, qb.folded, autojunk=False).ratio()
    return ratio >= SAME_TEXT_RATIO


def word_changes(a: str, b: str, parse: Parse = parse_quote) -> str:
    """'- fragmented organization + decentralized structure; …' from ``a`` to ``b``."""
    qa, qb = parse(a, True), parse(b, True)
    changes = []
    matcher = SequenceMatcher(None, qa.folded, qb.folded, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = " ".join(qa.words[i1:i2]), " ".join(qb.words[j1:j2])
        changes.append(" ".join(part for part in (removed and f"- {removed}",
                                                  added and f"+ {added}") if part))
    shown = "; ".join(changes[:MAX_CHANGES])
    return shown + ("; …" if len(changes) > MAX_CHANGES else "")


class _RunIndex:
    """The attributed quotations by word run. Copies repeat a quotation word for word: runs
    are indexed per distinct text, and a text's facts follow from it. Most runs are in one
    text: a list for each would be most of what the rule allocates (and the collector scans)."""

    def __init__(self, facts: list[Fact], attributed: list[int], parse: Parse) -> None:
        self.facts_of: dict[str, list[int]] = defaultdict(list)  # text -> its facts
        for i in attributed:
            self.facts_of[str(facts[i].value)].append(i)
        self.held: dict[str, int] = {}  # run -> facts holding it
        self.first: dict[str, str] = {}  # run -> the first text holding it
        self.more: dict[str, list[str]] = defaultdict(list)  # run -> the other texts
        for text, mine in self.facts_of.items():
            for run in parse(text, True).shingles:
                self.held[run] = self.held.get(run, 0) + len(mine)
                if run in self.first:
                    self.more[run].append(text)
                else:
                    self.first[run] = text

    def texts(self, run: str) -> list[str]:
        """The texts holding ``run``, in order."""
        return [self.first[run], *self.more.get(run, ())]

    def facts_holding(self, texts: list[str]) -> list[int]:
        return sorted(chain.from_iterable(map(self.facts_of.__getitem__, texts)))


def _cross_source(facts: list[Fact], found: list[int]) -> Iterator[tuple[int, int]]:
    """The pairs of ``found`` (sorted fact numbers) from different sources."""
    for x, i in enumerate(found):
        source = facts[i].source
        yield from ((i, j) for j in found[x + 1:] if facts[j].source != source)


def _candidate_pairs(facts: list[Fact], index: _RunIndex) -> set[tuple[int, int]]:
    """Pairs of attributed quotation facts from different sources sharing an uncommon word
    run (one at most MAX_POSTINGS of them hold)."""
    pairs: set[tuple[int, int]] = set()
    tried: set[tuple[str, ...]] = set()  # the runs of one quotation mostly share their texts
    for run, held in index.held.items():
        if not 2 <= held <= MAX_POSTINGS:
            continue  # most runs: one quotation, given once; or a stock phrase
        texts = index.texts(run)
        key = tuple(texts)
        if key not in tried:
            tried.add(key)
            pairs.update(_cross_source(facts, index.facts_holding(texts)))
    return pairs


def _join_unattributed(facts: list[Fact], index: _RunIndex, drift_groups: _Components,
                       parse: Parse, drift: Callable[[str, str], float | None]) -> None:
    """Each quotation with no speaker joins the drift group of the attributed version, of
    another source, that it drifts from and shares the most uncommon word runs with (runs at
    most MAX_POSTINGS attributed quotations hold): never a second speaker, and two unattributed
    versions say nothing of whose words they are. Copies repeat quotations word for word: the
    runs are found once per distinct text."""
    unattributed: dict[str, list[int]] = defaultdict(list)
    for i, fact in enumerate(facts):
        if not fact.speaker:
            unattributed[str(fact.value)].append(i)
    for text, mine in unattributed.items():
        # attributed text -> runs shared with this one
        shared = Counter(chain.from_iterable(
            index.texts(run) for run in parse(text, True).shingles
            if 0 < index.held.get(run, 0) <= MAX_POSTINGS))
        waiting = list(mine)
        for partner, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
            if not waiting:
                break
            if drift(partner, text) is None:
                continue
            for i in list(waiting):
                j = next((j for j in index.facts_of[partner]
                          if facts[j].source != facts[i].source), None)
                if j is not None:
                    drift_groups.union(i, j)
                    waiting.remove(i)


def _speaker_keys(speaker: str, graph: FactGraph) -> set[str]:
    """The name as written, the name it is a variant of, and its surname (the last word of
    its name key): speakers who are the same by name, variant or surname share one (and
    ``same_speaker`` has the last word)."""
    keys = {"=" + speaker, "=" + graph.names.variant_of.get(speaker, speaker)}
    keys.update(name_key(speaker).split()[-1:])
    return keys


def _same_speaker_pairs(facts: list[Fact], graph: FactGraph, index: _RunIndex
                        ) -> set[tuple[int, int]]:
    """Candidate pairs of one speaker from the runs more than MAX_POSTINGS quotations hold: a
    run shared by many speakers' quotations (a quotation repeated across many stories) is a
    stock phrase overall, but may be uncommon among one speaker's quotations (those sharing a
    speaker key). (Each pair a less common run gives is among the candidate pairs already.)"""
    keys_of: dict[str, set[str]] = {}
    pairs: set[tuple[int, int]] = set()
    tried: set[tuple[str, ...]] = set()
    for run, held in index.held.items():
        if held <= MAX_POSTINGS:
            continue
        texts = index.texts(run)
        key = tuple(texts)
        if key in tried:
            continue
        tried.add(key)
        blocks: dict[str, list[int]] = defaultdict(list)  # speaker key -> facts holding run
        for i in index.facts_holding(texts):
            speaker = str(facts[i].speaker)
            if speaker not in keys_of:
                keys_of[speaker] = _speaker_keys(speaker, graph)
            for speaker_key in keys_of[speaker]:
                blocks[speaker_key].append(i)
        for found in blocks.values():
            if len(found) <= MAX_POSTINGS:
                pairs.update(_cross_source(facts, found))
    return {(i, j) for i, j in pairs
            if same_speaker(str(facts[i].speaker), str(facts[j].speaker), graph)}


def same_speaker(a: str, b: str, graph: FactGraph) -> bool:
    """Same name, one a variant of the other, the same surname, or one name inside the other."""
    if a == b or graph.names.variant_of.get(a) == b or graph.names.variant_of.get(b) == a:
        return True
    ka, kb = name_key(a).split(), name_key(b).split()
    if not ka or not kb:
        return False
    return ka[-1] == kb[-1] or set(ka) <= set(kb) or set(kb) <= set(ka)


class _Components:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def joined(self, a: int, b: int) -> bool:
        return a in self.parent and b in self.parent and self.find(a) == self.find(b)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for x in sorted(self.parent):
            out[self.find(x)].append(x)
        return list(out.values())


def _quote_of(fact: Fact) -> str:
    return str(fact.value)


def _label(fact: Fact) -> str:
    words = _quote_of(fact).split()
    return "“" + " ".join(words[:8]) + (" …" if len(words) > 8 else "") + "”"


def _evidence(graph: FactGraph, facts: list[Fact]) -> list[Evidence]:
    return [Evidence.from_fact(f, graph.path(f.source))
            for f in sorted(facts, key=lambda f: (f.source, f.start))]


def _drift_finding(graph: FactGraph, chosen: list[Fact], parse: Parse) -> Finding:
    """One finding for quotation versions linked by drift: the version most sources give is
    the reference, and each other version is shown as its difference from it."""
    by_text: dict[str, list[Fact]] = defaultdict(list)
    for fact in chosen:
        by_text[parse(_quote_of(fact), True).joined].append(fact)
    common = Counter({text: len({f.source for f in same}) for text, same in by_text.items()})
    reference_text = min(by_text, key=lambda t: (-common[t], min(f.source for f in by_text[t])))
    reference = min(by_text[reference_text], key=lambda f: (f.source, f.start))
    speaker = next((f.speaker for f in sorted(chosen, key=lambda f: (f.source, f.start))
                    if f.speaker), reference.entity)
    ref_sources = ", ".join(map(graph.label, sorted({f.source for f in by_text[reference_text]})))
    parts = []
    for text, same in sorted(by_text.items(), key=lambda kv: min(f.source for f in kv[1])):
        if text == reference_text:
            continue
        version = min(same, key=lambda f: (f.source, f.start))
        similarity = fuzz.ratio(reference_text, text) / 100
        sources = ", ".join(map(graph.label, sorted({f.source for f in same})))
        parts.append(f"{ref_sources} vs {sources} (similarity {similarity:.2f}): "
                     f"{word_changes(_quote_of(reference), _quote_of(version), parse)}")
    # The topic names the speaker: the message says what differs.
    message = f"quoted in different words in {_label(reference)}: " + " | ".join(parts)
    values = sorted(by_text)
    return Finding(rule="quote-drift", severity="warning", entity=speaker, attribute="quote",
                   message=message, evidence=_evidence(graph, chosen), values=values)


def _speaker_finding(graph: FactGraph, chosen: list[Fact]) -> Finding:
    speakers: dict[str, list[str]] = defaultdict(list)
    for fact in sorted(chosen, key=lambda f: (f.source, f.start)):
        name = fact.speaker or fact.entity
        if fact.source not in speakers[name]:
            speakers[name].append(fact.source)
    first = min(chosen, key=lambda f: (f.source, f.start))
    given = "; ".join(f"to {name} by {', '.join(map(graph.label, sources))}"
                      for name, sources in speakers.items())
    return Finding(rule="quote-drift", severity="warning", entity=first.speaker or first.entity,
                   attribute="quote-speaker",
                   message=f"one quotation, different speakers: {_label(first)} is given {given}",
                   evidence=_evidence(graph, chosen), values=sorted(speakers))


@rule("quote-drift", severity="warning", cost=20)
def quote_drift(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    # Quotations with no speaker found too: one outlet names the speaker, another only
    # quotes ("… must never be questioned," he added, two paragraphs on).
    facts = [f for f in graph.facts_of("quote") if f.value]
    facts.sort(key=lambda f: (f.source, f.start))
    attributed = [i for i, f in enumerate(facts) if f.speaker]
    # This run's caches, gone with it: copies repeat a quotation, and bring the same two
    # texts together, many times.
    parse: Parse = cache(parse_quote)
    drift = cache(partial(drift_similarity, parse=parse))
    same = cache(partial(same_quotation, parse=parse))
    one_speaker = cache(partial(same_speaker, graph=graph))  # speakers recur in many pairs
    drift_groups, speaker_groups = _Components(), _Components()
    index = _RunIndex(facts, attributed, parse)
    pairs = _candidate_pairs(facts, index) | _same_speaker_pairs(facts, graph, index)
    # A pair whose facts are in one group already needs no comparing: the groups do not
    # depend on the order the pairs come in.
    for i, j in pairs:
        a, b = facts[i], facts[j]
        if one_speaker(str(a.speaker), str(b.speaker)):
            if (not drift_groups.joined(i, j)
                    and drift(_quote_of(a), _quote_of(b)) is not None):
                drift_groups.union(i, j)
        elif not speaker_groups.joined(i, j) and same(_quote_of(a), _quote_of(b)):
            speaker_groups.union(i, j)
    _join_unattributed(facts, index, drift_groups, parse, drift)
    for members in drift_groups.groups():
        yield _drift_finding(graph, [facts[i] for i in members], parse)
    for members in speaker_groups.groups():
        yield _speaker_finding(graph, [facts[i] for i in members])
