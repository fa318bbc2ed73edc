"""Mojibake repair: ftfy, plus two narrow passes for what ftfy cannot see.

Text that was UTF-8, decoded with a single-byte code page and saved again reads ``Itâ€™s``.
ftfy fixes this when one code page was used; it is asked only about suspect spans (runs of
non-ASCII characters shaped like UTF-8), never about whole texts. Two cases slip through:

* a **lost byte**: Windows-1252 has no character for byte 0x9D, the last byte of ``”``
  (E2 80 9D), so ``”`` often survives only as ``â€``. ftfy reads the space after it as a
  mangled no-break space and makes a dagger (``“hello†and``). Before ftfy, a lone ``â€``
  that closes a quotation left open (by ``“`` or ``"``) in the same paragraph becomes ``”``.
* **mixed code pages** (one code page, with its undefined bytes filled from another): after
  ftfy, runs shaped like UTF-8 (a lead-byte character followed by continuation-byte
  characters) are re-encoded character by character with Windows-1252/-1257 or latin-1 and
  decoded as UTF-8; a run is replaced only if it decodes cleanly and ftfy's own badness
  measure says the result reads better (or, once that proved the code page, no worse).

Everything else (a garbled masthead whose bytes are lost) stays as it is; ``Repaired.places``
counts what changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Protocol

import ftfy
import ftfy.bad_codecs  # registers the "sloppy" code pages of CHARMAP_ENCODINGS
from ftfy.badness import badness
from ftfy.chardata import CHARMAP_ENCODINGS, CONTROL_CHARS, LIGATURES, WIDTH_MAP

# Single-byte code pages that UTF-8 gets mis-decoded through, most common first.
_CODECS: tuple[str, ...] = ("cp1252", "cp1257", "latin-1")
_MIXED_PASSES = 3


def _byte_tables() -> dict[str, dict[str, int]]:
    tables: dict[str, dict[str, int]] = {}
    for codec in _CODECS:
        table: dict[str, int] = {}
        for byte in range(0x80, 0x100):
            try:
                table[bytes([byte]).decode(codec)] = byte
            except UnicodeDecodeError:
                continue
        tables[codec] = table
    return tables


_BYTE_OF: dict[str, dict[str, int]] = _byte_tables()


def _chars(low: int, high: int) -> str:
    found = {ch for table in _BYTE_OF.values() for ch, b in table.items() if low <= b <= high}
    return "".join(sorted(found))


_LEAD_CHARS = _chars(0xC2, 0xF4)  # bytes that start a 2-, 3- or 4-byte UTF-8 sequence
_CONT_CHARS = _chars(0x80, 0xBF)  # continuation bytes
_E2_CHARS = _chars(0xE2, 0xE2)  # lead byte of the General Punctuation block
_80_CHARS = _chars(0x80, 0x80)


def _class(chars: str) -> str:
    return "[" + re.escape(chars) + "]"


_SEQUENCE_START_RE = re.compile(_class(_LEAD_CHARS) + _class(_CONT_CHARS))
_E2_80 = _class(_E2_CHARS) + _class(_80_CHARS)
# Paragraph breaks; double quotes, plain or mis-decoded (“ is E2 80 9C, ” is E2 80 9D); and
# E2 80 whose third byte was lost.
_QUOTE_TOKEN_RE = re.compile(
    r'(?P<para>\n[ \t]*\n)|(?P<straight>")'
    f"|(?P<open>“|{_E2_80}{_class(_chars(0x9C, 0x9C))})"
    f"|(?P<close>”|{_E2_80}{_class(_chars(0x9D, 0x9D))})"
    f"|(?P<lost>{_E2_80})(?!{_class(_CONT_CHARS)})"
)
_LOST_BYTE_RE = re.compile(f"{_E2_80}(?!{_class(_CONT_CHARS)})")


def _ftfy_chars(low: int, high: int) -> str:
    """Characters that bytes ``low``..``high`` become in the code pages ftfy undoes."""
    found = set()
    for codec in CHARMAP_ENCODINGS:
        found.update(bytes([b]).decode(codec, errors="ignore") for b in range(low, high + 1))
    found.discard("")
    return "".join(sorted(found))


# What ftfy's encoding fix needs: a lead byte, then a continuation byte (or the space that
# replaced a no-break space). 0xC0 leads the modified UTF-8 of Java.
_FTFY_PAIR_RE = re.compile(_class(_ftfy_chars(0xC0, 0xF4)) + _class(_ftfy_chars(0x80, 0xBF) + " "))
# A mis-decoded sequence is a run of non-ASCII characters (UTF-8's lead and continuation bytes
# are all over 0x7F), with the space that may stand for a mangled no-break space after it.
_SUSPECT_SPAN_RE = re.compile(r"[^\x00-\x7f]+ ?")
# What ftfy's clean-ups change (besides entities and normalization): its own tables, C1
# controls, terminal escapes and lone surrogates.
_CLEANUP_CHARS_RE = re.compile(
    "[" + re.escape("".join(chr(c) for t in (LIGATURES, WIDTH_MAP, CONTROL_CHARS) for c in t))
    + "\x1b\x80-\x9f\ud800-\udfff]"
)
_C1_RE = re.compile("[\x80-\x9f]")
_ENTITY_RE = re.compile(r"&#?\w{1,32};")
_RUN_RE = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
# Latin, Greek, Cyrillic, Hebrew, Arabic letters; general punctuation; currency signs.
_COMMON_RANGES_RE = re.compile(
    "[\u00a0-\u024f\u0370-\u052f\u0590-\u06ff\u2000-\u206f\u20a0-\u20cf]")

# Quotes stay curly: quote extraction needs them. Line breaks are already "\n".
_ENCODING_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False)
_CLEANUP_CONFIG = _ENCODING_CONFIG._replace(fix_encoding=False)
_CLEANUP_NO_ENTITIES_CONFIG = _CLEANUP_CONFIG._replace(unescape_html=False)
# ftfy's clean-up steps, named for an editor.
_CLEANUP_WORDS = {
    "unescape_html": "HTML entities decoded",
    "remove_terminal_escapes": "terminal escape codes removed",
    "fix_latin_ligatures": "ligatures expanded",
    "fix_character_width": "full-width characters narrowed",
    "fix_surrogates": "surrogate pairs joined",
    "remove_control_chars": "control characters removed",
    "NFC": "Unicode normalized (NFC)",
}


@dataclass(frozen=True, slots=True)
class Repaired:
    text: str
    places: int  # mis-encoded sequences (or runs of them) that were repaired
    notes: tuple[str, ...]  # what changed, in words an editor reads


class KeptRepairs(Protocol):
    """Repairs kept between runs: payloads (``encode_repair``) by key (``repair_key``)."""

    def get_repair(self, key: str) -> bytes | None: ...

    def put_repair(self, key: str, payload: bytes) -> None: ...


class RepairReader(Protocol):
    def get_repair(self, key: str) -> bytes | None: ...

    def close(self) -> None: ...


class RepairStore(KeptRepairs, Protocol):
    """Where repairs are kept (the extraction cache); ``reader`` gives a forked worker its
    own connection to read them through."""

    def reader(self) -> RepairReader: ...


def _clean_at_a_glance(text: str, unescape_html: bool) -> bool:
    """ASCII with nothing ftfy cleans up: nothing to repair, and no need to ask anyone."""
    return text.isascii() and not _CLEANUP_CHARS_RE.search(text) and not (
        unescape_html and _ENTITY_RE.search(text))


@cache
def _repair_code() -> str:
    """This module and ftfy's version: what a kept repair depends on besides its text."""
    return hashlib.sha256(Path(__file__).read_bytes()
                          + ftfy.__version__.encode("ascii")).hexdigest()


