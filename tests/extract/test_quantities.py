"""Quantities: every qualifier phrase, range form, spelled-out number and vague amount in the
built-in rules, on sentences about floods, quakes, elections, layoffs and sport; the things that
look like figures but are not (years, dates, times, ordinals, codes, pronouns); and the table's
validation and user overrides."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from factcheck.extract.quantities import QualifierTable, find_quantities
from factcheck.model import Quantity

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BUILTIN = QualifierTable.builtin()
OPEN = None  # an open end of an interval


def the_quantity(sentence: str, span: str) -> Quantity:
    """The one quantity whose text is ``span``; fails with everything found otherwise."""
    found = find_quantities(sentence)
    matching = [q for q in found if q.text == span]
    assert len(matching) == 1, f"{span!r} not found in {[q.text for q in found]}"
    return matching[0]


def check(sentence: str, span: str, value: float, low: float | None, high: float | None,
          qualifier: str, unit: str | None) -> None:
    q = the_quantity(sentence, span)
    assert (q.value, q.low, q.high, q.qualifier, q.unit) == (value, low, high, qualifier, unit)
    assert sentence[q.start:q.end] == q.text
    if q.unit is not None:
        assert q.unit_start is not None and q.unit_end is not None
        assert sentence[q.unit_start:q.unit_end] == q.unit


# -- qualifiers in front of the figure: one sentence per phrase in rules/qualifiers.yaml -------
# (phrase, sentence, span, value, low, high, qualifier, unit)

BEFORE = [
    ("exactly", "Exactly 312 runners finished the flooded marathon course.",
     "Exactly 312 runners", 312, 312, 312, "exact", "runners"),
    ("precisely", "The quake destroyed precisely 48 schools in the valley.",
     "precisely 48 schools", 48, 48, 48, "exact", "schools"),
    ("a total of", "Rescuers evacuated a total of 1,350 residents overnight.",
     "a total of 1,350 residents", 1350, 1350, 1350, "exact", "residents"),
    ("at least", "At least 23 people drowned when the river burst its banks.",
     "At least 23 people", 23, 23, OPEN, "at-least", "people"),
    ("no fewer than", "Seismologists recorded no fewer than 14 aftershocks by noon.",
     "no fewer than 14 aftershocks", 14, 14, OPEN, "at-least", "aftershocks"),
    ("not fewer than", "The mudslide buried not fewer than 9 villages.",
     "not fewer than 9 villages", 9, 9, OPEN, "at-least", "villages"),
    ("no less than", "The incumbent needs no less than 60 percent of ballots.",
     "no less than 60 percent", 60, 60, OPEN, "at-least", "percent"),
    ("not less than", "Flooding closed not less than 7 districts.",
     "not less than 7 districts", 7, 7, OPEN, "at-least", "districts"),
    ("a minimum of", "The plant will keep a minimum of 250 workers on site.",
     "a minimum of 250 workers", 250, 250, OPEN, "at-least", "workers"),
    ("more than", "More than 4,000 employees will lose their jobs, the carmaker said.",
     "More than 4,000 employees", 4000, 4001, OPEN, "more-than", "employees"),
    ("over", "The tornado flattened over 90 homes in the county.",
     "over 90 homes", 90, 91, OPEN, "more-than", "homes"),
    ("upwards of", "Organisers expect upwards of 600 volunteers for the clean-up.",
     "upwards of 600 volunteers", 600, 601, OPEN, "more-than", "volunteers"),
    ("in excess of", "Insurers received in excess of 2,500 claims after the hailstorm.",
     "in excess of 2,500 claims", 2500, 2501, OPEN, "more-than", "claims"),
    ("above", "Turnout was above 70% in the capital.",
     "above 70%", 70, 70, OPEN, "more-than", "%"),
    ("greater than", "Waves greater than 5 metres hit the harbour.",
     "greater than 5 metres", 5, 5, OPEN, "more-than", "metres"),
    ("well over", "The derby drew well over 1,000 spectators.",
     "well over 1,000 spectators", 1000, 1001, OPEN, "more-than", "spectators"),
    ("just over", "The outage hit just over 300 households.",
     "just over 300 households", 300, 301, OPEN, "more-than", "households"),
    ("well above", "Temperatures stayed well above 40 degrees all week.",
     "well above 40 degrees", 40, 40, OPEN, "more-than", "degrees"),
    ("just above", "The coalition won just above 50 per cent of the seats.",
     "just above 50 per cent", 50, 50, OPEN, "more-than", "per cent"),
    ("at most", "Ferries will run at most 15 minutes late, the operator promised.",
     "at most 15 minutes", 15, OPEN, 15, "at-most", "minutes"),
    ("up to", "The retailer will cut up to 800 jobs this year.",
     "up to 800 jobs", 800, OPEN, 800, "at-most", "jobs"),
    ("no more than", "Shelters can take no more than 30 patients each.",
     "no more than 30 patients", 30, OPEN, 30, "at-most", "patients"),
    ("not more than", "The boat carried not more than 12 passengers.",
     "not more than 12 passengers", 12, OPEN, 12, "at-most", "passengers"),
    ("a maximum of", "The stadium will admit a maximum of 5,000 spectators.",
     "a maximum of 5,000 spectators", 5000, OPEN, 5000, "at-most", "spectators"),
    ("as many as", "As many as 70 climbers may be trapped on the ridge.",
     "As many as 70 climbers", 70, OPEN, 70, "at-most", "climbers"),
    ("as much as", "Forecasters warned of as much as 300 mm of rain.",
     "as much as 300 mm", 300, OPEN, 300, "at-most", "mm"),
    ("fewer than", "Fewer than 200 ballots were rejected in the recount.",
     "Fewer than 200 ballots", 200, OPEN, 199, "less-than", "ballots"),
    ("less than", "The party polled less than 2.5 percent nationally.",
     "less than 2.5 percent", 2.5, OPEN, 2.5, "less-than", "percent"),
    ("under", "Under 40 candidates registered for the by-election.",
     "Under 40 candidates", 40, OPEN, 39, "less-than", "candidates"),
    ("below", "Inflation fell below 18% in the spring.",
     "below 18%", 18, OPEN, 18, "less-than", "%"),
    ("well under", "The winner took well under 500 votes.",
     "well under 500 votes", 500, OPEN, 499, "less-than", "votes"),
    ("well below", "Harvests came in well below 1,000 tonnes.",
     "well below 1,000 tonnes", 1000, OPEN, 1000, "less-than", "tonnes"),
    ("about", "The landslide damaged about 240 homes.",
     "about 240 homes", 240, 216, 264, "about", "homes"),
    ("around", "Around 2,400 voters were turned away at the polls.",
     "Around 2,400 voters", 2400, 2160, 2640, "about", "voters"),
    ("roughly", "Roughly 1.5 million households lost power in the storm.",
     "Roughly 1.5 million households", 1500000, 1350000, 1650000, "about", "households"),
    ("approximately", "The lava flow covered approximately 60 km of road.",
     "approximately 60 km", 60, 54, 66, "about", "km"),
    ("approx.", "The ferry held approx. 500 passengers when it ran aground.",
     "approx. 500 passengers", 500, 450, 550, "about", "passengers"),
    ("some", "Some 40 firefighters battled the blaze through the night.",
     "Some 40 firefighters", 40, 36, 44, "about", "firefighters"),
    ("an estimated", "An estimated 12,000 people marched through the city.",
     "An estimated 12,000 people", 12000, 10800, 13200, "about", "people"),
    ("estimated", "Police put the crowd at estimated 3,000 protesters.",
     "estimated 3,000 protesters", 3000, 2700, 3300, "about", "protesters"),
    ("circa", "The summit brought together circa 250 delegates.",
     "circa 250 delegates", 250, 225, 275, "about", "delegates"),
    ("close to", "Close to 90 percent of the harvest was lost to drought.",
     "Close to 90 percent", 90, 81, 99, "about", "percent"),
    ("in the region of", "The insurer expects in the region of 400 claims.",
     "in the region of 400 claims", 400, 360, 440, "about", "claims"),
    ("~", "The network lost ~50 stations during the blackout.",
     "~50 stations", 50, 45, 55, "about", "stations"),
    ("nearly", "Nearly 200 buildings collapsed in the earthquake.",
     "Nearly 200 buildings", 200, 180, 200, "nearly", "buildings"),
    ("almost", "Almost 3,000 residents fled the rising water.",
     "Almost 3,000 residents", 3000, 2700, 3000, "nearly", "residents"),
    ("just under", "The referendum passed with just under 50 percent support.",
     "just under 50 percent", 50, 45, 50, "nearly", "percent"),
    ("just below", "The challenger finished just below 10,000 votes.",
     "just below 10,000 votes", 10000, 9000, 10000, "nearly", "votes"),
    ("just shy of", "The side fell just shy of 60 points.",
     "just shy of 60 points", 60, 54, 60, "nearly", "points"),
]

# -- qualifiers after the figure ---------------------------------------------------------------

AFTER = [
    ("or more", "Boats carrying 40 or more passengers were grounded.",
     "40 or more passengers", 40, 40, OPEN, "at-least", "passengers"),
    ("and more", "Companies with 250 and more employees must report.",
     "250 and more employees", 250, 250, OPEN, "at-least", "employees"),
    ("or above", "Children aged 12 or above may vote in the youth poll.",
     "12 or above", 12, 12, OPEN, "at-least", None),
    ("and above", "Voters aged 65 and above queued longest.",
     "65 and above", 65, 65, OPEN, "at-least", None),
    ("or over", "Residents aged 80 or over were moved first.",
     "80 or over", 80, 80, OPEN, "at-least", None),
    ("plus", "The blaze left 30-plus families homeless.",
     "30-plus families", 30, 30, OPEN, "at-least", "families"),
    ("+", "The storm damaged 500+ homes along the coast.",
     "500+ homes", 500, 500, OPEN, "at-least", "homes"),
    ("or fewer", "Shops with 10 or fewer staff were exempt.",
     "10 or fewer staff", 10, OPEN, 10, "at-most", "staff"),
    ("or less", "Waiting times of 40 or less minutes were rare.",
     "40 or less minutes", 40, OPEN, 40, "at-most", "minutes"),
    ("or under", "Children aged 5 or under travel free.",
     "5 or under", 5, OPEN, 5, "at-most", None),
    ("or below", "Pupils graded 3 or below repeat the year.",
     "3 or below", 3, OPEN, 3, "at-most", None),
    ("or so", "The flood swept away 300 or so homes.",
     "300 or so homes", 300, 270, 330, "about", "homes"),
    ("odd", "She coached the team for 20-odd years.",
     "20-odd years", 20, 18, 22, "about", "years"),
]


@pytest.mark.parametrize(("phrase", "sentence", "span", "value", "low", "high", "qualifier",
                          "unit"), BEFORE + AFTER, ids=[c[0] for c in BEFORE + AFTER])
def test_qualifier_phrases(phrase: str, sentence: str, span: str, value: float,
                           low: float | None, high: float | None, qualifier: str,
                           unit: str | None) -> None:
    assert phrase.lower() in span.lower()
    check(sentence, span, value, low, high, qualifier, unit)


def test_every_builtin_qualifier_phrase_has_a_case() -> None:
    assert {p for p, _ in BUILTIN.before} == {c[0] for c in BEFORE}
    assert {p for p, _ in BUILTIN.after} == {c[0] for c in AFTER}
    for phrase, qualifier in BUILTIN.before + BUILTIN.after:
        case = next(c for c in BEFORE + AFTER if c[0] == phrase)
        assert case[6] == qualifier, phrase


# -- plain figures, units and counted nouns ----------------------------------------------------

PLAIN = [
    ("The floods killed 212 Peruvians and 9 U.N. peacekeepers.", "212 Peruvians", 212,
     "Peruvians"),
    ("The floods killed 212 Peruvians and 9 U.N. peacekeepers.", "9 U.N. peacekeepers", 9,
     "U.N. peacekeepers"),
    ("The blast killed 11 Canadian aid workers on Tuesday.", "11 Canadian aid workers", 11,
     "Canadian aid workers"),
    ("Officials counted 41 dead and 57 injured after the derailment.", "41 dead", 41, "dead"),
    ("Officials counted 41 dead and 57 injured after the derailment.", "57 injured", 57,
     "injured"),
    ("The strike involved 30 fire crews from three counties.", "30 fire crews", 30,
     "fire crews"),
    ("Helplines logged 250 calls to a hotline overnight.", "250 calls", 250, "calls"),
    ("Police recorded 207 clashes between rival fans.", "207 clashes", 207, "clashes"),
    ("The quake injured 40 more people in the old town.", "40 more people", 40, "people"),
    ("Sixty remaining hostages were freed.", "Sixty remaining hostages", 60,
     "remaining hostages"),
    ("The storm cut power to 40,000 homes.", "40,000 homes", 40000, "homes"),
    ("The league fined 13 Texas counties for late returns.", "13 Texas counties", 13,
     "Texas counties"),
    ("The bank set aside $3.5 million for flood relief.", "$3.5 million", 3500000, "$"),
    ("The club paid £20m for the striker.", "£20m", 20000000, "£"),
    ("The fund lost US$1.2bn last year.", "US$1.2bn", 1200000000, "US$"),
    ("The dam cost €2.5 billion to build.", "€2.5 billion", 2500000000, "€"),
    ("The state spent Rs 500 crore on relief.", "Rs 500 crore", 5000000000, "Rs"),
    ("The government borrowed 3bn to rebuild.", "3bn", 3000000000, None),
    ("The ruling party took 40% of the vote.", "40%", 40, "%"),
    ("Turnout reached 62.5 per cent in the north.", "62.5 per cent", 62.5, "per cent"),
    ("Support rose by 3 percentage points.", "3 percentage points", 3, "percentage points"),
    ("Gusts reached 120 km/h on the coast.", "120 km/h", 120, "km/h"),
    ("Winds of 30 miles per hour fanned the fire.", "30 miles per hour", 30, "miles per hour"),
    ("The river rose 3m overnight.", "3m", 3, "m"),
    ("The floods displaced 1.2m people.", "1.2m people", 1200000, "people"),
    ("Floodwater covered 2,300 hectares of farmland.", "2,300 hectares", 2300, "hectares"),
    ("6 min read", "6 min", 6, "min"),
    ("Temperatures dropped to -12 °C overnight.", "-12 °C", -12, "°C"),
    ("Losses reached 1.000.000 euros, the co-operative said.", "1.000.000 euros", 1000000,
     "euros"),
    ("The tanker spilled 2.500 tonnes of oil.", "2.500 tonnes", 2.5, "tonnes"),
    ("A 3,000-strong force was deployed.", "3,000-strong", 3000, "strong"),
    ("A 12-member jury heard the case.", "12-member", 12, "member"),
    ("The flood cost 2.5 million people their homes.", "2.5 million people", 2500000,
     "people"),
    ("2000 people fled the fires.", "2000 people", 2000, "people"),
    ("One person died when the roof collapsed.", "One person", 1, "person"),
    ("Zero deaths were reported after the tremor.", "Zero deaths", 0, "deaths"),
    ("Two of the victims were children.", "Two", 2, None),
    ("The province has 34 districts.", "34 districts", 34, "districts"),
    ("The region's 34 districts voted.", "34 districts", 34, "districts"),
]


@pytest.mark.parametrize(("sentence", "span", "value", "unit"), PLAIN)
def test_plain_figures_and_their_units(sentence: str, span: str, value: float,
                                       unit: str | None) -> None:
    check(sentence, span, value, value, value, "exact", unit)


def test_counted_noun_stops_at_verbs_and_function_words() -> None:
    q = the_quantity("At least 23 people were killed in the flood.", "At least 23 people")
    assert q.unit == "people"
    q = the_quantity("Rescuers pulled 14 miners out alive.", "14 miners")
    assert q.unit == "miners"
    q = the_quantity("The attack killed 40, officials said.", "40")
    assert q.unit is None


def test_counted_noun_skips_a_line_break_only_before_lower_case() -> None:
    wrapped = "The cyclone destroyed 1,200\nhomes along the coast."
    assert the_quantity(wrapped, "1,200\nhomes").unit == "homes"
    listing = "Deaths: 40\nInjured: 60"
    assert [q.unit for q in find_quantities(listing)] == [None, None]


def test_more_than_adds_one_only_to_whole_counts() -> None:
    assert the_quantity("More than 12 boats sank.", "More than 12 boats").low == 13
    assert the_quantity("Rain exceeded more than 12 mm.", "more than 12 mm").low == 12
    assert the_quantity("Support of more than 12.5 percent.", "more than 12.5 percent").low \
        == 12.5
    assert the_quantity("Fewer than 12 boats sank.", "Fewer than 12 boats").high == 11
    assert the_quantity("Less than 12 percent voted.", "Less than 12 percent").high == 12


# -- spelled-out numbers ------------------------------------------------------------------------

SPELLED = [
    ("Thirteen miners were trapped underground.", "Thirteen miners", 13, "miners"),
    ("The storm sank a pair of fishing boats.", "a pair of fishing boats", 2, "fishing boats"),
    ("Twenty-five people were rescued from rooftops.", "Twenty-five people", 25, "people"),
    ("Twenty five people were rescued from rooftops.", "Twenty five people", 25, "people"),
    ("The quake damaged two hundred homes.", "two hundred homes", 200, "homes"),
    ("Crews cleared two hundred and fifty roads.", "two hundred and fifty roads", 250,
     "roads"),
    ("The club sold one hundred and five season tickets.",
     "one hundred and five season tickets", 105, "season tickets"),
    ("The flood displaced a dozen families.", "a dozen families", 12, "families"),
    ("Half a dozen boats capsized.", "Half a dozen boats", 6, "boats"),
    ("The outage lasted a couple of days.", "a couple of days", 2, "days"),
    ("The rally drew a score of veterans.", "a score of veterans", 20, "veterans"),
    ("The army sent a thousand soldiers.", "a thousand soldiers", 1000, "soldiers"),
    ("The drought hit three million farmers.", "three million farmers", 3000000, "farmers"),
    ("Half a million voters stayed home.", "Half a million voters", 500000, "voters"),
    ("The levy raised two and a half million dollars.", "two and a half million dollars",
     2500000, "dollars"),
    ("The farm lost three dozen sheep.", "three dozen sheep", 36, "sheep"),
    ("Ninety-nine passengers survived the crash.", "Ninety-nine passengers", 99,
     "passengers"),
    ("Eleven players and nineteen coaches attended.", "Eleven players", 11, "players"),
    ("Eleven players and nineteen coaches attended.", "nineteen coaches", 19, "coaches"),
    ("The strike lasted ten thousand hours in total.", "ten thousand hours", 10000, "hours"),
    ("The firm employs twelve hundred people.", "twelve hundred people", 1200, "people"),
]


@pytest.mark.parametrize(("sentence", "span", "value", "unit"), SPELLED)
def test_spelled_out_numbers(sentence: str, span: str, value: float, unit: str | None) -> None:
    check(sentence, span, value, value, value, "exact", unit)


def test_spelled_out_numbers_take_qualifiers() -> None:
    check("At least thirteen miners died.", "At least thirteen miners", 13, 13, OPEN,
          "at-least", "miners")
    check("More than a dozen homes burned.", "More than a dozen homes", 12, 13, OPEN,
          "more-than", "homes")
    check("About a thousand fans waited.", "About a thousand fans", 1000, 900, 1100, "about",
          "fans")


def test_number_words_that_do_not_form_one_number_stay_apart() -> None:
    found = find_quantities("Pick one two three times.")
    assert [q.value for q in found] == [2, 3]  # "one" alone is a pronoun unless it counts


def test_at_one_point_is_an_idiom_not_a_count() -> None:
    # It used to swallow the figure after it ("one point more"), which was then lost.
    found = find_quantities("At one point more than 60 people were trapped.")
    assert [(q.text, q.value) for q in found] == [("more than 60 people", 60)]
    assert [q.text for q in find_quantities("Rescuers found one survivor.")] == ["one survivor"]


# -- vague amounts ------------------------------------------------------------------------------

VAGUE = [
    ("A few residents refused to leave.", "A few residents", 2, 5, "residents"),
    ("A handful of shops reopened.", "A handful of shops", 2, 6, "shops"),
    ("Several bridges collapsed in the flood.", "Several bridges", 3, 9, "bridges"),
    ("Dozens of people were injured.", "Dozens of people", 24, 199, "people"),
    ("Dozens were injured.", "Dozens", 24, 199, None),
    ("Scores of homes were flattened.", "Scores of homes", 40, 399, "homes"),
    ("Hundreds of volunteers joined the search.", "Hundreds of volunteers", 200, 999,
     "volunteers"),
    ("Thousands fled the advancing fire.", "Thousands", 2000, 9999, None),
    ("Tens of thousands of protesters marched.", "Tens of thousands of protesters", 20000,
     99999, "protesters"),
    ("Hundreds of thousands of voters abstained.",
     "Hundreds of thousands of voters", 200000, 999999, "voters"),
    ("Millions of dollars were pledged.", "Millions of dollars", 2000000, 999999999,
     "dollars"),
    ("Tens of millions of viewers watched the final.",
     "Tens of millions of viewers", 20000000, 99999999, "viewers"),
    ("Hundreds of millions of doses were shipped.",
     "Hundreds of millions of doses", 200000000, 999999999, "doses"),
    ("Billions of litres of water were lost.", "Billions of litres", 2000000000,
     999999999999, "litres"),
    ("Several hundred homes were damaged.", "Several hundred homes", 300, 900, "homes"),
    ("A few thousand fans stayed behind.", "A few thousand fans", 2000, 5000, "fans"),
]


@pytest.mark.parametrize(("sentence", "span", "low", "high", "unit"), VAGUE)
def test_vague_amounts(sentence: str, span: str, low: float, high: float,
                       unit: str | None) -> None:
    check(sentence, span, low, low, high, "vague", unit)


def test_every_builtin_vague_phrase_has_a_case() -> None:
    spans = " ".join(c[1].lower() for c in VAGUE)
    for phrase, _, _ in BUILTIN.vague:
        assert phrase in spans, phrase


def test_vague_amounts_take_qualifiers() -> None:
    check("At least several hundred homes burned.", "At least several hundred homes", 300,
          300, OPEN, "at-least", "homes")
    check("Nearly dozens of shops shut.", "Nearly dozens of shops", 24, 21.6, 199, "nearly",
          "shops")


def test_scores_without_of_is_a_noun() -> None:
    assert find_quantities("The test scores improved.") == []


# -- ranges -------------------------------------------------------------------------------------

RANGES = [
    ("The militia has 2,000 to 3,000 fighters.", "2,000 to 3,000 fighters", 2000, 3000,
     "range", "fighters"),
    ("The militia has 2,000-3,000 fighters.", "2,000-3,000 fighters", 2000, 3000, "range",
     "fighters"),
    ("The militia has 2,000–3,000 fighters.", "2,000–3,000 fighters", 2000, 3000, "range",
     "fighters"),
    ("The militia has 2,000 – 3,000 fighters.", "2,000 – 3,000 fighters", 2000, 3000, "range",
     "fighters"),
    ("Between 2,000 and 3,000 fighters remain.", "Between 2,000 and 3,000 fighters", 2000,
     3000, "range", "fighters"),
    ("Repairs will take from six to 12 months.", "from six to 12 months", 6, 12, "range",
     "months"),
    ("Repairs could take six to 12 months.", "six to 12 months", 6, 12, "range", "months"),
    ("The floods cost between 2 and 3 million dollars.", "between 2 and 3 million dollars",
     2000000, 3000000, "range", "dollars"),
    ("The bailout needs $2-3bn.", "$2-3bn", 2000000000, 3000000000, "range", "$"),
    ("Power returns in two or three days.", "two or three days", 2, 3, "range", "days"),
    ("Fares will rise 5-10% next year.", "5-10%", 5, 10, "range", "%"),
    ("Fares will rise 10%-15% next year.", "10%-15%", 10, 15, "range", "%"),
    ("Fares will rise between 10% and 20%.", "between 10% and 20%", 10, 20, "range", "%"),
    ("Between nine and eleven students were hurt.", "Between nine and eleven students", 9, 11,
     "range", "students"),
    ("Between 3,000 and 2,000 fighters remain.", "Between 3,000 and 2,000 fighters", 2000,
     3000, "range", "fighters"),
]


@pytest.mark.parametrize(("sentence", "span", "low", "high", "qualifier", "unit"), RANGES)
def test_ranges(sentence: str, span: str, low: float, high: float, qualifier: str,
                unit: str | None) -> None:
    q = the_quantity(sentence, span)
    assert (q.low, q.high, q.qualifier, q.unit) == (low, high, qualifier, unit)
    assert q.value in (low, high)


def test_qualifier_before_a_range_applies_to_the_whole_range() -> None:
    check("The militia has roughly 2,000 to 3,000 fighters.", "roughly 2,000 to 3,000 fighters",
          2000, 1800, 3300, "about", "fighters")
    check("The militia has at least 2,000 to 3,000 fighters.",
          "at least 2,000 to 3,000 fighters", 2000, 2000, OPEN, "at-least", "fighters")
    check("The cuts hit up to 20-30 branches.", "up to 20-30 branches", 20, OPEN, 30,
          "at-most", "branches")


def test_change_from_old_to_new_figure_is_two_figures() -> None:
    found = find_quantities("The toll rose from 40 to 65 overnight.")
    assert [(q.text, q.qualifier) for q in found] == [("40", "exact"), ("65", "exact")]


def test_scores_and_seasons_are_not_ranges_nor_figures() -> None:
    assert find_quantities("The visitors won 3-1 in the 2014-15 season.") == []


# -- not quantities -----------------------------------------------------------------------------

NOT_QUANTITIES = [
    "The dam was built in 2013 and has leaked since 2018.",
    "2021",
    "The levee will be finished by 2025.",
    "The 2021 elections were delayed.",
    "2013 saw the worst floods on record.",
    "Around 2010 the river changed course.",
    "The quake struck on August 26, 2021 at dawn.",
    "The ballot was held on 26 April and again on Aug. 26.",
    "Polls close on the 31st of August.",
    "The parade is on July 26th.",
    "Records dated 2021-08-27 and 14/09/2021 were lost.",
    "The siren sounded at 10:30 and again at 3 p.m.",
    "Trains resume at 7 am, 3pm or 0800 GMT.",
    "It was the 2nd flood and the third evacuation.",
    "Despite their victorie0,s the B2B platform, COVID-19 and the G7 summit mattered.",
    "The F-16 escorted a Boeing 737 over the bay.",
    "Call +44 20 7946 0958 or 555-123-4567 for help.",
    "No one was hurt.",
    "One of the rescuers said the one who called was calm.",
    "The neighbours helped one another.",
    "Some of them waited for hours.",
    "The Formula One race was cancelled.",
    "Two-thirds of residents left.",
    "It was a one-off payment.",
    "The 1990s were quieter.",
    "The report is on page 5 of the Windows 10 manual.",
    "The No. 10 bus and flight #1 were late.",
    "The claim was disputed [12].",
    "Floods returned in the summer of 2019.",
    "The decade ended in the 2000s.",
    "Talks on 26-27 August and on August 28-29 failed.",
    "Ministers met at No 10 Downing Street.",
    "Key points:\n1. Homes burned\n2) Roads closed",
]


@pytest.mark.parametrize("sentence", NOT_QUANTITIES)
def test_not_quantities(sentence: str) -> None:
    assert [q.text for q in find_quantities(sentence)] == []


def test_years_next_to_real_figures() -> None:
    found = find_quantities("In 2019, 40 people died and 2,013 homes burned.")
    assert [(q.text, q.value) for q in found] == [("40 people", 40), ("2,013 homes", 2013)]


def test_year_like_count_with_a_qualifier_or_a_counted_noun() -> None:
    check("More than 2000 people fled.", "More than 2000 people", 2000, 2001, OPEN,
          "more-than", "people")
    assert find_quantities("The 2000 Olympics opened.") == []


# -- offsets and order --------------------------------------------------------------------------

def test_results_are_sorted_non_overlapping_and_exact_spans() -> None:
    text = ("Nearly 200 homes flooded; dozens of roads closed. Between 2 and 3 million dollars "
            "and 40% of the harvest were lost, and a pair of bridges fell in 2019.")
    found = find_quantities(text)
    assert [q.text for q in found] == [
        "Nearly 200 homes", "dozens of roads", "Between 2 and 3 million dollars", "40%",
        "a pair of bridges"]
    for q in found:
        assert text[q.start:q.end] == q.text
    assert all(a.end <= b.start for a, b in pairwise(found))


# -- the table: loading, validation, user overrides ---------------------------------------------

def test_builtin_table_is_loaded_once_and_matches_the_yaml() -> None:
    assert QualifierTable.builtin() is BUILTIN
    assert ("at least", "at-least") in BUILTIN.before
    assert BUILTIN.about_tolerance == pytest.approx(0.10)


@pytest.mark.parametrize(("data", "message"), [
    ({"before": {"at-leest": ["x"]}}, "before.at-leest"),
    ({"before": {"about": "roughly"}}, "before.about"),
    ({"tolerance": {"about": 1.5}}, "tolerance.about"),
    ({"tolerance": {"wild": 0.1}}, "tolerance.wild"),
    ({"vague": {"a few": [5, 2]}}, "vague.a few"),
    ({"vague": {"a few": [2]}}, "vague.a few"),
    ({"numbers": {"ones": {"one": "x"}}}, "numbers.ones.one"),
    ({"numbers": {"fractions": {}}}, "numbers.fractions"),
    ({"units": "km"}, "units"),
    ({"currency": {"symbols": []}}, "currency.symbols"),
    ({"bogus": 1}, "bogus"),
])
def test_from_mapping_rejects_bad_data_naming_the_key(data: dict[str, object],
                                                      message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}: "):
        QualifierTable.from_mapping(data)


def test_empty_table_still_reads_digits() -> None:
    table = QualifierTable.from_mapping({})
    found = find_quantities("At least 40 homes and two barns burned.", table)
    assert [(q.text, q.qualifier) for q in found] == [("40 homes", "exact")]


def test_user_table_changes_tolerance_and_phrases() -> None:
    table = QualifierTable.from_mapping({
        "before": {"about": ["give or take"], "at-least": ["a whopping"]},
        "tolerance": {"about": 0.2},
    })
    found = find_quantities("Give or take 50 people came; a whopping 900 fans cheered.", table)
    assert [(q.text, q.low, q.high) for q in found] == [
        ("Give or take 50 people", 40, 60), ("a whopping 900 fans", 900, None)]


# -- the seeds as fixtures ----------------------------------------------------------------------

def test_seed_articles() -> None:
    texts = {p.name[:3]: p.read_text(encoding="utf-8", errors="replace")
             for p in sorted(SEEDS.glob("*.txt"))}
    by_seed = {name: find_quantities(text) for name, text in texts.items()}
    for name, found in by_seed.items():
        for q in found:
            assert texts[name][q.start:q.end] == q.text
            assert not (1800 <= q.value <= 2100 and q.unit is None), (name, q.text)

    def facts(name: str) -> set[tuple[str, float | None, float | None, str | None]]:
        return {(q.qualifier, q.low, q.high, q.unit) for q in by_seed[name]}

    assert ("at-least", 169, None, "Afghans") in facts("000") & facts("001")
    assert ("exact", 13, 13, "U.S. service members") in facts("001")
    assert ("exact", 170, 170, "people") in facts("002")
    assert ("about", 162, 198, "people") in facts("003")
    assert ("about", 1800, 3300, "fighters") in facts("003")


def test_quantulum_loads_without_leaving_a_stand_in_typeguard() -> None:
    # A fresh interpreter: the stand-in only applies when inflect is not yet imported.
    probe = (
        "import sys\n"
        "from factcheck.extract.quantities import find_quantities\n"
        "q = find_quantities('The wind reached 120 miles per hour on the coast.')\n"
        "print(q[0].unit)\n"
        "import typeguard\n"
        "print(hasattr(typeguard, '__file__'), 'inflect' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "miles per hour"
    assert out[1] == "True True"
