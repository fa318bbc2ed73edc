"""Quotations and their speakers, on news-style paragraphs written for these tests, plus a
check on two seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.quotes import as_spoken, find_quotes
from factcheck.model import Quote

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def quotes(text: str) -> list[Quote]:
    found = find_quotes(text)
    for q in found:
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert q.speaker_end is not None and q.speaker_start < q.speaker_end
    return found


def only(text: str) -> Quote:
    found = quotes(text)
    assert len(found) == 1, found
    return found[0]


def span(text: str, q: Quote) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start:q.speaker_end]


# --- speaker patterns ----------------------------------------------------------------------

def test_says_name_role() -> None:
    text = ("“The river rose faster than any model predicted,” says Ingrid Solberg, chief "
            "hydrologist at the Nordic Flood Institute.")
    q = only(text)
    assert q.text == "The river rose faster than any model predicted"
    assert q.speaker == "Ingrid Solberg" and span(text, q) == "Ingrid Solberg"


def test_name_role_told_outlet() -> None:
    text = ("“We lost the whole harvest in one night,” Tomas Varga, a farmer near the dam, told "
            "the Valley Herald.")
    q = only(text)
    assert q.speaker == "Tomas Varga" and span(text, q) == "Tomas Varga"


def test_name_said_with_straight_quotes() -> None:
    text = '"Turnout was higher than in any election since 1994," Amara Diallo said.'
    q = only(text)
    assert q.text == "Turnout was higher than in any election since 1994"
    assert q.speaker == "Amara Diallo"


def test_name_said_colon_before_quote_and_title_dropped() -> None:
    text = "Coach Pia Lindqvist said: “We defended well and took our chances.”"
    q = only(text)
    assert q.text == "We defended well and took our chances."
    assert q.speaker == "Pia Lindqvist" and span(text, q) == "Pia Lindqvist"


def test_name_tells_outlet_colon() -> None:
    text = ("Rafael Ortiz, mayor of the coastal town, tells the Valley Herald: “Every school will "
            "reopen on Monday.”")
    q = only(text)
    assert q.speaker == "Rafael Ortiz"


def test_according_to_name() -> None:
    text = "According to Kenji Watanabe, “the aftershocks could continue for several weeks.”"
    assert only(text).speaker == "Kenji Watanabe"
    text = ("According to the head of the electoral board, Ruth Okafor, “the count will be "
            "finished by Friday.”")
    assert only(text).speaker == "Ruth Okafor"


def test_role_word_before_name() -> None:
    text = "“The dam will hold through the weekend,” engineer Lars Berg said."
    q = only(text)
    assert q.speaker == "Lars Berg" and span(text, q) == "Lars Berg"


def test_short_quote_with_attribution_is_kept() -> None:
    text = "“Absolutely not,” said Mira Kovac, the team captain."
    q = only(text)
    assert q.text == "Absolutely not" and q.speaker == "Mira Kovac"


# --- resolution ----------------------------------------------------------------------------

STORY = """Ingrid Solberg, chief hydrologist at the Nordic Flood Institute, spoke on Friday.

“The river rose faster than any model predicted,” Solberg says. “We had barely two hours.”

“The embankment failed at three points. Nobody expected the northern section to go.

“Now we rebuild, and we rebuild higher,” she added.

Officials at the Harbour Authority disagreed.

“The harbour walls held everywhere they were tested,” said Jonas Eklund, the authority’s director.

Eklund says the repairs will cost less than the insurers fear.

