"""factcheck.review: one run over document and sources, one status per claim, the CI gate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factcheck.review_mode import ReviewError, review, review_exit_code
from factcheck.review_mode.claims import (
    CONTRADICTED,
    DISPUTED,
    SUPPORTED,
    UNSUPPORTED,
    ReviewResult,
)

from .conftest import QUAKE, QUAKE_SOURCES, by_text

VERBATIM = ("We are bringing in every rescue team we have, and we will not stop until everyone "
            "is found.")
REWORDED = ("We are sending every rescue team that we have and we will never stop until all "
            "are found.")


def test_public_name_calls_review(quake_ok: ReviewResult) -> None:
    # The public function, also after the review package itself was imported.
    import factcheck.review_mode

    result = factcheck.review(QUAKE / "review_ok.txt",
                              [QUAKE / "a_wire.txt", QUAKE / "c_copy.txt"], jobs=1)
    assert isinstance(result, ReviewResult)
    assert [c.to_dict() for c in result.claim_list()] == [
        c.to_dict() for c in quake_ok.claim_list()]


def test_every_status_is_given(quake: ReviewResult) -> None:
    counts = quake.summary().counts
    assert all(counts[status] >= 1 for status in counts), counts


def test_figure_below_what_the_sources_agree_on_is_contradicted(quake: ReviewResult) -> None:
    claim = by_text(quake)["30 people"]
    assert claim.status == CONTRADICTED
    assert "≥ 41" in claim.reason and "43" in claim.reason
    assert claim.contradicting == ["a_wire", "b_paper"]  # c_copy repeats a_wire


def test_sources_that_copy_each_other_count_once(quake: ReviewResult) -> None:
    claim = by_text(quake)["At least 120 people"]
    assert claim.status == SUPPORTED
    assert {e.source for e in claim.evidence()} == {"a_wire", "c_copy"}
    assert claim.supporting == ["a_wire"]
    assert "c_copy repeats a_wire: counted once" in claim.reason
    assert quake.independent_sources == ["a_wire", "b_paper"]


def test_disputed_figure_says_which_side_the_document_took(quake: ReviewResult) -> None:
    claim = by_text(quake)["12 people"]
    assert claim.status == DISPUTED
    assert claim.side is not None
    assert (claim.side.took, claim.side.other) == (["a_wire"], ["b_paper"])
    assert claim.side.majority is False
    assert claim.side.latest is True  # c_copy, on the document's side, is the latest dated
    assert "12 (a_wire; c_copy) vs 20 (b_paper)" in claim.reason


def test_figure_no_source_gives_is_unsupported(quake: ReviewResult) -> None:
    claim = by_text(quake)["5,000 people"]
    assert claim.status == UNSUPPORTED and not claim.passages
    assert "no source gives displaced" in claim.reason


def test_quotations_verbatim_reworded_and_fabricated(quake: ReviewResult) -> None:
    claims = by_text(quake)
    assert claims[VERBATIM].status == SUPPORTED
    reworded = claims[REWORDED]
    assert reworded.status == CONTRADICTED and reworded.reason.startswith("reworded")
    ops = [(d.op, d.text) for d in reworded.diff]
    assert ("delete", "bringing in") in ops and ("insert", "sending") in ops
    assert ("delete", "not") in ops and ("insert", "never") in ops
    fabricated = next(c for t, c in claims.items() if t.startswith("The fault under"))
    assert fabricated.status == UNSUPPORTED
    assert "possibly fabricated" in fabricated.reason


def test_names(quake: ReviewResult) -> None:
    claims = by_text(quake)
    assert claims["Red Crescent Society"].status == SUPPORTED
    assert claims["Tomas Berger"].status == UNSUPPORTED
    misspelt = claims["Piotr Kowalsky"]
    assert misspelt.status == CONTRADICTED and misspelt.suggestion == "Piotr Kowalski"
    # One claim per entity, and single words (days, places) are not name claims.
    names = [c.fact.entity for c in quake.claim_list() if c.kind == "name"]
    assert len(names) == len(set(names))
    assert all(len(name.split()) >= 2 for name in names)


def test_dates(quake: ReviewResult) -> None:
    claims = by_text(quake)
    assert claims["March 11, 2024"].status == SUPPORTED
    founded = claims["1990"]
    assert founded.status == CONTRADICTED and "1987" in founded.reason
    deadline = claims["March 15"]
    assert deadline.status == SUPPORTED
    # b_paper has no publication date: its "15th of March" still matches day and month.
    assert "b_paper" in deadline.supporting
    assert claims["March 13"].status == UNSUPPORTED
    assert "March 14, 2024" not in claims  # the head's publication date is not a claim


def test_nothing_else_is_contradicted(quake: ReviewResult) -> None:
    contradicted = {c.fact.text for c in quake.claim_list() if c.status == CONTRADICTED}
    assert contradicted == {"30 people", "Piotr Kowalsky", "1990", REWORDED}


def test_claims_are_in_actionable_order(quake: ReviewResult) -> None:
    ranks = {CONTRADICTED: 0, UNSUPPORTED: 1, DISPUTED: 2, SUPPORTED: 3}
    order = [(ranks[c.status], c.number) for c in quake.claim_list()]
    assert order == sorted(order)
    assert sorted(c.number for c in quake.claim_list()) == list(
        range(1, len(quake.claim_list()) + 1))


def test_earlier_lower_toll_is_not_contradicted(quake_ok: ReviewResult) -> None:
    assert quake_ok.summary().counts[CONTRADICTED] == 0
    early = by_text(quake_ok)["35 people"]
    assert early.status == UNSUPPORTED
    assert "changed between publication dates" in early.reason
    assert by_text(quake_ok)["More than 100 people"].status == SUPPORTED


def test_exit_codes(quake: ReviewResult, quake_ok: ReviewResult) -> None:
    assert review_exit_code(quake, "contradicted") == 1
    assert review_exit_code(quake, "unsupported") == 1
    assert review_exit_code(quake, "never") == 0
    assert review_exit_code(quake_ok, "contradicted") == 0
    assert review_exit_code(quake_ok, "unsupported") == 1
    with pytest.raises(ValueError, match="fail-on"):
        review_exit_code(quake, "error")


def test_source_with_the_documents_own_text_is_set_aside(tmp_path: Path) -> None:
    copy = tmp_path / "copy_of_doc.txt"
    shutil.copy(QUAKE / "review_doc.txt", copy)
    result = review(QUAKE / "review_doc.txt", [*QUAKE_SOURCES, copy], jobs=1)
    assert result.set_aside == {"copy_of_doc": "same text as the document under review"}
    assert "copy_of_doc" not in result.sources_used
    assert all(e.source != "copy_of_doc" for c in result.claim_list() for e in c.evidence())
    assert by_text(result)["Tomas Berger"].status == UNSUPPORTED
    assert any("not used as a source" in w for w in result.warnings)


def test_source_that_repeats_the_document_is_set_aside(tmp_path: Path) -> None:
    text = (QUAKE / "review_doc.txt").read_text(encoding="utf-8")
    later = (text.replace("March 14, 2024", "March 20, 2024")
             .replace("What we know about", "Looking back at")
             .replace("officials said", "officials reported"))
    (tmp_path / "rewrite.txt").write_text(later, encoding="utf-8")
    result = review(QUAKE / "review_doc.txt", [*QUAKE_SOURCES, tmp_path / "rewrite.txt"],
                    jobs=1)
    assert "rewrite" in result.set_aside
    assert result.set_aside["rewrite"].startswith("repeats the document under review")
    assert by_text(result)["Tomas Berger"].status == UNSUPPORTED


def test_document_must_be_one_readable_file(tmp_path: Path) -> None:
    with pytest.raises(ReviewError, match="no such file"):
        review(tmp_path / "missing.txt", QUAKE_SOURCES)
    with pytest.raises(ReviewError, match="is a folder"):
        review(tmp_path, QUAKE_SOURCES)
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReviewError, match=r"image\.txt: cannot be reviewed"):
        review(binary, QUAKE_SOURCES, jobs=1)
    records = tmp_path / "two.jsonl"
    records.write_text('{"id": "a", "text": "One text."}\n{"id": "b", "text": "Two."}\n',
                       encoding="utf-8")
    with pytest.raises(ReviewError, match="holds 2 documents"):
        review(records, QUAKE_SOURCES, jobs=1)


def test_sources_must_give_something_to_compare(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ReviewError, match="no readable sources"):
        review(QUAKE / "review_ok.txt", [empty], jobs=1)
    with pytest.raises(ReviewError, match="no sources given"):
        review(QUAKE / "review_ok.txt", [], jobs=1)
