from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

import factcheck
from factcheck.graph import FactGraph
from factcheck.graph.names import build_name_index
from factcheck.model import Fact, Finding
from factcheck.result import Result
from factcheck.ruledata import GazetteerEntry

CORPUS_RULE = "name-variant"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

AIRPORT = "Jomo Kenyatta International Airport"
MISSPELT = "Jomo Kenyata International Airport"

# (source, spelling, kind, sentence)
Mention = tuple[str, str, str, str]


@pytest.fixture
def names_graph(make_fact: Callable[..., Fact], graph_of: Callable[..., FactGraph]
                ) -> Callable[..., FactGraph]:
    def build(mentions: list[Mention], dependencies: tuple[tuple[str, str], ...] = (),
              gazetteer: tuple[GazetteerEntry, ...] = ()) -> FactGraph:
        facts = [make_fact(kind="name", source=source, entity=spelling, attribute="name",
                           value=spelling, text=spelling, sentence=sentence, start=10 * i,
                           end=10 * i + len(spelling), context={"kind": kind})
                 for i, (source, spelling, kind, sentence) in enumerate(mentions)]
        graph = graph_of(facts, dependencies=dependencies)
        graph.data = dataclasses.replace(graph.data, gazetteer=list(gazetteer))
        graph.names = build_name_index(facts, graph.data)
        return graph
    return build


@pytest.fixture(scope="module")
def seed_result() -> Result:
    return factcheck.check([str(SEEDS)])


def variants(run_rule: Callable[..., list[Finding]], graph: FactGraph) -> list[Finding]:
    return run_rule(CORPUS_RULE, graph)


def test_misspelling_in_one_source_flagged_with_majority_spelling(names_graph, run_rule) -> None:
    graph = names_graph([("a", AIRPORT, "place", "Flights left Jomo Kenyatta."),
                         ("b", AIRPORT, "place", "Jomo Kenyatta flooded."),
                         ("c", MISSPELT, "place", "Stranded at Jomo Kenyata."),
                         ("c", MISSPELT, "place", "Officials at Jomo Kenyata said.")])
    [finding] = variants(run_rule, graph)
    assert finding.severity == "warning"
    assert finding.suggestion == AIRPORT
    assert finding.values == sorted([AIRPORT, MISSPELT])
    assert finding.message == (f"“{MISSPELT}” (S3 (c.txt): 2 mentions) is a variant of "
                               f"“{AIRPORT}” (S1 (a.txt), S2 (b.txt): 2 mentions) "
                               "(one source against 2 independent ones): "
                               "use “Jomo Kenyatta …”")
    # every mention is evidence, the spellings to fix first
    assert [e.text for e in finding.evidence] == [MISSPELT, MISSPELT, AIRPORT, AIRPORT]


def test_copies_do_not_outvote_independent_sources(names_graph, run_rule) -> None:
    """Three sources use the misspelling, but two of them copy the third: one voice against
    two independent ones."""
    mentions = [("a", MISSPELT, "place", "s1"), ("b", MISSPELT, "place", "s2"),
                ("x", MISSPELT, "place", "s3"), ("c", AIRPORT, "place", "s4"),
                ("d", AIRPORT, "place", "s5")]
    [finding] = variants(run_rule, names_graph(mentions, dependencies=(("b", "a"), ("x", "a"))))
    assert finding.suggestion == AIRPORT
    assert (f"“{MISSPELT}” (S1 (a.txt), S2 (b.txt), S3 (x.txt): 3 mentions; 1 independent)"
            in finding.message)
    # Counted as five voices, three against two: neither spelling is rare, both are in use.
    [unweighted] = variants(run_rule, names_graph(mentions))
    assert (unweighted.severity, unweighted.suggestion) == ("info", None)
    assert "also spelt" in unweighted.message


def test_gazetteer_spelling_wins_over_the_majority(names_graph, run_rule) -> None:
    entry = GazetteerEntry(AIRPORT, "place", ())
    graph = names_graph([("a", MISSPELT, "place", "s1"), ("b", MISSPELT, "place", "s2"),
                         ("c", AIRPORT, "place", "s3")], gazetteer=(entry,))
    [finding] = variants(run_rule, graph)
    assert finding.suggestion == AIRPORT
    assert finding.message.endswith(f"“{AIRPORT}” (S3 (c.txt): 1 mention; gazetteer): "
                                    "use “Jomo Kenyatta …”")


