"""Fact assembly on texts written for these tests (not the seeds)."""

import re
import string
import sys
from datetime import date

import pytest

from factcheck.extract.pipeline import _CASE_ODD, _CLAUSE_BREAK, extract_document
from factcheck.model import Document, Fact
from factcheck.ruledata import load_rule_data


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return load_rule_data()


def facts_of(text: str, data, published: date | None = date(2024, 3, 15)) -> list[Fact]:  # type: ignore[no-untyped-def]
    doc = Document(id="doc", path="doc.txt", text=text, published=published)
    return extract_document(doc, data).facts


def one(facts: list[Fact], **match: object) -> Fact:
    found = [f for f in facts if all(getattr(f, k) == v for k, v in match.items())]
    assert len(found) == 1, (match, [(f.attribute, f.text, f.subject) for f in facts])
    return found[0]


def test_toll_with_qualifier_subject_event_and_date(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Flash floods in Lagos on Wednesday killed at least 40 people and injured "
                     "120, officials said.", data)
    deaths = one(facts, attribute="deaths")
    assert (deaths.low, deaths.high, deaths.qualifier, deaths.subject) == (40, None, "at-least",
                                                                           None)
    assert deaths.text == "at least 40 people"
    assert deaths.time == "2024-03-13"  # Wednesday before a Friday publication
    assert deaths.context["event_type"] == "flood" and "Lagos" in deaths.context["places"]
    injuries = one(facts, attribute="injuries")
    assert injuries.value == 120
    date_fact = one(facts, kind="date", attribute="date")
    assert date_fact.value == "2024-03-13" and date_fact.text == "Wednesday"


def test_subgroups_keep_their_subject_and_mark_parts(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The earthquake near Izmir killed 85 people, including 20 firefighters "
                     "and 6 American soldiers.", data)
    whole = one(facts, attribute="deaths", value=85.0)
    assert whole.subject is None
    part = one(facts, attribute="deaths", value=20.0)
    assert part.subject == "firefighters" and part.context["part"] is True
    soldiers = one(facts, attribute="deaths", value=6.0)
    assert soldiers.subject == "u.s. service members"  # synonyms from rules/subjects.yaml


