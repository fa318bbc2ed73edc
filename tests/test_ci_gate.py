"""End to end: the CI gate in a temporary git repository of articles (issue: fail only on new
contradictions)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from factcheck.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NEW_ARTICLE = (
    "Airport blast aftermath\n\nSeptember 20, 2021\n\n"
    "The bombing at Kabul airport on August 26, 2021 wounded 150 people, hospital staff said.\n")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    (tmp_path / "factcheck.toml").write_text(
        'paths = ["articles"]\nbaseline = "factcheck-baseline.json"\ncache = false\n',
        encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.email=ci@example.org", "-c", "user.name=ci", "add", ".")
    git(tmp_path, "-c", "user.email=ci@example.org", "-c", "user.name=ci", "commit", "-qm", "x")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def gate(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", "--jobs", "1", *extra])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def test_gate_fails_only_on_new_contradictions(repo: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["baseline", "--jobs", "1"]) == 0
    baseline = json.loads((repo / "factcheck-baseline.json").read_text(encoding="utf-8"))
    accepted = {e["fingerprint"] for e in baseline["findings"]}
    assert any(e["rule"] == "numeric-conflict" for e in baseline["findings"])
    capsys.readouterr()

    # Seeds + a fresh baseline: nothing new.
    code, out = gate(capsys)
    assert code == 0 and out["new"] == []

    # A new article that adds a contradiction: exit 1, naming only the new finding.
    new = repo / "articles" / "004_new.txt"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    code, out = gate(capsys)
    assert code == 1
    new_findings = [f for f in out["findings"] if f["fingerprint"] in out["new"]]
    assert [f["attribute"] for f in new_findings] == ["injuries"]
    assert all(f["fingerprint"] in accepted for f in out["findings"]
               if f["fingerprint"] not in out["new"])
    new.unlink()

    # An unrelated edit to an old article (a sentence added, paragraphs reflowed): still 0.
    old = repo / "articles" / "002_b6f470e546b386da.txt"
    text = old.read_text(encoding="utf-8")
    edited = text.replace("What happens next?", "What happens next?\n\nA new paragraph "
                          "about the weather in spring.").replace(". ", ".  ", 5)
    old.write_text(edited, encoding="utf-8")
    code, out = gate(capsys)
    assert code == 0 and out["new"] == []

    # The contradiction fixed: reported resolved, exit 0; --update-baseline drops it.
    old.write_text(edited.replace("170 people", "182 people"), encoding="utf-8")
    code, out = gate(capsys)
    assert code == 0
    assert any(r["rule"] == "numeric-conflict" for r in out["resolved"])
    assert main(["check", "--update-baseline", "--jobs", "1"]) == 0
    after = json.loads((repo / "factcheck-baseline.json").read_text(encoding="utf-8"))
    assert not any(e["rule"] == "numeric-conflict" and e["attribute"] == "deaths"
                   for e in after["findings"])


def test_corrupt_baseline_is_exit_2_and_left_unchanged(repo: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    broken = '{"schema": "factcheck/baseline@1", "findings": [\n'
    path = repo / "factcheck-baseline.json"
    path.write_text(broken, encoding="utf-8")
    assert main(["check", "--jobs", "1"]) == 2
    assert main(["check", "--update-baseline", "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "factcheck-baseline.json" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 2  # one line per failed run
    assert path.read_text(encoding="utf-8") == broken


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_junit_failures_and_exit_code_agree(repo: Path, fail_on: str) -> None:
    """Warnings are JUnit failures only under --fail-on warning (or info), as in the exit code."""
    import xml.etree.ElementTree as ET

    (repo / "factcheck.toml").write_text('paths = ["articles"]\ncache = false\n',
                                         encoding="utf-8")  # no baseline: every finding new
    report = repo / "junit.xml"
    code = main(["check", "--format", "junit", "-o", str(report), "--jobs", "1", "-q",
                 "--fail-on", fail_on])
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    failed = [case.find("failure").get("type")  # type: ignore[union-attr]
              for case in suite.iter("testcase") if case.find("failure") is not None]
    assert code == (1 if failed else 0)
    expected = {"error": {"error"}, "warning": {"error", "warning"},
                "info": {"error", "warning", "info"}, "never": set()}[fail_on]
    assert set(failed) == expected  # the seeds hold errors, warnings and an info
    assert int(suite.get("failures", "0")) == len(failed)


def test_paths_from_config_come_out_relative(repo: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    """[tool.factcheck] paths are joined to the config's (absolute) folder; every output names
    them relative to the working folder, and SARIF uses relative URIs on %SRCROOT%."""
    import jsonschema

    assert main(["baseline", "--jobs", "1"]) == 0
    (repo / "articles" / "004_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    capsys.readouterr()
    main(["check", "--format", "sarif", "--jobs", "1", "-o", "out.sarif"])
    log = json.loads((repo / "out.sarif").read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parent / "output" / "sarif-schema-2.1.0.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    locations = [location["physicalLocation"]["artifactLocation"]
                 for result in log["runs"][0]["results"]
                 for location in result["locations"] + result.get("relatedLocations", [])]
    assert locations
    for location in locations:
        assert location["uriBaseId"] == "%SRCROOT%"
        assert location["uri"].startswith("articles/"), location

    for fmt in ("github", "text", "junit", "json"):
        main(["check", "--format", fmt, "--jobs", "1", "--fail-on", "never"])
        out, err = capsys.readouterr()
        assert str(repo) not in out + err, fmt
        assert "articles/004_new.txt" in out, fmt
    main(["check", "--format", "github", "--jobs", "1"])
    assert "::error file=articles/" in capsys.readouterr().out


def test_the_tools_own_outputs_are_never_read(repo: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Outputs, report, baseline, logs and data written inside the folder checked leave the
    next run unchanged (a re-run once went from 19 to 69 findings)."""
    (repo / "factcheck.toml").write_text('paths = ["articles"]\ncache = false\n',
                                         encoding="utf-8")
    code, first = gate(capsys)
    assert first["findings"]
    articles = repo / "articles"
    assert main(["baseline", "--jobs", "1", "--baseline", "articles/factcheck-baseline.json"]) \
        == 0
    main(["check", "--jobs", "1", "--report", "articles/report.html", "-q"])
    for fmt, name in (("json", "out.json"), ("sarif", "out.sarif"), ("junit", "junit.xml"),
                      ("text", "findings.txt"), ("github", "annotations.md")):
        main(["check", "--jobs", "1", "--format", fmt, "-o", f"articles/{name}", "-q"])
    (articles / "run.log").write_text((articles / "findings.txt").read_text("utf-8"), "utf-8")
    (articles / "figures.csv").write_text("place,deaths\nairport,170\n", encoding="utf-8")
    assert main(["review", "articles/002_b6f470e546b386da.txt", "--sources", "articles",
                 "-o", "articles/review.txt", "--jobs", "1", "-q"]) in (0, 1)
    capsys.readouterr()
    again_code, again = gate(capsys)
    assert again_code == code
    assert again["sources"] == first["sources"]
    assert again["findings"] == first["findings"]
    assert again["warnings"] == first["warnings"]
    # Named explicitly, an output is still no article: it is skipped with a warning.
    main(["check", "articles/002_b6f470e546b386da.txt", "articles/report.html",
          "articles/findings.txt", "--jobs", "1", "--fail-on", "never"])
    err = capsys.readouterr().err
    assert "articles/report.html: a factcheck report, not a document, skipped" in err
    assert "articles/findings.txt: factcheck output, not a document, skipped" in err
