"""Freed memory back to the system between stages.

A stage's working sets (the name index's look-up sets, for one) are freed when it ends, but
the C library keeps the freed pages for later allocations, and the next stages allocate most
of their objects elsewhere (Python's own small-object arenas): the pages stay in the run's
resident memory to its end. glibc's ``malloc_trim`` hands them back; elsewhere this does
nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # no glibc (musl has no malloc_trim)
        return None


_TRIM = _malloc_trim()


def release_free_memory() -> None:
    """Return the C heap's free pages to the system (a few milliseconds)."""
    if _TRIM is not None:
        _TRIM(0)
