"""Named entities, merge keys, abbreviations and declared aliases, on sentences written for
these tests (floods, earthquakes, elections, company results, sport)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract import entities
from factcheck.extract.entities import find_entities, is_abbreviation, name_key
from factcheck.model import EntityMention


def mentions(text: str) -> dict[str, EntityMention]:
    found = find_entities(text)
    for m in found:
        assert text[m.start:m.end] == m.text
    assert [m.start for m in found] == sorted(m.start for m in found)
    return {m.text: m for m in found}


# --- names found ---------------------------------------------------------------------------

def test_multi_word_names_keep_their_inner_connectors() -> None:
    text = ("Rain gauges run by the National Institute of Water and Atmospheric Research recorded "
            "the peak, while the Centre for Flood Risk and Coastal Studies published maps. "
            "Relief came from the Pacific Institute for Disaster & Recovery Studies and from "
            "New Zealand.")
    found = mentions(text)
    assert "National Institute of Water and Atmospheric Research" in found
    assert "Centre for Flood Risk and Coastal Studies" in found
    assert "Pacific Institute for Disaster & Recovery Studies" in found
    assert "New Zealand" in found


def test_and_between_two_plain_names_splits_them() -> None:
    found = mentions("The river burst its banks in Chad and Niger on the same night.")
    assert "Chad" in found and "Niger" in found
    assert "Chad and Niger" not in found


def test_state_of_a_and_b_is_one_name() -> None:
    found = mentions("Observers from the State of Lagoa and Tarvia arrived on Sunday.")
    assert "State of Lagoa and Tarvia" in found


def test_hyphenated_and_particle_names() -> None:
    text = ("Anna-Lena Brandt met Pedro de la Cruz, Ludwig van Houten and Omar bin Khalid "
            "before talking to Samir al-Haddad.")
    found = mentions(text)
    for name in ("Anna-Lena Brandt", "Pedro de la Cruz", "Ludwig van Houten", "Omar bin Khalid",
                 "Samir al-Haddad"):
        assert name in found


@pytest.mark.parametrize("acronym", ["U.S.", "U.K.", "NATO", "UEFA", "COVID-19", "RSF-K", "ISKP"])
def test_acronyms_with_dots_and_hyphens(acronym: str) -> None:
    found = mentions(f"Officials from the {acronym} delegation reviewed the flood damage.")
    assert acronym in found
    assert found[acronym].kind == "acronym"


def test_sentence_initial_word_needs_evidence_elsewhere() -> None:
    text = ("Meteorologists warned of more rain. Flooding closed roads near Riverton. "
            "Riverton schools stayed shut.\n\nHowever, crews in Valencia worked overnight. "
            "Valencia reopened its port.")
    found = mentions(text)
    assert "Meteorologists" not in found and "Flooding" not in found and "However" not in found
    assert "Riverton" in found and "Valencia" in found
    # Each sentence-initial "Riverton"/"Valencia" is found too, because both are capitalised
    # mid-sentence elsewhere.
    assert [m.text for m in find_entities(text)].count("Valencia") == 2


def test_sentence_initial_word_followed_by_a_name_counts() -> None:
    found = mentions("Maria Lopez counted the ballots. Turnout rose.")
    assert "Maria Lopez" in found
    assert "Turnout" not in found


def test_leading_function_words_and_the_are_stripped() -> None:
    text = "The Met Office issued a warning. According to the Red Cross, In Tarvia 300 fled."
    found = mentions(text)
    assert "Met Office" in found and "The Met Office" not in found
    assert "Red Cross" in found
    assert "Tarvia" in found and "In Tarvia" not in found


def test_possessive_is_not_swallowed() -> None:
    text = "Both Valencia’s mayor and Lisbon's fire brigade met at the Port of Sines."
    found = mentions(text)
    assert "Valencia" in found and "Lisbon" in found
    assert not any("’s" in name or "'s" in name for name in found)


def test_months_days_and_lone_titles_are_not_entities() -> None:
    found = mentions("The quake struck on Monday, 4 March, and the President spoke in May.")
    assert not {"Monday", "March", "May", "President"} & set(found)


def test_title_case_headline_keeps_only_names_seen_elsewhere() -> None:
    text = ("Why Valencia, Battered by Storms, May Struggle to Rebuild Before Winter\n\n"
            "Crews in Valencia cleared debris on Tuesday.")
    found = find_entities(text)
    texts = [m.text for m in found]
    assert texts.count("Valencia") == 2
    assert not {"Battered", "Storms", "May Struggle", "Rebuild Before Winter", "Winter"} & set(
        texts)


# --- kinds ---------------------------------------------------------------------------------

def test_kinds_from_general_cues() -> None:
    text = ("Dr. Helena Marsh, chief economist at the Coastal Research Institute, said losses "
            "would pass $2bn. Prime Minister Leila Haddad visited shelters in Tarvia. "
            "Engineers from NATO and the Harbour Authority inspected the Sines Bridge. "
            "Marsh said the harbour would reopen.")
    found = find_entities(text)
    kinds = {m.text: m.kind for m in found}
    assert kinds["Helena Marsh"] == "person"  # honorific stripped
    assert kinds["Leila Haddad"] == "person"  # title stripped
    assert kinds["Coastal Research Institute"] == "org"
    assert kinds["Harbour Authority"] == "org"
    assert kinds["NATO"] == "acronym"
    assert kinds["Tarvia"] == "place"
    assert kinds["Sines Bridge"] == "place"
    assert [m.kind for m in found if m.text == "Marsh"] == ["person"]  # surname of a person
    assert "Prime Minister Leila Haddad" not in kinds and "Dr. Helena Marsh" not in kinds


def test_company_results_and_sport() -> None:
    text = ("Shares in Apple Inc. rose after Q3 results. CEO Tim Cook said FY2024 sales grew and "
            "Mr Smith agreed. Manchester United beat Real Madrid 2-1 in the UEFA Champions "
            "League.")
    found = mentions(text)
    assert found["Apple Inc."].kind == "org"
    assert found["Tim Cook"].kind == "person" and found["Smith"].kind == "person"
    assert found["UEFA Champions League"].kind == "org"
    assert "Manchester United" in found and "Real Madrid" in found
    assert not {"Q3", "FY2024", "CEO Tim Cook", "Mr Smith"} & set(found)


def test_role_apposition_marks_a_person() -> None:
    text = "The striker, Jonas Ek, scored twice. Lina Sorensen, head coach of the club, agreed."
    kinds = {m.text: m.kind for m in find_entities(text)}
    assert kinds["Lina Sorensen"] == "person"


# --- aliases -------------------------------------------------------------------------------

def test_full_name_with_abbreviation_in_parentheses() -> None:
    found = mentions("The Federal Emergency Management Agency (FEMA) sent 40 teams.")
    assert found["Federal Emergency Management Agency"].aliases == ["FEMA"]
    assert found["Federal Emergency Management Agency"].kind == "org"
    assert "FEMA" in found


def test_abbreviation_with_expansion_in_parentheses() -> None:
    text = "Staff at UNHCR (United Nations High Commissioner for Refugees) counted 9,000 people."
    found = mentions(text)
    assert found["UNHCR"].aliases == ["United Nations High Commissioner for Refugees"]
    assert "United Nations High Commissioner for Refugees" in found


def test_expansion_found_by_its_letters_when_capitals_split_it() -> None:
    text = "Funding from the Union of European Football Associations (UEFA) doubled."
    found = mentions(text)
    assert found["Union of European Football Associations"].aliases == ["UEFA"]


def test_also_known_as_list() -> None:
    text = ("The Liberation Tigers of Tamil Eelam, also known as the Tamil Tigers, LTTE, "
            "fought for decades.")
    found = mentions(text)
    assert found["Liberation Tigers of Tamil Eelam"].aliases == ["Tamil Tigers", "LTTE"]


def test_capitalised_function_words_inside_a_name_stay() -> None:
    text = ("Teams from Médecins Sans Frontières, also known as Doctors Without Borders, MSF, "
            "reached the camp.")
    found = mentions(text)
    assert found["Médecins Sans Frontières"].aliases == ["Doctors Without Borders", "MSF"]


def test_known_as_formerly_and_or() -> None:
    text = ("Shares in Lakeside Energy Company, known as KivuPower, fell 4%. Northwind Airlines, "
            "formerly Baltic Air Express, cut 300 jobs. Voters in Myanmar, or Burma, went to "
            "the polls. The Oranje Football Club (also known as the Lions) won 2-1.")
    found = mentions(text)
    assert found["Lakeside Energy Company"].aliases == ["KivuPower"]
    assert found["Northwind Airlines"].aliases == ["Baltic Air Express"]
    assert found["Myanmar"].aliases == ["Burma"]
    assert found["Oranje Football Club"].aliases == ["Lions"]


def test_parentheses_that_expand_nothing_declare_nothing() -> None:
    text = ("Shops in Lyon (France) closed as the Rhone rose (AFP). Ships left Sines (Portugal). "
            "Rescuers from Spain, France, or Italy, arrived.")
    found = find_entities(text)
    assert all(m.aliases == () for m in found)


# --- keys and abbreviations ----------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("ISIS-K", "Isis- K"),
    ("ISIS-K", "ISIS K"),
    ("Islamic State in the Khorasan Province", "Islamic State Khorasan Province"),
    ("U.S.", "US"),
    ("Al-Shabaab", "al Shabaab"),
    ("São Paulo", "Sao Paulo"),
    ("Bank of Tarvia", "Bank Tarvia"),
    ("Procter & Gamble", "Procter and Gamble"),
    ("COVID-19", "Covid 19"),
])
def test_name_key_merges_spelling_variants(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Iran", "Iraq"), ("Austria", "Australia"), ("Niger", "Nigeria"), ("Sudan", "South Sudan"),
])
def test_name_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_name_key_keeps_words_apart_for_blocking() -> None:
    assert name_key("Hamid Karzai International Airport").split() == [
        "hamid", "karzai", "international", "airport"]


@pytest.mark.parametrize(("short", "long"), [
    ("UNAMA", "United Nations Assistance Mission in Afghanistan"),
    ("CSIS", "Center for Strategic and International Studies"),
    ("ISKP", "Islamic State Khorasan Province"),
    ("WHO", "World Health Organization"),
    ("IS-K", "Islamic State Khorasan"),
    ("FIFA", "Fédération Internationale de Football Association"),
    ("ECOWAS", "Economic Community of West African States"),
    ("AQAP", "al-Qaeda in the Arabian Peninsula"),
    ("TPP", "Trans-Pacific Partnership"),
    ("U.S.", "United States"),
])
def test_is_abbreviation_true(short: str, long: str) -> None:
    assert is_abbreviation(short, long)


@pytest.mark.parametrize(("short", "long"), [
    ("AFP", "Lyon"), ("Lyon", "France"), ("Iran", "Iranian"), ("NATO", "World Health Organization"),
    ("WHO", "Weather Office"), ("UEFA", "Union of European Football"), ("FEMA", "Federal Agency"),
])
def test_is_abbreviation_false(short: str, long: str) -> None:
    assert not is_abbreviation(short, long)


# --- robustness ----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Ab", "AB", "U.S.", "of", "and", "the", "Éa", "(", ")", ",", ".",
                                  "’s", "-", "&", "\n", "“", "”", "also known as", "or", "a"]),
                max_size=60))
def test_any_text_gives_consistent_spans(words: list[str]) -> None:
    text = " ".join(words)
    for m in find_entities(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text


def test_empty_text() -> None:
    assert find_entities("") == []


# Texts of name-like pieces: capitals, initials, particles, marks.
_PIECES = [
    "Ab", "AB", "Ana", "Éa", "Ωmega", "Ärzte", "U.S.", "U.K", "A.B.C", "F.", "Mr.", "Mrs.", "Co.",
    "Col.", "Corp.", "Co", "Anna-Lena", "O'Brien", "O’Neil", "AT&T", "COVID-19", "RSF-K", "Ab-1",
    "al-Haddad", "ash-Sham", "as-Salam", "an-Nur", "el-Sisi", "ad-Din", "al", "de", "la", "van",
    "bin", "of", "for", "in", "and", "&", "the", "der", "den", "said", "a", "also", "x", "7",
    ".", ",", "’s", "'", "(", ")", "“", "”", "-", "—", ":", "_", "Q3", "FY2024", "Inc.",
]
_SEPARATORS = [" ", " ", " ", "", "\t", "\u00a0", "\n", "  ", ". ", ", "]
_texts = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)),
                  max_size=40).map(lambda parts: "".join(w + sep for w, sep in parts))


def _clear_caches() -> None:
    for cached in (entities._cut, entities._names, entities._word_name):
        cached.cache_clear()


@settings(max_examples=100, deadline=None)
@given(st.lists(_texts, min_size=2, max_size=5))
def test_names_cached_across_texts_are_the_names_of_each_text(texts: list[str]) -> None:
    def found(text: str) -> list[tuple[int, int, str, str, list[str]]]:
        return [(m.start, m.end, m.text, m.kind, m.aliases) for m in find_entities(text)]

    warm = [found(text) for text in texts]  # each text after the others filled the caches
    for text, expected in zip(texts, warm, strict=True):
        _clear_caches()
        assert found(text) == expected


def test_a_dateline_in_capitals_ends_before_the_sentence() -> None:
    # "VELDEN The storm …": the dateline is no part of a name "VELDEN The".
    names = [e.text for e in find_entities("VELDEN The storm hit Oskel Bay on Tuesday.")]
    assert "VELDEN The" not in names and "Oskel Bay" in names
    assert [e.text for e in find_entities("The Bank of The West said so.")] == [
        "Bank of The West"]