def test_misspelling_of_a_gazetteer_name_nobody_spells_right(names_graph, run_rule) -> None:
    graph = names_graph([("a", MISSPELT, "place", "s1")],
                        gazetteer=(GazetteerEntry(AIRPORT, "place", ()),))
    [finding] = variants(run_rule, graph)
    assert finding.message.endswith(f"is a variant of “{AIRPORT}” (gazetteer): "
                                    "use “Jomo Kenyatta …”")
    assert [e.text for e in finding.evidence] == [MISSPELT]


def test_surname_misspelt_within_one_source(names_graph, run_rule) -> None:
    graph = names_graph([("a", "Olaf Scholz", "person", "Chancellor Olaf Scholz spoke."),
                         ("a", "Olaf Scholz", "person", "Olaf Scholz left."),
                         ("a", "Olaf Scholtz", "person", "Later Olaf Scholtz said.")])
    [finding] = variants(run_rule, graph)
    assert finding.suggestion == "Olaf Scholz"
    assert finding.message.endswith("use “Olaf Scholz”")  # last word differs: shown whole


@pytest.mark.parametrize("mentions", [
    # two people who share a surname, their given names differing at the end
    [("a", "Paul Otieno", "person", "s1"), ("b", "Paula Otieno", "person", "s2")],
    [("a", "Mark Kelly", "name", "s1"), ("b", "Mary Kelly", "person", "s2")],
    [("a", "Daniel Ortega", "person", "s1"), ("b", "Daniela Ortega", "person", "s2")],
    # both spellings in one sentence: two things named side by side
    [("a", "Lake Tana Basin", "place", "The Lake Tana Basin and the Lake Tuna Basin."),
     ("a", "Lake Tuna Basin", "place", "The Lake Tana Basin and the Lake Tuna Basin.")],
    # differing words that start with two different names the sources mention
    [("a", "Iran Air", "org", "s1"), ("b", "Iraq Air", "org", "s2"), ("a", "Iran", "place", "s3"),
     ("b", "Iraq", "place", "s4")],
    [("a", "Austrian Airlines", "org", "s1"), ("b", "Australian Airlines", "org", "s2"),
     ("a", "Austria", "place", "s3"), ("b", "Australia", "place", "s4")],
    # single words are never variants
    [("a", "Iran", "place", "s1"), ("b", "Iraq", "place", "s2")],
])
def test_look_alike_names_of_different_things_not_flagged(names_graph, run_rule,
                                                          mentions: list[Mention]) -> None:
    assert variants(run_rule, names_graph(mentions)) == []


def test_forms_of_one_given_name_are_one_person_also_spelt(names_graph, run_rule) -> None:
    # Given-name forms of names.yaml: one entity, an info note, never two people.
    graph = names_graph(in_context([("a", "Mohammed Salah", "person", "s1"),
                                    ("b", "Mohammed Salah", "person", "s2"),
                                    ("c", "Mohammad Salah", "person", "s3")]))
    [finding] = variants(run_rule, graph)
    assert finding.severity == "info"
    assert "also spelt" in finding.message
    assert graph.names.canonical("Mohammad Salah") == graph.names.canonical("Mohammed Salah")


def test_interior_change_of_a_given_name_is_a_variant(names_graph, run_rule) -> None:
    graph = names_graph([("a", "Rustam Karimov", "person", "s1"),
                         ("b", "Rustam Karimov", "person", "s2"),
                         ("c", "Rustem Karimov", "person", "s3")])
    [finding] = variants(run_rule, graph)
    assert (finding.severity, finding.suggestion) == ("warning", "Rustam Karimov")


def test_two_gazetteer_entries_are_two_things(names_graph, run_rule) -> None:
    entries = (GazetteerEntry("Port Sudan Airport", "place", ()),
               GazetteerEntry("Port Sedan Airport", "place", ()))
    graph = names_graph([("a", "Port Sudan Airport", "place", "s1"),
                         ("b", "Port Sedan Airport", "place", "s2")], gazetteer=entries)
    assert variants(run_rule, graph) == []


