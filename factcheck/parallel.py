"""Extraction over many documents: cache lookups in this process, misses across processes.

Documents are independent, so extraction parallelises by document. Workers receive the rules
data once, when they start (inherited under ``fork``, loaded from the rules folders under
``spawn``), and then only documents, in chunks: per-document messages would spend more time
pickling than extracting. Results come back in input order, so the output does not depend
on ``jobs``.
"""

from __future__ import annotations

import dataclasses
import gc
import math
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from factcheck.cache import ROW_CLASSES, ExtractionCache, storable_blob
from factcheck.extract import Extraction
from factcheck.extract.entities import forget_runs
from factcheck.extract.pipeline import extract_document, fact_order, name_facts
from factcheck.forking import die_with_parent
from factcheck.model import Document
from factcheck.progress import progress_bar
from factcheck.ruledata import RuleData, load_rule_data

# Chunks per worker: enough that a slow chunk does not leave a core idle at the end.
_CHUNKS_PER_WORKER = 8
# A chunk large enough to amortise the pickling round trip, small enough to balance.
_MAX_CHUNK = 64

_worker_data: RuleData | None = None
_worker_problem: str | None = None


class ExtractionError(Exception):
    """Extraction failed on one document (a bug, not bad input): names the document."""


# A worker pays about a second to start (quantulum3's unit tables); measured on 2 cores, two
# workers gain 7% on 0.8 MB of text and 44% on 2.8 MB. Below 1 MB one process extracts; an
# explicit --jobs is obeyed.
MIN_POOL_CHARS = 1_000_000


def extract_all(documents: Sequence[Document], data: RuleData, *, jobs: int | None = None,
                cache: ExtractionCache | None = None, progress: bool = False,
                rules_dirs: Sequence[str] | None = None) -> list[Extraction]:
    """One Extraction per document, in the order of ``documents``.

    ``jobs``: worker processes (default: all cores; 1 extracts in this process, no pool).
    ``cache``: looked up before extracting; new extractions are stored and flushed in one
    transaction. ``rules_dirs``: the folders ``data`` was loaded from, so workers started
    with ``spawn`` load it themselves instead of receiving it pickled.
    ``progress``: a bar on stderr, when it is a terminal and the run lasts over a second.
    """
    results: list[Extraction | None] = [None] * len(documents)
    missing: list[int] = []
    for index, doc in enumerate(documents):
        cached = cache.get(doc, data.digest) if cache is not None else None
        if cached is None:
            missing.append(index)
        else:
            results[index] = cached
    workers = max(1, min(jobs or os.cpu_count() or 1, len(missing)))
    if jobs is None and sum(len(documents[i].text) for i in missing) < MIN_POOL_CHARS:
        workers = 1  # by default, a pool only when the work outweighs starting it
    storing = cache if cache is not None and cache.enabled else None
    store = storing is not None
    with progress_bar(len(documents), wanted=progress, desc="extracting", unit="doc",
                      done=len(documents) - len(missing)) as bar:
        todo = [documents[i] for i in missing]
        produced = (_extract_serial(todo, data, store) if workers == 1
                    else _extract_parallel(todo, data, workers, rules_dirs, store))
        for index, (extraction, blob) in zip(missing, produced, strict=True):
            results[index] = extraction
            if storing is not None:
                storing.put_blob(documents[index], data.digest, blob)
            bar.update(1)
    if cache is not None:
        cache.flush()
    return [r for r in results if r is not None]


def extract_one(doc: Document, data: RuleData) -> Extraction:
    """``extract_document``, with a failure reported as an ExtractionError naming the file."""
    try:
        return extract_document(doc, data)
    except Exception as exc:
        raise ExtractionError(f"{doc.path}: extraction failed: "
                              f"{type(exc).__name__}: {exc}") from exc


def _extract_and_encode(doc: Document, data: RuleData, store: bool
                        ) -> tuple[Extraction, bytes | None]:
    extraction = extract_one(doc, data)
    return extraction, storable_blob(doc, extraction) if store else None


