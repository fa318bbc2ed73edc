"""Date mentions: every supported form with its resolved value, the must-not-find cases, and the
resolution of relative dates against several publication dates."""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path

import pytest

from factcheck.extract.dates import find_dates
from factcheck.model import DateMention

FRIDAY = datetime.date(2024, 3, 15)
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def found(text: str, published: datetime.date | None = FRIDAY) -> list[tuple[str, str]]:
    return [(mention.text, mention.iso()) for mention in find_dates(text, published)]


# -- absolute dates: the same value whatever the publication date ---------------------------------

ABSOLUTE = [
    ("The damage survey dated 2023-11-02 lists 40 homes.", "2023-11-02", "2023-11-02"),
    ("The earthquake struck on August 26, 2021, near the coast.", "August 26, 2021",
     "2021-08-26"),
    ("Polls closed on Aug. 31, 2021 in most districts.", "Aug. 31, 2021", "2021-08-31"),
    ("Results were certified Tuesday, Aug. 31, 2021, by the board.",
     "Tuesday, Aug. 31, 2021", "2021-08-31"),
    ("The dam failed on 26 April 2023 after heavy rain.", "26 April 2023", "2023-04-26"),
    ("Updated 03 May, 2023", "03 May, 2023", "2023-05-03"),
    ("The final was replayed on Sept. 3 2022 in Lyon.", "Sept. 3 2022", "2022-09-03"),
    ("The league was founded in January, 2015 by six clubs.", "January, 2015", "2015-01"),
    ("The league was founded in January of 2015.", "January of 2015", "2015-01"),
    ("Quarterly sales for May 2021 fell by a third.", "May 2021", "2021-05"),
    ("The cyclone made landfall in March 2019.", "March 2019", "2019-03"),
    ("Prices peaked in late 2020.", "late 2020", "2020"),
    ("The merger closed in mid-2019.", "mid-2019", "2019"),
    ("Shipments resumed in early April 2022.", "early April 2022", "2022-04"),
    ("The stadium opened in 2013.", "2013", "2013"),
    ("Turnout has fallen since 2018.", "2018", "2018"),
    ("The plant is to close by 2030.", "2030", "2030"),
    ("As noted in the 2018 report, the levees were weak.", "2018", "2018"),
    ("A 2018 report found the levees weak.", "2018", "2018"),
    ("As of 2021, the club had 300 members.", "2021", "2021"),
    ("The 2018 elections were delayed.", "2018", "2018"),
    ("The river was mapped in the summer of 2011.", "2011", "2011"),
]


@pytest.mark.parametrize(("sentence", "span", "iso"), ABSOLUTE)
@pytest.mark.parametrize("published", [FRIDAY, datetime.date(2010, 6, 1), None])
def test_absolute_dates(
    sentence: str, span: str, iso: str, published: datetime.date | None
) -> None:
    mentions = find_dates(sentence, published)
    assert [(m.text, m.iso()) for m in mentions] == [(span, iso)]
    assert not mentions[0].relative


def test_year_range_gives_both_years() -> None:
    assert found("The drought lasted from 2014 to 2016 in the south.") == [
        ("2014", "2014"), ("2016", "2016")
    ]
    assert found("Rainfall was measured between 2001 and 2005.") == [
        ("2001", "2001"), ("2005", "2005")
    ]
    assert found("The drought lasted from 2014-2016 in the south.") == [
        ("2014", "2014"), ("2016", "2016")
    ]


def test_precision() -> None:
    by_text = {m.text: m.precision for m in find_dates(
        "On August 26, 2021 and in May 2021 and in 2013 the river rose.", FRIDAY
    )}
    assert by_text == {"August 26, 2021": "day", "May 2021": "month", "2013": "year"}


