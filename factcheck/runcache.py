"""The run cache: a whole run's findings and entities, keyed by everything that decides them.

Re-running over an unchanged archive (the CI gate on every push) then costs reading the files
and one lookup: the key is a hash of each document's extraction-cache key (its id, text,
publication date, the extractor code and the rules data), the rules run with their severities,
and the code of the graph and rules stages (every module of the package, and each user rule's
file). Facts, extractions and the fact graph are not stored: a cached ``Result`` rebuilds them
on first use. Entries are JSON like the extraction cache's, never pickle, and an entry that does
not decode to the findings it was made from is never stored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck.cache import CorruptEntry, code_digest, document_key
from factcheck.model import Document, Entity, Evidence, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import Rule

RUN_CACHE_VERSION = "1"
_COMPRESSION_LEVEL = 1
_FINDING_FIELDS = [f.name for f in dataclasses.fields(Finding)]
_EVIDENCE_FIELDS = [f.name for f in dataclasses.fields(Evidence)]
_ENTITY_FIELDS = [f.name for f in dataclasses.fields(Entity)]


@dataclasses.dataclass
class CachedRun:
    findings: list[Finding]
    entities: list[Entity]
    fact_count: int


def run_key(documents: Sequence[Document], data: RuleData, rules: Sequence[Rule]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{RUN_CACHE_VERSION}\0{code_digest('.')}\0".encode())
    for r in rules:
        path = inspect.getsourcefile(r.function)
        code = Path(path).read_bytes() if path else b""
        digest.update(f"{r.id}\0{data.severities.get(r.id, r.severity)}\0".encode())
        digest.update(hashlib.sha256(code).digest())
    for doc in documents:
        digest.update(document_key(doc, data.digest).encode())
    return digest.hexdigest()


def encode_run(run: CachedRun) -> bytes | None:
    """The stored form, or None when it would not decode back to equal findings."""
    payload = json.dumps({
        "findings": [[*(_evidence_rows(f) if n == "evidence" else getattr(f, n)
                        for n in _FINDING_FIELDS)] for f in run.findings],
        "entities": [[getattr(e, n) for n in _ENTITY_FIELDS] for e in run.entities],
        "facts": run.fact_count,
    }, ensure_ascii=False, separators=(",", ":"))
    try:
        if decode_run(payload) != run:
            return None
    except CorruptEntry:
        return None
    return zlib.compress(payload.encode("utf-8", "surrogatepass"), _COMPRESSION_LEVEL)


def _evidence_rows(finding: Finding) -> list[list[Any]]:
    return [[getattr(e, n) for n in _EVIDENCE_FIELDS] for e in finding.evidence]


def decode_run(payload: str | bytes) -> CachedRun:
    """A stored run (compressed or not); ``CorruptEntry`` when it does not decode."""
    try:
        if isinstance(payload, bytes):
            payload = zlib.decompress(payload).decode("utf-8", "surrogatepass")
        data = json.loads(payload)
        findings = []
        for row in data["findings"]:
            values = dict(zip(_FINDING_FIELDS, row, strict=True))
            values["evidence"] = [Evidence(*e) for e in values["evidence"]]
            values["intervals"] = [tuple(i) for i in values["intervals"]]
            findings.append(Finding(**values))
        entities = [Entity(*row) for row in data["entities"]]
        if not isinstance(data["facts"], int):
            raise CorruptEntry("fact count is not an integer")
        return CachedRun(findings, entities, data["facts"])
    except (ValueError, TypeError, KeyError, zlib.error) as exc:
        raise CorruptEntry(str(exc) or type(exc).__name__) from None