def repair_key(text: str, unescape_html: bool) -> str:
    digest = hashlib.sha256(f"{_repair_code()}\0{int(unescape_html)}\0".encode("ascii"))
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def encode_repair(repaired: Repaired, text: str) -> bytes:
    """A repair as kept: the repaired text only when it differs from ``text``."""
    return zlib.compress(json.dumps(
        [None if repaired.text == text else repaired.text, repaired.places,
         list(repaired.notes)], ensure_ascii=False).encode("utf-8", "surrogatepass"), 1)


def decode_repair(payload: bytes, text: str) -> Repaired | None:
    """The kept repair of ``text``, or None when the payload is not one."""
    try:
        fixed, places, notes = json.loads(zlib.decompress(payload).decode("utf-8",
                                                                          "surrogatepass"))
    except (ValueError, TypeError, zlib.error):
        return None
    if not (fixed is None or isinstance(fixed, str)) or type(places) is not int \
            or not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        return None
    return Repaired(text if fixed is None else fixed, places, tuple(notes))


def repair_text(text: str, *, unescape_html: bool = True,
                store: KeptRepairs | None = None) -> Repaired:
    """Repair mojibake in ``text``; offsets into the result are what later stages use.

    ``unescape_html``: let ftfy decode HTML entities in lines without markup (off for HTML,
    whose reader already decoded them, and Markdown, which stays as written).
    ``store``: repairs kept by a hash of the text (with this code and ftfy's version), so a
    text is repaired once, not on every run.
    """
    if _clean_at_a_glance(text, unescape_html):
        return Repaired(text, 0, ())
    if store is None:
        return _repair(text, unescape_html)
    key = repair_key(text, unescape_html)
    payload = store.get_repair(key)
    kept = decode_repair(payload, text) if payload is not None else None
    if kept is not None:
        return kept
    repaired = _repair(text, unescape_html)
    store.put_repair(key, encode_repair(repaired, text))
    return repaired


