"""Text that came from the file system but is not Unicode, made safe to write.

Python reads a file name that is not valid UTF-8 with "surrogate escapes": each undecodable
byte becomes a lone surrogate (0xFF -> U+DCFF), so the name still opens the file. Such a
character cannot be written as UTF-8: JSON escapes it (``\\udcff``, which a JSON reader turns
back into the same name), and text meant for a person shows U+FFFD, the replacement character.
"""

from __future__ import annotations

import re

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def has_surrogates(text: str) -> bool:
    return _SURROGATE_RE.search(text) is not None


def for_screen(text: str) -> str:
    """``text`` with each undecodable byte shown as U+FFFD."""
    return _SURROGATE_RE.sub(REPLACEMENT, text) if has_surrogates(text) else text


def escape_in_json(text: str) -> str:
    """JSON text with each lone surrogate written as a ``\\uXXXX`` escape: valid UTF-8 out.

    (Outside strings JSON holds only ASCII, so every surrogate is inside a string.)"""
    if not has_surrogates(text):
        return text
    return _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
