"""`factcheck check` on a hostile corpus folder: it finishes, reads everything readable, names
every skipped or damaged file once with the reason, exits with the documented code and never
prints a traceback. Limits (--max-bytes, --max-documents) are configurable.

(Ingest-level hostile inputs, arbitrary bytes, markup bombs: test_ingest_hostile.py.)
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from factcheck.cli import main

BIG_BYTES = 50_000_000
DEFAULT_LIMIT = 20_000_000

EARTHQUAKE = ("Quake shakes Velmora\n\nMay 4, 2022\n\n"
              "An earthquake of magnitude 6.1 struck Velmora on May 3, 2022, and 45 people were "
              "killed, the regional governor said.\n")
FIRE_CP1252 = ("Café fire in Dürnstein\n\nApril 2, 2022\n\n"
               "The fire at the Café Süd in Dürnstein on April 1, 2022 injured 7 people. "
               "“We lost everything in one night,” the owner said – damage is put at €2m.\n")
STORM_PAGE = """<!doctype html><html><head><title>Storm batters Kessing coast</title>
<style>body { color: red } .toll:after { content: "killed 200 people"; }</style>
<script>var deaths = 999; document.write("<p>The storm killed 1000 people.</p>");</script>
</head><body>
<p>Published March 9, 2022</p>
<p>The storm that hit Kessing on March 8, 2022 killed 14 people, the coastguard said.</p>
<iframe src="ad.html"><p>The storm killed 500 people.</p></iframe>
</body></html>
"""
BRIDGE_RECORD = {"id": "bridge", "title": "Harbour bridge reopens", "published": "2023-06-05",
                 "text": "The harbour bridge in Olsund reopened on June 4, 2023 after repairs "
                         "that cost 3 million euros."}
MARKET_RECORD = {"id": "market", "title": "Market returns", "published": "2023-06-06",
                 "text": "The spring market in Olsund returned on June 5, 2023 with 120 stalls."}
# What the script, style and iframe hold: never part of a document.
HIDDEN_NUMBERS = {200.0, 999.0, 1000.0, 500.0}


def png_bytes() -> bytes:
    """A real 1×1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def write_big(path: Path) -> None:
    """50 MB: a short report followed by whitespace padding (cheap to extract once read)."""
    head = (b"River flood in Tarrow\n\nMay 10, 2022\n\n"
            b"The river flood in Tarrow on May 9, 2022 killed 3 people, officials said.\n")
    with path.open("wb") as handle:
        handle.write(head)
        handle.write(b" " * (BIG_BYTES - len(head) - 1) + b"\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / ".git").mkdir()  # the configuration search stops here
    folder = root / "corpus"
    folder.mkdir()
    (folder / "blank.txt").write_text("   \n\n\t\n", encoding="utf-8")
    (folder / "zero.txt").write_bytes(b"")
    (folder / "photo.png").write_bytes(png_bytes())
    write_big(folder / "big.txt")
    (folder / "invalid-utf8.txt").write_bytes(
        b"Dam holds in Brenna\n\nJuly 2, 2022\n\nThe dam in Brenna held after 3,000 residents "
        b"were evacuated on July 1, 2022. Broken \xff\xfe\xc3\x28 bytes \x81\x8d here.\n")
    (folder / "cp1252.txt").write_bytes(FIRE_CP1252.encode("cp1252"))
    (folder / "utf16.txt").write_bytes(EARTHQUAKE.encode("utf-16"))  # with its byte-order mark
    (folder / "page.html").write_text(STORM_PAGE, encoding="utf-8")
    (folder / "records.jsonl").write_text(
        json.dumps(BRIDGE_RECORD) + '\n{"id": "broken", "text": "no closing quote}\n'
        + json.dumps(MARKET_RECORD) + "\n", encoding="utf-8")
    blob = "QUJD" * 25_000  # an inline base64 image pasted into the text: one 100,000-char line
    (folder / "long-line.txt").write_text(
        "Ferry service resumes\n\nAugust 2, 2022\n\nThe ferry to Holm Island resumed on "
        f"August 1, 2022. Attached photo: {blob} End of attachment.\n", encoding="utf-8")
    os.symlink("loop-b", folder / "loop-a")
    os.symlink("loop-a", folder / "loop-b")
    return folder


# Every file skipped or damaged, and the words that say why.
EXPECTED_WARNINGS = {
    "big.txt": f"larger than the size limit of {DEFAULT_LIMIT:,} bytes ({BIG_BYTES:,} bytes",
    "blank.txt": "empty file",
    # photo.png, loop-a and loop-b are not document types: a folder never reads them
    "records.jsonl:2": "invalid JSON",
    "zero.txt": "empty file",
}
READ = ["bridge", "cp1252", "invalid-utf8", "long-line", "market", "page", "utf16"]


@pytest.fixture(scope="module")
def hostile_run(corpus: Path) -> tuple[int, dict, list[str]]:
    """One real process: `python -m factcheck check` on the folder, two workers."""
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", "corpus", "--format", "json", "--facts",
         "--no-cache", "--jobs", "2"],
        cwd=corpus.parent, capture_output=True, text=True, timeout=300,
        env={**os.environ, "FACTCHECK_DEBUG": ""})
    return done.returncode, json.loads(done.stdout), done.stderr.splitlines()


def test_finishes_with_the_documented_exit_code(hostile_run: tuple[int, dict, list[str]]
                                                ) -> None:
    code, result, _ = hostile_run
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert errors == []  # nothing in the corpus contradicts anything
    assert code == 0


