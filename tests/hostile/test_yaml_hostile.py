"""YAML that tries to blow up (alias bombs) and front matter that tries to become text.

The bomb cases run `factcheck` in a child process with an address-space limit and a timeout:
a regression fails the test (MemoryError or a kill), it never takes the machine with it."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.ingest import front_matter, ingest
from factcheck.ingest.frontmatter import MAX_FRONT_MATTER_CHARS
from factcheck.ruledata import RuleDataError, load_rule_data

MEMORY_LIMIT = 2 * 1024**3  # bytes of address space for the child: the bomb wants far more
TIME_LIMIT = 120  # seconds; a normal run of these few files takes a few


def bomb(levels: int = 12, indent: str = "") -> str:
    """A "billion laughs": each level lists the previous one ten times (10**levels leaves)."""
    lines = [f'{indent}l0: &l0 ["lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"{indent}l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


BODY = ("The flood in Norrby on March 1, 2023 killed 12 people, officials said.\n")


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTCHECK_TRUST_CONFIG": ""}
    return subprocess.run([sys.executable, "-m", "factcheck", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIME_LIMIT,
                          preexec_fn=limited)


def test_alias_bomb_in_front_matter_is_refused_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "bomb.md").write_text(f"---\ntitle: Norrby\n{bomb()}date: *l11\n---\n\n"
                                    + BODY, encoding="utf-8")
    (folder / "good.txt").write_text("Norrby flood\n\nMarch 2, 2023\n\n" + BODY, "utf-8")
    done = run_bounded(["check", "news", "--format", "json", "--facts", "--no-cache"],
                       tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "Traceback" not in done.stderr
    warnings = [w for w in result["warnings"] if "bomb.md" in w]
    assert len(warnings) == 1 and "aliases" in warnings[0] and "line 4" in warnings[0]
    # The body is still read, and nothing of the front matter became a fact.
    assert sorted(s["id"] for s in result["sources"]) == ["bomb", "good"]
    bomb_facts = [f for f in result["facts"] if f["source"] == "bomb"]
    assert {f["text"] for f in bomb_facts} >= {"12 people"}
    assert all(f["line"] > 14 for f in bomb_facts)
    assert "lol" not in json.dumps(bomb_facts)


def test_alias_bomb_in_rules_data_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    rules = tmp_path / "house"
    rules.mkdir()
    (rules / "gazetteer.yaml").write_text("bomb:\n" + bomb(indent="  ") + "entities: []\n",
                                          encoding="utf-8")
    (tmp_path / "a.txt").write_text("Norrby flood\n\nMarch 2, 2023\n\n" + BODY, "utf-8")
    done = run_bounded(["check", "a.txt", "--rules", "house", "--no-cache"], tmp_path)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"factcheck: error: {Path('house') / 'gazetteer.yaml'}:")
    assert "aliases are expanded" in line


def test_rules_data_may_still_use_a_few_aliases(tmp_path: Path) -> None:
    (tmp_path / "gazetteer.yaml").write_text(
        "shared: &spellings [Norrbyn, Norrby town]\n"
        "entities:\n"
        "  - {name: Norrby, kind: place, aliases: *spellings}\n", encoding="utf-8")
    data = load_rule_data([tmp_path])
    entry = next(e for e in data.gazetteer if e.name == "Norrby")
    assert entry.aliases == ("Norrbyn", "Norrby town")


def test_recursive_alias_in_rules_data_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "gazetteer.yaml").write_text("loop: &loop [1, *loop]\nentities: []\n",
                                             encoding="utf-8")
    with pytest.raises(RuleDataError, match=r"gazetteer\.yaml:1: invalid YAML: .*holds it"):
        load_rule_data([tmp_path])


def test_front_matter_is_metadata_not_text(tmp_path: Path) -> None:
    front = ('---\ntitle: "Flood kills 40 in Norrby"\n'
             'description: "The flood killed 40 people and injured 300."\n'
             'date: 2023-03-02\nurl: https://example.org/norrby-flood\n---\n\n')
    path = tmp_path / "flood.md"
    path.write_text(front + BODY, encoding="utf-8")
    import factcheck

    result = factcheck.load([path])
    [doc] = result.documents
    assert (doc.title, str(doc.published), doc.url) == (
        "Flood kills 40 in Norrby", "2023-03-02", "https://example.org/norrby-flood")
    assert {f.text for f in result.all_facts if f.kind == "quantity"} == {"12 people"}
    assert not [f for f in result.all_facts if f.kind == "quote"]
    file_text = path.read_text(encoding="utf-8")
    file_lines = file_text.splitlines()
    for fact in result.all_facts:  # offsets and lines are the file's own
        assert file_text[fact.start:fact.end] == fact.text
        assert fact.text in file_lines[fact.line - 1]
        assert fact.line == front.count("\n") + 1


def test_front_matter_function_gives_the_mapping_and_the_body_offset() -> None:
    text = "---\ntitle: Norrby\ndate: 2023-03-02\n---\nBody here.\n"
    data, body = front_matter(text)
    assert data["title"] == "Norrby" and str(data["date"]) == "2023-03-02"
    assert text[body:] == "Body here.\n"
    assert front_matter("No front matter.\n") == ({}, 0)
    data, body = front_matter("---\na: &x 1\nb: *x\n---\nBody\n")  # refused: no mapping
    assert data == {} and body == len("---\na: &x 1\nb: *x\n---\n")


def test_oversized_front_matter_is_skipped_with_a_warning(tmp_path: Path) -> None:
    filler = "".join(f"k{i}: {'x' * 60}\n" for i in range(MAX_FRONT_MATTER_CHARS // 60))
    path = tmp_path / "long.md"
    path.write_text(f"---\n{filler}---\n\n{BODY}", encoding="utf-8")
    read = ingest([path])
    [doc] = read.documents
    assert [p.reason for p in read.problems] == [
        f"front matter not read: longer than {MAX_FRONT_MATTER_CHARS:,} characters"]
    assert doc.text.lstrip() == BODY
