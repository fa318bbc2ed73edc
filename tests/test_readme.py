"""README's instructions run as written: the first command, the install, the GitHub Action's
commands, the plain shell step and the pre-commit hook."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from factcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
SARIF_SCHEMA = ROOT / "tests" / "output" / "sarif-schema-2.1.0.json"

AGREE = ("Flood waters recede in Harlow Vale\n\nJune 5, 2023\n\n"
         "The flood in Harlow Vale on June 3, 2023 killed 12 people, the county coroner said.\n")
DISAGREE = ("Harlow Vale counts the cost\n\nJune 5, 2023\n\n"
            "The flood in Harlow Vale on June 3, 2023 killed 40 people, officials said.\n")


def blocks(language: str, after: str) -> list[str]:
    """The fenced ``language`` blocks of README after the heading or sentence ``after``."""
    start = README.index(after)
    return re.findall(rf"```{language}\n(.*?)```", README[start:], re.DOTALL)


def content_repo(root: Path, *articles: str) -> Path:
    """A git repository of articles, as a newsroom would have one."""
    (root / "articles").mkdir(parents=True)
    for number, text in enumerate(articles):
        (root / "articles" / f"story-{number}.txt").write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_first_command_exits_1_on_the_seeds_and_readme_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = blocks("sh", "## Two commands")[0].strip()
    assert first == "pip install -e . && factcheck check seeds/ --report reports/seeds.html"
    following = README[README.index(first):][:600]
    assert "exits with status 1" in following and "found the contradictions" in following
    monkeypatch.chdir(ROOT)
    argv = first.split(" && ")[1].split()[1:]  # factcheck check seeds/ --report …
    argv[argv.index("--report") + 1] = str(tmp_path / "seeds.html")  # no file in the checkout
    assert main([*argv, "--no-cache", "-q"]) == 1
    assert "error numeric-conflict" in capsys.readouterr().out


def test_the_distribution_has_a_name_of_its_own() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "factcheck-consistency"
    assert project["scripts"] == {"factcheck": "factcheck.cli:main"}
    distribution = importlib.metadata.distribution("factcheck-consistency")
    [script] = [e for e in distribution.entry_points if e.group == "console_scripts"]
    assert (script.name, script.value) == ("factcheck", "factcheck.cli:main")
    install = blocks("sh", "## Install")[0]
    assert 'pip install "git+https://github.com/' in install and "pip install ." in install
    assert "pip install factcheck" not in README  # that installs someone else's package


def test_action_installs_checks_with_the_baseline_and_uploads_sarif() -> None:
    steps = ACTION["runs"]["steps"]
    assert ACTION["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    install = next(s for s in steps if s.get("name") == "Install factcheck")
    assert install["env"]["FACTCHECK_ACTION_PATH"] == "${{ github.action_path }}"
    check = next(s for s in steps if s.get("id") == "check")
    assert "--baseline" in check["run"] and "--format sarif" in check["run"]
    workflow = yaml.safe_load(blocks("yaml", "**GitHub Action.**")[0])
    step = workflow["jobs"]["factcheck"]["steps"][1]
    assert step["uses"].startswith("OWNER/factcheck@")
    assert set(step["with"]) <= set(ACTION["inputs"])


def run_step(name: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One of the action's shell steps, as the runner runs it (bash -e -o pipefail)."""
    step = next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)
    values = {**{f"inputs.{k}": str(v.get("default", "")) for k, v in ACTION["inputs"].items()},
              **env}
    step_env = {key: values.get(re.sub(r"^\$\{\{ | \}\}$", "", value), value)
                for key, value in step.get("env", {}).items()}
    step_env.update((key, value) for key, value in env.items() if "." not in key)
    bin_dir = str(Path(sys.executable).parent)  # this environment's factcheck
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **step_env,
                               "PATH": bin_dir + os.pathsep + os.environ["PATH"]})


