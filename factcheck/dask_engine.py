"""The optional Dask engine: extraction as a dask.bag, locally or on a ``distributed`` cluster.

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

from factcheck.extract import Extraction
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
                     *, scheduler: str | None = None) -> list[Extraction]:
    """One Extraction per document, in order, computed by Dask (see the module docstring)."""
    bag = _import_bag()
    if not documents:
        return []
    dirs = tuple(os.fspath(d) for d in rules_dirs)
    digest = load_rule_data(list(dirs)).digest  # what every worker must read too
    with _scheduler(scheduler) as (target, workers):
        partitions = max(1, min(len(documents), workers * _PARTITIONS_PER_WORKER))
        extractions = (bag.from_sequence(list(documents), npartitions=partitions)
                       .map_partitions(_extract_partition, dirs, digest))
        return list(extractions.compute(scheduler=target))


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
