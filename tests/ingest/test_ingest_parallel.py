"""Files read in worker processes: the same documents and problems as read here, the pool
really used past the threshold, and a dead worker reported in one line."""

import json
import os
from pathlib import Path
from typing import Any

import pytest

import factcheck.ingest
from factcheck.forking import ForkError, can_fork
from factcheck.ingest import IngestResult, ingest

from .files import write

needs_fork = pytest.mark.skipif(not can_fork(), reason="fork is not this platform's way")
STORY = "Harbour storm damages boats\n\nMarch 3, 2022\n\nWaves sank {n} boats, the port said.\n"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of good files and every kind of bad one, with thresholds low enough for it."""
    folder = tmp_path / "mixed"
    for n in range(12):
        write(folder / f"story{n:02}.txt", STORY.format(n=n))
    write(folder / "empty.txt", "")
    write(folder / "image.txt", PNG_HEADER + bytes(range(256)))
    write(folder / "huge.txt", "word " * 100)
    write(folder / "locked.txt", STORY.format(n=99))
    write(folder / "legacy.txt", "Caf\xe9 reopens\n\nThe caf\xe9 served 40 guests.\n"
                                 .encode("cp1252"))
    write(folder / "crash.txt", "Reader trips on this one\n\nText.\n")
    write(folder / "page.html", "<title>Dam opens</title><p>Water &amp; power<script>x()")
    write(folder / "front.md", "---\ntitle: [oops\n---\n# Dam opens on schedule\n")
    write(folder / "bare.md", "---\ntitle: Nothing below\n---\n")
    records = [json.dumps({"id": "same" if n % 2 else f"r{n}", "text": f"Record {n}."})
               for n in range(5)]
    write(folder / "records.jsonl", "\n\n".join([*records, "not json", ""]))
    write(folder / "late" / "story03.txt", STORY.format(n=3))  # a stem shared with another
    (folder / "zz-alias.txt").symlink_to(folder / "story00.txt")

    real_open = open

    def picky_open(file: str, *args: Any, **kwargs: Any) -> Any:
        if os.path.basename(file) == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    real_head = factcheck.ingest.read_head

    def tripping_head(text: str) -> Any:
        if text.startswith("Reader trips"):
            raise ValueError("a reader bug")
        return real_head(text)

    monkeypatch.setattr(factcheck.ingest, "open", picky_open, raising=False)
    monkeypatch.setattr(factcheck.ingest, "read_head", tripping_head)
    monkeypatch.setattr(factcheck.ingest, "POOL_MIN_FILES", 4)
    return folder


@pytest.fixture
def worker_pids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file each chunk read in a worker adds its process id to."""
    pids = tmp_path / "pids"
    read_chunk = factcheck.ingest._read_chunk

    def recording(*args: Any) -> Any:
        with open(pids, "a") as out:
            out.write(f"{os.getpid()}\n")
        return read_chunk(*args)

    monkeypatch.setattr(factcheck.ingest, "_read_chunk", recording)
    return pids


def read_pids(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()] if pids.exists() else []


def as_tuple(result: IngestResult) -> tuple[object, ...]:
    return result.documents, result.problems


@needs_fork
@pytest.mark.parametrize("max_documents", [100, 0, 1, 10, 14, 16, 17, 18])
def test_two_jobs_read_the_same_as_one(mixed: Path, worker_pids: Path,
                                       max_documents: int) -> None:
    paths = [mixed / "locked.txt", mixed, mixed / "missing.txt"]
    one = ingest(paths, max_bytes=400, max_documents=max_documents)
    assert read_pids(worker_pids) == []
    two = ingest(paths, max_bytes=400, max_documents=max_documents, jobs=2)
    # The pool is used where the first wave of files (one per document wanted) is worth it.
    assert bool(read_pids(worker_pids)) == (max_documents >= 4)
    assert as_tuple(two) == as_tuple(one)


