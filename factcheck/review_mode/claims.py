"""Claims of a reviewed document, their statuses, and the review's result.

A claim is one checkable fact of the document under review (a figure, a date, a name, a
quotation with its speaker). Each gets exactly one status:

- ``contradicted``: a source states something that cannot hold with it, and the sources agree
  among themselves (so the document is the odd one out);
- ``unsupported``: no source speaks to this entity and attribute: verify it by other means;
- ``disputed``: the sources disagree among themselves and the document sides with some;
- ``supported``: one or more independent sources state a compatible value.

STATUSES lists them in the order an editor acts on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factcheck.model import Document, Evidence, Fact, Finding
from factcheck.result import Result, fact_dict, finding_dict
from factcheck.worddiff import DiffPart

CONTRADICTED = "contradicted"
UNSUPPORTED = "unsupported"
DISPUTED = "disputed"
SUPPORTED = "supported"
STATUSES: tuple[str, ...] = (CONTRADICTED, UNSUPPORTED, DISPUTED, SUPPORTED)

# Written next to the colour wherever a status is shown, so colour is never the only signal.
STATUS_ICONS: dict[str, str] = {CONTRADICTED: "✗", UNSUPPORTED: "?", DISPUTED: "⇄",
                                SUPPORTED: "✓"}
STATUS_MEANINGS: dict[str, str] = {
    CONTRADICTED: "The sources state something that cannot hold with it.",
    UNSUPPORTED: "No source speaks to it: verify it by other means.",
    DISPUTED: "The sources disagree among themselves; the document takes one side.",
    SUPPORTED: "Independent sources state a compatible value.",
}

# How a cited passage bears on the claim.
SUPPORTS = "supports"
CONTRADICTS = "contradicts"


@dataclass(slots=True)
class Passage:
    """A source passage cited for a claim."""

    evidence: Evidence
    stance: str  # SUPPORTS | CONTRADICTS


@dataclass(slots=True)
class Side:
    """For a disputed claim: the side the document took, and how that side stands."""

    took: list[str]  # independent sources on the document's side
    other: list[str]  # independent sources against it
    majority: bool  # the document's side has more independent sources
    latest: bool | None  # the latest published source is on its side (None: dates unknown)


@dataclass
class Claim:
    number: int  # position in the document, 1-based (claims are numbered in reading order)
    fact: Fact
    status: str
    reason: str
    passages: list[Passage] = field(default_factory=list)
    supporting: list[str] = field(default_factory=list)  # independent sources that agree
    contradicting: list[str] = field(default_factory=list)  # independent sources that do not
    suggestion: str | None = None  # names: the spelling the sources use
    diff: list[DiffPart] = field(default_factory=list)  # reworded quotations: source → document
    side: Side | None = None
    # Where the claim stands in the document: the fact's span, and for a name every mention.
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.fact.kind

    def evidence(self, stance: str | None = None) -> list[Evidence]:
        return [p.evidence for p in self.passages if stance is None or p.stance == stance]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.fact.kind,
            "status": self.status,
            "reason": self.reason,
            "fact": fact_dict(self.fact),
            "evidence": [{**evidence_dict(p.evidence), "stance": p.stance}
                         for p in self.passages],
            "supporting_sources": list(self.supporting),
            "contradicting_sources": list(self.contradicting),
            "suggestion": self.suggestion,
            "diff": [{"op": d.op, "text": d.text} for d in self.diff],
            "side": None if self.side is None else {
                "took": list(self.side.took), "other": list(self.side.other),
                "majority": self.side.majority, "latest": self.side.latest},
            "mentions": [[start, end] for start, end in self.mentions],
        }


def evidence_dict(evidence: Evidence) -> dict[str, Any]:
    """An Evidence exactly as findings serialise it (one shape for findings and claims)."""
    return dict(finding_dict(Finding("", "info", "", "", "", [evidence]))["evidence"][0])


def actionable_order(claims: list[Claim]) -> list[Claim]:
    """Contradicted, then unsupported, disputed and supported; in reading order within each."""
    rank = {status: i for i, status in enumerate(STATUSES)}
    return sorted(claims, key=lambda c: (rank[c.status], c.number))


@dataclass
class Summary:
    counts: dict[str, int]
    total: int

    @property
    def supported_share(self) -> float:
        """The share of checkable claims that are supported (0 when there are none)."""
        return self.counts[SUPPORTED] / self.total if self.total else 0.0

    def line(self) -> str:
        """'12 claims: 2 contradicted, 3 unsupported, 0 disputed, 7 supported (58% supported)'."""
        parts = ", ".join(f"{self.counts[s]} {s}" for s in STATUSES)
        noun = "claim" if self.total == 1 else "claims"
        return (f"{self.total} checkable {noun}: {parts} "
                f"({self.supported_share:.0%} supported)")


class ReviewResult(Result):
    """A Result of the run over the document and its sources, with the document's claims.

    ``claims`` holds Claim objects in actionable order (see ``actionable_order``).
    """

    reviewed: Document | None = None
    sources_used: list[str]
    independent_sources: list[str]  # origins: copies count once
    # Sources read but not used as evidence, with the reason ("repeats the document").
    set_aside: dict[str, str]

    @classmethod
    def from_result(cls, result: Result, *, reviewed: Document | None = None,
                    sources_used: list[str] | None = None,
                    independent_sources: list[str] | None = None,
                    set_aside: dict[str, str] | None = None) -> ReviewResult:
        review = object.__new__(cls)
        review.__dict__.update(result.__dict__)  # the run's state, restore hook included
        review.reviewed = reviewed
        review.sources_used = sources_used or []
        review.independent_sources = independent_sources or []
        review.set_aside = set_aside or {}
        return review

    def claim_list(self) -> list[Claim]:
        return list(self.claims or [])

    def summary(self) -> Summary:
        claims = self.claim_list()
        counts = {status: 0 for status in STATUSES}
        for claim in claims:
            counts[claim.status] += 1
        return Summary(counts, len(claims))

    def to_dict(self, *, include_facts: bool = False) -> dict[str, Any]:
        out = super().to_dict(include_facts=include_facts)
        summary = self.summary()
        out["review"] = {
            "document": self.reviewed.id if self.reviewed else None,
            "sources": list(self.sources_used),
            "independent_sources": list(self.independent_sources),
            "set_aside": [{"source": s, "reason": r} for s, r in sorted(self.set_aside.items())],
            "counts": dict(summary.counts),
            "claims": summary.total,
            "supported_share": round(summary.supported_share, 4),
        }
        return out
