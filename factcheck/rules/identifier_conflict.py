"""identifier-conflict

What it finds: one identifier a story names a thing by, written with a digit slipped in one
source: "Dravos Air flight DV 4812" in three texts and "flight DV 4813" in a fourth.
Why it matters: a flight or train number is what readers and other desks search for; a wrong
digit names another flight, and the slip is copied from caption to headline.
Example (flagged): "Dravos Air Flight 4812 from Oskel" (S1, S2) and "crashed Dravos Air flight
DV 4813" (S3): use 4812.
Example (not flagged): "flight DV 4812" and "Flight 4812" (the same number, with and without the
carrier's code); "Flight 11" and "Flight 77" (two flights: more than one digit differs);
"flight DV 4812" and "flight KL 4813" (two carriers); one text naming both numbers (two flights
it tells apart); texts that name nothing else in common (two stories).
How it decides: an identifier is a number of three digits or more (a code of two or three
letters and digits may go before it) written after a cue of rules/identifiers.yaml ("flight",
"flight number", "train no."). Two numbers of one kind conflict when they have as many digits and
differ in one digit (or two neighbours swapped), their codes agree where both have one, no text
writes both, and their texts name at least two other things in common that few texts name. The
number more independent sources write is the one to use; a warning when one side has more, a
note at info on a tie.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from factcheck.extract.patterns import trie
from factcheck.extract.sentences import sentence_index
from factcheck.graph import FactGraph
from factcheck.model import Evidence, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule

_CODE = r"(?P<code>[A-Z][A-Z0-9]{1,2}|[0-9][A-Z][A-Z0-9]?)"
# Not a measure: "a flight 300 miles long", "flights 1,200 km".
_NOT_AN_IDENTIFIER = r"(?![\d,.]\d|\s*(?:km|kilomet|miles?\b|metres|meters|feet|ft\b|hours?\b|" \
                     r"minutes?\b|passengers|people|per\b|%))"


@lru_cache(maxsize=8)
def _pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?i:{trie(cues)})[ \t]+(?:{_CODE}[ \t]?)?"
                      rf"(?P<number>\d{{3,5}})\b{_NOT_AN_IDENTIFIER}")


@lru_cache(maxsize=8)
def _first_words(cues: tuple[str, ...]) -> tuple[str, ...]:
    """The cues' first words, in lower case, capitalised and in capitals: identifiers are
    looked for only where one is written (``str.find`` finds them at a fraction of a regular
    expression's cost)."""
    words = {c.split()[0].casefold() for c in cues if c.split()}
    return tuple(sorted(words | {w.capitalize() for w in words} | {w.upper() for w in words}))


@dataclass(frozen=True)
class _Mention:
    source: str
    code: str | None
    number: str
    start: int
    end: int


# More numbers after the first: "flights 4812 and 4813", "flights DV 4812, 4813 or 4814".
_MORE = re.compile(rf"(?:,[ \t]*|[ \t]+(?:and|or|&)[ \t]+)(?:{_CODE}[ \t]?)?"
                   rf"(?P<number>\d{{3,5}})\b{_NOT_AN_IDENTIFIER}")


def _mentions(graph: FactGraph, cues: tuple[str, ...]) -> list[_Mention]:
    pattern, words = _pattern(cues), _first_words(cues)
    out = []
    for source in sorted(graph.documents):
        text = graph.documents[source].text
        for first in _cued(text, pattern, words):
            match: re.Match[str] | None = first
            while match is not None:
                out.append(_Mention(source, match.group("code"), match.group("number"),
                                    match.start("number") if match is not first else
                                    match.start(), match.end()))
                match = _MORE.match(text, match.end())
    return out


def _cued(text: str, pattern: re.Pattern[str], words: tuple[str, ...]) -> list[re.Match[str]]:
    """The matches of ``pattern`` that start at a cue's first word (a whole word)."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            if not (at and (text[at - 1].isalnum() or text[at - 1] in "_-")):
                match = pattern.match(text, at)
                if match is not None:
                    found.append(match)
            at = text.find(word, at + 1)
    return sorted(found, key=lambda m: m.start())


def _one_slip(a: str, b: str) -> bool:
    """Numbers of as many digits that differ in one digit, or in two neighbours swapped."""
    if len(a) != len(b) or a == b:
        return False
    differ = [i for i in range(len(a)) if a[i] != b[i]]
    return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])


class Story:
    """Whether two texts tell one story: they name two things or more in common that few texts
    name (a name in every other text says nothing about which story a text tells)."""

    def __init__(self, graph: FactGraph) -> None:
        named: dict[str, set[str]] = defaultdict(set)
        for fact in graph.facts_of("name"):
            named[fact.source].add(fact.entity)
        counts = Counter(name for names in named.values() for name in names)
        rare = max(10, len(graph.documents) // 100)
        self.named = {s: {n for n in names if counts[n] <= rare} for s, names in named.items()}

    def one(self, a: str, b: str) -> bool:
        return len(self.named.get(a, set()) & self.named.get(b, set())) >= 2


def _evidence(graph: FactGraph, mention: _Mention) -> Evidence:
    document = graph.documents[mention.source]
    sentences = graph.extractions[mention.source].sentences \
        if mention.source in graph.extractions else []
    k = sentence_index(sentences, mention.start)
    sentence = sentences[k].text if k >= 0 else ""
    line, column = document.position(mention.start)
    text = document.text[mention.start:mention.end]
    return Evidence(source=mention.source, path=document.path, line=line, column=column,
                    start=mention.start, end=mention.end, text=text, sentence=sentence,
                    value=_shown(mention))


def _shown(mention: _Mention) -> str:
    return f"{mention.code} {mention.number}" if mention.code else mention.number


@rule("identifier-conflict", severity="warning", cost=3)
def identifier_conflict(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    story: Story | None = None
    for kind, cues in sorted(data.identifiers.items()):
        mentions = _mentions(graph, tuple(cues))
        by_number: dict[str, list[_Mention]] = defaultdict(list)
        for mention in mentions:
            by_number[mention.number].append(mention)
        numbers = sorted(by_number)
        for i, a in enumerate(numbers):
            for b in numbers[i + 1:]:
                if not _one_slip(a, b):
                    continue
                side_a, side_b = by_number[a], by_number[b]
                codes_a = {m.code for m in side_a if m.code}
                codes_b = {m.code for m in side_b if m.code}
                if codes_a and codes_b and codes_a.isdisjoint(codes_b):
                    continue  # two carriers' flights
                sources_a, sources_b = {m.source for m in side_a}, {m.source for m in side_b}
                if not sources_a.isdisjoint(sources_b):
                    continue  # one text writes both: two things it tells apart
                story = story or Story(graph)
                if not any(story.one(x, y) for x in sources_a for y in sources_b):
                    continue
                yield _finding(graph, kind, side_a, side_b)


def _finding(graph: FactGraph, kind: str, side_a: list[_Mention],
             side_b: list[_Mention]) -> Finding:
    independent = {id(side): len(graph.independent(sorted({m.source for m in side})))
                   for side in (side_a, side_b)}
    use, other = sorted((side_a, side_b), key=lambda side: (-independent[id(side)],
                                                            side[0].number))
    tie = independent[id(use)] == independent[id(other)]

    def described(side: list[_Mention]) -> str:
        shown = sorted({_shown(m) for m in side})
        sources = sorted({m.source for m in side})
        return (f"{' / '.join(f'“{s}”' for s in shown)} "
                f"({', '.join(map(graph.label, sources))})")

    message = (f"{kind}: {described(other)} differs by one digit from {described(use)}: "
               + ("one of them is wrong" if tie else f"use {use[0].number}, as more "
                  "independent sources write it"))
    evidence = [_evidence(graph, m) for m in sorted([*other, *use],
                                                    key=lambda m: (m.source, m.start))]
    return Finding(rule="identifier-conflict", severity="info" if tie else "warning",
                   entity=f"{kind} {use[0].number}", attribute=kind, message=message,
                   evidence=evidence,
                   values=sorted({use[0].number, other[0].number}),
                   suggestion=None if tie else use[0].number)
