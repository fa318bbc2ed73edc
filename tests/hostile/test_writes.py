"""Writes never dropped without a word: --update-baseline with -o/--report writes them all;
a cache folder that cannot be written says so and the run goes on without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import factcheck.cache
from factcheck.cli import main

FIRST = ("Flood hits Norrby\n\nMarch 2, 2023\n\n"
         "The flood in Norrby on March 1, 2023 killed 12 people, officials said.\n")
SECOND = ("Norrby counts its dead\n\nMarch 2, 2023\n\n"
          "The flood in Norrby on March 1, 2023 killed 40 people, the mayor said.\n")
NOT_WRITABLE = "cache not writable; running without it"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    news = tmp_path / "news"
    news.mkdir()
    (news / "first.txt").write_text(FIRST, encoding="utf-8")
    (news / "second.txt").write_text(SECOND, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_update_baseline_also_writes_output_and_report(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "news", "--update-baseline", "--format", "json", "-o", "out.json",
                 "--report", "report.html", "--jobs", "1", "--no-cache"])
    err = capsys.readouterr().err
    assert code == 0
    baseline = json.loads((repo / "factcheck-baseline.json").read_text(encoding="utf-8"))
    output = json.loads((repo / "out.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in output["findings"]] == ["numeric-conflict"]
    assert len(baseline["findings"]) == 1
    assert baseline["findings"][0]["fingerprint"] == output["findings"][0]["fingerprint"]
    assert "numeric-conflict" in (repo / "report.html").read_text(encoding="utf-8")
    assert "json output written to out.json" in err and "report written to report.html" in err


def test_cache_folder_not_writable_says_so(repo: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache = repo / "cache"
    cache.mkdir()
    real_access = os.access

    def access(path: object, mode: int, **kw: object) -> bool:  # a read-only mount, say
        if Path(str(path)) == cache and mode & os.W_OK:
            return False
        return real_access(path, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(factcheck.cache.os, "access", access)
    code = main(["check", "news", "--cache-dir", str(cache), "--jobs", "1"])
    out, err = capsys.readouterr()
    assert code == 1 and "numeric-conflict" in out
    assert err.count(NOT_WRITABLE) == 1 and "rebuilt" not in err
    assert list(cache.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes through folder permissions")
def test_read_only_cache_folder_for_real(repo: Path) -> None:
    cache = repo / "cache"
    cache.mkdir()
    subprocess.run([sys.executable, "-m", "factcheck", "check", "news", "--cache-dir",
                    str(cache), "--jobs", "1"], capture_output=True, check=False, timeout=120)
    cache.chmod(0o555)
    try:
        done = subprocess.run([sys.executable, "-m", "factcheck", "check", "news",
                               "--cache-dir", str(cache), "--jobs", "1"],
                              capture_output=True, text=True, timeout=120)
    finally:
        cache.chmod(0o755)
    assert done.returncode == 1
    assert done.stderr.count(NOT_WRITABLE) == 1 and "rebuilt" not in done.stderr
