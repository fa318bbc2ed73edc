"""File names that are not UTF-8 (and so reach Python with surrogate escapes): the run keeps
them, warns once naming the file, and every output stays valid UTF-8: JSON escapes the byte
(a JSON reader gets the same name back), text and HTML show U+FFFD."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import main

GOOD = ("Flood hits Norrby\n\nMarch 2, 2023\n\n"
        "The flood in Norrby on March 1, 2023 killed 12 people, officials said.\n")
BAD = ("Norrby counts its dead\n\nMarch 2, 2023\n\n"
       "The flood in Norrby on March 1, 2023 killed 40 people, the mayor said.\n")
BAD_NAME = b"dead-\xff\xfe.txt"  # Latin-1 bytes: not UTF-8


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    (news / "good.txt").write_text(GOOD, encoding="utf-8")
    try:
        with open(os.path.join(os.fsencode(news), BAD_NAME), "wb") as handle:
            handle.write(BAD.encode("utf-8"))
    except OSError:  # a file system that insists on UTF-8 names
        pytest.skip("this file system refuses names that are not UTF-8")
    return news


def test_outputs_and_report_are_written_as_valid_utf8(
        folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, report = tmp_path / "out.json", tmp_path / "report.html"
    code = main(["check", str(folder), "--format", "json", "--jobs", "1", "--no-cache",
                 "-o", str(out), "--report", str(report)])
    err = capsys.readouterr().err
    assert code == 1  # the two figures conflict: the bad-named file was read
    result = json.loads(out.read_bytes().decode("utf-8"))  # strict: raises on a raw 0xFF
    paths = {s["id"]: s["path"] for s in result["sources"]}
    assert set(paths) == {"good", "dead-\udcff\udcfe"}
    # The escape is the name: it opens the same file.
    assert os.path.exists(os.fsencode(paths["dead-\udcff\udcfe"]))
    assert [f["rule"] for f in result["findings"]] == ["numeric-conflict"]
    assert "\\udcff" in out.read_text(encoding="utf-8")  # escaped, not replaced
    page = report.read_bytes().decode("utf-8")
    assert "dead-\ufffd\ufffd" in page
    warnings = [w for w in err.splitlines() if "dead-" in w]
    assert warnings == [f"factcheck: warning: {folder}/dead-\ufffd\ufffd.txt: file name is not "
                        "valid UTF-8: shown with U+FFFD, escaped in JSON; read anyway"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_stdout_is_valid_utf8_in_every_format(folder: Path, fmt: str) -> None:
    done = subprocess.run([sys.executable, "-m", "factcheck", "check", str(folder),
                           "--format", fmt, "--jobs", "1", "--no-cache"],
                          capture_output=True, timeout=120)
    assert done.returncode == 1, done.stderr
    stdout = done.stdout.decode("utf-8")  # strict
    assert b"\xff" not in done.stdout
    if fmt not in ("text", "github"):  # a line names the first place, the sources by title
        assert "dead-" in stdout
    assert b"Traceback" not in done.stderr
    done.stderr.decode("utf-8")  # strict


def test_facts_command_and_baseline_are_valid_utf8(folder: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    done = subprocess.run([sys.executable, "-m", "factcheck", "facts", "news", "--format",
                           "json", "--jobs", "1", "--no-cache"], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {f["source"] for f in json.loads(done.stdout.decode("utf-8"))} == {
        "good", "dead-\udcff\udcfe"}
    assert main(["baseline", "news", "--jobs", "1", "--no-cache"]) == 0
    baseline = json.loads((tmp_path / "factcheck-baseline.json").read_bytes().decode("utf-8"))
    assert "dead-\udcff\udcfe" in json.dumps(baseline, ensure_ascii=False)


def test_a_skipped_file_with_such_a_name_gets_one_warning(folder: Path) -> None:
    from factcheck.ingest import ingest

    with open(os.path.join(os.fsencode(folder), b"blob-\xff.txt"), "wb") as handle:
        handle.write(bytes(range(256)) * 8)
    read = ingest([folder])
    about = [p.reason for p in read.problems if "blob-" in p.path]
    assert about == ["binary file, skipped"]
    assert [p.path for p in read.problems if "dead-" in p.path] == [
        os.path.join(str(folder), "dead-\udcff\udcfe.txt")]
