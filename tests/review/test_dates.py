"""Date claims: date facts, dates named without an attribute, what is not a claim."""

from __future__ import annotations

from factcheck.review_mode.claims import SUPPORTED, UNSUPPORTED, ReviewResult
from factcheck.review_mode.dates import MENTIONED, compatible, keyword

from .conftest import by_text


def test_compatible_at_shared_precision() -> None:
    assert compatible("2015-01", "2015", 2)
    assert compatible("2021-08-26", "2021-08", 2)
    assert compatible("2021-08-26", "2021-08-27", 2)  # within the rules' window
    assert not compatible("2021-08-26", "2021-08-30", 2)
    assert not compatible("2015", "2018", 2)
    assert not compatible("2021-08", "2021-09", 2)


def test_keywords_fold_plurals_and_drop_function_and_date_words() -> None:
    assert keyword("withdrawals") == keyword("withdrawal") == "withdrawal"
    assert keyword("Injuries") == "injury"
    assert keyword("ministry's") == "ministry"
    assert keyword("the") is None and keyword("August") is None and keyword("2021") is None
    assert keyword("class") == "class"


def test_event_date_agrees_with_weekday_resolved_in_a_source(flood: ReviewResult) -> None:
    saturdays = [c for c in flood.claim_list() if c.fact.text == "Saturday"]
    assert saturdays and all(c.status == SUPPORTED for c in saturdays)
    assert saturdays[0].supporting == ["src_radio", "src_river"]


def test_weekday_in_an_undated_source_proves_no_calendar_date(flood: ReviewResult) -> None:
    # src_undated says "On Thursday" in the same words; 1 June 2023 was a Thursday, but the
    # source has no date to say which Thursday.
    claim = by_text(flood)["1 June 2023"]
    assert claim.fact.attribute == MENTIONED
    assert claim.status == UNSUPPORTED


def test_yearless_date_in_an_undated_source_matches_day_and_month(quake: ReviewResult) -> None:
    claim = by_text(quake)["March 15"]
    assert claim.status == SUPPORTED
    cited = {e.source: e.text for e in claim.evidence()}
    assert cited["b_paper"] == "15th of March"


def test_same_date_without_shared_words_does_not_support(quake: ReviewResult) -> None:
    # c_copy's date line reads "March 13, 2024", the day of the memorial service the document
    # mentions; a date line shares no words with the claim, so it supports nothing.
    claim = by_text(quake)["March 13"]
    assert claim.status == UNSUPPORTED
    assert "held, memorial, service, valley" in claim.reason


def test_head_date_line_is_not_a_claim(quake: ReviewResult, flood: ReviewResult) -> None:
    assert "March 14, 2024" not in by_text(quake)
    assert "June 6, 2023" not in by_text(flood)
