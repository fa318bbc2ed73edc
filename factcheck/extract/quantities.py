"""Figures in prose: numbers with their qualifiers, turned into intervals.

    find_quantities(text, table=None) -> list[Quantity]   (sorted by start)

One compiled regular expression finds the candidate figures in a single pass: digits
("2,000", "3.5 million", "$3m", "3bn"), spelled-out numbers ("two hundred and fifty",
"twenty-five", "half a million"), fixed phrases ("a pair of") and vague amounts ("dozens of").
Cheap checks on the characters around each candidate drop what is not an amount: dates, times,
years, ordinals, digits glued inside words or codes (COVID-19, B2B, G7), labels (Boeing 737,
page 5), phone-like runs, and "one" used as a pronoun. Adjacent figures join into ranges
("2,000 to 3,000", "between 2 and 3 million", "six to 12 months"); a look-back finds the
qualifier, a look-ahead the unit or the counted noun. quantulum3 only ever sees a short span
after a figure whose next word is a known unit (it is far too slow for whole texts).

Number formats, kept simple on purpose: "1,000" is a thousand; a dot is a decimal point
("1.000" is 1.0) unless dots group digits in threes at least twice ("1.000.000", European);
a space is never a thousands separator ("2 000 000" reads as a phone-like run and is skipped).
"""

from __future__ import annotations

import heapq
import re
import sys
import types
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from factcheck.extract.patterns import NOTHING, trie
from factcheck.model import Quantity

QUALIFIERS = ("exact", "at-least", "more-than", "at-most", "less-than", "about", "nearly",
              "range", "vague")
_STATED = ("exact", "range", "vague")  # qualifiers that leave the stated interval as it is
_TOP_KEYS = ("before", "after", "tolerance", "vague", "numbers", "scale_abbreviations",
             "currency", "units", "change_verbs")

# --- general English, not domain data -------------------------------------------------------

# Function words and common verbs: a counted noun never starts with, nor runs through, these.
_STOP_WORDS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "its", "it", "their", "his", "her", "our",
    "my", "your", "whose", "which", "who", "whom", "what", "of", "in", "on", "at", "to", "from",
    "by", "with", "without", "for", "into", "onto", "over", "under", "after", "before", "during",
    "since", "until", "till", "across", "against", "among", "amid", "between", "through",
    "throughout", "per", "about", "around", "near", "as", "via", "within", "upon", "along",
    "toward", "towards", "beyond", "behind", "beside", "versus", "vs", "and", "or", "but", "nor",
    "so", "yet", "than", "if", "when", "while", "where", "whether", "because", "although",
    "though", "unless", "whereas", "how", "why", "there", "here", "then", "now", "is", "are",
    "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does",
    "did", "will", "would", "could", "should", "can", "may", "might", "must", "shall", "not", "no",
    "also", "most", "less", "least", "another", "each", "every", "all", "some", "any", "both",
    "either", "neither", "such", "only", "just", "even", "still", "already", "again", "ago",
    "later", "earlier", "too", "very", "they", "them", "he", "she", "we", "you", "i", "him",
    "me", "itself", "themselves", "said", "says", "say", "told", "according", "including", "like",
    "out", "up", "down", "off", "away", "back", "last", "next", "first", "second", "apiece",
    "overnight", "today", "tonight", "yesterday", "tomorrow", "altogether", "together",
    "respectively", "instead", "however", "therefore", "meanwhile", "afterwards", "alone"})
# After a participle, these make it a verb with an object: "2,000 fled their homes".
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their",
                          "his", "her", "our", "my", "your", "them", "him", "it", "us"})
# Skipped between a figure and its counted noun: "40 more people", "12 other victims".
_SKIP_MODIFIERS = frozenset({"more", "other", "additional", "further", "extra"})
# Nouns ending in -ly, which otherwise reads as an adverb ("40 reportedly died").
_LY_NOUNS = frozenset({"family", "ally", "assembly", "supply", "rally", "anomaly", "monopoly",
                       "bully", "belly", "lily", "fly", "italy"})
# Plural nouns without a final -s, and collective nouns counted as plurals.
_IRREGULAR_PLURALS = frozenset({
    "people", "men", "women", "children", "police", "personnel", "staff", "crew", "cattle",
    "livestock", "sheep", "deer", "fish", "aircraft", "feet", "teeth", "geese", "mice",
    "servicemen", "servicewomen", "firemen", "policemen", "policewomen", "gentlemen", "folk",
    "youth", "offspring", "clergy", "militia", "infantry"})
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "'s", "’s")
_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec"})
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
                       "sat", "sun"})
_SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter"})
# Words before a 4-digit figure that make it a year: "in 2013", "since 2018", "the 2021 vote".
_YEAR_CONTEXT = frozenset({
    "in", "since", "until", "till", "by", "from", "to", "during", "before", "after",
    "year", "years", "early", "late", "mid", "the", "a", "an", "this", "that", "its", "their",
    "his", "her", "our", "my", "your", "circa", "c.", "ca.", "between", "and", "through",
    "around", "about", "season", "class", "fiscal", "fy", "spring", "summer", "autumn", "fall",
    "winter", "for"} | _MONTHS)
# Words before a figure that make it a label, not an amount: "page 5", "No. 10", "level 4".
_LABEL_WORDS = frozenset({
    "number", "no.", "nos.", "nr.", "#", "page", "pages", "p.", "pp.", "chapter", "section",
    "article", "paragraph", "clause", "item", "phase", "stage", "level", "category", "step",
    "room", "route", "flight", "gate", "platform", "grade", "round", "game", "episode",
    "version", "model", "exhibit", "table", "figure", "fig.", "vol.", "volume", "part", "act",
    "channel", "highway", "interstate", "terminal", "unit", "ward", "district", "zone", "lane",
    "row", "seat", "box", "suite", "apartment", "apt.", "floor", "line", "bus", "track",
    "code", "id", "serial", "tier", "division", "league", "match", "week", "day", "stanza",
    "verse", "psalm", "rule", "resolution", "amendment", "bill", "order", "file", "case",
    "sector", "block", "plot", "lot", "building", "precinct", "station", "camp", "base"})
