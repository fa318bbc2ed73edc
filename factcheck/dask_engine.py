"""The optional Dask engine: reading and extraction as a dask.bag, locally or on a
``distributed`` cluster.

``DaskLoader`` sends paths (never texts) to the workers: each reads its files (decoding,
mojibake repair) and extracts each document, looking both up in the extraction cache first
when the workers see its folder at the same path (a worker that cannot open it works them
out). Documents, extractions and new cache entries come back; this process alone writes the
cache, settles the document limit and the ids, and runs the graph and the rules.

Install with ``pip install 'factcheck[dask]'``. ``scheduler`` is None (Dask's default, or the
``distributed`` client already active in this session), a named local scheduler (``"sync"``,
``"threads"``, ``"processes"``) or a scheduler address (``"tcp://host:8786"``). On a cluster,
every worker needs factcheck installed and the rules folders at the same paths; each worker
loads the rules data once and keeps it until the files change (workers that read other files
than this machine are an error, not a silent difference).
"""

from __future__ import annotations

import operator
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from factcheck.cache import CacheReader, ExtractionCache, storable_blob
from factcheck.extract import Extraction
from factcheck.ingest import ChildRepairs, documents_read, read_files
from factcheck.ingest.walk import SourceFile
from factcheck.model import Document, Fact
from factcheck.parallel import ExtractionError, extract_one
from factcheck.ruledata import RuleData, load_rule_data

# Partitions per worker thread: small enough to balance, large enough to amortise overhead.
_PARTITIONS_PER_WORKER = 4

_data_by_dirs: dict[tuple[str, ...], RuleData] = {}


class DaskMissingError(ImportError):
    """The dask engine was asked for but dask is not installed."""


class SchedulerError(Exception):
    """The dask scheduler at the given address cannot be reached."""


def _import_bag() -> Any:
    try:
        import dask.bag
    except ImportError:
        raise DaskMissingError("the dask engine needs dask: install factcheck[dask] "
                               "(pip install 'factcheck[dask]')") from None
    return dask.bag


@contextmanager
def _scheduler(scheduler: str | None) -> Iterator[tuple[Any, int]]:
    """The ``scheduler=`` argument for ``compute``, and how many workers it offers."""
    if scheduler is None or "://" not in scheduler:
        yield scheduler, os.cpu_count() or 1
        return
    try:
        from distributed import Client
    except ImportError:
        raise DaskMissingError("a scheduler address needs dask.distributed: install "
                               "factcheck[dask] (pip install 'factcheck[dask]')") from None
    try:
        client = Client(scheduler)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"{scheduler}: cannot reach the dask scheduler ({exc})") from None
    try:
        yield client, max(1, sum(client.nthreads().values()))
    finally:
        client.close()


def _rule_data(rules_dirs: tuple[str, ...], digest: str) -> RuleData:
    """The rules data, loaded once per worker process and again when the files change."""
    data = _data_by_dirs.get(rules_dirs)
    if data is None or data.digest != digest:
        data = _data_by_dirs[rules_dirs] = load_rule_data(list(rules_dirs))
    if data.digest != digest:
        raise ExtractionError("a dask worker reads other rules files than this machine: "
                              "give every worker the same rules folders")
    return data


def _extract_partition(documents: list[Document], rules_dirs: tuple[str, ...],
                       digest: str) -> list[Extraction]:
    data = _rule_data(rules_dirs, digest)
    return [extract_one(doc, data) for doc in documents]


def extract_all_dask(documents: Sequence[Document], rules_dirs: Sequence[str | os.PathLike[str]],
                     *, scheduler: str | None = None,
                     cache: ExtractionCache | None = None) -> list[Extraction]:
    """One Extraction per document, in order, computed by Dask (see the module docstring)
    for the documents ``cache`` does not hold; new ones are stored in it."""
    bag = _import_bag()
    if not documents:
        return []
    dirs = tuple(os.fspath(d) for d in rules_dirs)
    digest = load_rule_data(list(dirs)).digest  # what every worker must read too
    results: list[Extraction | None] = [
        cache.get(doc, digest) if cache is not None else None for doc in documents]
    missing = [i for i, found in enumerate(results) if found is None]
    if missing:
        with _scheduler(scheduler) as (target, workers):
            partitions = max(1, min(len(missing), workers * _PARTITIONS_PER_WORKER))
            extracted = (bag.from_sequence([documents[i] for i in missing],
                                           npartitions=partitions)
                         .map_partitions(_extract_partition, dirs, digest)
                         .compute(scheduler=target))
        for i, extraction in zip(missing, extracted, strict=True):
            results[i] = extraction
            if cache is not None:
                cache.put(documents[i], digest, extraction)
        if cache is not None:
            cache.flush()
    return [r for r in results if r is not None]


# What a worker gives for a partition of files: what each file gave (``read_files``), the
# extraction of each document read (whether it came from the cache, else its cache entry),
# and the mojibake repairs it made.
_Extracted = tuple[Extraction, bool, bytes | None]
_PartitionRead = tuple[list[list[Any]], list[list[_Extracted]], dict[str, bytes]]


