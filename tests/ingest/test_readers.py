from datetime import date

import pytest

from factcheck.ingest.readers import (
    JsonRecord,
    declared_charset,
    looks_like_html,
    read_front_matter,
    read_html,
    read_json_record,
)

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Floods hit valley | Daily Bugle</title>
<meta property="article:published_time" content="2021-08-27T23:30:00-04:00">
<style>p { color: red } .x::before { content: "STYLE" }</style>
<script>var s = "<p>SCRIPT</p>"; if (a < b) {}</script></head>
<body><nav>Home</nav>
<h1>Floods hit valley</h1>
<p>At least 40 people   died &amp; 25
were hurt.<br>Rescue teams arrived&nbsp;late.</p>
<iframe src="ad.html"><p>IFRAME</p></iframe>
<svg viewBox="0 0 1 1"><title>SVGTITLE</title><text>SVGTEXT</text></svg>
<noscript>NOSCRIPT</noscript><template><p>TEMPLATE</p></template>
<table><tr><td>Deaths</td><td>40</td></tr></table>
<p>Caf&eacute; owners &#8220;wait&#8221;.</p>
</body></html>"""


def test_html_visible_text_only():
    content = read_html(PAGE)
    for hidden in ("STYLE", "SCRIPT", "IFRAME", "SVGTITLE", "SVGTEXT", "NOSCRIPT", "TEMPLATE",
                   "Daily Bugle", "color"):
        assert hidden not in content.text, hidden
    assert "At least 40 people died & 25 were hurt.\nRescue teams arrived late." in content.text
    assert "Café owners “wait”." in content.text


def test_html_blocks_become_lines():
    lines = read_html(PAGE).text.split("\n")
    assert lines[:3] == ["Home", "", "Floods hit valley"]
    assert "Deaths" in lines and "40" in lines  # table cells never run together


def test_html_title_and_published():
    content = read_html(PAGE)
    assert content.title == "Floods hit valley"  # the <h1>: the <title> adds the site name
    assert content.published == date(2021, 8, 27)
    assert content.unclosed is None


@pytest.mark.parametrize(("head", "expected"), [
    ('<meta name="date" content="2020-05-01">', date(2020, 5, 1)),
    ('<meta itemprop="datePublished" content="May 1, 2020">', date(2020, 5, 1)),
    ('<meta property="og:published_time" content="2020-05-01T10:00Z">', date(2020, 5, 1)),
    ('<meta name="date" content="not a date">', date(2019, 1, 2)),  # falls to <time>
])
def test_html_published_sources(head, expected):
    markup = f'<html><head>{head}</head><body><p>Text <time datetime="2019-01-02">x</time></p>'
    assert read_html(markup).published == expected


def test_html_without_metadata():
    content = read_html("<p>Only a paragraph about the harvest.</p>")
    assert content.title is None and content.published is None
    assert content.text == "Only a paragraph about the harvest."


def test_title_element_used_when_there_is_no_matching_h1():
    markup = "<title>Quake: what we know</title><h1>Live updates</h1><p>Body</p>"
    assert read_html(markup).title == "Quake: what we know"


def test_unclosed_title_does_not_swallow_the_body():
    content = read_html("<title>Broken page<p>Body text of the report.</p>")
    assert content.text == "Body text of the report."
    assert content.title == "Broken page"


def test_unclosed_hidden_element_is_reported():
    content = read_html("<p>Kept text.</p><iframe src=x><p>Lost</p>")
    assert content.text == "Kept text."
    assert content.unclosed == "iframe"


def test_self_closing_hidden_element_hides_nothing():
    assert read_html("<svg/><p>Visible text.</p>").text == "Visible text."


def test_nested_hidden_elements_of_the_same_name():
    markup = "<noscript><noscript>a</noscript>b</noscript><p>Seen.</p>"
    assert read_html(markup).text == "Seen."


def test_declared_charset_and_html_sniffing():
    assert declared_charset(b'<meta charset="windows-1251">') == "windows-1251"
    assert declared_charset(
        b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">'
    ) == "ISO-8859-2"
    assert declared_charset(b"<p>no declaration</p>") is None
    assert looks_like_html("\n <!-- saved --> <!DOCTYPE html><html>")
    assert looks_like_html("<html lang=en>")
    assert not looks_like_html("The <html> tag starts a page.")


def test_front_matter():
    text = "---\ntitle: Harvest report\ndate: 2021-09-14\n---\n# Body\n"
    front = read_front_matter(text)
    assert front is not None
    assert (front.title, front.published, front.problem) == (
        "Harvest report", date(2021, 9, 14), None)
    assert text[front.body_start:] == "# Body\n"


def test_front_matter_problems():
    broken = read_front_matter("---\ntitle: [unclosed\n---\nBody")
    assert broken is not None and broken.problem is not None
    assert "not valid YAML" in broken.problem
    bad_date = read_front_matter("---\ndate: soon\n---\nBody")
    assert bad_date is not None and bad_date.published is None
    assert bad_date.problem is not None and "'soon'" in bad_date.problem


def test_no_front_matter():
    assert read_front_matter("# Title\n---\n") is None
    assert read_front_matter("---\nno closing line\n") is None
    assert read_front_matter("--- not a fence\n---\n") is None


def test_json_record_fields():
    record = read_json_record('{"text": "Rain.", "id": 7, "title": " Rain ", '
                              '"published": "2021-09-14", "url": "https://example.org/a"}')
    assert record == JsonRecord("Rain.", "7", "Rain", date(2021, 9, 14), "https://example.org/a")


@pytest.mark.parametrize(("line", "reason"), [
    ("{broken", "invalid JSON (Expecting property name enclosed in double quotes: column 2)"),
    ("[1, 2]", "expected a JSON object, found list"),
    ('{"title": "x"}', "no 'text' field"),
    ('{"text": 5}', "'text' is not a string"),
    ('{"text": "  "}', "empty text"),
    ("[" * 100_000, "invalid JSON (nested too deeply)"),
    ("1" * 5000, "invalid JSON (a number too long to read)"),
])
def test_json_records_that_are_not_documents(line, reason):
    assert read_json_record(line) == reason


def test_json_record_bad_optional_fields_are_ignored_with_a_reason():
    record = read_json_record('{"text": "x", "id": true, "title": 3, "published": "soon"}')
    assert isinstance(record, JsonRecord)
    assert (record.id, record.title, record.published) == (None, None, None)
    assert len(record.problems) == 3


def test_suppression_comments_survive_html_reading(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from factcheck.ingest import ingest

    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Floods killed 12 people. <!-- factcheck: ignore "
                    "numeric-conflict --></p><!-- an ordinary comment --></body></html>",
                    encoding="utf-8")
    [doc] = ingest([page]).documents
    assert "<!-- factcheck: ignore numeric-conflict -->" in doc.text
    assert "ordinary comment" not in doc.text
