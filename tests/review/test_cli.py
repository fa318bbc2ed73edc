"""`factcheck review` end to end through the CLI: formats, report, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.cli import main

from .conftest import QUAKE, QUAKE_SOURCES

BASE = ["--jobs", "1", "--no-cache", "--quiet"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_report_and_default_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "review.html"
    code, out, err = run(["review", str(QUAKE / "review_doc.txt"), "--sources",
                          *map(str, QUAKE_SOURCES), "--format", "json", "--report",
                          str(report), *BASE], capsys)
    assert code == 1, err  # contradicted claims fail by default
    data = json.loads(out)
    assert data["review"]["counts"]["contradicted"] == 4
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    sources = [str(QUAKE / "a_wire.txt"), str(QUAKE / "c_copy.txt")]
    document = str(QUAKE / "review_ok.txt")
    assert run(["review", document, "--sources", *sources, *BASE], capsys)[0] == 0
    assert run(["review", document, "--sources", *sources, "--fail-on", "unsupported",
                *BASE], capsys)[0] == 1
    assert run(["review", str(QUAKE / "review_doc.txt"), "--sources", *sources,
                "--fail-on", "never", *BASE], capsys)[0] == 0


def test_bad_document_is_one_line_error(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["review", str(tmp_path / "nope.txt"), "--sources",
                          *map(str, QUAKE_SOURCES), *BASE], capsys)
    assert code == 2 and out == ""
    assert err.strip() == f"factcheck: error: {tmp_path / 'nope.txt'}: no such file"
