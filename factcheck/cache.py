"""A per-document extraction cache: one embedded SQLite file (WAL) in a folder.

An entry is keyed by everything extraction reads — the document's id, text and publication
date — plus the extractor version, the rules-data digest and the layout of the extraction
dataclasses, so a changed document, rules file, extractor or model simply misses. Entries are
compact JSON (a column of values per dataclass field, rebuilt by calling the dataclasses;
zlib-compressed in the file), never pickle: loading a cache must never execute code. An
extraction JSON cannot hold exactly (a tuple, a NaN, a str enum) is not stored. A cache
that cannot be read (not a database, another schema, an undecodable row) is never trusted: it
is emptied and rebuilt, with one warning. Writes are buffered and committed in one
transaction by ``flush``/``close``. Ingest keeps its mojibake repairs here too (table
``repairs``, keyed by a hash of the text repaired, the repair code and ftfy's version), so a
warm run does not repair again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import os
import sqlite3
import typing
import zlib
from collections.abc import Callable
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

from factcheck.extract import EXTRACTOR_VERSION, Extraction
from factcheck.model import Document

DATABASE_NAME = "extractions.sqlite3"
SCHEMA_VERSION = "3"
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


def column_reader(names: tuple[str, ...]) -> Callable[[list[Any]], list[list[Any]]]:
    """A function reading a list of dataclass items into one list per field. Generated, as
    dataclasses generates ``__init__``: ``[i.name for i in items]`` with the attribute written
    out reads slots twice as fast as ``map(attrgetter(name), items)``."""
    body = ", ".join(f"[i.{name} for i in items]" for name in names)
    namespace: dict[str, Any] = {}
    exec(f"def read(items):\n    return [{body}]\n", namespace)
    return namespace["read"]  # type: ignore[no-any-return]


def _spans(text: str, starts: list[Any], ends: list[Any]) -> list[str]:
    return [text[s:e] for s, e in zip(starts, ends, strict=True)]


@dataclasses.dataclass(frozen=True)
class _RowLayout:
    """How one dataclass is stored: one column (JSON array) per field, in field order. The
    ``text`` column is null when every item's text is the document's text at ``start:end``;
    a ``sentence`` column holds an integer for a sentence of the extraction (its index). A
    field whose default is the empty tuple (shared, not a list per item) stores it as an empty
    list and reads it back as itself."""

    cls: type[Any]
    names: tuple[str, ...]
    read: Callable[[list[Any]], list[list[Any]]]
    width: int
    text: int | None
    start: int | None
    end: int | None
    sentence: int | None
    empty_tuples: tuple[int, ...]

    @classmethod
    def of(cls, row_class: type[Any]) -> _RowLayout:
        names = tuple(f.name for f in dataclasses.fields(row_class))
        where = {name: i for i, name in enumerate(names)}
        spans = all(n in where for n in ("text", "start", "end"))
        empty_tuples = tuple(i for i, f in enumerate(dataclasses.fields(row_class))
                             if f.default == ())
        return cls(row_class, names, column_reader(names), len(names),
                   where["text"] if spans else None, where.get("start"), where.get("end"),
                   where.get("sentence"), empty_tuples)


_LAYOUTS = {name: _RowLayout.of(cls) for name, cls in ROW_CLASSES.items() if cls is not None}
# Sentences first: other fields refer to them.
_DECODE_ORDER = sorted(ROW_CLASSES, key=lambda n: n != "sentences")
# The types JSON gives back exactly as they went in (a float, unless it is NaN).
_JSON_TYPES = frozenset({str, int, float, bool, type(None), list, dict})
_CONTAINERS = frozenset({list, dict})
_STR = frozenset({str})


class Unstorable(ValueError):
    """An extraction JSON cannot hold exactly."""


def encode_extraction(extraction: Extraction, text: str) -> str:
    """Compact JSON of the extraction of ``text`` (see ``_RowLayout``), which decodes to an
    equal Extraction with values of the same types. Raises ValueError or TypeError when JSON
    cannot hold it exactly: a tuple, a NaN, a subclass (a str enum), a non-str key."""
    if type(extraction) is not Extraction:  # a subclass would decode as the class
        raise Unstorable(f"not an Extraction: {type(extraction).__name__}")
    nested: list[list[Any]] = []
    sentence_index: dict[Any, int] = {}
    out: dict[str, Any] = {}
    for name in _DECODE_ORDER:
        value = getattr(extraction, name)
        layout = _LAYOUTS.get(name)
        if layout is None:
            json_kinds([value], nested)
            out[name] = value
            continue
        if type(value) is not list or not set(map(type, value)) <= {layout.cls}:
            raise Unstorable(f"{name}: not a list of {layout.cls.__name__} only")
        columns = layout.read(value)
        if name == "sentences" and layout.text is not None:
            texts = columns[layout.text]
            sentence_index = dict(zip(texts, range(len(texts)), strict=True))
        out[name] = _stored_columns(layout, columns, text, sentence_index, nested)
    payload = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    # Only now: encoding has refused circular values, which the walk would never finish.
    check_nested(nested)
    return payload


def _stored_columns(layout: _RowLayout, columns: list[list[Any]], text: str,
                    sentence_index: dict[Any, int], nested: list[list[Any]]) -> list[Any]:
    for i in layout.empty_tuples:
        columns[i] = [[] if v == () and type(v) is tuple else v for v in columns[i]]
    kinds = [json_kinds(column, nested) for column in columns]
    stored: list[Any] = list(columns)
    # Spans of exactly equal offsets of the same types are equal strs.
    if layout.text is not None and kinds[layout.text] <= _STR and columns[layout.text] == \
            _spans(text, columns[layout.start], columns[layout.end]):  # type: ignore[index]
        stored[layout.text] = None
    if layout.sentence is not None:
        said = columns[layout.sentence]
        refs: list[Any] = list(map(sentence_index.get, said))
        if None in refs:  # some are not sentences of the extraction: stored as themselves
            if int in kinds[layout.sentence]:
                raise Unstorable("an integer sentence would read as a reference")
            refs = [s if i is None else i for s, i in zip(said, refs, strict=True)]
        stored[layout.sentence] = refs
    return stored


def json_kinds(values: list[Any], nested: list[list[Any]]) -> set[type]:
    """The types of ``values``, all of which JSON must give back exactly: str, int, float,
    bool and None except NaN; a list or a dict is appended to ``nested`` for
    ``check_nested``. One C-level pass, not a walk value by value."""
    kinds = set(map(type, values))
    if not kinds <= _JSON_TYPES:
        raise Unstorable(f"not JSON: {sorted(k.__name__ for k in kinds - _JSON_TYPES)}")
    if float in kinds and any(map(operator.ne, values, values)):  # only NaN != NaN
        raise Unstorable("NaN")
    if kinds & _CONTAINERS:
        nested.append(values)
    return kinds


def check_nested(levels: list[list[Any]]) -> None:
    """Checks the values in the lists and dicts of ``levels`` like ``json_kinds``, and that every
    key is a str, a level of nesting at a time. Values must not be circular."""
    levels = list(levels)
    while levels:
        level = levels.pop()
        kinds = set(map(type, level))
        if list in kinds:
            lists = level if len(kinds) == 1 else [v for v in level if type(v) is list]
            items = list(chain.from_iterable(lists))
            if json_kinds(items, []) & _CONTAINERS:
                levels.append(items)
        if dict in kinds:
            dicts = level if len(kinds) == 1 else [v for v in level if type(v) is dict]
            if not set(map(type, chain.from_iterable(dicts))) <= _STR:
                raise Unstorable("a dict key that is not a str")
            values = list(chain.from_iterable(map(dict.values, dicts)))
            if json_kinds(values, []) & _CONTAINERS:
                levels.append(values)


def decode_extraction(payload: str, text: str) -> Extraction:
    """The Extraction of ``text`` a payload stores; ``CorruptEntry`` if it does not decode."""
    try:
        data = json.loads(payload)
        if not isinstance(data, dict) or set(data) != set(ROW_CLASSES):
            raise CorruptEntry("unexpected fields")
        values: dict[str, Any] = {}
        sentences: list[str] = []
        for name in _DECODE_ORDER:
            layout = _LAYOUTS.get(name)
            if layout is None:
                values[name] = data[name]
                continue
            columns = _columns_of(layout, data[name], text, sentences)
            values[name] = list(map(layout.cls, *columns))
            if name == "sentences" and layout.text is not None:
                sentences = columns[layout.text]
        return Extraction(**values)
    except (ValueError, TypeError, KeyError) as exc:  # JSONDecodeError is a ValueError
        raise CorruptEntry(str(exc)) from None


def _columns_of(layout: _RowLayout, columns: Any, text: str, sentences: list[str]
                ) -> list[list[Any]]:
    """The columns of a stored field, with its references resolved."""
    if type(columns) is not list or len(columns) != layout.width:
        raise CorruptEntry(f"{layout.cls.__name__}: malformed columns")
    stored = [c for i, c in enumerate(columns) if not (i == layout.text and c is None)]
    if any(type(c) is not list for c in stored) or len(set(map(len, stored))) > 1:
        raise CorruptEntry(f"{layout.cls.__name__}: malformed columns")
    if layout.text is not None and columns[layout.text] is None:
        columns[layout.text] = _spans(text, columns[layout.start],
                                      columns[layout.end])  # type: ignore[index]
    if layout.sentence is not None:
        columns[layout.sentence] = _sentences(columns[layout.sentence], sentences)
    for i in layout.empty_tuples:
        columns[i] = [() if v == [] and type(v) is list else v for v in columns[i]]
    return columns


def _sentences(column: list[Any], sentences: list[str]) -> list[Any]:
    """A stored sentence column with its references (integers) resolved."""
    kinds = set(map(type, column))
    if int not in kinds:
        return column
    indices = column if kinds == {int} else [i for i in column if type(i) is int]
    if min(indices) < 0 or max(indices) >= len(sentences):
        raise CorruptEntry("no such sentence")
    if kinds == {int}:
        return list(map(sentences.__getitem__, column))
    return [sentences[s] if type(s) is int else s for s in column]


def storable_blob(doc: Document, extraction: Extraction) -> bytes | None:
    """The stored form of ``doc``'s extraction (compressed JSON), or None when it would not
    decode back to an equal Extraction — so a cached run can never differ from a fresh one.
    Workers call this, so the parent process does not spend its time encoding."""
    try:
        payload = encode_extraction(extraction, doc.text)
        return zlib.compress(payload.encode("utf-8"), _COMPRESSION_LEVEL)
    except (TypeError, ValueError):  # UnicodeEncodeError and Unstorable are ValueErrors
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
    carry it (``Fact.source``, ``Fact.id``), and so is an HTML page's source map, because
    facts carry the lines and columns it gives (``Fact.line``)."""
    text_hash = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest()
    published = doc.published.isoformat() if doc.published else ""
    parts = (EXTRACTOR_VERSION, code_digest("extract", "model.py"), _LAYOUT, data_digest,
             doc.id, published, text_hash)
    if doc.source_map:
        parts += (hashlib.sha256(json.dumps(doc.source_map).encode("ascii")).hexdigest(),)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


