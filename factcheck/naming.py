"""How an editor reads a source's name: a short key (S1, S2 … in the order of the run's
documents, as the HTML report numbers them) and its title — never a 20-character file id."""

from __future__ import annotations

import os
from collections.abc import Iterable

from factcheck.model import Document

TITLE_WIDTH = 32  # characters of a title shown in a message


def source_keys(ids: Iterable[str]) -> dict[str, str]:
    """``{id: "S1", …}`` in the order given (the run's documents are sorted by id)."""
    return {source: f"S{number}" for number, source in enumerate(ids, start=1)}


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut at a word with an ellipsis when longer than ``width``."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if " " in cut[width // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


def source_name(key: str, doc: Document | None) -> str:
    """'S2 “Floods hit the valley”'; a document without a title is named by its file."""
    if doc is None:
        return key
    if doc.title:
        return f"{key} “{shorten(doc.title, TITLE_WIDTH)}”"
    return f"{key} ({shorten(os.path.basename(doc.path) or doc.id, TITLE_WIDTH)})"
