"""The public entry points: ``load`` (ingest + extraction) and ``check`` (everything)."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.cache import CorruptEntry, ExtractionCache
from factcheck.extract import Extraction
from factcheck.fingerprint import fingerprint
from factcheck.forking import frozen_heap
from factcheck.graph import FactGraph, Texts, build_graph
from factcheck.ingest import ingest
from factcheck.model import Document
from factcheck.progress import progress_bar
from factcheck.result import Result
from factcheck.ruledata import RuleData, load_rule_data
from factcheck.rules.engine import load_user_rules, run_rules, selected_rules, start_rules
from factcheck.runcache import CachedRun, decode_run, encode_run, run_key

if TYPE_CHECKING:
    from factcheck.dask_engine import DaskLoader

PathLike = str | os.PathLike[str]

# A run allocates millions of objects that live to its end (mentions, facts) and frees few:
# the collector's default pass every 700 allocations re-scans them again and again (8% of the
# CPU time over 3,000 documents, measured with gc.callbacks; 3% at this threshold).
_GC_ALLOCATIONS = 50_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect less often for the length of a run; the caller's setting comes back after."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], _GC_ALLOCATIONS), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


# Processes when --jobs is not given: one, at every size. Measured with bench/run.py's pairing
# on generated corpora on 2 cores, --jobs 2 against --jobs 1 in alternating rounds beside what
# two copies of a CPU-bound loop gained at the same moment: 1,000 documents 0.73-1.22x (the
# loop 0.96-1.13x), 4,000 documents 0.79-1.40x (1.40x where the loop gained 1.93x), 8,000
# documents 0.92-1.07x (the loop 0.96-1.25x), 16,000 documents 1.01-1.03x (the loop
# 0.97-1.29x), each with 15-42% more CPU. No size reached the 1.6x that would pay for it; an
# explicit --jobs N is obeyed.
DEFAULT_JOBS = 1


class InputError(Exception):
    """Input that cannot be processed at all (a missing path, nothing readable)."""


def _paths(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    return [paths] if isinstance(paths, str | os.PathLike) else list(paths)


def _dask_loader(engine: str, rules_dirs: list[str], data: RuleData, scheduler: str | None,
                 store: ExtractionCache | None, max_bytes: int, keep: bool, texts: bool
                 ) -> DaskLoader | None:
    """With the Dask engine, files are read and extracted on its workers; with ``keep``, on a
    ``distributed`` cluster, the extractions stay there for the graph and the rules, and
    without ``texts``, so do the documents' texts."""
    if engine != "dask":
        return None
    from factcheck.dask_engine import DaskLoader

    return DaskLoader(rules_dirs, data, scheduler=scheduler, cache=store, max_bytes=max_bytes,
                      keep=keep, texts=texts)


def _open_cache(cache: bool | PathLike, warnings: list[str]) -> ExtractionCache | None:
    if not cache:
        return None
    folder = Path(".factcheck-cache") if cache is True else Path(cache)
    return ExtractionCache(folder, on_warning=warnings.append)


def _extract(documents: list[Document], data: RuleData, rules_dirs: list[str], *,
             jobs: int | None, store: ExtractionCache | None, engine: str,
             scheduler: str | None, progress: bool) -> list[Extraction]:
    if engine == "dask":
        from factcheck.dask_engine import extract_all_dask

        return extract_all_dask(documents, rules_dirs, scheduler=scheduler, cache=store)
    from factcheck.parallel import extract_all

    return extract_all(documents, data, jobs=jobs, cache=store, progress=progress,
                       rules_dirs=rules_dirs)


def _ingest(paths: PathLike | Iterable[PathLike], *, max_bytes: int, max_documents: int,
            jobs: int, exclude: Iterable[str] = (),
            store: ExtractionCache | None = None,
            loader: DaskLoader | None = None) -> tuple[list[Document], list[str]]:
    """Documents sorted by id, and the warnings of what could not be read. ``store``: the
    cache, which also keeps mojibake repairs. ``loader``: files read (and extracted) on Dask
    workers."""
    ingested = ingest(_paths(paths), max_bytes=max_bytes, max_documents=max_documents,
                      jobs=jobs, exclude=list(exclude),
                      repairs=store if store is not None and store.enabled else None,
                      read_wave=loader.read_wave if loader is not None else None)
    fatal = [p for p in ingested.problems if p.fatal]
    if fatal:
        raise InputError(f"{fatal[0].path}: {fatal[0].reason}")
    warnings = [f"{p.path}: {p.reason}" for p in ingested.problems]
    if not ingested.documents:
        # Say why: without a result the warnings are never printed.
        why = warnings[:3] + ([f"and {len(warnings) - 3} more"] if len(warnings) > 3 else [])
        raise InputError("no readable documents in " + ", ".join(map(str, _paths(paths)))
                         + (f" ({'; '.join(why)})" if why else ""))
    # By id, not in argument order: the output must not depend on how the files were named.
    return sorted(ingested.documents, key=lambda d: d.id), warnings


