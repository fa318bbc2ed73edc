"""Reading an article, not a sentence: figures attach to the event the article is about.

Every text here is invented for these tests; the shapes are those real articles take (a
headline, a lead naming the event, later paragraphs that speak of "the toll" or of nothing).
"""

from datetime import date
from pathlib import Path

import pytest

import factcheck
from factcheck.extract.pipeline import extract_document
from factcheck.model import Document, Fact
from factcheck.ruledata import load_rule_data


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return load_rule_data()


def facts_of(text: str, data, published: date | None = date(2025, 6, 12),  # type: ignore[no-untyped-def]
             source: str = "doc") -> list[Fact]:
    doc = Document(id=source, path=f"{source}.txt", text=text, published=published)
    return extract_document(doc, data).facts


def figures(facts: list[Fact], attribute: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.context.get("attached_by")) for f in facts
            if f.kind == "quantity" and f.attribute == attribute]


ARTICLE = (
    "Bombing at Dravos market kills dozens\n\n"
    "A car bomb exploded at the central market in Dravos on Tuesday morning, officials said.\n\n"
    "The toll rose to 64 on Wednesday.\n\n"
    "Another 120 people were listed as wounded, and 15 remain in hospital.\n"
)


# --- 1. figures whose sentence names no event ------------------------------------------------
def test_figures_without_an_event_word_attach_to_the_article_event(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(ARTICLE, data)
    deaths = [f for f in facts if f.attribute == "deaths" and f.qualifier != "vague"]
    assert [f.text for f in deaths] == ["64"]  # (the headline's "dozens" is vague)
    assert deaths[0].context["attached_by"] == "main event"  # a paragraph of its own
    events = {f.entity for f in facts if f.kind == "quantity"}
    assert len(events) == 1  # headline, lead and body are one event
    assert figures(facts, "hospitalised") == [("15 remain", "main event")]


def test_a_headline_figure_before_the_lead_attaches_to_the_main_event(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("40 dead, 90 hurt\n\nGunmen attack wedding party in Orvana on "
                     "Saturday night.\n", data)
    assert figures(facts, "deaths") == [("40 dead", "main event")]
    assert figures(facts, "injuries") == [("90 hurt", "main event")]


def test_a_text_naming_no_event_makes_no_toll(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The council said 40 people attended. Turnout was low.\n", data)
    assert [f for f in facts if f.attribute == "deaths"] == []


def test_killing_and_wounding_lists_give_each_figure_its_own_verb(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The attack on a hotel in Kesslin was over by noon, killing 45 people "
                     "and wounding more than 140.", data)
    assert figures(facts, "deaths") == [("45 people", "sentence")]
    assert [t for t, _ in figures(facts, "injuries")] == ["more than 140"]


# --- 2. one event, not many -------------------------------------------------------------------
def test_opening_fire_is_no_fire_event(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Attack on Velmora concert hall\n\nGunmen opened fire on the crowd, "
                     "killing 30 people.\n", data)
    types = {f.context["event_type"] for f in facts if f.kind == "quantity"}
    assert types == {"attack"}


def test_a_place_named_before_the_trigger_is_the_events_place(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Police said the Ostrava bombing killed 22 people.\n", data)
    (fact,) = [f for f in facts if f.attribute == "deaths"]
    assert "Ostrava" in fact.context["places"]


def test_outlets_events_merge_across_sources(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "date: 2025-06-11\nFlooding in Marrow Valley kills 12\n\n"
        "Heavy rain flooded Marrow Valley on Monday. 12 people died, officials said.\n")
    (tmp_path / "b.txt").write_text(
        "date: 2025-06-11\nStorm batters Marrow Valley\n\n"
        "The storm that hit Marrow Valley on Monday left 19 people dead.\n")
    result = factcheck.check([tmp_path / "a.txt", tmp_path / "b.txt"])
    tolls = {f.source: f.entity for f in result.all_facts if f.attribute == "deaths"}
    assert len(set(tolls.values())) == 1, tolls  # a storm and a flood: one family
    assert any(f.rule == "numeric-conflict" for f in result.findings)


# --- 3. background events -----------------------------------------------------------------------
def test_an_earlier_event_named_for_comparison_keeps_its_figures(data) -> None:  # type: ignore[no-untyped-def]
    text = ("Earthquake hits Tarsova\n\n"
            "A strong earthquake struck Tarsova on Monday, killing 310 people. It was the "
            "deadliest since an earthquake in 1971 killed 12,000 people.\n\n"
            "Rescuers said the toll would rise.\n")
    facts = facts_of(text, data)
    tolls = {f.text: f.entity for f in facts if f.attribute == "deaths"}
    assert tolls["310 people"] != tolls["12,000 people"]
    (old,) = [f for f in facts if f.text == "12,000 people"]
    assert old.context["background"] is True


def test_a_strong_cue_makes_a_background_event_without_a_date(data) -> None:  # type: ignore[no-untyped-def]
    text = ("Bombing in Keld\n\nA bomb killed 9 people in Keld on Friday. A previous bombing "
            "killed 30 soldiers.\n\nThe toll later rose to 11.\n")
    facts = facts_of(text, data)
    by_text = {f.text: f for f in facts if f.attribute == "deaths"}
    assert by_text["30 soldiers"].context["background"] is True
    # The later figure attaches to the article's event, not to the earlier one named last.
    assert by_text["11"].entity == by_text["9 people"].entity


# --- 4. scope ------------------------------------------------------------------------------------
def test_a_figure_limited_to_a_place_is_a_part_of_the_toll(data) -> None:  # type: ignore[no-untyped-def]
    text = ("Quake strikes Varnia and Oskel\n\nThe earthquake struck Varnia and Oskel on "
            "Monday. It killed 3,500 people, 1,600 people in Oskel, officials said.\n")
    facts = facts_of(text, data)
    scoped = [f for f in facts if f.attribute == "deaths" and f.context.get("scope")]
    assert [(f.text, f.subject) for f in scoped] == [("1,600 people", "in oskel")]


def test_a_place_before_where_limits_the_figure(data) -> None:  # type: ignore[no-untyped-def]
    # "the Oskel Valley, where 1,600 have died": the valley's part of the toll.
    text = ("Quake kills 3,500 in Varnia\n\nThe earthquake struck Varnia on Monday, killing "
            "3,500 people. The worst hit was the Oskel Valley, where 1,600 have died.\n")
    tolls = {f.text: f.subject for f in facts_of(text, data) if f.attribute == "deaths"}
    assert tolls["1,600"] == "in oskel valley" and tolls["3,500 people"] is None
    text = ("Gunmen attack two mosques in Oskel\n\nGunmen attacked two mosques in Oskel on "
            "Friday, killing 50 people. The attack began at the Tamar Mosque in Oskel, where 41 "
            "people died.\n")
    tolls = {f.text: f.subject for f in facts_of(text, data) if f.attribute == "deaths"}
    assert tolls["41 people"] == "in tamar mosque"
    text = ("Quake kills 3,500 in Varnia\n\nThe earthquake struck Varnia on Monday, killing "
            "3,500 people. The worst hit was the northern province, where 1,600 have died.\n")
    tolls = {f.text: f.subject for f in facts_of(text, data) if f.attribute == "deaths"}
    assert tolls["1,600"] == "in northern province"


def test_a_place_naming_the_event_is_no_limit(data) -> None:  # type: ignore[no-untyped-def]
    # "in Varnia earthquake": the place names the event; the headline's toll is the whole.
    text = ("Over 400 dead in Varnia earthquake\n\nThe earthquake struck Varnia and Oskel on "
            "Monday, killing 420 people, and 60 people in Oskel, officials said.\n")
    tolls = {f.text: f.subject for f in facts_of(text, data) if f.attribute == "deaths"}
    assert tolls == {"Over 400 dead": None, "420 people": None, "60 people": "in oskel"}
    text = "6 killed in Lenn train crash\n\nA train crashed in Lenn and Oskel, killing 6 people.\n"
    assert [f.subject for f in facts_of(text, data) if f.attribute == "deaths"] == [None, None]


def test_people_in_hospital_are_not_the_injured(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The attack in Dunmore injured 83 people. Twenty people remain in "
                     "hospital, eight in critical condition.", data)
    assert [t for t, _ in figures(facts, "injuries")] == ["83 people"]
    assert [t for t, _ in figures(facts, "hospitalised")] == ["Twenty people"]
    assert [t for t, _ in figures(facts, "critical")] == ["eight"]


def test_people_in_custody_are_not_all_the_arrested(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Police arrested five people after the attack in Dunmore. Two of them "
                     "were released; three people remain in custody.", data)
    assert [t for t, _ in figures(facts, "arrests")] == ["five people"]
    assert [t for t, _ in figures(facts, "in custody")] == ["three people"]


def test_people_with_critical_injuries_are_critical(data) -> None:  # type: ignore[no-untyped-def]
    # "with critical injuries": the figure's own words; "with 12 in critical condition": the
    # next figure's.
    facts = facts_of("The train crash in Velden killed 7 people. Six people were taken to "
                     "hospitals with critical injuries. The crash injured 40 people, with 12 in "
                     "critical condition.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("deaths", "7 people"), ("critical", "Six people"), ("injuries", "40 people"),
        ("critical", "12")]


def test_people_aboard_are_not_deaths(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The plane crash near Lessing: 72 people were on board.", data)
    assert [f.attribute for f in facts if f.kind == "quantity"] == ["aboard"]


def test_those_aboard_who_were_rescued_are_the_rescued(data) -> None:  # type: ignore[no-untyped-def]
    # "179 aboard the ferry had been rescued": who they were, then what befell them.
    facts = facts_of("The ferry sinking off Oskel: 179 aboard the capsized ferry had been "
                     "rescued. 476 people were aboard the ferry.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("rescued", "179 aboard"), ("aboard", "476 people")]


def test_people_in_the_water_are_a_count_of_their_own(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The Velden ferry capsized in a storm. At least 11 passengers were in the "
                     "water and about 30 people were thrown into the lake. Two cars fell into the "
                     "lake. Three people died.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("in the water", "At least 11 passengers"), ("in the water", "about 30 people"),
        ("deaths", "Three people")]


def test_a_word_of_the_figure_itself_names_what_it_counts(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The Velden avalanche struck on Tuesday. The four missing hikers it buried "
                     "were never found, and three injured climbers were treated.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("missing", "four missing hikers"), ("injuries", "three injured climbers")]


def test_feared_dead_is_no_confirmed_toll(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The Velden bridge collapsed on Tuesday. Five welders were presumed dead on "
                     "Friday and two people were feared dead. Two people died.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("presumed dead", "Five welders"), ("presumed dead", "two people"),
        ("deaths", "Two people")]


# --- 5. counted nouns with attributes of their own -------------------------------------------
def test_attackers_are_not_casualties(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The attack in Pelham was carried out by five gunmen, police said.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("attackers", "five gunmen")]


def test_an_age_is_no_count(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The bombing in Harlow injured 59 people; 12 children under the age of 16 "
                     "were among them.", data)
    assert "16" not in [f.text for f in facts if f.kind == "quantity"]


def test_increments_are_no_tolls(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("After the collapse in Bexton, four more people died, bringing the toll "
                     "to 36.", data)
    by_text = {f.text: f for f in facts if f.attribute == "deaths"}
    assert by_text["four more people"].context["increment"] is True
    assert by_text["36"].context["increment"] is False


def test_the_last_event_named_in_the_paragraph_takes_its_figures(data) -> None:  # type: ignore[no-untyped-def]
    text = ("Flood in Garrow\n\nFloods hit Garrow on Monday. In a separate incident, a landslide "
            "in Pell buried a road. Rescuers said 4 people were killed.\n\n"
            "Officials put the toll at 12.\n")
    facts = facts_of(text, data)
    kinds = {f.text: f.context["event_type"] for f in facts if f.attribute == "deaths"}
    assert kinds == {"4 people": "landslide", "12": "flood"}


# --- 7. times of day ------------------------------------------------------------------------------
def times(facts: list[Fact]) -> list[tuple[str, str, float | None, float | None]]:
    return [(f.attribute, f.text, f.low, f.high) for f in facts if f.kind == "time"]


def test_times_of_day_are_steps_of_the_event(data) -> None:  # type: ignore[no-untyped-def]
    text = ("Bombing at Tessel arena\n\nThe blast happened at 22:35 BST on Monday. At 11:33 "
            "a.m., the gunman entered the hall.\n\n11:44 a.m.: Police enter the hall.\n")
    assert times(facts_of(text, data)) == [
        ("time started", "22:35 BST", 1355, 1355),
        ("time entered (gunman)", "11:33 a.m.", 693, 693),
        ("time entered (police)", "11:44 a.m.", 704, 704),
    ]


def test_hedged_times_are_windows(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The shooting in Marl began at about 1:45 p.m. The attack in Marl ended shortly "
            "after noon.")
    assert times(facts_of(text, data)) == [("time started", "1:45 p.m.", 821, 829),
                                           ("time ended", "noon", 720, 740)]


def test_a_time_no_step_names_and_an_adjective_are_no_facts(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The collapse in Harn: the truck was found near the collapsed bridge at 10 am local "
            "time (2 pm UK time). Officials met at 3 p.m.")
    assert times(facts_of(text, data)) == []


def test_a_first_report_is_a_step_and_a_time_of_the_next_clause_is_not(data) -> None:  # type: ignore[no-untyped-def]
    # "the first report" is a noun, not an adjective like "the collapsed"; the arrival after
    # ", and" is a clause of its own whose verb names no step.
    text = ("Shooting at Marl mosque\n\nThe first report of an attack came from the mosque in "
            "central Marl at 13:40. Police received the first emergency call at 1.41pm, and "
            "armed officers arrived at 1.47pm.\n")
    assert times(facts_of(text, data)) == [("time started", "13:40", 820, 820),
                                           ("time started", "1.41pm", 821, 821)]


def test_times_in_two_sources_conflict_and_zones_are_compared_on_utc(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The bombing at Tessel arena happened at 22:35 BST.\n")
    (tmp_path / "b.txt").write_text("The attack at Tessel arena happened at 22:33 BST.\n")
    (tmp_path / "c.txt").write_text("The bombing at Tessel arena happened at 21:35 GMT.\n")
    result = factcheck.check([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"])
    (finding,) = [f for f in result.findings if f.rule == "time-conflict"]
    assert sorted(e.text for e in finding.evidence) == ["21:35 GMT", "22:33 BST", "22:35 BST"]
    assert finding.values == ["21:33", "21:35"]  # on UTC: a and c agree


def test_different_actors_and_hedges_do_not_conflict(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The shooting at Orme school: the gunman entered at 11:33 "
                                    "a.m. The shooting began at about 11:30 a.m.\n")
    (tmp_path / "b.txt").write_text("The shooting at Orme school: police entered at 12:10 p.m. "
                                    "The shooting began at 11:32 a.m.\n")
    result = factcheck.check([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert [f for f in result.findings if f.rule == "time-conflict"] == []


# --- subgroups named the way articles name them ---------------------------------------------------
def test_nationalities_are_one_group_however_written(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The plane crash in the Ardel mountains killed 150 people, among them 40 Spanish "
            "citizens, 12 Germans and 3 U.S. passengers.")
    subjects = {f.text: f.subject for f in facts_of(text, data) if f.attribute == "deaths"}
    assert subjects == {"150 people": None, "40 Spanish citizens": "spanish",
                        "12 Germans": "german", "3 U.S. passengers": "u.s."}


def test_a_group_named_after_the_verb_is_the_subject(data) -> None:  # type: ignore[no-untyped-def]
    text = "The crush in Vell killed 150 people. Among the dead, 98 were women and 52 were men."
    subjects = {f.text: f.subject for f in facts_of(text, data) if f.attribute == "deaths"}
    assert subjects == {"150 people": None, "98": "women", "52": "men"}


def test_a_change_and_the_new_figure_are_no_range(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The toll from the crush in Vell rose by one to 158.", data)
    assert [(f.text, f.low, f.high) for f in facts if f.attribute == "deaths"] == [
        ("158", 158, 158)]


def test_an_event_dated_long_before_the_main_one_is_background(data) -> None:  # type: ignore[no-untyped-def]
    text = ("Quake hits Sarn\n\nAn earthquake struck Sarn on Monday, killing 80 people. The last "
            "big earthquake there, on January 24, 2019, killed 41.\n")
    by_text = {f.text: f for f in facts_of(text, data, published=date(2025, 3, 4))
               if f.attribute == "deaths"}
    assert by_text["80 people"].context["background"] is False
    assert by_text["41"].context["background"] is True


def test_a_later_court_date_is_not_the_events_date(data) -> None:  # type: ignore[no-untyped-def]
    text = "After the bombing in Carrow the bomber was convicted in March 2021."
    dates = [f.text for f in facts_of(text, data, published=date(2021, 4, 1))
             if f.kind == "date" and f.attribute == "date"]
    assert dates == []


def test_prior_to_the_attack_is_the_attack_itself(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Prior to the attack at Orna airport that killed 70 people, officials had "
                     "warned of a threat.", data)
    (toll,) = [f for f in facts if f.attribute == "deaths"]
    assert toll.context["background"] is False


# --- measures and frames of their own ------------------------------------------------------------
def test_lengths_are_event_attributes_in_metres(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The ship crash at Lenn bridge: the 948-foot ship struck where the river is 50 feet "
            "deep. The 300-metre-long vessel, 40 metres wide, was 6 miles out.")
    got = [(f.attribute, f.text, round(f.low, 1), round(f.high, 1))
           for f in facts_of(text, data) if f.kind == "quantity"]
    assert got == [("length", "948-foot", 288.8, 289.1), ("depth", "50 feet", 15.1, 15.4),
                   ("length", "300-metre-long", 299.5, 300.5), ("width", "40 metres", 39.5, 40.5)]


def test_each_measure_of_a_list_takes_its_own_word(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The ship crash at Lenn bridge: the tanker has a length of 250 metres and a "
            "width of 44 metres. The river is 80 feet deep and 30 feet wide there.")
    assert [(f.attribute, f.text) for f in facts_of(text, data) if f.kind == "quantity"] == [
        ("length", "250 metres"), ("width", "44 metres"), ("depth", "80 feet"),
        ("width", "30 feet")]


def test_crew_and_people_accounted_for_are_counts_of_their_own(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The ship crash at Lenn bridge: a crew of 24 was aboard. Officials said 252 people "
            "are accounted for.")
    assert [(f.attribute, f.text) for f in facts_of(text, data) if f.kind == "quantity"] == [
        ("crew", "24"), ("accounted for", "252 people")]


def test_bodies_sent_home_are_no_deaths_and_the_others_no_total(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The crush in Vell killed 150 people. The bodies of 20 foreign nationals have been "
            "sent to their home countries. The other 10 victims are still unaccounted for.")
    got = {f.text: (f.attribute, f.context.get("increment")) for f in facts_of(text, data)
           if f.kind == "quantity"}
    assert got == {"150 people": ("deaths", False),
                   "20 foreign nationals": ("repatriated", False),
                   "10 victims": ("missing", True)}


def test_a_place_opening_the_sentence_limits_its_figure(data) -> None:  # type: ignore[no-untyped-def]
    text = ("Quake strikes Varnia and Oskel\n\nThe earthquake struck Varnia and Oskel on Monday."
            " In Oskel, the death toll stands at 1,600.\n")
    (toll,) = [f for f in facts_of(text, data) if f.attribute == "deaths"]
    assert toll.subject == "in oskel"


def test_intensive_care_is_critical(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The attack in Dunmore injured 83 people; 11 are in intensive care.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("injuries", "83 people"), ("critical", "11")]


def test_areas_and_durations_are_measures_of_their_own(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The sub disappeared in the Atlantic on Sunday. It has less than 40 hours of oxygen "
            "left, and the search has covered 7,600 square miles. It carried a 96-hour supply.")
    got = [(f.attribute, f.text, f.unit) for f in facts_of(text, data) if f.kind == "quantity"]
    assert got == [("oxygen left", "less than 40 hours", "s"),
                   ("area searched", "7,600 square miles", "m²")]


def test_a_buildings_storeys_and_the_people_identified(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The collapse of the 12-story building in Vell killed 90 people; 85 of them have "
            "been identified. The pile was nearly two stories high.")
    got = [(f.attribute, f.text) for f in facts_of(text, data) if f.kind == "quantity"]
    assert got == [("storeys", "12-story"), ("deaths", "90 people"), ("identified", "85")]


def test_ages_are_facts_of_the_person(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The crash in Vell killed 150 people. Co-pilot Anders Lorbitz, 28, was at the "
            "controls. Witnesses said the 27-year-old locked the door. Maria Lopez, 41, a "
            "teacher, died; the 60-year-old Jan Berg survived. The toll rose to 151.")
    ages = [(f.entity, f.text) for f in facts_of(text, data) if f.attribute == "age"]
    assert ages == [("Anders Lorbitz", "28"), ("Anders Lorbitz", "27-year-old"),
                    ("Maria Lopez", "41"), ("Jan Berg", "60-year-old")]


def test_an_age_is_compared_within_a_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The attack in Vell killed 9 people. Victim Tomas Ried, 28, "
                                    "was a teacher.\n\nCaption: Tomas Ried, 26, who died.\n")
    result = factcheck.check([tmp_path / "a.txt"])
    (finding,) = [f for f in result.findings if f.attribute == "age"]
    assert finding.rule == "self-contradiction" and finding.entity == "Tomas Ried"


def test_vote_shares_belong_to_their_candidates(data) -> None:  # type: ignore[no-untyped-def]
    text = ("Velmar runoff: Oran wins\n\nOran has 50.2% compared with 49.8% for Teska in the "
            "runoff election. With 99.1% of voting machines counted, Oran won 50.8% of all valid "
            "votes and 49.2% of votes went to Teska. Prices rose 5%.")
    got = [(f.entity, f.attribute, f.text) for f in facts_of(text, data)
           if f.kind == "quantity"]
    assert got == [("Oran", "vote share", "50.2%"), ("Teska", "vote share", "49.8%"),
                   ("doc#event1", "votes counted", "99.1%"), ("Oran", "vote share", "50.8%"),
                   ("Teska", "vote share", "49.2%")]


def test_a_share_of_an_earlier_vote_is_no_share_of_this_one(data) -> None:  # type: ignore[no-untyped-def]
    # "in 2017, when he first won, Oran took 66.1%": that vote's share, not this one's.
    text = ("Velmar runoff: Oran wins\n\nOran won the runoff election on Sunday with 58.5% of "
            "the vote. In 2017, when he first won, Oran took 66.1% of the vote.\n")
    got = [f.text for f in facts_of(text, data) if f.attribute == "vote share"]
    assert got == ["58.5%"]


def test_magnitudes_are_measures_named_by_their_unit(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The earthquake in Sarn on Monday: a 7.8 magnitude earthquake, then one of magnitude "
            "7.5 struck. Rescuers worked for 12 hours.")
    got = [(f.attribute, f.text) for f in facts_of(text, data) if f.kind == "quantity"]
    assert got == [("magnitude", "7.8 magnitude earthquake"), ("magnitude", "7.5 struck")]


def test_time_steps_read_the_sentence_they_open_and_stop_at_the_next_clause(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The ship crash at Lenn bridge on 6 May 2025.\n\nAt 1.30 am on Tuesday, the ship, "
            "which was 300 metres long and carried fuel, slammed into a pier. The sub "
            "submerged at 8 a.m. and was expected to resurface at 3 p.m. A second ship came by "
            "on 7 May 2025 at 9:10.")  # another day: no step of the crash
    assert [(f.attribute, f.text) for f in facts_of(text, data, published=date(2025, 5, 7))
            if f.kind == "time"] == [("time struck", "1.30 am"), ("time started", "8 a.m."),
                                     ("time expected", "3 p.m.")]


def test_counted_things_that_are_no_people(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The earthquake in Sarn killed 80 people. Officials said 1,712 buildings have "
            "collapsed and 6,000 homes were damaged. The gunman at Orme fired 142 rounds.")
    got = [(f.attribute, f.text) for f in facts_of(text, data) if f.kind == "quantity"]
    assert got == [("deaths", "80 people"), ("buildings collapsed", "1,712 buildings"),
                   ("rounds fired", "142 rounds")]


def test_a_capitalised_group_as_written_counts_people(data) -> None:  # type: ignore[no-untyped-def]
    text = "The plane crash in the Ardel mountains killed 150 people, 70 German and 49 Spanish."
    subjects = [(f.text, f.subject) for f in facts_of(text, data) if f.attribute == "deaths"]
    assert subjects == [("150 people", None), ("70 German", "german"), ("49 Spanish", "spanish")]


def test_a_toll_risen_to_after_a_long_subject_and_those_still_missing(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The death toll from the partial collapse of a 12-story apartment block in Bexton, a "
            "quiet seaside town in the north of the province, has increased to 98, officials "
            "said. There are 13 more people who are still unaccounted.")
    got = {f.text: (f.attribute, f.context.get("increment")) for f in facts_of(text, data)
           if f.kind == "quantity" and f.attribute != "storeys"}
    assert got == {"98": ("deaths", False), "13 more people": ("missing", False)}


def test_a_cue_of_the_figures_own_clause_wins(data) -> None:  # type: ignore[no-untyped-def]
    text = ("The attack in Dunmore injured 83 people. Thirty people remain in hospital and 9 are "
            "in intensive care. Among the dead, 8 were women and 5 were men.")
    got = [(f.attribute, f.text, f.subject) for f in facts_of(text, data) if f.kind == "quantity"]
    assert got == [("injuries", "83 people", None), ("hospitalised", "Thirty people", None),
                   ("critical", "9", None), ("deaths", "8", "women"), ("deaths", "5", "men")]


def test_plans_are_compared_with_plans(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The sub disappeared in the Atlantic on Sunday. It was "
                                    "expected to resurface at 19:40.\n")
    (tmp_path / "b.txt").write_text("The sub disappeared in the Atlantic on Sunday. It had dived "
                                    "at 8 a.m. and was expected to resurface at 3 p.m.\n")
    result = factcheck.check([tmp_path / "a.txt", tmp_path / "b.txt"])
    (finding,) = [f for f in result.findings if f.rule == "time-conflict"]
    assert finding.attribute == "time expected"
    assert sorted(e.text for e in finding.evidence) == ["19:40", "3 p.m."]


def test_claiming_lives_is_a_toll_not_a_claim(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The storm that hit Velden on Monday claimed 57 lives. The flood claimed the "
                     "lives of at least 12 farmers. The rebels claimed 30 soldiers died.", data)
    assert [(f.text, f.modality) for f in facts if f.kind == "quantity"] == [
        ("57 lives", "asserted"), ("at least 12 farmers", "asserted"),
        ("30 soldiers", "claimed")]


def test_a_total_of_items_is_not_the_last_items_count(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The plane crash in the Oskel mountains: the jet had 88 passengers and four "
                     "crew members (92 people in total) on the flight. The floods killed 40 "
                     "people in Velden and 12 in Oskel, 52 people in all.", data)
    assert [(f.attribute, f.text) for f in facts
            if f.kind == "quantity" and f.text in ("four crew", "92 people", "52 people")] == [
        ("crew", "four crew"), ("aboard", "92 people"), ("deaths", "52 people")]


def test_a_date_opening_the_sentence_dates_its_event(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The Velden tower collapse last month killed 90 people. In 1994, when the "
                     "tower opened, a stand at the Oskel arena collapsed, killing 31 people.",
                     data, published=date(2021, 7, 8))
    tolls = {f.text: f for f in facts if f.attribute == "deaths"}
    assert tolls["31 people"].context["background"] is True
    assert tolls["31 people"].context["event_id"] != tolls["90 people"].context["event_id"]


def test_an_aside_about_the_people_does_not_hide_the_verb(data) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The fire at the Velden hotel left 40 guests, mostly tourists, injured. "
                     "The storm killed 12 people, mostly farmers, and injured 40, many of "
                     "them children, in Oskel. It killed 9 people, and 30 were hurt.", data)
    assert [(f.attribute, f.text) for f in facts if f.kind == "quantity"] == [
        ("injuries", "40 guests"), ("deaths", "12 people"), ("injuries", "40"),
        ("deaths", "9 people"), ("injuries", "30")]


def test_an_undated_text_keeps_its_main_event_undated(data) -> None:  # type: ignore[no-untyped-def]
    # The 1994 collapse is not given to the main event: a year alone that opens a sentence of
    # a text that dates nothing names an earlier event, with its own toll.
    facts = facts_of("The Velden tower collapse last month killed 90 people. In 1994, when the "
                     "tower opened, a stand at the Oskel arena collapsed, killing 31 people.",
                     data, published=None)
    tolls = {f.text: f for f in facts if f.attribute == "deaths"}
    assert tolls["90 people"].context.get("date") is None
    assert "Oskel" not in tolls["90 people"].context["places"]
    assert tolls["31 people"].context["background"] is True
    assert tolls["31 people"].entity != tolls["90 people"].entity


def test_an_undated_text_still_compares_its_own_figures(data) -> None:  # type: ignore[no-untyped-def]
    # Only a year opening the sentence makes an earlier event: a toll without one is the
    # story's, and two tolls of the story in one text are still a finding.
    text = ("Tower collapse in Velden\n\nThe collapse of a tower in Velden last month killed "
            "40 people, officials said.\n\nIn all, the collapse killed 45 people, the mayor "
            "said.\n")
    tolls = [f for f in facts_of(text, data, published=None) if f.attribute == "deaths"]
    assert [f.text for f in tolls] == ["40 people", "45 people"]
    assert len({f.entity for f in tolls}) == 1 and not any(f.context["background"] for f in tolls)


def test_a_dam_that_fails_is_the_flood(data) -> None:  # type: ignore[no-untyped-def]
    # The flood and the dams' collapse are one event, in one text and across texts; a roof
    # that collapses is a collapse.
    facts = facts_of("Floods hit Velden\n\nFloods swept through Velden on Sunday after two dams "
                     "collapsed, killing at least 500 people.\n", data)
    other = facts_of("The collapse of two dams above Velden on Sunday killed 1,130 people.", data,
                     source="other")
    tolls = [f for f in facts + other if f.attribute == "deaths"]
    assert [f.context["event_type"] for f in tolls] == ["flood", "flood"]
    roof = facts_of("The roof of the Velden arena collapsed on Sunday, killing 12 people.", data)
    assert [f.context["event_type"] for f in roof if f.attribute == "deaths"] == ["collapse"]


def test_a_dash_between_a_cue_and_the_event_word_is_no_word(data) -> None:  # type: ignore[no-untyped-def]
    # "the worst previous disaster - a tunnel stampede in 1994": an earlier event, its toll
    # its own, not the article's.
    facts = facts_of("Stampede in Velden kills 700\n\nA stampede in Velden killed 700 pilgrims "
                     "on Thursday. The toll far exceeds the 1,400 who died in the worst previous "
                     "disaster - a tunnel stampede in 1994.\n", data, published=None)
    tolls = {f.text: f.context["background"] for f in facts if f.attribute == "deaths"}
    assert tolls == {"700": False, "700 pilgrims": False, "1,400": True}


def test_a_breakdown_list_gives_each_item_its_part(data) -> None:  # type: ignore[no-untyped-def]
    # "- Oskaria: 300 dead": the item's name says whose figures follow; a bullet whose label is
    # no name ("• Key facts:") says nothing of them.
    text = ("Stampede in Velden\n\nThe stampede in Velden killed 700 pilgrims on Thursday.\n\n"
            "The dead by country:\n\n- Oskaria: 300 dead\n\n- Tesselland: 250 dead and 40 "
            "missing\n\n• Key facts: 700 people were killed in the stampede.\n")
    got = [(f.attribute, f.text, f.subject) for f in facts_of(text, data, published=None)
           if f.kind == "quantity"]
    assert got == [("deaths", "700 pilgrims", "pilgrims"), ("deaths", "300 dead", "oskaria"),
                   ("deaths", "250 dead", "tesselland"), ("missing", "40 missing", "tesselland"),
                   ("deaths", "700 people", None)]


def test_a_figure_the_toll_includes_is_a_part_of_it(data) -> None:  # type: ignore[no-untyped-def]
    # "included four bodies", "two of the dead": parts of the toll; "five of the victims have
    # been identified": all the identified, no part of them.
    text = ("Train crash in Velden\n\nThe train crash in Velden killed seven people. The seven "
            "dead included four bodies found inside the train. Two of the dead have not been "
            "named. Five of the victims have been identified.\n")
    got = [(f.attribute, f.text, f.context["part"]) for f in facts_of(text, data)
           if f.kind == "quantity"]
    assert got == [("deaths", "seven people", False), ("deaths", "seven dead", False),
                   ("deaths", "four bodies", True), ("deaths", "Two", True),
                   ("identified", "Five", False)]


def test_a_toll_in_a_when_clause_of_an_earlier_year_is_not_the_events(data) -> None:  # type: ignore[no-untyped-def]
    # "the worst since 1993, when 292 people died": that year's toll, not this ferry's.
    text = ("Ferry sinks off Oskel\n\nThe sinking of a ferry off Oskel on Tuesday killed 4 "
            "people. It is the country's worst ferry disaster since 1993, when 292 people "
            "died.\n")
    tolls = [f.text for f in facts_of(text, data) if f.attribute == "deaths"]
    assert tolls == ["4 people"]
    same_day = ("Ferry sinks off Oskel\n\nThe sinking of a ferry off Oskel on Tuesday killed "
                "4 people. In the hours since Tuesday, when 6 people were rescued, the toll rose "
                "to 9 people.\n")
    assert [f.text for f in facts_of(same_day, data) if f.attribute == "deaths"] == [
        "4 people", "9 people"]


def test_a_plane_that_crashed_names_the_crash(data) -> None:  # type: ignore[no-untyped-def]
    # "crashed" is the crash's own word, as "collapsed" is a collapse's: it dates the event.
    facts = facts_of("Plane down near Velden\n\nA passenger plane crashed near Velden on Tuesday, "
                     "killing 40 people.\n", data)
    [toll] = [f for f in facts if f.attribute == "deaths"]
    assert toll.context["event_type"] == "crash" and toll.context["date"] == "2025-06-10"
