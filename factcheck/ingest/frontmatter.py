"""YAML front matter of a Markdown file: metadata (title, date, URL), never article text.

``front_matter(text)`` gives the block's mapping and where the body starts; ``read_front_matter``
the metadata a Document takes from it; ``blank_front_matter`` the text with the block's
characters turned into spaces (line breaks kept), so nothing in it becomes a fact while the
offsets and line numbers of the body stay those of the file.

The block is read with a safe loader that refuses aliases, and only up to a size limit: a
few hundred bytes of nested aliases ("billion laughs") must not cost gigabytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from factcheck.ingest.head import parse_date
from factcheck.yamlsafe import NoAliasLoader

# Longest front matter read, in characters; past it the block is skipped (with a problem).
MAX_FRONT_MATTER_CHARS = 64_000
_END_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_NOT_LINE_BREAK_RE = re.compile(r"[^\n]")


@dataclass(slots=True)
class FrontMatter:
    body_start: int  # offset of the first character after the front matter
    title: str | None = None
    published: date | None = None
    problem: str | None = None  # why (part of) the front matter could not be used
    url: str | None = None
    data: dict[str, Any] = field(default_factory=dict)  # the whole mapping, as read


def front_matter(text: str) -> tuple[dict[str, Any], int]:
    """The front matter's mapping (empty if there is none or it cannot be read) and the offset
    of the body: 0 without front matter."""
    found = read_front_matter(text)
    return ({}, 0) if found is None else (found.data, found.body_start)


def read_front_matter(text: str) -> FrontMatter | None:
    """YAML front matter (``---`` … ``---``) at the top of a Markdown file, if there is one."""
    if not text.startswith("---"):
        return None
    first_end = text.find("\n")
    if first_end == -1 or text[3:first_end].strip():
        return None
    match = _END_RE.search(text, first_end + 1)
    if match is None:
        return None
    body_start = match.end() + 1 if match.end() < len(text) else match.end()
    block = text[first_end + 1:match.start()]
    if len(block) > MAX_FRONT_MATTER_CHARS:  # bounds the work of the YAML parser
        return FrontMatter(body_start, problem=f"front matter not read: longer than "
                                               f"{MAX_FRONT_MATTER_CHARS:,} characters")
    try:
        data = yaml.load(block, Loader=NoAliasLoader)  # a SafeLoader without aliases
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None) or ""
        if "aliases" not in problem:
            problem = "not valid YAML"
        return FrontMatter(body_start, problem=f"front matter not read: {problem}{where}")
    except RecursionError:
        return FrontMatter(body_start, problem="front matter not read: nested too deeply")
    if not isinstance(data, dict):
        return FrontMatter(body_start)
    title = data.get("title")
    raw_date = next((data[key] for key in ("date", "published") if key in data), None)
    published = parse_date(raw_date) if raw_date is not None else None
    problem = None
    if raw_date is not None and published is None:
        problem = f"front matter date is not a date: {_short(raw_date)!r}"
    clean_title = title.strip() if isinstance(title, str) else ""
    url = data.get("url")
    clean_url = url.strip() if isinstance(url, str) and url.strip() else None
    return FrontMatter(body_start, clean_title or None, published, problem, clean_url, data)


def blank_front_matter(text: str, body_start: int) -> str:
    """``text`` with everything before ``body_start`` but line breaks turned into spaces."""
    if body_start <= 0:
        return text
    return _NOT_LINE_BREAK_RE.sub(" ", text[:body_start]) + text[body_start:]


def _short(value: object) -> str:
    # Without aliases, the value is no bigger than the block; still, never print a whole one.
    return value[:60] if isinstance(value, str) else type(value).__name__
