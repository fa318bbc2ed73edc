"""source-dependency

What it finds: a source that copies or paraphrases another: most of its sentences repeat or
reword the other's, in the same order, often with the same quotations in the same order and
the original outlet's name replaced.
Why it matters: a copy is not a second witness. Agreement between the two is no corroboration,
and other rules count them as one source when they weigh spellings or figures; a paraphrase
may also have changed what it reworded.
Example (flagged): a report whose sentences are, one by one, rewordings of an earlier wire
story ("Rescuers pulled 14 survivors from the rubble on Monday" / "On Monday, 14 survivors
were pulled from the rubble by rescuers"), its quotations in the same order, the wire's name
replaced by "our reporters".
Example (not flagged): two reporters' own accounts of one earthquake that share the toll, the
date and one quotation from the governor: a few similar sentences at most, not the structure.
How it decides: sentences of six words or more are compared across sources only when they share
at least two uncommon content words (token blocking, never all pairs); rapidfuzz's
token_sort_ratio of 65 or more makes a passage pair. Each sentence pairs at most once, and only
pairs in the same order in both texts count (the longest ordered chain). A dependency needs at
least 4 such pairs covering at least 40% of the smaller text's sentences. The later publication
is the copy; undated or same-day, the source whose sentences are the more covered (the shorter,
the subset). Each dependent pair is reported once, with the counts, the quotations found in the
same order and any name the copy replaced; evidence is the copy's and the original's sentence
of each pair.
"""

from __future__ import annotations

from collections.abc import Iterator

from factcheck.graph import FactGraph
from factcheck.model import Document, Evidence, Finding, Sentence
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule


def sentence_evidence(doc: Document, sentence: Sentence, similarity: float) -> Evidence:
    line, column = doc.position(sentence.start)
    return Evidence(source=doc.id, path=doc.path, line=line, column=column,
                    start=sentence.start, end=sentence.end, text=sentence.text,
                    sentence=sentence.text, value=similarity)


@rule("source-dependency", severity="info")
def source_dependency(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    for dep in graph.dependencies:
        copy, original = graph.documents[dep.copy], graph.documents[dep.original]
        evidence: list[Evidence] = []
        for pair in dep.passages:
            evidence.append(sentence_evidence(copy, pair.copy, pair.similarity))
            evidence.append(sentence_evidence(original, pair.original, pair.similarity))
        yield Finding(rule="source-dependency", severity="info", entity=dep.copy,
                      attribute="depends-on",
                      # The topic names the copy: the message, what it depends on and why.
                      message=f"{graph.label(dep.original)}: {dep.reason}",
                      evidence=evidence, values=[f"{dep.copy} → {dep.original}"],
                      origin=dep.original)
