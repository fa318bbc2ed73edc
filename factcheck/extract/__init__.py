"""Extraction: one Document in, its sentences, mentions and facts out.

Each extractor finds candidates with cheap regular expressions and hands only those spans to
the slow libraries (quantulum3, dateparser), which are noisy and slow on whole texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.model import DateMention, EntityMention, Fact, Quantity, Quote, Sentence

# Bump when extraction output changes: part of the cache key.
EXTRACTOR_VERSION = "1"


@dataclass
class Extraction:
    """Everything extracted from one document (the unit that is cached and parallelised)."""

    source: str
    sentences: list[Sentence] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
