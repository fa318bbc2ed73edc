"""The public entry points: the collector's setting during a run, and after it."""

import gc
from pathlib import Path

import pytest

import factcheck.api
from factcheck.api import InputError, check

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_a_run_collects_less_often_and_gives_the_setting_back(monkeypatch) -> None:
    seen = []
    run_rules = factcheck.api.run_rules

    def recording(*args, **kwargs):
        seen.append(gc.get_threshold())
        return run_rules(*args, **kwargs)

    monkeypatch.setattr(factcheck.api, "run_rules", recording)
    before = gc.get_threshold()
    check([SEEDS])
    assert seen and seen[0][0] >= 50_000 and seen[0][1:] == before[1:]
    assert gc.get_threshold() == before


def test_the_setting_comes_back_after_a_failed_run(tmp_path: Path) -> None:
    before = gc.get_threshold()
    with pytest.raises(InputError):
        check([tmp_path / "missing"])
    assert gc.get_threshold() == before