@needs_fork
def test_workers_read_no_file_past_the_document_limit(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Files past the limit are counted as left out, never read, with two jobs as with one;
    bad files among the first make room for the next wave."""
    for n in range(60):
        write(tmp_path / f"story{n:02}.txt", "" if n % 10 == 3 else STORY.format(n=n))
    opened = tmp_path.parent / f"{tmp_path.name}-opened"
    read_bytes = factcheck.ingest._FileReader._read_bytes

    def recording(self: Any, source: Any) -> Any:
        with open(opened, "a") as out:
            out.write(f"{Path(source.path).name}\n")
        return read_bytes(self, source)

    monkeypatch.setattr(factcheck.ingest._FileReader, "_read_bytes", recording)
    monkeypatch.setattr(factcheck.ingest, "POOL_MIN_FILES", 4)
    one = ingest([tmp_path], max_documents=20)
    read_by_one = opened.read_text().split()
    opened.unlink()
    two = ingest([tmp_path], max_documents=20, jobs=2)
    assert as_tuple(two) == as_tuple(one)
    assert [d.id for d in two.documents][-1] == "story21"  # story03 and story13 are empty
    assert "38 more documents left out" in two.problems[-1].reason
    assert sorted(opened.read_text().split()) == sorted(read_by_one) == [
        f"story{n:02}.txt" for n in range(22)]


@needs_fork
def test_the_mixed_folder_has_every_case(mixed: Path) -> None:
    """The comparison above is worth something only if every kind of problem is in it."""
    result = ingest([mixed / "locked.txt", mixed, mixed / "missing.txt"], max_bytes=400,
                    max_documents=18, jobs=2)
    reasons = " | ".join(p.reason for p in result.problems)
    for expected in ("no such file", "same file as", "cannot be read (permission denied)",
                     "could not be read (ValueError: a reader bug)", "empty file",
                     "binary file", "larger than the size limit", "not valid YAML",
                     "no text after the front matter", "is never closed", "invalid JSON",
                     "left out: over the limit", "is used more than once"):
        assert expected in reasons
    assert {Path(p.path).name for p in result.problems if p.fatal} == {"missing.txt",
                                                                       "locked.txt"}
    assert any(d.encoding == "cp1252" for d in result.documents)
    assert any(d.id.startswith("late/") for d in result.documents)


@needs_fork
@pytest.mark.parametrize("threshold", ["POOL_MIN_FILES", "POOL_MIN_BYTES"])
def test_past_either_threshold_the_files_are_read_in_other_processes(
        tmp_path: Path, worker_pids: Path, monkeypatch: pytest.MonkeyPatch,
        threshold: str) -> None:
    for n in range(20):
        write(tmp_path / "docs" / f"s{n:02}.txt", STORY.format(n=n))
    monkeypatch.setattr(factcheck.ingest, "POOL_MIN_FILES", 10**9)
    monkeypatch.setattr(factcheck.ingest, "POOL_MIN_BYTES", 10**12)
    monkeypatch.setattr(factcheck.ingest, threshold, 15 if threshold == "POOL_MIN_FILES"
                        else 15 * len(STORY))
    result = ingest([tmp_path / "docs"], jobs=2)
    pids = read_pids(worker_pids)
    assert len(pids) > 2  # several chunks per worker
    assert os.getpid() not in pids
    assert [d.id for d in result.documents] == [f"s{n:02}" for n in range(20)]


@needs_fork
def test_below_the_threshold_or_with_one_job_the_files_are_read_here(
        tmp_path: Path, worker_pids: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(20):
        write(tmp_path / "docs" / f"s{n:02}.txt", STORY.format(n=n))
    assert len(ingest([tmp_path / "docs"], jobs=2).documents) == 20
    monkeypatch.setattr(factcheck.ingest, "POOL_MIN_FILES", 1)
    assert len(ingest([tmp_path / "docs"], jobs=1).documents) == 20
    monkeypatch.setattr(factcheck.ingest, "can_fork", lambda: False)
    assert len(ingest([tmp_path / "docs"], jobs=2).documents) == 20
    assert read_pids(worker_pids) == []


@needs_fork
def test_a_worker_that_dies_is_one_clear_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(4):
        write(tmp_path / f"s{n}.txt", STORY.format(n=n))
    monkeypatch.setattr(factcheck.ingest, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(factcheck.ingest, "_read_chunk", lambda *_: os._exit(1))
    with pytest.raises(ForkError, match=r"^a worker process died .*; try again with --jobs 1$"):
        ingest([tmp_path], jobs=2)
