from datetime import date

import pytest

from factcheck.ingest.head import parse_date, read_head


@pytest.mark.parametrize("line", [
    "September 14, 2021", "03 May, 2023", "2021-09-14", "14 September 2021", "Sept. 14, 2021",
    "Tuesday, 14 September 2021", "14th September 2021", "Sep 14, 2021 10:32 AM EDT",
    "2021/09/14",
])
def test_a_line_that_is_only_a_date(line):
    published = read_head(f"Floods cut off mountain villages\n\n{line}\n\nBody text.").published
    assert published == (date(2023, 5, 3) if "2023" in line else date(2021, 9, 14))


@pytest.mark.parametrize("line", [
    "Published: September 14, 2021", "Posted on 2021-09-14", "Published 14 Sept 2021, 9:00",
    "Updated 3:02 PM EDT, Tue September 14, 2021", "Date: 2021-09-14",
])
def test_keyword_date_lines(line):
    assert read_head(f"Quake shakes the coastal city\n{line}\nBody.").published == date(
        2021, 9, 14)


@pytest.mark.parametrize("line", [
    "*Published 14 September 2021*", "_Published: 14 September 2021_",
    "**Published:** September 14, 2021", "*Updated: Tuesday, 14 September 2021, 10:05*",
    "Updated: 14 September 2021",
])
def test_markdown_emphasised_date_lines(line):
    head = read_head(f"# Ferry capsizes on the delta\n\n{line}\n\nBody text.")
    assert head.published == date(2021, 9, 14)
    assert head.title == "Ferry capsizes on the delta"


def test_emphasis_alone_does_not_make_a_date_line():
    head = read_head("*Ferry capsizes on the delta*\n\n*14 September 2021 was calm*\n\nBody.")
    assert head.published is None
    assert head.title == "Ferry capsizes on the delta"


def test_published_wins_over_updated():
    head = read_head("Updated: 2021-09-16\nPublished: 2021-09-14\nDam breach floods valley")
    assert head.published == date(2021, 9, 14)
    assert head.title == "Dam breach floods valley"


def test_date_prefix_line_gives_date_and_title():
    head = read_head(" date 2019-03-02 Election count delayed in three districts.\n\nBody.")
    assert head.published == date(2019, 3, 2)
    assert head.title == "Election count delayed in three districts."


@pytest.mark.parametrize("text", [
    "Storm season begins early\n\nThe storm made landfall on Thursday, forecasters said.",
    "Storm season begins early\nSeptember 14, 2021 was the wettest day on record there.",
    "Storm season begins early\nPublished yesterday\nBody.",
    "Storm season begins early\n14/09/2021\nBody.",  # day and month order unknown
    "Storm season begins early\nSeptember 2021\nBody.",  # no day
    "Storm season begins early\n2021-02-30\nBody.",
])
def test_no_date_is_guessed(text):
    assert read_head(text).published is None


def test_date_below_the_head_is_ignored():
    lines = [f"Paragraph {n} of the report on the harvest." for n in range(12)]
    assert read_head("\n".join([*lines, "September 14, 2021"])).published is None
    assert read_head("\n\n\n".join([*lines[:11], "September 14, 2021"])).published == date(
        2021, 9, 14)


def test_title_skips_masthead_label_byline_and_reading_time():
    text = ("°®Āžµŗ\n\nCOMPANY RESULTS\nBy Jane Doe and Ali Khan\n6 min read\n"
            "03 May, 2023\nChipmaker profits fall as demand slows\n\nBody text.")
    head = read_head(text)
    assert head.title == "Chipmaker profits fall as demand slows"
    assert head.published == date(2023, 5, 3)


def test_markdown_heading_markers_are_not_part_of_the_title():
    assert read_head("# **Wildfire forces evacuations** #\n\nText.").title == (
        "Wildfire forces evacuations")


def test_no_title_when_the_text_starts_with_a_paragraph():
    body = " ".join(["The council met on Monday to discuss the budget for next year."] * 5)
    assert read_head(body + "\n\nShort line with words").title is None


def test_no_title_in_empty_or_wordless_text():
    assert read_head("").title is None
    assert read_head("2021\n***\n12 34").title is None


def test_parse_date_keeps_the_written_day():
    assert parse_date("2021-08-27T23:30:00-04:00") == date(2021, 8, 27)
    assert parse_date("2021-08-27T23:30:00Z") == date(2021, 8, 27)
    assert parse_date("Sept. 14, 2021") == date(2021, 9, 14)
    assert parse_date(date(2020, 1, 2)) == date(2020, 1, 2)
    for value in ("soon", "", "14/09/2021", 20210914, None, "x" * 500):
        assert parse_date(value) is None
