"""The optional Dask engine: reading, extraction, graph and rules on Dask workers.

``DaskLoader`` sends paths (never texts) to the workers: each reads its files (decoding,
mojibake repair) and extracts each document, looking both up in the extraction cache first
when the workers see its folder at the same path (a worker that cannot open it works them
out). The documents and new cache entries come back; this process alone writes the cache and
settles the document limit and the ids.

On a ``distributed`` cluster (a scheduler address, or the ``distributed`` client active in
this session) the extractions stay on the workers, and ``check_on_workers`` builds the graph
and runs the rules there, in one task: only the findings, the entities and the fact count
come back. With ``texts=False`` the documents come back without their texts (but those
holding a suppression marker) and with their cache keys, and the new cache entries come at
the check: this process holds nothing that grows with the facts. With a local scheduler
(``"sync"``, ``"threads"``, ``"processes"``, or None without a ``distributed`` client) the
extractions come back (as they always do for ``factcheck.load``), and this process builds
the graph and runs the rules.

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
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import pairwise
from typing import Any

from factcheck.cache import CacheReader, ExtractionCache, document_key, storable_blob
from factcheck.extract import Extraction
from factcheck.findingstore import SLICE, FindingStore, pack
from factcheck.fingerprint import fingerprint
from factcheck.forking import frozen_heap
from factcheck.graph import Texts, build_graph
from factcheck.heap import release_free_memory
from factcheck.ingest import ChildRepairs, documents_read, read_files, without_texts
from factcheck.ingest.walk import SourceFile
from factcheck.model import Document, Entity, Evidence, Fact, Finding
from factcheck.result import output_order
from factcheck.ruledata import RuleData, RuleDataError, load_rule_data
from factcheck.rules.engine import Rule, load_builtin_rules, load_user_rules, run_rules, start_rules
from factcheck.suppress import has_markers

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


def _distributed_client(scheduler: str | None) -> tuple[Any, bool]:
    """The ``distributed`` client to keep data on the workers with, and whether it was opened
    here (and must be closed here): one for a scheduler address, the session's active one for
    None; (None, False) for a local scheduler."""
    if scheduler is not None and "://" in scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise DaskMissingError("a scheduler address needs dask.distributed: install "
                                   "factcheck[dask] (pip install 'factcheck[dask]')") from None
        try:
            return Client(scheduler), True
        except (OSError, TimeoutError) as exc:
            raise SchedulerError(
                f"{scheduler}: cannot reach the dask scheduler ({exc})") from None
    if scheduler is None:
        try:
            from distributed import default_client

            return default_client(), False
        except (ImportError, ValueError):  # not installed, or no client active
            pass
    return None, False


def _worker_error(message: str) -> Exception:
    from factcheck.parallel import ExtractionError  # (with the extraction modules)

    return ExtractionError(message)


def extract_one(doc: Document, data: RuleData) -> Extraction:
    """``factcheck.parallel.extract_one``, imported on first use: the client extracts only
    documents renamed after they were read, and the extraction modules take 4 MiB."""
    from factcheck.parallel import extract_one as extract

    return extract(doc, data)


def _rule_data(rules_dirs: tuple[str, ...], digest: str) -> RuleData:
    """The rules data, loaded once per worker process and again when the files change."""
    data = _data_by_dirs.get(rules_dirs)
    if data is None or data.digest != digest:
        try:
            data = _data_by_dirs[rules_dirs] = load_rule_data(list(rules_dirs))
        except RuleDataError as exc:  # this machine read them: the worker sees other files
            raise _worker_error(f"a dask worker cannot read the rules ({exc}): give every "
                                "worker the same rules folders") from None
    if data.digest != digest:
        raise _worker_error("a dask worker reads other rules files than this machine: "
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
    return [_read_part(files, max_bytes, rules_dirs, digest, cache_path)]


def _read_part(files: list[tuple[SourceFile, str]], max_bytes: int,
               rules_dirs: tuple[str, ...], digest: str, cache_path: str | None
               ) -> _PartitionRead:
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
    return reads, extracted, repairs.made


# What the client gets of a partition kept on the workers: what each file gave, for each
# document whether its extraction came from the cache and its cache key, and the repairs made.
# New cache entries stay on the worker until the check (``_entries``).
_Mark = tuple[bool, str | None]
_PartitionShown = tuple[list[list[Any]], list[list[_Mark]], dict[str, bytes]]


def _shown(part: _PartitionRead, digest: str, keyed: bool, texts: bool) -> _PartitionShown:
    """``keyed``: with the cache keys (worked out here, beside the texts); ``texts``: the
    documents with their texts, else only those holding a suppression marker."""
    reads, extracted, made = part
    marks = [[(hit, document_key(doc, digest) if keyed else None)
              for doc, (_, hit, _) in zip(documents_read(events), per_file, strict=True)]
             for events, per_file in zip(reads, extracted, strict=True)]
    if not texts:
        reads = [without_texts(events, has_markers) for events in reads]
    return reads, marks, made


def _document_at(part: _PartitionRead, file_no: int, doc_no: int) -> Document:
    return documents_read(part[0][file_no])[doc_no]


def _entries(part: _PartitionRead, places: list[tuple[int, int]]) -> list[bytes | None]:
    """The cache entries of the documents at ``places`` (file and document number)."""
    return [part[1][file_no][doc_no][2] for file_no, doc_no in places]


# Cache entries per message: a few megabytes (4 KB each at 2,000 documents).
_ENTRIES_PER_MESSAGE = 1_000


# Where the worker finds a document of the check: partition, file and document number in what
# that file gave, and for a document whose id ingest changed, its id and its extraction.
_Placement = tuple[int, int, int, str | None, Extraction | None]
# What the workers' check gives: findings, entities by id, the number of facts and seconds
# per stage (graph, rules).
Checked = tuple[list[Finding], list[Entity], int, dict[str, float]]


def _summary(checked: Checked) -> tuple[int, list[Entity], int, dict[str, float]]:
    """What the workers' check gives, but the findings: only how many."""
    findings, entities, facts, timings = checked
    return len(findings), entities, facts, timings


