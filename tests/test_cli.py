"""End to end through ``factcheck.cli.main``: exit codes (0 agree, 1 contradiction, 2 usage,
configuration or input error) and errors as one line naming the file, the line and the reason."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from factcheck.cli import main

FLOOD_LOW = ("Flood waters recede in Harlow Vale\n\nJune 5, 2023\n\n"
             "The flood in Harlow Vale on June 3, 2023 killed 12 people, the county coroner "
             "said.\n")
FLOOD_HIGH = ("Harlow Vale counts the cost\n\nJune 5, 2023\n\n"
              "The flood in Harlow Vale on June 3, 2023 killed 40 people, officials said.\n")
FLOOD_SAME = ("Harlow Vale mourns\n\nJune 5, 2023\n\n"
              "Twelve people died when the flood hit Harlow Vale on June 3, 2023.\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of articles as the working folder (the configuration search stops at
    its root, so nothing outside the test is read)."""
    (tmp_path / ".git").mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "low.txt").write_text(FLOOD_LOW, encoding="utf-8")
    (docs / "same.txt").write_text(FLOOD_SAME, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    code = main(["check", "--no-cache", "--jobs", "1", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err.splitlines()


def one_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The run must fail with exit 2 and exactly one line on stderr: that line, unprefixed."""
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err) == 1, err
    assert err[0].startswith("factcheck: error: ")
    return err[0].removeprefix("factcheck: error: ")


def test_sources_that_agree_exit_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "docs")
    assert (code, err) == (0, [])
    assert out.splitlines()[-1].startswith("0 errors, 0 warnings, 0 info in 2 documents")


def test_a_contradiction_exits_1_unless_fail_on_never(repo: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "docs" / "high.txt").write_text(FLOOD_HIGH, encoding="utf-8")
    code, out, _ = run(capsys, "docs")
    assert code == 1
    assert "numeric-conflict" in out and "12" in out and "40" in out
    assert run(capsys, "docs", "--fail-on", "never")[0] == 0
    # Only the contradicted pair: each side alone is consistent.
    assert run(capsys, "docs/high.txt", "docs/same.txt")[0] == 1
    assert run(capsys, "docs/low.txt", "docs/same.txt")[0] == 0


def test_a_missing_path_is_one_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert one_error(capsys, "docs", "nowhere.txt") == "nowhere.txt: no such file or folder"


def test_nothing_readable_says_why(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = repo / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("  \n\n", encoding="utf-8")
    (empty / "zero.md").write_bytes(b"")
    message = one_error(capsys, "empty")
    assert message.startswith("no readable documents in empty (")
    assert "empty/blank.txt: empty file" in message and "empty/zero.md: empty file" in message


@pytest.mark.parametrize(("argv", "message"), [
    (["--max-bytes", "0"], "argument --max-bytes: must be at least 1, got 0"),
    (["--max-bytes", "lots"], "argument --max-bytes: expected a whole number, got 'lots'"),
    (["--max-documents", "-3"], "argument --max-documents: must be at least 1, got -3"),
    (["--jobs", "0"], "argument --jobs: must be at least 1, got 0"),
    (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
    (["--fail-on", "sometimes"], "argument --fail-on: invalid choice: 'sometimes'"),
])
def test_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                             message: str) -> None:
    code, out, err = run(capsys, "docs", *argv)
    assert (code, out) == (2, "")
    assert err[0].startswith(f"factcheck: error: {message}")
    assert len(err) == 1 and err[0].endswith("(see `factcheck check --help`)")


def test_unknown_rule_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert one_error(capsys, "docs", "--select", "no-such-rule").startswith(
        "unknown rule 'no-such-rule'")


@pytest.mark.parametrize(("name", "text", "line", "message"), [
    ("pyproject.toml",
     '[project]\nname = "news"\n\n[tool.factcheck]\npaths = ["docs"]\njobs = "many"\n', 6,
     "tool.factcheck.jobs: must be a whole number of at least 1, got 'many'"),
    ("pyproject.toml", '[tool.factcheck]\nfail-on = "warning"\ncache = "yes"\n', 3,
     "tool.factcheck.cache: must be true or false, got a string"),
    ("pyproject.toml", "[tool]\nfactcheck = 3\n", 2,
     "tool.factcheck: must be a table, got an integer"),
    ("factcheck.toml", 'paths = ["docs"]\nfail-on = "error\n', 2, "invalid TOML: "),
    ("factcheck.toml", 'paths = ["docs"]\n\nselect = ["numeric-conflict", 3]\n', 3,
     "select[1]: must be a string, got an integer"),
    ("factcheck.toml", 'fial-on = "error"\n', 1, "fial-on: unknown key (did you mean"),
])
def test_configuration_errors_name_file_and_line(repo: Path, capsys: pytest.CaptureFixture[str],
                                                 name: str, text: str, line: int,
                                                 message: str) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    error = one_error(capsys, "docs")
    assert error.startswith(f"{(repo / name).resolve()}:{line}: {message}")


@pytest.mark.parametrize(("name", "text", "line", "message"), [
    ("attributes.yaml", "attributes:\n  deaths:\n    cues: [killed, dead\n", 4, "invalid YAML"),
    ("attributes.yaml", "attributes:\n  injuries:\n    cues: [hurt]\n  deaths: 3\n", 2,
     "attributes.deaths: expected a mapping"),
    ("attributes.yaml", "attributes:\n  deaths:\n    cues: [killed]\n    every: yes\n", 3,
     "attributes.deaths: unknown key 'every'"),
    ("attributes.yaml", "? [killed, dead]\n: deaths\n", 1, "invalid YAML"),
    ("subjects.yaml", "heads:\n  people: [persons]\n  crew: sailors\n", 2,
     "heads.crew: expected a list of non-empty strings"),
    ("reference.yaml", "facts:\n  - entity: Harlow Bridge\n    attribute: opened\n"
                       "    source: county archive\n    year: long ago\n", 2,
     "value/low/high/year must be numbers"),
])
def test_rules_errors_name_file_and_line(repo: Path, capsys: pytest.CaptureFixture[str],
                                         name: str, text: str, line: int, message: str) -> None:
    rules = repo / "house-rules"
    rules.mkdir()
    (rules / name).write_text(text, encoding="utf-8")
    error = one_error(capsys, "docs", "--rules", str(rules))
    assert error.startswith(f"{rules / name}:{line}: ")
    assert message in error


def test_a_missing_rules_folder_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert one_error(capsys, "docs", "--rules", "no-rules") == "no-rules: rules folder not found"


def test_output_written_with_ordinary_permissions(repo: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    mask = os.umask(0o022)
    try:
        assert run(capsys, "docs", "--format", "json", "-o", "out/result.json")[0] == 0
    finally:
        os.umask(mask)
    written = repo / "out" / "result.json"
    assert written.read_text(encoding="utf-8").startswith('{\n  "schema": "factcheck/result@1"')
    assert stat.S_IMODE(written.stat().st_mode) == 0o644  # not mkstemp's private 0600


@pytest.mark.parametrize("flag", ["--output", "--report"])
def test_writing_onto_a_folder_is_one_line(repo: Path, capsys: pytest.CaptureFixture[str],
                                           flag: str) -> None:
    (repo / "taken").mkdir()
    code, _, err = run(capsys, "docs", flag, "taken")
    assert code == 2
    assert err == ["factcheck: error: taken: is a folder, not a file"]
    assert list((repo / "taken").iterdir()) == []
    assert not [p for p in repo.iterdir() if p.name.endswith(".tmp")]  # no temporary left


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: factcheck" in capsys.readouterr().out


def test_a_worker_that_dies_is_one_line(repo: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from factcheck.rules.engine import REGISTRY, load_builtin_rules

    parent = os.getpid()

    def dies_in_a_child(*args: object) -> list[object]:
        if os.getpid() != parent:
            os._exit(1)  # as the kernel's out-of-memory killer would end it: no exception
        return []

    load_builtin_rules()
    # A "texts" rule: with --jobs 2 it runs in a forked process while the graph is built.
    monkeypatch.setitem(REGISTRY, "text-quality",
                        replace(REGISTRY["text-quality"], function=dies_in_a_child))
    code = main(["check", "--no-cache", "--jobs", "2", "docs"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err == ["factcheck: error: a worker process died (out of memory?); "
                   "try again with --jobs 1"]


def test_json_with_facts_is_written_as_json_dumps_writes_it(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "docs" / "high.txt").write_text(FLOOD_HIGH, encoding="utf-8")
    code, out, _ = run(capsys, "docs", "--format", "json", "--facts")
    assert code == 1
    assert run(capsys, "docs", "--format", "json", "--facts", "-o", "out.json")[1] == ""
    data = json.loads(out)
    assert data["facts"] and data["findings"]
    # Written a fact and a finding at a time, it is byte for byte what one dump makes.
    assert out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert (repo / "out.json").read_text(encoding="utf-8") == out


def test_facts_as_json_are_written_as_json_dumps_writes_them(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "docs", "--no-cache", "--format", "json"]) == 0
    out = capsys.readouterr().out
    facts = json.loads(out)
    assert facts and all(f["source"] in ("low", "same") for f in facts)
    assert out == json.dumps(facts, ensure_ascii=False, indent=2) + "\n"
