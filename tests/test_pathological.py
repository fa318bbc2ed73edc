"""No catastrophic backtracking or quadratic loops: pathological text is extracted and checked
(graph and every rule) in time proportional to normal prose of the same size, measured in the
same test (CPU time, so other processes on the machine do not count). The bound is generous:
at most 10× the prose."""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from factcheck.extract import Extraction
from factcheck.extract.pipeline import extract_document
from factcheck.fingerprint import fingerprint
from factcheck.graph import build_graph
from factcheck.ingest import ingest
from factcheck.model import Document
from factcheck.ruledata import RuleData, load_rule_data
from factcheck.rules.engine import run_rules, selected_rules

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = 1_000_000
MAX_RATIO = 10


def repeated(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@cache
def seeds_text() -> str:
    return "\n\n".join(d.text for d in ingest([SEEDS]).documents)


@cache
def rule_data() -> RuleData:
    return load_rule_data()


def cpu_seconds(text: str) -> tuple[float, Extraction]:
    # The garbage collector's passes cost in proportion to everything the test session keeps
    # alive, not to this text: keep them out of both sides of the ratio.
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        doc = Document(id="doc", path="doc.txt", text=text)
        extraction = extract_document(doc, rule_data())
        run_rules(build_graph([doc], [extraction], rule_data()), rule_data(),
                  selected_rules(data=rule_data()), fingerprint)
        return time.process_time() - started, extraction
    finally:
        gc.enable()


@cache
def prose_seconds(size: int) -> float:
    """Normal news prose of ``size`` characters (the seed articles, repeated)."""
    cpu_seconds(seeds_text())  # warm up: the libraries' first calls load their data
    return cpu_seconds(repeated(seeds_text() + "\n\n", size))[0]


PATHOLOGICAL: dict[str, Callable[[], str]] = {
    "1 MB of digits": lambda: "7" * SIZE,
    "1 MB of numbers in one sentence": lambda: repeated("1234567 "),
    "1 MB of grouped figures and decimals": lambda: repeated("1,234,567.89 "),
    "1 MB of quotation marks": lambda: repeated('"'),
    "200,000 quotation marks between words": lambda: repeated("“Harbour ”"),
    "1 MB of mixed quotation marks and spaces": lambda: repeated('“ " ‘ ’ « » '),
    "a 1 MB sentence of news prose, no full stop": lambda: repeated(
        re.sub(r"[.!?…]+|\n+", " ", seeds_text()) + " "),
    "a 1 MB sentence of one word": lambda: repeated("word "),
    "a 1 MB sentence of capitalised words": lambda: repeated("Harbour Authority Board "),
    "a 1 MB sentence of figures with cues": lambda: repeated("attack 12 people killed "),
    "1 MB of dotted initials": lambda: repeated("A. "),
    "1 MB of date-like tokens": lambda: repeated("3.5.2021 May 2021-05- "),
    "1 MB of dashes and hyphens": lambda: repeated("-–—"),
    "1 MB of one line of apostrophes": lambda: repeated("'s "),
    "a word, then 1 MB of blanks": lambda: "word" + " " * SIZE,
    "1 MB of blanks before commas": lambda: repeated("a" + " " * 5000 + ","),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_text_costs_no_more_than_prose(name: str) -> None:
    whole = PATHOLOGICAL[name]()
    assert len(whole) >= SIZE
    # Small sizes first: a quadratic loop fails there in seconds instead of running for hours
    # at 1 MB. The 50 ms allowance covers fixed costs at 10 kB (compiling, first calls).
    for size in (SIZE // 100, SIZE // 10, SIZE):
        text = whole[:size]
        baseline = prose_seconds(size)
        seconds, extraction = cpu_seconds(text)
        assert seconds <= MAX_RATIO * baseline + 0.05, (
            f"{name}, {size:,} characters: {seconds:.2f} s of CPU; prose {baseline:.2f} s")
    for quantity in extraction.quantities:
        assert text[quantity.start:quantity.end] == quantity.text
    assert all(text[s.start:s.end] == s.text for s in extraction.sentences[:1000])


def test_many_attributions_to_a_bare_surname() -> None:
    size = 12_000  # about 460 quotations: already 50 times the cost of prose
    text = repeated("“Stay calm,” said Okafor. ", size)
    baseline = prose_seconds(size)
    seconds, extraction = cpu_seconds(text)
    assert len(extraction.quotes) > 400
    assert seconds <= MAX_RATIO * baseline + 0.05
