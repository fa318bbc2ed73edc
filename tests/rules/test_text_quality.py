from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from re import _compiler, _constants, _parser  # ftfy's badness pattern, parsed

import pytest
from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

import factcheck
from factcheck.extract import Extraction
from factcheck.extract.sentences import split_sentences
from factcheck.graph import FactGraph
from factcheck.model import Document, Finding, Sentence
from factcheck.result import Result
from factcheck.rules.text_quality import (
    _TYPOGRAPHIC,
    _opening,
    _opening_letters,
    _words,
    garbled_words,
    missing_words,
    mojibake,
    repeated_passages,
)

CORPUS_RULE = "text-quality"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seed_result() -> Result:
    return factcheck.check([str(SEEDS)])


@pytest.fixture
def check_text(graph_of: Callable[..., FactGraph], run_rule: Callable[..., list[Finding]]
               ) -> Callable[..., list[Finding]]:
    def run(text: str, repaired: bool = False, notes: tuple[str, ...] = (),
            title: str | None = None) -> list[Finding]:
        doc = Document(id="a", path="a.txt", text=text, repaired=repaired, notes=list(notes),
                       title=title)
        graph = graph_of([], [doc])
        graph.extractions = {"a": Extraction("a", split_sentences(text))}
        return run_rule(CORPUS_RULE, graph)
    return run


def spans(found: object) -> list[str]:
    return [d.text for d in found]  # type: ignore[attr-defined]


# --- mis-decoded characters -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The cafÃ© reopened on Monday.", ["Ã©"]),
    ("Itâ€™s over, she said.", ["â€™"]),
    ("â€œWe are safe,â€ he said.", ["â€œ", "â€"]),
    ("The naÃ¯ve plan failed.", ["Ã¯"]),
])
def test_mis_decoded_words_found_in_any_text(text: str, expected: list[str]) -> None:
    assert spans(mojibake(text, repaired=False)) == expected


def test_lost_byte_leftovers_found_only_in_a_mis_decoded_text() -> None:
    text = "recruits joined its ranks.\nĢż\n\nFollow him on Twitter:Ģż\n"
    assert spans(mojibake(text, repaired=True)) == ["Ģż", "Ģż"]
    assert spans(mojibake(text, repaired=False)) == []  # no sign of a wrong decoding
    assert spans(mojibake(text + "The cafÃ© closed.", repaired=False)) == ["Ģż", "Ģż", "Ã©"]


@pytest.mark.parametrize("text", [
    "Zürich, Łódź, São Paulo, Dvořák, Ærø and Øresund",
    "It was 25°C, up ±2%, with 5 µg of dust, £3m, €5 and ½ a mile; © 2024",
    "«Bonjour», ¿Qué? ¡Hola! Şişli, İzmir, Ñuñoa, Ōsaka, Œuvre, Straße",
    "The ÖBB train to Ústí and Řím left at 10:00 — on time … “as planned”",
])
def test_accented_names_and_symbols_are_not_mojibake(text: str) -> None:
    assert spans(mojibake(text, repaired=True)) == []


def test_no_badness_pattern_matches_ascii_and_typographic_marks_alone() -> None:
    # mojibake asks ftfy only about words holding some other non-ASCII character. Each of
    # ftfy's patterns is a sequence of one-character items: one of them must match none of these.
    allowed = [chr(c) for c in range(128)] + list(_TYPOGRAPHIC)
    [(branch, (_, patterns))] = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data
    assert branch is _constants.BRANCH
    for pattern in patterns:
        items = [_compiler.compile(_parser.SubPattern(_parser.State(), [item]), 0)
                 for item in pattern.data if item[0] in (_constants.LITERAL, _constants.IN)]
        assert any(not any(item.fullmatch(c) for c in allowed) for item in items), pattern


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=f"aZ1 .,?!'\"-{_TYPOGRAPHIC}", max_size=12))
def test_words_of_ascii_and_typographic_marks_are_never_bad(word: str) -> None:
    assert not is_bad(word)


# --- garbled words ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Despite their recent victorie0,s the group", ["victorie0,s"]),
    ("the grou;p said", ["grou;p"]),
    ("after the pand3mic hit", ["pand3mic"]),
    ("(the counci:l voted)", ["counci:l"]),
    ("Governme;nt officials", ["Governme;nt"]),
])
def test_garbled_words(text: str, expected: list[str]) -> None:
    assert spans(garbled_words(text)) == expected


