"""Date claims: date facts, dates named without an attribute, what is not a claim."""

from __future__ import annotations

from factcheck.review_mode.claims import CONTRADICTED, SUPPORTED, UNSUPPORTED, ReviewResult
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


# -- the ferry corpus: dates the sources give otherwise ---------------------------------------


def test_a_weekday_that_does_not_fit_its_date_is_contradicted(ferry: ReviewResult) -> None:
    claim = by_text(ferry)["Wednesday, 9 April 2024"]
    assert claim.status == CONTRADICTED
    assert claim.reason.endswith("9 April 2024 was a Tuesday, not a Wednesday")


def test_a_yearless_day_the_sources_give_otherwise_is_contradicted(ferry: ReviewResult) -> None:
    claim = by_text(ferry)["13 April"]
    assert claim.fact.value == "2024-04-13"  # the Markdown '*Published …*' line was read
    assert claim.fact.entity.startswith("recovered")  # the action it dates comes first
    assert claim.status == CONTRADICTED
    assert claim.contradicting == ["src_paper", "src_wire"]
    cited = {e.source: e.text for e in claim.evidence("contradicts")}
    assert cited == {"src_paper": "11 April", "src_wire": "Thursday"}
    assert "2024-04-11" in claim.reason


def test_a_year_the_sources_give_otherwise_is_contradicted(ferry: ReviewResult) -> None:
    claim = by_text(ferry)["2011"]
    assert claim.status == CONTRADICTED
    assert "2011 cannot hold with 2009" in claim.reason


def test_a_day_the_sources_give_by_its_weekday_is_supported(ferry: ReviewResult) -> None:
    claim = by_text(ferry)["14 April"]
    assert claim.status == SUPPORTED
    assert {e.text for e in claim.evidence("supports")} == {"Sunday"}


def test_background_dates_and_adjectives_are_never_contradicted(ferry: ReviewResult) -> None:
    claims = by_text(ferry)
    # "the worst … since 1985": a background event; a source's "since 1987" is no conflict.
    assert claims["1985"].status != CONTRADICTED
    # "The collapsed pier … on 9 April 2024": "collapsed" after an article dates nothing.
    assert claims["1987"].status != CONTRADICTED
    assert claims["9 April 2024"].status != CONTRADICTED


def test_last_week_is_not_a_date_claim(ferry: ReviewResult) -> None:
    assert not [c for c in ferry.claim_list() if "week" in c.fact.text]


def test_a_dates_entity_is_what_it_dates(ferry: ReviewResult) -> None:
    claims = by_text(ferry)
    # the name the action happened to, then the action; not a bag of nearby words
    assert claims["10 April"].fact.entity == "Oskar Lind detained"
    assert claims["10 April"].status == UNSUPPORTED
    # no name in the sentence: the action, then the nearest key words
    assert claims["13 April"].fact.entity.split()[0] == "recovered"
