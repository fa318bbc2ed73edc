"""The seed articles as fixtures: seed 002 reviewed against the three others."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.review_mode import review
from factcheck.review_mode.claims import CONTRADICTED, SUPPORTED, UNSUPPORTED, ReviewResult

SEEDS = Path(__file__).parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_002() -> ReviewResult:
    seeds = sorted(SEEDS.glob("*.txt"))
    document = next(p for p in seeds if p.name.startswith("002_"))
    return review(document, [p for p in seeds if p != document], jobs=1)


def test_toll_is_contradicted_with_the_other_figures(seed_002: ReviewResult) -> None:
    claim = next(c for c in seed_002.claim_list() if c.fact.text == "170 people")
    assert claim.status == CONTRADICTED
    assert "≥ 182" in claim.reason and "162–198" in claim.reason
    cited = {e.source[:3] for e in claim.evidence("contradicts")}
    assert cited == {"000", "001"}


def test_records_claim_is_unsupported(seed_002: ReviewResult) -> None:
    claim = next(c for c in seed_002.claim_list() if c.fact.attribute == "records-began")
    assert claim.fact.value == "2021"
    assert claim.status == UNSUPPORTED


def test_deadline_date_is_supported_by_the_source_that_states_it(seed_002: ReviewResult) -> None:
    claim = next(c for c in seed_002.claim_list() if c.fact.text == "August 31")
    assert claim.status == SUPPORTED
    assert [e.text for e in claim.evidence()] == ["31st of August"]
