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


def test_without_jobs_a_run_uses_one_process(monkeypatch, tmp_path: Path) -> None:
    """--jobs not given: one process at every size (README, Speed and scale), even past the
    sizes where reading and extraction used to start pools."""
    import factcheck.forking
    import factcheck.ingest
    import factcheck.parallel

    for seed in sorted(SEEDS.glob("*.txt")):
        for copy in range(100):  # past the ingest pool's 300 files and 1 MB of text
            (tmp_path / f"{seed.stem}-{copy}.txt").write_bytes(seed.read_bytes())
    forked = []
    monkeypatch.setattr(factcheck.forking, "can_fork", lambda: forked.append(1) or False)
    monkeypatch.setattr(factcheck.ingest, "can_fork", lambda: forked.append(1) or False)
    monkeypatch.setattr(factcheck.parallel, "_extract_parallel",
                        lambda *args: pytest.fail("extraction pool started"))
    stages = []
    build_graph = factcheck.api.build_graph
    monkeypatch.setattr(factcheck.api, "build_graph",
                        lambda docs, extractions, data, jobs: stages.append(jobs)
                        or build_graph(docs, extractions, data, jobs))
    result = check([tmp_path], jobs=None)
    assert len(result.documents) == 400 and sum(len(d.text) for d in result.documents) > 1e6
    assert stages == [1] and forked == []
