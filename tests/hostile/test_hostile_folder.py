"""Issue 19, end to end: a content repository holding every hostile case of the issue among
good articles. `factcheck check` runs to completion (bounded in time and memory), writes the
JSON and the report, warns once per bad file, and loses nothing good."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck.atomic import STALE_SECONDS

MEMORY_LIMIT = 3 * 1024**3
TIME_LIMIT = 300

# Invented articles: (file name, text, a fact that must come out of it).
FLOOD = ("Flood hits Norrby\n\nMarch 2, 2023\n\n"
         "The flood in Norrby on March 1, 2023 killed 12 people, officials said.\n")
FLOOD_MD = ('---\ntitle: "Norrby flood: 40 dead"\n'
            'description: "The flood killed 40 people and injured 300."\n'
            "date: 2023-03-02\n---\n\n"
            "The flood in Norrby on March 1, 2023 killed 12 people, the police said.\n")
STORM_UTF16 = ("Storm in Kessby\n\nMay 4, 2023\n\n"
               "The storm in Kessby on May 3, 2023 injured 30 people, the hospital said.\n")
FLOOD_LATIN1_NAME = ("Norrby counts its dead\n\nMarch 2, 2023\n\n"
                     "The flood in Norrby on March 1, 2023 killed 40 people, the mayor said.\n")
FIRE_BIDI_NAME = ("Fire in Ostvik\n\nJune 3, 2023\n\n"
                  "The fire in Ostvik on June 2, 2023 injured 8 people, firefighters said.\n")
HOUSE_MODULE = "from pathlib import Path\nPath(__file__).with_name('ran').write_text('x')\n"


def bomb(levels: int = 12) -> str:
    lines = ['l0: &l0 ["lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    news = tmp_path / "news"
    news.mkdir()
    (news / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (news / "flood-front.md").write_text(FLOOD_MD, encoding="utf-8")
    (news / "storm.txt").write_bytes(STORM_UTF16.encode("utf-16-le"))  # no byte-order mark
    try:
        with open(os.path.join(os.fsencode(news), b"toll-\xe9.txt"), "wb") as handle:
            handle.write(FLOOD_LATIN1_NAME.encode("utf-8"))
        (news / "fire-\u202etxt.exe.txt").write_text(FIRE_BIDI_NAME, encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses the names")
    # The bad files.
    (news / "bomb.md").write_text(f"---\ntitle: Lol\n{bomb()}date: *l11\n---\n\nShort note.\n",
                                  encoding="utf-8")
    (news / "blob.txt").write_bytes(bytes(range(256)) * 16)
    house = tmp_path / "house"
    house.mkdir()
    (house / "mark.py").write_text(HOUSE_MODULE, encoding="utf-8")
    (tmp_path / "factcheck.toml").write_text('rules = ["house"]\n', encoding="utf-8")
    # What a killed run left beside the output.
    stale = tmp_path / ".out.json.k1ll3d00.tmp"
    stale.write_text("half")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    return tmp_path


def test_hostile_folder_runs_to_completion(repo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FACTCHECK_TRUST_CONFIG"}
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", "news", "--format", "json", "--facts",
         "-o", "out.json", "--report", "report.html", "--jobs", "2"],
        cwd=repo, env=env, capture_output=True, timeout=TIME_LIMIT, preexec_fn=limited)
    stderr = done.stderr.decode("utf-8")  # strict: valid UTF-8
    assert done.returncode == 1, stderr  # findings, not an error
    assert "Traceback" not in stderr
    result = json.loads((repo / "out.json").read_bytes().decode("utf-8"))
    report = (repo / "report.html").read_bytes().decode("utf-8")
    assert "numeric-conflict" in report

    # One warning per bad file, and none about a good one.
    bad = {"bomb.md": "aliases", "blob.txt": "binary file", "toll-\udce9.txt": "not valid UTF-8",
           "mark.py": "rule module not run"}
    for name, reason in bad.items():
        about = [w for w in result["warnings"] if name in w]
        assert len(about) == 1 and reason in about[0], (name, result["warnings"])
    assert len(result["warnings"]) == len(bad), result["warnings"]
    assert not (repo / "house" / "ran").exists()

    # Nothing good lost: every good article, with its fact; front matter gave none.
    facts = {(f["source"], f["text"]) for f in result["facts"] if f["kind"] == "quantity"}
    assert {("flood", "12 people"), ("flood-front", "12 people"), ("storm", "30 people"),
            ("toll-\udce9", "40 people"), ("fire-\u202etxt.exe", "8 people")} <= facts
    assert not {text for source, text in facts if source == "flood-front"} - {"12 people"}
    assert "bomb" in {s["id"] for s in result["sources"]}  # its body is still read
    assert {f["rule"] for f in result["findings"]} >= {"numeric-conflict"}
    conflict_sources = {e["source"] for f in result["findings"] if f["rule"] == "numeric-conflict"
                        for e in f["evidence"]}
    assert "toll-\udce9" in conflict_sources  # the file with the odd name counts

    # The killed run's temporary file is gone; nothing else beside the outputs.
    assert sorted(p.name for p in repo.iterdir() if p.name.endswith(".tmp")) == []