# Words in front of "one" that make it a pronoun or an idiom: "no one", "the one who", "at
# one point".
_ONE_PRONOUN_BEFORE = frozenset({"at", "no", "the", "this", "that", "any", "every", "each", "which",
                                 "someone", "anyone", "everyone", "such", "another", "only",
                                 "last", "next", "other", "little", "right", "wrong", "big"})
_FRACTION_WORDS = frozenset({"half", "halves", "third", "thirds", "quarter", "quarters",
                             "fourth", "fourths", "fifth", "fifths", "sixth", "sixths",
                             "tenth", "tenths", "hundredth", "hundredths"})
_TIME_AFTER = re.compile(
    r"[ \t\u00a0]*(?:[ap]\.m\b\.?|[ap]m\b|o'clock|o’clock|(?:GMT|UTC|BST|CET|CEST|EST|EDT|"
    r"CST|CDT|PST|PDT|IST|JST|AEST|local time)\b)", re.IGNORECASE)
_WORD_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_HYPHEN_WORD = re.compile(r"-([^\W\d_]+(?:-[^\W\d_]+)*)")
_LETTERS = re.compile(r"[^\W\d_]+")
_SPACES = " \t\u00a0\u2009\u202f"
# Characters that glue a figure to a word or another figure (sets: "" is in every string).
_GLUE_BEFORE = frozenset("_/:,.'’#")
_GLUE_AFTER = frozenset("/:")
_DECIMAL_MARKS = frozenset(".,")
_MINUS = frozenset("-−")
_LIST_MARKS = frozenset(".)")
_ROUND = 6  # decimals kept in interval bounds: hides float noise (198.00000000000003)


# --- the table -------------------------------------------------------------------------------

@dataclass(frozen=True)
class QualifierTable:
    """The words that qualify, scale and count figures; built from ``rules/qualifiers.yaml``."""

    before: tuple[tuple[str, str], ...] = ()  # (phrase, qualifier), in front of the figure
    after: tuple[tuple[str, str], ...] = ()  # (phrase, qualifier), right after it
    about_tolerance: float = 0.10
    nearly_tolerance: float = 0.10
    vague: tuple[tuple[str, float, float], ...] = ()  # (phrase, low, high)
    ones: tuple[tuple[str, float], ...] = ()  # zero .. nineteen
    tens: tuple[tuple[str, float], ...] = ()  # twenty .. ninety
    multipliers: tuple[tuple[str, float], ...] = ()  # dozen, hundred, thousand, million …
    phrases: tuple[tuple[str, float], ...] = ()  # "a pair of" -> 2
    scale_abbreviations: tuple[tuple[str, float], ...] = ()  # "bn" -> 1e9
    currency_prefixes: tuple[str, ...] = ()
    currency_scale_abbreviations: tuple[tuple[str, float], ...] = ()  # "$3m": "m" -> 1e6
    units: tuple[str, ...] = ()
    change_verbs: tuple[str, ...] = ()
    _compiled: _Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", _Compiled(self))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> QualifierTable:
        """Build and validate a table; a mistake raises ``ValueError("key: what is wrong")``."""
        if not isinstance(data, Mapping):
            raise ValueError("qualifiers: expected a mapping at the top level")
        unknown = sorted(set(data) - set(_TOP_KEYS))
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown key (expected one of {', '.join(_TOP_KEYS)})")
        tolerance = _mapping(data.get("tolerance", {}), "tolerance")
        for key in tolerance:
            if key not in ("about", "nearly"):
                raise ValueError(f"tolerance.{key}: unknown key (expected about or nearly)")
        numbers = _mapping(data.get("numbers", {}), "numbers")
        for key in numbers:
            if key not in ("ones", "tens", "multipliers", "phrases"):
                raise ValueError(f"numbers.{key}: unknown key "
                                 "(expected ones, tens, multipliers or phrases)")
        currency = _mapping(data.get("currency", {}), "currency")
        for key in currency:
            if key not in ("prefixes", "scale_abbreviations"):
                raise ValueError(f"currency.{key}: unknown key "
                                 "(expected prefixes or scale_abbreviations)")
        return cls(
            before=_phrase_table(data.get("before", {}), "before"),
            after=_phrase_table(data.get("after", {}), "after"),
            about_tolerance=_tolerance(tolerance.get("about", 0.10), "tolerance.about"),
            nearly_tolerance=_tolerance(tolerance.get("nearly", 0.10), "tolerance.nearly"),
            vague=_vague_table(data.get("vague", {})),
            ones=_number_table(numbers.get("ones", {}), "numbers.ones"),
            tens=_number_table(numbers.get("tens", {}), "numbers.tens"),
            multipliers=_number_table(numbers.get("multipliers", {}), "numbers.multipliers"),
            phrases=_number_table(numbers.get("phrases", {}), "numbers.phrases"),
            scale_abbreviations=_number_table(data.get("scale_abbreviations", {}),
                                              "scale_abbreviations"),
            currency_prefixes=_strings(currency.get("prefixes", []), "currency.prefixes",
                                       lower=False),
            currency_scale_abbreviations=_number_table(
                currency.get("scale_abbreviations", {}), "currency.scale_abbreviations"),
            units=_strings(data.get("units", []), "units"),
            change_verbs=_strings(data.get("change_verbs", []), "change_verbs"),
        )

    @classmethod
    def builtin(cls) -> QualifierTable:
        """The table in the built-in ``rules/qualifiers.yaml`` (read once per process)."""
        return _builtin_table()