def _read(paths: PathLike | Iterable[PathLike], cache: bool | PathLike, engine: str,
          rules_dirs: list[str], data: RuleData, scheduler: str | None, *, max_bytes: int,
          max_documents: int, jobs: int, exclude: Iterable[str], keep: bool = False,
          texts: bool = True
          ) -> tuple[ExtractionCache | None, DaskLoader | None, list[Document], list[str]]:
    """The cache (opened first: ingest keeps its mojibake repairs there), the Dask loader if
    any (``keep``, ``texts``: see ``_dask_loader``), the documents and the warnings, ingest's
    first. On an error the cache and the loader are closed; else the caller closes them."""
    warnings: list[str] = []
    store = _open_cache(cache, warnings)
    loader = None
    try:
        loader = _dask_loader(engine, rules_dirs, data, scheduler, store, max_bytes, keep,
                              texts)
        documents, read_warnings = _ingest(paths, max_bytes=max_bytes,
                                           max_documents=max_documents, jobs=jobs,
                                           exclude=exclude, store=store, loader=loader)
    except BaseException:
        _close(store, loader)
        raise
    warnings[:0] = read_warnings  # before the cache's own (the cache may add more later)
    return store, loader, documents, warnings


def _close(store: ExtractionCache | None, loader: DaskLoader | None) -> None:
    if store is not None:
        store.close()
    if loader is not None:
        loader.close()


@_fewer_collections()
def load(paths: PathLike | Iterable[PathLike], *, rules: Iterable[PathLike] = (),
         jobs: int | None = 1, cache: bool | PathLike = False, engine: str = "local",
         scheduler: str | None = None, progress: bool = False,
         max_bytes: int = 20_000_000, max_documents: int = 100_000,
         exclude: Iterable[str] = ()) -> Result:
    """Ingest and extract: documents and facts, no graph and no rules. ``jobs``: processes
    (None: ``DEFAULT_JOBS``)."""
    started = time.perf_counter()
    jobs = DEFAULT_JOBS if jobs is None else jobs
    rules_dirs = [str(r) for r in rules]
    data = load_rule_data(rules_dirs)
    store, loader, documents, warnings = _read(
        paths, cache, engine, rules_dirs, data, scheduler, max_bytes=max_bytes,
        max_documents=max_documents, jobs=jobs, exclude=exclude)
    try:
        timings = {"ingest": time.perf_counter() - started}
        mark = time.perf_counter()
        extractions = loader.extractions(documents) if loader is not None else _extract(
            documents, data, rules_dirs, jobs=jobs, store=store, engine=engine,
            scheduler=scheduler, progress=progress)
    finally:
        _close(store, loader)
    timings["extract"] = time.perf_counter() - mark
    return Result(documents, [f for e in extractions for f in e.facts], warnings=warnings,
                  timings=timings, extractions=extractions, rule_data=data,
                  seconds=time.perf_counter() - started)


