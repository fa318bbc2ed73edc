"""The HTML report without a browser: content, links, escaping, nesting, size."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import factcheck
import factcheck.report.render as render_module
from factcheck.model import Document, Evidence, Fact, Finding
from factcheck.report import render_report, write_report
from factcheck.report.render import RULE_MEANINGS, rule_meanings, tool_version
from factcheck.result import Result
from factcheck.rules.engine import load_builtin_rules

from .htmltree import Node, parse
from .synthetic import HOSTILE_TEXT, PWN, flood_result, hostile_result, make_fact

WHEN = datetime(2024, 3, 8, 12, 30, tzinfo=UTC)
STATIC = Path(factcheck.__path__[0]) / "report" / "static"


def render(result: Result, **kw: object) -> str:
    kw.setdefault("generated_at", WHEN)
    return render_report(result, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def flood() -> Result:
    return flood_result()


@pytest.fixture(scope="module")
def flood_html(flood: Result) -> str:
    return render(flood, corpus="Marbury floods")


@pytest.fixture(scope="module")
def flood_tree(flood_html: str) -> Node:
    return parse(flood_html)


def is_ref(node: Node) -> bool:
    return "ref" in node.classes


def cards(tree: Node) -> list[Node]:
    return tree.find_all("article", "finding")


def card_finding(card: Node, result: Result) -> Finding:
    """The finding a card shows, found by its (unique) message."""
    message = card.find_all("p", "message")[0].text()
    (finding,) = [f for f in result.findings if f.message == message]
    return finding


# --- header, cards, tables -------------------------------------------------------------------


def test_header_gives_corpus_counts_time_and_version(flood: Result, flood_tree: Node) -> None:
    header = flood_tree.find_all("header", "page-head")[0]
    stats = {dt.text(): dd.text() for div in header.find_all("div")
             for dt, dd in [(div.find_all("dt")[0], div.find_all("dd")[0])]}
    counts = flood.counts()
    assert stats == {"Sources": "4", "Facts": str(len(flood.all_facts)),
                     "Findings": str(len(flood.findings)), "Errors": str(counts["error"]),
                     "Warnings": str(counts["warning"]), "Info": str(counts["info"])}
    text = header.text()
    assert "Marbury floods" in text
    assert "2024-03-08T12:30:00+00:00" in text
    assert f"factcheck {tool_version()}" in text


def test_version_prefers_package_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(factcheck, "__version__", "7.7.7-test", raising=False)
    assert "factcheck 7.7.7-test" in render(Result(documents=[], all_facts=[]))


def test_landmarks_and_labelled_inputs(flood_tree: Node) -> None:
    for tag in ("header", "nav", "main", "footer"):
        assert flood_tree.find_all(tag), tag
    labels = {n.attrs.get("for") for n in flood_tree.find_all("label")}
    for field_ in flood_tree.find_all("input") + flood_tree.find_all("select"):
        wrapped = any(a.tag == "label" for a in field_.ancestors())
        assert wrapped or field_.attrs.get("id") in labels, field_.attrs


def test_findings_most_severe_first_grouped_by_entity(flood: Result, flood_tree: Node) -> None:
    groups = flood_tree.find_all("section", "entity-group")
    seen_entities = [g.find_all("h3")[0].text() for g in groups]
    assert len(seen_entities) == len(set(seen_entities)) == len({f.entity for f in flood.findings})
    rank = {"error": 2, "warning": 1, "info": 0}
    worst = [max(rank[c.attrs["data-severity"] or ""] for c in cards(g)) for g in groups]
    assert worst == sorted(worst, reverse=True)
    for group in groups:
        severities = [rank[c.attrs["data-severity"] or ""] for c in cards(group)]
        assert severities == sorted(severities, reverse=True)
    numbers = [c.attrs["id"] for c in cards(flood_tree)]
    assert numbers == [f"finding-{n}" for n in range(1, len(flood.findings) + 1)]


def test_card_shows_rule_meaning_entity_values_sources_and_message(
        flood: Result, flood_tree: Node) -> None:
    assert {c.attrs["data-rule"] for c in cards(flood_tree)} == set(RULE_MEANINGS)
    meanings = rule_meanings(set(RULE_MEANINGS))
    by_id = {d.id: d for d in flood.documents}
    for card in cards(flood_tree):
        finding = card_finding(card, flood)
        text = card.text()
        meaning = card.find_all("p", "meaning")[0].text()
        assert finding.rule in text and meaning == meanings[finding.rule] and len(meaning) > 20
        assert finding.entity in text and finding.attribute in text
        assert finding.severity.capitalize() in card.find_all("span", "badge")[0].text()
        items = card.find_all("ul", "evidence")[0].find_all("li")
        assert len(items) == len(finding.evidence)
        number = card.attrs["id"].removeprefix("finding-")  # type: ignore[union-attr]
        for k, ev in enumerate(finding.evidence):
            doc = by_id[ev.source]
            item = next(i for i in items
                        if i.find_all("a", "jump")[0].attrs["href"] == f"#f{number}-e{k}")
            assert (doc.title or doc.id) in item.text()
            assert doc.published is not None and doc.published.isoformat() in item.text()
            quote = item.find_all("blockquote")[0]
            assert quote.text() == ev.sentence
            assert quote.find_all("mark")[0].text() == ev.text


def test_rule_meaning_comes_from_the_rule_documentation() -> None:
    registry = load_builtin_rules()
    assert "numeric-conflict" in registry
    summary = registry["numeric-conflict"].summary
    assert summary
    shown = summary[0].upper() + summary[1:]  # a sentence, capitalised
    assert rule_meanings({"numeric-conflict"}) == {"numeric-conflict": shown}
    assert rule_meanings({"no-such-rule"}) == {"no-such-rule": None}


def test_numeric_card_number_line_draws_points_ranges_and_open_ends(flood_tree: Node) -> None:
    card = next(c for c in cards(flood_tree) if c.attrs["data-rule"] == "numeric-conflict")
    svg = card.find_all("svg")[0]
    # "at least 2,400" is open above (one arrow), "about 2,000" is a closed range (end ticks).
    assert len(svg.find_all("polygon")) == 1
    assert len(svg.find_all("circle")) == 2
    ticks = [t.text() for t in svg.find_all("text", "tick")]
    assert "2,400" in ticks and "1,800" in ticks
    assert "≥ 2,400" in card.text() and "1,800 to 2,200" in card.text()


def test_number_line_arrow_points_the_open_way() -> None:
    doc = Document(id="d", path="d.txt", text="Fewer than 50 homes and more than 80 homes.",
                   published=date(2024, 1, 2))
    below = make_fact(doc, "Fewer than 50 homes", entity="Quake", attribute="homes", value=50,
                      low=None, high=50, qualifier="less-than")
    above = make_fact(doc, "more than 80 homes", entity="Quake", attribute="homes", value=80,
                      low=80, high=None, qualifier="more-than")
    finding = Finding("numeric-conflict", "error", "Quake", "homes", "50 vs 80",
                      [Evidence.from_fact(f, doc.path) for f in (below, above)])
    svg = parse(render(Result([doc], [below, above], findings=[finding]))).find_all("svg")[0]
    left_tip, right_tip = (
        [float(xy.split(",")[0]) for xy in (p.attrs["points"] or "").split()]
        for p in svg.find_all("polygon"))
    assert left_tip[0] < min(left_tip[1:])  # tip first, pointing left
    assert right_tip[0] > max(right_tip[1:])


def test_figure_update_is_a_timeline_in_publication_order(flood: Result, flood_tree: Node) -> None:
    card = next(c for c in cards(flood_tree) if c.attrs["data-rule"] == "figure-update")
    svg = card.find_all("svg")[0]
    assert [t.text() for t in svg.find_all("text", "tick")] == ["2024-03-04", "2024-03-05"]
    assert [t.text() for t in svg.find_all("text", "val")] == ["12", "19"]
    # The finding cites the later source first; the card reads in time order.
    readings = [p.text() for p in card.find_all("p", "reading")]
    assert readings[0].startswith("at least 12") and readings[1] == "19"


def test_quote_drift_shows_a_word_diff(flood_tree: Node) -> None:
    card = next(c for c in cards(flood_tree) if c.attrs["data-rule"] == "quote-drift")
    assert [d.text() for d in card.find_all("del")] == ["this", "street."]
    assert [i.text() for i in card.find_all("ins")] == ["so", "home."]
    diff = card.find_all("p", "diff")[0].text()
    assert "We have never seen the water rise" in diff and "S1 → S2" in diff


def test_name_variant_lists_spellings_counts_and_suggestion(flood_tree: Node) -> None:
    card = next(c for c in cards(flood_tree) if c.attrs["data-rule"] == "name-variant")
    rows = [[td.text() for td in tr.find_all("td")]
            for tr in card.find_all("table")[0].find_all("tbody")[0].find_all("tr")]
    assert rows == [["Helena Voss", "3", "✓ suggested"], ["Helena Vos", "1", ""]]


@pytest.mark.parametrize(("message", "suggested"), [
    ("'Jon Smyth' may be 'John Smith'; suggest 'Jon Smyth' if the agency confirms.", "Jon Smyth"),
    ("Spelt 'John Smith' elsewhere.", "John Smith"),
    ("Two spellings: 'Jon Smyth' and 'John Smith'.", "John Smith"),  # entity decides
    ("Two spellings of one name.", "John Smith"),
])
def test_name_variant_suggestion_read_from_message(message: str, suggested: str) -> None:
    doc = Document(id="d", path="d.txt", text="John Smith met Jon Smyth and John Smith.")
    facts = [make_fact(doc, "John Smith", entity="John Smith", attribute="name", kind="name"),
             make_fact(doc, "Jon Smyth", entity="John Smith", attribute="name", kind="name")]
    finding = Finding("name-variant", "info", "John Smith", "name", message,
                      [Evidence.from_fact(f, doc.path) for f in facts])
    tree = parse(render(Result([doc], facts, findings=[finding])))
    chosen = [tr.find_all("td")[0].text() for tr in tree.find_all("tr", "suggested")]
    assert chosen == [suggested]


def test_sources_table(flood: Result, flood_tree: Node) -> None:
    table = flood_tree.by_id("sources")
    assert table is not None
    rows = {tr.find_all("th")[0].text(): tr for tr in table.find_all("tbody")[0].find_all("tr")}
    wire = next(r for k, r in rows.items() if "wire-copy" in k)
    post = next(r for k, r in rows.items() if "valley-post" in k)
    assert "Repaired" in wire.text() and "repaired mojibake: 4 sequences" in wire.text()
    assert "Repaired" not in post.text()
    # The wire copy is published later, so it depends on the post (whatever the citing order).
    assert "Depends on valley-post" in " ".join(wire.text().split())
    assert "Repeated by wire-copy" in " ".join(post.text().split())
    for i, doc in enumerate(flood.documents, 1):
        row = next(r for k, r in rows.items() if doc.id in k)
        hrefs = [a.attrs["href"] or "" for a in row.find_all("a")]
        assert f"#doc-{i}" in hrefs
        assert Path(doc.path).resolve().as_uri() in hrefs
        assert (doc.published.isoformat() if doc.published else "undated") in row.text()
    assert "https://valley-post.example/marbury-floods" in [a.attrs["href"]
                                                             for a in post.find_all("a")]


def test_entities_table(flood_tree: Node) -> None:
    table = flood_tree.by_id("entities")
    assert table is not None
    rows = {tr.find_all("th")[0].text(): [td.text() for td in tr.find_all("td")]
            for tr in table.find_all("tbody")[0].find_all("tr")}
    assert rows["Helena Voss"] == ["person", "Mayor Helena Voss", "Helena Vos", "6"]
    assert rows["Marbury floods"] == ["event", "Marbury flood, the floods", "", "12"]
    assert rows["River Lenn"][-1] == "1"


def test_no_findings_page(flood: Result) -> None:
    quiet = flood.replace(findings=[])
    tree = parse(render(quiet))
    assert not cards(tree)
    assert tree.by_id("filters") is None
    assert "No findings" in tree.by_id("findings").text()  # type: ignore[union-attr]
    assert not tree.find_all("mark")
    underlined = [u for i in range(1, 5) for u in doc_text_node(tree, i).find_all("u")]
    assert len(underlined) == len(flood.all_facts)  # none of them overlap


def test_input_warnings_are_listed(flood: Result) -> None:
    noisy = flood.replace(warnings=["corpus/empty.txt: empty file, skipped"])
    assert "corpus/empty.txt: empty file, skipped" in parse(render(noisy)).text()


# --- full texts: spans, anchors, links both ways ---------------------------------------------


def doc_text_node(tree: Node, index: int) -> Node:
    article = tree.by_id(f"doc-{index}")
    assert article is not None
    return article.find_all("div", "doctext")[0]


def char_owners(node: Node) -> tuple[str, list[list[Node]]]:
    """The text of a full-text block without its finding links, and for each character the
    elements it sits in."""
    chars: list[str] = []
    owners: list[list[Node]] = []

    def walk(n: Node, inside: list[Node]) -> None:
        for child in n.children:
            if isinstance(child, str):
                chars.extend(child)
                owners.extend([inside] * len(child))
            elif not is_ref(child):
                walk(child, [*inside, child])

    walk(node, [])
    return "".join(chars), owners


def offset_of(node: Node, target: Node) -> int:
    """Characters of text (links excluded) before target inside node."""
    count = 0

    def walk(n: Node) -> bool:
        nonlocal count
        for child in n.children:
            if child is target:
                return True
            if isinstance(child, str):
                count += len(child)
            elif not is_ref(child) and walk(child):
                return True
        return False

    assert walk(node)
    return count


def check_spans(result: Result, html: str) -> None:
    """Every text reproduces its document, facts are underlined, every evidence span is a mark
    with an id at its offset, and a link after it leads back to its finding."""
    tree = parse(html)
    index = {d.id: i for i, d in enumerate(result.documents, 1)}
    for doc in result.documents:
        block = doc_text_node(tree, index[doc.id])
        text, owners = char_owners(block)
        assert text == doc.text
        for fact in result.all_facts:
            if fact.source == doc.id:
                assert all(any(o.tag == "u" for o in owners[i])
                           for i in range(fact.start, fact.end))
    for card in cards(tree):
        number = int((card.attrs["id"] or "").removeprefix("finding-"))
        finding = card_finding(card, result)
        for k, ev in enumerate(finding.evidence):
            block = doc_text_node(tree, index[ev.source])
            anchor = block.by_id(f"f{number}-e{k}")
            assert anchor is not None, (number, k)
            mark = anchor if anchor.tag == "mark" else next(
                a for a in anchor.ancestors() if a.tag == "mark")
            assert mark.parent is block  # marks never nest
            assert offset_of(block, anchor) == ev.start
            _, owners = char_owners(block)
            assert all(any(o.tag == "mark" for o in owners[i]) for i in range(ev.start, ev.end))
            jumps = [a.attrs["href"] for a in card.find_all("a", "jump")]
            assert f"#f{number}-e{k}" in jumps
            backs = [a.attrs["href"] for a in block.find_all("a", "ref")]
            assert f"#finding-{number}" in backs


def test_every_finding_span_is_a_mark_with_an_id(flood: Result, flood_html: str) -> None:
    check_spans(flood, flood_html)


def test_every_internal_link_has_a_target_and_ids_are_unique(flood_tree: Node) -> None:
    ids = [n.attrs["id"] for n in flood_tree.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    for a in flood_tree.find_all("a"):
        href = a.attrs.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in ids, href


def test_ref_links_name_severity_in_text(flood_tree: Node) -> None:
    refs = flood_tree.find_all("a", "ref")
    assert refs
    for ref in refs:
        number = (ref.attrs["href"] or "").removeprefix("#finding-")
        card = flood_tree.by_id(f"finding-{number}")
        assert card is not None
        severity = card.attrs["data-severity"] or ""
        assert ref.text() == severity[0].upper() + number
        assert severity in (ref.attrs.get("aria-label") or "")


def test_evidence_outside_the_documents_is_shown_but_not_linked() -> None:
    doc = Document(id="d", path="d.txt", text="Turnout was 61 percent.")
    fact = make_fact(doc, "61 percent", entity="Vote", attribute="turnout", value=61,
                     low=61, high=61)
    good = Evidence.from_fact(fact, doc.path)
    stray = replace(good, source="missing", sentence="Turnout was 64 percent.", text="64 percent",
                    value=64, low=64, high=64)
    broken = replace(good, start=500, end=510)
    finding = Finding("numeric-conflict", "error", "Vote", "turnout", "61 vs 64",
                      [good, stray, broken])
    tree = parse(render(Result([doc], [fact], findings=[finding])))
    assert [a.attrs["href"] for a in tree.find_all("a", "jump")] == ["#f1-e0"]
    assert tree.by_id("f1-e1") is None and tree.by_id("f1-e2") is None
    assert "Turnout was 64 percent." in tree.by_id("finding-1").text()  # type: ignore[union-attr]


span = st.tuples(st.integers(0, 40), st.integers(1, 12))


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="ab <>&\"'\n", min_size=41, max_size=60),
       fact_spans=st.lists(span, max_size=6), evidence_spans=st.lists(span, min_size=1, max_size=6),
       severities=st.lists(st.sampled_from(["error", "warning", "info"]), min_size=6, max_size=6))
def test_overlapping_spans_never_cross_or_lose_text(
        text: str, fact_spans: list[tuple[int, int]], evidence_spans: list[tuple[int, int]],
        severities: list[str]) -> None:
    doc = Document(id="d", path="d.txt", text=text)
    facts = [Fact(id=f"f{i}", source="d", kind="quantity", entity="E", attribute="a", value=1,
                  start=s, end=min(s + n, len(text)))
             for i, (s, n) in enumerate(fact_spans)]
    findings = []
    for i, (s, n) in enumerate(evidence_spans):
        end = min(s + n, len(text))
        ev = Evidence("d", "d.txt", 1, s + 1, s, end, text[s:end], text)
        findings.append(Finding("text-quality", severities[i], "E", "a", f"message {i}", [ev]))
    check_spans(Result([doc], facts, findings=findings), render(
        Result([doc], facts, findings=findings)))


# --- safety ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render(hostile_result(), corpus="<script>corpus</script>")


ALLOWED_TAGS = {
    "#root", "html", "head", "meta", "title", "style", "body", "a", "header", "h1", "h2", "h3",
    "h4", "p", "span", "dl", "div", "dt", "dd", "time", "nav", "ul", "li", "main", "section",
    "form", "fieldset", "legend", "label", "input", "select", "option", "button", "article",
    "code", "svg", "text", "line", "polygon", "polyline", "circle", "blockquote", "mark", "table",
    "thead", "tbody", "tr", "th", "td", "strong", "br", "u", "del", "ins", "footer", "script",
}


def test_hostile_text_stays_text(hostile_html: str) -> None:
    tree = parse(hostile_html)
    assert {n.tag for n in tree.iter()} <= ALLOWED_TAGS
    scripts = tree.find_all("script")
    assert len(scripts) == 1
    assert scripts[0].text() == (STATIC / "report.js").read_text(encoding="utf-8")
    assert hostile_html.lower().count("<script") == 1
    for marker in ("</textarea>", "<img", "<svg onload", "<b>", "<i onclick", "</style></title>"):
        assert marker not in hostile_html
    for node in tree.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            assert name != "autofocus"
            assert "javascript:" not in (value or "").lower(), (node.tag, name, value)
    assert doc_text_node(tree, 1).text(skip=is_ref) == HOSTILE_TEXT  # verbatim, as text
    page = tree.text()
    assert "{{ 7*7 }}" in page
    assert f"<script>{PWN}</script> 40 vs 55 </textarea>" in page  # the message
    assert f"hostile/x.txt: <script>{PWN}</script>" in page  # the warning
    assert "<script>corpus</script>" in page


def test_hostile_values_reach_attributes_only_escaped(hostile_html: str) -> None:
    tree = parse(hostile_html)
    rules = {n.attrs.get("data-rule") for n in tree.find_all("article", "finding")}
    assert f'text-quality" autofocus onfocus="{PWN}' in rules  # one attribute value, intact
    options = [o.attrs["value"] for o in tree.find_all("option")]
    assert f'text-quality" autofocus onfocus="{PWN}' in options
    hrefs = [a.attrs.get("href") or "" for a in tree.find_all("a")]
    assert all(h.startswith(("#", "file:", "https:")) for h in hrefs), hrefs
    check_spans(hostile_result(), hostile_html)


def csp_sources(tree: Node) -> dict[str, list[str]]:
    meta = next(m for m in tree.find_all("meta")
                if m.attrs.get("http-equiv") == "Content-Security-Policy")
    policy = meta.attrs["content"] or ""
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_content_security_policy_pins_inline_script_and_style(flood_tree: Node) -> None:
    policy = csp_sources(flood_tree)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == [digest(flood_tree.find_all("script")[0].text())]
    assert policy["style-src"] == [digest(flood_tree.find_all("style")[0].text())]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_offline_nothing_fetched(flood_html: str, flood_tree: Node) -> None:
    for tag in ("link", "img", "iframe", "object", "embed", "source", "video", "audio"):
        assert not flood_tree.find_all(tag), tag
    for node in flood_tree.iter():
        assert "src" not in node.attrs
    css = flood_tree.find_all("style")[0].text()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


def test_everything_visible_without_javascript(flood: Result, flood_tree: Node) -> None:
    hidden = [n for n in flood_tree.iter() if "hidden" in n.attrs]
    assert [n.attrs.get("id") for n in hidden] == ["filters"]  # controls that need JS
    assert len(cards(flood_tree)) == len(flood.findings)
    for card in cards(flood_tree):
        assert card.find_all("blockquote") and card.find_all("p", "message")


def test_print_and_narrow_screen_styles_exist() -> None:
    css = (STATIC / "report.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print"):]
    assert re.search(r"nav[^{]*\.filters[^{]*\{\s*display:\s*none", print_rules)
    assert "break-inside: avoid" in print_rules
    assert "@media (max-width:" in css


# --- files and size --------------------------------------------------------------------------


def test_write_report_writes_the_rendered_page_atomically(flood: Result, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    write_report(flood, target, corpus="Marbury floods", generated_at=WHEN)
    assert target.read_text(encoding="utf-8") == render(flood, corpus="Marbury floods")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def test_an_interrupted_report_leaves_the_old_file_whole(flood: Result, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The page is written as it is rendered: a failure half-way keeps the previous page."""
    target = tmp_path / "report.html"
    target.write_text("previous report", encoding="utf-8")

    def failing(*args: object, **kwargs: object) -> Iterator[str]:
        yield "<!doctype html><html>"
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(render_module, "report_chunks", failing)
    with pytest.raises(RuntimeError):
        write_report(flood, target)
    assert target.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def big_corpus(with_facts: bool) -> Result:
    """Four 9 kB reports on a season of storms, a fact on every figure, 40 findings."""
    docs, facts, findings = [], [], []
    for d in range(4):
        paragraphs = [
            f"Storm {n} brought {n * 7 + d} mm of rain to {n + 3} districts on day {n}, and "
            f"about {n * 40 + d} homes lost power while {n + 2} roads were closed by crews.\n"
            for n in range(1, 61)]
        doc = Document(id=f"storm-{d}", path=f"storms/{d}.txt", text="".join(paragraphs),
                       title=f"Storm season report {d}", published=date(2024, 9, d + 1))
        docs.append(doc)
        for match in re.finditer(r"\d+ (?:mm|districts|homes|roads)", doc.text):
            value = float(match.group().split()[0])
            fact = Fact(id=f"{doc.id}-{match.start()}", source=doc.id, kind="quantity",
                        entity="storms", attribute=match.group().split()[1], value=value,
                        low=value, high=value, start=match.start(), end=match.end(),
                        text=match.group(), sentence=match.group())
            facts.append(fact)
    for n in range(40):
        pair = [f for f in facts if f.attribute == "homes"][n::40][:2]
        evs = [Evidence.from_fact(f, f"storms/{f.source}.txt") for f in pair]
        findings.append(Finding("numeric-conflict", ("error", "warning", "info")[n % 3],
                                f"Storm {n}", "homes", f"{evs[0].value} vs {evs[-1].value}", evs))
    return Result(docs, facts if with_facts else [], findings=findings)