def test_counted_noun_that_is_the_attribute_gives_no_subject(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("A blast at the Tema port left 12 dead and 30 wounded.", data)
    assert one(facts, attribute="deaths").subject is None
    assert one(facts, attribute="injuries").value == 30


@pytest.mark.parametrize("text", [
    "The company said 300 employees would lose their jobs.",  # no attribute cue
    "The attack was condemned by 14 countries.",  # counted noun is not people
    "She has 3 children and a dog.",
    "Officials killed time for 20 minutes.",  # a time unit never counts people
])
def test_no_toll_facts(text: str, data) -> None:  # type: ignore[no-untyped-def]
    assert not [f for f in facts_of(text, data) if f.kind == "quantity"]


def test_toll_without_any_event_is_not_a_fact(data) -> None:  # type: ignore[no-untyped-def]
    assert not [f for f in facts_of("In the end 12 people died.", data) if f.kind == "quantity"]


def test_predictions_keep_their_modality(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The storm in Dhaka could kill 500 people, forecasters said.", data)
    assert one(facts, attribute="deaths").modality == "predicted"


def test_definite_mention_refers_back_to_the_event(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Bombings outside Quetta station killed 25 people. The attack on "
                     "March 12, 2024 was claimed by no one.", data)
    toll = one(facts, attribute="deaths")
    dated = one(facts, kind="date", attribute="date")
    assert toll.entity == dated.entity and dated.value == "2024-03-12"


def test_unrelated_indefinite_event_stays_apart(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("A fire in Accra killed 9 people. Officials fear an attack during "
                     "next month's vote.", data)
    assert {f.context.get("event_type") for f in facts if f.kind == "quantity"} == {"fire"}


def test_relations_founding_and_records(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The Coastal Relief Agency was founded in 1998. The Northern Front has "
                     "been fighting the Coastal Militia since 2011. It was the highest since "
                     "Statistics Lagos records began in 2024.", data)
    assert one(facts, attribute="founded").entity == "Coastal Relief Agency"
    relation = one(facts, attribute="fighting-since")
    assert relation.value == "2011" and relation.context["participants"] == [
        "Coastal Militia", "Northern Front"]
    assert one(facts, attribute="records-began").value == "2024"


@pytest.mark.parametrize("odd", ["", " \u0131", " \u0130", " \u017f"])
def test_cue_words_in_any_case_whatever_else_the_text_holds(odd: str, data) -> None:  # type: ignore[no-untyped-def]
    # Sentences are picked by their lowered text, except when the text holds a character
    # that case-insensitive matching and lowering treat apart: then every sentence is read.
    facts = facts_of("The Coastal Relief Agency was FOUNDED in 1998. The Northern Front has "
                     "been Fighting the Coastal Militia SINCE 2011. The flood hit Lagos on "
                     "Monday." + odd, data)
    assert one(facts, attribute="founded").entity == "Coastal Relief Agency"
    assert one(facts, attribute="fighting-since").value == "2011"
    assert one(facts, attribute="date").value == "2024-03-11"


def test_purpose_clause_is_not_a_founding(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The donors met in 2019 to establish a fund.", data)
    assert not [f for f in facts if f.attribute == "founded"]


def test_strength_belongs_to_the_group_named_before(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The Coastal Militia has roughly 2,000 to 3,000 fighters.", data)
    strength = one(facts, attribute="strength")
    assert strength.entity == "Coastal Militia" and strength.low is not None
    assert strength.low <= 2000 and strength.high is not None and strength.high >= 3000


def test_offsets_and_positions_point_at_the_span(data) -> None:  # type: ignore[no-untyped-def]
    text = "Title line\n\nFloods in Lagos on Wednesday killed 40 people."
    fact = one(facts_of(text, data), attribute="deaths")
    assert text[fact.start:fact.end] == fact.text == "40 people"
    assert (fact.line, fact.column) == (3, text.index("40") - text.index("Floods") + 1)


def test_quote_fact_is_its_span_and_shares_the_quotation_string(data) -> None:  # type: ignore[no-untyped-def]
    text = 'The harbour master, Ilse Varga, said: "We closed every berth before the storm came."'
    doc = Document(id="doc", path="doc.txt", text=text)
    extraction = extract_document(doc, data)
    [quote] = extraction.quotes
    fact = one(extraction.facts, kind="quote")
    assert text[fact.start:fact.end] == fact.text == "We closed every berth before the storm came."
    assert fact.text is quote.text  # one string for both, not a copy per fact


def test_equal_spans_of_two_texts_share_their_strings(data) -> None:  # type: ignore[no-untyped-def]
    said = '"The water rose faster than anyone expected," said Tomas Reyl.'
    day = date(2024, 3, 15)
    first = extract_document(Document(id="a", path="a.txt", published=day, text=(
        f"Floods in Lagos on Wednesday killed 40 people. {said}")), data)
    second = extract_document(Document(id="b", path="b.txt", published=day, text=(
        f"Officials counted the damage. Floods in Lagos on Wednesday killed 40 people. {said}")),
        data)
    toll_a, toll_b = (one(e.facts, attribute="deaths") for e in (first, second))
    assert toll_a.text == toll_b.text == "40 people"
    assert toll_a.text is toll_b.text
    assert first.quotes[0].text is second.quotes[0].text
    assert first.dates[0].text is second.dates[0].text


def test_figures_own_passive_verb_wins_over_the_cue_before(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The landslide above Kigoma killed twelve people and about 80 were "
                     "injured.", data)
    assert one(facts, attribute="injuries").low == 72


def test_month_may_is_not_a_modal(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The blast in Pune on May 14, 2024 killed 9 people.", data)
    assert one(facts, attribute="deaths").modality == "asserted"


def test_trigger_word_inside_another_noun_is_no_event(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Floods in Hue killed 7 people, the fire brigade said.", data)
    assert one(facts, attribute="deaths").context["event_type"] == "flood"
    assert {f.context.get("event_type") for f in facts if f.kind == "date"} <= {"flood"}


@pytest.mark.parametrize(("text", "holder"), [
    ("The Kivu Rangers, founded in 2013, control the pass.", "Kivu Rangers"),
    ("Founded in 2013, the Kivu Rangers control the pass.", "Kivu Rangers"),
    ("The Kivu Rangers were established in 2013.", "Kivu Rangers"),
])
def test_founding_forms(text: str, holder: str, data) -> None:  # type: ignore[no-untyped-def]
    fact = one(facts_of(text, data), attribute="founded")
    assert fact.entity == holder and fact.value == "2013"


@pytest.mark.parametrize("text", [
    "The Kivu Rangers hope to set up in 2025 a new base.",  # no passive, no apposition
    "The militia was founded in 2013.",  # no name to hold it
])
def test_no_founding_without_a_named_holder(text: str, data) -> None:  # type: ignore[no-untyped-def]
    assert not [f for f in facts_of(text, data) if f.attribute == "founded"]


@pytest.mark.parametrize("text", [
    "The flood in Galati destroyed more than 6,000 homes and killed 2 people.",
    "The quake in Ica toppled a two-storey police station and killed 3 people.",
    "The flood in Galati killed Gerald Moss, 58, and 2 other people.",
])
def test_counts_that_are_not_people_are_not_tolls(text: str, data) -> None:  # type: ignore[no-untyped-def]
    values = sorted(f.value for f in facts_of(text, data) if f.attribute == "deaths")
    assert values in ([2.0], [3.0])


def test_generic_disaster_word_refers_to_the_event_named_before(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("A ferry capsized on the Meghna river on Sunday. Officials said the "
                     "disaster had killed 24 people.", data)
    deaths = one(facts, attribute="deaths")
    assert deaths.context["event_type"] == "sinking" and deaths.time == "2024-03-10"


def test_date_of_the_report_is_not_the_events(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Floods in Galati on Monday killed 8 people. The toll from the floods "
                     "rose to 19 on Wednesday.", data)
    assert {f.time for f in facts if f.attribute == "deaths"} == {"2024-03-11"}


def test_modal_verb_far_before_a_figure_does_not_govern_it(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The army vowed it would hunt down the rebels who carried out the attack "
                     "in Bunia on Monday, which killed 12 people.", data)
    assert one(facts, attribute="deaths").modality == "asserted"


def test_modal_verb_governs_a_figure_after_a_comparison(data) -> None:  # type: ignore[no-untyped-def]
    # "as high as" compares; it opens no clause of its own that would end the modal's reach.
    facts = facts_of("If more bodies are found under the stands in Oskel, the death toll from "
                     "the collapse could rise to as high as 75 people.", data)
    assert one(facts, attribute="deaths").modality == "predicted"


def test_modal_verb_does_not_govern_a_figure_after_a_subordinator(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The toll from the flood in Tessel could rise further as 30 people were "
                     "killed there on Monday alone.", data)
    assert one(facts, attribute="deaths").modality == "asserted"


def test_a_figure_in_a_clause_of_its_own_is_not_the_cue_before(data) -> None:  # type: ignore[no-untyped-def]
    # "as 22,000 fans ran": its own clause; "as many as" and "as well as" are no clause.
    facts = facts_of("The shooting at the Velden festival killed 59 people as some 22,000 fans "
                     "ran for cover.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("deaths", "59 people")]
    facts = facts_of("The attack in Velden killed as many as 59 people as well as 3 police "
                     "officers.", data)
    assert [(f.attribute, f.subject) for f in facts if f.kind == "quantity"] == [
        ("deaths", None), ("deaths", "police officers")]


def test_a_compound_measure_names_the_kind_of_thing_it_measures(data) -> None:  # type: ignore[no-untyped-def]
    things = {f.text: f.context.get("thing") for f in facts_of(
        "The crash at the Lenn bridge: the 948-foot container ship hit the 60-metre Lenn Tower "
        "and a 30-metre crane; the bridge has a length of 1,200 feet.", data)
        if f.attribute == "length"}
    assert things == {"948-foot": "vessel", "60-metre": "tower", "30-metre": "crane",
                      "1,200 feet": None}


def test_a_measure_in_brackets_after_another_is_its_conversion(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The collapse of the 45-metre-high (150-foot) Lenn Bridge: a 200-metre "
                     "(650 feet) section fell, and the 50-metre crane beside it.", data)
    assert [f.text for f in facts if f.kind == "quantity"] == ["45-metre-high", "200-metre",
                                                               "50-metre"]


def test_name_facts_hold_what_the_keyword_form_gives(data) -> None:  # type: ignore[no-untyped-def]
    # name_facts builds its facts positionally, for speed: each must equal the keyword form.
    text = ("Title line\n\nThe Coastal Relief Agency (CRA) said Maria Lopez had left Lagos.\n"
            "Lopez said it was over.")
    names = [f for f in facts_of(text, data) if f.kind == "name"]
    assert names
    for f in names:
        assert f == Fact(id=f"doc:name:{f.start}:name", source="doc", kind="name",
                         entity=f.text, attribute="name", value=f.text, start=f.start,
                         end=f.end, line=f.line, column=f.column, text=text[f.start:f.end],
                         sentence=f.sentence, context=f.context)
        line = text.count("\n", 0, f.start) + 1
        assert (f.line, f.column) == (line, f.start - text.rfind("\n", 0, f.start))
        assert f.text in f.sentence and set(f.context) == {"kind", "aliases"}


def test_lowering_changes_no_match_of_cue_patterns() -> None:
    # Where a text holds none of _CASE_ODD, cue patterns (lower-case ASCII words, word and
    # space characters around them) search its lowered form case-sensitively. Over every
    # code point that lowers to one character: an ASCII letter matches case-insensitively
    # exactly the characters that lower to it, and lowering keeps word and space characters.
    chars = [chr(c) for c in range(sys.maxunicode + 1)]
    kept = "".join(c for c in chars if len(c.lower()) == 1 and c not in _CASE_ODD)
    lowered = kept.lower()
    assert len(lowered) == len(kept)
    for letter in string.ascii_lowercase:
        assert [m.start() for m in re.finditer(letter, kept, re.I)] == [
            m.start() for m in re.finditer(letter, lowered)]
    for cls in (r"[\w-]", r"\s"):
        assert [m.start() for m in re.finditer(cls, kept)] == [
            m.start() for m in re.finditer(cls, lowered)]


def test_clause_breaks_are_marks_and_whole_contrast_words() -> None:
    text = "Rain fell: the weir held; the road flooded, but rebuttals came while buttresses "\
           "stood — whereas whilst Whereas"
    found = [text[m.start():m.end()] for m in _CLAUSE_BREAK.finditer(text)]
    assert found == [":", ";", "but", "while", "—", "whereas"]
