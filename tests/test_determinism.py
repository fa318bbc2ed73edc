"""The same input gives byte-identical output: across runs, --jobs values, the cache, the order
in which files were created on disk and the order in which they are named.

``stats.seconds`` is null unless --timing asks for the wall time, so the JSON is compared
whole, byte for byte; with --timing it differs from the default only in that value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

OWN_DOCS = {
    "flood-a.txt": "Flood waters recede in Harlow Vale\n\nJune 5, 2023\n\nThe flood in Harlow "
                   "Vale on June 3, 2023 killed 12 people, the county coroner said. About 300 "
                   "homes were damaged.\n",
    "flood-b.md": "---\ntitle: Harlow Vale counts the cost\npublished: 2023-06-05\n---\n\n"
                  "The flood in Harlow Vale on June 3, 2023 killed 40 people, officials said. "
                  "\"We have never seen water like this,\" said Mayor Ellen Brody.\n",
    "flood-c.html": "<html><head><title>Harlow Vale recovery</title></head><body>"
                    "<p>June 6, 2023</p><p>Mayor Ellen Brody said: \"We have never seen water "
                    "like that.\" The flood on June 3, 2023 left at least 12 people dead in "
                    "Harlow Vale.</p></body></html>\n",
    "wires.jsonl": json.dumps({"id": "wire-1", "published": "2023-06-04", "title": "Dam alert",
                               "text": "Engineers at the Corran dam warned on June 3, 2023 "
                                       "that 1,200 residents might have to leave."}) + "\n"
                   + json.dumps({"id": "wire-2", "published": "2023-06-05",
                                 "text": "Mayor Elen Brody thanked 150 volunteers."}) + "\n",
}


def make_repo(root: Path, reverse: bool) -> Path:
    """The seeds and our own documents under ``root/docs``, created in sorted or reverse
    order (a different order of entries on disk)."""
    (root / ".git").mkdir(parents=True)
    docs = root / "docs"
    docs.mkdir()
    contents = {p.name: p.read_bytes() for p in SEEDS.iterdir()}
    contents.update({name: text.encode("utf-8") for name, text in OWN_DOCS.items()})
    for name in sorted(contents, reverse=reverse):
        (docs / name).write_bytes(contents[name])
    return root


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return (make_repo(tmp_path_factory.mktemp("forward"), reverse=False),
            make_repo(tmp_path_factory.mktemp("backward"), reverse=True))


def output(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
           *argv: str) -> str:
    monkeypatch.chdir(repo)
    code = main(["check", *argv])
    captured = capsys.readouterr()
    assert code == 1, captured.err  # the corpus holds contradictions: exit 1 every time
    return captured.out


def test_json_is_byte_identical_across_jobs_disk_order_and_argument_order(
        repos: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    forward, backward = repos
    base = ["--format", "json", "--facts", "--no-cache"]
    reference = output(forward, capsys, monkeypatch, "docs", *base, "--jobs", "1")
    data = json.loads(reference)
    assert data["stats"]["seconds"] is None
    assert data["stats"]["documents"] == 4 + 3 + 2 and data["findings"] and data["facts"]
    assert output(forward, capsys, monkeypatch, "docs", *base, "--jobs", "1") == reference
    assert output(backward, capsys, monkeypatch, "docs", *base, "--jobs", "2") == reference
    names = sorted(p.name for p in (backward / "docs").iterdir())
    named_backwards = [f"docs/{name}" for name in reversed(names)]
    assert output(backward, capsys, monkeypatch, *named_backwards, *base, "--jobs", "2") == \
        reference


def test_a_cached_run_gives_the_same_json(repos: tuple[Path, Path],
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    forward, _ = repos
    base = ["docs", "--format", "json", "--facts", "--jobs", "1"]
    reference = output(forward, capsys, monkeypatch, *base, "--no-cache")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert output(forward, capsys, monkeypatch, *base, *cache) == reference  # cold: writes
    assert any((tmp_path / "cache").iterdir())
    assert output(forward, capsys, monkeypatch, *base, *cache) == reference  # warm: reads


@pytest.mark.parametrize("fmt", ["text", "sarif", "junit", "github"])
def test_other_formats_do_not_depend_on_disk_order(repos: tuple[Path, Path],
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   fmt: str) -> None:
    forward, backward = repos
    argv = ["docs", "--format", fmt, "--no-cache", "--jobs", "1"]
    assert output(forward, capsys, monkeypatch, *argv) == \
        output(backward, capsys, monkeypatch, *argv)


def test_timing_differs_only_in_seconds(repos: tuple[Path, Path],
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    forward, _ = repos
    argv = ["docs", "--format", "json", "--no-cache", "--jobs", "1"]
    plain = json.loads(output(forward, capsys, monkeypatch, *argv))
    timed = json.loads(output(forward, capsys, monkeypatch, *argv, "--timing"))
    assert isinstance(timed["stats"]["seconds"], float) and timed["stats"]["seconds"] > 0
    timed["stats"]["seconds"] = None
    assert timed == plain
