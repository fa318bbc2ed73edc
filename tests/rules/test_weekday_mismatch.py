from __future__ import annotations

from collections.abc import Callable

import pytest

from factcheck.graph import FactGraph
from factcheck.model import Finding


@pytest.fixture
def weekdays(run_rule: Callable[..., list[Finding]],
             graph_from: Callable[..., FactGraph]) -> Callable[..., list[Finding]]:
    def run(text: str, published: str | None = "2021-07-28") -> list[Finding]:
        return run_rule("weekday-mismatch", graph_from({"a": (published, text)}))
    return run


@pytest.mark.parametrize(("text", "written", "actual"), [
    ("The ferry capsized on Friday, 3 October 2019 near the delta.", "Friday", "Thursday"),
    ("The dam gave way on Monday, 22 May 2016, at night.", "Monday", "Sunday"),
    ("Voting closed on Saturday, Sept. 5, 2021 in the north.", "Saturday", "Sunday"),
    ("The mill burned down on Wednesday 14 February 2023 before dawn.", "Wednesday", "Tuesday"),
])
def test_a_weekday_that_is_not_its_dates_is_flagged(weekdays, text, written, actual) -> None:
    [finding] = weekdays(text)
    assert finding.rule == "weekday-mismatch" and finding.severity == "warning"
    assert finding.values == [written, actual]
    assert f"was a {actual}, not a {written}" in finding.message
    [evidence] = finding.evidence
    assert evidence.text.startswith(written[:3])
    assert "(year inferred)" not in finding.message


def test_a_date_without_its_year_says_the_year_was_inferred(weekdays) -> None:
    [finding] = weekdays("The mayor announced the last name on Monday, 8 November.",
                         published="2022-11-10")
    assert finding.message.endswith("8 November 2022 (year inferred) was a Tuesday, not a Monday")


@pytest.mark.parametrize("text", [
    "The ferry capsized on Thursday, 3 October 2019 near the delta.",
    "The dam gave way on Sunday, 22 May 2016, at night.",
    "Tuesday's vote on 3 March 2020 was close.",  # the weekday is no part of the date
    "The count resumed on Monday and ended on 3 October 2019.",
    "The count resumed on Monday, officials said.",  # a weekday alone: nothing to compare
    "Sunday Times reporters arrived on 22 May 2016.",
])
def test_no_finding_when_the_weekday_fits_or_is_not_part_of_the_date(weekdays, text) -> None:
    assert weekdays(text) == []


def test_the_same_day_with_its_right_weekday_is_cited(run_rule, graph_from) -> None:
    graph = graph_from({
        "a": ("2019-10-10", "Crews dug on Thursday, 3 October 2019. Families met the mayor on "
                            "Friday, 3 October 2019 at the town hall."),
        "b": ("2019-10-11", "The search resumed on Thursday, 3 October 2019."),
    })
    [finding] = run_rule("weekday-mismatch", graph)
    assert [(e.source, e.text) for e in finding.evidence] == [
        ("a", "Friday, 3 October 2019"), ("a", "Thursday, 3 October 2019"),
        ("b", "Thursday, 3 October 2019")]
    assert finding.message.endswith("; “Thursday, 3 October 2019” elsewhere")
