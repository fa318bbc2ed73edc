"""Ingest: paths in, Documents out (decoding, mojibake repair, head metadata).

``ingest`` never raises for bad input: whatever it skips becomes a Problem. Problems are
fatal only for a path named explicitly that does not exist or cannot be read at all.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from factcheck.ingest.decode import Decoded, NotText, decode_bytes, normalize_line_breaks
from factcheck.ingest.head import read_head
from factcheck.ingest.problem import Problem
from factcheck.ingest.readers import (
    JsonRecord,
    declared_charset,
    looks_like_html,
    read_front_matter,
    read_html,
    read_json_record,
)
from factcheck.ingest.repair import Repaired, repair_text
from factcheck.ingest.walk import SourceFile, find_files
from factcheck.model import Document

__all__ = ["IngestResult", "Problem", "ingest"]

_FORMATS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
_LEGACY_ENCODINGS = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def ingest(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = 20_000_000,
           max_documents: int = 100_000) -> IngestResult:
    """Read files and folders into Documents, in the order given (folders: sorted)."""
    if isinstance(paths, str | bytes | os.PathLike):  # one path, not an iterable of characters
        paths = [paths]
    files, problems = find_files(paths)
    files = _read_once(files, problems)
    file_ids = _file_ids(files)
    reader = _Reader(max_bytes=max_bytes, max_documents=max_documents, problems=problems)
    for source in files:
        try:
            reader.read(source, file_ids[source.path])
        except Exception as error:  # a reader bug must not cost the other files
            problems.append(Problem(source.path, f"could not be read ({type(error).__name__}: "
                                                 f"{error})", fatal=False))
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


class _Reader:
    def __init__(self, *, max_bytes: int, max_documents: int, problems: list[Problem]) -> None:
        self.max_bytes = max_bytes
        self.max_documents = max_documents
        self.problems = problems
        self.documents: list[Document] = []
        self.origins: dict[int, _Origin] = {}  # id(document) -> origin
        self.left_out = 0
        self.first_left_out: str | None = None

    def read(self, source: SourceFile, file_id: str) -> None:
        kind = _FORMATS.get(PurePath(source.path).suffix.lower(), "other")
        if len(self.documents) >= self.max_documents and kind != "jsonl":
            self._leave_out(source.path, 1)
            return
        data = self._read_bytes(source)
        if data is None:
            return
        if len(self.documents) >= self.max_documents:  # a JSON Lines file: count its records
            records = sum(1 for line in data.split(b"\n") if line.strip())
            if records:
                self._leave_out(source.path, records)
            return
        declared = declared_charset(data) if kind in ("html", "other") else None
        decoded = decode_bytes(data, declared)
        if isinstance(decoded, NotText):
            self.problems.append(Problem(source.path, f"{decoded.reason}, skipped"))
            return
        if kind == "other":
            kind = "html" if looks_like_html(decoded.text) else "text"
        sha256 = hashlib.sha256(data).hexdigest()
        if kind == "jsonl":
            self._read_jsonl(source, file_id, decoded)
        elif kind == "html":
            self._read_html(source, file_id, decoded, sha256)
        elif kind == "markdown":
            self._read_markdown(source, file_id, decoded, sha256)
        else:
            self._add(_document(file_id, source.path, repair_text(decoded.text), decoded,
                                sha256), source.path, 0)

    def report_left_out(self) -> None:
        if self.left_out and self.first_left_out is not None:
            self.problems.append(Problem(
                self.first_left_out,
                f"{self.left_out:,} more document{'s' if self.left_out != 1 else ''} left out:"
                f" over the limit of {self.max_documents:,} documents",
            ))

    def _read_bytes(self, source: SourceFile) -> bytes | None:
        try:
            with open(source.path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                # Read one byte past the limit: a file may grow after the size was taken.
                data = handle.read(self.max_bytes + 1) if size <= self.max_bytes else b""
        except OSError as error:
            reason = "permission denied" if isinstance(error, PermissionError) else (
                error.strerror or str(error)).lower()
            self.problems.append(Problem(source.path, f"cannot be read ({reason})",
                                         fatal=source.explicit))
            return None
        if size > self.max_bytes or len(data) > self.max_bytes:
            self.problems.append(Problem(
                source.path, f"larger than the size limit of {self.max_bytes:,} bytes"
                             f" ({max(size, len(data)):,} bytes or more), skipped"))
            return None
        return data

    def _read_html(self, source: SourceFile, file_id: str, decoded: Decoded,
                   sha256: str) -> None:
        content = read_html(decoded.text)
        if not content.text.strip():
            self.problems.append(Problem(source.path, "no visible text, skipped"))
            return
        title = repair_text(content.title).text if content.title else None
        document = _document(file_id, source.path,
                             repair_text(content.text, unescape_html=False), decoded, sha256,
                             title=title, published=content.published)
        if content.unclosed:
            lost = f"<{content.unclosed}> is never closed: the page after it was not read"
            document.notes.append(lost)
            self.problems.append(Problem(source.path, lost))
        self._add(document, source.path, 0)

    def _read_markdown(self, source: SourceFile, file_id: str, decoded: Decoded,
                       sha256: str) -> None:
        repaired = repair_text(decoded.text, unescape_html=False)
        front = read_front_matter(repaired.text)
        body_start = front.body_start if front else 0
        if front and front.problem:
            self.problems.append(Problem(source.path, front.problem))
        if not repaired.text[body_start:].strip():
            self.problems.append(Problem(source.path, "no text after the front matter, skipped"))
            return
        document = _document(file_id, source.path, repaired, decoded, sha256,
                             title=front.title if front else None,
                             published=front.published if front else None,
                             head_start=body_start)
        self._add(document, source.path, 0)

    def _read_jsonl(self, source: SourceFile, file_id: str, decoded: Decoded) -> None:
        lines = decoded.text.split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{source.path}:{number}"
            if len(self.documents) >= self.max_documents:
                self._leave_out(where, sum(1 for rest in lines[number - 1:] if rest.strip()))
                return
            record = read_json_record(line)
            if isinstance(record, str):
                self.problems.append(Problem(where, record))
                continue
            self.problems.extend(Problem(where, reason) for reason in record.problems)
            self._add(_record_document(record, file_id, number, source.path, decoded, line),
                      source.path, number)

    def _add(self, document: Document, path: str, line: int) -> None:
        self.documents.append(document)
        self.origins[id(document)] = _Origin(os.path.abspath(path), line,
                                             f"{path}:{line}" if line else path)

    def _leave_out(self, where: str, count: int) -> None:
        self.left_out += count
        if self.first_left_out is None:
            self.first_left_out = where


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


def _record_document(record: JsonRecord, file_id: str, number: int, path: str,
                     decoded: Decoded, line: str) -> Document:
    # JSON Lines is UTF-8 by definition; the record's hash is that of its line in UTF-8.
    sha256 = hashlib.sha256(line.encode("utf-8", errors="surrogatepass")).hexdigest()
    title = repair_text(record.title).text if record.title else None
    text = normalize_line_breaks(record.text)
    return _document(record.id or f"{file_id}#{number}", path, repair_text(text),
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
