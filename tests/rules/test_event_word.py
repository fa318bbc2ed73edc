"""event-word: an event called by a word one letter from the sources' word, on invented texts."""

from __future__ import annotations

import pytest

RULE = "event-word"
STORY = "Mayor Ana Tosk visited Oskel hospital, Dravos police said."


def run(graph_from, run_rule, *bodies: str):
    texts = {chr(ord("a") + i): ("2024-11-01", f"{body} {STORY}\n")
             for i, body in enumerate(bodies)}
    return run_rule(RULE, graph_from(texts))


CRUSH = "Oskel mourns\n\nThe crowd crush in Oskel killed 40 people."



def test_a_crush_called_a_crash_in_one_text_is_flagged(graph_from, run_rule) -> None:
    slip = ("Oskel apologises over Halloween crash\n\nThe crash happened on Saturday. "
            "The mayor apologised for the Halloween crowd crush in Oskel.")
    [finding] = run(graph_from, run_rule, CRUSH, CRUSH, CRUSH, slip)
    assert finding.severity == "warning" and finding.suggestion == "crush"
    assert {e.source for e in finding.evidence} == {"d"}
    assert sorted(e.text for e in finding.evidence) == ["crash", "crash", "crush"]
    assert all(e.text in e.sentence for e in finding.evidence)


@pytest.mark.parametrize("bodies", [
    # a plane crash story: nobody calls it a crush
    ("Jet lost\n\nThe crash near Oskel killed 40 people.",) * 3 + (
        "Jet lost\n\nThe crash near Oskel killed 40 people, the deadliest crash in years.",),
    # both words in several texts: two events the story tells
    (CRUSH, CRUSH, CRUSH + " A bus crash followed.", CRUSH + " A bus crash followed."),
    # the right word in fewer than three independent sources
    (CRUSH, "Oskel apologises\n\nThe crash happened on Saturday. The crowd crush in Oskel."),
])
def test_not_a_slip(graph_from, run_rule, bodies: tuple[str, ...]) -> None:
    assert run(graph_from, run_rule, *bodies) == []


def test_texts_of_other_stories_do_not_make_a_majority(graph_from, run_rule) -> None:
    other = "Fans hurt\n\nThe crowd crush at the Tessel stadium hurt nine, Lund police said.\n"
    slip = ("Oskel apologises\n\nThe crash happened on Saturday. The crowd crush in Oskel "
            f"killed 40. {STORY}\n")
    texts = {"a": ("2024-11-01", other), "b": ("2024-11-01", other.replace("nine", "ten")),
             "c": ("2024-11-01", other.replace("nine", "six")), "d": ("2024-11-01", slip)}
    assert run_rule(RULE, graph_from(texts)) == []
