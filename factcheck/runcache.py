"""The run cache: a whole run's findings and entities, keyed by everything that decides them.

Re-running over an unchanged archive (the CI gate on every push) then costs reading the files
and one lookup: the key is a hash of each document's extraction-cache key (its id, text,
publication date, the extractor code and the rules data), the rules run with their severities,
and the code of the graph and rules stages (every module of the package, and each user rule's
file). Facts, extractions and the fact graph are not stored: a cached ``Result`` rebuilds them
on first use. Entries are JSON like the extraction cache's (a column per dataclass field; the
strings of the evidence, which many findings quote, stored once), never pickle, and a run JSON
cannot hold exactly (it would not decode to the findings it was made from) is never stored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
import zlib
from collections.abc import Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from factcheck.cache import (
    CorruptEntry,
    Unstorable,
    check_nested,
    code_digest,
    column_reader,
    document_key,
    json_kinds,
)
from factcheck.model import Document, Entity, Evidence, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import Rule

RUN_CACHE_VERSION = "2"
_COMPRESSION_LEVEL = 1
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))
_EVIDENCE_FIELDS = tuple(f.name for f in dataclasses.fields(Evidence))
_ENTITY_FIELDS = tuple(f.name for f in dataclasses.fields(Entity))
_READ_FINDINGS = column_reader(_FINDING_FIELDS)
_READ_EVIDENCE = column_reader(_EVIDENCE_FIELDS)
_READ_ENTITIES = column_reader(_ENTITY_FIELDS)
_EVIDENCE = _FINDING_FIELDS.index("evidence")
_INTERVALS = _FINDING_FIELDS.index("intervals")
_STR = frozenset({str})


@dataclasses.dataclass
class CachedRun:
    findings: list[Finding]
    entities: list[Entity]
    fact_count: int


def run_key(documents: Sequence[Document], data: RuleData, rules: Sequence[Rule],
            keys: Sequence[str] | None = None) -> str:
    """``keys``: the documents' ``document_key``, when worked out where the texts are."""
    digest = hashlib.sha256()
    digest.update(f"{RUN_CACHE_VERSION}\0{code_digest('.')}\0".encode())
    for r in rules:
        path = inspect.getsourcefile(r.function)
        code = Path(path).read_bytes() if path else b""
        digest.update(f"{r.id}\0{data.severities.get(r.id, r.severity)}\0".encode())
        digest.update(hashlib.sha256(code).digest())
    for key in keys if keys is not None else (document_key(d, data.digest) for d in documents):
        digest.update(key.encode())
    return digest.hexdigest()


def encode_run(run: CachedRun) -> bytes | None:
    """The stored form, or None when it would not decode back to equal findings and entities
    with values of the same types (see ``factcheck.cache.json_kinds``): one column per
    dataclass field, the evidence of all findings in one table whose strings — sentences
    quoted by many findings — are stored once."""
    try:
        payload = _encode(run)
        return zlib.compress(payload.encode("utf-8", "surrogatepass"), _COMPRESSION_LEVEL)
    except (TypeError, ValueError):  # Unstorable is a ValueError
        return None


def _encode(run: CachedRun) -> str:
    nested: list[list[Any]] = []
    _all_of(run.findings, Finding)
    _all_of(run.entities, Entity)
    if type(run.fact_count) is not int:
        raise Unstorable("fact count is not an int")
    findings = _READ_FINDINGS(run.findings)
    for i, column in enumerate(findings):
        if i not in (_EVIDENCE, _INTERVALS):
            json_kinds(column, nested)
    evidence_lists = findings[_EVIDENCE]
    _all_of(evidence_lists, list)
    evidence = list(chain.from_iterable(evidence_lists))
    _all_of(evidence, Evidence)
    findings[_EVIDENCE] = list(map(len, evidence_lists))
    _all_of(findings[_INTERVALS], list)
    intervals = list(chain.from_iterable(findings[_INTERVALS]))
    _all_of(intervals, tuple)  # decoded as tuples: a list would come back as another type
    json_kinds(list(chain.from_iterable(intervals)), nested)
    evidence_columns = _READ_EVIDENCE(evidence)
    strings: dict[str, int] = {}
    interned = []
    for i, column in enumerate(evidence_columns):
        if json_kinds(column, nested) <= _STR:
            evidence_columns[i] = [strings.setdefault(s, len(strings)) for s in column]
            interned.append(i)
    entities = _READ_ENTITIES(run.entities)
    for column in entities:
        json_kinds(column, nested)
    payload = json.dumps({"findings": findings, "evidence": evidence_columns,
                          "interned": interned, "strings": list(strings), "entities": entities,
                          "facts": run.fact_count}, ensure_ascii=False, separators=(",", ":"))
    check_nested(nested)  # after encoding, which refuses circular values
    return payload


def _all_of(values: list[Any], cls: type) -> None:
    """A list of ``cls`` only: anything else (a tuple, a subclass) would decode as another
    type."""
    if type(values) is not list or not set(map(type, values)) <= {cls}:
        raise Unstorable(f"not a list of {cls.__name__} only")


def decode_run(payload: str | bytes) -> CachedRun:
    """A stored run (compressed or not); ``CorruptEntry`` when it does not decode."""
    try:
        if isinstance(payload, bytes):
            payload = zlib.decompress(payload).decode("utf-8", "surrogatepass")
        data = json.loads(payload)
        strings = data["strings"]
        evidence_columns = _columns(data["evidence"], len(_EVIDENCE_FIELDS))
        interned = data["interned"]
        if type(strings) is not list or type(interned) is not list \
                or not _indices(interned, len(_EVIDENCE_FIELDS)) \
                or len(set(interned)) != len(interned):
            raise CorruptEntry("malformed string table")
        for i in interned:
            if not _indices(evidence_columns[i], len(strings)):
                raise CorruptEntry("no such string")
            evidence_columns[i] = list(map(strings.__getitem__, evidence_columns[i]))
        evidence = iter(list(map(Evidence, *evidence_columns)))
        findings = _columns(data["findings"], len(_FINDING_FIELDS))
        counts = findings[_EVIDENCE]
        if not _indices(counts, len(evidence_columns[0]) + 1) \
                or sum(counts) != len(evidence_columns[0]):
            raise CorruptEntry("evidence counts do not add up")
        findings[_EVIDENCE] = [list(islice(evidence, n)) for n in counts]
        if not set(map(type, chain.from_iterable(findings[_INTERVALS]))) <= {list}:
            raise CorruptEntry("an interval is not a list")
        findings[_INTERVALS] = [list(map(tuple, i)) for i in findings[_INTERVALS]]
        entities = list(map(Entity, *_columns(data["entities"], len(_ENTITY_FIELDS))))
        if type(data["facts"]) is not int:
            raise CorruptEntry("fact count is not an integer")
        return CachedRun(list(map(Finding, *findings)), entities, data["facts"])
    except (ValueError, TypeError, KeyError, zlib.error) as exc:
        raise CorruptEntry(str(exc) or type(exc).__name__) from None


def _columns(columns: Any, width: int) -> list[list[Any]]:
    """Stored columns, checked to be ``width`` lists of one length."""
    if type(columns) is not list or len(columns) != width \
            or not set(map(type, columns)) <= {list} or len(set(map(len, columns))) > 1:
        raise CorruptEntry("malformed columns")
    return columns


def _indices(values: list[Any], bound: int) -> bool:
    """Whether ``values`` are all ints in ``range(bound)``."""
    return not values or (set(map(type, values)) == {int} and min(values) >= 0
                          and max(values) < bound)
