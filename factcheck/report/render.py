"""The editor's HTML report: one self-contained, offline page built from a Result.

Everything shown comes from the Result; Python builds plain view objects (numbers, strings,
lists of text segments) and the Jinja templates, with autoescape on, turn them into HTML. No
HTML is assembled from strings here: the only ``Markup`` values are the package's own static
CSS and JavaScript, inlined so the page works from a file and pinned by hash in the
Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

import factcheck
from factcheck.atomic import atomic_write
from factcheck.forking import frozen_heap
from factcheck.model import SEVERITY_RANK, Document, Evidence, Fact, Finding
from factcheck.naming import source_name
from factcheck.numbers import is_measure
from factcheck.result import Result
from factcheck.rules.engine import load_builtin_rules
from factcheck.textsafe import for_screen
from factcheck.worddiff import DiffPart, word_diff

_HERE = Path(__file__).parent
SEVERITIES = ("error", "warning", "info")
_RANK_NAME = {rank: name for name, rank in SEVERITY_RANK.items()}

# What each rule means, in one line an editor reads next to the rule id, for rules whose
# module does not say it (a rule's own "What it finds:" line comes first).
RULE_MEANINGS: dict[str, str] = {
    "numeric-conflict": "Figures for the same thing whose ranges cannot all be true.",
    "figure-update": "A figure changed between sources published on different dates; "
                     "check that the latest one is used.",
    "date-conflict": "Sources give different dates for the same event.",
    "temporal-order": "Dates that put events in an impossible order.",
    "implausible-claim": "A figure outside the range that is plausible for what it measures.",
    "reference-conflict": "A statement that contradicts the reference data.",
    "name-variant": "The same name spelt differently; one spelling is probably wrong.",
    "quote-drift": "The same quotation worded differently in different sources.",
    "source-dependency": "One source repeats another, so they are not independent confirmations.",
    "text-quality": "Damaged or garbled text that can hide or change facts.",
}

# How a qualifier reads in front of a number.
QUALIFIER_WORDS: dict[str, str] = {
    "at-least": "at least ", "more-than": "more than ", "at-most": "at most ",
    "less-than": "less than ", "about": "about ", "nearly": "nearly ",
}

# Rules whose findings get a picture other than the number line.
_TIMELINE_RULES = frozenset({"figure-update"})
_DIFF_RULES = frozenset({"quote-drift"})
_SPELLING_RULES = frozenset({"name-variant"})

# Words in a name-variant message that introduce the spelling it recommends.
_SUGGESTION_CUE = re.compile(r"\b(?:suggest\w*|prefer\w*|use|should be|likely|correct\w*)\b",
                             re.IGNORECASE)
_WORD_EDGE_PUNCT = "\"'“”‘’«».,;:!?()[]"


# --------------------------------------------------------------------------------------------
# View objects handed to the templates (plain data, never HTML).


@dataclass(slots=True)
class Ref:
    number: int
    severity: str


@dataclass(slots=True)
class Segment:
    """A run of document text with the same decorations throughout."""

    text: str
    fact: bool = False
    severity: str | None = None  # most severe finding marking this run; None: not marked
    anchors: list[str] = field(default_factory=list)  # ids of evidence spans starting here
    refs: list[Ref] = field(default_factory=list)  # findings whose spans end with this run


@dataclass(slots=True)
class Row:
    """One source's interval on a number line (coordinates in SVG user units)."""

    label: str
    label_y: float
    y: float
    x_low: float
    x_high: float
    x_value: float | None
    open_low: bool
    open_high: bool


@dataclass(slots=True)
class NumberLine:
    width: int
    height: int
    left: float
    right: float
    axis_y: float
    ticks: list[tuple[float, str]]
    rows: list[Row]


@dataclass(slots=True)
class TimelinePoint:
    x: float
    value: str
    when: str
    value_y: float
    when_y: float