def _repair(text: str, unescape_html: bool) -> Repaired:
    text, lost_places = _close_quotes_with_lost_byte(text)
    text, ftfy_places = _fix_encoding_with_ftfy(text)
    text, c1_places, cleanups = _clean_up_with_ftfy(text, unescape_html=unescape_html)
    known_mis_decoded = bool(lost_places or ftfy_places)
    mixed_places = 0
    # Again while it helps: a run decoded gives its neighbours a clean context to be judged in.
    for _ in range(_MIXED_PASSES):
        text, decoded = _decode_mixed_codepage_runs(text, known_mis_decoded=known_mis_decoded)
        if not decoded:
            break
        mixed_places += decoded
        known_mis_decoded = True
    places = lost_places + ftfy_places + c1_places + mixed_places
    notes: list[str] = []
    if places:
        where = "1 place" if places == 1 else f"{places} places"
        notes.append(f"repaired mis-encoded text (mojibake) in {where} with ftfy")
    if cleanups:
        notes.append("cleaned text with ftfy: " + ", ".join(sorted(cleanups)))
    return Repaired(text, places, tuple(notes))


def _close_quotes_with_lost_byte(text: str) -> tuple[str, int]:
    if not _LOST_BYTE_RE.search(text):
        return text, 0
    pieces: list[str] = []
    pos = 0
    replaced = 0
    quote_open = False
    for match in _QUOTE_TOKEN_RE.finditer(text):
        if match.group("para") is not None:
            quote_open = False
        elif match.group("open") is not None:
            quote_open = True
        elif match.group("close") is not None:
            quote_open = False
        elif match.group("straight") is not None:  # pull quotes open with " and close with ”
            quote_open = not quote_open
        elif quote_open:  # E2 80 with its third byte lost, closing an open quotation
            pieces.append(text[pos:match.start()])
            pieces.append("”")
            pos = match.end()
            replaced += 1
            quote_open = False
    if not replaced:
        return text, 0
    pieces.append(text[pos:])
    return "".join(pieces), replaced


def _fix_encoding_with_ftfy(text: str) -> tuple[str, int]:
    """ftfy asked only about suspect spans, each on its own (so one bad stretch does not decide
    for the others): runs of non-ASCII characters holding a UTF-8-shaped pair."""
    pieces: list[str] = []
    pos = places = 0
    for match in _SUSPECT_SPAN_RE.finditer(text):
        span = match.group(0)
        if not _FTFY_PAIR_RE.search(span):
            continue
        fixed, _ = ftfy.fix_encoding_and_explain(span, _ENCODING_CONFIG)
        if fixed != span:
            pieces += [text[pos:match.start()], fixed]
            pos = match.end()
            places += _changed_places(span, fixed)
    if not pieces:
        return text, 0
    pieces.append(text[pos:])
    return "".join(pieces), places


def _clean_up_with_ftfy(text: str, *, unescape_html: bool) -> tuple[str, int, set[str]]:
    """ftfy's character clean-ups; returns the text, C1 controls fixed, and what was done."""
    if not (_CLEANUP_CHARS_RE.search(text) or (unescape_html and _ENTITY_RE.search(text))
            or not unicodedata.is_normalized("NFC", text)):
        return text, 0, set()
    config = _CLEANUP_CONFIG if unescape_html else _CLEANUP_NO_ENTITIES_CONFIG
    fixed, steps = ftfy.fix_and_explain(text, config)
    if fixed == text:
        return text, 0, set()
    names = {name for _, name in steps or ()}
    # C1 controls are Windows-1252 bytes read as latin-1: mis-decoding, not a clean-up.
    c1_fixed = len(_C1_RE.findall(text)) - len(_C1_RE.findall(fixed))
    return fixed, max(c1_fixed, 0), {_CLEANUP_WORDS[n] for n in names if n in _CLEANUP_WORDS}


