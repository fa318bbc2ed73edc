"""Reviews of the corpora in tests/review/corpus (documents written for these tests), each run
once per session: the pipeline is the slow part."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.review_mode import ReviewResult, review
from factcheck.review_mode.claims import Claim

CORPUS = Path(__file__).parent / "corpus"
QUAKE = CORPUS / "quake"
FLOOD = CORPUS / "flood"
RULES = CORPUS / "rules"
QUAKE_SOURCES = [QUAKE / "a_wire.txt", QUAKE / "b_paper.txt", QUAKE / "c_copy.txt"]
FLOOD_SOURCES = [FLOOD / "src_river.txt", FLOOD / "src_radio.txt", FLOOD / "src_undated.txt"]


def by_text(result: ReviewResult) -> dict[str, Claim]:
    """Claims by the words they cover (the corpora never claim the same words twice, except
    where a test says so)."""
    return {c.fact.text: c for c in result.claim_list()}


@pytest.fixture(scope="session")
def quake() -> ReviewResult:
    return review(QUAKE / "review_doc.txt", QUAKE_SOURCES, jobs=1)


@pytest.fixture(scope="session")
def quake_ok() -> ReviewResult:
    """A first-day article (published before the sources) against the sources that repeat
    each other."""
    return review(QUAKE / "review_ok.txt", [QUAKE / "a_wire.txt", QUAKE / "c_copy.txt"],
                  jobs=1)


@pytest.fixture(scope="session")
def flood() -> ReviewResult:
    return review(FLOOD / "doc_flood.txt", FLOOD_SOURCES, rules=[RULES], jobs=1)


FERRY = CORPUS / "ferry"


@pytest.fixture(scope="session")
def ferry() -> ReviewResult:
    """A Markdown briefing with a '*Published …*' line: dates against two sources."""
    return review(FERRY / "review_doc.md", [FERRY / "src_wire.txt", FERRY / "src_paper.txt"],
                  jobs=1)