def _findings_slice(checked: Checked, start: int) -> bytes:
    """A slice of the findings as the client keeps it (``FindingStore``): one message each."""
    return pack(checked[0][start:start + SLICE])


def _rules_by_id(rule_ids: list[str], modules_dirs: tuple[str, ...]) -> list[Rule]:
    registry = {**load_builtin_rules(), **load_user_rules(modules_dirs)}
    missing = [r for r in rule_ids if r not in registry]
    if missing:
        raise _worker_error(f"a dask worker has no rule {missing[0]!r}: give every worker "
                            "the same rules folders")
    return [registry[r] for r in rule_ids]


def _check_on_worker(parts: list[_PartitionRead], placements: list[_Placement],
                     rules_dirs: tuple[str, ...], digest: str, rule_ids: list[str],
                     modules_dirs: tuple[str, ...]) -> Checked:
    """Graph and rules over the documents the client settled, as ``factcheck.check`` runs
    them with one job."""
    data = _rule_data(rules_dirs, digest)
    rules = _rules_by_id(rule_ids, modules_dirs)
    documents: list[Document] = []
    extractions: list[Extraction] = []
    for part, file_no, doc_no, new_id, extraction in placements:
        reads, extracted, _ = parts[part]
        doc = documents_read(reads[file_no])[doc_no]
        documents.append(doc if new_id is None else replace(doc, id=new_id))
        extractions.append(extraction if extraction is not None
                           else extracted[file_no][doc_no][0])
    timings: dict[str, float] = {}
    with frozen_heap():
        mark = time.perf_counter()
        texts = Texts({d.id: d for d in documents}, {e.source: e for e in extractions})
        early = start_rules(texts, data, rules, fingerprint)
        graph = build_graph(documents, extractions, data)
        timings["graph"] = time.perf_counter() - mark
        findings = run_rules(graph, data, rules, fingerprint, started=early)
        timings["rules"] = time.perf_counter() - mark - timings["graph"]
    entities = sorted(graph.entities.values(), key=lambda e: e.id)
    share = _Shared()  # a string is pickled once a slice: fewer copies reach the client
    for finding in findings:
        share.values_of(finding)
    # In output order: the client then writes them a slice at a time, never all at once.
    findings.sort(key=output_order)
    return findings, entities, len(graph.facts), timings


