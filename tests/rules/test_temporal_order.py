from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck.graph import FactGraph
from factcheck.model import Finding
from factcheck.rules.temporal_order import past_tense_verb

CORPUS_RULE = "temporal-order"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def order(run_rule: Callable[..., list[Finding]],
          graph_from: Callable[..., FactGraph]) -> Callable[[str, str], list[Finding]]:
    def run(text: str, published: str = "2024-03-10") -> list[Finding]:
        return run_rule("temporal-order", graph_from({"a": (published, text)}))
    return run


def test_reversed_before_is_flagged(order) -> None:
    [finding] = order("The evacuation on March 3 came before the storm on March 1.")
    assert finding.rule == "temporal-order" and finding.severity == "warning"
    assert finding.attribute == "order"
    assert finding.values == ["2024-03-01", "2024-03-03"]
    assert finding.entity == "March 3 came before the storm on March 1"
    assert finding.message == ('"March 3 came before the storm on March 1" puts March 3 '
                               "(2024-03-03) first, but it is later than March 1 (2024-03-01)")
    assert [(e.text, e.value) for e in finding.evidence] == [("March 3", "2024-03-03"),
                                                             ("March 1", "2024-03-01")]


@pytest.mark.parametrize("text", [
    "The vote on May 5, 2023 came after the count on May 8, 2023.",
    "Residents were evacuated on March 4, ahead of the storm on March 1.",
    "Rescuers reached the town on March 1, two days after the quake on March 2.",
    "Two days after the quake on March 2, 2024, rescuers reached the town on February 28, 2024.",
    "Before the storm on March 1, residents were evacuated on March 3.",
    "Forecasters on March 6 warned of the storm that hit on March 4.",
    "The minister appeared before the committee on March 3 after the report was published on "
    "March 5.",
])
def test_contradicted_orders_are_flagged(order, text: str) -> None:
    [finding] = order(text)
    assert finding.attribute == "order"


@pytest.mark.parametrize("text", [
    "The evacuation on March 1 came before the storm on March 3.",
    "Before the storm on March 5, residents were told on March 3 to leave.",
    "Rescuers reached the town on March 4, two days after the quake on March 2.",
    "The evacuation on March 3 came before the storm later that day, on March 3.",
    # the dates are not attached to the two things ordered
    "On March 5, police said the suspect had fled before the raid on March 1.",
    "The festival ran from June 1 to June 5, before the storm on June 3.",
    "Turnout had been falling since 2016 due to apathy, but it rose after the reform of 2012.",
    "Although the party had been weak since 2016 due to splits, it recovered after the vote "
    "in 2012.",
    "The bill, passed on March 5, came before parliament on March 3.",
    "Following the count on March 8, the board met and certified the results.",
    # a month-precise date may hold the day it is compared with
    "The flood in March came after the storm on March 1.",
    # dates resolved from the publication date in different ways keep no reliable order
    "The vote on Thursday came before the count on March 1.",
])
def test_orders_that_hold_or_are_unclear_are_not_flagged(order, text: str) -> None:
    assert order(text) == []


def test_past_tense_event_after_publication(order) -> None:
    text = "The earthquake struck Karvela on July 4, 2024, killing 12 people."
    [finding] = order(text, published="2024-06-02")
    assert finding.attribute == "date"
    assert finding.values == ["2024-07-04", "published 2024-06-02"]
    assert finding.message == ('told in the past tense ("struck") but dated 2024-07-04, '
                               "after the document's publication date 2024-06-02")
    assert [e.text for e in finding.evidence] == ["July 4, 2024"]


@pytest.mark.parametrize("text", [
    "The rail strike in Norland on June 9, 2024 will halt all trains.",
    "The planned strike in Norland on June 9, 2024 is expected to close every station.",
    "The strike in Norland on June 9, 2024 was called off.",
    "The union announced a strike in Norland on June 9, 2024.",
    "A storm hit the coast on May 30, 2024.",
    "The earthquake struck Karvela on June 2, 2024.",  # the publication day itself
    "If the storm hits the coast on June 9, 2024, the port will close.",
    # the past tense belongs to a relative clause about something else
    "The storm, which formed over the warm sea, reaches the coast on June 9, 2024.",
])
def test_future_or_earlier_events_are_not_flagged(order, text: str) -> None:
    assert order(text, published="2024-06-02") == []


def test_past_tense_outside_a_relative_clause_counts(order) -> None:
    [finding] = order("The storm, which reached the coast on June 9, 2024, killed 3 people.",
                      published="2024-06-02")
    assert finding.values == ["2024-06-09", "published 2024-06-02"]
    assert '("killed")' in finding.message


def test_relative_event_dates_are_not_checked_against_publication(order) -> None:
    # "on Friday" is resolved from the publication date: never later than it by construction.
    assert order("The storm hit the coast on Friday, killing 3 people.",
                 published="2024-06-02") == []


def test_past_tense_verb() -> None:
    assert past_tense_verb("The dam burst on June 9") == "burst"
    assert past_tense_verb("floods destroyed the bridge") == "destroyed"
    assert past_tense_verb("the planned strike on June 9") is None
    assert past_tense_verb("the vote is scheduled for June 9") is None
    assert past_tense_verb("a hundred people need shelter") is None
    assert past_tense_verb("the union announced a strike on June 9") is None


def test_corpus(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_seeds_have_no_order_findings() -> None:
    import factcheck

    assert factcheck.check([str(SEEDS)], select=["temporal-order"]).findings == []