def _read_and_extract(files: list[tuple[SourceFile, str]], max_bytes: int,
                      rules_dirs: tuple[str, ...], digest: str, cache_path: str | None
                      ) -> list[_PartitionRead]:
    data = _rule_data(rules_dirs, digest)
    reader = CacheReader(cache_path)
    repairs = ChildRepairs(reader)
    try:
        reads = read_files(list(files), max_bytes, repairs if cache_path else None)
        extracted: list[list[_Extracted]] = []
        for events in reads:
            per_file: list[_Extracted] = []
            for doc in documents_read(events):
                cached = reader.get(doc, digest)
                if cached is not None:
                    per_file.append((cached, True, None))
                    continue
                extraction = extract_one(doc, data)
                per_file.append((extraction, False,
                                 storable_blob(doc, extraction) if cache_path else None))
            extracted.append(per_file)
    finally:
        reader.close()
    return [(reads, extracted, repairs.made)]


class DaskLoader:
    """Reads and extracts on Dask workers: pass ``read_wave`` to ``ingest``, then ask for
    the ``extractions`` of the documents it gave (see the module docstring)."""

    def __init__(self, rules_dirs: Sequence[str | os.PathLike[str]], data: RuleData, *,
                 scheduler: str | None, cache: ExtractionCache | None, max_bytes: int) -> None:
        _import_bag()
        self.dirs = tuple(os.fspath(d) for d in rules_dirs)
        self.data, self.scheduler, self.max_bytes = data, scheduler, max_bytes
        self.cache = cache if cache is not None and cache.enabled else None
        # id(document) -> its extraction, whether the cache had it, else its cache entry
        self._found: dict[int, _Extracted] = {}

    def read_wave(self, files: list[tuple[SourceFile, str]]) -> list[list[Any]]:
        bag = _import_bag()
        cache_path = str(self.cache.path) if self.cache is not None else None
        with _scheduler(self.scheduler) as (target, workers):
            partitions = max(1, min(len(files), workers * _PARTITIONS_PER_WORKER))
            parts: list[_PartitionRead] = (
                bag.from_sequence(files, npartitions=partitions)
                .map_partitions(_read_and_extract, self.max_bytes, self.dirs,
                                self.data.digest, cache_path)
                .compute(scheduler=target))
        reads: list[list[Any]] = []
        for part_reads, part_extracted, made in parts:
            for events, extracted in zip(part_reads, part_extracted, strict=True):
                for doc, found in zip(documents_read(events), extracted, strict=True):
                    self._found[id(doc)] = found
                reads.append(events)
            if self.cache is not None:
                for key, payload in made.items():
                    self.cache.put_repair(key, payload)
        return reads

    def extractions(self, documents: Sequence[Document]) -> list[Extraction]:
        """The extraction of each document ``read_wave`` gave, in order. A document whose id
        ``ingest`` changed afterwards (two JSON Lines records with one id) is extracted
        again here: its facts carry the id."""
        out = []
        cache, digest = self.cache, self.data.digest
        for doc in documents:
            extraction, hit, blob = self._found.get(id(doc), (None, False, None))
            if extraction is not None and extraction.source == doc.id:
                if cache is not None:  # stored under the final ids only
                    cache.stats["hits" if hit else "misses"] += 1
                    if not hit:
                        cache.put_blob(doc, digest, blob)
            else:
                extraction = cache.get(doc, digest) if cache is not None else None
                if extraction is None:
                    extraction = extract_one(doc, self.data)
                    if cache is not None:
                        cache.put(doc, digest, extraction)
            out.append(extraction)
        if cache is not None:
            cache.flush()
        return out


def _fact_key(item: tuple[int, Fact]) -> tuple[str, str]:
    return item[1].entity, item[1].attribute


def _append(group: list[tuple[int, Fact]], item: tuple[int, Fact]) -> list[tuple[int, Fact]]:
    group.append(item)  # ``group`` is always a fresh list from ``initial=list``
    return group


def _extend(group: list[tuple[int, Fact]], part: list[tuple[int, Fact]]
            ) -> list[tuple[int, Fact]]:
    group.extend(part)  # ``group`` is always a fresh list from ``combine_initial=list``
    return group


def group_facts_dask(facts: Sequence[Fact], *, scheduler: str | None = None
                     ) -> dict[tuple[str, str], list[Fact]]:
    """Facts grouped by (entity, attribute) with a Dask ``foldby``.

    Groups and the facts in them keep the order of ``facts`` (first appearance), exactly as a
    plain loop would, whatever order partitions are combined in."""
    bag = _import_bag()
    if not facts:
        return {}
    with _scheduler(scheduler) as (target, workers):
        partitions = max(1, min(len(facts), workers * _PARTITIONS_PER_WORKER))
        folded = (bag.from_sequence(list(enumerate(facts)), npartitions=partitions)
                  .foldby(_fact_key, _append, list, _extend, list))
        groups = folded.compute(scheduler=target)
    ordered = sorted(groups, key=lambda kv: min(index for index, _ in kv[1]))
    return {key: [fact for _, fact in sorted(items, key=operator.itemgetter(0))]
            for key, items in ordered}
