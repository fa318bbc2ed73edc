"""identifier-conflict: a flight number with a digit slipped, on invented texts."""

from __future__ import annotations

import pytest

RULE = "identifier-conflict"
STORY = "The plane from Oskel crashed near Tessel, Dravos Air said."


def run(graph_from, run_rule, *sentences: str):
    texts = {chr(ord("a") + i): ("2024-05-03", f"Plane lost\n\n{sentence} {STORY}\n")
             for i, sentence in enumerate(sentences)}
    return run_rule(RULE, graph_from(texts))



def test_a_digit_slipped_in_one_source_is_flagged_with_the_number_to_use(graph_from,
                                                                         run_rule) -> None:
    [finding] = run(graph_from, run_rule, "Dravos Air Flight 4812 left at noon.",
                    "Dravos Air flight DV 4812 left at noon.",
                    "Wreckage of crashed Dravos Air flight DV 4813 was found.")
    assert finding.severity == "warning"
    assert finding.suggestion == "4812"
    assert finding.values == ["4812", "4813"]
    assert {e.source for e in finding.evidence} == {"a", "b", "c"}
    assert {e.text for e in finding.evidence} == {"Flight 4812", "flight DV 4812",
                                                   "flight DV 4813"}
    assert all(e.text in e.sentence for e in finding.evidence)


def test_two_sources_one_each_is_a_note(graph_from, run_rule) -> None:
    [finding] = run(graph_from, run_rule, "Dravos Air Flight 4812 left at noon.",
                    "Dravos Air flight 4182 left at noon.")  # two neighbours swapped
    assert finding.severity == "info" and finding.suggestion is None


@pytest.mark.parametrize("sentences", [
    ("Dravos Air flight DV 4812 left at noon.", "Dravos Air Flight 4812 left at noon."),
    ("Flight 1101 hit the north tower.", "Flight 1177 hit the west wing."),  # two flights
    ("Flight DV 4812 left at noon.", "Flight KL 4813 left at noon."),  # two carriers
    ("Flights 4812 and 4813 left at noon.", "Flight 4813 left at noon."),  # told apart
    ("The flight 4812 km long ended in Tessel.", "Flight 4813 left at noon."),  # a measure
])
def test_not_a_slipped_digit(graph_from, run_rule, sentences: tuple[str, str]) -> None:
    assert run(graph_from, run_rule, *sentences) == []


def test_texts_of_two_stories_are_not_compared(graph_from, run_rule) -> None:
    texts = {"a": ("2024-05-03", "Plane lost\n\nDravos Air Flight 4812 crashed near Tessel.\n"),
             "b": ("2024-05-03", "Delay at Varno\n\nHalden Jet flight 4813 landed late in "
                                 "Varno, Kirsa Lund said.\n")}
    assert run_rule(RULE, graph_from(texts)) == []