@_fewer_collections()
def check(paths: PathLike | Iterable[PathLike], *, rules: Iterable[PathLike] = (),
          select: Iterable[str] = (), ignore: Iterable[str] = (), jobs: int | None = 1,
          cache: bool | PathLike = False, engine: str = "local", scheduler: str | None = None,
          progress: bool = False, max_bytes: int = 20_000_000,
          max_documents: int = 100_000,
          rule_modules: Iterable[PathLike] | None = None,
          exclude: Iterable[str] = (), keep_texts: bool = True) -> Result:
    """Everything: ingest, extract, graph, rules. Returns a Result with findings.
    ``exclude``: gitignore-style patterns of files to leave out of folders.

    ``rules``: extra rules folders; their YAML data is always read. ``rule_modules``: the
    folders whose ``*.py`` rule modules are imported (run); None means all of ``rules``. A
    caller that got folders from a file it does not trust (a repository's configuration)
    passes only those the user named on purpose.

    With ``cache``, extractions are kept per document and whole runs by their inputs: a run
    over unchanged documents with the same rules and code is answered from the cache, and its
    facts and graph are rebuilt only if asked for (``result.all_facts``, ``result.graph``).

    ``keep_texts=False``: when the graph and the rules run on the Dask workers (a
    ``distributed`` cluster), the documents' texts stay there too. The documents come back
    with an empty text, but those holding a suppression marker (``factcheck.suppress``), and
    the facts cannot be rebuilt: for output that shows findings and metadata only."""
    started = time.perf_counter()
    jobs = DEFAULT_JOBS if jobs is None else jobs
    rules_dirs = [str(r) for r in rules]
    modules_dirs = rules_dirs if rule_modules is None else [str(r) for r in rule_modules]
    user_rules = load_user_rules(modules_dirs)
    data = load_rule_data(rules_dirs)
    store, loader, documents, warnings = _read(
        paths, cache, engine, rules_dirs, data, scheduler, max_bytes=max_bytes,
        max_documents=max_documents, jobs=jobs, exclude=exclude, keep=True,
        texts=keep_texts)
    try:
        rules_to_run = selected_rules(select, ignore, data, user_rules,
                                      unverified=set(rules_dirs) - set(modules_dirs))
    except BaseException:
        _close(store, loader)
        raise
    timings = {"ingest": time.perf_counter() - started}
    options = {"jobs": jobs, "engine": engine, "scheduler": scheduler, "progress": progress}

    def extract(store: ExtractionCache | None) -> list[Extraction]:
        mark = time.perf_counter()
        # With Dask, the workers extracted as they read: only ids changed since are left.
        extractions = loader.extractions(documents) if loader is not None else _extract(
            documents, data, rules_dirs, store=store, **options)
        timings["extract"] = time.perf_counter() - mark
        return extractions

    def build(extractions: list[Extraction]) -> FactGraph:
        mark = time.perf_counter()
        graph = build_graph(documents, extractions, data, jobs)
        timings["graph"] = time.perf_counter() - mark
        return graph

    def restore() -> tuple[list[Extraction], FactGraph]:
        if loader is not None and not loader.texts:  # (only ever on the workers)
            raise ValueError("the facts of a check with keep_texts=False cannot be rebuilt: "
                             "the documents' texts stayed on the Dask workers")
        store = _open_cache(cache, [])
        try:
            if loader is not None and loader.on_workers:  # the workers have forgotten them
                extractions = _extract(documents, data, rules_dirs, store=store, **options)
            else:
                extractions = extract(store)
            return extractions, build(extractions)
        finally:
            if store is not None:
                store.close()

    try:
        key = None
        if store is not None and store.enabled:
            mark = time.perf_counter()
            key = run_key(documents, data, rules_to_run, keys=loader.document_keys(
                documents) if loader is not None and loader.on_workers else None)
            cached = _cached_run(store, key)
            timings["run-cache"] = time.perf_counter() - mark
            if cached is not None:
                return Result(documents, entities=cached.entities, findings=cached.findings,
                              warnings=warnings, timings=timings, rule_data=data,
                              restore=restore, fact_count=cached.fact_count,
                              seconds=time.perf_counter() - started)
        if loader is not None and loader.on_workers:
            # Graph and rules on the Dask workers, beside the extractions: what the output
            # shows comes back, and the facts only if asked for (``restore``).
            mark = time.perf_counter()
            findings, entities, fact_count, stages = loader.check_on_workers(
                documents, rules_to_run, modules_dirs)
            # "extract": the rest, settling the cache here and moving the extractions to
            # the worker that checks (they were made while reading).
            timings.update(extract=time.perf_counter() - mark - sum(stages.values()),
                           **stages)
            if key is not None:  # (the findings, kept compressed, read all at once)
                blob = encode_run(CachedRun(list(findings), entities, fact_count))
                if blob is not None:
                    store.put_run(key, blob)
            return Result(documents, entities=entities, findings=findings, warnings=warnings,
                          timings=timings, rule_data=data, restore=restore,
                          fact_count=fact_count, seconds=time.perf_counter() - started)
        extractions = extract(store)
        # The extractions live to the end of the run, and so do the graph and the findings:
        # the collector need not scan them while the graph and the rules allocate (at 10,000
        # documents it spent 2.3 s doing so; at 1,000, collections of the graph's and the
        # rules' own objects took 0.07-0.13 s more).
        # After extraction's bar: one step for the graph, then one per rule.
        with frozen_heap(collect=False), progress_bar(
                1 + len(rules_to_run), wanted=progress, desc="checking",
                unit="step") as checking:
            # Rules that read only the texts start first: with jobs, they run meanwhile.
            mark = time.perf_counter()
            texts = Texts({d.id: d for d in documents}, {e.source: e for e in extractions})
            early = start_rules(texts, data, rules_to_run, fingerprint, jobs)
            graph = build(extractions)
            checking.update()
            findings = run_rules(graph, data, rules_to_run, fingerprint, jobs,
                                 on_done=checking.update, started=early)
            timings["rules"] = time.perf_counter() - mark - timings["graph"]
        entities = sorted(graph.entities.values(), key=lambda e: e.id)
        if key is not None:
            blob = encode_run(CachedRun(findings, entities, len(graph.facts)))
            if blob is not None:
                store.put_run(key, blob)
    finally:
        _close(store, loader)
    return Result(documents, graph.facts, entities=entities, findings=findings,
                  warnings=warnings, timings=timings, extractions=extractions,
                  fact_graph=graph, rule_data=data, seconds=time.perf_counter() - started)


def _cached_run(store: ExtractionCache, key: str) -> CachedRun | None:
    payload = store.get_run(key)
    if payload is None:
        return None
    try:
        return decode_run(payload)
    except CorruptEntry:
        store.forget_run(key)  # never trusted; this run recomputes and stores it anew
        return None
