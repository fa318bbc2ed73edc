"""Format readers: the article of an HTML page, JSON Lines records (front matter: its module)."""

from __future__ import annotations

import bisect
import html
import json
import logging
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
_WORDS_RE = re.compile(r"[^ \t\r\f\v\u00a0]+")
_CHARSET_RE = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})",
                         re.IGNORECASE)
_HTML_START_RE = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                            re.IGNORECASE | re.DOTALL)


__all__ = ["FrontMatter", "HtmlContent", "JsonRecord", "declared_charset", "looks_like_html",
           "markup_positions",
           "read_front_matter", "read_html", "read_json_record"]


@dataclass(slots=True)
class HtmlContent:
    text: str
    title: str | None = None
    published: date | None = None
    unclosed: str | None = None  # a hidden element never closed: the rest of the page is hidden
    # For each character of ``text``, the offset in the markup of the character it comes from
    # (an entity's characters: the entity's "&"; a line break between blocks: the character
    # before it), so findings are located on the file's own lines and columns.
    offsets: list[int] = field(default_factory=list)
    extracted: bool = False  # the article was found (else: all the visible text)


def declared_charset(data: bytes) -> str | None:
    """The ``charset`` an HTML file declares in its first 4 KB, if any."""
    match = _CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START_RE.match(text[:4096]))


def read_html(markup: str) -> HtmlContent:
    """The article's text (its blocks on their own lines), title and publication date.

    The page's visible text is read first, with where each character comes from; trafilatura
    then says which of it is the article, leaving out navigation, share bars, captions,
    related-story boxes and footers. A page too small or too odd for trafilatura to find an
    article in keeps all its visible text."""
    parser = _VisibleTextParser(markup)
    parser.feed(markup)
    parser.close()
    visible, offsets = parser.text()
    spans = _article_spans(visible, _article_lines(markup)) if visible else []
    headline = parser.headline()
    if spans and headline:  # the extractor keeps the headline only sometimes: always keep it
        index = visible.find(headline, 0, spans[0][0])
        if index != -1:
            spans.insert(0, (index, index + len(headline)))
    if spans:
        text, offsets = _select(visible, offsets, spans)
    else:
        text = visible
    return HtmlContent(text, parser.title(), parser.published(), parser.unclosed(), offsets,
                       extracted=bool(spans))


def markup_positions(markup: str, offsets: list[int]) -> list[tuple[int, int, int]]:
    """The source map of a text whose characters come from ``offsets`` in ``markup``: runs
    ``(text offset, line, column)`` (1-based) within which both advance together."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
    runs: list[tuple[int, int, int]] = []
    previous = -2
    for index, offset in enumerate(offsets):
        if offset != previous + 1 or markup[previous] == "\n":
            line = bisect.bisect_right(line_starts, offset)
            runs.append((index, line, offset - line_starts[line - 1] + 1))
        previous = offset
    return runs


# The extractor's own log says what it discarded: not the user's business.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def _article_lines(markup: str) -> list[str]:
    """The article's paragraphs as trafilatura finds them (none: no article found)."""
    import trafilatura  # imported on the first HTML page: it takes a while

    try:
        extracted = trafilatura.extract(markup, include_comments=False, include_tables=True,
                                        include_images=False, include_links=False,
                                        deduplicate=False)
    except Exception:  # a page the extractor cannot take: all its visible text is read
        return []
    return [line for line in (extracted or "").split("\n") if line.strip()]


_WHITE = re.compile(r"\s+")


def _article_spans(visible: str, lines: list[str]) -> list[tuple[int, int]]:
    """Where each of the extractor's lines lies in the visible text, in page order. A line
    not found there is text no browser shows (an iframe's fallback, say) and is left out."""
    squashed, squashed_at = _squashed(visible)
    found: list[tuple[int, int]] = []
    cursor = 0
    for line in lines:
        line = " ".join(line.split())
        pieces = [line]
        if line.startswith("- "):  # a list item
            pieces = [line[2:]]
        elif " | " in line:  # a table row: its cells
            pieces = [cell.strip() for cell in line.split(" | ") if cell.strip()]
        for piece in pieces:
            span = _find(visible, piece, cursor, squashed, squashed_at)
            if span is not None:
                found.append(span)
                cursor = span[1]
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return _with_markers(visible, merged)