@pytest.mark.parametrize("text", [
    "COVID-19 B2B U.S. 3.5 F-16 e-mail H2O CO2 G7 4x4 x86 mp3s MP3 1990s 2nd 24/7 and/or",
    "See https://example.com/a,b;c=1?x=y,z and www.example.org/path;v=2 or mail a.b@c.org",
    "Tags #flood2024,relief and @user1,friends; the file report_v2,final.pdf",
    "Scores 3:1 and 2,000 people at 10:30 p.m., e.g. Ph.D. holders; rock'n'roll, O'Neill",
    "the list a,b and 1,2-dichloroethane; version 2.0;",
])
def test_codes_numbers_and_links_are_not_garbled(text: str) -> None:
    assert spans(garbled_words(text)) == []


# --- lost words -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Since the killing of , the governor", ["of ,"]),
    ("according to a by the agency", ["a by"]),
    ("analysts Amira Jadoon and Andrew Milnes , any effort", ["Milnes ,"]),
    ("accused the group of for accepting aid", ["of for"]),
    ("The the mayor said", ["The the"]),
    ("It was signed by the .", ["the ."]),
    ("the report. The of the council", ["The of"]),
    # right after a word ending in an article's letters ("plaza the" is no gap: "the of" is)
    ("they met at the Velden plaza the of the town", ["the of"]),
    ("the Tessel report \t  , said", ["report ,"]),  # a run of blanks, one finding
])
def test_lost_words(text: str, expected: list[str]) -> None:
    assert spans(missing_words(text)) == expected


@pytest.mark.parametrize("text", [
    "from a to z; paid for by the state; the a priori case; a by-election",
    "the in-laws and the on-off talks; Group A in the final; B.A in Global Politics",
    "Plan A by the council; the A380 is; Type A for sure; vitamin A in food",
    "It cost .45 cents ... and then ... nothing; see the .com era",
    "He said: “Yes.” and she replied «Non !» ; then “quoted” , he said",
    "one of four; out of the blue; because of it; apart from that; a man of his word",
])
def test_idioms_and_abbreviations_are_not_lost_words(text: str) -> None:
    assert spans(missing_words(text)) == []


# --- repeats --------------------------------------------------------------------------------

def test_repeated_sentence_and_passage() -> None:
    text = ("Floods close the pass\n\nThe pass was closed on Monday after a landslide blocked "
            "the road. Drivers must use the tunnel road until Friday at the earliest. The pass "
            "was closed on Monday after a landslide blocked the road. Drivers must use the "
            "tunnel road until Friday at the earliest. Crews are clearing the rocks.")
    sentences = split_sentences(text)
    [(occurrences, words)] = list(repeated_passages(sentences))
    assert occurrences == [(1, 2), (3, 4)]
    assert words == 23


def test_truncated_copy_is_a_repeat_but_a_headline_opening_the_lede_is_not() -> None:
    headline = "Floods in the Ostra valley leave twelve people dead"
    text = (f"{headline}\n\n{headline} after the river rose by three metres overnight.\n\n"
            "Both parties want to govern through a council elected by all residents of the "
            "valley.\n\nBoth parties want to govern through a council elected by")
    found = list(repeated_passages(split_sentences(text)))
    assert [occ for occ, _ in found] == [[(2, 2), (3, 3)]]


def test_short_or_different_sentences_are_not_repeats() -> None:
    text = ("Photo by Jane Roe. Photo by Jane Roe. The toll rose to 12 on Monday in the valley. "
            "The toll rose to 14 on Tuesday in the valley.")
    assert list(repeated_passages(split_sentences(text))) == []


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aB9_ '’“.,-ßİıΐÉéK\u0307\u00a0٣", max_size=50))
def test_opening_letters_read_without_words_are_those_of_the_words(text: str) -> None:
    sentence = Sentence(0, len(text), text)
    assert _opening(sentence) == _opening_letters(_words(sentence))


# --- the rule -------------------------------------------------------------------------------