def test_corpus_case(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_seeds_airport_variant(seed_result: Result) -> None:
    findings = [f for f in seed_result.findings if f.rule == CORPUS_RULE]
    assert len(findings) == 1
    [finding] = findings
    assert finding.suggestion in {e.text for e in finding.evidence}
    assert "gazetteer" in finding.message
    assert len(finding.values) == 2


# --- the name matcher's outcomes (invented names shaped like real news) ----------------------

def in_context(mentions: list[Mention]) -> list[Mention]:
    """The mentions, and in each source two more names the sources share (the same story):
    spellings in different texts are linked only when the texts name other things in common."""
    shared = [(source, name, kind, f"{name} was there.") for source in sorted({m[0] for m in
              mentions}) for name, kind in (("Ostra Harbour", "place"), ("Lena Vargstrom",
                                                                         "person"))]
    return [*mentions, *shared]


def test_transliteration_is_one_person_also_spelt_never_a_warning(names_graph, run_rule) -> None:
    mentions = [("a", "Rustamjon Karimov", "person", "Rustamjon Karimov said."),
                ("b", "Rustamdzhon Karimov", "person", "Rustamdzhon Karimov left."),
                ("c", "Rustamjon Karimov", "person", "Rustamjon Karimov spoke.")]
    # Texts that name nothing else in common may be about two men: no link.
    assert variants(run_rule, names_graph(mentions)) == []
    graph = names_graph(in_context(mentions))
    assert graph.names.canonical("Rustamdzhon Karimov") == graph.names.canonical(
        "Rustamjon Karimov")
    [finding] = variants(run_rule, graph)
    assert finding.severity == "info"
    assert "also spelt" in finding.message and "transliteration" in finding.message
    assert finding.values == ["Rustamdzhon Karimov", "Rustamjon Karimov"]


def test_one_word_spellings_one_text_uses_both_are_kept(names_graph, run_rule) -> None:
    # A surname alone spelt two ways in one text: linked, and not dropped as two names.
    graph = names_graph([("a", "Rayzov", "person", "Rayzov told the court he was innocent."),
                         ("a", "Raizov", "person", "Later Raizov left the building.")])
    [finding] = variants(run_rule, graph)
    assert finding.severity == "warning"
    assert finding.values == ["Raizov", "Rayzov"]


def test_misheard_surname_gets_the_spelling_of_the_sources(names_graph, run_rule) -> None:
    graph = names_graph(in_context([
        ("a", "Kamil Aoun", "person", "President Kamil Aoun met the envoy."),
        ("b", "Kamil Aoun", "person", "Kamil Aoun said the talks would go on."),
        ("c", "Kamil Owen", "person", "Kamil Owen said the talks failed.")]))
    [finding] = variants(run_rule, graph)
    assert (finding.severity, finding.suggestion) == ("warning", "Kamil Aoun")


def test_generic_head_in_lower_case_is_part_of_the_name(names_graph, run_rule) -> None:
    graph = names_graph(in_context([
        ("a", "Marby", "name", "Crowds gathered at the Marby gate on Monday."),
        ("b", "Marbey Gate", "place", "Troops guarded Marbey Gate at dawn."),
        ("c", "Marbey Gate", "place", "The blast hit Marbey Gate.")]))
    [finding] = variants(run_rule, graph)
    assert finding.severity == "warning"
    assert finding.values == ["Marbey Gate", "Marby gate"]
    assert finding.suggestion == "Marbey Gate"


def test_one_outlets_spelling_is_never_suggested_over_the_attested_one(names_graph,
                                                                       run_rule) -> None:
    # The rare spelling has the most mentions, all in one outlet: the spelling three
    # independent sources use is the one to use.
    graph = names_graph([*[("a", "Ashwin Rathanav", "person", f"s{i}") for i in range(5)],
                         ("b", "Ashwin Rathnav", "person", "t1"),
                         ("c", "Ashwin Rathnav", "person", "t2"),
                         ("d", "Ashwin Rathnav", "person", "t3")])
    [finding] = variants(run_rule, graph)
    assert (finding.severity, finding.suggestion) == ("warning", "Ashwin Rathnav")


@pytest.mark.parametrize("mentions", [
    [("a", "Fisheries Ministry", "org", "The Fisheries Ministry said."),
     ("b", "Fisheries Minister", "name", "The Fisheries Minister resigned.")],
    [("a", "Iran", "place", "Envoys from Iran arrived."), ("a", "Iraq", "place", "Iraq sent two.")],
    [("a", "Austria", "place", "A team from Austria came."),
     ("a", "Australia", "place", "Australia sent observers too.")],
    [("a", "South Korea", "place", "South Korea said."),
     ("b", "South Korean", "name", "South Korean police said.")],
])
def test_look_alikes_the_matcher_knows_are_two_things_are_not_flagged(names_graph, run_rule,
                                                                      mentions) -> None:
    assert variants(run_rule, names_graph(mentions)) == []


def test_surname_misspelt_at_a_sentence_start_is_found(tmp_path: Path) -> None:
    # The extractor cannot tell a lone capitalised word at a sentence start from any other:
    # the graph adds it when it spells a name the same text uses and no text uses it in
    # lower case.
    (tmp_path / "a.txt").write_text(
        "Council backs harbour plan\n\nMayor Helga Brandvold opened the harbour works on "
        "Monday.\nBrandvol told reporters the quay would be finished in May.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Harbour works begin\n\nThe mayor, Helga Brandvold, said the works would take a "
        "year.\n", encoding="utf-8")
    result = factcheck.check([str(tmp_path)])
    [finding] = [f for f in result.findings if f.rule == CORPUS_RULE]
    assert finding.values == ["Brandvol", "Helga Brandvold"]
    assert finding.severity == "warning"


def test_the_same_title_links_spellings_in_texts_with_little_else_in_common(names_graph,
                                                                           run_rule) -> None:
    mentions = [("a", "Jamie Frederiks", "person", "Coast Guard Capt. Jamie Frederiks said."),
                ("b", "Jamie Frederiks", "person", "Captain Jamie Frederiks spoke on Monday."),
                ("c", "Jamie Federiks", "person", "Captain Jamie Federiks told reporters.")]
    [finding] = variants(run_rule, names_graph(mentions))
    assert (finding.severity, finding.suggestion) == ("warning", "Jamie Frederiks")


def test_two_titles_are_two_people_whatever_the_spelling(names_graph, run_rule) -> None:
    mentions = in_context([
        ("a", "Rustam Karimov", "person", "Mayor Rustam Karimov opened the bridge."),
        ("b", "Rustam Karimov", "person", "Mayor Rustam Karimov said it was safe."),
        ("c", "Rustem Karimov", "person", "Judge Rustem Karimov adjourned the case.")])
    assert variants(run_rule, names_graph(mentions)) == []


def test_a_given_name_alone_spelt_another_way_is_one_person(names_graph, run_rule) -> None:
    mentions = [("a", "Sulayman", "name", "his son Sulayman, 19, was also aboard."),
                ("b", "Sulayman", "name", "with his son Sulayman on board."),
                ("c", "Suliman Okoro", "name", "his son Suliman Okoro, a student."),
                ("d", "Suliman Okoro", "name", "Suliman Okoro had a Rubik's cube.")]
    mentions += [(source, "Harlan Deep", "place", "the Harlan Deep") for source in "abcd"]
    [finding] = variants(run_rule, names_graph(in_context(mentions)))
    assert finding.severity == "info"
    assert finding.values == ["Sulayman", "Suliman Okoro"]
    # A place is no given name: "Tarnovo" is not the "Tarnova" of "Tarnova Ilieva".
    places = [("a", "Tarnovo", "place", "Roads to Tarnovo closed."),
              ("b", "Tarnova Ilieva", "name", "Tarnova Ilieva, a nurse, helped.")]
    places += [(source, "Harlan Deep", "place", "the Harlan Deep") for source in "ab"]
    assert variants(run_rule, names_graph(in_context(places))) == []


def test_a_name_and_its_translation_in_one_text_are_one_place_also_spelt(names_graph,
                                                                         run_rule) -> None:
    graph = names_graph([
        ("a", "Josef Marten", "name", "Parents lit candles outside the Josef Marten school."),
        ("a", "Joseph-Marten-Gymnasium", "name", "Flowers lay at the Joseph-Marten-Gymnasium."),
        ("a", "Ostra", "place", "The town of Ostra mourned.")])
    [finding] = variants(run_rule, graph)
    assert finding.severity == "info" and "also spelt" in finding.message
    assert "a translation, one name" in finding.message
    assert {e.text for e in finding.evidence} == {"Josef Marten", "Joseph-Marten-Gymnasium"}


def test_two_schools_of_one_town_are_not_one_name(names_graph, run_rule) -> None:
    graph = names_graph([
        ("a", "Josef Marten", "name", "Parents lit candles outside the Josef Marten school."),
        ("a", "Ostra-Gymnasium", "name", "Flowers lay outside the Ostra-Gymnasium."),
        ("a", "Lukas Marten", "name", "Pupils met at the Lukas Marten school.")])
    assert variants(run_rule, graph) == []


# --- one abbreviation spelt out two ways ------------------------------------------------------

QUAKE = "the quake struck at a depth of 10 km near Oskel, Tessel officials said."


def test_one_abbreviation_spelt_out_with_one_word_changed(graph_from, run_rule) -> None:
    graph = graph_from({
        "a": ("2024-05-03", f"Quake hits Oskel\n\nAccording to the Dravos Geological Service "
                            f"(DGS), {QUAKE}\n"),
        "b": ("2024-05-03", f"Quake near Oskel\n\nAccording to the Dravos Geological Survey "
                            f"(DGS), {QUAKE}\n"),
        "c": ("2024-05-03", f"Oskel shaken\n\nThe D. Geological Survey said {QUAKE}\n")})
    [finding] = [f for f in variants(run_rule, graph) if "DGS" in f.message]
    assert finding.severity == "warning"
    assert finding.suggestion == "Dravos Geological Survey"
    assert {e.text for e in finding.evidence} == {"Dravos Geological Service",
                                                   "Dravos Geological Survey"}


@pytest.mark.parametrize(("one", "other"), [
    ("the Dravos Geological Survey (DGS)", "the Dravos Geological Survey (DGS)"),  # the same
    ("the Dravos Geological Survey (DGS)", "the Dravos Geological Service"),  # never merged
    ("the Steven Marr Foundation (SMF)", "the Stephen Marr Foundation (SMF)"),  # one given name
])
def test_abbreviation_spelt_out_alike_is_no_finding(graph_from, run_rule, one: str,
                                                    other: str) -> None:
    graph = graph_from({
        "a": ("2024-05-03", f"Quake hits Oskel\n\nAccording to {one}, {QUAKE}\n"),
        "b": ("2024-05-03", f"Quake near Oskel\n\nAccording to {other}, {QUAKE}\n")})
    assert [f for f in variants(run_rule, graph) if "spell out" in f.message] == []


def test_a_word_that_opens_a_place_name_is_no_given_name(names_graph, run_rule) -> None:
    # "Velder" alone, as in "the Velder Republic", is no romanised "Valder" of a person.
    mentions = [("a", "Velder Republic", "place", "s1"), ("a", "Velder", "name", "s2"),
                ("a", "Valder Oskin", "person", "s3"), ("b", "Velder", "name", "s4"),
                ("b", "Velder Republic", "place", "s5")]
    assert variants(run_rule, names_graph(mentions)) == []
    # Without the place name, the lone word may be that person's given name.
    alone = [m for m in mentions if m[1] != "Velder Republic"]
    assert [f.entity for f in variants(run_rule, names_graph(alone))] != []


def test_an_acronym_is_no_misspelt_word(names_graph, run_rule) -> None:
    assert variants(run_rule, names_graph([("a", "Oskarn", "place", "s1"),
                                           ("a", "OSKRAN", "acronym", "s2"),
                                           ("b", "Oskarn", "place", "s3")])) == []


def test_a_country_and_its_people_are_no_misspelling(names_graph, run_rule) -> None:
    # subjects.yaml puts "Briton" and "Britain" in one group: forms of one word, no slip.
    mentions = [("a", "Britain", "place", "s1"), ("a", "Briton", "name", "s2"),
                ("b", "Britain", "place", "s3"), ("c", "Britain", "place", "s4")]
    assert variants(run_rule, names_graph(mentions)) == []
    # Not in one group: the slip is still a variant.
    slip = [("a", "Velderia", "place", "s1"), ("a", "Velderai", "place", "s2"),
            ("b", "Velderia", "place", "s3"), ("c", "Velderia", "place", "s4")]
    assert [f.entity for f in variants(run_rule, names_graph(slip))] == ["Velderia"]
