"""HTML pages: the article is read (trafilatura), not the navigation, share bars, captions,
related stories or footer around it, and every position is the file's own line and column."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

import factcheck
from factcheck.cli import main
from factcheck.ingest import ingest
from factcheck.ingest.readers import markup_positions, read_html

PAGE = Path(__file__).parent / "pages" / "news-page.html"

# The same story as the page's article alone: its head, headline and paragraphs, nothing else.
ARTICLE_ALONE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta property="article:published_time" content="2024-04-17T08:15:00+01:00">
<title>Footbridge collapse in Marrowby kills 9</title></head>
<body>
<h1>Footbridge collapse in Marrowby kills 9</h1>
<p>A pedestrian footbridge over the river Kessel in Marrowby collapsed on Tuesday evening,
killing 9 people and injuring 23 others, the county fire service said on Wednesday.</p>
<p>The steel span, which opened in 1987, gave way as crowds crossed it after a concert
at the riverside park. Officials said about 60 people were on the bridge when it fell.</p>
<p>&ldquo;The structure was last inspected in March 2022 and passed,&rdquo; said
Regina Falkner, the council&rsquo;s head of infrastructure.</p>
<p>Rescue teams pulled 31 people from the water, and 12 of the injured remain in
hospital, according to Marrowby General Hospital.</p>
</body></html>
"""

# Figures and words that only the page's furniture holds.
FURNITURE = ["Sections", "Sport", "14 flood warnings", "230 passengers", "Ottilie Brenner",
             "Share on", "1,204", "Divers searched", "Harlan Vesey", "Related stories",
             "41 river crossings", "17 shops", "Registered in 2003", "4471902",
             "85 journalists", "Privacy"]


def fact_keys(result: factcheck.Result) -> Counter[tuple[object, ...]]:
    return Counter((f.kind, f.entity, f.attribute, f.value, f.low, f.high, f.qualifier,
                    f.subject, f.time, f.text) for f in result.all_facts)


@pytest.fixture(scope="module")
def page_result() -> factcheck.Result:
    return factcheck.load([PAGE])


def test_the_page_gives_the_facts_of_its_article_alone(page_result: factcheck.Result,
                                                       tmp_path: Path) -> None:
    alone = tmp_path / "news-page.html"  # same id, so the facts compare one to one
    alone.write_text(ARTICLE_ALONE, encoding="utf-8")
    expected = factcheck.load([alone])
    assert fact_keys(page_result) == fact_keys(expected)
    assert page_result.documents[0].text == expected.documents[0].text
    assert {f.attribute for f in page_result.all_facts} >= {"deaths", "injuries"}


def test_furniture_is_not_read(page_result: factcheck.Result) -> None:
    [doc] = page_result.documents
    for words in FURNITURE:
        assert words not in doc.text, words
    assert doc.title == "Footbridge collapse in Marrowby kills 9"
    assert doc.published is not None and doc.published.isoformat() == "2024-04-17"


def test_facts_are_located_on_the_files_own_lines(page_result: factcheck.Result) -> None:
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    assert page_result.all_facts
    for fact in page_result.all_facts:
        rest = "\n".join(lines[fact.line - 1:fact.line + 2])[fact.column - 1:]
        seen = " ".join(html.unescape(re.sub(r"<[^>]*>", "", rest)).split())
        assert seen.startswith(" ".join(fact.text.split())), (fact.text, fact.line, rest[:60])
    line = next(n for n, text in enumerate(lines, start=1) if "killing 9 people" in text)
    column = lines[line - 1].index("9 people") + 1
    assert any((f.line, f.column) == (line, column) for f in page_result.all_facts
               if f.attribute == "deaths")


def test_a_finding_on_the_page_names_its_line(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "page.html").write_text(PAGE.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "news" / "wire.txt").write_text(
        "Marrowby footbridge toll\n\nApril 17, 2024\n\n"
        "The footbridge over the river Kessel in Marrowby collapsed on Tuesday evening, "
        "killing 14 people, the county fire service said.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "news", "--no-cache", "--jobs", "1", "--select", "numeric-conflict",
          "--format", "github"])
    out = capsys.readouterr().out
    where = re.search(r"::error file=news/page\.html,line=(\d+),col=(\d+),endLine=(\d+),"
                      r"endColumn=(\d+)", out)
    assert where is not None, out
    line, column, end_line, end_column = map(int, where.groups())
    text = PAGE.read_text("utf-8").split("\n")[line - 1]
    assert text[column - 1:end_column - 1] == "9" and end_line == line  # the headline's "9"
    assert "<h1" in text


