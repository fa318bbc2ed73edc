"""The plain dataclasses that flow from stage to stage.

ingest → Document; extract → Sentence, Quantity, DateMention, EntityMention, Quote, Fact;
graph → Entity; rules → Finding with Evidence. Offsets are character offsets into
``Document.text`` (half-open ``[start, end)``); lines and columns are 1-based.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

# Qualifiers a Quantity can carry. "exact" is a plain figure.
Qualifier = Literal[
    "exact", "at-least", "more-than", "at-most", "less-than", "about", "nearly", "range", "vague"
]


@dataclass(slots=True)
class Document:
    id: str
    path: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    sha256: str = ""
    repaired: bool = False
    encoding: str = "utf-8"
    # What ingest noticed and fixed, in words an editor reads ("repaired mojibake: 23 sequences").
    notes: list[str] = field(default_factory=list)
    # Text taken out of a file's markup (HTML): runs (text offset, line, column) within which
    # the text and the file advance together, so positions are the file's, not the text's.
    source_map: list[tuple[int, int, int]] | None = field(default=None, repr=False)
    # Where each line starts, kept from the first ``position`` asked to the end of the run: as
    # machine integers (8 bytes each, not an int object and a pointer: 0.5 KB a document less).
    _line_starts: array[int] | None = field(default=None, repr=False, compare=False)
    _map_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, in the file it was read from."""
        if self.source_map:
            if self._map_starts is None:
                self._map_starts = [run[0] for run in self.source_map]
            index = max(bisect.bisect_right(self._map_starts, offset) - 1, 0)
            start, line, column = self.source_map[index]
            return line, column + offset - start
        if self._line_starts is None:
            starts = array("q", [0])
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Quantity:
    """A number as the text states it, with its qualifier turned into an interval."""

    start: int
    end: int
    text: str  # the exact span: qualifier + number (+ counted noun when adjacent)
    value: float
    low: float | None  # None: open below
    high: float | None  # None: open above
    qualifier: str  # one of Qualifier
    unit: str | None = None  # counted noun or unit as written: "Kenyans", "rescue workers"
    unit_start: int | None = None
    unit_end: int | None = None


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    year: int
    month: int | None = None
    day: int | None = None
    relative: bool = False  # resolved against the publication date ("on Thursday", "last week")

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass(slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    kind: str = "name"  # person | org | place | acronym | name
    # Aliases the text declares for it. Most mentions declare none: they share the empty
    # tuple (an empty list each took 3 KiB of memory per document).
    aliases: list[str] | tuple[()] = ()


@dataclass(slots=True)
class Quote:
    start: int  # offsets of the quoted words, without the quotation marks
    end: int
    text: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(slots=True)
class Fact:
    """One checkable statement: an entity's attribute has a value, per one source.

    ``id``: None gives the usual id, ``SOURCE:KIND:START:ATTRIBUTE``, worked out when it is
    read (see ``_fact_id`` below) rather than stored: most facts have it, and a string each
    took 4 KiB of memory per document."""

    id: str  # None on input: the usual id
    source: str
    kind: str  # quantity | date | name | quote
    entity: str
    attribute: str
    value: float | str | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    subject: str | None = None  # counted group: "Kenyans"; None for the whole
    unit: str | None = None
    time: str | None = None  # ISO date (or year/month) of the event the fact speaks of
    start: int = 0
    end: int = 0
    line: int = 0
    column: int = 0
    text: str = ""
    sentence: str = ""
    modality: str = "asserted"  # asserted | predicted | conditional | claimed | denied
    speaker: str | None = None  # quotes: who said it; figures: who it is attributed to
    # Extraction context the graph stage uses to resolve entities (event trigger, places, date).
    context: dict[str, object] = field(default_factory=dict)


_stored_id = Fact.id  # the slot


def _fact_id(fact: Fact) -> str:
    stored: str | None = _stored_id.__get__(fact)
    return stored if stored is not None else \
        f"{fact.source}:{fact.kind}:{fact.start}:{fact.attribute}"


# The field reads through this property (dataclass's __init__, __eq__ and __repr__ too).
Fact.id = property(_fact_id, _stored_id.__set__)  # type: ignore[assignment,method-assign]


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    kind: str = "name"  # event | person | org | place | name
    aliases: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)  # near-miss spellings kept apart


@dataclass(slots=True)
class Evidence:
    source: str
    path: str
    line: int
    column: int
    start: int
    end: int
    text: str
    sentence: str
    value: float | str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None

    @classmethod
    def from_fact(cls, fact: Fact, path: str) -> Evidence:
        return cls(
            source=fact.source, path=path, line=fact.line, column=fact.column,
            start=fact.start, end=fact.end, text=fact.text, sentence=fact.sentence,
            value=fact.value, low=fact.low, high=fact.high, qualifier=fact.qualifier,
            unit=fact.unit,
        )


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str  # one of Severity
    entity: str
    attribute: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    fingerprint: str = ""
    # Values that cannot hold together (normalised, for fingerprints and baselines).
    values: list[str] = field(default_factory=list)
    # What the rule compared, per source, for the report's number line:
    # (source, low, high, explanation) — e.g. ("a", 69, None, "≥ 60 villagers + 9 rescue workers").
    intervals: list[tuple[str, float | None, float | None, str]] = field(default_factory=list)
    suggestion: str | None = None  # name-variant: the spelling to use
    # source-dependency: the source copied from (evidence[0] is from the copy).
    origin: str | None = None
