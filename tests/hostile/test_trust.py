"""Configuration is data, never code: a content repository's `rules = [...]` folder gives YAML
rules data, but its *.py rule modules run only when the user asks (--rules on the command line,
--trust-config, FACTCHECK_TRUST_CONFIG=1). The configuration search stops at the repository root
or the home folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.config import Config, load_config

FIRST = ("Flood hits Norrby\n\nMarch 2, 2023\n\n"
         "The flood in Norrby on March 1, 2023 killed 12 people, officials said.\n")
SECOND = ("Norrby counts its dead\n\nMarch 2, 2023\n\n"
          "The flood in Norrby on March 1, 2023 killed 40 people, the mayor said.\n")
# A rule module that leaves a mark when it is imported, and registers a rule that fires.
MODULE = '''
from pathlib import Path
from factcheck.model import Finding
from factcheck.rules.engine import rule

Path(__file__).with_name("ran.marker").write_text("imported")

@rule("house-marker", severity="warning")
def house_marker(graph, data):
    yield Finding(rule="house-marker", severity="warning", entity="house", attribute="mark",
                  message="the house rule ran", evidence=[])
'''


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "content"
    (root / ".git").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "articles" / "first.txt").write_text(FIRST, encoding="utf-8")
    (root / "articles" / "second.txt").write_text(SECOND, encoding="utf-8")
    house = root / "house"
    house.mkdir()
    (house / "mark.py").write_text(MODULE, encoding="utf-8")
    # Rules data the configuration may bring: numeric-conflict becomes info.
    (house / "severities.yaml").write_text("severities:\n  numeric-conflict: info\n",
                                           encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.factcheck]\npaths = ["articles"]\nrules = ["house"]\n', encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("FACTCHECK_TRUST_CONFIG", raising=False)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", "--jobs", "1", "--no-cache", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_configuration_rules_folder_gives_data_but_runs_no_code(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, result, err = run(capsys)
    assert not (repo / "house" / "ran.marker").exists()  # the module was never imported
    assert {f["rule"] for f in result["findings"]} == {"numeric-conflict"}
    assert [f["severity"] for f in result["findings"]] == ["info"]  # the YAML data was read
    assert code == 0
    warning = [w for w in result["warnings"] if "mark.py" in w]
    assert len(warning) == 1
    assert "--rules" in warning[0] and "--trust-config" in warning[0]
    assert "FACTCHECK_TRUST_CONFIG=1" in warning[0]
    assert err.count("mark.py") == 1


@pytest.mark.parametrize("how", ["flag", "environment", "command line"])
def test_rule_modules_run_when_asked_on_purpose(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        how: str) -> None:
    args: list[str] = []
    if how == "flag":
        args = ["--trust-config"]
    elif how == "environment":
        monkeypatch.setenv("FACTCHECK_TRUST_CONFIG", "1")
    else:
        args = ["--rules", "house"]
    code, result, _ = run(capsys, *args)
    assert (repo / "house" / "ran.marker").read_text() == "imported"
    assert "house-marker" in {f["rule"] for f in result["findings"]}
    assert not [w for w in result["warnings"] if "mark.py" in w]
    assert code == 0  # numeric-conflict is info, the house rule a warning


def test_trust_environment_value_must_be_a_yes(repo: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_TRUST_CONFIG", "0")
    run(capsys)
    assert not (repo / "house" / "ran.marker").exists()


def test_the_python_api_runs_the_folders_it_is_given(repo: Path) -> None:
    import factcheck

    factcheck.check(["articles"], rules=["house"], rule_modules=[])
    assert not (repo / "house" / "ran.marker").exists()
    result = factcheck.check(["articles"], rules=["house"])
    assert (repo / "house" / "ran.marker").exists()
    assert "house-marker" in {f.rule for f in result.findings}


def test_search_stops_at_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "factcheck.toml").write_text('format = "json"\n')  # above home: never read
    home = tmp_path / "home"
    project = home / "notes" / "drafts"  # no .git anywhere
    project.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert load_config(project) == (Config(), None)
    (home / "factcheck.toml").write_text('format = "sarif"\n')  # the home folder itself: read
    config, path = load_config(project)
    assert (config.format, path) == ("sarif", (home / "factcheck.toml").resolve())
