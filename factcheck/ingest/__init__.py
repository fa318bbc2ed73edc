"""Ingest: paths in, Documents out (decoding, mojibake repair, head metadata).

``ingest`` never raises for bad input: whatever it skips becomes a Problem. Problems are
fatal only for a path named explicitly that does not exist or cannot be read at all.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import pairwise
from pathlib import PurePath

from factcheck.forking import can_fork, run_all
from factcheck.ingest.decode import Decoded, NotText, decode_bytes, normalize_line_breaks
from factcheck.ingest.frontmatter import blank_front_matter, front_matter, read_front_matter
from factcheck.ingest.head import read_head
from factcheck.ingest.outputs import own_output
from factcheck.ingest.problem import Problem
from factcheck.ingest.readers import (
    JsonRecord,
    declared_charset,
    looks_like_html,
    markup_positions,
    read_html,
    read_json_record,
)
from factcheck.ingest.repair import (
    KeptRepairs,
    Repaired,
    RepairReader,
    RepairStore,
    repair_text,
)
from factcheck.ingest.walk import SourceFile, find_files
from factcheck.model import Document
from factcheck.textsafe import has_surrogates

__all__ = ["ChildRepairs", "IngestResult", "Problem", "documents_read", "front_matter",
           "ingest", "read_files", "without_texts"]

_FORMATS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
_LEGACY_ENCODINGS = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}
# Files are read in worker processes from this many files or bytes on: below that, starting
# the processes (tens of ms) costs about what sharing the reading saves.
POOL_MIN_FILES = 300
POOL_MIN_BYTES = 1_000_000
# Chunks per worker: enough that one slow chunk does not leave a core idle at the end.
_CHUNKS_PER_WORKER = 8


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# Reads a wave of files elsewhere (other processes, a cluster): what each gave, in order, as
# ``read_files`` returns it there.
WaveReader = Callable[[list[tuple[SourceFile, str]]], "list[list[_Event]]"]


def ingest(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = 20_000_000,
           max_documents: int = 100_000, jobs: int = 1,
           exclude: Sequence[str] = (), repairs: RepairStore | None = None,
           read_wave: WaveReader | None = None) -> IngestResult:
    """Read files and folders into Documents, in the order given (folders: sorted).

    With ``jobs`` > 1 and enough files, they are read in forked worker processes; the result
    is the same as with one job. A worker that dies raises ``ForkError``. ``exclude``:
    gitignore-style patterns of files to leave out of folders. ``repairs``: mojibake repairs
    kept from earlier runs (the extraction cache), and where new ones are kept.
    ``read_wave``: reads the files instead of this process or its forked workers (the Dask
    engine: paths go out, documents come back); limits and ids are settled here."""
    if isinstance(paths, str | bytes | os.PathLike):  # one path, not an iterable of characters
        paths = [paths]
    files, problems = find_files(paths, exclude)
    files = _read_once(files, problems)
    file_ids = _file_ids(files)
    reader = _Reader(max_bytes=max_bytes, max_documents=max_documents, problems=problems,
                     repairs=repairs)
    done = 0
    if read_wave is not None or (jobs > 1 and can_fork()):
        # Each file but a JSON Lines one gives one document at most: a wave of as many files
        # as documents are still wanted reads no file past the limit (files skipped as bad
        # leave room for another wave).
        while done < len(files) and len(reader.documents) < max_documents:
            wave = files[done:done + max_documents - len(reader.documents)]
            done += len(wave)
            if read_wave is None and not _worth_a_pool(wave):
                _read_here(reader, wave, file_ids)
                continue
            # Workers read every file of the wave as if no limit were reached; the limits,
            # the order and the ids are settled here, by replaying what each file gave.
            named = [(source, file_ids[source.path]) for source in wave]
            reads = (read_wave(named) if read_wave is not None
                     else _read_in_workers(named, max_bytes, jobs, repairs))
            for source, events in zip(wave, reads, strict=True):
                reader.replay(source, events)
    # The rest (all, with one job): past the limit, files are counted as left out, not read.
    _read_here(reader, files[done:], file_ids)
    reader.report_left_out()
    _make_ids_unique(reader.documents, reader.origins, problems)
    return IngestResult(reader.documents, problems)


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a document came from: id clashes are settled in this order, whatever the
    order of the arguments."""

    absolute: str
    line: int  # JSON Lines record number; 0 for a whole file
    where: str  # for messages: the path, or "path:LINE"