@cache
def _builtin_table() -> QualifierTable:
    source = Path(__file__).resolve().parents[2] / "rules" / "qualifiers.yaml"
    if source.is_file():
        text = source.read_text(encoding="utf-8")
        where = str(source)
    else:  # installed wheel: rules/ is packaged as factcheck/_builtin_rules
        packaged = resources.files("factcheck") / "_builtin_rules" / "qualifiers.yaml"
        text = packaged.read_text(encoding="utf-8")
        where = str(packaged)
    try:
        data = yaml.safe_load(text) or {}
        return QualifierTable.from_mapping(data)
    except (yaml.YAMLError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from None


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{key}: expected a mapping")
    return value


def _strings(value: Any, key: str, lower: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{key}: expected a list of non-empty strings")
    return tuple(" ".join((v.lower() if lower else v).split()) for v in value)


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key}: expected a number, got {value!r}")
    return float(value)


def _phrase_table(value: Any, key: str) -> tuple[tuple[str, str], ...]:
    rows: list[tuple[str, str]] = []
    for qualifier, phrases in _mapping(value, key).items():
        if qualifier not in QUALIFIERS or qualifier in ("range", "vague"):
            allowed = ", ".join(q for q in QUALIFIERS if q not in ("range", "vague"))
            raise ValueError(f"{key}.{qualifier}: unknown qualifier (expected one of {allowed})")
        rows.extend((p, qualifier) for p in _strings(phrases, f"{key}.{qualifier}"))
    return tuple(rows)


def _tolerance(value: Any, key: str) -> float:
    number = _number(value, key)
    if not 0 <= number < 1:
        raise ValueError(f"{key}: expected a fraction from 0 up to 1, got {value!r}")
    return number


def _vague_table(value: Any) -> tuple[tuple[str, float, float], ...]:
    rows: list[tuple[str, float, float]] = []
    for phrase, bounds in _mapping(value, "vague").items():
        key = f"vague.{phrase}"
        if not isinstance(phrase, str) or not phrase.strip():
            raise ValueError(f"{key}: expected a phrase")
        if not isinstance(bounds, list) or len(bounds) != 2:
            raise ValueError(f"{key}: expected [low, high]")
        low, high = _number(bounds[0], key), _number(bounds[1], key)
        if low > high:
            raise ValueError(f"{key}: low {bounds[0]} is above high {bounds[1]}")
        rows.append((" ".join(phrase.lower().split()), low, high))
    return tuple(rows)


def _number_table(value: Any, key: str) -> tuple[tuple[str, float], ...]:
    rows: list[tuple[str, float]] = []
    for word, number in _mapping(value, key).items():
        if not isinstance(word, str) or not word.strip():
            raise ValueError(f"{key}: expected words as keys, got {word!r}")
        rows.append((" ".join(word.lower().split()), _number(number, f"{key}.{word}")))
    return tuple(rows)


# --- compiled patterns -----------------------------------------------------------------------

def _alternation(phrases: object, ignorecase: bool = True) -> str:
    """A regex alternation of phrases, longest first; spaces match any run of blanks.

    Written as a prefix tree (one branch per letter, not one per phrase at every position)
    when that matches the same: it does unless two of the letters are one under
    ``re.IGNORECASE``, which only letters outside a-z with a case can be ("µ", "μ").
    """
    items = sorted({str(p) for p in phrases}, key=len, reverse=True)  # type: ignore[attr-defined]
    if not items:
        return NOTHING
    if not ignorecase or all("a" <= ch <= "z" or ch.lower() == ch.upper()
                             for item in items for ch in item):
        return trie(items, space=r"\s+")
    return "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in items)


def _cased_trie(phrases: object) -> str:
    """The phrases in their usual cases as a prefix tree; a space matches any blanks."""
    return trie(_case_variants(phrases), space=r"\s+")


def _case_variants(phrases: object) -> set[str]:
    """Each phrase in lower case, with a capital first letter, and in capitals."""
    out: set[str] = set()
    for phrase in phrases:  # type: ignore[attr-defined]
        out.update((phrase, phrase[:1].upper() + phrase[1:], phrase.upper()))
    return out


class _Compiled:
    """The table's regular expressions and lookups, built once per table."""

    def __init__(self, table: QualifierTable) -> None:
        self.about_tolerance = table.about_tolerance
        self.nearly_tolerance = table.nearly_tolerance
        self.before_qualifier = dict(table.before)
        self.after_qualifier = dict(table.after)
        self.ones = dict(table.ones)
        self.tens = dict(table.tens)
        self.multipliers = dict(table.multipliers)
        self.phrases = dict(table.phrases)
        self.vague = {p: (lo, hi) for p, lo, hi in table.vague}
        self.scales = dict(table.scale_abbreviations)
        self.currency_scales = dict(table.currency_scale_abbreviations)
        self.change_verbs = frozenset(table.change_verbs)
        number_words = {*self.ones, *self.tens, *self.multipliers}
        self.number_words = frozenset(number_words)
        word = rf"(?:{_alternation(number_words)})"
        multiplier = rf"(?:{_alternation(self.multipliers)})"
        # The candidate pass is case-sensitive over spelled-out case variants: IGNORECASE
        # makes Python's regex engine try every alternative at every word, 6x slower.
        # Phrases are written as tries ("t(?:en|hree|wo)") so that each position costs a
        # character test or two, not one test per phrase.
        cased_word = rf"(?:{_cased_trie(number_words)})"
        cased_multiplier = rf"(?:{_cased_trie(self.multipliers)})"
        # Figures in digits and numbers in words are two patterns, each opening with what a scan
        # looks for (a digit, "+" or "("; a letter at a word's start). Their matches never
        # overlap: they are merged by where they start.
        self.digit_candidates = re.compile(
            r"(?=[\d+(])(?:"
            r"(?P<european>\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?)(?![\d./-])"
            # runs of 3+ digit groups: phone numbers, dates (2021-08-27, 14/09/2021)
            r"|(?P<run>\+?\(?\d{1,4}\)?(?:[ ./-]\(?\d{2,4}\)?){2,})"
            r"|(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)"
            r"|(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))")
        self.word_candidates = re.compile(
            r"\b(?=[^\W\d_])(?:"
            rf"(?P<vague>{_cased_trie(self.vague)})\b"
            rf"|(?P<phrase>{_cased_trie(self.phrases)})\b"
            rf"|(?P<words>(?:(?:(?:[Hh]alf|HALF)[ \t]+)?[Aa][ \t]+(?={cased_multiplier}\b))?"
            rf"{cased_word}(?:(?:[ \t]*-[ \t]*|[ \t]+)(?:(?:and|AND)[ \t]+)?"
            rf"(?:(?:a|A)[ \t]+(?:half|HALF)\b|{cased_word}))*)\b)")
        self.number_word_token = re.compile(rf"\b(?:a[ \t]+half|and|half|a|{word})\b",
                                            re.IGNORECASE)
        self.scale_after = re.compile(
            rf"[ \t\u00a0]+(?P<word>{multiplier})\b"
            rf"|[ \t\u00a0]*(?P<abbr>{_alternation(self.scales)})\b",
            re.IGNORECASE)
        self.multiplier_after = re.compile(rf"[ \t\u00a0]+(?P<word>{multiplier})\b",
                                           re.IGNORECASE)
        self.before = re.compile(
            rf"(?<![\w])(?P<phrase>{_alternation(self.before_qualifier)})[ \t\u00a0]*\Z",
            re.IGNORECASE)
        self.after = re.compile(
            rf"(?:[ \t\u00a0]*|-)(?P<phrase>{_alternation(self.after_qualifier)})(?![\w+])",
            re.IGNORECASE)
        signs = _alternation(table.currency_prefixes, ignorecase=False)
        self.currency = re.compile(rf"(?<![^\W\d_])(?P<sign>{signs})[ \t\u00a0]?\Z")
        self.unit = re.compile(
            rf"[ \t\u00a0]?(?P<unit>{_alternation(table.units)})(?![^\W\d_])", re.IGNORECASE)
        self.glued_units = frozenset(u for u in table.units if u.isalpha())


# --- atoms: single figures -------------------------------------------------------------------

@dataclass(slots=True)
class _Atom:
    start: int  # first character, currency sign included
    num_start: int  # first character of the number itself
    end: int  # after the number and its scale word
    low: float
    high: float
    kind: str  # digits | words | phrase | vague
    raw: float  # the number before its scale word ("3" in "3 million")
    scale: float  # 1.0 without a scale word
    plain_integer: bool  # bare digits, no separator, decimal or scale: may be a year
    currency: str | None = None
    takes_of: bool = False  # vague words that may take "of": "dozens of people"
    bare_one: bool = False  # the single word "one": a pronoun unless a noun follows


def _starts_sentence(text: str, pos: int) -> bool:
    """True when only spaces, quotes or brackets stand between ``pos`` and a sentence break."""
    i = pos
    while i > 0 and (text[i - 1] in _SPACES or text[i - 1] in "\"'“‘([«"):
        i -= 1
    return i == 0 or text[i - 1] in ".!?:;\n\r•*" or "\n" in text[i:pos]


def _starts_line(text: str, pos: int) -> bool:
    i = pos
    while i > 0 and text[i - 1] in _SPACES:
        i -= 1
    return i == 0 or text[i - 1] == "\n"


def _plural_follows(text: str, pos: int) -> bool:
    nxt = _skip_blanks(text, pos)
    word = _WORD_TOKEN.match(text, nxt) if nxt is not None and nxt > pos else None
    return word is not None and _is_head(word.group())


def _word_before(text: str, pos: int) -> tuple[str, int]:
    """The word (letters, dots, apostrophes, #) right before ``pos``, and where it starts."""
    i = pos
    while i > 0 and text[i - 1] in _SPACES:
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] in ".'’#"):
        j -= 1
    word = text[j:i]
    # A trailing full stop ends a sentence unless the word is an abbreviation ("U.S.", "No.",
    # "Aug.").
    if word.endswith(".") and not (word.count(".") > 1 or word.lower() in _LABEL_WORDS
                                   or word[:-1].lower() in _MONTHS):
        return "", i
    return word, j


