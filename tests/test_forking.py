"""Pieces of a stage in forked processes: results in order, failures reported, the parent's
state untouched, and the same as running them here."""

import gc
import os
from pathlib import Path

import pytest

from factcheck import check
from factcheck.forking import can_fork, frozen_heap, in_background, run_all

needs_fork = pytest.mark.skipif(not can_fork(), reason="fork is not this platform's way")
STATE = {"value": 1}


def whose_pid() -> int:
    return os.getpid()


@needs_fork
def test_pieces_run_in_children_and_come_back_in_order() -> None:
    big = list(range(100_000))  # inherited, never pickled
    pieces = [lambda i=i: (i, sum(big[i::7]), os.getpid()) for i in range(7)]
    results = run_all(pieces, jobs=2)
    assert [r[:2] for r in results] == [(i, sum(big[i::7])) for i in range(7)]
    assert os.getpid() not in {r[2] for r in results}


def test_one_job_runs_here() -> None:
    assert run_all([whose_pid, whose_pid], jobs=1) == [os.getpid()] * 2
    assert in_background(whose_pid, jobs=1)() == os.getpid()


@needs_fork
def test_a_childs_changes_stay_in_the_child() -> None:
    def change() -> int:
        STATE["value"] += 1
        return STATE["value"]

    # A worker may take both pieces, as one process would run them in turn.
    assert run_all([change, change], jobs=2) in ([2, 2], [2, 3])
    assert STATE["value"] == 1


@needs_fork
def test_an_exception_in_a_piece_reaches_the_caller() -> None:
    def fail() -> None:
        raise ValueError("rule failed")

    with pytest.raises(ValueError, match="rule failed"):
        run_all([whose_pid, fail], jobs=2)
    with pytest.raises(ValueError, match="rule failed"):
        in_background(fail, jobs=2)()


@needs_fork
def test_background_piece_runs_while_the_parent_works() -> None:
    result = in_background(whose_pid, jobs=2)
    here = whose_pid()
    assert result() != here


def test_frozen_heap_freezes_meanwhile_and_leaves_a_frozen_heap_as_it_was() -> None:
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()  # as a program that freezes its heap at start does
    try:
        frozen = gc.get_freeze_count()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_check_leaves_the_heap_unfrozen(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Floods killed 12 people in Tarn on Monday.\n",
                                    encoding="utf-8")
    check([tmp_path])
    assert gc.get_freeze_count() == 0