def test_sentence_three_times_is_one_finding_with_three_places(check_text) -> None:
    line = "Residents were told to boil their water until further notice from the council."
    [finding] = check_text(f"{line}\n\nThe plant reopened.\n\n{line}\n\n{line}")
    assert finding.attribute == "repeated-text"
    assert [e.line for e in finding.evidence] == [1, 5, 7]
    assert finding.message == ("repeated sentence (13 words): “Residents were told to boil "
                               "their water until further notice from the …” (3 places)")


# --- page layout shown twice is not a paste error ------------------------------------------------

_BODY = ("The council met on Tuesday to discuss the new bus lanes on the harbour road.\n"
         "Residents asked for more crossings near the two schools on the hill.\n"
         "The vote was postponed until the engineers deliver their report in May.\n")
_MORE = ("Shops on the quay reopened on Wednesday after the water went down overnight.\n"
         "Insurers sent assessors to the old mill, where the cellar is still under water.\n")


def _repeats(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in findings if f.attribute == "repeated-text"]


def test_headline_repeated_as_the_first_line_of_the_body_is_no_finding(check_text) -> None:
    headline = "Harbour town council delays its vote on the new bus lanes"
    text = f"{headline}\n\n{headline}\n{_BODY}"
    assert _repeats(check_text(text, title=headline)) == []


def test_headline_with_a_site_suffix_repeated_is_no_finding(check_text) -> None:
    headline = "Harbour town council delays its vote on the new bus lanes"
    text = f"{headline} | LOCAL\n\nBy the desk\n\n{headline}\n{_BODY}"
    assert _repeats(check_text(text, title=f"{headline} | LOCAL")) == []


@pytest.mark.parametrize("credit", [
    "Photo: Jana Petrova/Valley Press", "Picture: Getty", "(Reuters)", "[Getty]",
    "[ JANA PETROVA | Valley Herald ]", "Image credit: Valley Herald", "Credit: Ostra Police",
    "Photo by Jana Petrova / Valley Press"])
def test_photo_caption_shown_with_its_credit_is_info_at_most(check_text, credit: str) -> None:
    caption = "A firefighter carries a child through the flooded main street of Ostra on Monday."
    text = f"Floods in Ostra\n\n{_BODY}\n{caption}\n{caption} {credit}\n\n{_MORE}"
    [(severity, message)] = _repeats(check_text(text, title="Floods in Ostra"))
    assert severity == "info"
    assert "page layout (caption)" in message


def test_a_link_to_another_article_shown_twice_is_layout(check_text) -> None:
    link = "Read more: Ostra council votes to rebuild the river wall before winter"
    text = f"Floods in Ostra\n\n{_BODY}\n{link}\n\n{_MORE}\n{link}\n"
    [(severity, message)] = _repeats(check_text(text, title="Floods in Ostra"))
    assert severity == "info" and "link to another article" in message
    # A sentence of the body pasted twice stays a warning, label-like opening or not.
    line = "Ostra council: the river wall will be rebuilt before winter, its chair said."
    text = f"Floods in Ostra\n\n{_BODY}\n{line}\n\n{_MORE}\n{line}\n"
    [(severity, _)] = _repeats(check_text(text, title="Floods in Ostra"))
    assert severity == "warning"


def test_a_sentence_by_someone_repeated_is_no_caption(check_text) -> None:
    # "Photo by NAME" credits a photo; "compiled by NAME" is body text pasted twice.
    line = "The list of closed roads in Ostra was compiled by Jana Petrova on Monday."
    text = f"Floods in Ostra\n\n{_BODY}\n{line}\n{line}\n\n{_MORE}"
    [(severity, _)] = _repeats(check_text(text, title="Floods in Ostra"))
    assert severity == "warning"


def test_url_encoded_alt_text_of_a_caption_is_info_at_most(check_text) -> None:
    caption = "A firefighter carries a child through the flooded main street of Ostra on Monday."
    alt = caption.replace(" ", "%20")
    text = f"Floods in Ostra\n\n{_BODY}\n{caption}\n\n{alt}\n\n{_MORE}"
    [(severity, message)] = _repeats(check_text(text, title="Floods in Ostra"))
    assert severity == "info"
    assert "alt text" in message


def test_repeated_byline_is_info_at_most(check_text) -> None:
    byline = "By Jana Petrova and Tomas Berg, Valley Herald staff writers in Ostra"
    text = f"Floods in Ostra\n\n{_BODY}\n{byline}\n\n{_MORE}\n{byline}\n"
    [(severity, message)] = _repeats(check_text(text, title="Floods in Ostra"))
    assert (severity, "byline" in message) == ("info", True)