def _number_atoms(text: str, c: _Compiled) -> Iterator[_Atom]:
    for m in heapq.merge(c.digit_candidates.finditer(text), c.word_candidates.finditer(text),
                         key=lambda m: m.start()):
        kind = m.lastgroup
        if kind in ("run", "clock"):
            continue
        if kind in ("digits", "european"):
            atom = _digits_atom(text, m, c)
            if atom is not None:
                yield atom
        elif kind == "vague":
            yield _vague_atom(text, m, c)
        elif kind == "phrase":
            start, end = m.span()
            value = c.phrases[" ".join(m.group().lower().split())]
            if not _capitalised_mid_sentence(text, start):
                yield _Atom(start, start, end, value, value, "phrase", value, 1.0, False)
        else:
            yield from _word_atoms(text, m, c)


def _capitalised_mid_sentence(text: str, start: int) -> bool:
    """Names like "Formula One", "Channel Four", "the Big Five": not amounts."""
    return text[start].isupper() and not _starts_sentence(text, start)


def _digits_atom(text: str, m: re.Match[str], c: _Compiled) -> _Atom | None:
    start, end = m.span()
    digits = m.group()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    # Glued to a word or another figure: COVID-19, B2B, G7, F-16, 1,2,3, No.5, 9/11, '90s.
    if before.isalnum() or before in _GLUE_BEFORE:
        return None
    negative = False
    if before in _MINUS:
        ahead = text[start - 2] if start >= 2 else ""
        if ahead.isalpha() or ahead in _MINUS or ahead == "_":
            return None
        negative = not ahead.isdigit() and ahead != "%"  # "2,000-3,000" is a range
    if after in _GLUE_AFTER or (after in _DECIMAL_MARKS and text[end + 1:end + 2].isdigit()):
        return None
    if before == "[" and after == "]":  # a footnote mark
        return None
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():  # codes: 007, 03
        return None
    if "," in digits and "." in digits and digits.rfind(",") > digits.rfind("."):
        value = float(digits.replace(".", "").replace(",", "."))  # 1.000.000,5
    elif digits.count(".") > 1:
        value = float(digits.replace(".", ""))  # 1.000.000
    else:
        value = float(digits.replace(",", ""))
    if negative:
        value, start = -value, start - 1
    num_start = start
    currency = None
    cm = c.currency.search(text, max(0, num_start - 5), num_start)
    if cm is not None:
        currency = cm.group("sign")
        start = cm.start()
    scale = 1.0
    glued = _LETTERS.match(text, end)
    if glued is not None:
        suffix = glued.group().lower()
        if suffix in c.scales:
            scale, end = c.scales[suffix], glued.end()
        elif currency and suffix in c.currency_scales:
            scale, end = c.currency_scales[suffix], glued.end()
        elif suffix == "m" and "m" in c.currency_scales and _plural_follows(text, glued.end()):
            # "1.2m people", "5m tonnes": millions, as British news writes them; a bare "3m"
            # is three metres.
            scale, end = c.currency_scales["m"], glued.end()
        elif suffix not in c.glued_units:  # 2nd, 1990s, 10am, 4G, 737s
            return None
    else:
        sm = c.scale_after.match(text, end)
        if sm is not None:
            word = (sm.group("word") or sm.group("abbr")).lower()
            scale = c.multipliers[word] if sm.group("word") else c.scales[word]
            end = sm.end()
    if scale == 1.0 and (_TIME_AFTER.match(text, end) or _is_date_part(text, num_start, end,
                                                                        value, digits)):
        return None
    if scale == 1.0 and currency is None and _is_label(text, num_start, end):
        return None
    plain = scale == 1.0 and digits.isdigit() and not negative
    return _Atom(start, num_start, end, value * scale, value * scale, "digits", value, scale,
                 plain, currency)


