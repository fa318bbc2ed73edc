"""Mojibake repairs kept in the extraction cache: a warm run reads each damaged text's repair
instead of repairing it again, and gets the same documents as a run without the cache."""

import json
import sqlite3
from pathlib import Path

import pytest

import factcheck.ingest.repair as repair
from factcheck.cache import DATABASE_NAME, ExtractionCache
from factcheck.forking import can_fork
from factcheck.ingest import ingest
from factcheck.ingest.repair import Repaired, decode_repair, encode_repair, repair_text

from .files import write

DAMAGED = "“The bridge will reopen on Monday,” the mayor said. Café owners cheered.\n"


def _mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 (its undefined bytes kept as C1 controls, as ftfy does)."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    for n in range(8):
        story = f"Bridge story {n}\n\nMarch {n + 1}, 2022\n\n{DAMAGED}"
        write(corpus / f"mojibake{n}.txt", _mojibake(story))
        write(corpus / f"clean{n}.txt", story)
        write(corpus / f"ascii{n}.txt", f"Plain story {n}\n\nNothing to repair here.\n")
    write(corpus / "page.html", f"<title>{_mojibake('Café closes')}</title>"
                                f"<p>{_mojibake(DAMAGED)}</p>")
    record = json.dumps({"id": "r1", "text": _mojibake("“Yes,” she said.")})
    write(corpus / "records.jsonl", record + "\n")
    return corpus


def _kept(cache: Path) -> int:
    with sqlite3.connect(cache / DATABASE_NAME) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM repairs").fetchone()[0])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_warm_run_repairs_nothing_and_reads_the_same_documents(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    if jobs > 1:
        if not can_fork():
            pytest.skip("fork is not this platform's way")
        monkeypatch.setattr("factcheck.ingest.POOL_MIN_FILES", 4)
    plain = ingest([folder])
    assert sum(d.repaired for d in plain.documents) >= 9  # the damaged files, the page
    with ExtractionCache(tmp_path / "cache") as store:
        cold = ingest([folder], jobs=jobs, repairs=store)
    assert _kept(tmp_path / "cache") >= 18  # the damaged and the clean non-ASCII texts

    def no_repair(text: str, unescape_html: bool) -> Repaired:
        raise AssertionError("repaired again")

    monkeypatch.setattr(repair, "_repair", no_repair)  # in forked workers too
    with ExtractionCache(tmp_path / "cache") as store:
        warm = ingest([folder], jobs=jobs, repairs=store)
    assert warm.problems == cold.problems == plain.problems == []
    assert cold.documents == plain.documents == warm.documents
    assert sum(DAMAGED.strip() in d.text for d in warm.documents) == 17  # 8 repaired, 8 clean, page


def test_a_kept_repair_stores_the_text_only_when_it_changed() -> None:
    damaged = _mojibake(DAMAGED)
    fixed = repair_text(damaged)
    assert fixed.text == DAMAGED and fixed.places
    assert decode_repair(encode_repair(fixed, damaged), damaged) == fixed
    clean = repair_text(DAMAGED)
    assert len(encode_repair(clean, DAMAGED)) < len(DAMAGED)  # no copy of the text
    assert decode_repair(encode_repair(clean, DAMAGED), DAMAGED) == clean


@pytest.mark.parametrize("payload", [b"", b"not zlib", __import__("zlib").compress(b"[1, 2]"),
                                     __import__("zlib").compress(b'[null, "2", []]')])
def test_a_broken_kept_repair_is_repaired_again(payload: bytes) -> None:
    damaged = _mojibake(DAMAGED)

    class Broken:
        def __init__(self) -> None:
            self.put: list[str] = []

        def get_repair(self, key: str) -> bytes | None:
            return payload

        def put_repair(self, key: str, value: bytes) -> None:
            self.put.append(key)

    store = Broken()
    assert repair_text(damaged, store=store).text == DAMAGED
    assert len(store.put) == 1


def test_the_key_changes_with_the_html_setting_and_the_text() -> None:
    damaged = _mojibake(DAMAGED)
    keys = {repair.repair_key(damaged, True), repair.repair_key(damaged, False),
            repair.repair_key(damaged + " ", True)}
    assert len(keys) == 3


def test_a_cache_from_before_repairs_gets_the_table(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with ExtractionCache(cache):
        pass
    with sqlite3.connect(cache / DATABASE_NAME) as conn:
        conn.execute("DROP TABLE repairs")
    with ExtractionCache(cache) as store:
        ingest([folder], repairs=store)
        assert not store.warnings
    assert _kept(cache) >= 18


def test_check_keeps_repairs_in_its_cache(folder: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck

    cache = tmp_path / "cache"
    cold = factcheck.check([folder], cache=cache)
    assert _kept(cache) >= 18

    def no_repair(text: str, unescape_html: bool) -> Repaired:
        raise AssertionError("repaired again")

    monkeypatch.setattr(repair, "_repair", no_repair)
    warm = factcheck.check([folder], cache=cache)
    assert warm.warnings == cold.warnings
    assert warm.to_json(deterministic=True) == cold.to_json(deterministic=True)
