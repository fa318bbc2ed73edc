"""Atomic file writes: a temporary file in the same folder, then a rename.

An interrupted write leaves the old file whole, never a half-written one. A write killed
outright (``kill -9``, a power cut) leaves its temporary file, ``.NAME.XXXXXXXX.tmp``, behind:
the next write of NAME removes those of its own pattern that are stale, i.e. not locked by
a live writer (each writer holds a lock on its temporary file) and untouched for a while.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no locks, so staleness is judged by age alone
    fcntl = None  # type: ignore[assignment]

# A temporary file untouched this long, and not locked, is a dead writer's. Without locks, an
# hour: no write of a report lasts that long.
STALE_SECONDS = 10 if fcntl is not None else 3600
# tempfile.mkstemp's names: the prefix, 8 characters of its alphabet, the suffix.
_RANDOM = "[a-z0-9_]{8}"


def atomic_write(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Write ``text`` (a string, or pieces of one written as they come) to ``path``."""
    target = Path(path)
    if target.is_dir():  # else the rename fails naming the temporary file
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if fcntl is not None:  # held until the file is closed: a live writer's file is kept
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                for piece in text:
                    handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600): give it the mode a plain write would.
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(target: Path, *, now: float | None = None) -> list[Path]:
    """Remove the stale temporary files of writes of ``target`` (only those of this module's
    pattern, only regular files, only stale ones); returns what was removed. Never raises."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{_RANDOM}\.tmp")
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if (not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_SECONDS
                    or _locked(entry.path)):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed


def _locked(path: str) -> bool:
    """Whether a live writer holds the lock on ``path``."""
    if fcntl is None:
        return False
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock taken here
    return False


def _umask() -> int:
    mask = os.umask(0o022)  # reading the mask means setting it: put it back at once
    os.umask(mask)
    return mask