def _is_date_part(text: str, start: int, end: int, value: float, digits: str) -> bool:
    """Day or year next to a month name: "August 26", "26 April", "March 2021", and either
    day of "26-27 August" or "August 26-27"."""
    day_or_year = digits.isdigit() and (value <= 31 or 1000 <= value <= 2100)
    if not day_or_year:
        return False
    if (lead := _DAY_BEFORE.search(text, max(0, start - 4), start)) is not None:
        start = lead.start()
    if (trail := _DAY_AFTER.match(text, end)) is not None:
        end = trail.end()
    word, _ = _word_before(text, start)
    if word.rstrip(".").lower() in _MONTHS and word[:1].isupper():
        return True
    return value <= 31 and _MONTH_AFTER.match(text, end) is not None


# The other day of a day range: "26-" in "26-27 August", "-27" in "August 26-27".
_DAY_BEFORE = re.compile(r"(?<!\d)\d{1,2}[-–]\Z")
_DAY_AFTER = re.compile(r"[-–]\d{1,2}(?!\d)")


_MONTH_AFTER = re.compile(
    r"[ \t\u00a0]*(?:of[ \t\u00a0]+)?(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")


def _is_label(text: str, start: int, end: int) -> bool:
    """An identifier, not an amount: "Boeing 737", "Windows 10", "page 5", "No 10", "#3",
    or a list marker ("1. ", "2) " at the start of a line)."""
    word, word_start = _word_before(text, start)
    if not word:
        return text[end:end + 1] in _LIST_MARKS and text[end + 1:end + 2].isspace() \
            and _starts_line(text, start)
    lower = word.lower()
    if lower in _LABEL_WORDS or word.startswith("#") or word in ("No", "NO"):
        return True
    if word == lower or lower in _STOP_WORDS or lower in _WEEKDAYS \
            or lower.endswith(("'s", "’s")):  # "Kenya's 47 counties"
        return False
    if lower.rstrip(".") in _MONTHS:
        return False
    return not _starts_sentence(text, word_start)


def _vague_atom(text: str, m: re.Match[str], c: _Compiled) -> _Atom:
    start, end = m.span()
    phrase = " ".join(m.group().lower().split())
    low, high = c.vague[phrase]
    scale = 1.0
    # "several hundred", "a few thousand": the vague count multiplies what follows.
    while (mm := c.multiplier_after.match(text, end)) is not None:
        scale *= c.multipliers[mm.group("word").lower()]
        end = mm.end()
    return _Atom(start, start, end, low * scale, high * scale, "vague", low, scale, False,
                 takes_of=not phrase.endswith(" of"))


def _word_atoms(text: str, m: re.Match[str], c: _Compiled) -> Iterator[_Atom]:
    """Parse a run of number words; a run that is not one number ("one two") yields several."""
    tokens = [(t.start(), t.end(), " ".join(t.group().lower().split()))
              for t in c.number_word_token.finditer(text, m.start(), m.end())]
    i = 0
    while i < len(tokens):
        parsed = _parse_number_words([t[2] for t in tokens[i:]], c)
        if parsed is None:
            i += 1
            continue
        value, used = parsed
        start, end = tokens[i][0], tokens[i + used - 1][1]
        i += used
        if _capitalised_mid_sentence(text, start):
            continue
        after = text[end:end + 1]
        if after.isdigit() or (after in _GLUE_AFTER and text[end + 1:end + 2].isdigit()):
            continue
        word, _ = _word_before(text, start)
        if word.lower() in _LABEL_WORDS:  # "number one", "Channel four"
            continue
        scale = 1.0
        if (sm := c.scale_after.match(text, end)) is not None and sm.group("abbr"):
            scale, end = c.scales[sm.group("abbr").lower()], sm.end()
        bare_one = used == 1 and value == 1
        yield _Atom(start, start, end, value * scale, value * scale, "words", value, scale,
                    False, bare_one=bare_one)