@dataclass(frozen=True, slots=True)
class _Added:
    """A worker read a document: ``line`` is its JSON Lines record number, 0 for a file."""

    document: Document
    line: int


@dataclass(frozen=True, slots=True)
class _Limit:
    """A worker passed a point where the document limit is checked; past the limit, the
    rest of the file is left out and ``count`` documents are counted as left out."""

    where: str
    count: int


_Event = Problem | _Added | _Limit


class _FileReader:
    """Reads one file at a time; what it finds goes to ``_problem`` and ``_add``, and it asks
    ``_over_limit`` wherever the document limit may stop it."""

    def __init__(self, *, max_bytes: int, repairs: KeptRepairs | None = None) -> None:
        self.max_bytes = max_bytes
        self.repairs = repairs
        self.gave_document = False  # set by _add: the file being read gave a document

    def _repair(self, text: str, *, unescape_html: bool = True) -> Repaired:
        return repair_text(text, unescape_html=unescape_html, store=self.repairs)

    def read(self, source: SourceFile, file_id: str) -> None:
        self.gave_document = False
        self._read(source, file_id)
        # A name that is not UTF-8 is worth a word only if the file is read: a skipped file
        # already has its warning (one per file).
        if self.gave_document and has_surrogates(source.path):
            self._problem(Problem(source.path, "file name is not valid UTF-8: shown with "
                                               "U+FFFD, escaped in JSON; read anyway"))

    def _read(self, source: SourceFile, file_id: str) -> None:
        kind = _FORMATS.get(PurePath(source.path).suffix.lower(), "other")
        if kind != "jsonl" and self._over_limit(source.path, 1):
            return
        data = self._read_bytes(source)
        if data is None:
            return
        if kind == "jsonl" and self._over_limit(source.path, lambda: _records(data)):
            return
        declared = declared_charset(data) if kind in ("html", "other") else None
        decoded = decode_bytes(data, declared)
        if isinstance(decoded, NotText):
            self._problem(Problem(source.path, f"{decoded.reason}, skipped"))
            return
        if kind == "other":
            kind = "html" if looks_like_html(decoded.text) else "text"
        if kind != "jsonl":
            output = own_output(decoded.text)
            if output is not None:  # never read as an article; named, it is said why
                if source.explicit:
                    self._problem(Problem(source.path, f"{output}, not a document, skipped"))
                return
        sha256 = hashlib.sha256(data).hexdigest()
        if kind == "jsonl":
            self._read_jsonl(source, file_id, decoded)
        elif kind == "html":
            self._read_html(source, file_id, decoded, sha256)
        elif kind == "markdown":
            self._read_markdown(source, file_id, decoded, sha256)
        else:
            self._add(_document(file_id, source.path, self._repair(decoded.text), decoded,
                                sha256), source.path, 0)

    def _problem(self, problem: Problem) -> None:
        raise NotImplementedError

    def _add(self, document: Document, path: str, line: int) -> None:
        raise NotImplementedError

    def _over_limit(self, where: str, count: int | Callable[[], int]) -> bool:
        """True if the document limit is reached: the rest of the file is left out."""
        raise NotImplementedError

    def _read_bytes(self, source: SourceFile) -> bytes | None:
        try:
            with open(source.path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                # Read one byte past the limit: a file may grow after the size was taken.
                data = handle.read(self.max_bytes + 1) if size <= self.max_bytes else b""
        except OSError as error:
            reason = "permission denied" if isinstance(error, PermissionError) else (
                error.strerror or str(error)).lower()
            self._problem(Problem(source.path, f"cannot be read ({reason})",
                                  fatal=source.explicit))
            return None
        if size > self.max_bytes or len(data) > self.max_bytes:
            self._problem(Problem(
                source.path, f"larger than the size limit of {self.max_bytes:,} bytes"
                             f" ({max(size, len(data)):,} bytes or more), skipped"))
            return None
        return data

    def _read_html(self, source: SourceFile, file_id: str, decoded: Decoded,
                   sha256: str) -> None:
        content = read_html(decoded.text)
        if not content.text.strip():
            self._problem(Problem(source.path, "no visible text, skipped"))
            return
        title = self._repair(content.title).text if content.title else None
        repaired = self._repair(content.text, unescape_html=False)
        document = _document(file_id, source.path, repaired, decoded, sha256,
                             title=title, published=content.published)
        document.source_map = markup_positions(
            decoded.text, _through_repair(content.text, repaired.text, content.offsets))
        if content.unclosed:
            lost = f"<{content.unclosed}> is never closed: the page after it was not read"
            document.notes.append(lost)
            self._problem(Problem(source.path, lost))
        self._add(document, source.path, 0)

    def _read_markdown(self, source: SourceFile, file_id: str, decoded: Decoded,
                       sha256: str) -> None:
        repaired = self._repair(decoded.text, unescape_html=False)
        front = read_front_matter(repaired.text)
        body_start = front.body_start if front else 0
        if front and front.problem:
            self._problem(Problem(source.path, front.problem))
        if not repaired.text[body_start:].strip():
            self._problem(Problem(source.path, "no text after the front matter, skipped"))
            return
        # Front matter is metadata: blanked (line breaks kept), so none of it becomes a fact
        # and the body's offsets and lines stay those of the file.
        repaired = replace(repaired, text=blank_front_matter(repaired.text, body_start))
        document = _document(file_id, source.path, repaired, decoded, sha256,
                             title=front.title if front else None,
                             published=front.published if front else None,
                             url=front.url if front else None, head_start=body_start)
        self._add(document, source.path, 0)

    def _read_jsonl(self, source: SourceFile, file_id: str, decoded: Decoded) -> None:
        lines = decoded.text.split("\n")
        left = sum(1 for line in lines if line.strip())  # records from this one on
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{source.path}:{number}"
            if self._over_limit(where, left):
                return
            left -= 1
            record = read_json_record(line)
            if isinstance(record, str):
                self._problem(Problem(where, record))
                continue
            for reason in record.problems:
                self._problem(Problem(where, reason))
            self._add(_record_document(record, file_id, number, source.path, decoded, line,
                                       self._repair), source.path, number)


class _Reader(_FileReader):
    """Reads files into the result, here or by replaying what a worker read."""

    def __init__(self, *, max_bytes: int, max_documents: int, problems: list[Problem],
                 repairs: RepairStore | None = None) -> None:
        super().__init__(max_bytes=max_bytes, repairs=repairs)
        self.max_documents = max_documents
        self.problems = problems
        self.documents: list[Document] = []
        self.origins: dict[int, _Origin] = {}  # id(document) -> origin
        self.left_out = 0
        self.first_left_out: str | None = None

    def replay(self, source: SourceFile, events: list[_Event]) -> None:
        """Take what a worker read from ``source``, as ``read`` would have taken it here."""
        for event in events:
            if isinstance(event, _Limit):
                if self._over_limit(event.where, event.count):
                    return
            elif isinstance(event, _Added):
                self._add(event.document, source.path, event.line)
            else:
                self._problem(event)

    def report_left_out(self) -> None:
        if self.left_out and self.first_left_out is not None:
            self.problems.append(Problem(
                self.first_left_out,
                f"{self.left_out:,} more document{'s' if self.left_out != 1 else ''} left out:"
                f" over the limit of {self.max_documents:,} documents",
            ))

    def _problem(self, problem: Problem) -> None:
        self.problems.append(problem)

    def _add(self, document: Document, path: str, line: int) -> None:
        self.gave_document = True
        self.documents.append(document)
        self.origins[id(document)] = _Origin(os.path.abspath(path), line,
                                             f"{path}:{line}" if line else path)

    def _over_limit(self, where: str, count: int | Callable[[], int]) -> bool:
        if len(self.documents) < self.max_documents:
            return False
        left_out = count if isinstance(count, int) else count()
        if left_out:  # an empty JSON Lines file leaves nothing out
            self.left_out += left_out
            if self.first_left_out is None:
                self.first_left_out = where
        return True


class _Recorder(_FileReader):
    """Reads files in a worker as if no limit were reached, recording what each gave."""

    def __init__(self, *, max_bytes: int, repairs: KeptRepairs | None = None) -> None:
        super().__init__(max_bytes=max_bytes, repairs=repairs)
        self.events: list[_Event] = []

    def _problem(self, problem: Problem) -> None:
        self.events.append(problem)

    def _add(self, document: Document, path: str, line: int) -> None:
        self.gave_document = True
        self.events.append(_Added(document, line))

    def _over_limit(self, where: str, count: int | Callable[[], int]) -> bool:
        self.events.append(_Limit(where, count if isinstance(count, int) else count()))
        return False


def _read_here(reader: _Reader, files: Sequence[SourceFile], file_ids: dict[str, str]) -> None:
    for source in files:
        try:
            reader.read(source, file_ids[source.path])
        except Exception as error:  # a reader bug must not cost the other files
            reader.problems.append(_reader_bug(source, error))


def _worth_a_pool(files: Sequence[SourceFile]) -> bool:
    """Enough files, or bytes, to pay for starting worker processes."""
    if len(files) < 2:  # one file is not shared out
        return False
    if len(files) >= POOL_MIN_FILES:
        return True
    total = 0
    for source in files:  # stops at the threshold: a few stats for large files
        try:
            total += os.stat(source.path).st_size
        except OSError:
            continue  # reported when the file is read
        if total >= POOL_MIN_BYTES:
            return True
    return False


def _read_in_workers(files: list[tuple[SourceFile, str]], max_bytes: int,
                     jobs: int, repairs: RepairStore | None) -> list[list[_Event]]:
    """What each file gave, in order, read in chunks by ``jobs`` forked workers. The repairs
    they made are kept here: a worker only reads ``repairs``, through its own connection."""
    chunks = min(len(files), jobs * _CHUNKS_PER_WORKER)
    bounds = [len(files) * i // chunks for i in range(chunks + 1)]
    # The children inherit the files through fork: only the events are pickled, coming back.
    pieces = [partial(_read_chunk, files[start:end], max_bytes, repairs)
              for start, end in pairwise(bounds)]
    reads = []
    for chunk, made in run_all(pieces, jobs):
        reads.extend(chunk)
        if repairs is not None:
            for key, payload in made.items():
                repairs.put_repair(key, payload)
    return reads


class ChildRepairs:
    """Repairs in a worker: read through a connection of the worker's own (one inherited
    through fork must not be used), and what it makes kept for the parent to write."""

    def __init__(self, reader: RepairReader) -> None:
        self.reader = reader
        self.made: dict[str, bytes] = {}

    def get_repair(self, key: str) -> bytes | None:
        return self.reader.get_repair(key)

    def put_repair(self, key: str, payload: bytes) -> None:
        self.made[key] = payload


def _read_chunk(files: list[tuple[SourceFile, str]], max_bytes: int,
                repairs: RepairStore | None) -> tuple[list[list[_Event]], dict[str, bytes]]:
    child = ChildRepairs(repairs.reader()) if repairs is not None else None
    try:
        return read_files(files, max_bytes, child), child.made if child is not None else {}
    finally:
        if child is not None:
            child.reader.close()


def read_files(files: list[tuple[SourceFile, str]], max_bytes: int,
               repairs: KeptRepairs | None = None) -> list[list[_Event]]:
    """What each file gave (documents, problems, limit checks), read as if no document limit
    were reached: ``ingest`` replays them. For a worker of another process or machine."""
    recorder = _Recorder(max_bytes=max_bytes, repairs=repairs)
    reads = []
    for source, file_id in files:
        recorder.events = []
        try:
            recorder.read(source, file_id)
        except Exception as error:  # as read here: the problem follows what was recorded
            recorder.events.append(_reader_bug(source, error))
        reads.append(recorder.events)
    return reads


def documents_read(events: list[_Event]) -> list[Document]:
    """The documents among what ``read_files`` gave for one file."""
    return [event.document for event in events if isinstance(event, _Added)]


def without_texts(events: list[_Event], keep: Callable[[Document], bool]) -> list[_Event]:
    """What ``read_files`` gave for one file, its documents' texts (and HTML source maps)
    left out, but where ``keep``: for a process that shows findings and metadata, not texts
    (the Dask engine's client). A document without its text has an empty one."""
    return [_Added(replace(event.document, text="", source_map=None), event.line)
            if isinstance(event, _Added) and not keep(event.document) else event
            for event in events]


def _reader_bug(source: SourceFile, error: Exception) -> Problem:
    return Problem(source.path, f"could not be read ({type(error).__name__}: {error})",
                   fatal=False)


def _records(data: bytes) -> int:
    """Non-empty lines of a JSON Lines file, counted without decoding it."""
    return sum(1 for line in data.split(b"\n") if line.strip())


def _document(file_id: str, path: str, repaired: Repaired, decoded: Decoded, sha256: str, *,
              title: str | None = None, published: date | None = None, url: str | None = None,
              head_start: int = 0) -> Document:
    """A Document from repaired text; what the metadata leaves open comes from its head."""
    text = repaired.text
    notes = [*decoded.notes, *repaired.notes]
    if title is None or published is None:
        head = read_head(text[head_start:])
        title = title if title is not None else head.title
        published = published if published is not None else head.published
    if decoded.encoding in _LEGACY_ENCODINGS:
        notes.insert(0, f"not valid UTF-8; read as {_LEGACY_ENCODINGS[decoded.encoding]}")
    return Document(id=file_id, path=path, text=text, title=title, published=published,
                    url=url, sha256=sha256, repaired=repaired.places > 0,
                    encoding=decoded.encoding, notes=notes)


def _through_repair(before: str, after: str, offsets: list[int]) -> list[int]:
    """``offsets`` of the characters of ``before``, carried over to ``after``, the same text
    with its mojibake repaired (a repaired run takes the offset of the run it replaced)."""
    if before == after or len(before) == len(after):
        return offsets
    import difflib

    carried: list[int] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            carried.extend(offsets[i1:i2])
        else:
            at = offsets[i1] if i1 < len(offsets) else (offsets[-1] if offsets else 0)
            carried.extend([at] * (j2 - j1))
    return carried


def _record_document(record: JsonRecord, file_id: str, number: int, path: str,
                     decoded: Decoded, line: str, repair: Callable[[str], Repaired]) -> Document:
    # JSON Lines is UTF-8 by definition; the record's hash is that of its line in UTF-8.
    sha256 = hashlib.sha256(line.encode("utf-8", errors="surrogatepass")).hexdigest()
    title = repair(record.title).text if record.title else None
    text = normalize_line_breaks(record.text)
    return _document(record.id or f"{file_id}#{number}", path, repair(text),
                     decoded, sha256, title=title, published=record.published, url=record.url)


def _read_once(files: list[SourceFile], problems: list[Problem]) -> list[SourceFile]:
    """Each file once, even when named twice or reached through a link."""
    first_path: dict[str, str] = {}
    unique: list[SourceFile] = []
    for source in files:
        if source.real in first_path:
            problems.append(Problem(source.path, f"same file as {first_path[source.real]},"
                                                 " read once"))
            continue
        first_path[source.real] = source.path
        unique.append(source)
    return unique


def _file_ids(files: list[SourceFile]) -> dict[str, str]:
    """File stem, or for stems shared by several files the path from their common folder."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for source in files:
        by_stem[PurePath(source.path).stem].append(source.path)
    ids: dict[str, str] = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        absolute = [os.path.abspath(path) for path in group]
        root = os.path.commonpath(absolute)
        for path, full in zip(group, absolute, strict=True):
            ids[path] = PurePath(os.path.relpath(full, root)).as_posix()
    return ids


def _make_ids_unique(documents: list[Document], origins: dict[int, _Origin],
                     problems: list[Problem]) -> None:
    """Ids clash only through JSON Lines ``id`` fields; the first by path and line keeps it."""
    by_id: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        by_id[document.id].append(document)
    taken = set(by_id)
    for doc_id, group in by_id.items():
        if len(group) == 1:
            continue
        group.sort(key=lambda d: (origins[id(d)].absolute, origins[id(d)].line))
        for document in group[1:]:
            suffix = 2
            while f"{doc_id}~{suffix}" in taken:
                suffix += 1
            document.id = f"{doc_id}~{suffix}"
            taken.add(document.id)
            problems.append(Problem(origins[id(document)].where,
                                    f"id {doc_id!r} is used more than once;"
                                    f" this one is now {document.id!r}"))
