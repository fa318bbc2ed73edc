"""A per-document extraction cache: one embedded SQLite file (WAL) in a folder.

An entry is keyed by everything extraction reads — the document's id, text and publication
date — plus the extractor version, the rules-data digest and the layout of the extraction
dataclasses, so a changed document, rules file, extractor or model simply misses. Entries are
compact JSON (field values in dataclass order, rebuilt by calling the dataclasses;
zlib-compressed in the file), never pickle: loading a cache must never execute code. A cache
that cannot be read (not a database, another schema, an undecodable row) is never trusted: it
is emptied and rebuilt, with one warning. Writes are buffered and committed in one
transaction by ``flush``/``close``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import typing
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from factcheck.extract import EXTRACTOR_VERSION, Extraction
from factcheck.model import Document

DATABASE_NAME = "extractions.sqlite3"
SCHEMA_VERSION = "2"
# Whole runs kept (factcheck/runcache.py): the last few corpora or rule selections.
RUNS_KEPT = 4
_BUSY_TIMEOUT_SECONDS = 10.0
# Payloads are repetitive JSON: the fastest zlib level already shrinks them about 8x.
_COMPRESSION_LEVEL = 1


def _row_classes() -> dict[str, type[Any] | None]:
    """For each field of Extraction: the dataclass of its list items, or None (plain JSON)."""
    hints = typing.get_type_hints(Extraction)
    classes: dict[str, type[Any] | None] = {}
    for f in dataclasses.fields(Extraction):
        hint = hints[f.name]
        args = typing.get_args(hint)
        is_list = typing.get_origin(hint) is list and len(args) == 1
        item = args[0] if is_list else None
        classes[f.name] = item if isinstance(item, type) and dataclasses.is_dataclass(item) \
            else None
    return classes


ROW_CLASSES = _row_classes()
# The field names of every cached dataclass: a model change makes old entries miss.
_LAYOUT = hashlib.sha256(json.dumps(
    {name: [f.name for f in dataclasses.fields(cls)] if cls else None
     for name, cls in ROW_CLASSES.items()}, sort_keys=True).encode()).hexdigest()


class CorruptEntry(ValueError):
    """A stored row that does not decode into an Extraction."""


@dataclasses.dataclass(frozen=True)
class _RowLayout:
    """How one dataclass is stored: its fields in order, and which of them are stored as
    references — a ``text`` equal to the document's text at ``start:end`` as null, a
    ``sentence`` equal to one of the extraction's sentences as that sentence's index."""

    cls: type[Any]
    names: tuple[str, ...]
    width: int
    text: int | None
    start: int | None
    end: int | None
    sentence: int | None

    @classmethod
    def of(cls, row_class: type[Any]) -> _RowLayout:
        names = [f.name for f in dataclasses.fields(row_class)]
        where = {name: i for i, name in enumerate(names)}
        spans = all(n in where for n in ("text", "start", "end"))
        return cls(row_class, tuple(names), len(names), where["text"] if spans else None,
                   where.get("start"), where.get("end"), where.get("sentence"))


_LAYOUTS = {name: _RowLayout.of(cls) for name, cls in ROW_CLASSES.items() if cls is not None}


def encode_extraction(extraction: Extraction, text: str) -> str:
    """Compact JSON of the extraction of ``text``: per list field, one array of field values
    per item, in field order; copies of the document's text are stored as references."""
    return json.dumps(_rows(extraction, text), ensure_ascii=False, separators=(",", ":"))


def _rows(extraction: Extraction, text: str) -> dict[str, Any]:
    sentence_index = {s.text: i for i, s in enumerate(extraction.sentences)}
    out: dict[str, Any] = {}
    for name in ROW_CLASSES:
        value = getattr(extraction, name)
        layout = _LAYOUTS.get(name)
        if layout is None:
            out[name] = value
            continue
        rows = []
        for item in value:
            row = [getattr(item, name) for name in layout.names]
            if layout.text is not None and row[layout.text] == text[
                    row[layout.start]:row[layout.end]]:  # type: ignore[index]
                row[layout.text] = None
            if layout.sentence is not None and row[layout.sentence] in sentence_index:
                row[layout.sentence] = sentence_index[row[layout.sentence]]
            rows.append(row)
        out[name] = rows
    return out


