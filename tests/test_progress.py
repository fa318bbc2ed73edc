"""Progress on stderr: only for a terminal, after a second; every stage step reported."""

from __future__ import annotations

import io
from pathlib import Path
from typing import ClassVar

import pytest

import factcheck.api
from factcheck.api import check
from factcheck.progress import progress_bar
from factcheck.ruledata import load_rule_data
from factcheck.rules.engine import selected_rules

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_only_on_a_terminal_and_only_after_a_second(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", Terminal())
    bar = progress_bar(10, wanted=True, desc="extracting", unit="doc", done=2)
    assert getattr(bar, "delay", None) == 1 and getattr(bar, "n", None) == 2
    bar.__exit__(None, None, None)
    assert not hasattr(progress_bar(10, wanted=False, desc="extracting", unit="doc"), "delay")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not hasattr(progress_bar(10, wanted=True, desc="extracting", unit="doc"), "delay")


class Recorder:
    bars: ClassVar[list[Recorder]] = []

    def __init__(self, total: int, **kwargs: object) -> None:
        self.total, self.desc, self.steps = total, kwargs["desc"], 0
        Recorder.bars.append(self)

    def update(self, n: float = 1) -> None:
        self.steps += int(n)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_graph_and_every_rule_advance_the_checking_bar(
        monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    Recorder.bars = []
    monkeypatch.setattr(factcheck.api, "progress_bar", Recorder)
    check([SEEDS], jobs=jobs, progress=True)
    rules = selected_rules((), (), load_rule_data([]), [])
    [bar] = [b for b in Recorder.bars if b.desc == "checking"]
    assert bar.total == bar.steps == 1 + len(rules)