# -- dates that need the publication date ---------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "published", "span", "iso"),
    [
        # Yearless day and month: the latest one not after publication + 7 days.
        ("On 26 April, rescuers reached the village.", datetime.date(2023, 5, 3), "26 April",
         "2023-04-26"),
        ("On 26 April, rescuers reached the village.", FRIDAY, "26 April", "2023-04-26"),
        ("On 26 April, rescuers reached the village.", datetime.date(2024, 4, 20), "26 April",
         "2024-04-26"),
        ("The levee broke on the 31st of August.", datetime.date(2021, 8, 27), "31st of August",
         "2021-08-31"),
        ("The levee broke on the 31st of August.", datetime.date(2021, 8, 20), "31st of August",
         "2020-08-31"),
        ("Shelters opened on August 28th.", datetime.date(2021, 9, 14), "August 28th",
         "2021-08-28"),
        ("The final was played on July 26th.", datetime.date(2021, 9, 14), "July 26th",
         "2021-07-26"),
        ("Ferries stopped before the March 2 storm.", datetime.date(2021, 8, 27), "March 2",
         "2021-03-02"),
        # A month alone.
        ("The river flooded in August after weeks of rain.", datetime.date(2021, 8, 27),
         "August", "2021-08"),
        ("The river flooded in August after weeks of rain.", datetime.date(2022, 2, 10),
         "August", "2021-08"),
        ("Campaigning began in early April.", datetime.date(2024, 5, 10), "early April",
         "2024-04"),
        ("Trading was halted last October.", datetime.date(2024, 3, 15), "last October",
         "2023-10"),
        ("Trading was halted last February.", datetime.date(2024, 3, 15), "last February",
         "2024-02"),
        ("In May the reservoir overflowed.", FRIDAY, "May", "2023-05"),
        ("Prices have risen since March, traders said.", FRIDAY, "March", "2024-03"),
        # Weekdays: the most recent on or before publication ("last": strictly before).
        ("The storm hit the coast on Thursday.", FRIDAY, "Thursday", "2024-03-14"),
        ("Thursday's storm cut power to 9,000 homes.", FRIDAY, "Thursday", "2024-03-14"),
        ("Counting ended on Friday.", FRIDAY, "Friday", "2024-03-15"),
        ("Voters went to the polls last Tuesday.", FRIDAY, "last Tuesday", "2024-03-12"),
        ("Counting ended last Friday.", FRIDAY, "last Friday", "2024-03-08"),
        ("The storm hit the coast on Thursday.", datetime.date(2024, 3, 18), "Thursday",
         "2024-03-14"),
        ("The storm hit the coast on Sunday.", datetime.date(2024, 3, 18), "Sunday",
         "2024-03-17"),
        ("The storm hit the coast on Thursday.", datetime.date(2021, 8, 27), "Thursday",
         "2021-08-26"),
        # Words relative to the publication day.
        ("The bridge reopened yesterday.", FRIDAY, "yesterday", "2024-03-14"),
        ("The bridge reopened today.", FRIDAY, "today", "2024-03-15"),
        ("The bridge reopened yesterday.", datetime.date(2024, 1, 1), "yesterday",
         "2023-12-31"),
        ("The bridge reopened two days ago.", FRIDAY, "two days ago", "2024-03-13"),
        ("The bridge reopened 10 days ago.", FRIDAY, "10 days ago", "2024-03-05"),
        ("The bridge reopened last month.", FRIDAY, "last month", "2024-02"),
        ("The bridge reopened last month.", datetime.date(2024, 1, 3), "last month", "2023-12"),
        ("The bridge reopened last year.", FRIDAY, "last year", "2023"),
        ("Tolls will rise this year.", FRIDAY, "this year", "2024"),
        ("The bridge reopened five years ago.", FRIDAY, "five years ago", "2019"),
        # A week is no day: the month that holds the whole window, else nothing.
        ("The bridge reopened last week.", FRIDAY, "last week", "2024-03"),
        ("The bridge reopened three weeks ago.", FRIDAY, "three weeks ago", "2024-02"),
    ],
)
def test_relative_dates(
    sentence: str, published: datetime.date, span: str, iso: str
) -> None:
    mentions = find_dates(sentence, published)
    assert [(m.text, m.iso()) for m in mentions] == [(span, iso)]
    assert mentions[0].relative


