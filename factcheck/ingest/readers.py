"""Format readers: the visible text of HTML, JSON Lines records (front matter: frontmatter.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

from factcheck.ingest.frontmatter import FrontMatter, read_front_matter
from factcheck.ingest.head import parse_date

# Elements whose content is never shown as text.
_HIDDEN_ELEMENTS = frozenset({"script", "style", "iframe", "noscript", "template", "svg"})
# Elements that start a new block of text.
_BLOCK_ELEMENTS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "body", "html", "head",
})
_CELL_ELEMENTS = frozenset({"td", "th"})  # one cell per line: figures of two cells never merge
_PUBLISHED_META = (  # most specific first
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("property", "og:published_time"),
    ("itemprop", "datepublished"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "dc.date.issued"),
    ("name", "dc.date"),
)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ")
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_CHARSET_RE = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})",
                         re.IGNORECASE)
_HTML_START_RE = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                            re.IGNORECASE | re.DOTALL)


__all__ = ["FrontMatter", "HtmlContent", "JsonRecord", "declared_charset", "looks_like_html",
           "read_front_matter", "read_html", "read_json_record"]


@dataclass(slots=True)
class HtmlContent:
    text: str
    title: str | None = None
    published: date | None = None
    unclosed: str | None = None  # a hidden element never closed: the rest of the page is hidden


def declared_charset(data: bytes) -> str | None:
    """The ``charset`` an HTML file declares in its first 4 KB, if any."""
    match = _CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START_RE.match(text[:4096]))


def read_html(markup: str) -> HtmlContent:
    """Visible text (block elements on their own lines), title and publication date."""
    parser = _VisibleTextParser()
    parser.feed(markup)
    parser.close()
    return HtmlContent(parser.text(), parser.title(), parser.published(), parser.unclosed())


class _VisibleTextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._pieces: list[str] = []
        self._hidden: list[str] = []  # open hidden elements (nested ones of the same name)
        self._pre_depth = 0
        self._title_parts: list[str] | None = None
        self._page_title: str | None = None
        self._h1_parts: list[str] | None = None
        self._first_h1: str | None = None
        self._meta_dates: dict[tuple[str, str], str] = {}
        self._time_datetime: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden:
            if tag == self._hidden[-1]:
                self._hidden.append(tag)
            return
        if tag in _HIDDEN_ELEMENTS:
            self._hidden.append(tag)
            return
        if tag in _BLOCK_ELEMENTS:  # an unclosed <title> or <h1> ends where a block starts
            self._end_title_and_h1()
        if tag == "meta":
            self._read_meta(attrs)
        elif tag == "time" and self._time_datetime is None:
            self._time_datetime = dict(attrs).get("datetime")
        elif tag == "title" and self._page_title is None:
            self._title_parts = []
        elif tag == "h1" and self._first_h1 is None:
            self._h1_parts = []
        if tag == "pre":
            self._pre_depth += 1
        if tag == "br":
            self._pieces.append("\n")
        elif tag in _BLOCK_ELEMENTS:
            self._pieces.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <svg/>, <br/>: nothing opens, so a hidden element must not start here.
        if tag in _HIDDEN_ELEMENTS:
            return
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "meta", "time"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag == self._hidden[-1]:
                self._hidden.pop()
            return
        if tag in ("title", "h1"):
            self._end_title_and_h1()
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        if tag in _BLOCK_ELEMENTS or tag == "title":
            self._pieces.append("\n\n")
        elif tag in _CELL_ELEMENTS:
            self._pieces.append("\n")

    def handle_comment(self, data: str) -> None:
        # Suppression markers (<!-- factcheck: ignore RULE -->) must reach the rules.
        if not self._hidden and data.strip().startswith("factcheck:"):
            self._pieces.append(f"<!--{data}-->")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._title_parts is not None:
            self._title_parts.append(data)
            return  # the page title is metadata, not body text
        if self._h1_parts is not None:
            self._h1_parts.append(data)
        # Inside <pre>, line breaks are the author's; elsewhere they are only spacing.
        self._pieces.append(data if self._pre_depth else data.replace("\n", " "))

    def _end_title_and_h1(self) -> None:
        if self._title_parts is not None:
            self._page_title = _collapse(" ".join(self._title_parts)) or None
            self._title_parts = None
        if self._h1_parts is not None:
            self._first_h1 = _collapse(" ".join(self._h1_parts)) or None
            self._h1_parts = None

    def unclosed(self) -> str | None:
        return self._hidden[0] if self._hidden else None

    def _read_meta(self, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        content = values.get("content", "").strip()
        if not content:
            return
        for kind in ("property", "name", "itemprop"):
            key = (kind, values.get(kind, "").strip().lower())
            if key in _PUBLISHED_META and key not in self._meta_dates:
                self._meta_dates[key] = content

    def text(self) -> str:
        lines = (_collapse(line) for line in "".join(self._pieces).split("\n"))
        return _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip("\n")

    def title(self) -> str | None:
        if self._page_title and self._first_h1:
            # "Headline | Site name": the <h1> is the headline without the site's name.
            for separator in _TITLE_SEPARATORS:
                if self._page_title.startswith(self._first_h1 + separator):
                    return self._first_h1
        return self._page_title or self._first_h1

    def published(self) -> date | None:
        for key in _PUBLISHED_META:
            if key in self._meta_dates:
                found = parse_date(self._meta_dates[key])
                if found is not None:
                    return found
        return parse_date(self._time_datetime) if self._time_datetime else None


def _collapse(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()


@dataclass(slots=True)
class JsonRecord:
    text: str
    id: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None
    problems: list[str] = field(default_factory=list)  # fields that were ignored, and why


def read_json_record(line: str) -> JsonRecord | str:
    """One JSON Lines record, or the reason it is not a document."""
    try:
        data: Any = json.loads(line)
    except RecursionError:
        return "invalid JSON (nested too deeply)"
    except json.JSONDecodeError as error:
        return f"invalid JSON ({error.msg}: column {error.colno})"
    except ValueError:  # Python refuses integers of more than 4300 digits
        return "invalid JSON (a number too long to read)"
    if not isinstance(data, dict):
        return f"expected a JSON object, found {type(data).__name__}"
    text = data.get("text")
    if not isinstance(text, str):
        return "no 'text' field" if text is None else "'text' is not a string"
    if not text.strip():
        return "empty text"
    record = JsonRecord(text)
    raw_id = data.get("id")
    if isinstance(raw_id, str) and raw_id.strip():
        record.id = raw_id.strip()
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        record.id = str(raw_id)
    elif raw_id is not None:
        record.problems.append("'id' is not a string or integer; using the line number")
    for name in ("title", "url"):
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            setattr(record, name, value.strip())
        elif value is not None and not isinstance(value, str):
            record.problems.append(f"'{name}' is not a string; ignored")
    raw_published = data.get("published")
    if raw_published is not None:
        record.published = parse_date(raw_published)
        if record.published is None:
            record.problems.append(
                f"'published' is not a date: {str(raw_published)[:60]!r}; ignored")
    return record
