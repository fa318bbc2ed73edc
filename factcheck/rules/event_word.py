"""event-word

What it finds: an event called by a word one letter away from the word the sources use, which
names another kind of event: a text that calls a crowd crush a "crash" once or twice while it
and the other sources call it a "crush".
Why it matters: a crash is a collision, a crush a crowd; the slip changes what the reader
thinks happened, and spell-checkers pass it because both are words.
Example (flagged): S3 "Oskel mourns after Halloween crash … the crowd crush in Oskel" while S1,
S2 and S4 call it a crush (and never a crash).
Example (not flagged): "crash" in a text about a plane crash that no other text calls a crush;
"crash" and "crush" in several texts each (two events the story tells); a word used by fewer
than three independent sources (no majority to go by); texts that name nothing else in
common.
How it decides: the pairs are the single-word triggers of rules/events.yaml of different
types (and families) that one letter sets apart (a letter changed, added, dropped or two
swapped): crash/crush with the built-in data. A word is a slip in a text when that text also
uses the other word, no other text uses it, the other word is used by three independent
sources or more, and the texts name two things or more in common that few texts name. Evidence
is each mention of the slip and of the right word in that text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import jellyfish

from factcheck.extract.sentences import sentence_index
from factcheck.graph import FactGraph
from factcheck.model import Evidence, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule
from factcheck.rules.identifier_conflict import Story

_MAJORITY = 3  # independent sources that must use the right word


@lru_cache(maxsize=8)
def _slips(triggers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Pairs of one-word triggers (word, family) of two families one letter apart."""
    words = sorted((w, family) for w, family in triggers if w.isalpha() and len(w) >= 4)
    return tuple((a, b) for i, (a, fa) in enumerate(words) for b, fb in words[i + 1:]
                 if fa != fb and abs(len(a) - len(b)) <= 1
                 and jellyfish.damerau_levenshtein_distance(a, b) == 1)


def _spans(text: str, word: str) -> list[tuple[int, int]]:
    """Where the word is written whole, any case."""
    if not (word in text or word.capitalize() in text or word.upper() in text):
        return []  # (most texts: ``in`` tells it at a fraction of a pattern's cost)
    return [m.span() for m in re.finditer(rf"(?<![\w-]){word}(?![\w-])", text, re.I)]


def _evidence(graph: FactGraph, source: str, span: tuple[int, int]) -> Evidence:
    document = graph.documents[source]
    sentences = graph.extractions[source].sentences if source in graph.extractions else []
    k = sentence_index(sentences, span[0])
    line, column = document.position(span[0])
    text = document.text[span[0]:span[1]]
    return Evidence(source=source, path=document.path, line=line, column=column,
                    start=span[0], end=span[1], text=text,
                    sentence=sentences[k].text if k >= 0 else "", value=text.lower())


@rule("event-word", severity="warning", cost=2)
def event_word(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    pairs = _slips(tuple(sorted((w, data.event_families.get(t, t))
                                for w, t in data.event_types.items())))
    story: Story | None = None
    for a, b in pairs:
        used = {word: {s: spans for s in sorted(graph.documents)
                       if (spans := _spans(graph.documents[s].text, word))}
                for word in (a, b)}
        for slip, right in ((a, b), (b, a)):
            if len(used[slip]) != 1:
                continue  # no text, or several: a word in use, not a slip
            (source,) = used[slip]
            if source not in used[right]:
                continue  # the text never uses the other word
            if len(graph.independent(sorted(used[right]))) < _MAJORITY:
                continue
            story = story or Story(graph)
            if sum(story.one(source, other) for other in used[right] if other != source) < 2:
                continue  # texts of other stories
            yield _finding(graph, source, slip, right, used)


def _finding(graph: FactGraph, source: str, slip: str, right: str,
             used: dict[str, dict[str, list[tuple[int, int]]]]) -> Finding:
    others = len(graph.independent(sorted(s for s in used[right] if s != source)))
    slips, rights = used[slip][source], used[right][source]
    message = (f"{graph.label(source)} calls the event “{slip}” "
               f"({len(slips)} mention{'s' if len(slips) != 1 else ''}) and “{right}” "
               f"({len(rights)}); {others} other independent sources say “{right}” and none "
               f"“{slip}”: one letter makes it another kind of event")
    evidence = [_evidence(graph, source, span) for span in sorted([*slips, *rights])]
    return Finding(rule="event-word", severity="warning", entity=right, attribute="event word",
                   message=message, evidence=evidence, values=sorted([slip, right]),
                   suggestion=right)
