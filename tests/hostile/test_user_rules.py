"""Mistakes in users' rules are one line naming the file and the line, exit 2: an exception in
a rule, sys.exit in a rule module or in a rule, an unknown rule id in severities.yaml or in the
configuration's select/ignore."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.cli import main

STORY = ("Flood hits Norrby\n\nMarch 2, 2023\n\n"
         "The flood in Norrby on March 1, 2023 killed 12 people, officials said.\n")
EXITING_RULE = '''from factcheck.rules.engine import rule


@rule("house-exit", severity="warning")
def leaves(graph, data):
    raise SystemExit(0)
'''
EXITING_MODULE = '''import sys

sys.exit(0)
'''


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "flood.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "house").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTCHECK_TRUST_CONFIG", raising=False)
    return tmp_path


def one_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["check", "news", "--no-cache", *args])
    err = capsys.readouterr().err
    assert code == 2, err
    [line] = err.strip().splitlines()
    assert line.startswith("factcheck: error: ") and "Traceback" not in err
    return line.removeprefix("factcheck: error: ")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exception_in_a_rule_names_its_file_and_line(
        repo: Path, capsys: pytest.CaptureFixture[str], jobs: str, failing_rule: str) -> None:
    (repo / "house" / "broken.py").write_text(failing_rule, encoding="utf-8")
    message = one_error(capsys, "--rules", "house", "--jobs", jobs)
    assert message == (f"{repo / 'house' / 'broken.py'}:7: rule 'house-broken' failed: "
                       "KeyError: 'missing'")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sys_exit_in_a_rule_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str],
                                      jobs: str) -> None:
    (repo / "house" / "leaves.py").write_text(EXITING_RULE, encoding="utf-8")
    message = one_error(capsys, "--rules", "house", "--jobs", jobs)
    assert message == f"{repo / 'house' / 'leaves.py'}:6: rule 'house-exit' called sys.exit(0)"


def test_sys_exit_in_a_rule_module_is_exit_2(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "house" / "quits.py").write_text(EXITING_MODULE, encoding="utf-8")
    message = one_error(capsys, "--rules", "house")
    assert message == f"{Path('house') / 'quits.py'}:3: rule module called sys.exit(0)"


def test_unknown_rule_in_severities_names_file_and_line(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "house" / "severities.yaml").write_text(
        "# house severities\nseverities:\n  numeric-conflict: warning\n  numeric-conflcit: off\n",
        encoding="utf-8")
    message = one_error(capsys, "--rules", "house")
    assert message.startswith(f"{Path('house') / 'severities.yaml'}:4: unknown rule "
                              "'numeric-conflcit'")


def test_known_rules_in_severities_are_fine(repo: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "house" / "severities.yaml").write_text(
        "severities:\n  numeric-conflict: warning\n  text-quality: off\n", encoding="utf-8")
    assert main(["check", "news", "--no-cache", "--rules", "house"]) == 0


def test_severities_for_a_house_rule_not_run_are_not_an_error(
        repo: Path, capsys: pytest.CaptureFixture[str], failing_rule: str) -> None:
    # The configuration's folder brings a rule and its severity; its module is not run
    # (untrusted), so the id cannot be checked: the run goes on, with the module's warning.
    (repo / "house" / "broken.py").write_text(failing_rule, encoding="utf-8")
    (repo / "house" / "severities.yaml").write_text("severities:\n  house-broken: info\n",
                                                    encoding="utf-8")
    (repo / "factcheck.toml").write_text('rules = ["house"]\n', encoding="utf-8")
    assert main(["check", "news", "--no-cache"]) == 0
    assert "broken.py: rule module not run" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "text", "line"), [
    ("factcheck.toml", 'fail-on = "warning"\nignore = ["text-quality", "no-such-rule"]\n', 2),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.factcheck]\nselect = ["nope"]\n', 5),
])
def test_unknown_rule_in_configuration_names_file_and_line(
        repo: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    rule = "no-such-rule" if "no-such-rule" in text else "nope"
    assert one_error(capsys) == f"{(repo / name).resolve()}:{line}: unknown rule '{rule}'"
