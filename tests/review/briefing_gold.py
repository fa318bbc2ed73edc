"""Scoring review mode on the generated briefings of tests/review/briefings against their gold.

Each briefing ``NAME.md`` has a gold file ``NAME.yaml`` (written before the checker ran on it):
the planted errors, each with the span a contradicted claim must overlap and its kind, and true
claims that must not be contradicted. The briefing is reviewed against the real articles of
``shared/news/<sources>/0*.txt``; an error is caught when a contradicted claim's mention
overlaps its span; a contradicted claim that overlaps no planted error is a false
contradiction. Used by tests/review/test_briefings.py and bench/review_accuracy.py.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.review_mode import review
from factcheck.review_mode.claims import CONTRADICTED, Claim

BRIEFINGS = Path(__file__).parent / "briefings"
ROOT = Path(__file__).parents[2]


def news_root() -> Path | None:
    """``shared/news`` beside the checkout (``../shared/news``) or beside one of its parents
    (a worktree one level down); ``FACTCHECK_NEWS`` names another. None when absent."""
    if env := os.environ.get("FACTCHECK_NEWS"):
        return Path(env) if Path(env).is_dir() else None
    for parent in ROOT.resolve().parents:
        candidate = parent / "shared" / "news"
        if candidate.is_dir():
            return candidate
    return None


@dataclass
class Planted:
    id: str
    kind: str
    start: int
    end: int
    caught_by: list[Claim] = field(default_factory=list)


@dataclass
class Score:
    briefing: str
    planted: list[Planted]
    false_contradictions: list[Claim]
    protected_contradicted: list[tuple[str, Claim]]  # (span, claim) of must-not-contradict

    @property
    def caught(self) -> int:
        return sum(1 for p in self.planted if p.caught_by)

    @property
    def catch_rate(self) -> float:
        return self.caught / len(self.planted) if self.planted else 1.0


def gold_files() -> list[Path]:
    return sorted(BRIEFINGS.glob("*.yaml"))


def load_gold(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def locate(text: str, span: str, context: str | None = None) -> tuple[int, int]:
    """The one place of ``span`` (inside ``context`` when given) in ``text``."""
    where = context or span
    if text.count(where) != 1:
        raise ValueError(f"{where!r} occurs {text.count(where)} times in the briefing")
    base = text.index(where)
    offset = where.index(span) if context else 0
    return base + offset, base + offset + len(span)


def score(gold_path: Path, news: Path) -> Score:
    gold = load_gold(gold_path)
    briefing = BRIEFINGS / gold["briefing"]
    sources = sorted((news / gold["sources"]).glob("0*.txt"))
    result = review(briefing, sources, jobs=1)
    text = result.reviewed.text if result.reviewed else briefing.read_text(encoding="utf-8")
    planted = []
    for error in gold["errors"]:
        start, end = locate(text, error["span"], error.get("context"))
        planted.append(Planted(error["id"], error["kind"], start, end))
    protected = [(item["span"], locate(text, item["span"], item.get("context")))
                 for item in gold.get("must_not_contradict", [])]
    false_contradictions = []
    protected_hit = []
    for claim in result.claim_list():
        if claim.status != CONTRADICTED:
            continue
        hits = [p for p in planted if _overlaps(claim, p.start, p.end)]
        for p in hits:
            p.caught_by.append(claim)
        if not hits:
            false_contradictions.append(claim)
        protected_hit += [(span, claim) for span, (s, e) in protected if _overlaps(claim, s, e)]
    return Score(gold["briefing"], planted, false_contradictions, protected_hit)


def per_kind(scores: list[Score]) -> dict[str, tuple[int, int]]:
    """kind -> (caught, planted) over all briefings."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in scores:
        for p in s.planted:
            out[p.kind][0] += bool(p.caught_by)
            out[p.kind][1] += 1
    return {kind: (c, n) for kind, (c, n) in sorted(out.items())}


def _overlaps(claim: Claim, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in claim.mentions)