def test_a_week_across_a_year_end_has_no_date() -> None:
    assert found("The bridge reopened last week.", datetime.date(2024, 1, 3)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The storm hit the coast on Thursday.",
        "Thursday's storm cut power.",
        "The bridge reopened yesterday.",
        "The bridge reopened last week.",
        "The bridge reopened two days ago.",
        "On 26 April, rescuers reached the village.",
        "The river flooded in August after weeks of rain.",
        "Campaigning began in early April.",
    ],
)
def test_without_publication_date_nothing_is_guessed(sentence: str) -> None:
    assert find_dates(sentence, None) == []


def test_published_datetime_is_accepted() -> None:
    published = datetime.datetime(2024, 3, 15, 23, 59)
    assert found("The storm hit the coast on Thursday.", published) == [
        ("Thursday", "2024-03-14")
    ]


# -- never dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence",
    [
        "Farmers may struggle to recover after the floods.",
        "Why Coastal Towns May Struggle After the Storm",
        "WHY COASTAL TOWNS MAY STRUGGLE AFTER THE STORM",
        "It may be weeks before power returns.",
        "This May Be the Wettest Spring on Record",
        "Power is now restored in most districts.",
        "Thousands march on the capital every week.",
        "Fans March Through Downtown After the Final",
        "Between 2,000 and 3,000 volunteers arrived.",
        "From 2,000 to 3,000 fighters crossed the border.",
        "The hotline is open 24/7 for flood victims.",
        "The polls closed at 10:30 and reopened at 11:45.",
        "A 25-year-old man, aged 25, was rescued.",
        "One in 2000 homes lost power.",
        "Power failed in 2000 homes overnight.",
        "Sales rose by 2000 units.",
        "Sales rose by 2000.",
        "A total of 2010 ballots were spoiled.",
        "The figure fell from 2000 to 1500.",
        "The project cost 2015 dollars per metre.",
        "Growth in the 1990s was slow.",
        "The vote count reached 2019-20 levels.",
        "Black Friday sales were weak.",
        "Shops open Monday-Friday during the repairs.",
        "The curfew starts by 1900 GMT.",
        "It happened 1,500 days ago.",
        "The Sunday Times reported the collapse.",
        "The council will vote on Thursday.",
        "Talks are scheduled for Tuesday in Geneva.",
        "Observers expect a decision next Thursday.",
        "USA Today reported the toll.",
        "In today's economy, insurers are cautious.",
        "Over the last year, insurers paid out more.",
        "Under 3 May Struggle to Read",
        "Theresa May said the plan was sound.",
        "The 5 March Madness games were played.",
        "Children aged 3 to 5 attend the school.",
        "The rescue took a second and a minute.",
        "Firms marched into new markets in march.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert found(sentence) == []


def test_may_with_an_adjacent_number_is_a_date_but_its_count_is_not() -> None:
    # "In May, 2000 people": the month is a date; 2000 counts people.
    assert found("In May, 2000 people were evacuated.") == [("May", "2023-05")]
    assert found("In August 26 people died.") == [("August", "2023-08")]
    assert found("On August 26, 2000 people fled.") == [("August 26", "2023-08-26")]


def test_invalid_calendar_dates_are_dropped() -> None:
    assert found("The vote on 31 June 2021 was void.") == []
    assert found("The vote on February 30, 2021 was void.") == []
    assert found("Ballots cast in February 30, 2021 were void.") == []
    assert found("Polls opened Tuesday, February 30, 2021.") == []
    assert found("Report 2021-13-40 is missing.") == []


def test_offsets_point_at_the_span_and_mentions_are_sorted() -> None:
    text = (
        "Floodwaters rose on Thursday. On March 3, 2024 the river crested, the highest since "
        "2011; a 2018 report had warned of it, officials said yesterday."
    )
    mentions = find_dates(text, FRIDAY)
    assert [m.text for m in mentions] == [
        "Thursday", "March 3, 2024", "2011", "2018", "yesterday"
    ]
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_relative_flag() -> None:
    flags = {m.text: m.relative for m in find_dates(
        "On Thursday and on March 3, 2024 and on 26 April and in 2011.", FRIDAY
    )}
    assert flags == {"Thursday": True, "March 3, 2024": False, "26 April": True, "2011": False}


def test_time_grows_linearly_on_dense_date_words() -> None:
    unit = "May 2021 in 2013 on Thursday 5 March two days ago "
    small = unit * 400
    large = unit * 4000
    find_dates(small, FRIDAY)  # dateparser loads its language data once

    def cpu_seconds(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            began = time.process_time()
            find_dates(text, FRIDAY)
            best = min(best, time.process_time() - began)
        return best

    assert cpu_seconds(large) / max(cpu_seconds(small), 1e-4) < 40


# -- the seed articles as fixtures ----------------------------------------------------------------

def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _covering(mentions: list[DateMention], offset: int) -> list[DateMention]:
    return [m for m in mentions if m.start <= offset < m.end]


def test_seed_000_thursday_is_the_day_before_publication() -> None:
    mentions = find_dates(_seed("000"), datetime.date(2021, 8, 27))
    thursdays = {m.iso() for m in mentions if m.text == "Thursday"}
    assert thursdays == {"2021-08-26"}


def test_seed_002_full_date() -> None:
    for published in (datetime.date(2021, 9, 14), None):
        mentions = find_dates(_seed("002"), published)
        assert ("August 26, 2021", "2021-08-26") in [(m.text, m.iso()) for m in mentions]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seeds_have_no_date_from_the_verb_may(prefix: str) -> None:
    text = _seed(prefix)
    mentions = find_dates(text, datetime.date(2021, 8, 27))
    verbs = list(re.finditer(r"\b[Mm]ay(?=\s+[A-Za-z])", text))
    for verb in verbs:
        assert _covering(mentions, verb.start()) == [], text[verb.start():verb.end() + 20]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A briefing on a March event, published in March: a later day lies in the same year.
        ("The mill fire started on 26 March 2024. The road stays shut until 22 May.",
         datetime.date(2024, 3, 28), "2024-05-22"),
        # A retrospective years later: the day belongs to the events, not to the year before
        # publication.
        ("*Published 16 March 2026*\nThe dam burst on 22 May 2015. The mayor resigned on "
         "25 May.", datetime.date(2026, 3, 16), "2015-05-25"),
        # Across the turn of a year: the nearest dated event decides.
        ("Heavy snow closed the pass on 28 December. It reopened on 2 January 2024.",
         datetime.date(2024, 1, 5), "2023-12-28"),
        # No publication date: the document's dated events still give the year.
        ("The ferry sank on 3 March 2019. Divers reached it on 5 March.", None, "2019-03-05"),
        # A month alone, likewise.
        ("*Published 16 March 2026*\nThe dam burst on 22 May 2015. Its engineer had flown "
         "abroad in April.", datetime.date(2026, 3, 16), "2015-04"),
    ],
)
def test_yearless_days_take_the_year_of_the_documents_events(
    text: str, published: datetime.date | None, expected: str
) -> None:
    found = [m for m in find_dates(text, published) if m.relative]
    assert [m.iso() for m in found] == [expected]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Only the head's date line: the publication date rule stands.
        ("*Published 15 March 2024*\nOn 26 April, rescuers reached the village.",
         datetime.date(2024, 3, 15), "2023-04-26"),
        # The publication date rule lands in a year the document names: kept, even though an
        # older background event is dated nearer in the text.
        ("A 2018 report, filed in March 2018, warned of cracks. The bridge fell on 26 March.",
         datetime.date(2024, 3, 27), "2024-03-26"),
    ],
)
def test_the_publication_date_rule_stands_when_its_year_is_the_documents(
    text: str, published: datetime.date, expected: str
) -> None:
    found = [m for m in find_dates(text, published) if m.relative]
    assert [m.iso() for m in found] == [expected]


def test_without_publication_or_dated_events_a_yearless_day_is_dropped() -> None:
    assert find_dates("Divers reached the wreck on 5 March.", None) == []


def test_a_day_zero_is_no_date_even_beside_a_full_date() -> None:
    # Found by the property test: a yearless "May 0" placed in the year of a full date.
    mentions = find_dates("2021-08-27 May 0 ", None)
    assert all(m.day is None or 1 <= m.day <= 31 for m in mentions)
