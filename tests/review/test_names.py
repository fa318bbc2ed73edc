"""Name claims: which names count, spellings against the sources and the house gazetteer."""

from __future__ import annotations

from factcheck.review_mode.claims import CONTRADICTED, SUPPORTED, UNSUPPORTED, ReviewResult

from .conftest import by_text


def test_house_gazetteer_spelling_wins(flood: ReviewResult) -> None:
    claim = by_text(flood)["Marlowe Valey Water Board"]
    assert claim.status == CONTRADICTED
    assert claim.suggestion == "Marlowe Valley Water Board"
    assert "house gazetteer" in claim.reason


def test_variant_spelling_against_the_sources(flood: ReviewResult) -> None:
    claim = by_text(flood)["Maria Okafur"]
    assert claim.status == CONTRADICTED
    assert claim.suggestion == "Maria Okafor"
    assert set(claim.contradicting) == {"src_radio", "src_river"}


def test_name_no_source_mentions_is_unsupported(flood: ReviewResult) -> None:
    assert by_text(flood)["Piet Jansen"].status == UNSUPPORTED


def test_single_words_and_house_names_are_not_claims(flood: ReviewResult,
                                                     quake: ReviewResult) -> None:
    for result in (flood, quake):
        entities = {c.fact.entity for c in result.claim_list() if c.kind == "name"}
        assert not {"Kenya", "Dunmore", "Oxby", "Monday"} & entities
    flood_names = {c.fact.entity for c in flood.claim_list() if c.kind == "name"}
    assert "Marlowe Valley Water Board" not in flood_names  # spelt the house way: known


def test_every_mention_of_a_name_claim_is_kept(quake: ReviewResult) -> None:
    valley = by_text(quake)["Marlowe Valley"]
    assert valley.status == SUPPORTED
    text = quake.reviewed.text if quake.reviewed else ""
    assert len(valley.mentions) == text.count("Marlowe Valley")
    assert all(text[s:e] == "Marlowe Valley" for s, e in valley.mentions)


def test_headings_and_the_authors_note_make_no_name_claims(ferry: ReviewResult) -> None:
    named = {c.fact.entity for c in ferry.claim_list() if c.kind == "name"}
    assert not {"Global Politics", "Social Inequalities", "Dale University",
                "Marta Quell"} & named
    assert "Lake Varna" in named  # named in the title, and in the body too