def _extract_serial(documents: list[Document], data: RuleData, store: bool
                    ) -> Iterator[tuple[Extraction, bytes | None]]:
    with _collection_paused():
        for doc in documents:
            yield _extract_and_encode(doc, data, store)
    forget_runs()


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No garbage collection meanwhile. Extraction builds objects that live to the end of
    the run and leaves little garbage: the collector would re-scan them again and again for
    none (5 % of extraction at 3,000 documents in one process, a quarter of a pool's parent)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not gc.get_freeze_count():  # (a frozen heap is the caller's to thaw)
                # Straight to the oldest generation (freezing and thawing moves them there):
                # otherwise the first young collection would scan them all once more.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _extract_parallel(documents: list[Document], data: RuleData, workers: int,
                      rules_dirs: Sequence[str] | None, store: bool
                      ) -> Iterator[tuple[Extraction, bytes | None]]:
    """Chunks of documents across a process pool; with ``store``, workers also encode each
    extraction for the cache, so the parent only has to write it."""
    size = max(1, min(_MAX_CHUNK, math.ceil(len(documents) / (workers * _CHUNKS_PER_WORKER))))
    chunks = [documents[i:i + size] for i in range(0, len(documents), size)]
    context = multiprocessing.get_context()
    # Under fork the workers inherit ``data`` for free; otherwise loading it from the folders
    # is cheaper and safer than pickling it, when we know them.
    inherit = context.get_start_method() == "fork" or rules_dirs is None
    parent = None if context.get_start_method() == "forkserver" else os.getpid()
    initargs = (data, None, data.digest, parent) if inherit else (
        None, list(rules_dirs or []), data.digest, parent)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker, initargs=initargs) as pool:
        futures: list[Future[list[tuple[_Rows, bytes | None]]]] = [
            pool.submit(_extract_chunk, chunk, store) for chunk in chunks]
        # This process only unpickles and rebuilds objects (its share bounds the speed-up).
        try:
            with _collection_paused():
                for chunk, future in zip(chunks, futures, strict=True):
                    for doc, (rows, blob) in zip(chunk, future.result(), strict=True):
                        yield _from_rows(doc, rows), blob
        except BrokenProcessPool:
            raise ExtractionError("a worker process died (out of memory?); "
                                  "try again with --jobs 1") from None
        finally:
            for future in futures:
                future.cancel()


def _init_worker(data: RuleData | None, rules_dirs: list[str] | None, digest: str,
                 parent: int | None) -> None:
    """Runs once per worker. Problems are kept and raised with the first chunk, where they
    reach the caller as an ExtractionError rather than as a broken pool. The worker ends
    with ``parent``, however it dies."""
    global _worker_data, _worker_problem
    die_with_parent(parent)
    try:
        _worker_data = data if data is not None else load_rule_data(rules_dirs)
    except Exception as exc:
        _worker_problem = f"worker could not load the rules data: {exc}"
        return
    if _worker_data.digest != digest:
        _worker_problem = "rules files changed during the run; run again"


def _extract_chunk(documents: list[Document], store: bool
                   ) -> list[tuple[_Rows, bytes | None]]:
    if _worker_problem is not None or _worker_data is None:
        raise ExtractionError(_worker_problem or "worker started without rules data")
    out = []
    for doc in documents:
        extraction, blob = _extract_and_encode(doc, _worker_data, store)
        out.append((_to_rows(extraction), blob))
    return out


# What a worker sends back, and the parent alone unpickles and rebuilds for every worker (its
# share of the work bounds the speed-up): an Extraction as plain tuples of field values (a
# third cheaper than dataclass instances), without its "name" facts, which are most of them
# and which the parent rebuilds from the entity mentions faster than it could unpickle them.
_Rows = tuple[Any, ...]
_FIELD_NAMES = {name: tuple(f.name for f in dataclasses.fields(cls)) if cls else ()
                for name, cls in ROW_CLASSES.items()}


def _to_rows(extraction: Extraction) -> _Rows:
    return tuple(
        [tuple(getattr(item, f) for f in _FIELD_NAMES[name]) for item in getattr(extraction, name)
         if name != "facts" or item.kind != "name"]
        if cls else getattr(extraction, name)
        for name, cls in ROW_CLASSES.items())


def _from_rows(doc: Document, rows: _Rows) -> Extraction:
    extraction = Extraction(**{
        name: [cls(*row) for row in value] if cls else value
        for (name, cls), value in zip(ROW_CLASSES.items(), rows, strict=True)})
    extraction.facts.extend(name_facts(doc, extraction))
    extraction.facts.sort(key=fact_order)  # stable: as extract_document ordered them
    return extraction