“We will publish every inspection report by the end of the month.”
"""


def test_surname_resolves_to_the_full_name_introduced_earlier() -> None:
    found = quotes(STORY)
    first = found[0]
    assert first.text == "The river rose faster than any model predicted"
    assert first.speaker == "Ingrid Solberg"
    assert span(STORY, first) == "Solberg"


def test_same_paragraph_continuation_inherits() -> None:
    second = quotes(STORY)[1]
    assert second.text == "We had barely two hours."
    assert second.speaker == "Ingrid Solberg" and second.speaker_start is None


def test_quote_running_to_paragraph_end_and_next_paragraph_inherits() -> None:
    third = quotes(STORY)[2]
    assert third.text == ("The embankment failed at three points. Nobody expected the northern "
                          "section to go.")
    assert third.speaker == "Ingrid Solberg" and third.speaker_start is None


def test_pronoun_resolves_to_the_most_recent_speaker() -> None:
    fourth = quotes(STORY)[3]
    assert fourth.text == "Now we rebuild, and we rebuild higher"
    assert fourth.speaker == "Ingrid Solberg" and span(STORY, fourth) == "she"


def test_paragraph_after_reported_speech_inherits_its_speaker() -> None:
    found = quotes(STORY)
    assert found[4].speaker == "Jonas Eklund"
    assert found[5].text == "We will publish every inspection report by the end of the month."
    assert found[5].speaker == "Jonas Eklund" and found[5].speaker_start is None
    assert len(found) == 6


def test_pronoun_reported_speech_then_quote_paragraph() -> None:
    text = ("“The fault has been locked for two centuries,” said Samuel Okoro, a seismologist.\n\n"
            "He added that most houses in the valley were never reinforced.\n\n"
            "“They are stone on stone, with no steel at all.”\n")
    found = quotes(text)
    assert [q.speaker for q in found] == ["Samuel Okoro", "Samuel Okoro"]
    assert found[1].speaker_start is None


def test_quote_followed_by_an_unnamed_attribution_does_not_inherit() -> None:
    text = ("“The count went smoothly,” said Ruth Okafor.\n\n"
            "“We need more volunteers for the recount.” The mayor said the city would pay.\n\n"
            "“A,” Ruth Okafor said. “We will finish tonight,” the clerk added.")
    found = quotes(text)
    assert [q.speaker for q in found] == ["Ruth Okafor", None, "Ruth Okafor", None]


def test_surname_after_a_caption_line_is_not_glued_to_it() -> None:
    text = ("“The levee held,” said Nora Quist, an engineer.\n\n"
            "Photo by Jan Holm/Getty Images\n\n"
            "Quist says the water is falling.\n\n"
            "“We expect the river to drop by a metre overnight.”\n")
    assert [q.speaker for q in quotes(text)] == ["Nora Quist", "Nora Quist"]


def test_unattributed_quote_has_no_speaker() -> None:
    text = ("Volunteers handed out leaflets.\n\nBanners along the route read “Every vote counts "
            "in this election” in four languages.")
    q = only(text)
    assert q.speaker is None and q.speaker_start is None


def test_pull_quote_after_a_speaker_does_not_inherit() -> None:
    text = ("“The count went smoothly,” said Ruth Okafor.\n\n"
            "“Turnout in the north was the highest ever recorded in a regional vote”\n")
    found = quotes(text)
    assert found[1].speaker is None


def test_long_single_quotes_are_quotations() -> None:
    text = "Residents chanted ‘we will not leave this town’ outside the council offices."
    q = only(text)
    assert q.text == "we will not leave this town"


# --- not quotations ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The party denounced the government’s ‘nationalism,’ and its ‘reforms’ as empty.",
    "Engineers call it the so-called “buffer zone” along the river.",
    "The letter “Z” stands for the northern zone.",
    "She starred in the film “Heat” before the flood documentary.",
    "The documentary “Waters of the Delta Rising” opened the festival.",
    "The club’s fans and the players’ union marched; the mayor’s office didn’t comment.",
])
def test_scare_quotes_titles_and_apostrophes_are_not_quotations(text: str) -> None:
    assert quotes(text) == []


def test_apostrophes_inside_a_quotation_do_not_close_it() -> None:
    text = "“The club’s fans didn’t stop singing, even at 3-0 down,” said Mira Kovac."
    q = only(text)
    assert q.text == "The club’s fans didn’t stop singing, even at 3-0 down"


# --- seeds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern", ["000_*.txt", "001_*.txt"])
def test_seed_quotes_have_their_speakers(pattern: str) -> None:
    path = next(SEEDS.glob(pattern))
    text = path.read_text(encoding="utf-8")
    speakers = {q.speaker for q in quotes(text)}
    assert "Hans-Jakob Schindler" in speakers
    assert "Magnus Ranstorp" in speakers


# --- robustness ----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["“", "”", '"', "‘", "’", "Ann Lee", "said", "he", "says", ",",
                                 ".", ":", "\n", "\n\n", "word", "According to", "the"]),
                max_size=60))
def test_any_text_gives_consistent_spans(words: list[str]) -> None:
    text = " ".join(words)
    for q in find_quotes(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text


def test_empty_text() -> None:
    assert find_quotes("") == []


# --- the subject of the sentence speaks -------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    # a colon after a verb that is no speech verb
    ("“The dam is safe,” said Ruth Okafor.\n\nGovernor Lars Berg defended the new spillway "
     "rules: “We checked every gate twice this spring.”", "Lars Berg"),
    # ", adding:" credits the sentence's subject, not the previous speaker
    ("“The dam is safe,” said Ruth Okafor.\n\nMayor Anton Weiss toured the valley and said the "
     "town would pay for repairs, adding: “Nobody will be left without a roof.”", "Anton Weiss"),
    # told reporters:
    ("“The dam is safe,” said Ruth Okafor. State engineer Mira Holm told reporters: “The cracks "
     "are older than the flood.”", "Mira Holm"),
    # a pronoun in the sentence of a named subject
    ("“The dam is safe,” said Ruth Okafor.\n\nPetra Lind, the county planner, rejected the "
     "claim, and she later said: “Two gates failed in the night.”", "Petra Lind"),
    # "NAME of PLACE said", then the pronoun
    ("Costs will rise, Mayor Ida Berg of Dale County said on Monday.\n\n“We cannot rebuild "
     "everything at once,” she said.", "Ida Berg"),
    # a role before the person
    ("The river fell overnight. Water Board spokeswoman Nina Falk confirmed the figures, "
     "adding: “The levees held everywhere.”", "Nina Falk"),
    ("The rescue ended at dawn. Governor Ana Ruiz was quoted as saying: “Every family has been "
     "reached.”", "Ana Ruiz"),
])
def test_the_sentences_subject_speaks(text: str, speaker: str) -> None:
    assert quotes(text)[-1].speaker == speaker


@pytest.mark.parametrize("text", [
    # a participle opening the sentence is no subject: the pronoun keeps the last speaker
    "Ruth Okafor said the dam was safe. Asked whether it could fail, she said: “Not this year.”",
    # a place after "In" is no subject
    "Ruth Okafor said the dam was safe. In Dale, a crowd gathered, chanting: “Open the gates "
    "now, before the rain.”",
])
def test_no_subject_is_invented(text: str) -> None:
    last = quotes(text)[-1]
    assert last.speaker in {"Ruth Okafor", None}
    assert "Dale" not in (last.speaker or "") and "Asked" not in (last.speaker or "")


def test_a_lowercase_role_before_a_speech_verb_names_no_one() -> None:
    text = ("The coastguard searched the bay for a week, a task that one diver told the radio "
            "is “like looking for a coin in the sand.”")
    assert only(text).speaker is None


# --- a quotation broken by its attribution -------------------------------------------------------

BROKEN = ("“Our crews pulled 40 people from the river,” Ana Tosk said, “and worked through "
          "the night.”\n\n"
          "\"It was over,\" Ilja Marr said, \"but nobody knew.\"\n\n")


def test_a_sentence_broken_by_its_attribution_is_one_quotation() -> None:
    spoken = as_spoken(BROKEN, find_quotes(BROKEN))
    assert [(q.text, q.speaker) for q in spoken] == [
        ("Our crews pulled 40 people from the river and worked through the night.", "Ana Tosk"),
        ("It was over but nobody knew.", "Ilja Marr")]
    assert BROKEN[spoken[0].start:spoken[0].end].startswith("Our crews pulled")
    assert BROKEN[spoken[0].start:spoken[0].end].endswith("through the night.")


@pytest.mark.parametrize("text", [
    "“We had two hours,” Ana Tosk said. “then the water came.”",  # a sentence ends between
    "“We had two hours,” Ana Tosk said, “Then the water came.”",  # a new sentence begins
    "“We had two hours.” Ana Tosk said, “then the water came.”",  # no comma: a full stop
    "“We had two hours,”\n\nAna Tosk said, “then the water came.”",  # another paragraph
    "“We had two hours,” Ana Tosk said, as Ilja Marr added: “then the water came.”",
])
def test_quotations_that_are_two_sentences_stay_two(text: str) -> None:
    assert len(as_spoken(text, find_quotes(text))) == len(find_quotes(text))
