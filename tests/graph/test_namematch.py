"""The name matcher, on invented names shaped like the spellings real news gives one person or
place, and like the look-alikes that are two things."""

from __future__ import annotations

import pytest

from factcheck.graph.namematch import GIVEN, HEAD, ROMANISATION, TYPO, NameMatcher
from factcheck.ruledata import load_rule_data


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher(load_rule_data().names)


@pytest.mark.parametrize(("a", "b"), [
    # several words differ, each as a romanisation does (dzh/j, -yev/-ev; th/s, c/j)
    ("Farrukhdzhon Sattoryev", "Farrukhjon Sattorev"),
    ("Osman Abdulcemil", "Othman Abduljamil"),
    ("Rustamjon Karimov", "Rustamdzhon Karimov"),
    # a given name's other form
    ("Steve Dallmayr", "Steven Dallmayr"),
    # particles, hyphens and joined words
    ("Al Harithi", "Alharithi"),
])
def test_transliterations_are_one_name(matcher: NameMatcher, a: str, b: str) -> None:
    match = matcher.compare(a, b, person=True)
    assert match is not None
    assert match.transliteration


@pytest.mark.parametrize(("a", "b", "person"), [
    ("Abdulkarem al-Harithi", "Abdel Karim Al-Harithi", True),  # particle joined, a vowel
    ("Kamil Owen", "Kamil Aoun", True),  # sounds alike: a misheard surname
    ("Tomas Wendelmann", "Tomas Wendlelmann", True),  # a letter too many
    ("Halvard Bridge", "Halverd Bridge", False),
    ("Rob Academy", "Robb Academy", False),  # a doubled letter
    ("Marby gate", "Marbey Gate", False),  # a generic head in lower case is part of the name
    ("Levin Kava", "Daniella Levine Cava", True),  # the end of a longer name
])
def test_spellings_of_one_name_match(matcher: NameMatcher, a: str, b: str, person: bool) -> None:
    assert matcher.compare(a, b, person=person) is not None


@pytest.mark.parametrize(("a", "b", "person"), [
    ("Fisheries Ministry", "Fisheries Minister", False),  # one stem, two words
    ("South Korea", "South Korean", False),
    ("Velora Pakistanis", "Velora Pakistan", False),
    ("Iran Air", "Iraq Air", False),  # look-alikes listed in names.yaml
    ("Austrian Airlines", "Australian Airlines", False),  # … and the words made of them
    ("Paul Otieno", "Paula Otieno", True),  # given names that mark two people
    ("Mark Kelly", "Mary Kelly", True),
    ("Jean Dufort", "Joan Dufort", True),
    ("Bank of Ostra", "Bank of Istria", False),
    ("Patapsk River", "Patuxem River", False),  # two rivers
    ("Yoon Hee-soo", "Yoon Suk-min", True),  # two people who share a surname
    ("Border Protection", "Border Patrol", False),
])
def test_look_alikes_are_two_things(matcher: NameMatcher, a: str, b: str, person: bool) -> None:
    assert matcher.compare(a, b, person=person) is None


@pytest.mark.parametrize(("a", "b", "match"), [
    ("Iran", "Iraq", False), ("Austria", "Australia", False), ("Niger", "Nigeria", False),
    ("Korea", "Korean", False), ("Sharia", "Syria", False), ("Rada", "Rudd", False),
    ("Rayzov", "Raizov", True), ("Velikoborsk", "Velikaborsk", True), ("Tola", "Tolu", True),
])
def test_single_words_only_when_the_caller_allows_and_never_look_alikes(
        matcher: NameMatcher, a: str, b: str, match: bool) -> None:
    assert matcher.compare(a, b) is None  # one word alone: no evidence beyond spelling
    assert (matcher.compare(a, b, single=True) is not None) is match


def test_how_words_differ(matcher: NameMatcher) -> None:
    assert matcher.same_word("osman", "othman") == ROMANISATION
    assert matcher.same_word("steve", "steven") == GIVEN
    assert matcher.same_word("wendelmann", "wendlelmann") == TYPO
    assert matcher.same_word("usd1", "oktay") is None  # words with digits are no names


def test_words_drop_particles_and_split_hyphens(matcher: NameMatcher) -> None:
    assert matcher.words("Abdel Karim Al-Harithi") == ("karim", "harithi")
    assert matcher.words("Abdulkarem al-Harithi") == ("karem", "harithi")
    assert matcher.words("Jan van der Berg") == ("jan", "berg")


def test_a_name_translated_is_one_name(matcher: NameMatcher) -> None:
    # A school's local name and its English one: the generic head translated, a given name's
    # other form, hyphens.
    match = matcher.compare("Josef Marten school", "Joseph-Marten-Gymnasium")
    assert match is not None and match.transliteration
    assert ("school", "gymnasium", HEAD) in match.differing
    assert matcher.same_word("bridge", "brucke") == HEAD


@pytest.mark.parametrize(("a", "b"), [
    ("Halvek school", "Halvek church"),  # two heads that are two things
    ("Halvek Gymnasium", "Halvek University"),
    ("Marten school", "Ostrava Gymnasium"),  # the rest of the name differs
])
def test_other_heads_are_other_things(matcher: NameMatcher, a: str, b: str) -> None:
    assert matcher.compare(a, b) is None


def test_a_given_name_alone_only_when_it_is_no_place_head(matcher: NameMatcher) -> None:
    # "Sulaiman" for "Suleman Darvi": a given name alone, romanised (the caller vouches for it).
    assert matcher.compare("Sulaiman", "Suleman Darvi", single=True, given=True) is not None
    assert matcher.compare("Sulaiman", "Suleman Darvi", single=True) is None
    # "Casino" (of "the Velder Resort and Casino") romanises like a given name: it names none.
    assert matcher.compare("Casino", "Jason Velder", single=True, given=True) is None
