"""Independent pieces of the graph and rules stages, run in forked processes.

Those stages work on objects already in memory: a forked child inherits them without pickling
anything, and only its result (small next to its input) comes back. Results are returned in
the order of the pieces, so the output does not depend on ``jobs``. Where fork is not the
platform's way (Windows, macOS), or with one job, each piece runs here, in order.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

# The pieces of the current call: set before the pool forks, so the children inherit them.
_pieces: Sequence[Callable[[], Any]] = ()


class ForkError(Exception):
    """A forked child died (out of memory?) before returning its piece."""


_DIED = "a worker process died (out of memory?); try again with --jobs 1"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WATCH_SECONDS = 1.0


def die_with_parent(parent: int | None) -> None:
    """Worker initializer: end this process when ``parent`` (the pid that started the pool)
    dies, even by ``kill -9``, instead of living on, reparented, holding memory.

    On Linux the kernel does it (``prctl(PR_SET_PDEATHSIG, SIGKILL)``); elsewhere a daemon
    thread checks the parent every second. A parent that died before this ran is caught by
    comparing the parent pid. ``parent`` None: the worker's parent is a fork server (which
    ends with the program), so only the kernel's signal is asked for."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if parent is None:
        return
    if os.getppid() != parent:
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="factcheck-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def run_all(pieces: Sequence[Callable[[], T]], jobs: int,
            on_done: Callable[[], object] = lambda: None) -> list[T]:
    """Each piece's result, in order; up to ``jobs`` pieces at a time. ``on_done`` is called
    here as each piece finishes (a progress bar)."""
    if jobs <= 1 or len(pieces) <= 1 or not can_fork():
        results = []
        for piece in pieces:
            results.append(piece())
            on_done()
        return results
    global _pieces
    _pieces = pieces
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(pieces)), mp_context=context,
                                 initializer=die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            with frozen_heap():
                futures: list[Future[T]] = [pool.submit(_run_piece, i)
                                            for i in range(len(pieces))]
            for future in futures:
                future.add_done_callback(lambda _: on_done())
            return [future.result() for future in futures]
    except BrokenProcessPool:
        raise ForkError(_DIED) from None
    finally:
        _pieces = ()


def _run_piece(index: int) -> Any:
    return _pieces[index]()


def in_background(piece: Callable[[], T], jobs: int) -> Callable[[], T]:
    """Start ``piece`` in a forked child and return a function that waits for its result,
    so this process can go on with other work; with one job, the piece runs when asked."""
    if jobs <= 1 or not can_fork():
        return piece
    global _pieces
    _pieces = (piece,)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))
    try:
        with frozen_heap():
            future: Future[T] = pool.submit(_run_piece, 0)  # forks now, with the piece
    finally:
        _pieces = ()

    def result() -> T:
        try:
            return future.result()
        except BrokenProcessPool:
            raise ForkError(_DIED) from None
        finally:
            pool.shutdown()

    return result


@contextmanager
def frozen_heap(collect: bool = True) -> Iterator[None]:
    """The garbage collector's objects frozen meanwhile: its collections skip them.

    A forked child then never touches (and so copies) the pages it inherited, and a run's
    later stages never re-scan the extractions. When the heap is frozen already (by an
    enclosing stage, or by the caller's program), it stays as it is.

    ``collect=False``: no collection meanwhile either, for stages whose objects live to the
    end of the run and leave little cyclic garbage (graph and rules: 4,370 objects at 1,000
    documents); at the end they join the oldest generation unscanned, as the extractions do."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    paused = gc.isenabled() and not collect
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.freeze()  # this stage's objects too: unfreezing moves them to the oldest
            gc.enable()
        gc.unfreeze()
