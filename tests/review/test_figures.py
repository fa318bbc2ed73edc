"""Figure claims: subgroups, parts against totals, figures that are not plain assertions."""

from __future__ import annotations

from factcheck.review_mode.claims import CONTRADICTED, SUPPORTED, UNSUPPORTED, ReviewResult
from factcheck.review_mode.figures import checkable

from .conftest import by_text


def test_subgroup_meets_the_same_subgroup(flood: ReviewResult) -> None:
    claim = by_text(flood)["9 rescue workers"]
    assert claim.status == SUPPORTED
    assert claim.supporting == ["src_river"]
    # src_radio's 75 people is a total: it neither confirms nor contradicts a subgroup.
    assert "src_radio" not in claim.contradicting


def test_part_larger_than_a_sources_total_is_contradicted(flood: ReviewResult) -> None:
    claim = by_text(flood)["80 firefighters"]
    assert claim.status == CONTRADICTED
    assert "total 75" in claim.reason
    assert claim.contradicting == ["src_radio"]


def test_forecast_is_matched_never_contradicted(flood: ReviewResult) -> None:
    claim = by_text(flood)["150"]
    assert claim.fact.modality == "predicted"
    assert claim.status == UNSUPPORTED  # 75 stated the same day does not contradict a forecast
    assert "never contradicted" in claim.reason


def test_implied_total_of_parts_is_compared(quake: ReviewResult) -> None:
    # "30 people" against a_wire's floor of 41 and b_paper's 43: the sources agree.
    claim = by_text(quake)["30 people"]
    assert claim.status == CONTRADICTED
    assert {p.stance for p in claim.passages} == {"contradicts"}


def test_only_figures_with_a_bound_are_claims(quake: ReviewResult) -> None:
    figures = [c for c in quake.claim_list() if c.kind == "quantity"]
    assert figures and all(checkable(c.fact) for c in figures)


def test_a_fixed_fact_told_on_another_date_still_contradicts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from factcheck.review_mode import review

    source = tmp_path / "source.txt"
    source.write_text("date: 2025-04-02\nFerry sinks off Velden\n\nThe ferry sank off Velden on "
                      "Monday. It carried 120 people on board. Officials said 40 people were "
                      "missing.\n")
    doc = tmp_path / "doc.txt"
    doc.write_text("date: 2025-04-09\nVelden ferry: a week on\n\nThe ferry that sank off Velden "
                   "on March 31 carried 150 people on board. Officials said 12 people were "
                   "missing.\n")
    claims = by_text(review(doc, [source], jobs=1))
    # The people aboard do not change in a week: 150 against 120 is contradicted.
    assert claims["150 people"].status == CONTRADICTED
    # The missing may: 12 a week after 40 neither confirms nor contradicts it.
    assert claims["12 people"].status == UNSUPPORTED