def _changed_places(before: str, after: str) -> int:
    """How many separate stretches differ (runs of ASCII and non-ASCII are the units)."""
    old, new = _RUN_RE.findall(before), _RUN_RE.findall(after)
    if len(old) == len(new):  # the usual case: each garbled run became one character
        changed = [a for a, b in zip(old, new, strict=True) if a != b]
        # An ASCII run changes only beside a garbled one (a space taken for a mangled
        # no-break space); count it alone only when nothing else changed (entities).
        return sum(1 for a in changed if not a.isascii()) or len(changed)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return sum(1 for tag, *_ in matcher.get_opcodes() if tag != "equal")


def _decode_mixed_codepage_runs(text: str, *, known_mis_decoded: bool) -> tuple[str, int]:
    candidates: list[_Candidate] = []
    search = _SEQUENCE_START_RE.search
    match = search(text)
    while match:
        candidate = _candidate_at(text, match.start())
        if candidate is None:
            match = search(text, match.start() + 1)
            continue
        candidates.append(candidate)
        match = search(text, candidate.end)
    # A run that reads better once decoded proves the text went through that code page (as
    # does mojibake ftfy fixed); then runs that read no worse are mis-decoded too ("SĆ£o" is
    # "São"), if they decode to a letter or punctuation of a common script.
    proven = set().union(*(c.codecs for c in candidates if c.improves))
    accepted = [c for c in candidates
                if c.improves or ((known_mis_decoded or c.codecs & proven)
                                  and _COMMON_RANGES_RE.match(c.fixed))]
    if not accepted:
        return text, 0
    pieces: list[str] = []
    pos = 0
    for candidate in accepted:
        pieces.append(text[pos:candidate.start])
        pieces.append(candidate.fixed)
        pos = candidate.end
    pieces.append(text[pos:])
    return "".join(pieces), len(accepted)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    fixed: str
    codecs: frozenset[str]  # the code pages whose mis-decoding this undoes
    improves: bool  # ftfy's badness measure drops


def _candidate_at(text: str, start: int) -> _Candidate | None:
    """The character a UTF-8-shaped run at ``start`` stands for, unless decoding worsens it.

    Of the code pages that decode it, the result that reads best (the first on a tie).
    """
    options: dict[tuple[str, int], tuple[int, set[str]]] = {}  # (fixed, end) -> badness, codecs
    for codec in _CODECS:
        lead = _BYTE_OF[codec].get(text[start])
        if lead is None or not 0xC2 <= lead <= 0xF4:
            continue
        end = start + (2 if lead < 0xE0 else 3 if lead < 0xF0 else 4)
        if end > len(text):
            continue
        fixed = _decode_sequence(text[start:end], codec)
        if fixed is None:
            continue
        if (fixed, end) in options:
            options[fixed, end][1].add(codec)
            continue
        after = badness(text[max(start - 1, 0):start] + fixed + text[end:end + 1])
        options[fixed, end] = (after, {codec})
    if not options:
        return None
    (fixed, end), (after, codecs) = min(options.items(), key=lambda item: item[1][0])
    before = badness(text[max(start - 1, 0):end + 1])
    if after > before:
        return None
    return _Candidate(start, end, fixed, frozenset(codecs), after < before)


def _decode_sequence(chars: str, primary: str) -> str | None:
    """Decode characters as the UTF-8 bytes they were mis-read from; None if they are not.

    The lead character is read in ``primary``; each continuation character in the first code
    page, ``primary`` first, where it is a continuation byte: a mixed mis-decoding filled the
    gaps of one code page from another ("š" is 0xF0 in Windows-1257 but 0x9A in -1252).
    """
    order = (primary, *(c for c in _CODECS if c != primary))
    raw = bytearray([_BYTE_OF[primary][chars[0]]])
    for ch in chars[1:]:
        byte = next((b for c in order if 0x80 <= (b := _BYTE_OF[c].get(ch, 0)) <= 0xBF), None)
        if byte is None:
            return None
        raw.append(byte)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # One visible character: controls, format and private-use characters are no repair.
    if len(decoded) != 1 or unicodedata.category(decoded).startswith("C"):
        return None
    return decoded
