"""Command-line conventions: comma lists that leave the paths alone, one error prefix, a quiet
exit on a closed pipe, `facts --entity` by substring in any case, table cells cut with an
ellipsis."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import main

FLOOD_LOW = ("Flood waters recede in Harlow Vale\n\nJune 5, 2023\n\n"
             "The flood in Harlow Vale on June 3, 2023 killed 12 people, the county coroner "
             "said.\n")
FLOOD_HIGH = ("Harlow Vale counts the cost\n\nJune 5, 2023\n\n"
              "The flood in Harlow Vale on June 3, 2023 killed 40 people, officials said.\n")

RIVER = ("Rains swell the Osterbeck\n\nMay 2, 2023\n\n"
         "The flood on the Osterbeck river near Kellmarsh on April 30, 2023 forced 300 people "
         "from their homes, the district office said.\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "low.txt").write_text(FLOOD_LOW, encoding="utf-8")
    (docs / "high.txt").write_text(FLOOD_HIGH, encoding="utf-8")
    (docs / "river.txt").write_text(RIVER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--no-cache", "--jobs", "1"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv", [
    ["check", "--select", "numeric-conflict,date-conflict", "docs"],
    ["check", "--select", "numeric-conflict", "--select", "date-conflict", "docs"],
    ["check", "docs", "--select", "numeric-conflict, date-conflict"],
    ["check", "--ignore", "text-quality,quote-drift", "docs"],
])
def test_rule_lists_are_comma_separated_and_leave_paths_alone(
        repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (1, "")  # the paths were read: the flood tolls disagree
    assert "error numeric-conflict" in out
    assert "in 3 documents" in out


def test_select_runs_only_the_rules_listed(repo: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--select", "date-conflict,temporal-order", "docs")
    assert code == 0 and "numeric-conflict" not in out
    code, out, _ = run(capsys, "check", "--ignore", "numeric-conflict", "docs")
    assert code == 0 and "numeric-conflict" not in out


@pytest.mark.parametrize("argv", [
    ["check", "docs", "--select"],
    ["check", "docs", "--select", ","],
    ["check", "docs", "--select", "no-such-rule"],
    ["check", "docs", "--format", "xml"],
    ["check", "nowhere"],
    ["explain", "no-such-rule"],
    ["facts"],
    ["review", "docs/low.txt"],
])
def test_every_error_has_one_prefix(repo: Path, capsys: pytest.CaptureFixture[str],
                                    argv: list[str]) -> None:
    code = main(argv)
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("factcheck: error: "), err


def test_facts_entity_is_a_substring_in_any_case(repo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "facts", "docs", "--entity", "VALE FLOOD", "--format", "json")
    import json

    facts = json.loads(out)
    assert code == 0 and facts
    assert {f["entity"] for f in facts} == {"Harlow Vale flood (2023-06-03)"}
    assert {f["attribute"] for f in facts} >= {"deaths"}
    _, out, _ = run(capsys, "facts", "docs", "--entity", "osterbeck", "--format", "json")
    assert {f["source"] for f in json.loads(out)} == {"river"}


def test_table_cells_are_cut_with_an_ellipsis(repo: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    long_name = ("The Northern Provincial Emergency Coordination and Relief Directorate "
                 "of Harlow Vale")
    (repo / "docs" / "long.txt").write_text(
        f"Relief update\n\nJune 6, 2023\n\nThe {long_name} said 2,000 people were evacuated "
        "after the flood in Harlow Vale on June 3, 2023.\n", encoding="utf-8")
    code, out, _ = run(capsys, "facts", "docs")
    assert code == 0
    rows = out.splitlines()
    cut = [row for row in rows if "…" in row]
    assert cut, out
    widths = {len(row.rstrip()) for row in rows}
    assert max(widths) <= 6 * 40 + 5 * 2
    for row in rows:  # nothing longer than a column is shown without its ellipsis
        for cell in row.split("  "):
            assert len(cell.strip()) <= 40


@pytest.mark.parametrize("argv", [["check", "docs", "--format", "json"],
                                  ["facts", "docs"]])
def test_a_closed_pipe_exits_quietly(repo: Path, argv: list[str]) -> None:
    many = repo / "many"
    many.mkdir()
    for i in range(60):  # output well beyond a pipe's buffer
        (many / f"{i:03d}.txt").write_text(FLOOD_LOW if i % 2 else FLOOD_HIGH, encoding="utf-8")
    argv = [a if a != "docs" else "many" for a in argv]
    process = subprocess.Popen([sys.executable, "-m", "factcheck", *argv, "--no-cache",
                                "--jobs", "1", "--fail-on", "never"] if argv[0] == "check" else
                               [sys.executable, "-m", "factcheck", *argv, "--no-cache"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=repo)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()  # `| head -1`
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert "Traceback" not in err and "Broken pipe" not in err and "Exception" not in err


def test_exclude_leaves_files_out_of_folders(repo: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    code, out, _ = run(capsys, "check", "docs", "--exclude", "high.txt")
    assert code == 0 and "in 2 documents" in out
    code, out, _ = run(capsys, "check", "docs", "--exclude", "docs/high.*", "--exclude", "r*")
    assert code == 0 and "in 1 document " in out
    (repo / "factcheck.toml").write_text('exclude = ["high.txt"]\n', encoding="utf-8")
    code, out, _ = run(capsys, "check", "docs")
    assert code == 0 and "in 2 documents" in out


def test_no_paths_checks_the_working_folder(repo: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    (repo / "notes.log").write_text("not an article", encoding="utf-8")
    code, out, _ = run(capsys, "check")
    assert code == 1 and "in 3 documents" in out
    assert "docs/low.txt:" in out  # named from the working folder, without "./"