# https://bford.info/cachedir/: backup and archiving tools skip a folder holding this file.
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by factcheck.\n"
                "# For information about cache directory tags see https://bford.info/cachedir/\n")


def mark_cache_folder(folder: Path) -> None:
    """Mark ``folder`` as a cache, as other tools mark theirs: a ``CACHEDIR.TAG`` and a
    ``.gitignore`` holding ``*``, so ``git add -A`` in a content repository leaves it out.
    Files already there are left as they are."""
    for name, content in (("CACHEDIR.TAG", CACHEDIR_TAG),
                          (".gitignore", "# Created by factcheck.\n*\n")):
        marker = folder / name
        if not marker.exists():
            marker.write_text(content, encoding="utf-8")


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
        self._pending_repairs: dict[str, bytes] = {}  # repair key -> payload
        self._conn: sqlite3.Connection | None = None
        self._warned = False
        self._busy_timeout = busy_timeout
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not _writable(self.folder, self.path):  # else "rebuilt", while using nothing
                self._disable(f"extraction cache {self.folder}: cache not writable; "
                              "running without it")
                return
            mark_cache_folder(self.folder)
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

    def put_blob(self, doc: Document, data_digest: str, blob: bytes | None,
                 key: str | None = None) -> None:
        """Queue an entry made by ``storable_blob`` (None: not storable, only counted).
        ``key``: its ``document_key``, when worked out where the text is (a Dask worker)."""
        if self._conn is None:
            return
        if blob is None:
            self.stats["unstorable"] += 1
            return
        self._pending[key or document_key(doc, data_digest)] = (doc.id, blob)

    def get_repair(self, key: str) -> bytes | None:
        """A text's mojibake repair kept by ingest (factcheck/ingest/repair.py), or None."""
        if self._conn is None:
            return None
        if key in self._pending_repairs:
            return self._pending_repairs[key]
        try:
            row = self._conn.execute("SELECT payload FROM repairs WHERE key = ?",
                                     (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            self._unreadable(f"unreadable ({_reason(exc)})", exc)
            return None
        return None if row is None else bytes(row[0])

    def put_repair(self, key: str, payload: bytes) -> None:
        """Queue a repair; written by the next ``flush`` or ``close``."""
        if self._conn is not None:
            self._pending_repairs[key] = payload

    def reader(self) -> CacheReader:
        """Reads the cache through a connection of its own: for a forked worker, which must
        not use the connection it inherited."""
        return CacheReader(self.path if self._conn is not None else None, self._busy_timeout)

    def flush(self) -> None:
        """Write queued entries in one transaction, replacing older entries of the same
        documents (so the file holds one entry per document id and rules data)."""
        if self._conn is None or not (self._pending or self._pending_repairs):
            self._pending.clear()
            self._pending_repairs.clear()
            return
        rows = [(key, doc_id, payload) for key, (doc_id, payload) in self._pending.items()]
        repairs = list(self._pending_repairs.items())
        self._pending.clear()
        self._pending_repairs.clear()
        try:
            with self._conn:
                self._conn.executemany(
                    "DELETE FROM extractions WHERE doc_id = ? AND key != ?",
                    [(doc_id, key) for key, doc_id, _ in rows])
                self._conn.executemany(
                    "INSERT OR REPLACE INTO extractions (key, doc_id, payload) VALUES (?, ?, ?)",
                    rows)
                self._conn.executemany(
                    "INSERT OR REPLACE INTO repairs (key, payload) VALUES (?, ?)", repairs)
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
            if "repairs" not in tables:  # a cache from before repairs were kept
                with conn:
                    conn.execute(_CREATE_REPAIRS)
            return conn
        except BaseException:
            conn.close()
            raise

    def _unreadable(self, reason: str, exc: BaseException) -> None:
        """A busy database (another run writing it) or one this process cannot write is left
        alone: this run goes without the cache. Anything else cannot be trusted and is
        rebuilt."""
        error_name = getattr(exc, "sqlite_errorname", "")
        if error_name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
            if self._conn is not None:
                self._conn.close()
            self._disable(f"extraction cache {self.folder}: cache not writable; running "
                          f"without it ({_reason(exc)})")
        elif error_name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
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
    conn.execute(_CREATE_REPAIRS)


# Mojibake repairs by a hash of the text repaired (ingest reads them before extraction).
_CREATE_REPAIRS = "CREATE TABLE IF NOT EXISTS repairs (key TEXT PRIMARY KEY, payload BLOB NOT NULL)"


class CacheReader:
    """The cache read by a worker (a forked process, a Dask worker on the same file system):
    a read-only connection of its own, opened on first use. Only the process that owns the
    ExtractionCache writes; a problem here only means working it out again."""

    def __init__(self, path: Path | str | None,
                 busy_timeout: float = _BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path) if path is not None else None
        self.busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None

    def _payload(self, table: str, key: str) -> bytes | None:
        if self.path is None:
            return None
        try:
            if self._conn is None:
                self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro",
                                             uri=True, timeout=self.busy_timeout)
            row = self._conn.execute(f"SELECT payload FROM {table} WHERE key = ?",
                                     (key,)).fetchone()
        except sqlite3.DatabaseError:
            self.close()
            self.path = None
            return None
        return None if row is None else bytes(row[0])

    def get_repair(self, key: str) -> bytes | None:
        return self._payload("repairs", key)

    def get(self, doc: Document, data_digest: str) -> Extraction | None:
        """``doc``'s cached extraction, or None (a corrupt entry too: the owner rebuilds)."""
        payload = self._payload("extractions", document_key(doc, data_digest))
        if payload is None:
            return None
        try:
            extraction = decode_extraction(zlib.decompress(payload).decode("utf-8"), doc.text)
        except (CorruptEntry, zlib.error, TypeError, UnicodeDecodeError):
            return None
        return extraction if extraction.source == doc.id else None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _writable(folder: Path, database: Path) -> bool:
    """Whether this process may write the cache: the folder (SQLite adds journal files beside
    the database) and the database, if it exists."""
    return os.access(folder, os.W_OK | os.X_OK) and (
        not database.exists() or os.access(database, os.W_OK))


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


__all__ = ["DATABASE_NAME", "ROW_CLASSES", "CacheReader", "CorruptEntry", "ExtractionCache",
           "Unstorable", "check_nested", "code_digest", "column_reader", "decode_extraction",
           "document_key", "encode_extraction", "json_kinds", "storable_blob"]
