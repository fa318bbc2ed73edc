"""Source dependency: which sources copy or paraphrase which."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.extract import Extraction
from factcheck.model import Document


@dataclass(frozen=True)
class Dependency:
    copy: str  # source id of the later / derived source
    original: str  # source id it depends on
    score: float  # share of the copy's passages found in the original, 0..1
    reason: str  # in words, with numbers: "9 of 14 sentences near-identical; 3 quotes in order"


def find_dependencies(documents: list[Document], extractions: list[Extraction]) -> list[Dependency]:
    return []