def decode_extraction(payload: str, text: str) -> Extraction:
    """The Extraction of ``text`` a payload stores; ``CorruptEntry`` if it does not decode."""
    try:
        data = json.loads(payload)
        if not isinstance(data, dict) or set(data) != set(ROW_CLASSES):
            raise CorruptEntry("unexpected fields")
        values: dict[str, Any] = {}
        sentences: list[str] = []
        # sentences first: other rows refer to them
        for name in sorted(ROW_CLASSES, key=lambda n: n != "sentences"):
            layout = _LAYOUTS.get(name)
            if layout is None:
                values[name] = data[name]
                continue
            rows = data[name]
            if not isinstance(rows, list):
                raise CorruptEntry(f"{name}: not a list")
            items = []
            for row in rows:
                if not isinstance(row, list) or len(row) != layout.width:
                    raise CorruptEntry(f"{name}: malformed row")
                if layout.text is not None and row[layout.text] is None:
                    start, end = row[layout.start], row[layout.end]  # type: ignore[index]
                    if not (type(start) is int and type(end) is int):
                        raise CorruptEntry(f"{name}: span is not two integers")
                    row[layout.text] = text[start:end]
                if layout.sentence is not None and type(row[layout.sentence]) is int:
                    if not 0 <= row[layout.sentence] < len(sentences):
                        raise CorruptEntry(f"{name}: no such sentence")
                    row[layout.sentence] = sentences[row[layout.sentence]]
                items.append(layout.cls(*row))
            values[name] = items
            if name == "sentences":
                sentences = [getattr(item, "text", "") for item in items]
        return Extraction(**values)
    except (ValueError, TypeError, KeyError) as exc:  # JSONDecodeError is a ValueError
        raise CorruptEntry(str(exc)) from None


def storable_blob(doc: Document, extraction: Extraction) -> bytes | None:
    """The stored form of ``doc``'s extraction (compressed JSON), or None when it would not
    decode back to an equal Extraction — so a cached run can never differ from a fresh one.
    Workers call this, so the parent process does not spend its time encoding."""
    try:
        rows = _rows(extraction, doc.text)
        payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        # The references in the rows decode to the very strings they replace, so equal rows
        # decode to an equal Extraction; a tuple, a NaN or a non-JSON value makes them differ.
        if json.loads(payload) != rows:
            return None
        return zlib.compress(payload.encode("utf-8"), _COMPRESSION_LEVEL)
    except (TypeError, ValueError):  # UnicodeEncodeError is a ValueError
        return None


