import importlib.util
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


generate_module = _load_generator()
Source = generate_module.Source
generate = generate_module.generate

# Sources of our own (two reports of a flood, one of a company), one sentence per paragraph
# so no sentence is ever dropped and every document keeps a fixed shape.
SOURCES = [
    Source("flood", "Floods in Velmar", date(2022, 4, 10), [
        "The river Ostrel flooded the town of Velmar on 8 April, killing 31 people.",
        "Rescuers from Gradno evacuated 1,250 residents, the mayor Teodor Vask said in 2022.",
    ], "flood"),
    Source("flood-2", "Velmar counts its dead", date(2022, 4, 11), [
        "At least 31 people died when the Ostrel burst its banks in Velmar on 8 April.",
        "The mayor Teodor Vask said 1,250 residents had left their homes.",
    ], "flood"),
    Source("company", "Harlow Mining results", date(2021, 2, 3), [
        "Harlow Mining said on February 2 that it produced 4.5 million tonnes of ore in 2020.",
        "The company, founded in 1998, employs 2,400 workers at Brenna and Tollick.",
    ], "company"),
]


def _story(doc: dict[str, str]) -> str:
    return doc["id"].split("-")[0]


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    first = list(generate(40, seed=7, sources=SOURCES))
    assert len(first) == 40
    assert first == list(generate(40, seed=7, sources=SOURCES))
    assert first != list(generate(40, seed=8, sources=SOURCES))
    assert len({d["id"] for d in first}) == 40


def _versions(docs: list[dict[str, str]]) -> dict[tuple[str, str], set[str]]:
    """Per story and paragraph (figures masked): the distinct ways the paragraph is written."""
    versions: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc in docs:
        for paragraph in doc["text"].strip().split("\n\n"):
            versions[(_story(doc), re.sub(r"\d[\d,.]*\d|\d", "#", paragraph))].add(paragraph)
    return versions


def test_without_perturbation_a_story_agrees_with_itself() -> None:
    versions = _versions(list(generate(60, seed=3, sources=SOURCES, perturb=0.0)))
    assert versions and all(len(v) == 1 for v in versions.values())


def test_perturbation_creates_conflicts_within_stories() -> None:
    versions = _versions(list(generate(60, seed=3, sources=SOURCES, perturb=0.5)))
    assert any(len(v) > 1 for v in versions.values())


def test_stories_rename_consistently_and_differently() -> None:
    docs = list(generate(40, seed=11, sources=SOURCES, perturb=0.0))
    text = "\n".join(d["text"] for d in docs)
    # names met inside a sentence are replaced (a sentence's first word may be any word)
    assert not re.search(r"\b(?:Velmar|Gradno|Brenna|Vask)\b", text)
    surnames: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        m = re.search(r"mayor (\w+ \w+)", doc["text"])
        if m:
            surnames[_story(doc)].add(m.group(1))
    assert surnames and all(len(names) == 1 for names in surnames.values())
    assert len(set().union(*surnames.values())) > 1


def test_default_sources_come_repaired_through_ingest() -> None:
    if not (ROOT / "seeds").is_dir():
        pytest.skip("no seeds folder")
    docs = list(generate(12, seed=1))
    assert docs == list(generate(12, seed=1))
    assert all(d["text"].strip() for d in docs)
    assert sum(len(d["text"]) for d in docs) > 1000 * len(docs)  # article length on average
    assert not any(mark in d["text"] for d in docs for mark in ("â€", "Ã", "\ufffd"))
