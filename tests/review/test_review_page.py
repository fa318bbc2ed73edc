"""The review page (factcheck/report/review_page.py): statuses by colour and label, passages
beside the text, escaping, no script, strict nesting."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from report.htmltree import Node, parse  # tests/ is on sys.path (rootdir-relative packages)

from factcheck.report import write_review_report
from factcheck.report.review_page import render_review_page
from factcheck.review_mode import review
from factcheck.review_mode.claims import STATUS_ICONS, ReviewResult

WHEN = datetime(2024, 3, 15, 9, 0, tzinfo=UTC)
PWN = "<script>alert('pwn')</script>"


@pytest.fixture(scope="module")
def page(quake: ReviewResult) -> str:
    return render_review_page(quake, generated_at=WHEN)


@pytest.fixture(scope="module")
def tree(page: str) -> Node:
    return parse(page)


def test_self_contained_and_strict(page: str, tree: Node) -> None:
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    csp = next(n for n in tree.find_all("meta") if n.attrs.get("http-equiv"))
    policy = csp.attrs["content"] or ""
    assert "default-src 'none'" in policy
    style = tree.find_all("style")[0].text()
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def test_summary_counts_and_share(quake: ReviewResult, tree: Node) -> None:
    stats = {n.find_all("dt")[0].text().strip(): n.find_all("dd")[0].text().strip()
             for n in tree.find_all("dl", "stats")[0].children if isinstance(n, Node)}
    counts = quake.summary().counts
    for status, count in counts.items():
        assert stats[f"{STATUS_ICONS[status]} {status.capitalize()}"] == str(count)
    assert stats["Supported"] == f"{quake.summary().supported_share:.0%} of claims"


def test_to_act_lists_contradicted_and_disputed_first_names_folded(quake: ReviewResult,
                                                                   tree: Node) -> None:
    act = tree.by_id("act")
    assert act is not None
    rows = act.find_all("table")[0].find_all("tr")[1:]
    statuses = [r.classes[0].removeprefix("st-") for r in rows]
    order = {"contradicted": 0, "disputed": 1, "unsupported": 2}
    assert statuses[0] == "contradicted" and "supported" not in statuses
    assert [order[s] for s in statuses] == sorted(order[s] for s in statuses)
    names = [c for c in quake.claim_list() if c.status == "unsupported" and c.kind == "name"]
    assert names, "the corpus has unsupported names to fold"
    assert len(rows) == (len(quake.claim_list()) - quake.summary().counts["supported"]
                         - len(names))
    folded = act.find_all("details", "names")[0]
    assert folded.find_all("summary")[0].text().startswith(f"{len(names)} unsupported name")
    assert {a.attrs["href"] for a in folded.find_all("a")} == {f"#claim-{c.number}"
                                                               for c in names}


def test_supported_cards_and_unsupported_names_fold_to_one_line(quake: ReviewResult,
                                                                tree: Node) -> None:
    for claim in quake.claim_list():
        card = tree.by_id(f"claim-{claim.number}")
        assert card is not None
        folded = not card.find_all("h4")  # its heading is a summary that opens the card
        foldable = claim.status == "supported" or (claim.kind == "name"
                                                   and claim.status == "unsupported")
        assert folded == foldable, claim.fact.text


def test_every_claim_is_marked_with_colour_and_label(quake: ReviewResult, tree: Node) -> None:
    for claim in quake.claim_list():
        card = tree.by_id(f"claim-{claim.number}")
        assert card is not None and f"st-{claim.status}" in card.classes
        badge = card.find_all("span", "st-badge")[0]
        assert claim.status.capitalize() in badge.text()  # written, not colour alone
        mark = tree.by_id(f"c{claim.number}")
        assert mark is not None and mark.tag in ("mark", "span")
    refs = tree.find_all("a", "cref")
    labels = {r.attrs["aria-label"] for r in refs}
    for claim in quake.claim_list():
        assert f"Claim {claim.number}: {claim.status}" in labels


def test_document_text_is_shown_whole(quake: ReviewResult, tree: Node) -> None:
    shown = "\n\n".join(p.text(skip=lambda n: "cref" in n.classes)
                        for p in tree.find_all("div", "para"))
    text = quake.reviewed.text if quake.reviewed else ""
    assert " ".join(shown.split()) == " ".join(text.split())


def test_passages_beside_the_claim(quake: ReviewResult, tree: Node) -> None:
    claim = next(c for c in quake.claim_list() if c.fact.text == "30 people")
    card = tree.by_id(f"claim-{claim.number}")
    assert card is not None and card.parent is not None and "beside" in card.parent.classes
    quotes = [q.text() for q in card.find_all("blockquote")]
    assert any("at least 41 people" in q for q in quotes)
    assert any("43 people" in q for q in quotes)
    stances = {p.classes[-1] for p in card.find_all("li", "passage")}
    assert stances == {"contradicts"}
    reworded = next(c for c in quake.claim_list() if c.diff)
    diff = tree.by_id(f"claim-{reworded.number}").find_all("p", "diff")[0]  # type: ignore[union-attr]
    assert diff.find_all("del")[0].text() == "bringing in"


def test_hostile_text_is_inert(tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    document = tmp_path / "doc.txt"
    source.write_text(
        "Storm report\n\nMay 2, 2024\n\nThe storm in Eastford on Monday killed 4 people. "
        f'"We saw the roof go {PWN} and then the wall," said Ana Ruiz & Sons.\n',
        encoding="utf-8")
    document.write_text(
        f"Storm {PWN}\n\nMay 3, 2024\n\nThe storm in Eastford on Monday killed 2 people. "
        f'"We saw the roof go {PWN} and then the wall," said Ana Ruiz.\n\n'
        f"The <b>Eastford Harbour Board</b> met on May 1, 2024.\n", encoding="utf-8")
    result = review(document, [source], jobs=1)
    out = tmp_path / "review.html"
    write_review_report(result, out, generated_at=WHEN)
    html = out.read_text(encoding="utf-8")
    parse(html)
    assert "<script" not in html.lower() and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert result.summary().counts["contradicted"] >= 1