def test_pull_quote_set_apart_is_info_at_most(check_text) -> None:
    quote = "We will rebuild every bridge the river took from us, whatever it costs the town"
    text = (f"Floods in Ostra\n\n{_BODY}\n\"{quote}\"\n\n{_MORE}\n"
            f"The mayor spoke to residents on Monday. {quote}.\n")
    [(severity, message)] = _repeats(check_text(text, title="Floods in Ostra"))
    assert (severity, "pull quote" in message) == ("info", True)


def test_repeated_paragraph_of_body_prose_stays_a_warning(check_text) -> None:
    # The shape of a paste error: a paragraph of the body, then the same sentence again opening
    # the next paragraph, far from the headline, with no caption or credit near it.
    line = ("Both councils want to run the harbour through a joint board elected by all the "
            "residents of the valley.")
    text = (f"Floods in Ostra\n\n{_BODY}\n{_MORE}\n{line}\n\n{line} They disagree on the "
            "budget.\n")
    [(severity, message)] = _repeats(check_text(text, title="Floods in Ostra"))
    assert severity == "warning"
    assert "layout" not in message


def test_repaired_document_gets_one_finding_quoting_the_notes(check_text) -> None:
    notes = ("repaired mis-encoded text (mojibake) in 3 places with ftfy",)
    [finding] = check_text("A clean text now.", repaired=True, notes=notes)
    assert (finding.entity, finding.attribute, finding.severity) == ("a", "encoding", "warning")
    assert notes[0] in finding.message
    assert check_text("A clean text now.", notes=("decoded as Windows-1252",)) == []


def test_identical_damage_is_one_finding_with_every_place(check_text) -> None:
    findings = check_text("Mayor Karl Weber , who leads the council, met Lena Berg , the "
                          "minister.\n\nOn Friday Karl Weber , the mayor, left.")
    by_value = {tuple(f.values): f for f in findings}
    assert set(by_value) == {("Weber ,",), ("Berg ,",)}
    assert len(by_value[("Weber ,",)].evidence) == 2


def test_evidence_is_the_exact_span(check_text) -> None:
    text = "Title\n\nThe cafÃ© by the river reopened.\nThe grou;p met the mayor of , the town."
    findings = check_text(text)
    assert {f.attribute for f in findings} == {"mojibake", "garbled-word", "missing-word"}
    doc = Document(id="a", path="a.txt", text=text)
    for finding in findings:
        for ev in finding.evidence:
            assert text[ev.start:ev.end] == ev.text
            assert ev.text in ev.sentence
            assert (ev.line, ev.column) == doc.position(ev.start)


def test_clean_text_has_no_findings(check_text) -> None:
    text = ("Council approves budget\n\nThe council approved the 2024 budget on Tuesday, with "
            "spending up 3.5 percent. The U.S.-based firm B2B Ltd won the e-mail contract, "
            "paid for by the state. Details: https://example.com/budget;v=2 #budget2024.")
    assert check_text(text) == []


def test_long_runs_without_spaces_are_not_words(check_text) -> None:
    blob = "ab1,cd" * 50_000  # data, not prose: never a garbled word, and no quadratic scan
    assert check_text(f"Data follows: {blob} end.") == []


def test_corpus_case(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_seeds(seed_result: Result) -> None:
    findings = [f for f in seed_result.findings if f.rule == CORPUS_RULE]
    kinds = {(f.entity[:3], f.attribute) for f in findings}
    assert ("003", "encoding") in kinds
    assert ("003", "mojibake") in kinds
    assert ("001", "garbled-word") in kinds
    assert not any(f.entity.startswith("000") for f in findings)


# The pattern the blanks-first scan replaced: a word, blanks, then a comma or a full stop.
_WORD_BLANKS_MARK = re.compile(r"(?<![^\W_])(?P<word>[^\W_]+)[ \t]+(?P<mark>,|\.(?![.\w]))")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_é1 \t,.\n", max_size=60))
def test_blanks_before_a_mark_are_found_where_the_word_pattern_finds_them(text: str) -> None:
    found = [(d.start, d.end) for d in missing_words(text) if d.text[-1:] in ",."]
    assert found == [m.span() for m in _WORD_BLANKS_MARK.finditer(text)]
