from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.config import Config, ConfigError, load_config, merge


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root: the configuration search stops here."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_no_configuration_gives_defaults(repo: Path) -> None:
    config, path = load_config(repo)
    assert path is None
    assert config == Config()
    assert (config.fail_on, config.format, config.cache, config.jobs) == ("error", "text", True,
                                                                          None)


def test_pyproject_table_found_from_a_subfolder(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.factcheck]\npaths = ["articles/"]\n'
        'select = ["numeric-conflict"]\nignore = ["text-quality"]\nfail-on = "warning"\n'
        'format = "sarif"\njobs = 2\ncache = false\n')
    sub = repo / "articles" / "2024"
    sub.mkdir(parents=True)
    config, path = load_config(sub)
    assert path == repo / "pyproject.toml"
    assert config.paths == ["articles/"]
    assert config.select == ["numeric-conflict"] and config.ignore == ["text-quality"]
    assert (config.fail_on, config.format, config.jobs, config.cache) == ("warning", "sarif", 2,
                                                                          False)


def test_factcheck_toml_uses_top_level_keys_and_wins_over_pyproject(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.factcheck]\nfail-on = "info"\n')
    (repo / "factcheck.toml").write_text('fail_on = "never"\n')
    config, path = load_config(repo)
    assert path == repo / "factcheck.toml" and config.fail_on == "never"


def test_pyproject_without_the_table_is_passed_over(repo: Path) -> None:
    (repo / "factcheck.toml").write_text('format = "junit"\n')
    sub = repo / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.ruff]\nline-length = 100\n')
    config, path = load_config(sub)
    assert path == repo / "factcheck.toml" and config.format == "junit"


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "factcheck.toml").write_text('format = "json"\n')
    inner = tmp_path / "checkout"
    (inner / ".git").mkdir(parents=True)
    assert load_config(inner) == (Config(), None)


def test_paths_of_files_are_relative_to_the_configuration(repo: Path) -> None:
    (repo / "factcheck.toml").write_text(
        'paths = ["news"]\nrules = ["house-rules", "/opt/rules"]\n'
        'baseline = "ci/baseline.json"\nreport = "out/report.html"\n')
    sub = repo / "news"
    sub.mkdir()
    config, _ = load_config(sub)
    root = repo.resolve()
    assert config.paths == ["news"]  # the command line joins these to the file's folder
    assert config.rules == [str(root / "house-rules"), "/opt/rules"]
    assert config.baseline == str(root / "ci" / "baseline.json")
    assert config.report == str(root / "out" / "report.html")


def error_of(repo: Path, text: str, name: str = "factcheck.toml") -> str:
    (repo / name).write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(repo)
    message = str(caught.value)
    assert "\n" not in message
    where = re.match(re.escape(str((repo / name).resolve())) + r"(:\d+)?: ", message)
    assert where is not None  # "file: " or "file:LINE: "
    return message[where.end():]


def test_unknown_key_with_a_suggestion(repo: Path) -> None:
    assert error_of(repo, '[tool.factcheck]\nfial-on = "error"\n', "pyproject.toml") == \
        "tool.factcheck.fial-on: unknown key (did you mean 'fail-on'?)"
    message = error_of(repo, 'colour = "red"\n')
    assert message.startswith("colour: unknown key (known keys: paths, exclude, rules, select")


def test_wrong_types_name_the_key_path(repo: Path) -> None:
    assert error_of(repo, 'select = "numeric-conflict"\n') == \
        "select: must be a list of strings, got a string"
    assert error_of(repo, 'paths = ["a", 3]\n') == "paths[1]: must be a string, got an integer"
    assert error_of(repo, 'fail-on = "fatal"\n') == \
        "fail-on: must be one of error, warning, info, never, got 'fatal'"
    assert error_of(repo, 'format = "xml"\n').startswith("format: must be one of text, json")
    assert error_of(repo, "jobs = true\n") == "jobs: must be a whole number of at least 1, got True"
    assert error_of(repo, "jobs = 0\n") == "jobs: must be a whole number of at least 1, got 0"
    assert error_of(repo, 'cache = "yes"\n') == "cache: must be true or false, got a string"
    assert error_of(repo, 'baseline = ""\n') == "baseline: must not be empty"
    assert error_of(repo, 'fail-on = "error"\nfail_on = "info"\n').startswith(
        "fail_on: given twice")
    (repo / "factcheck.toml").unlink()
    assert error_of(repo, "[tool]\nfactcheck = 3\n", "pyproject.toml") == \
        "tool.factcheck: must be a table, got an integer"


def test_toml_syntax_error_keeps_line_and_column(repo: Path) -> None:
    message = error_of(repo, 'paths = ["a"]\nselect = ["x" "y"]\njobs = 1\n')
    assert message.startswith("invalid TOML: ")
    assert message.endswith("(at line 2, column 15)")


def test_invalid_pyproject_is_reported_not_skipped(repo: Path) -> None:
    assert error_of(repo, "[tool.factcheck\n", "pyproject.toml").startswith("invalid TOML")


def test_merge_overrides_only_what_was_given() -> None:
    base = Config(select=["a"], fail_on="warning", format="json", baseline="b.json")
    merged = merge(base, select=None, ignore=["c"], fail_on="never", baseline=None, format=None,
                   report="r.html")
    assert merged == Config(select=["a"], ignore=["c"], fail_on="never", format="json",
                            baseline="b.json", report="r.html")
    assert base.fail_on == "warning"  # not changed in place
    with pytest.raises(TypeError, match="unknown configuration key 'colour'"):
        merge(base, colour="red")