def _parse_number_words(words: list[str], c: _Compiled) -> tuple[float, int] | None:
    """Value of the longest number at the start of ``words``, and how many words it used."""
    total = 0.0
    current = 0.0
    last = ""  # kind of the last word used: a, ones, tens, hundred, big, half
    used = 0
    best: tuple[float, int] | None = None
    i = 0
    if words and words[0] == "and":
        return None
    while i < len(words):
        w = words[i]
        if w == "and":
            # "two hundred and fifty", "two and a half": "and" only joins to what follows.
            i += 1
            continue
        if w == "a" or w == "half":
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if w == "half" and nxt == "a":
                nxt = words[i + 2] if i + 2 < len(words) else ""
            if last or nxt not in c.multipliers:
                break
            current, last = (0.5 if w == "half" else 1.0), "a"
            i += 2 if w == "half" else 1
            continue
        if w == "a half":
            if last not in ("ones", "tens") or words[i - 1] != "and":
                break
            current += 0.5
            last = "half"
        elif w in c.ones:
            after_tens = last == "tens" and 0 < c.ones[w] < 10 and words[i - 1] != "and"
            if not (after_tens or last in ("", "hundred", "big")):
                break
            current += c.ones[w]
            last = "ones"
        elif w in c.tens:
            if last not in ("", "hundred", "big"):
                break
            current += c.tens[w]
            last = "tens"
        elif w in c.multipliers:
            mult = c.multipliers[w]
            if last not in ("ones", "tens", "a", "half", "hundred"):
                break
            if mult < 1000:  # hundred, dozen: multiply the small part
                if last == "hundred":
                    break
                current = (current or 1.0) * mult
                last = "hundred"
            else:
                total += (current or 1.0) * mult
                current = 0.0
                last = "big"
        else:
            break
        i += 1
        used = i
        best = (total + current, used)
    return best


# --- finding quantities ----------------------------------------------------------------------

def find_quantities(text: str, table: QualifierTable | None = None) -> list[Quantity]:
    """Every figure stated in ``text``, with its qualifier as an interval; sorted by start."""
    c = (table or QualifierTable.builtin())._compiled
    atoms = list(_number_atoms(text, c))
    found: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        pairing = _pairing(text, a, atoms[i + 1], c) if i + 1 < len(atoms) else None
        if pairing == _HALVES:  # "won 3-1", "the 2014-15 season": neither is an amount
            i += 2
            continue
        if pairing is not None:
            quantity = _build(text, [a, atoms[i + 1]], pairing, c)
            i += 2
        else:
            quantity = _build(text, [a], None, c)
            i += 1
        if quantity is not None and (not found or quantity.start >= found[-1].end):
            found.append(quantity)
    return found


_HALVES = "halves"  # _pairing: two figures joined by a dash that are not a range
_RANGE_GAP = re.compile(
    r"(?:%|[ \t\u00a0]*(?:per[ \t\u00a0]?cent|percent))?"
    r"(?:(?P<dash>-)|[ \t\u00a0]*(?P<endash>[–—])[ \t\u00a0]*"
    r"|[ \t\u00a0]+(?P<word>to|and|or)[ \t\u00a0]+)\Z", re.IGNORECASE)
_CHANGE_BY = re.compile(r"\bby[ \t\u00a0]+\Z", re.IGNORECASE)
_RANGE_START = re.compile(r"(?<![\w])(?P<word>between|from)[ \t\u00a0]+\Z", re.IGNORECASE)


def _pairing(text: str, a: _Atom, b: _Atom, c: _Compiled) -> str | None:
    """How ``a`` and ``b`` join: None (apart), _HALVES (drop both), or a range, given by the
    word that opens it ("between", "from" or "")."""
    if b.start - a.end > 12 or c.after.match(text, a.end):  # "40 or more" is a qualifier
        return None
    gap = _RANGE_GAP.match(text, a.end, b.start)
    if gap is None:
        return None
    dash = gap.group("dash") is not None or gap.group("endash") is not None
    if a.kind == "vague" or b.kind == "vague":
        return None
    opener_m = _RANGE_START.search(text, max(0, a.start - 12), a.start)
    opener = opener_m.group("word").lower() if opener_m else ""
    joiner = (gap.group("word") or "").lower()
    if joiner == "and" and opener != "between":
        return None
    if joiner == "to" and _CHANGE_BY.search(text, max(0, a.start - 6), a.start):
        return None  # "rose by one to 158": a change and the new figure, not a range
    # A scale written once covers both ends: "2 to 3 million", "$2-3bn".
    if b.scale != 1.0 and a.scale == 1.0 and a.raw < b.raw:
        a.low = a.high = a.raw * b.scale
        a.scale = b.scale
    if opener == "between":
        return opener
    if opener == "from":
        change = opener_m is not None and \
            _word_before(text, opener_m.start())[0].lower() in c.change_verbs
        # "rose from 40 to 60", "from 60 to 40": an old and a new figure, not a range
        return None if change or a.low >= b.low else opener
    if a.low >= b.low:  # scores and tallies: "won 3-1", "voted 52 to 48"
        return _HALVES if dash else None
    return opener


