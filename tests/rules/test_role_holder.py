"""role-holder: one post given to two people, on invented texts shaped like real news."""

from __future__ import annotations

import pytest

RULE = "role-holder"


def findings(graph_from, run_rule, texts: dict[str, tuple[str | None, str]]):
    return run_rule(RULE, graph_from(texts))



@pytest.mark.parametrize(("first", "second"), [
    ("Dravos Air chief executive Ana Tosk said the plane was new.",
     '"We are in contact with the families," said Ilja Marr, CEO of Dravos Air.'),
    ("Dravos Air CEO Ana Tosk said the plane was new.",
     "Ilja Marr, Dravos Air's chief executive, said the plane was new."),
    ("The chief executive of Dravos Air, Ana Tosk, spoke in Oskel.",
     "Dravos Air CEO Ilja Marr spoke in Oskel."),
])
def test_two_people_for_one_post_are_flagged(graph_from, run_rule, first: str,
                                              second: str) -> None:
    texts = {"a": ("2024-05-03", f"Plane lost over Oskel\n\n{first} The jet left Oskel at noon.\n"),
             "b": ("2024-05-04", f"Search goes on\n\n{second} The jet left Oskel at noon.\n")}
    [finding] = findings(graph_from, run_rule, texts)
    assert finding.severity == "warning"
    assert (finding.entity, finding.attribute) == ("Dravos Air", "chief executive")
    assert finding.values == ["Ana Tosk", "Ilja Marr"]
    assert {e.text for e in finding.evidence} == {"Ana Tosk", "Ilja Marr"}
    assert {e.source for e in finding.evidence} == {"a", "b"}


def test_a_text_whose_lower_case_is_longer_is_read_in_any_case(graph_from, run_rule) -> None:
    # "İ" lowers to two characters: the posts are found in the text as written.
    texts = {"a": ("2024-05-03", "Plane lost over İzvor\n\nDravos Air CEO Ana Tosk said the "
                                 "plane was new. The jet left İzvor at noon.\n"),
             "b": ("2024-05-04", "Search goes on\n\nIlja Marr, Dravos Air's chief executive, "
                                 "said the plane was new. The jet left İzvor at noon.\n")}
    [finding] = findings(graph_from, run_rule, texts)
    assert finding.values == ["Ana Tosk", "Ilja Marr"]


@pytest.mark.parametrize(("first", "second", "dates"), [
    # one person, spelt two ways: the name-variant rule's
    ("Dravos Air CEO Ilja Marr said the plane was new.",
     "Dravos Air CEO Ilja Mar said the plane was new.", ("2024-05-03", "2024-05-03")),
    # another time, another post
    ("Former Dravos Air CEO Ana Tosk said the plane was new.",
     "Dravos Air CEO Ilja Marr said the plane was new.", ("2024-05-03", "2024-05-03")),
    ("Dravos Air deputy CEO Ana Tosk said the plane was new.",
     "Dravos Air CEO Ilja Marr said the plane was new.", ("2024-05-03", "2024-05-03")),
    ("Ana Tosk, a former CEO of Dravos Air, said the plane was new.",
     "Dravos Air CEO Ilja Marr said the plane was new.", ("2024-05-03", "2024-05-03")),
    # two cities, two mayors
    ("Oskel Mayor Ana Tosk visited the site.",
     "Tessel Mayor Ilja Marr visited the site.", ("2024-05-03", "2024-05-03")),
    # two different posts of one company
    ("Dravos Air CEO Ana Tosk said the plane was new.",
     "Dravos Air chairman Ilja Marr said the plane was new.", ("2024-05-03", "2024-05-03")),
    # the post is the next name's, in a list
    ("On board were Ana Tosk, Dravos Air CEO Ilja Marr and two pilots.",
     "Dravos Air CEO Ilja Marr said the plane was new.", ("2024-05-03", "2024-05-03")),
    # texts a year apart: the post may have changed hands
    ("Dravos Air CEO Ana Tosk said the plane was new.",
     "Dravos Air CEO Ilja Marr said the plane was new.", ("2023-05-03", "2024-05-03")),
    # a party, not a state: two governors of one party
    ("Republican Governor Ana Tosk declared an emergency.",
     "Republican Governor Ilja Marr asked for federal help.", ("2024-05-03", "2024-05-03")),
])
def test_not_two_holders_of_one_post(graph_from, run_rule, first: str, second: str,
                                     dates: tuple[str, str]) -> None:
    texts = {"a": (dates[0], f"Plane lost over Oskel\n\n{first} The jet left Oskel at noon.\n"),
             "b": (dates[1], f"Search goes on\n\n{second} The jet left Oskel at noon.\n")}
    assert findings(graph_from, run_rule, texts) == []


def test_one_text_naming_two_holders_tells_a_succession(graph_from, run_rule) -> None:
    text = ("Dravos Air CEO Ana Tosk resigned on Monday. Dravos Air CEO Ilja Marr, who "
            "replaced her, said the plane was new.\n")
    other = "Dravos Air CEO Ilja Marr said the plane was new.\n"
    assert findings(graph_from, run_rule, {"a": ("2024-05-03", text),
                                           "b": ("2024-05-04", other)}) == []


# --- one person placed in two organisations one word apart -----------------------------------

def _placed(graph_from, run_rule, *sentences: str):
    texts = {chr(ord("a") + i): ("2024-05-03", f"Bridge falls\n\n{s} The bridge fell into the "
                                               "Tessel on Monday.\n")
             for i, s in enumerate(sentences)}
    return [f for f in run_rule(RULE, graph_from(texts)) if f.attribute == "organisation"]


def test_one_person_in_two_organisations_one_word_apart(graph_from, run_rule) -> None:
    [finding] = _placed(graph_from, run_rule,
                        "Oskel State Police Colonel Ana Tosk said divers would return.",
                        "Divers were sent, said Dravos State Police Colonel Ana L. Tosk Jr.",
                        "The Dravos State Police closed the road.")
    assert finding.severity == "warning"
    assert finding.suggestion == "Dravos State Police"
    assert {(e.source, e.text) for e in finding.evidence} == {
        ("a", "Oskel State Police"), ("b", "Dravos State Police")}
    assert all(e.text in e.sentence for e in finding.evidence)


@pytest.mark.parametrize("sentences", [
    # two people who share a surname
    ("Oskel State Police Colonel Ana Tosk said divers would return.",
     "Dravos State Police Colonel Ilja Tosk said divers would return."),
    # names that differ in their head noun, or in two words
    ("Oskel State Police Colonel Ana Tosk said divers would return.",
     "Oskel State Patrol Colonel Ana Tosk said divers would return."),
    ("Oskel State Police Colonel Ana Tosk said divers would return.",
     "Dravos County Police Colonel Ana Tosk said divers would return."),
    # one text placing her in both: a career it tells
    ("Oskel State Police Colonel Ana Tosk, once of the Dravos State Police, said divers "
     "would return. Dravos State Police Colonel Ana Tosk led the team in 2019.",),
])
def test_not_one_person_in_two_organisations(graph_from, run_rule,
                                             sentences: tuple[str, ...]) -> None:
    assert _placed(graph_from, run_rule, *sentences) == []