def test_the_actions_commands_run(tmp_path: Path) -> None:
    import jsonschema

    repo = content_repo(tmp_path / "news", AGREE, DISAGREE)
    output = tmp_path / "github-output"
    env = {"inputs.paths": "articles/", "GITHUB_OUTPUT": str(output)}
    done = run_step("Check", repo, env)
    assert done.returncode == 0, done.stderr  # the step records the code, the last one fails
    assert "exit-code=1" in output.read_text()
    assert "::error file=articles/story-0.txt,line=5" in done.stdout
    assert "no baseline factcheck-baseline.json" in done.stdout
    log = json.loads((repo / "factcheck.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(log)
    [result] = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "articles/story-0.txt", "uriBaseId": "%SRCROOT%"}
    failed = run_step("Fail on new findings", repo, {"steps.check.outputs.exit-code": "1"})
    assert failed.returncode == 1

    # Once the disagreement is accepted in the baseline, the step passes.
    subprocess.run([sys.executable, "-m", "factcheck", "baseline", "articles/", "-q"],
                   cwd=repo, check=True, capture_output=True)
    output.write_text("")
    done = run_step("Check", repo, env)
    assert done.returncode == 0 and "exit-code=0" in output.read_text(), done.stderr
    assert "::error" not in done.stdout
    assert json.loads((repo / "factcheck.sarif").read_text())["runs"][0]["results"][0][
        "baselineState"] == "unchanged"


def test_the_plain_shell_step_runs_as_written(tmp_path: Path) -> None:
    repo = content_repo(tmp_path / "news", AGREE, DISAGREE)
    subprocess.run([sys.executable, "-m", "factcheck", "baseline", "articles/", "-q"],
                   cwd=repo, check=True, capture_output=True)
    (repo / "articles" / "story-2.txt").write_text(
        DISAGREE.replace("40 people", "75 people"), encoding="utf-8")
    script = blocks("sh", "What the action runs, in any CI")[0]
    codes = []
    for command in script.strip().splitlines():
        argv = command.split()
        assert argv[0] == "factcheck"
        done = subprocess.run([sys.executable, "-m", "factcheck", *argv[1:]], cwd=repo,
                              capture_output=True, text=True, timeout=300)
        codes.append(done.returncode)
    assert codes == [1, 1]  # a new disagreement, beyond the accepted one
    assert (repo / "factcheck.sarif").is_file()


def install_step_command() -> str:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("name") == "Install factcheck")
    return step["run"]


@pytest.mark.slow
def test_the_action_installs_from_its_own_checkout(tmp_path: Path) -> None:
    """The install step, short of installing: pip builds the checkout's metadata."""
    command = install_step_command().replace("pip install --quiet",
                                             "pip install --quiet --dry-run --no-deps")
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "FACTCHECK_ACTION_PATH": str(ROOT),
                               "PATH": str(Path(sys.executable).parent) + os.pathsep
                               + os.environ["PATH"]})
    assert done.returncode == 0, done.stderr[-2000:]


def snapshot(target: Path) -> str:
    """This checkout as it is now (uncommitted changes too), committed in a repository of
    its own: what pre-commit would fetch at a commit of this repository. Its commit."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci", "-C", str(target)]
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "snapshot"], check=True)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_pre_commit_snippet_runs_as_written(tmp_path: Path) -> None:
    """README's .pre-commit-config.yaml, with this repository for OWNER/factcheck and a
    commit of it for COMMIT, in a content repository without any configuration: the hook's
    default arguments check the repository's documents."""
    hook_repo = tmp_path / "factcheck"
    rev = snapshot(hook_repo)
    config = blocks("yaml", "**pre-commit**")[0]
    assert "rev: COMMIT" in config and "id: factcheck" in config
    config = config.replace("https://github.com/OWNER/factcheck", str(hook_repo))
    config = config.replace("COMMIT", rev)
    repo = content_repo(tmp_path / "news", AGREE, DISAGREE)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                          cwd=repo, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "factcheck" in done.stdout and "Failed" in done.stdout
    assert "articles/story-0.txt:5:" in done.stdout and "numeric-conflict" in done.stdout
    # The disagreement fixed: the hook passes.
    (repo / "articles" / "story-1.txt").write_text(DISAGREE.replace("40 people", "12 people"),
                                                   encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                          cwd=repo, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