@dataclass(slots=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    points: list[TimelinePoint]
    undated: int


@dataclass(slots=True)
class WordDiff:
    base_source: str
    other_source: str
    parts: list[DiffPart]


@dataclass(slots=True)
class Spelling:
    text: str
    count: int
    suggested: bool


@dataclass(slots=True)
class EvidenceView:
    reading: str
    interval: str | None
    source: str
    source_key: str | None  # None: the evidence names a source that is not in the run
    source_title: str | None
    doc_anchor: str | None
    published: str | None
    before: str
    span: str
    after: str
    anchor: str | None  # id of the span's mark in the full text, when it is there


@dataclass(slots=True)
class FindingView:
    number: int
    rule: str
    meaning: str | None
    severity: str
    entity: str
    attribute: str
    message: str
    evidence: list[EvidenceView]
    number_line: NumberLine | None = None
    timeline: Timeline | None = None
    diffs: list[WordDiff] = field(default_factory=list)
    spellings: list[Spelling] = field(default_factory=list)


@dataclass(slots=True)
class EntityGroup:
    number: int
    entity: str
    findings: Iterable[FindingView]  # made as they are rendered: read them once


@dataclass(slots=True)
class Link:
    source: str
    anchor: str | None
    finding: int


@dataclass(slots=True)
class SourceRow:
    key: str
    id: str
    title: str | None
    published: str | None
    anchor: str
    file_uri: str | None
    web_url: str | None
    repaired: bool
    encoding: str
    notes: list[str]
    depends_on: list[Link]
    repeated_by: list[Link]


@dataclass(slots=True)
class EntityRow:
    name: str
    kind: str
    aliases: list[str]
    variants: list[str]
    facts: int


@dataclass(slots=True)
class DocumentView:
    anchor: str
    key: str
    id: str
    title: str | None
    published: str | None
    path: str
    segments: list[Segment]


# --------------------------------------------------------------------------------------------
# Public API


def render_report(result: Result, *, corpus: str = "",
                  generated_at: datetime | None = None) -> str:
    """The report as one HTML string (self-contained: inline CSS, JS and SVG)."""
    return "".join(report_chunks(result, corpus=corpus, generated_at=generated_at))


def report_chunks(result: Result, *, corpus: str = "",
                  generated_at: datetime | None = None) -> Iterator[str]:
    """The report in pieces, as the template produces them: a large archive's report is
    written out as it is rendered, never held whole in memory (with every full text, it is
    several times the size of the corpus)."""
    docs = result.documents
    anchors = {doc.id: f"doc-{i}" for i, doc in enumerate(docs, 1)}
    # Short names (S1, S2 …) tie number-line rows, cards, tables and texts to one source.
    keys = {doc.id: f"S{i}" for i, doc in enumerate(docs, 1)}
    by_id = {doc.id: doc for doc in docs}

    # Grouped by entity, groups in order of their most severe finding; numbered as shown.
    by_entity: dict[str, list[Finding]] = {}
    for finding in result.sorted_findings():
        by_entity.setdefault(finding.entity, []).append(finding)
    findings = [finding for group in by_entity.values() for finding in group]
    rules = sorted({f.rule for f in findings})
    meanings = rule_meanings(set(rules))
    numbered: dict[str, list[int]] = {}  # entity -> the numbers of its findings
    for n, finding in enumerate(findings, 1):
        numbered.setdefault(finding.entity, []).append(n)

    def views(numbers: list[int]) -> Iterator[FindingView]:
        for n in numbers:
            finding = findings[n - 1]
            yield _finding_view(n, finding, by_id, anchors, keys, meanings,
                                [_evidence_anchor(n, k, ev, by_id)
                                 for k, ev in enumerate(finding.evidence)])

    # Each card's view is made as the template reaches it, and each text's marks as the
    # text is, never all at once (at 2,000 documents they held 45 MB and 10 MB, most of the
    # report's memory).
    groups = [EntityGroup(number, (
        # A finding about a whole source (text quality, dependence) is headed by the
        # source's key and title, not its file id.
        source_name(keys[entity], by_id[entity]) if entity in by_id else entity),
        views(numbers)) for number, (entity, numbers) in enumerate(numbered.items(), 1)]

    counts = {s: 0 for s in SEVERITIES}
    for f in findings:
        counts[f.severity] += 1

    facts, cited = _spans_by_source(result, findings)
    # One document's runs at a time, as the template reaches it.
    documents = (
        DocumentView(anchors[doc.id], keys[doc.id], doc.id, doc.title, _iso(doc.published),
                     doc.path, _segments(doc.text, facts[doc.id],
                                         _marks(doc.id, cited[doc.id], findings, by_id)))
        for doc in docs
    )
    when = generated_at or datetime.now(UTC)
    css, js = _static("report.css"), _static("report.js")
    return _environment().get_template("report.html.j2").generate(
        corpus=corpus or _corpus_name(docs),
        generated_at=when.isoformat(timespec="seconds"),
        version=tool_version(),
        n_sources=len(docs),
        n_facts=result.fact_count,
        n_findings=len(findings),
        counts=counts,
        warnings=list(result.warnings),
        groups=groups,
        rules=rules,
        sources=_source_rows(docs, anchors, keys, findings),
        entities=_entity_rows(result),
        documents=documents,
        css=Markup(css),
        js=Markup(js),
        csp=_content_security_policy(css, js),
    )


def write_report(result: Result, path: str | Path, **kw: Any) -> None:
    """Render the report and write it atomically (an interrupted run keeps the old file)."""
    # The result's objects are only read: collections need not scan them (10 % at N = 1,000).
    with frozen_heap():
        # A file name that is not UTF-8 shows U+FFFD: the page is always valid UTF-8.
        atomic_write(path, (for_screen(chunk) for chunk in report_chunks(result, **kw)))


def tool_version() -> str:
    version = getattr(factcheck, "__version__", None)
    if isinstance(version, str) and version:
        return version
    try:
        return importlib.metadata.version("factcheck")
    except importlib.metadata.PackageNotFoundError:
        return "0.1.0"


# --------------------------------------------------------------------------------------------
# Templates and static files


# Characters that change the direction of the text after them (embeddings, overrides,
# isolates, marks): in a file name or a quotation they could make "evil\u202etxt.exe" read as
# "evilexe.txt", or reverse the report's own words around them.
_BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FSI, _PDI = "\u2068", "\u2069"  # first-strong isolate … pop directional isolate


def isolate(value: object) -> object:
    """Jinja filter ``bdi``: text holding direction controls, isolated in ``<bdi>`` (they act
    inside it, never on the page around it)."""
    if not _has_bidi(value):
        return value
    return Markup("<bdi>{}</bdi>").format(str(value))


def isolate_name(value: object) -> object:
    """Jinja filter ``bdi_name``: a name (file, source, title) with its direction controls
    shown as ``[U+202E]`` and isolated, so it reads in the order of its characters."""
    if not _has_bidi(value):
        return value
    shown = _BIDI_RE.sub(lambda m: f"[U+{ord(m.group()):04X}]", str(value))
    return Markup("<bdi>{}</bdi>").format(shown)


def _finalize(value: object) -> object:
    """Every other value (attributes, <title>, SVG text) with direction controls is wrapped
    in FSI … PDI, the isolation plain text allows."""
    if type(value) is str and _has_bidi(value):  # not Markup: made here, already isolated
        return f"{_FSI}{value}{_PDI}"
    return value


def _has_bidi(value: object) -> bool:
    """Whether ``value`` (not markup) holds a direction control (ASCII text never does)."""
    if isinstance(value, Markup):
        return False
    text = value if isinstance(value, str) else str(value)
    return not text.isascii() and _BIDI_RE.search(text) is not None


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    environment.filters["bdi"] = isolate
    environment.filters["bdi_name"] = isolate_name
    return environment


@cache
def _static(name: str) -> str:
    text = (_HERE / "static" / name).read_text(encoding="utf-8")
    # Inlined verbatim into <style>/<script>: a closing tag inside would end the element early.
    if re.search(r"</(?:script|style)", text, re.IGNORECASE):
        raise ValueError(f"static/{name}: contains a closing script/style tag")
    return text


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _content_security_policy(css: str, js: str) -> str:
    """Nothing loads or runs but the page's own inline style and script, pinned by hash."""
    return "; ".join([
        "default-src 'none'",
        f"script-src {_sha256(js)}",
        f"style-src {_sha256(css)}",
        "base-uri 'none'",
        "form-action 'none'",
    ])


# --------------------------------------------------------------------------------------------
# Findings


def rule_meanings(rule_ids: set[str]) -> dict[str, str | None]:
    """Each rule's "What it finds:" line from its documentation, else RULE_MEANINGS."""
    registry = load_builtin_rules()
    meanings: dict[str, str | None] = {}
    for rule_id in rule_ids:
        summary = registry[rule_id].summary if rule_id in registry else ""
        meanings[rule_id] = (summary[:1].upper() + summary[1:]) or RULE_MEANINGS.get(rule_id)
    return meanings


def _evidence_anchor(number: int, index: int, ev: Evidence,
                     by_id: dict[str, Document]) -> str | None:
    doc = by_id.get(ev.source)
    if doc is None or not 0 <= ev.start < ev.end <= len(doc.text):
        return None
    return f"f{number}-e{index}"


def _finding_view(number: int, finding: Finding, by_id: dict[str, Document],
                  anchors: dict[str, str], keys: dict[str, str],
                  meanings: dict[str, str | None], marks: list[str | None]) -> FindingView:
    evidence = finding.evidence
    if finding.rule in _TIMELINE_RULES:
        # An update reads in the order it happened.
        order = sorted(range(len(evidence)),
                       key=lambda k: (_published(evidence[k], by_id) or date.max, k))
    else:
        order = list(range(len(evidence)))
    view = FindingView(
        number=number,
        rule=finding.rule,
        meaning=meanings[finding.rule],
        severity=finding.severity,
        entity=finding.entity,
        attribute=finding.attribute,
        message=finding.message,
        evidence=[_evidence_view(evidence[k], by_id, anchors, keys, marks[k]) for k in order],
    )
    if finding.rule in _TIMELINE_RULES:
        view.timeline = _timeline(evidence, by_id)
    elif finding.rule in _DIFF_RULES:
        view.diffs = _word_diffs(evidence, keys)
    elif finding.rule in _SPELLING_RULES:
        view.spellings = _spellings(finding)
    else:
        # Dates are plotted as years: their evidence states a date, not a figure; times of day
        # (minutes after midnight) as clock times.
        clock = finding.attribute.startswith("time ")
        dates = not clock and bool(finding.evidence) and all(isinstance(ev.value, str)
                                                             for ev in finding.evidence)
        # A measure's axis is in its base unit, which no source wrote: its rows say the values.
        scale = not any(is_measure(ev.unit) for ev in finding.evidence)
        view.number_line = _number_line(_plotted(finding, keys), years=dates, clock=clock,
                                        scale=scale)
    return view


def _evidence_view(ev: Evidence, by_id: dict[str, Document], anchors: dict[str, str],
                   keys: dict[str, str], mark: str | None) -> EvidenceView:
    doc = by_id.get(ev.source)
    before, span, after = _quote_parts(ev, doc)
    return EvidenceView(
        reading=_reading(ev),
        interval=_interval_text(ev),
        source=ev.source,
        source_key=keys.get(ev.source),
        source_title=doc.title if doc else None,
        doc_anchor=anchors.get(ev.source),
        published=_iso(doc.published) if doc else None,
        before=before, span=span, after=after,
        anchor=mark,
    )


def _published(ev: Evidence, by_id: dict[str, Document]) -> date | None:
    doc = by_id.get(ev.source)
    return doc.published if doc else None


def _quote_parts(ev: Evidence, doc: Document | None) -> tuple[str, str, str]:
    """The evidence sentence split around the exact span (before, span, after)."""
    sentence = ev.sentence
    if not sentence:
        return "", ev.text, ""
    if doc is not None and 0 <= ev.start < ev.end <= len(doc.text):
        # Locate the sentence around the span's offsets, so a repeated word is not mistaken
        # for the cited one.
        at = doc.text.rfind(sentence, max(0, ev.end - len(sentence)), ev.start + len(sentence))
        if at != -1:
            a, b = ev.start - at, ev.end - at
            return sentence[:a], sentence[a:b], sentence[b:]
    at = sentence.find(ev.text) if ev.text else -1
    if at == -1:
        return sentence, "", ""
    return sentence[:at], ev.text, sentence[at + len(ev.text):]


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def format_number(x: float) -> str:
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1e6:  # 19,682,616,396, not 1.96826e+10
        return f"{x:,.0f}"
    return f"{x:,.6g}"


def _reading(ev: Evidence) -> str:
    """The value as an editor would say it: 'at least 2,400 residents', '1,800–2,200'; a
    measure as written ('7,600 square miles', not its square metres)."""
    if is_measure(ev.unit) and ev.text:
        return ev.text
    if _is_number(ev.value):
        if ev.qualifier == "range" and ev.low is not None and ev.high is not None:
            text = f"{format_number(ev.low)}–{format_number(ev.high)}"
        else:
            text = QUALIFIER_WORDS.get(ev.qualifier or "", "") + format_number(float(ev.value))
        return f"{text} {ev.unit}" if ev.unit else text
    if ev.value is None or ev.value == "":
        return ev.text
    return str(ev.value)


def _interval_text(ev: Evidence) -> str | None:
    """The interval the figure allows, when it is more than the plain number (a measure's is
    in the base unit: not shown)."""
    if not _is_number(ev.value) or is_measure(ev.unit):
        return None
    low, high = ev.low, ev.high
    if low is None and high is None:
        return None
    if low is None:
        return f"≤ {format_number(high)}"  # type: ignore[arg-type]
    if high is None:
        return f"≥ {format_number(low)}"
    if low == high:
        return None if low == ev.value else f"= {format_number(low)}"
    return f"{format_number(low)} to {format_number(high)}"


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


Plotted = tuple[str, float | None, float | None, object]  # label, low, high, value


def _plotted(finding: Finding, keys: dict[str, str]) -> list[Plotted]:
    """What the rule compared (per-source intervals) when it says so, else each figure cited."""
    if finding.intervals:
        return [(f"{keys.get(source, '?')} {explanation}", low, high,
                 low if low is not None and low == high else None)  # a point gets its dot
                for source, low, high, explanation in finding.intervals]
    return [(f"{keys.get(ev.source, '?')} {ev.text or _reading(ev)}", ev.low, ev.high, ev.value)
            for ev in finding.evidence
            if _is_number(ev.value) or ev.low is not None or ev.high is not None]


def _number_line(numeric: list[Plotted], *, years: bool = False, clock: bool = False,
                 scale: bool = True) -> NumberLine | None:
    """Each interval on one shared axis; open ends run to the edge as arrows. Each row is
    labelled above its line (source's short name and the words cited), so the plot keeps the
    full width and the labels stay legible on a phone."""
    if not numeric:
        return None
    finite = [float(x) for _, low, high, value in numeric for x in (low, high, value)  # type: ignore[arg-type]
              if _is_number(x)]
    lo, hi = min(finite), max(finite)
    pad = (hi - lo) * 0.12 if hi > lo else max(abs(lo) * 0.1, 1.0)
    lo, hi = lo - pad, hi + pad
    width, left, right, row_h, top = 340, 10.0, 330.0, 30, 12

    def x_of(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * (right - left), 1)

    rows: list[Row] = []
    for i, (label, low, high, stated) in enumerate(numeric):
        value = float(stated) if _is_number(stated) else None  # type: ignore[arg-type]
        if low is None and high is None:
            # No interval given: the figure is read as stated, a point.
            low = high = value
        open_low, open_high = low is None, high is None
        x_low = left if low is None else x_of(low)
        x_high = right if high is None else x_of(high)
        rows.append(Row(_short(label, 48), top + i * row_h, top + i * row_h + 10, x_low, x_high,
                        x_of(value) if value is not None else None, open_low, open_high))
    axis_y = top + len(rows) * row_h
    ticks = [(x_of(v), _tick(v, years, clock)) for v in sorted(set(finite))] if scale else []
    # Keep tick labels from overprinting each other: drop those too close to the previous one.
    kept: list[tuple[float, str]] = []
    for tick in ticks:
        if not kept or tick[0] - kept[-1][0] >= 7 * max(len(kept[-1][1]), len(tick[1])) + 4:
            kept.append(tick)
    return NumberLine(width, int(axis_y + 26), left, right, axis_y, kept, rows)


def _tick(value: float, years: bool, clock: bool) -> str:
    if clock:  # minutes after midnight: 22:35
        minutes = int(value) % (24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if years and float(value).is_integer():
        return str(int(value))  # the year 2015, not the number 2,015
    return format_number(value)


def _timeline(evidence: list[Evidence], by_id: dict[str, Document]) -> Timeline | None:
    dated = sorted(((d, ev) for ev in evidence if (d := _published(ev, by_id)) is not None),
                   key=lambda pair: pair[0])
    if not dated:
        return None
    width, left, right, axis_y = 320, 36.0, 284.0, 34.0
    first, last = dated[0][0].toordinal(), dated[-1][0].toordinal()
    points: list[TimelinePoint] = []
    for when, ev in dated:
        if last > first:
            x = left + (when.toordinal() - first) / (last - first) * (right - left)
        elif len(dated) > 1:  # all on one day: keep the order they were cited in
            x = left + len(points) / (len(dated) - 1) * (right - left)
        else:
            x = (left + right) / 2
        value = format_number(float(ev.value)) if _is_number(ev.value) else _short(_reading(ev))
        # Lift a label above its neighbour's when the two would overprint.
        crowded = bool(points) and x - points[-1].x < 80 and points[-1].value_y == axis_y - 10
        lift = 14 if crowded else 0
        points.append(TimelinePoint(round(x, 1), value, when.isoformat(),
                                    axis_y - 10 - lift, axis_y + 18 + lift))
    return Timeline(width, 76, axis_y, points, len(evidence) - len(dated))


def _norm_word(word: str) -> str:
    return word.strip(_WORD_EDGE_PUNCT).casefold()


def _word_diffs(evidence: list[Evidence], keys: dict[str, str]) -> list[WordDiff]:
    """Word-level differences of each later quotation against the first one."""
    if len(evidence) < 2:
        return []
    base = evidence[0]
    base_words = base.text.split()
    diffs = []
    for other in evidence[1:]:
        parts = word_diff(base_words, other.text.split(), _norm_word)
        diffs.append(WordDiff(keys.get(base.source, base.source),
                              keys.get(other.source, other.source), parts))
    return diffs


def _spellings(finding: Finding) -> list[Spelling]:
    counts = Counter(ev.text or str(ev.value or "") for ev in finding.evidence)
    counts.pop("", None)
    suggested = _suggested_spelling(finding, list(counts))
    return [Spelling(text, n, text == suggested)
            for text, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _suggested_spelling(finding: Finding, spellings: list[str]) -> str | None:
    """The rule's suggestion, else the spelling the message recommends (after a cue word)."""
    if finding.suggestion:
        return finding.suggestion
    message = finding.message
    positions = {}
    for spelling in spellings:
        found = [m.start() for m in re.finditer(
            r"(?<!\w)" + re.escape(spelling) + r"(?!\w)", message)]
        if found:
            positions[spelling] = found
    cue = _SUGGESTION_CUE.search(message)
    if cue:
        after = [(min(p for p in ps if p > cue.end()), s)
                 for s, ps in positions.items() if any(p > cue.end() for p in ps)]
        if after:
            return min(after)[1]
    if len(positions) == 1:
        return next(iter(positions))
    if finding.entity in spellings:
        return finding.entity
    return None


# --------------------------------------------------------------------------------------------
# Full texts: flat runs of text, so overlapping spans never produce crossing tags.


class MarkSpan(NamedTuple):
    """One evidence span to mark in a full text."""

    start: int
    end: int
    finding: int  # the finding's number in the report
    rank: int  # its severity rank
    anchor: str  # the id the finding's card links to


def _spans_by_source(result: Result, findings: list[Finding]
                     ) -> tuple[dict[str, list[Fact]], dict[str, list[int]]]:
    """Facts per source, and the numbers of the findings citing each source, gathered once
    for all texts. The facts themselves, not a (start, end) pair each: at 4,000 documents
    the pairs took 30 MB."""
    facts: dict[str, list[Fact]] = defaultdict(list)
    for fact in result.all_facts:
        facts[fact.source].append(fact)
    cited: dict[str, list[int]] = defaultdict(list)
    for n, finding in enumerate(findings, 1):
        for source in dict.fromkeys(ev.source for ev in finding.evidence):
            cited[source].append(n)
    return facts, cited


def _marks(source: str, numbers: list[int], findings: list[Finding],
           by_id: dict[str, Document]) -> list[MarkSpan]:
    """The evidence spans to mark in one source's text: those of the findings ``numbers``
    (each numbered from 1), where the offsets fit the document; cards link only to those."""
    marks = []
    for n in numbers:
        finding = findings[n - 1]
        rank = SEVERITY_RANK[finding.severity]
        for k, ev in enumerate(finding.evidence):
            if ev.source == source:
                anchor = _evidence_anchor(n, k, ev, by_id)
                if anchor is not None:
                    marks.append(MarkSpan(ev.start, ev.end, n, rank, anchor))
    return marks


def _segments(text: str, facts: list[Fact], marks: list[MarkSpan]) -> list[Segment]:
    """The text cut at every span boundary; each run knows which spans cover it."""
    size = len(text)
    # Net change in the number of open fact spans at each boundary (0 still cuts the text).
    fact_delta: dict[int, int] = {}
    for fact in facts:
        start, end = fact.start, fact.end
        if 0 <= start < end <= size:
            fact_delta[start] = fact_delta.get(start, 0) + 1
            fact_delta[end] = fact_delta.get(end, 0) - 1
    mark_starts: dict[int, list[MarkSpan]] = defaultdict(list)
    mark_ends: dict[int, list[MarkSpan]] = defaultdict(list)
    for mark in sorted(marks):
        mark_starts[mark.start].append(mark)
        mark_ends[mark.end].append(mark)

    cuts = sorted({0, size, *fact_delta, *mark_starts, *mark_ends})
    segments: list[Segment] = []
    open_facts = 0
    open_marks: Counter[MarkSpan] = Counter()
    for pos, nxt in pairwise(cuts):
        open_facts += fact_delta.get(pos, 0)
        for mark in mark_ends.get(pos, ()):
            open_marks[mark] -= 1
            if not open_marks[mark]:
                del open_marks[mark]
        starting = mark_starts.get(pos)
        if starting:
            for mark in starting:
                open_marks[mark] += 1
        severity = _RANK_NAME[max(m.rank for m in open_marks)] if open_marks else None
        refs: list[Ref] = []
        for mark in mark_ends.get(nxt, ()):
            if all(ref.number != mark.finding for ref in refs):
                refs.append(Ref(mark.finding, _RANK_NAME[mark.rank]))
        segments.append(Segment(text[pos:nxt], open_facts > 0, severity,
                                [m.anchor for m in starting] if starting else [], refs))
    return segments


# --------------------------------------------------------------------------------------------
# Sources and entities


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _corpus_name(docs: list[Document]) -> str:
    """Without a name given, the folder the documents share."""
    folders = {os.path.dirname(os.path.abspath(doc.path)) for doc in docs if doc.path}
    try:
        common = os.path.commonpath(sorted(folders)) if folders else ""
    except ValueError:  # different drives
        common = ""
    return common or "untitled corpus"


def _file_uri(path: str) -> str | None:
    if not path:
        return None
    try:
        return Path(path).resolve().as_uri()
    except (OSError, ValueError):
        return None


def _web_url(url: str | None) -> str | None:
    """Only plain web links are clickable; anything else (javascript:, data:) stays text."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _source_rows(docs: list[Document], anchors: dict[str, str], keys: dict[str, str],
                 findings: list[Finding]) -> list[SourceRow]:
    by_id = {doc.id: doc for doc in docs}
    depends_on: dict[str, list[Link]] = defaultdict(list)
    repeated_by: dict[str, list[Link]] = defaultdict(list)
    for n, finding in enumerate(findings, 1):
        if finding.rule != "source-dependency":
            continue
        sources = list(dict.fromkeys(ev.source for ev in finding.evidence))
        # The earliest published source is taken as the original; undated ones keep the
        # order the finding cites them in.
        sources.sort(key=lambda s: (by_id[s].published or date.max) if s in by_id else date.max)
        if len(sources) < 2:
            continue
        origin = sources[0]
        for copy in sources[1:]:
            depends_on[copy].append(Link(origin, anchors.get(origin), n))
            repeated_by[origin].append(Link(copy, anchors.get(copy), n))
    return [
        SourceRow(keys[doc.id], doc.id, doc.title, _iso(doc.published), anchors[doc.id],
                  _file_uri(doc.path), _web_url(doc.url), doc.repaired, doc.encoding,
                  list(doc.notes), depends_on.get(doc.id, []), repeated_by.get(doc.id, []))
        for doc in docs
    ]


def _entity_rows(result: Result) -> list[EntityRow]:
    per_name = Counter(fact.entity for fact in result.all_facts)
    rows = []
    for entity in sorted(result.entities, key=lambda e: e.name.casefold()):
        names = dict.fromkeys([entity.name, entity.id, *entity.aliases])
        rows.append(EntityRow(entity.name, entity.kind, sorted(entity.aliases),
                              sorted(entity.variants), sum(per_name[n] for n in names)))
    return rows