def _squashed(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and where each of its characters is in ``text``."""
    kept = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    at = [start + i for start, word in kept for i in range(len(word))]
    return "".join(word for _, word in kept), at


def _find(visible: str, piece: str, cursor: int, squashed: str,
          squashed_at: list[int]) -> tuple[int, int] | None:
    for start_at in (cursor, 0):  # in order first; the extractor may move a block
        index = visible.find(piece, start_at)
        if index != -1:
            return index, index + len(piece)
    # The same words with other spacing (a line break the extractor joined, say).
    bare = _WHITE.sub("", piece)
    if not bare:
        return None
    low = bisect.bisect_left(squashed_at, cursor)
    for start_at in (low, 0):
        index = squashed.find(bare, start_at)
        if index != -1:
            return squashed_at[index], squashed_at[index + len(bare) - 1] + 1
    return None


_MARKER = re.compile(r"<!--\s*factcheck:.*?-->", re.IGNORECASE | re.DOTALL)


def _with_markers(visible: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans widened to whole lines where the rest of the line is suppression markers, and
    lines holding only markers added: ``<!-- factcheck: ignore -->`` must reach the rules."""
    if "factcheck" not in visible:
        return spans
    out: list[tuple[int, int]] = []
    for start, end in spans:
        line_start = visible.rfind("\n", 0, start) + 1
        line_end = visible.find("\n", end)
        line_end = len(visible) if line_end == -1 else line_end
        if not _MARKER.sub("", visible[line_start:start]).strip():
            start = line_start
        if not _MARKER.sub("", visible[end:line_end]).strip():
            end = line_end
        out.append((start, end))
    position = 0
    for line in visible.split("\n"):
        if line.strip() and not _MARKER.sub("", line).strip():
            out.append((position, position + len(line)))
        position += len(line) + 1
    out.sort()
    merged: list[tuple[int, int]] = []
    for start, end in out:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _select(visible: str, offsets: list[int], spans: list[tuple[int, int]]
            ) -> tuple[str, list[int]]:
    """The spans' text, joined by the line breaks between them (a blank line where other
    text was left out), with the offsets of its characters."""
    parts: list[str] = []
    kept: list[int] = []
    previous_end: int | None = None
    for start, end in spans:
        if previous_end is not None:
            between = visible[previous_end:start]
            joint = between if not between.strip() and "\n" in between else "\n\n"
            parts.append(joint)
            kept.extend([offsets[previous_end - 1]] * len(joint))
        parts.append(visible[start:end])
        kept.extend(offsets[start:end])
        previous_end = end
    return "".join(parts), kept


_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def _chunk_offsets(markup: str, start: int, data: str) -> list[int]:
    """The markup offset of each character of ``data``, text that starts at ``start`` in
    the markup with its character references decoded."""
    offsets: list[int] = []
    i, j, n = start, 0, len(markup)
    while j < len(data):
        if i < n and markup[i] == "&":
            match = _ENTITY.match(markup, i)
            if match:
                decoded = html.unescape(match.group())
                if decoded != match.group() and data.startswith(decoded, j):
                    offsets.extend([i] * len(decoded))
                    i, j = match.end(), j + len(decoded)
                    continue
        offsets.append(min(i, n - 1))
        if i < n and markup[i] == data[j]:
            i += 1
        j += 1  # else a character the parser made: it stays where the markup is
    return offsets


class _VisibleTextParser(HTMLParser):
    def __init__(self, markup: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self._markup = markup
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self._pieces: list[str] = []
        self._offsets: list[list[int] | None] = []  # per piece; None: a line break of ours
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
            self._add("\n")
        elif tag in _BLOCK_ELEMENTS:
            self._add("\n\n")

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
            self._add("\n\n")
        elif tag in _CELL_ELEMENTS:
            self._add("\n")

    def handle_comment(self, data: str) -> None:
        # Suppression markers (<!-- factcheck: ignore RULE -->) must reach the rules.
        if not self._hidden and data.strip().startswith("factcheck:"):
            start = self._here()
            marker = f"<!--{data}-->"
            self._add(marker, list(range(start, start + len(marker))))

    def _here(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column if self._markup else 0

    def _add(self, text: str, offsets: list[int] | None = None) -> None:
        self._pieces.append(text)
        self._offsets.append(offsets)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._title_parts is not None:
            self._title_parts.append(data)
            return  # the page title is metadata, not body text
        if self._h1_parts is not None:
            self._h1_parts.append(data)
        # Inside <pre>, line breaks are the author's; elsewhere they are only spacing.
        offsets = _chunk_offsets(self._markup, self._here(), data) if self._markup else None
        self._add(data if self._pre_depth else data.replace("\n", " "), offsets)

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

    def text(self) -> tuple[str, list[int]]:
        """The visible text (spaces collapsed, a blank line between blocks) and the markup
        offset of each of its characters."""
        chars = "".join(self._pieces)
        where: list[int] = []
        last = 0
        for piece, offsets in zip(self._pieces, self._offsets, strict=True):
            if offsets is None:  # a line break of ours: where the text before it ends
                where.extend([last] * len(piece))
            else:
                where.extend(offsets)
                last = offsets[-1] if offsets else last
        lines: list[tuple[str, list[int]]] = []
        position = 0
        for line in chars.split("\n"):
            words = [(m.start(), m.group()) for m in _WORDS_RE.finditer(line)]
            text_parts: list[str] = []
            line_where: list[int] = []
            for index, (start, word) in enumerate(words):
                if index:  # one space for the run before it, placed at the run's start
                    gap = words[index - 1][0] + len(words[index - 1][1])
                    text_parts.append(" ")
                    line_where.append(where[position + gap])
                text_parts.append(word)
                line_where.extend(where[position + start:position + start + len(word)])
            text = "".join(text_parts)
            lead = len(text) - len(text.lstrip())  # other Unicode spaces at either end
            text = text.strip()
            lines.append((text, line_where[lead:lead + len(text)]))
            position += len(line) + 1
        text_out: list[str] = []
        where_out: list[int] = []
        blank = False
        for text, line_where in lines:
            if not text:
                blank = bool(text_out)
                continue
            if text_out:
                joint = "\n\n" if blank else "\n"
                text_out.append(joint)
                where_out.extend([where_out[-1]] * len(joint))
            text_out.append(text)
            where_out.extend(line_where)
            blank = False
        return "".join(text_out), where_out

    def headline(self) -> str | None:
        """The first <h1>, as its text reads."""
        return self._first_h1

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
