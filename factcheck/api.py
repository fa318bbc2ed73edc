"""The public entry points: ``load`` (ingest + extraction) and ``check`` (everything)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from factcheck.extract import Extraction
from factcheck.fingerprint import fingerprint
from factcheck.graph import build_graph
from factcheck.ingest import ingest
from factcheck.model import Document
from factcheck.result import Result
from factcheck.ruledata import RuleData, load_rule_data
from factcheck.rules.engine import load_user_rules, run_rules, selected_rules

PathLike = str | os.PathLike[str]


class InputError(Exception):
    """Input that cannot be processed at all (a missing path, nothing readable)."""


def _paths(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    return [paths] if isinstance(paths, str | os.PathLike) else list(paths)


def _extract(documents: list[Document], data: RuleData, rules_dirs: list[str], *,
             jobs: int | None, cache: bool | PathLike, engine: str, scheduler: str | None,
             progress: bool, warnings: list[str]) -> list[Extraction]:
    if engine == "dask":
        from factcheck.dask_engine import extract_all_dask

        return extract_all_dask(documents, rules_dirs, scheduler=scheduler)
    from factcheck.cache import ExtractionCache
    from factcheck.parallel import extract_all

    store = None
    if cache:
        folder = Path(".factcheck-cache") if cache is True else Path(cache)
        store = ExtractionCache(folder, on_warning=warnings.append)
    try:
        return extract_all(documents, data, jobs=jobs, cache=store, progress=progress,
                           rules_dirs=rules_dirs)
    finally:
        if store is not None:
            store.close()


def load(paths: PathLike | Iterable[PathLike], *, rules: Iterable[PathLike] = (),
         jobs: int | None = 1, cache: bool | PathLike = False, engine: str = "local",
         scheduler: str | None = None, progress: bool = False,
         max_bytes: int = 20_000_000, max_documents: int = 100_000) -> Result:
    """Ingest and extract: documents and facts, no graph and no rules."""
    started = time.perf_counter()
    rules_dirs = [str(r) for r in rules]
    data = load_rule_data(rules_dirs)
    timings: dict[str, float] = {}
    ingested = ingest(_paths(paths), max_bytes=max_bytes, max_documents=max_documents)
    fatal = [p for p in ingested.problems if p.fatal]
    if fatal:
        raise InputError(f"{fatal[0].path}: {fatal[0].reason}")
    warnings = [f"{p.path}: {p.reason}" for p in ingested.problems]
    if not ingested.documents:
        # Say why: without a result the warnings are never printed.
        why = warnings[:3] + ([f"and {len(warnings) - 3} more"] if len(warnings) > 3 else [])
        raise InputError("no readable documents in " + ", ".join(map(str, _paths(paths)))
                         + (f" ({'; '.join(why)})" if why else ""))
    timings["ingest"] = time.perf_counter() - started
    mark = time.perf_counter()
    # By id, not in argument order: the output must not depend on how the files were named.
    documents = sorted(ingested.documents, key=lambda d: d.id)
    extractions = _extract(documents, data, rules_dirs, jobs=jobs, cache=cache,
                           engine=engine, scheduler=scheduler, progress=progress,
                           warnings=warnings)
    timings["extract"] = time.perf_counter() - mark
    result = Result(documents=documents,
                    all_facts=[f for e in extractions for f in e.facts], warnings=warnings,
                    timings=timings, extractions=extractions, rule_data=data)
    result.seconds = time.perf_counter() - started
    return result


def check(paths: PathLike | Iterable[PathLike], *, rules: Iterable[PathLike] = (),
          select: Iterable[str] = (), ignore: Iterable[str] = (), jobs: int | None = 1,
          cache: bool | PathLike = False, engine: str = "local", scheduler: str | None = None,
          progress: bool = False, max_bytes: int = 20_000_000,
          max_documents: int = 100_000) -> Result:
    """Everything: ingest, extract, graph, rules. Returns a Result with findings."""
    started = time.perf_counter()
    rules_dirs = [str(r) for r in rules]
    user_rules = load_user_rules(rules_dirs)
    result = load(paths, rules=rules_dirs, jobs=jobs, cache=cache, engine=engine,
                  scheduler=scheduler, progress=progress, max_bytes=max_bytes,
                  max_documents=max_documents)
    data = result.rule_data
    assert data is not None  # load() always sets it
    mark = time.perf_counter()
    graph = build_graph(result.documents, result.extractions, data)
    result.timings["graph"] = time.perf_counter() - mark
    mark = time.perf_counter()
    rules_to_run = selected_rules(select, ignore, data, user_rules)
    result.findings = run_rules(graph, data, rules_to_run, fingerprint)
    result.timings["rules"] = time.perf_counter() - mark
    result.fact_graph = graph
    result.entities = sorted(graph.entities.values(), key=lambda e: e.id)
    result.all_facts = graph.facts
    result.seconds = time.perf_counter() - started
    return result