def test_positions_through_entities_line_breaks_and_blocks() -> None:
    markup = ("<html><body>\n<nav><a href=/>Home</a></nav>\n"
              "<p>Caf&eacute; &amp; bar:\n   40 &#8220;guests&#8221;</p>\n"
              "<p>Second <b>block</b> here.</p>\n</body></html>")
    content = read_html(markup)
    runs = markup_positions(markup, content.offsets)
    from factcheck.model import Document

    doc = Document(id="x", path="x.html", text=content.text, source_map=runs)
    lines = markup.split("\n")

    def at(words: str) -> str:
        line, column = doc.position(content.text.index(words))
        return lines[line - 1][column - 1:]

    assert at("Café").startswith("Caf&eacute;")
    assert at("& bar").startswith("&amp; bar")
    assert at("40").startswith("40 &#8220;")
    assert at("“guests").startswith("&#8220;guests")
    assert at("Second").startswith("Second <b>")
    assert at("block").startswith("block</b>")


def test_suppression_markers_stay_with_their_paragraph_in_an_article() -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of the story says the river rose by {i} metres "
                         f"overnight in the old town, officials said.</p>\n" for i in range(8))
    markup = ("<html><body><nav><ul><li>Home</li><li>Sport</li></ul></nav><article>"
              "<h1>River rises</h1>" + paragraphs.replace(
                  "by 3 metres overnight in the old town, officials said.</p>",
                  "by 3 metres overnight in the old town, officials said. "
                  "<!-- factcheck: ignore numeric-conflict --></p>")
              + "</article><footer>Contact us</footer></body></html>")
    content = read_html(markup)
    assert content.extracted
    assert "Home" not in content.text and "Contact" not in content.text
    assert ("by 3 metres overnight in the old town, officials said. "
            "<!-- factcheck: ignore numeric-conflict -->") in content.text


def test_a_small_page_keeps_all_its_visible_text(tmp_path: Path) -> None:
    page = tmp_path / "note.html"
    page.write_text("<p>Only a paragraph about the harvest.</p>", encoding="utf-8")
    [doc] = ingest([page]).documents
    assert doc.text == "Only a paragraph about the harvest."
    assert doc.position(doc.text.index("harvest")) == (1, 1 + "<p>Only a paragraph about the "
                                                       .__len__())


def test_sarif_and_annotations_end_where_the_span_ends_in_the_file(
        page_result: factcheck.Result) -> None:
    import json

    from factcheck.model import Evidence, Finding
    from factcheck.output.github import render_github
    from factcheck.output.sarif import render_sarif
    from factcheck.result import Result

    [doc] = page_result.documents
    lines = PAGE.read_text("utf-8").split("\n")

    def evidence(words: str) -> Evidence:
        start = doc.text.index(words)
        line, column = doc.position(start)
        return Evidence(source=doc.id, path="page.html", line=line, column=column,
                        start=start, end=start + len(words), text=words, sentence=words)

    across = evidence("evening, killing")  # the page breaks its line after "evening,"
    finding = Finding(rule="numeric-conflict", severity="error", entity="e", attribute="a",
                      message="m", evidence=[across])
    result = Result(documents=[doc], all_facts=[], findings=[finding])
    region = json.loads(render_sarif(result))["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"]["region"]
    assert lines[region["startLine"] - 1][region["startColumn"] - 1:].startswith("evening,")
    assert region["endLine"] == region["startLine"] + 1
    assert lines[region["endLine"] - 1][:region["endColumn"] - 1].endswith("killing")
    on_one_line = evidence("23 others")
    finding.evidence = [on_one_line]
    out = render_github(result)
    assert (f"line={on_one_line.line},col={on_one_line.column},endLine={on_one_line.line},"
            f"endColumn={on_one_line.column + len('23 others')}") in out