def _build(text: str, atoms: list[_Atom], opener: str | None, c: _Compiled) -> Quantity | None:
    """The Quantity for one figure or one range, or None when it is not an amount."""
    first, last = atoms[0], atoms[-1]
    start = first.start
    if opener:
        om = _RANGE_START.search(text, max(0, start - 12), start)
        if om is not None:
            start = om.start()
    qualifier = "range" if len(atoms) == 2 else "vague" if first.kind == "vague" else "exact"
    qm = c.before.search(text, max(0, start - 30), start)
    stated: str | None = None
    if qm is not None:
        stated = c.before_qualifier[" ".join(qm.group("phrase").lower().split())]
        start = qm.start()
    end = last.end
    post = c.after.match(text, end) if len(atoms) == 1 else None
    if post is not None:
        stated = stated or c.after_qualifier[" ".join(post.group("phrase").lower().split())]
        end = post.end()
    if stated is not None and stated != "exact":
        qualifier = stated
    found = _unit_after(text, end, last, c, plural_only=post is not None)
    if found is None:
        return None
    unit, unit_start, unit_end, measure = found
    if last.currency is None and first.currency is not None:  # "$2-3 million"
        unit, unit_start, unit_end, measure = (
            first.currency, first.start, first.start + len(first.currency), True)
    if unit_end is not None and unit_end > end:
        end = unit_end
    if not _is_amount(text, atoms, unit, stated, qm):
        return None
    low, high = _interval(qualifier, first.low, last.high, measure, c)
    # The same figures recur across texts ("at least 40 people"): each spelling kept once.
    return Quantity(start=start, end=end, text=sys.intern(text[start:end]),
                    value=_clean(first.low),
                    low=low, high=high, qualifier=qualifier, unit=unit,
                    unit_start=unit_start, unit_end=unit_end)


def _year_like(atom: _Atom) -> bool:
    return atom.plain_integer and 1800 <= atom.raw <= 2100


def _is_amount(text: str, atoms: list[_Atom], unit: str | None, qualifier: str | None,
               qm: re.Match[str] | None) -> bool:
    """Drop years and the pronoun "one"; everything else that got here is an amount."""
    atom = atoms[0]
    if atom.bare_one and len(atoms) == 1:
        if unit is None:
            return False
        word, _ = _word_before(text, qm.start() if qm else atom.start)
        return word.lower() not in _ONE_PRONOUN_BEFORE
    if not all(_year_like(a) for a in atoms):
        return True
    # A 4-digit figure that could be a year is an amount only when it counts something and
    # nothing around it reads as a date: "2000 people fled", "more than 1900 homes".
    if unit is None or not unit[0].islower() or not _looks_like_noun(unit.split()[0]):
        return False
    if qualifier in ("at-least", "more-than", "at-most", "less-than", "nearly"):
        return True
    if qualifier is not None:  # "around 2010", "circa 1850": dates
        return False
    word, _ = _word_before(text, atom.start)
    return not (word.lower() in _YEAR_CONTEXT or word.endswith(("'s", "’s")))


def _looks_like_noun(word: str) -> bool:
    """A verb after a year reads as a date ("2013 saw", "2021 marked"); plurals count things."""
    lower = word.lower()
    if lower in _MONTHS or lower in _WEEKDAYS or lower in _SEASONS:
        return False
    return _plural(lower) or lower in _IRREGULAR_PLURALS


def _interval(qualifier: str, low: float, high: float, measure: bool,
              c: _Compiled) -> tuple[float | None, float | None]:
    """The interval a qualifier gives the stated figures low..high (equal for one figure)."""
    low, high = min(low, high), max(low, high)
    # Counts are whole: "more than 40 people" is at least 41. Measures are not (12.5 %, 3 km).
    whole = not measure and low.is_integer() and high.is_integer()
    result: tuple[float | None, float | None]
    if qualifier in _STATED:
        result = (low, high)
    elif qualifier == "at-least":
        result = (low, None)
    elif qualifier == "more-than":
        result = (low + 1 if whole else low, None)
    elif qualifier == "at-most":
        result = (None, high)
    elif qualifier == "less-than":
        result = (None, high - 1 if whole else high)
    elif qualifier == "about":
        tol = c.about_tolerance
        ends = (low * (1 - tol), low * (1 + tol), high * (1 - tol), high * (1 + tol))
        result = (min(ends), max(ends))
    else:  # nearly: just short of the figure
        result = (min(low, low * (1 - c.nearly_tolerance)), high)
    return (None if result[0] is None else _clean(result[0]),
            None if result[1] is None else _clean(result[1]))


def _clean(value: float) -> float:
    return float(round(value, _ROUND))


# --- what the figure counts ------------------------------------------------------------------

_UnitFound = tuple[str | None, int | None, int | None, bool]
_NO_UNIT: _UnitFound = (None, None, None, False)
_PER_UNIT = re.compile(r"[ \t\u00a0]+per[ \t\u00a0]+[^\W\d_]+", re.IGNORECASE)
_OF = re.compile(r"of\b", re.IGNORECASE)


def _unit_after(text: str, pos: int, atom: _Atom, c: _Compiled,
                plural_only: bool = False) -> _UnitFound | None:
    """Unit or counted noun right after ``pos``: (text, start, end, is_measure).

    None means the figure is not an amount after all ("one-off", "two-thirds"). With
    ``plural_only`` (after "or more" and the like) a counted noun must end in a plural:
    "40 or more passengers", but not "aged 5 or under travel free".
    """
    if atom.currency is not None:
        return atom.currency, atom.start, atom.start + len(atom.currency), True
    if text.startswith("-", pos):
        hm = _HYPHEN_WORD.match(text, pos)
        if hm is not None:  # "a 3,000-strong force", "a 40-year-old man", "a 10-day strike"
            first_part = hm.group(1).split("-")[0].lower()
            if first_part in _FRACTION_WORDS:
                return None
            if first_part in _STOP_WORDS:
                return None if atom.bare_one else _NO_UNIT
            um = c.unit.match(text, pos + 1)
            measure = um is not None and um.end() == hm.end()
            return hm.group(1), hm.start(1), hm.end(1), measure
    um = c.unit.match(text, pos)
    if um is not None:
        unit_start = um.start("unit")
        unit_end = unit_start + _unit_length(text, unit_start, um.end("unit"))
        return text[unit_start:unit_end], unit_start, unit_end, True
    return _counted_noun(text, pos, atom, c, plural_only)