class DaskLoader:
    """Reads and extracts on Dask workers: pass ``read_wave`` to ``ingest``, then ask for
    the ``extractions`` of the documents it gave, or, when ``on_workers``, for
    ``check_on_workers`` (see the module docstring). ``close`` it after."""

    def __init__(self, rules_dirs: Sequence[str | os.PathLike[str]], data: RuleData, *,
                 scheduler: str | None, cache: ExtractionCache | None, max_bytes: int,
                 keep: bool = False, texts: bool = True) -> None:
        """``keep``: keep the extractions on the workers and check there, when the scheduler
        is a ``distributed`` one; then ``texts=False`` leaves the documents' texts there too:
        those ``read_wave`` gives have an empty text, but for those holding a suppression
        marker (``factcheck.suppress``)."""
        _import_bag()
        self.dirs = tuple(os.fspath(d) for d in rules_dirs)
        self.data, self.scheduler, self.max_bytes = data, scheduler, max_bytes
        self.cache = cache if cache is not None and cache.enabled else None
        # id(document) -> its extraction, whether the cache had it, else its cache entry
        self._found: dict[int, _Extracted] = {}
        self.client, self._own_client = _distributed_client(scheduler) if keep else (None,
                                                                                     False)
        self.texts = texts or self.client is None  # whether the documents have their texts
        # Kept on the workers: one future per partition read, and where each document is
        # (partition, file, number, its id when read, whether the cache had its extraction,
        # its cache key).
        self._parts: list[Any] = []
        self._where: dict[int, tuple[int, int, int, str, bool, str | None]] = {}
        self._texts_fetched: set[str] = set()  # renamed documents, given their texts here

    @property
    def on_workers(self) -> bool:
        """Whether the extractions stay on the workers (then call ``check_on_workers``)."""
        return self.client is not None

    def close(self) -> None:
        self._parts, self._where = [], {}  # the workers forget what they kept
        if self._own_client:
            self.client.close()

    def read_wave(self, files: list[tuple[SourceFile, str]]) -> list[list[Any]]:
        if self.client is not None:
            return self._read_and_keep(files)
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
            self._keep_repairs(made)
        return reads

    def _keep_repairs(self, made: dict[str, bytes]) -> None:
        if self.cache is not None:
            for key, payload in made.items():
                self.cache.put_repair(key, payload)

    def _read_and_keep(self, files: list[tuple[SourceFile, str]]) -> list[list[Any]]:
        """``read_wave`` on a ``distributed`` cluster: each partition's documents and
        extractions stay in its worker's memory; the documents come back."""
        client = self.client
        cache_path = str(self.cache.path) if self.cache is not None else None
        workers = max(1, sum(client.nthreads().values()))
        count = max(1, min(len(files), workers * _PARTITIONS_PER_WORKER))
        bounds = [len(files) * i // count for i in range(count + 1)]
        parts = [client.submit(_read_part, files[start:end], self.max_bytes, self.dirs,
                               self.data.digest, cache_path, pure=False)
                 for start, end in pairwise(bounds)]
        reads: list[list[Any]] = []
        shown = client.map(_shown, parts, digest=self.data.digest, keyed=cache_path is not None,
                           texts=self.texts, pure=False)
        # A partition at a time: its message is held as bytes and as objects at once.
        for number, (part_reads, marks, made) in enumerate(
                (part.result() for part in shown), start=len(self._parts)):
            for file_no, (events, per_file) in enumerate(zip(part_reads, marks, strict=True)):
                for doc_no, (doc, mark) in enumerate(
                        zip(documents_read(events), per_file, strict=True)):
                    self._where[id(doc)] = (number, file_no, doc_no, doc.id, *mark)
                reads.append(events)
            self._keep_repairs(made)
        self._parts.extend(parts)
        return reads

    def extractions(self, documents: Sequence[Document]) -> list[Extraction]:
        """The extraction of each document ``read_wave`` gave, in order. A document whose id
        ``ingest`` changed afterwards (two JSON Lines records with one id) is extracted
        again here: its facts carry the id."""
        out = []
        cache = self.cache
        for doc in documents:
            extraction, hit, blob = self._found.get(id(doc), (None, False, None))
            if extraction is not None and extraction.source == doc.id:
                self._count(doc, hit, blob)
            else:
                extraction = self._extract_again(doc)
            out.append(extraction)
        if cache is not None:
            cache.flush()
        return out

    def _count(self, doc: Document, hit: bool, blob: bytes | None) -> None:
        """Cache statistics for an extraction a worker made or found, and its entry kept."""
        if self.cache is not None:  # stored under the final ids only
            self.cache.stats["hits" if hit else "misses"] += 1
            if not hit:
                self.cache.put_blob(doc, self.data.digest, blob)

    def _renamed(self, doc: Document) -> bool:
        """Whether ingest changed the id of a document kept on the workers after it was read
        (two JSON Lines records with one id: it is rare); then it has its text here."""
        part, file_no, doc_no, read_as, *_ = self._where[id(doc)]
        if read_as == doc.id:
            return False
        if not self.texts and doc.id not in self._texts_fetched:
            read = self.client.submit(_document_at, self._parts[part], file_no, doc_no,
                                      pure=False).result()
            doc.text, doc.source_map = read.text, read.source_map
            self._texts_fetched.add(doc.id)
        return True

    def document_keys(self, documents: Sequence[Document]) -> list[str]:
        """The cache key of each document kept on the workers (``document_key``)."""
        return [document_key(doc, self.data.digest) if self._renamed(doc)
                else self._where[id(doc)][5] or document_key(doc, self.data.digest)
                for doc in documents]

    def _extract_again(self, doc: Document) -> Extraction:
        cache, digest = self.cache, self.data.digest
        extraction = cache.get(doc, digest) if cache is not None else None
        if extraction is None:
            extraction = extract_one(doc, self.data)
            if cache is not None:
                cache.put(doc, digest, extraction)
        return extraction

    def _store(self, new: dict[int, list[tuple[Document, int, int, str | None]]]) -> None:
        """The cache entries the workers made (by partition: document, file and document
        number, cache key), a slice at a time: held here all at once, they grow with the
        facts."""
        if self.cache is None:
            return
        for part, entries in new.items():
            for start in range(0, len(entries), _ENTRIES_PER_MESSAGE):
                chunk = entries[start:start + _ENTRIES_PER_MESSAGE]
                blobs = self.client.submit(_entries, self._parts[part],
                                           [(f, d) for _, f, d, _ in chunk], pure=False).result()
                for (doc, _, _, key), blob in zip(chunk, blobs, strict=True):
                    self.cache.put_blob(doc, self.data.digest, blob, key)
                self.cache.flush()
        self.cache.flush()  # a renamed document's entry

    def check_on_workers(self, documents: Sequence[Document], rules: Sequence[Rule],
                         modules_dirs: Sequence[str]
                         ) -> tuple[FindingStore, list[Entity], int, dict[str, float]]:
        """Graph and rules over ``documents`` (those ``read_wave`` gave, as ingest settled
        them), in one task on a worker, with the extractions kept there: the findings (held
        compressed, in output order), entities by id, the number of facts, seconds per
        stage."""
        if self.client is None:
            raise ValueError("check_on_workers needs a loader made with keep=True on a "
                             "distributed scheduler")
        placements: list[_Placement] = []
        new: dict[int, list[tuple[Document, int, int, str | None]]] = {}  # by partition
        for doc in documents:
            part, file_no, doc_no, _, hit, key = self._where[id(doc)]
            if not self._renamed(doc):
                placements.append((part, file_no, doc_no, None, None))
                if self.cache is not None:  # stored under the final ids only
                    self.cache.stats["hits" if hit else "misses"] += 1
                    if not hit:
                        new.setdefault(part, []).append((doc, file_no, doc_no, key))
            else:  # extracted here under its new id
                placements.append((part, file_no, doc_no, doc.id, self._extract_again(doc)))
        self._store(new)
        client = self.client
        checked = client.submit(_check_on_worker, self._parts, placements, self.dirs,
                                self.data.digest, [r.id for r in rules],
                                tuple(os.fspath(d) for d in modules_dirs), pure=False)
        # The findings come back in slices and are kept as they come, compressed.
        count, entities, facts, timings = client.submit(_summary, checked, pure=False).result()
        slices = []
        for start in range(0, count, SLICE):
            slices.append(client.submit(_findings_slice, checked, start, pure=False).result())
            # The message's buffers, freed, would stay in this process's memory.
            release_free_memory()
        return FindingStore(slices, count, in_output_order=True), entities, facts, timings


_EVIDENCE_FIELDS = Evidence.__slots__


class _Shared:
    """One object for equal strings and numbers among the findings, so that a slice of them
    pickles each once: a sentence quoted by many findings, the span and the offsets of a fact
    that is evidence for several. (At 2,000 documents, 65,000 pieces of evidence held 7,600
    distinct spans and 11,000 distinct sentences.)"""

    def __init__(self) -> None:
        self._seen: dict[type, dict[Any, Any]] = {str: {}, int: {}, float: {}}

    def __call__(self, value: Any) -> Any:
        seen = self._seen.get(type(value))
        # -0.0 equals 0.0, yet is written as such: zeros are left as they are.
        if seen is None or (value == 0 and type(value) is float):
            return value
        return seen.setdefault(value, value)

    def values_of(self, finding: Finding) -> None:
        finding.rule, finding.severity = self(finding.rule), self(finding.severity)
        finding.entity, finding.attribute = self(finding.entity), self(finding.attribute)
        finding.values = [self(v) for v in finding.values]
        for evidence in finding.evidence:
            for name in _EVIDENCE_FIELDS:
                setattr(evidence, name, self(getattr(evidence, name)))


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
