"""Review mode: check one document against its sources, claim by claim.

    review(document, sources, **options) -> ReviewResult
    review_exit_code(result, fail_on) -> int

The pipeline runs once over the document and the sources together, so events and names
resolve across all of them; then each checkable fact of the document is classified against the
sources' facts (see claims.py for the statuses; figures.py, dates.py, names.py, quotes.py for
how each kind of claim is matched).

Checkable claims: every figure with a bound, every date fact, every date the text names with a
month or a year that no fact takes up (not the head's publication date), every quotation of
four words or more, and the names names.py counts (multi-word names and people, once per
entity; house-gazetteer names only when misspelt).

Sources that repeat each other count once (graph dependencies). A source that repeats the
document under review, or has the same text, is set aside: it cannot confirm the document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.api import check
from factcheck.model import Document, Fact
from factcheck.result import Result
from factcheck.review_mode.claims import (
    CONTRADICTED,
    STATUSES,
    UNSUPPORTED,
    Claim,
    DiffPart,
    ReviewResult,
    actionable_order,
)
from factcheck.review_mode.context import ReviewContext, repeats_document
from factcheck.review_mode.dates import (
    SentenceIndex,
    classify_date_fact,
    classify_mentioned_date,
    is_date_claim,
    mentioned_dates,
    weekday_verdict,
)
from factcheck.review_mode.decide import Verdict
from factcheck.review_mode.figures import checkable, classify_figure
from factcheck.review_mode.names import classify_name, is_name_claim
from factcheck.review_mode.quotes import QuoteIndex, classify_quote

PathLike = str | os.PathLike[str]
FAIL_ON = ("contradicted", "unsupported", "never")

__all__ = ["FAIL_ON", "STATUSES", "Claim", "ReviewError", "ReviewResult", "review",
           "review_exit_code"]


class ReviewError(Exception):
    """The document or its sources cannot be reviewed (the message names the path)."""


def review(document: PathLike, sources: PathLike | Iterable[PathLike], *,
           rules: Iterable[PathLike] = (), jobs: int | None = 1,
           cache: bool | PathLike = False, engine: str = "local", scheduler: str | None = None,
           progress: bool = False, max_bytes: int = 20_000_000,
           max_documents: int = 100_000,
           rule_modules: Iterable[PathLike] | None = None,
           exclude: Iterable[str] = ()) -> ReviewResult:
    """Every checkable claim of ``document`` with its status against ``sources``
    (``rules`` and ``rule_modules`` as for ``check``)."""
    source_paths = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    path = Path(document)
    if not path.exists():
        raise ReviewError(f"{document}: no such file")
    if path.is_dir():
        raise ReviewError(f"{document}: is a folder; review takes one document")
    if not source_paths:
        raise ReviewError("no sources given")
    result = check([document, *source_paths], rules=rules, jobs=jobs, cache=cache,
                   engine=engine, scheduler=scheduler, progress=progress,
                   max_bytes=max_bytes, max_documents=max_documents,
                   rule_modules=rule_modules, exclude=exclude)
    reviewed = _reviewed(result, path)
    graph = result.fact_graph
    assert graph is not None  # check() always builds it
    used: list[str] = []
    set_aside: dict[str, str] = {}
    for doc in result.documents:
        if doc.id == reviewed.id:
            continue
        copied = repeats_document(graph, doc.id, reviewed.id)
        if doc.sha256 and doc.sha256 == reviewed.sha256:
            set_aside[doc.id] = "same text as the document under review"
        elif copied is not None:
            set_aside[doc.id] = f"repeats the document under review ({copied})"
        else:
            used.append(doc.id)
    if not used and not set_aside:
        raise ReviewError("no readable sources in " + ", ".join(map(str, source_paths)))
    for source, why in sorted(set_aside.items()):
        result.warnings.append(f"{graph.path(source)}: not used as a source: {why}")
    ctx = ReviewContext(graph, reviewed, used)
    result_claims = actionable_order(_claims(ctx))
    out = ReviewResult.from_result(result, reviewed=reviewed, sources_used=used,
                                   independent_sources=ctx.independent(used),
                                   set_aside=set_aside)
    out.claims = result_claims
    return out


def review_exit_code(result: ReviewResult, fail_on: str) -> int:
    """1 when a claim fails the gate: any contradicted claim (``contradicted``), any
    contradicted or unsupported claim (``unsupported``); ``never``: always 0."""
    if fail_on not in FAIL_ON:
        raise ValueError(f"unknown --fail-on {fail_on!r} (choose from {', '.join(FAIL_ON)})")
    failing = {"contradicted": {CONTRADICTED}, "unsupported": {CONTRADICTED, UNSUPPORTED},
               "never": set()}[fail_on]
    return 1 if any(c.status in failing for c in result.claim_list()) else 0


def _reviewed(result: Result, path: Path) -> Document:
    wanted = os.path.realpath(path)
    found = [d for d in result.documents if os.path.realpath(d.path) == wanted]
    if not found:
        reasons = [w for w in result.warnings if w.startswith(str(path))]
        why = reasons[0].split(": ", 1)[-1] if reasons else "nothing readable"
        raise ReviewError(f"{path}: cannot be reviewed ({why})")
    if len(found) > 1:
        raise ReviewError(f"{path}: holds {len(found)} documents; review takes one document")
    return found[0]


def _claims(ctx: ReviewContext) -> list[Claim]:
    graph = ctx.graph
    doc = ctx.document
    groups = graph.groups()
    own = _unique([f for f in graph.facts if f.source == doc.id])
    names_by_entity: dict[str, list[Fact]] = {}
    for (entity, attribute), facts in groups.items():
        if attribute == "name":
            names_by_entity[entity] = [f for f in facts if f.kind == "name"]
    quotes = QuoteIndex(ctx, [f for f in graph.facts if f.kind == "quote"])
    extraction = graph.extractions.get(doc.id)
    dates = {d.start: d for d in extraction.dates} if extraction is not None else {}
    found: list[_Found] = []
    for fact in own:
        group = groups.get((fact.entity, fact.attribute), [])
        if fact.kind == "quantity" and checkable(fact):
            found.append(_Found(fact, classify_figure(ctx, fact, group)))
        elif fact.kind == "date" and is_date_claim(fact):
            verdict = (weekday_verdict(dates.get(fact.start))
                       or classify_date_fact(ctx, fact, group))
            found.append(_Found(fact, verdict))
        elif fact.kind == "quote":
            verdict, diff = classify_quote(ctx, fact, quotes)
            found.append(_Found(fact, verdict, diff=diff))
    if extraction is not None:
        index = SentenceIndex(ctx)
        events = frozenset(graph.data.event_types)
        for fact in mentioned_dates(doc, extraction, own, events):
            verdict = (weekday_verdict(dates.get(fact.start))
                       or classify_mentioned_date(ctx, fact, index))
            found.append(_Found(fact, verdict))
    mentions: dict[str, list[Fact]] = {}
    for fact in own:
        if fact.kind == "name":
            mentions.setdefault(fact.entity, []).append(fact)
    for entity, facts in mentions.items():
        if is_name_claim(ctx, entity, facts, names_by_entity):
            verdict, suggestion = classify_name(ctx, facts[0], names_by_entity)
            found.append(_Found(facts[0], verdict, suggestion=suggestion,
                                mentions=[(f.start, f.end) for f in facts]))
    found.sort(key=lambda item: (item.fact.start, item.fact.end, item.fact.kind))
    return [Claim(number, item.fact, item.verdict.status, item.verdict.reason,
                  item.verdict.passages, item.verdict.supporting, item.verdict.contradicting,
                  suggestion=item.suggestion, diff=item.diff, side=item.verdict.side,
                  mentions=item.mentions or [(item.fact.start, item.fact.end)])
            for number, item in enumerate(found, 1)]


@dataclass
class _Found:
    fact: Fact
    verdict: Verdict
    suggestion: str | None = None
    diff: list[DiffPart] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


def _unique(facts: list[Fact]) -> list[Fact]:
    """One fact per span and meaning (an extractor may emit one twice)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in facts:
        key = (f.kind, f.start, f.end, f.entity, f.attribute, f.value)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