def _unit_length(text: str, start: int, cue_end: int) -> int:
    """Length of the unit at ``start``: the cue, or more when quantulum3 reads a longer unit.

    quantulum3 sees the cue behind a stand-in figure, and the two words after it only when
    the first is "per" ("miles per hour"): no unit runs on through other words, and so the
    probes repeat and their answers are cached.
    """
    tail_end = cue_end
    per = _PER_UNIT.match(text, cue_end)
    if per is not None:
        tail_end = per.end()
    glued = start > 0 and not text[start - 1].isspace()
    return max(cue_end - start, _quantulum_unit_length(text[start:tail_end], glued))


@lru_cache(maxsize=8192)
def _quantulum_unit_length(tail: str, glued: bool) -> int:
    probe = ("2" if glued else "2 ") + tail
    offset = len(probe) - len(tail)
    for q in _quantulum_parse()(probe):
        if q.span[0] == 0 and q.unit.name != "dimensionless" and q.span[1] > offset:
            length = int(q.span[1]) - offset
            # Whole words only: a unit that ends inside a word is a misreading.
            if length == len(tail) or not tail[length].isalnum():
                return length
    return 0


@cache
def _quantulum_parse() -> Callable[[str], list[Any]]:
    """quantulum3's parser, imported on first use."""
    with warnings.catch_warnings(), _without_typeguard_instrumentation():
        # It warns on import that its optional classifier is missing; we do not need it.
        warnings.simplefilter("ignore", UserWarning)
        from quantulum3 import parser

        parser.parse("2 m")  # loads its English tables, and with them inflect
    return parser.parse  # type: ignore[no-any-return]


@contextmanager
def _without_typeguard_instrumentation() -> Iterator[None]:
    """Import with typeguard's ``@typechecked`` as a no-op.

    quantulum3 imports inflect, whose ``@typechecked`` methods re-parse inflect's source on
    import: about 3 s per process, in every pool worker (jaraco/inflect#212). Only the
    run-time argument checks are lost; a typeguard imported before is put back untouched.
    """
    if "inflect" in sys.modules:
        yield
        return
    stand_in = types.ModuleType("typeguard")
    stand_in.typechecked = _no_instrumentation  # type: ignore[attr-defined]
    saved = sys.modules.get("typeguard")
    sys.modules["typeguard"] = stand_in
    try:
        yield
    finally:
        if saved is None:
            del sys.modules["typeguard"]
        else:
            sys.modules["typeguard"] = saved


def _no_instrumentation(target: Any = None, **_: Any) -> Any:
    # Both spellings: ``@typechecked`` and ``@typechecked(...)``.
    return target if target is not None else _no_instrumentation


def _plural(word: str) -> bool:
    return len(word) > 2 and word.endswith("s") and not word.endswith(_NOT_PLURAL_ENDINGS)


def _is_head(word: str) -> bool:
    """A word that ends a counted noun: a plural ("Kenyans", "members", "people")."""
    lower = word.lower()
    return "." not in lower and (_plural(lower) or lower in _IRREGULAR_PLURALS)


def _adverb(lower: str) -> bool:
    return lower.endswith("ly") and len(lower) > 4 and lower not in _LY_NOUNS


def _counted_noun(text: str, pos: int, atom: _Atom, c: _Compiled,
                  plural_only: bool) -> _UnitFound:
    """The noun phrase after a figure: "64 villagers", "9 rescue workers", "40 injured".

    Up to four words, ending at the first plural, at punctuation, or before a function word,
    an adverb or a new name. Capitalised modifiers and dotted abbreviations belong to it; a
    participle ("40 injured") counts on its own unless a plural follows ("40 injured people"),
    but one with an object is a verb ("2,000 fled their homes").
    """
    i = _skip_blanks(text, pos)
    if i is None:
        return _NO_UNIT
    if atom.takes_of and (om := _OF.match(text, i)) is not None:
        i = _skip_blanks(text, om.end())
        if i is None:
            return _NO_UNIT
    words: list[re.Match[str]] = []
    while len(words) < 4:
        tm = _WORD_TOKEN.match(text, i)
        if tm is None:
            break
        word = tm.group()
        lower = word.lower()
        nxt = _skip_blanks(text, tm.end())
        follow = _WORD_TOKEN.match(text, nxt) if nxt is not None else None
        if not words and lower in _SKIP_MODIFIERS and follow is not None:
            i = follow.start()  # "40 more people": the noun is "people"
            continue
        if lower in _STOP_WORDS or lower in _WEEKDAYS or lower.rstrip(".") in _MONTHS \
                or _adverb(lower) or lower in c.number_words:
            break
        if words and word[0].isupper() and not words[-1].group()[0].isupper():
            break  # "40 civilians Reuters said": a new name begins
        words.append(tm)
        follow_is_head = follow is not None and _is_head(follow.group())
        if _is_head(word):
            # "Texas counties": a capitalised plural-looking word may be a modifier.
            if not (word[0].isupper() and follow_is_head and follow is not None
                    and follow.group()[0].islower()):
                break
        elif lower.endswith(("ed", "ing")) and not follow_is_head:
            if not words[1:] and follow is not None \
                    and follow.group().lower() in _DETERMINERS:
                words.pop()  # a verb: "2,000 fled their homes"
            break
        if follow is None:
            break
        i = follow.start()
    if not words:
        return _NO_UNIT
    if not any(_is_head(w.group()) for w in words):
        if plural_only:
            return _NO_UNIT
        # No plural: "one person", "a 7.8 magnitude earthquake struck".
        words = words[:2]
        while len(words) > 1 and words[-1].group().lower().endswith(("ed", "ing")):
            words.pop()
    start, end = words[0].start(), words[-1].end()
    return text[start:end], start, end, False


_BLANKS = re.compile(r"[ \t\u00a0\u2009\u202f]*(?:\r?\n[ \t\u00a0]*(?=[a-z]))?")


def _skip_blanks(text: str, pos: int) -> int | None:
    """Position after the blanks at ``pos`` (one line break only before a lower-case word)."""
    m = _BLANKS.match(text, pos)
    end = m.end() if m else pos
    return None if end >= len(text) else end