def test_four_document_report_is_small_and_fact_markup_lean() -> None:
    full = render(big_corpus(with_facts=True))
    bare = render(big_corpus(with_facts=False))
    n_facts = len(big_corpus(with_facts=True).all_facts)
    assert n_facts > 800
    assert len(full.encode()) < 1_000_000
    # Underlining a fact costs a few bytes of markup, nothing per-fact beyond <u></u>.
    assert (len(full) - len(bare)) / n_facts <= 8


def test_render_report_rejects_nothing_it_is_given(flood: Result) -> None:
    """Odd but valid inputs (no title, no date, no path, empty text) still render."""
    odd_doc = Document(id="empty", path="", text="")
    odd = flood.replace(documents=[*flood.documents, odd_doc])
    html = render(odd)
    assert "undated" in parse(html).by_id("doc-5").text()  # type: ignore[union-attr]



def test_measures_read_as_written_and_times_of_day_on_a_clock() -> None:
    length = Evidence(source="a", path="a.txt", line=1, column=1, start=4, end=12,
                      text="820-foot", sentence="The 820-foot ship struck.", value=249.94,
                      low=249.78, high=250.09, qualifier="exact", unit="m")
    assert render_module._reading(length) == "820-foot"
    assert render_module._interval_text(length) is None  # metres no source wrote
    assert render_module.format_number(19_682_616_395.99) == "19,682,616,396"  # no 1.97e+10
    assert render_module.format_number(6.4008) == "6.4008"
    assert render_module._tick(870, years=False, clock=True) == "14:30"
    assert render_module._tick(2015, years=True, clock=False) == "2015"
