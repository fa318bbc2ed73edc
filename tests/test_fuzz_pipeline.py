"""A bounded fuzz of the whole pipeline (hypothesis): small documents mixing news-like
fragments with arbitrary Unicode go through ingest, extraction, the graph, every rule and
every output format. Nothing may raise, and what comes out must be consistent with the text."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import factcheck
from factcheck.api import InputError
from factcheck.output import FORMATS, render
from factcheck.report import render_report

FRAGMENTS = [
    "Flood waters recede in Harlow Vale\n\n", "June 5, 2023\n\n", "Published: 2023-06-05\n",
    "The flood in Harlow Vale on June 3, 2023 killed 12 people", ", the coroner said. ",
    "At least 40 people died", " and about 300 homes were damaged. ", "nearly 1,200 residents",
    "between 20 and 30 people were injured", " on Tuesday", " last week", " in 2019",
    "“We will rebuild,” said Mayor Ellen Brody. ", "\"It was terrible,\" she said. ",
    "Dr. J. R. Smith of the Red Cross (IFRC) said", " that 3.5 million euros was raised. ",
    "Brody, 58, a teacher,", " Mayor Elen Brody ", "the Harlow Vale Council",
    " was founded in 1998",
    "Records began in 1871.", "The storm, which struck on March 8, killed 14.", "£2m", " 45% ",
    "“", "”", "\"", "'", "—", "…", ". ", "\n", "\n\n", "; ", " but ", " 7 ", " 2,000 ",
    "- ", "* ", "# Update\n", "<p>", "</p>", "&amp; ", "factcheck: ignore\n",
]
# Anything Unicode: right-to-left text, combining marks, zero-width and control characters.
noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
document_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), noise), min_size=1,
                         max_size=25).map("".join)
suffixes = st.sampled_from([".txt", ".md", ".html"])


def strict_json(text: str) -> dict:
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(document_text, suffixes), min_size=1, max_size=3))
def test_the_whole_pipeline_on_fuzzed_documents(documents: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, (text, suffix) in enumerate(documents):
            path = Path(folder) / f"doc{number}{suffix}"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        try:
            result = factcheck.check(paths, jobs=1)
        except InputError as error:  # nothing readable: allowed, and must say why
            assert "no readable documents" in str(error)
            assert "\n" not in str(error)
            return
        docs = {d.id: d for d in result.documents}
        assert len(docs) == len(result.documents) <= len(documents)
        for fact in result.all_facts:
            doc = docs[fact.source]
            assert doc.text[fact.start:fact.end] == fact.text
            assert doc.position(fact.start) == (fact.line, fact.column)
            for bound in (fact.low, fact.high):
                assert bound is None or math.isfinite(bound)
            if fact.low is not None and fact.high is not None:
                assert fact.low <= fact.high
        for finding in result.findings:
            assert finding.severity in ("error", "warning", "info")
            assert finding.message and "\n" not in finding.message
            for evidence in finding.evidence:
                doc = docs[evidence.source]
                assert doc.text[evidence.start:evidence.end] == evidence.text
                assert evidence.path == doc.path
        for fmt in FORMATS:
            rendered = render(fmt, result, include_facts=True)
            rendered.encode("utf-8")
            if fmt == "json":
                data = strict_json(rendered)
                assert data["stats"]["documents"] == len(docs)
        assert render_report(result).startswith("<!")
