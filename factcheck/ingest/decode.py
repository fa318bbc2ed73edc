"""Bytes to text: byte-order marks, strict UTF-8, then legacy single-byte encodings.

Mis-encoded text that decodes fine (UTF-8 read as Windows-1252 and saved again) is not this
module's business: ``repair`` fixes it afterwards.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# How much of the start of a file the binary checks look at.
SNIFF_CHARS = 8192
# Share of control characters above which decoded "text" is taken for binary data. Random bytes
# give about 11 %; text with stray escape codes stays well under 1 %.
MAX_CONTROL_SHARE = 0.05
# Share of UTF-16 code units with a zero high byte for a file without a byte-order mark to be
# read as UTF-16: ASCII letters, digits, spaces and punctuation all have one.
UTF16_MIN_ZERO_SHARE = 0.3

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# C0 controls that do not occur in text (tab, line feed, form feed, carriage return and
# vertical tab do). Not C1: legacy encodings map those bytes to printable characters.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAK_RE = re.compile(r"\r\n?")
_UTF8_NAMES = frozenset({"utf-8", "ascii"})


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec that read the bytes: "utf-8", "utf-16-le", "cp1252", ...
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NotText:
    reason: str  # "empty file" or "binary file"


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded | NotText:
    """Decode a file's bytes; never raises.

    Order: byte-order mark; strict UTF-8; the encoding the document declares (an HTML
    ``charset``), if it reads the bytes strictly; Windows-1252; latin-1 (reads anything).
    Line breaks become ``\\n`` (line numbers stay those of the file).
    """
    if not data:
        return NotText("empty file")
    decoded = _decode_with_bom(data)
    if decoded is None and b"\x00" in data[:SNIFF_CHARS]:
        decoded = _utf16_without_bom(data)
        if decoded is None:
            return NotText("binary file")
    if decoded is None:
        decoded = _decode_without_bom(data, declared)
    head = decoded.text[:SNIFF_CHARS]
    if head and len(_CONTROL_RE.findall(head)) > MAX_CONTROL_SHARE * len(head):
        return NotText("binary file")
    if not decoded.text.strip():
        return NotText("empty file")
    return Decoded(normalize_line_breaks(decoded.text), decoded.encoding, decoded.notes)


def normalize_line_breaks(text: str) -> str:
    """``\r\n`` and ``\r`` become ``\n``: line numbers stay those an editor shows."""
    return _LINE_BREAK_RE.sub("\n", text) if "\r" in text else text


def _decode_with_bom(data: bytes) -> Decoded | None:
    for bom, codec, label in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            return Decoded(data.decode(codec), label)
        except UnicodeDecodeError:
            if codec == "utf-32":  # FF FE 00 00 is also a UTF-16 mark followed by U+0000
                continue
            if codec == "utf-8-sig":  # a stray mark on legacy text: read it without the mark
                return _decode_without_bom(data[len(bom):], None)
            text = data.decode(codec, errors="replace")
            bad = text.count("\ufffd")
            return Decoded(text, label, (f"{bad} undecodable {label} sequences replaced",))
    return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text saved without a byte-order mark, told by its zero bytes: text in a Latin
    script has a zero in one byte of most pairs (the high byte of ASCII letters, spaces and
    punctuation) and almost never in the other. Binary data has zeros in both, or decodes
    to control characters (checked by the caller)."""
    if len(data) % 2:
        return None
    sample = data[:SNIFF_CHARS - SNIFF_CHARS % 2]
    pairs = len(sample) // 2
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    for label, high_zeros, low_zeros in (("utf-16-le", odd_zeros, even_zeros),
                                         ("utf-16-be", even_zeros, odd_zeros)):
        if high_zeros >= UTF16_MIN_ZERO_SHARE * pairs and low_zeros <= 0.01 * pairs:
            try:
                text = data.decode(label)
            except UnicodeDecodeError:
                return None
            return Decoded(text, label, (f"no byte-order mark: read as {label.upper()} "
                                         "from the pattern of its zero bytes",))
    return None


def _decode_without_bom(data: bytes, declared: str | None) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared_codec = _known_codec(declared)
    if declared_codec and declared_codec not in _UTF8_NAMES:
        try:
            return Decoded(data.decode(declared_codec), declared_codec)
        except (UnicodeDecodeError, LookupError):  # LookupError: rot13, base64, not text codecs
            pass
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")


def _known_codec(name: str | None) -> str | None:
    """The canonical name of a text codec Python knows, else None."""
    if not name:
        return None
    try:
        canonical = codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        return None
    # UTF-16/32 without a mark would read an ASCII file as CJK.
    return None if canonical.startswith(("utf-16", "utf-32")) else canonical
