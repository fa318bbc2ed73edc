"""Claims and the review's result: statuses, summary, JSON shape."""

from __future__ import annotations

import json

from factcheck.model import Evidence, Finding
from factcheck.result import finding_dict
from factcheck.review_mode.claims import (
    STATUSES,
    ReviewResult,
    Summary,
    evidence_dict,
)


def test_summary_counts_and_share() -> None:
    summary = Summary({"contradicted": 1, "unsupported": 2, "disputed": 0, "supported": 5}, 8)
    assert summary.supported_share == 5 / 8
    assert summary.line() == ("8 checkable claims: 1 contradicted, 2 unsupported, 0 disputed, "
                              "5 supported (62% supported)")
    assert Summary(dict.fromkeys(STATUSES, 0), 0).supported_share == 0.0


def test_summary_of_a_review(quake: ReviewResult) -> None:
    summary = quake.summary()
    assert summary.total == len(quake.claim_list()) == sum(summary.counts.values())


def test_evidence_has_the_findings_shape() -> None:
    ev = Evidence("s1", "s1.txt", 3, 5, 40, 49, "12 people", "12 people died.", 12.0, 12.0,
                  12.0, "exact", "people")
    assert evidence_dict(ev) == finding_dict(Finding("r", "error", "e", "a", "m", [ev]))[
        "evidence"][0]


def test_json_has_claims_with_fact_status_evidence_reason(quake: ReviewResult) -> None:
    data = json.loads(json.dumps(quake.to_dict(), ensure_ascii=False))
    assert data["schema"] == "factcheck/result@1"
    claims = data["claims"]
    assert len(claims) == len(quake.claim_list())
    first = claims[0]
    assert first["status"] == "contradicted"  # actionable order
    assert {"fact", "status", "reason", "evidence"} <= set(first)
    finding_keys = set(evidence_dict(quake.claim_list()[0].passages[0].evidence))
    for claim in claims:
        for ev in claim["evidence"]:
            assert set(ev) == finding_keys | {"stance"}
            assert ev["stance"] in ("supports", "contradicts")
    review = data["review"]
    assert review["document"] == "review_doc"
    assert review["counts"] == quake.summary().counts
    assert review["independent_sources"] == ["a_wire", "b_paper"]
    disputed = next(c for c in claims if c["status"] == "disputed")
    assert disputed["side"] == {"took": ["a_wire"], "other": ["b_paper"], "majority": False,
                                "latest": True}
