import gc
from datetime import date, timedelta
from pathlib import Path

import pytest

import factcheck.parallel as parallel
from factcheck.cache import ExtractionCache, encode_extraction
from factcheck.extract import Extraction
from factcheck.extract.pipeline import extract_document
from factcheck.model import Document
from factcheck.parallel import ExtractionError, extract_all
from factcheck.ruledata import RuleData, load_rule_data

PARAGRAPHS = [
    "Heavy rain caused flooding in the Tessaro delta on {day}, killing at least {n} people, "
    "the interior ministry said.",
    "About {m} families were moved to shelters in Varnholm, where the river burst its banks "
    "on {day}.",
    "\"We lost everything in one night,\" said farmer Joaquim Salles, 58.",
    "The national weather office said {n2} millimetres of rain fell in 24 hours, the most "
    "since records began in 1961.",
    "Voters in the Kessel district elected Maren Aalto as mayor on {day} with 54.3 percent of "
    "the vote; turnout was {m} percent.",
    "Arlo Shipping said it carried {m},000 containers in 2023 and expects to hire 450 workers.",
]
DAYS = ("Monday", "Tuesday", "Saturday", "12 May", "May 14")


def corpus(n: int) -> list[Document]:
    """n documents built from the paragraphs above with varying figures and days."""
    docs = []
    for i in range(n):
        values = {"day": DAYS[i % len(DAYS)], "n": 20 + i % 7, "m": 100 + 13 * i,
                  "n2": 180 + i % 4}
        chosen = [p.format(**values) for k, p in enumerate(PARAGRAPHS) if (i + k) % 3]
        docs.append(Document(id=f"doc{i:03d}", path=f"/news/doc{i:03d}.txt",
                             text="\n\n".join(chosen), published=date(2024, 5, 10)
                             + timedelta(days=i % 5)))
    return docs


@pytest.fixture(scope="module")
def data() -> RuleData:
    return load_rule_data()


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return corpus(24)


@pytest.fixture(scope="module")
def serial(docs: list[Document], data: RuleData) -> list[Extraction]:
    return extract_all(docs, data, jobs=1)


def test_serial_is_extract_document_in_order(docs: list[Document], data: RuleData,
                                             serial: list[Extraction]) -> None:
    assert [e.source for e in serial] == [d.id for d in docs]
    assert serial == [extract_document(d, data) for d in docs]
    assert sum(len(e.facts) for e in serial) > len(docs)  # real work, not empty results


def test_two_workers_give_byte_identical_output(docs: list[Document], data: RuleData,
                                                serial: list[Extraction]) -> None:
    pooled = extract_all(docs, data, jobs=2)
    assert pooled == serial
    texts = [d.text for d in docs]
    assert [encode_extraction(e, t) for e, t in zip(pooled, texts, strict=True)] == [
        encode_extraction(e, t) for e, t in zip(serial, texts, strict=True)]


def test_workers_load_rules_data_from_folders_when_spawned(
        docs: list[Document], data: RuleData, serial: list[Extraction],
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_get_context = parallel.multiprocessing.get_context
    monkeypatch.setattr(parallel.multiprocessing, "get_context",
                        lambda method=None: real_get_context("spawn"))
    assert extract_all(docs[:6], data, jobs=2, rules_dirs=[]) == serial[:6]


def test_jobs_one_uses_no_pool(docs: list[Document], data: RuleData,
                               serial: list[Extraction],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started for jobs=1")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    assert extract_all(docs, data, jobs=1) == serial


def test_cached_run_skips_extraction_and_matches(tmp_path: Path, docs: list[Document],
                                                 data: RuleData, serial: list[Extraction],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with ExtractionCache(tmp_path) as cache:
        assert extract_all(docs, data, jobs=2, cache=cache) == serial
        assert cache.stats["stored"] == len(docs)

    def no_extraction(doc: Document, rule_data: RuleData) -> Extraction:
        raise AssertionError(f"{doc.id} extracted although cached")

    monkeypatch.setattr(parallel, "extract_document", no_extraction)
    with ExtractionCache(tmp_path) as cache:
        assert extract_all(docs, data, jobs=2, cache=cache) == serial
        assert cache.stats == {"hits": len(docs), "misses": 0, "stored": 0, "unstorable": 0}


@pytest.mark.parametrize("jobs", [1, 2])
def test_failure_names_the_document(docs: list[Document], data: RuleData, jobs: int,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(doc: Document, rule_data: RuleData) -> Extraction:
        if doc.id == "doc005":
            raise ValueError("boom")
        return extract_document(doc, rule_data)

    monkeypatch.setattr(parallel, "extract_document", failing)  # inherited by forked workers
    with pytest.raises(ExtractionError, match=r"/news/doc005\.txt: extraction failed.*boom"):
        extract_all(docs, data, jobs=jobs)


@pytest.mark.parametrize("jobs", [1, 2])
def test_collection_pauses_for_extraction_only(docs: list[Document], data: RuleData,
                                               jobs: int, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    collecting = []

    def watched(doc: Document, rule_data: RuleData) -> Extraction:
        collecting.append(gc.isenabled())
        return extract_document(doc, rule_data)

    monkeypatch.setattr(parallel, "_extract_and_encode", lambda doc, rule_data, store: (
        watched(doc, rule_data), None))
    monkeypatch.setattr(parallel, "_from_rows", lambda doc, rows: (
        collecting.append(gc.isenabled()), extract_document(doc, data))[1])
    extract_all(docs, data, jobs=jobs)
    assert collecting and not any(collecting)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.freeze()  # a program that froze its heap keeps it frozen
    try:
        frozen = gc.get_freeze_count()
        extract_all(docs[:2], data, jobs=jobs)
        assert gc.get_freeze_count() == frozen and gc.isenabled()
    finally:
        gc.unfreeze()


def test_no_progress_output_when_stderr_is_not_a_terminal(
        docs: list[Document], data: RuleData, capsys: pytest.CaptureFixture[str]) -> None:
    extract_all(docs[:3], data, jobs=1, progress=True)
    assert capsys.readouterr().err == ""


def test_empty_input(data: RuleData) -> None:
    assert extract_all([], data, jobs=2) == []


def test_default_jobs_stay_in_process_for_small_work(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import factcheck.parallel as parallel
    from factcheck.model import Document
    from factcheck.ruledata import load_rule_data

    def no_pool(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a pool was started for a few kilobytes")

    monkeypatch.setattr(parallel, "_extract_parallel", no_pool)
    docs = [Document(id=f"d{i}", path=f"d{i}.txt", text="Floods killed 3 people.")
            for i in range(4)]
    assert len(parallel.extract_all(docs, load_rule_data(), jobs=None)) == 4


def test_serial_extraction_leaves_no_cached_runs_behind(data: RuleData) -> None:
    from factcheck.extract import entities

    docs = corpus(4)
    first = extract_all(docs, data, jobs=1)
    for cached in (entities._cut, entities._names, entities._word_name):
        assert cached.cache_info().currsize == 0
    # Emptied caches change nothing: the same documents give the same mentions.
    again = extract_all(docs, data, jobs=1)
    assert [e.entities for e in again] == [e.entities for e in first]
    assert any(len(m.text.split()) > 1 for e in first for m in e.entities)
