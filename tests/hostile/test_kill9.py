"""After `kill -9`: worker processes die with their parent, and the next write removes the
temporary files a killed write left behind (only the tool's own pattern, only stale ones).

Each case runs in a child process with a timeout, and every process it starts is killed at the
end whatever happens."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck.atomic import STALE_SECONDS, atomic_write, remove_stale_temporaries

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc and forks")
WAIT = 20.0  # seconds allowed for anything to happen

RUN_ALL = """
import functools, time
from factcheck.forking import run_all
print("ready", flush=True)
run_all([functools.partial(time.sleep, 120)] * 2, 2)
"""
IN_BACKGROUND = """
import functools, time
from factcheck.forking import in_background
waiting = in_background(functools.partial(time.sleep, 120), 2)
print("ready", flush=True)
waiting()
"""
EXTRACT_POOL = """
import time
from factcheck.model import Document
from factcheck.parallel import _extract_parallel
from factcheck.ruledata import load_rule_data
docs = [Document(id=f"d{i}", path=f"d{i}.txt", text="Quiet day in Norrby.") for i in range(4)]
results = _extract_parallel(docs, load_rule_data(), 2, None, False)
next(results)  # the pool is up; its workers wait for more
print("ready", flush=True)
time.sleep(120)
"""
KILLED_WRITE = """
import sys, time
from factcheck.atomic import atomic_write
def pieces():
    yield "half of a report"
    print("ready", flush=True)
    time.sleep(120)
atomic_write(sys.argv[1], pieces())
"""


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has died; only its parent's wait is missing


def start(script: str, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def wait_for(condition: Callable[[], bool], seconds: float = WAIT) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.parametrize(("script", "count"), [(RUN_ALL, 2), (IN_BACKGROUND, 1),
                                               (EXTRACT_POOL, 2)],
                         ids=["graph-and-rules", "texts-rules", "extract"])
def test_workers_die_with_their_parent(script: str, count: int) -> None:
    parent = start(script)
    workers: set[int] = set()
    try:
        assert wait_for(lambda: len(children(parent.pid)) >= count)
        workers = children(parent.pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=WAIT)
        assert wait_for(lambda: not any(alive(pid) for pid in workers)), \
            f"workers outlived their parent: {sorted(p for p in workers if alive(p))}"
    finally:
        for pid in [parent.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_next_write_removes_what_a_killed_write_left(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    writer = start(KILLED_WRITE, str(target))
    try:
        [left] = [p for p in tmp_path.iterdir() if p.name.startswith(".report.html.")]
    finally:
        writer.kill()
        writer.wait(timeout=WAIT)
    assert left.name.endswith(".tmp") and not target.exists()
    # Just killed: too fresh to be judged stale (a live writer may be between close and
    # rename); once it has aged, the next write removes it.
    atomic_write(target, "first")
    assert left.exists()
    old = time.time() - STALE_SECONDS - 5
    os.utime(left, (old, old))
    atomic_write(target, "second")
    assert not left.exists()
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_only_stale_temporaries_of_the_tool_s_own_pattern_go(tmp_path: Path) -> None:
    import fcntl

    target = tmp_path / "out.json"
    old = time.time() - STALE_SECONDS - 5
    keep = {
        ".out.json.bak.tmp",  # not mkstemp's 8 characters
        ".out.json.abcd1234.tmp.keep",
        ".other.json.abcd1234.tmp",  # another file's temporaries: not this write's business
        "out.json.abcd1234.tmp",  # not hidden: not ours
        ".out.json.fresh123.tmp",  # recent
        ".out.json.locked12.tmp",  # a live writer holds it
    }
    for name in keep | {".out.json.stale123.tmp", ".out.json.a_b_c_d_.tmp"}:
        path = tmp_path / name
        path.write_text("x")
        if name != ".out.json.fresh123.tmp":
            os.utime(path, (old, old))
    (tmp_path / ".out.json.link1234.tmp").symlink_to(tmp_path / "out.json.abcd1234.tmp")
    os.utime(tmp_path / ".out.json.link1234.tmp", (old, old), follow_symlinks=False)
    keep.add(".out.json.link1234.tmp")
    with open(tmp_path / ".out.json.locked12.tmp") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        removed = remove_stale_temporaries(target)
    assert sorted(p.name for p in removed) == [".out.json.a_b_c_d_.tmp",
                                               ".out.json.stale123.tmp"]
    assert {p.name for p in tmp_path.iterdir()} == keep