@cache
def code_digest(*parts: str) -> str:
    """A hash of the package's modules under ``parts`` (folders or files, relative to the
    package): the key changes with the code, not only with a version someone must bump."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for part in parts:
        target = root / part
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def document_key(doc: Document, data_digest: str) -> str:
    """The cache key: a hash of what extraction reads and of what decides how it reads it.

    The text is hashed rather than ``doc.sha256`` (the raw bytes), because repair and
    decoding can change the text for the same bytes; the id is part of the key because facts
    carry it (``Fact.source``, ``Fact.id``)."""
    text_hash = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest()
    published = doc.published.isoformat() if doc.published else ""
    parts = (EXTRACTOR_VERSION, code_digest("extract", "model.py"), _LAYOUT, data_digest,
             doc.id, published, text_hash)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class ExtractionCache:
    """Extractions by document, stored in ``folder/extractions.sqlite3``.

    Problems never raise: they are reported once through ``on_warning`` (and kept in
    ``warnings``), and the cache is rebuilt or, if the folder is unusable or another run holds
    the database longer than ``busy_timeout`` seconds, switched off for the run. ``stats``
    counts hits, misses, stores and entries not storable as JSON.
    """

    def __init__(self, folder: Path = Path(".factcheck-cache"),
                 on_warning: Callable[[str], None] | None = None, *,
                 busy_timeout: float = _BUSY_TIMEOUT_SECONDS) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DATABASE_NAME
        self.warnings: list[str] = []
        self.stats = {"hits": 0, "misses": 0, "stored": 0, "unstorable": 0}
        self._on_warning = on_warning
        self._pending: dict[str, tuple[str, bytes]] = {}  # key -> (doc id, payload)
        self._conn: sqlite3.Connection | None = None
        self._warned = False
        self._busy_timeout = busy_timeout
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            self._unreadable(f"unreadable ({_reason(exc)})", exc)
        except OSError as exc:
            self._disable(f"cannot use cache folder {self.folder}: {_reason(exc)}")

    # --- public ---------------------------------------------------------------------------
    def get(self, doc: Document, data_digest: str) -> Extraction | None:
        """The cached extraction of ``doc`` under these rules data, or None."""
        if self._conn is None:
            self.stats["misses"] += 1
            return None
        key = document_key(doc, data_digest)
        try:
            row = self._conn.execute("SELECT payload FROM extractions WHERE key = ?",
                                     (key,)).fetchone()
            extraction = None if row is None else decode_extraction(
                zlib.decompress(row[0]).decode("utf-8"), doc.text)
        except (sqlite3.DatabaseError, CorruptEntry, zlib.error, TypeError,
                UnicodeDecodeError) as exc:
            self._unreadable(f"corrupt entry ({_reason(exc)})", exc)
            extraction = None
        if extraction is not None and extraction.source != doc.id:
            self._rebuild("entry belongs to another document")
            extraction = None
        self.stats["hits" if extraction is not None else "misses"] += 1
        return extraction

    @property
    def enabled(self) -> bool:
        """False once the cache is switched off for the run (an unusable folder)."""
        return self._conn is not None

    def put(self, doc: Document, data_digest: str, extraction: Extraction) -> None:
        """Queue ``extraction`` for storage; written by the next ``flush`` or ``close``."""
        if self._conn is not None:
            self.put_blob(doc, data_digest, storable_blob(doc, extraction))

    def put_blob(self, doc: Document, data_digest: str, blob: bytes | None) -> None:
        """Queue an entry made by ``storable_blob`` (None: not storable, only counted)."""
        if self._conn is None:
            return
        if blob is None:
            self.stats["unstorable"] += 1
            return
        self._pending[document_key(doc, data_digest)] = (doc.id, blob)

    def flush(self) -> None:
        """Write queued entries in one transaction, replacing older entries of the same
        documents (so the file holds one entry per document id and rules data)."""
        if self._conn is None or not self._pending:
            self._pending.clear()
            return
        rows = [(key, doc_id, payload) for key, (doc_id, payload) in self._pending.items()]
        self._pending.clear()
        try:
            with self._conn:
                self._conn.executemany(
                    "DELETE FROM extractions WHERE doc_id = ? AND key != ?",
                    [(doc_id, key) for key, doc_id, _ in rows])
                self._conn.executemany(
                    "INSERT OR REPLACE INTO extractions (key, doc_id, payload) VALUES (?, ?, ?)",
                    rows)
            self.stats["stored"] += len(rows)
        except sqlite3.DatabaseError as exc:
            self._warn(f"extraction cache {self.path}: not saved ({_reason(exc)})")

    def get_run(self, key: str) -> bytes | None:
        """A whole run stored under ``key`` (factcheck/runcache.py), or None."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT payload FROM runs WHERE key = ?",
                                     (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            self._unreadable(f"unreadable ({_reason(exc)})", exc)
            return None
        return None if row is None else bytes(row[0])

    def put_run(self, key: str, payload: bytes) -> None:
        """Store a whole run, keeping the ``RUNS_KEPT`` most recent."""
        if self._conn is None:
            return
        try:
            with self._conn:
                row = self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM runs").fetchone()
                self._conn.execute("INSERT OR REPLACE INTO runs (key, seq, payload) "
                                   "VALUES (?, ?, ?)", (key, row[0] + 1, payload))
                self._conn.execute("DELETE FROM runs WHERE seq <= ?", (row[0] + 1 - RUNS_KEPT,))
        except sqlite3.DatabaseError as exc:
            self._warn(f"extraction cache {self.path}: run not saved ({_reason(exc)})")

    def forget_run(self, key: str) -> None:
        """Drop a stored run that did not decode."""
        if self._conn is not None:
            try:
                with self._conn:
                    self._conn.execute("DELETE FROM runs WHERE key = ?", (key,))
            except sqlite3.DatabaseError as exc:
                self._warn(f"extraction cache {self.path}: {_reason(exc)}")

    def close(self) -> None:
        self.flush()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self._busy_timeout)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable enough for a cache
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                with conn:
                    _create_schema(conn)
                return conn
            version = None
            if "meta" in tables:
                row = conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
                version = row[0] if row else None
            columns = {r[1] for r in conn.execute("PRAGMA table_info(extractions)")}
            run_columns = {r[1] for r in conn.execute("PRAGMA table_info(runs)")}
            if version != SCHEMA_VERSION or columns != {"key", "doc_id", "payload"} \
                    or run_columns != {"key", "seq", "payload"}:
                raise sqlite3.DatabaseError(f"schema {version or 'unknown'}, "
                                            f"expected {SCHEMA_VERSION}")
            return conn
        except BaseException:
            conn.close()
            raise

    def _unreadable(self, reason: str, exc: BaseException) -> None:
        """A busy database (another run writing it) is left alone: this run goes without the
        cache. Anything else cannot be trusted and is rebuilt."""
        if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            if self._conn is not None:
                self._conn.close()
            self._disable(f"extraction cache {self.path}: in use by another run "
                          f"({_reason(exc)}); running without cache")
        else:
            self._rebuild(reason)

    def _rebuild(self, reason: str) -> None:
        """Drop the file and start empty; warn once per run."""
        self._warn(f"extraction cache {self.path}: {reason}; rebuilt")
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._conn = self._open()
        except (OSError, sqlite3.DatabaseError) as exc:
            self._disable(f"extraction cache {self.path}: cannot rebuild ({_reason(exc)}); "
                          "running without cache")

    def _disable(self, message: str) -> None:
        self._warn(message)
        self._conn = None

    def _warn(self, message: str) -> None:
        if self._warned:
            return  # one warning per run: the first problem says what happened
        self._warned = True
        self.warnings.append(message)
        if self._on_warning is not None:
            self._on_warning(message)


def _create_schema(conn: sqlite3.Connection) -> None:
    # IF NOT EXISTS: two runs starting on an empty folder may both get here.
    conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', ?)",
                 (SCHEMA_VERSION,))
    conn.execute("CREATE TABLE IF NOT EXISTS extractions (key TEXT PRIMARY KEY, "
                 "doc_id TEXT NOT NULL, payload BLOB NOT NULL)")
    conn.execute("CREATE INDEX IF NOT EXISTS extractions_doc ON extractions (doc_id)")
    conn.execute("CREATE TABLE IF NOT EXISTS runs (key TEXT PRIMARY KEY, seq INTEGER NOT NULL, "
                 "payload BLOB NOT NULL)")


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


__all__ = ["DATABASE_NAME", "ROW_CLASSES", "CorruptEntry", "ExtractionCache", "code_digest",
           "decode_extraction", "document_key", "encode_extraction", "storable_blob"]
