"""Review mode uses the name matcher: a one-word place misspelt against the sources is a
contradiction; a look-alike of another place is not a claim at all. (Invented texts.)"""

from __future__ import annotations

from pathlib import Path

from factcheck.review_mode import review
from factcheck.review_mode.claims import CONTRADICTED

SOURCE_A = """Floods cut off mountain town

March 4, 2025

Rescuers reached Velikoborsk on Tuesday after the river broke its banks, regional officials
said. About 300 residents of Velikoborsk spent the night in the school gym, where volunteers
from Tarnovo handed out blankets.
"""
SOURCE_B = """Water recedes in Velikoborsk

March 5, 2025

The river fell by a metre overnight in Velikoborsk, and the regional governor said the road
to Tarnovo would reopen on Thursday once engineers had checked the bridge.
"""
DOCUMENT = """Town counts the cost of the floods

March 6, 2025

Families in Velikaborsk began clearing mud from their homes on Wednesday. The road to Tarnovo
is expected to reopen on Thursday, the regional governor said. Observers from Iraq visited the
shelters in the school gym.
"""


def _review(tmp_path: Path, document: str) -> dict[str, object]:
    paths = []
    for name, text in (("a.txt", SOURCE_A), ("b.txt", SOURCE_B), ("doc.txt", document)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    result = review(paths[2], paths[:2], jobs=1)
    return {c.fact.text: c for c in result.claim_list() if c.kind == "name"}


def test_single_word_place_misspelt_against_the_sources_is_contradicted(tmp_path: Path) -> None:
    claims = _review(tmp_path, DOCUMENT)
    claim = claims["Velikaborsk"]
    assert claim.status == CONTRADICTED  # type: ignore[attr-defined]
    assert claim.suggestion == "Velikoborsk"  # type: ignore[attr-defined]
    assert set(claim.contradicting) == {"a", "b"}  # type: ignore[attr-defined]


def test_look_alikes_and_names_the_sources_share_are_not_contradicted(tmp_path: Path) -> None:
    claims = _review(tmp_path, DOCUMENT)
    # "Iraq" looks like no source name but "Iran" would; "Tarnovo" is spelt as the sources do.
    assert "Iraq" not in claims
    tarnovo = claims.get("Tarnovo")
    assert tarnovo is None or tarnovo.status != CONTRADICTED  # type: ignore[attr-defined]
    sources_with_iran = DOCUMENT.replace("Iraq", "Iran")
    assert "Iran" not in _review(tmp_path, sources_with_iran)
