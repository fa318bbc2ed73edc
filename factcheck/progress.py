"""Progress bars on stderr: tqdm, only for a terminal and only once a stage has run for a
second (``delay``), so quick runs, logs, pipes and machine-readable output stay clean."""

from __future__ import annotations

import sys
from typing import Protocol


class Progress(Protocol):
    def update(self, n: float = 1) -> bool | None: ...
    def __enter__(self) -> Progress: ...
    def __exit__(self, *exc: object) -> None: ...


class _NoProgress:
    def update(self, n: float = 1) -> None:
        del n

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def progress_bar(total: int, *, wanted: bool, desc: str, unit: str, done: int = 0) -> Progress:
    """A bar counting ``total`` steps of a stage, ``done`` of them already done."""
    if not (wanted and sys.stderr.isatty()):
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(total=total, initial=done, delay=1, file=sys.stderr, unit=unit, desc=desc,
                leave=False)
