"""Title and publication date from the first lines of a document.

Only the first non-empty lines are read, and only lines that look like a date line are handed
to dateparser (strict, day, month and year required, no relative dates). No date line, no
date: a publication date is never guessed from the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

HEAD_LINES = 12  # non-empty lines looked at
MAX_TITLE_WORDS = 30  # a longer first line is body text, not a title

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:{_WEEKDAY})?(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}})"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}"
)
_TIME = (
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|(?:\s*[,|/·•–—-]?\s*(?:at\s+)?)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?[A-Z]{2,5}\)?|\s*[+-]\d{2}:?\d{2})?)"
)
# Keywords that introduce a date line, and whether the date is the first publication.
_KEYWORD = r"(?P<keyword>first\s+published|published|posted|last\s+updated|updated|date)"
_DATE_LINE_RE = re.compile(
    rf"\s*(?:{_KEYWORD}\b(?:\s+on)?\s*:?\s*)?(?P<date>{_DATE})(?:{_TIME})?"
    r"(?P<rest>(?:\s.*)?)",
    re.IGNORECASE,
)
# "Updated 3:02 PM EDT, Tue September 14, 2021": a keyword line whose date comes later.
_KEYWORD_LINE_RE = re.compile(rf"\s*{_KEYWORD}\b", re.IGNORECASE)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
_NUMERIC_DATE_RE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_SEPARATORS = "|/·•–—-"
# Markdown emphasis around a date line or its keyword: "*Published 16 March 2026*",
# "**Updated:** 3 June 2024", "_Published 2 May 2024_" (marks inside words stay).
_EMPHASIS_MARKS_RE = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)")

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_BYLINE_RE = re.compile(
    r"(?:(?:written|reported|reporting|words|story|text)\s+)?by\s+\S"
    r"|(?:photo(?:graph)?s?|image|credit|source|author|editor)s?\s*[:|]",
    re.IGNORECASE,
)
_READING_TIME_RE = re.compile(r"\d+\s*-?\s*min(?:ute)?s?\.?\s+read\b", re.IGNORECASE)
_BOILERPLATE_RE = re.compile(
    r"(?:advertisement|skip to (?:main )?content|listen to (?:this )?(?:article|story)"
    r"|share (?:this )?(?:article|story|on)|sign up|subscribe)\b",
    re.IGNORECASE,
)
_HEADING_MARKS_RE = re.compile(r"^#{1,6}\s+|\s+#+$")  # Markdown "# Title #"
_EMPHASIS_RE = re.compile(r"([*_]{1,3})(\S(?:.*\S)?)\1")  # "**Title**"
_TITLE_LABEL_RE = re.compile(r"^title\s*:\s*", re.IGNORECASE)
_SPACES_RE = re.compile(r"\s+")
_MAX_LINE_CHARS = 400  # longer lines are body text; do not run regexes over them

_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@dataclass(frozen=True, slots=True)
class HeadMetadata:
    title: str | None
    published: date | None


def read_head(text: str, *, max_lines: int = HEAD_LINES) -> HeadMetadata:
    """Title and publication date from the first ``max_lines`` non-empty lines of ``text``."""
    title: str | None = None
    title_done = False
    published: date | None = None
    updated: date | None = None
    for line in _head_lines(text, max_lines):
        found, is_update, rest = _date_line(line)
        if found is not None:
            if is_update:
                updated = updated or found
            else:
                published = published or found
            line = rest  # "date 2021-08-27 Headline words": the rest may be the title
        if not title_done and line:
            candidate = _title_candidate(line)
            if candidate is _BODY_TEXT:
                title_done = True
            elif candidate is not None:
                title, title_done = candidate, True
        if title_done and published is not None:
            break
    return HeadMetadata(title, published or updated)


def parse_date(value: object) -> date | None:
    """A calendar date from a metadata value (ISO 8601 or a written date); None if it is not one.

    Time-zone offsets are kept as written: ``2021-08-27T23:30-04:00`` is 27 August.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = _DATE_RE.search(text)
    return _parse_written_date(match.group(0)) if match else None


def _head_lines(text: str, max_lines: int) -> list[str]:
    lines: list[str] = []
    start = 0
    while len(lines) < max_lines and start < len(text):
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        line = text[start:min(end, start + _MAX_LINE_CHARS + 1)].strip()
        if line:
            lines.append(line)
        start = end + 1
    return lines


def _date_line(line: str) -> tuple[date | None, bool, str]:
    """(date, is an update, rest of the line) when ``line`` is a date line."""
    original = line
    line = _EMPHASIS_MARKS_RE.sub("", line).strip()
    match = _DATE_LINE_RE.match(line)
    if match:
        keyword = (match.group("keyword") or "").lower()
        rest = match.group("rest").strip()
        # Without a keyword the line must be only a date (or a date, then a separator and
        # more metadata): "September 14, 2021 was a turning point" is body text.
        if keyword or not rest or rest[0] in _SEPARATORS:
            found = _parse_written_date(match.group("date"))
            if found is not None:
                return found, "updated" in keyword, rest if keyword else ""
    keyword_match = _KEYWORD_LINE_RE.match(line)
    if keyword_match:
        date_match = _DATE_RE.search(line, keyword_match.end())
        if date_match and date_match.start() - keyword_match.end() <= 40:
            found = _parse_written_date(date_match.group(0))
            if found is not None:
                return found, "updated" in keyword_match.group("keyword").lower(), ""
    return None, False, original


def _parse_written_date(text: str) -> date | None:
    numeric = _NUMERIC_DATE_RE.fullmatch(text)
    if numeric:  # year-month-day only: no day/month order to guess
        try:
            return date(*(int(part) for part in numeric.groups()))
        except ValueError:
            return None
    # "Sept." is common in US news; dateparser knows "Sep".
    cleaned = re.sub(r"\bsept\b", "Sep", text, flags=re.IGNORECASE)
    import dateparser  # here: the Dask engine's client reads no file (it takes 5 MiB)

    parsed = dateparser.parse(cleaned, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


class _BodyText:
    """Marker: the line is body text, so the head has no title line."""


_BODY_TEXT = _BodyText()


def _title_candidate(line: str) -> str | _BodyText | None:
    """The title if ``line`` is one; None to look further; _BODY_TEXT to stop looking."""
    if len(line) > _MAX_LINE_CHARS:
        return _BODY_TEXT
    cleaned = _HEADING_MARKS_RE.sub("", line).strip()
    emphasis = _EMPHASIS_RE.fullmatch(cleaned)
    if emphasis:
        cleaned = emphasis.group(2)
    cleaned = _SPACES_RE.sub(" ", _TITLE_LABEL_RE.sub("", cleaned, count=1))
    words = _WORD_RE.findall(cleaned)
    if len(words) < 3:
        return None  # a masthead, a label, a figure
    if _BYLINE_RE.match(cleaned) and len(words) <= 12:
        return None
    if _READING_TIME_RE.match(cleaned) or _BOILERPLATE_RE.match(cleaned):
        return None
    if not any(ch.islower() for ch in cleaned):
        return None  # an all-caps section label
    if len(words) > MAX_TITLE_WORDS:
        return _BODY_TEXT
    return cleaned
