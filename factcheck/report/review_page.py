"""The review page: one document under review, each claim marked by its status, and beside each
paragraph the source passages that support or contradict its claims.

Built like the main report (render.py): Python makes plain view objects, the Jinja template
(autoescape on) makes the HTML, the CSS is inlined and pinned by hash in the
Content-Security-Policy, and the page runs no script. A status always shows as a colour, a line
style and a written label with an icon, never by colour alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from markupsafe import Markup

from factcheck.atomic import atomic_write
from factcheck.model import Document, Evidence
from factcheck.numbers import format_interval
from factcheck.report.render import (
    _environment,
    _iso,
    _quote_parts,
    _reading,
    _sha256,
    _static,
    tool_version,
)
from factcheck.review_mode.claims import (
    CONTRADICTED,
    CONTRADICTS,
    DISPUTED,
    STATUS_ICONS,
    STATUS_MEANINGS,
    STATUSES,
    SUPPORTED,
    UNSUPPORTED,
    Claim,
    DiffPart,
    ReviewResult,
)
from factcheck.textsafe import for_screen

_URGENCY = {status: rank for rank, status in enumerate(STATUSES)}  # 0: most urgent
# The order an editor reads claims in: what sources contradict or dispute, then the rest.
_READING_ORDER = {CONTRADICTED: 0, DISPUTED: 1, UNSUPPORTED: 2, SUPPORTED: 3}
PASSAGES_SHOWN = 1  # passages shown on a card (none for a name); the others fold behind a count
REASON_SHOWN = 200  # characters of a reason shown on a card; a longer one folds after them
_PARAGRAPH_BREAK = "\n\n"


@dataclass(slots=True)
class PassageView:
    stance: str
    reading: str
    source: str
    source_key: str | None
    source_title: str | None
    published: str | None
    before: str
    span: str
    after: str


@dataclass(slots=True)
class ClaimView:
    number: int
    status: str
    icon: str
    kind: str
    entity: str
    attribute: str
    text: str
    value: str
    reason: str
    suggestion: str | None
    diff: list[DiffPart]
    passages: list[PassageView]  # shown on the card
    more_passages: list[PassageView]  # folded behind a count
    mark: str | None  # id of the claim's first mark in the text, when its span fits

    @property
    def reason_head(self) -> str:
        """The reason as a card shows it first: whole, or cut at a word with an ellipsis."""
        if len(self.reason) <= REASON_SHOWN + 40:
            return self.reason
        return self.reason[:REASON_SHOWN].rsplit(" ", 1)[0] + " …"

    @property
    def folded_name(self) -> bool:
        """An unsupported name: listed behind a count, not as a card of its own."""
        return self.kind == "name" and self.status == UNSUPPORTED


@dataclass(slots=True)
class Ref:
    number: int
    status: str
    icon: str


@dataclass(slots=True)
class Run:
    text: str
    status: str | None  # the most urgent status of the claims covering this run
    anchors: list[str] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    runs: list[Run]
    claims: list[ClaimView]  # cards of the claims whose first mention starts here
    names: list[ClaimView] = field(default_factory=list)  # unsupported names, folded
    supported: list[ClaimView] = field(default_factory=list)  # folded behind one line


@dataclass(slots=True)
class SourceView:
    key: str
    id: str
    title: str | None
    published: str | None
    path: str
    role: str  # "independent", "repeats 001", or why it was set aside
    used: bool
    supports: int
    contradicts: int


def render_review_page(result: ReviewResult, *, generated_at: datetime | None = None) -> str:
    """The review page as one self-contained HTML string."""
    doc = result.reviewed
    if doc is None:
        raise ValueError("not a review result: no document under review")
    keys = {d.id: f"S{i}" for i, d in enumerate(
        [d for d in result.documents if d.id != doc.id], 1)}
    by_id = {d.id: d for d in result.documents}
    claims = sorted(result.claim_list(), key=lambda c: c.number)
    views = {c.number: _claim_view(c, doc, by_id, keys) for c in claims}
    summary = result.summary()
    to_act = sorted((views[c.number] for c in claims if c.status != SUPPORTED),
                    key=lambda v: (_READING_ORDER[v.status], v.number))
    css = _static("report.css") + "\n" + _static("review.css")
    when = generated_at or datetime.now(UTC)
    return _environment().get_template("review.html.j2").render(
        title=doc.title or doc.id,
        document=doc,
        published=_iso(doc.published),
        generated_at=when.isoformat(timespec="seconds"),
        version=tool_version(),
        counts=summary.counts,
        total=summary.total,
        share=f"{summary.supported_share:.0%}",
        statuses=STATUSES,
        icons=STATUS_ICONS,
        meanings=STATUS_MEANINGS,
        to_act=[v for v in to_act if not v.folded_name],
        names_to_check=[v for v in to_act if v.folded_name],
        paragraphs=_paragraphs(doc, claims, views),
        sources=_sources(result, keys),
        n_independent=len(result.independent_sources),
        warnings=list(result.warnings),
        css=Markup(css),
        csp="; ".join(["default-src 'none'", f"style-src {_sha256(css)}", "base-uri 'none'",
                       "form-action 'none'"]),
    )


def write_review_report(result: ReviewResult, path: str | Path, **kw: Any) -> None:
    """Render the review page and write it atomically."""
    atomic_write(path, for_screen(render_review_page(result, **kw)))  # valid UTF-8 always


def _claim_view(claim: Claim, doc: Document, by_id: dict[str, Document],
                keys: dict[str, str]) -> ClaimView:
    fact = claim.fact
    first = min(claim.mentions) if claim.mentions else (fact.start, fact.end)
    fits = 0 <= first[0] < first[1] <= len(doc.text)
    value = (format_interval(fact.low, fact.high, fact.value, fact.qualifier)
             if fact.kind == "quantity" else str(fact.value))
    passages = [_passage(p.evidence, p.stance, by_id, keys) for p in claim.passages]
    shown = 0 if fact.kind == "name" else PASSAGES_SHOWN
    return ClaimView(
        number=claim.number, status=claim.status, icon=STATUS_ICONS[claim.status],
        kind=fact.kind, entity=fact.entity, attribute=fact.attribute, text=fact.text,
        value=value, reason=claim.reason, suggestion=claim.suggestion, diff=list(claim.diff),
        passages=passages[:shown], more_passages=passages[shown:],
        mark=f"c{claim.number}" if fits else None)


def _passage(ev: Evidence, stance: str, by_id: dict[str, Document],
             keys: dict[str, str]) -> PassageView:
    doc = by_id.get(ev.source)
    before, span, after = _quote_parts(ev, doc)
    return PassageView(stance=stance, reading=_reading(ev), source=ev.source,
                       source_key=keys.get(ev.source), source_title=doc.title if doc else None,
                       published=_iso(doc.published) if doc else None,
                       before=before, span=span, after=after)


def _paragraphs(doc: Document, claims: list[Claim],
                views: dict[int, ClaimView]) -> list[Paragraph]:
    """The text cut into paragraphs, each into flat runs at every claim boundary (overlapping
    claims never make crossing tags), with the claims that start in it."""
    text = doc.text
    size = len(text)
    spans: list[tuple[int, int, Claim]] = []
    for claim in claims:
        for start, end in sorted(set(claim.mentions or [(claim.fact.start, claim.fact.end)])):
            if 0 <= start < end <= size:
                spans.append((start, end, claim))
    bounds = []
    at = 0
    while at <= size:
        brk = text.find(_PARAGRAPH_BREAK, at)
        end = size if brk == -1 else brk
        if text[at:end].strip():
            bounds.append((at, end))
        if brk == -1:
            break
        at = brk + len(_PARAGRAPH_BREAK)
    starts: dict[int, list[tuple[int, int, Claim]]] = defaultdict(list)
    ends: dict[int, list[tuple[int, int, Claim]]] = defaultdict(list)
    for span in spans:
        starts[span[0]].append(span)
        ends[span[1]].append(span)
    first_mark = {c.number: min(c.mentions or [(c.fact.start, c.fact.end)]) for c in claims}
    paragraphs = []
    placed: set[int] = set()
    for p_start, p_end in bounds:
        cuts = sorted({p_start, p_end, *(s for s, _, _ in spans if p_start < s < p_end),
                       *(e for _, e, _ in spans if p_start < e < p_end)})
        open_spans = [s for s in spans if s[0] < p_start < s[1]]
        runs = []
        for pos, nxt in pairwise(cuts):
            open_spans = [s for s in open_spans if s[1] > pos] + starts.get(pos, [])
            status = (min((s[2].status for s in open_spans), key=_URGENCY.__getitem__)
                      if open_spans else None)
            anchors = [f"c{c.number}" for s, e, c in starts.get(pos, [])
                       if (s, e) == first_mark[c.number]]
            refs = [Ref(c.number, c.status, STATUS_ICONS[c.status])
                    for _, _, c in ends.get(nxt, [])]
            runs.append(Run(text[pos:nxt], status, anchors, refs))
        here = sorted((views[c.number] for c in claims
                       if c.number not in placed and p_start <= first_mark[c.number][0] < p_end),
                      key=lambda v: (_READING_ORDER[v.status], v.number))
        placed.update(v.number for v in here)
        paragraphs.append(Paragraph(
            runs, [v for v in here if not v.folded_name and v.status != SUPPORTED],
            [v for v in here if v.folded_name], [v for v in here if v.status == SUPPORTED]))
    return paragraphs


def _sources(result: ReviewResult, keys: dict[str, str]) -> list[SourceView]:
    graph = result.fact_graph
    supports: dict[str, int] = defaultdict(int)
    contradicts: dict[str, int] = defaultdict(int)
    for claim in result.claim_list():
        cited = {(p.evidence.source, p.stance) for p in claim.passages}
        for source, stance in cited:
            (contradicts if stance == CONTRADICTS else supports)[source] += 1
    rows = []
    for doc in result.documents:
        if result.reviewed is not None and doc.id == result.reviewed.id:
            continue
        used = doc.id in result.sources_used
        if not used:
            role = f"set aside: {result.set_aside.get(doc.id, 'not used')}"
        else:
            origin = doc.id
            if graph is not None:
                copied = [d.original for d in graph.dependencies
                          if d.copy == doc.id and d.original in result.sources_used]
                origin = copied[0] if copied else doc.id
            role = "independent" if origin == doc.id else f"repeats {origin}: counted once"
        rows.append(SourceView(keys[doc.id], doc.id, doc.title, _iso(doc.published), doc.path,
                               role, used, supports[doc.id], contradicts[doc.id]))
    return rows