def test_one_warning_per_skipped_or_damaged_file(hostile_run: tuple[int, dict, list[str]]
                                                 ) -> None:
    _, result, stderr = hostile_run
    assert not any("Traceback" in line for line in stderr)
    prefix = "factcheck: warning: corpus/"
    assert all(line.startswith(prefix) for line in stderr), stderr
    by_file = dict(line.removeprefix(prefix).split(": ", 1) for line in stderr)
    assert len(by_file) == len(stderr)  # one line per file
    assert set(by_file) == set(EXPECTED_WARNINGS)
    for name, why in EXPECTED_WARNINGS.items():
        assert why in by_file[name], (name, by_file[name])
    assert result["warnings"] == [line.removeprefix("factcheck: warning: ") for line in stderr]


def test_everything_readable_is_read(hostile_run: tuple[int, dict, list[str]]) -> None:
    _, result, _ = hostile_run
    sources = {s["id"]: s for s in result["sources"]}
    assert sorted(sources) == READ
    assert sources["utf16"]["encoding"].startswith("utf-16")
    assert sources["cp1252"]["encoding"] == "cp1252"
    assert sources["cp1252"]["title"] == "Café fire in Dürnstein"
    assert sources["page"]["title"] == "Storm batters Kessing coast"
    assert sources["bridge"]["published"] == "2023-06-05"
    facts = result["facts"]
    # The text of each decoded file reached extraction.
    quantities = {(f["source"], f["value"]) for f in facts if f["kind"] == "quantity"}
    assert {("utf16", 45.0), ("cp1252", 7.0), ("page", 14.0)} <= quantities
    quotes = [f["value"] for f in facts if f["kind"] == "quote" and f["source"] == "cp1252"]
    assert quotes == ["We lost everything in one night"]


def test_html_script_style_and_iframe_are_not_text(hostile_run: tuple[int, dict, list[str]]
                                                   ) -> None:
    _, result, _ = hostile_run
    page = [f for f in result["facts"] if f["source"] == "page"]
    assert page
    assert not {f["value"] for f in page} & HIDDEN_NUMBERS
    assert not any("document.write" in f["sentence"] or "content:" in f["sentence"]
                   for f in page)


def test_damaged_text_is_reported(hostile_run: tuple[int, dict, list[str]]) -> None:
    """Invalid UTF-8 is read (as a legacy code page) and flagged as damaged; Windows-1252
    text decodes cleanly and is not."""
    _, result, _ = hostile_run
    sources = {s["id"]: s for s in result["sources"]}
    assert any("not valid UTF-8" in note for note in sources["invalid-utf8"]["notes"])
    damaged = {f["entity"] for f in result["findings"] if f["rule"] == "text-quality"}
    assert "invalid-utf8" in damaged
    assert not {"cp1252", "utf16", "page", "long-line"} & damaged


def test_a_raised_size_limit_reads_the_big_file(corpus: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)
    code = main(["check", "corpus/big.txt", "--format", "json", "--facts", "--no-cache",
                 "--jobs", "1", "--max-bytes", str(BIG_BYTES + 1)])
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    result = json.loads(captured.out)
    assert [s["id"] for s in result["sources"]] == ["big"]
    assert [(f["value"], f["line"]) for f in result["facts"] if f["kind"] == "quantity"] == [
        (3.0, 5)]


def test_the_size_limit_alone_is_a_clear_error(corpus: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)
    assert main(["check", "corpus/big.txt", "--no-cache", "--max-bytes", "1000000"]) == 2
    assert capsys.readouterr().err == (
        "factcheck: error: no readable documents in corpus/big.txt (corpus/big.txt: larger "
        f"than the size limit of 1,000,000 bytes ({BIG_BYTES:,} bytes or more), skipped)\n")


def test_the_document_limit_leaves_the_rest_out_with_a_warning(
        corpus: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)
    code = main(["check", "corpus", "--format", "json", "--no-cache", "--jobs", "1",
                 "--max-documents", "3"])
    captured = capsys.readouterr()
    assert code == 0
    result = json.loads(captured.out)
    # Folders are read in sorted order: the first three readable files, then the limit.
    assert [s["id"] for s in result["sources"]] == ["cp1252", "invalid-utf8", "long-line"]
    left_out = [line for line in captured.err.splitlines() if "left out" in line]
    assert len(left_out) == 1
    assert re.fullmatch(r"factcheck: warning: corpus/page\.html: \d+ more documents left out: "
                        r"over the limit of 3 documents", left_out[0])


def test_a_small_size_limit_skips_each_larger_file_by_name(
        corpus: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus.parent)
    code = main(["check", "corpus", "--format", "json", "--no-cache", "--jobs", "1",
                 "--max-bytes", "400"])
    captured = capsys.readouterr()
    assert code == 0
    too_big = sorted(line.removeprefix("factcheck: warning: corpus/").split(": ")[0]
                     for line in captured.err.splitlines() if "size limit of 400 bytes" in line)
    sizes = {p.name: p.stat().st_size for p in corpus.iterdir() if not p.is_symlink()}
    assert too_big == sorted(name for name, size in sizes.items() if size > 400)
    read = {s["path"].removeprefix("corpus/") for s in json.loads(captured.out)["sources"]}
    assert read and all(sizes[name] <= 400 for name in read)
