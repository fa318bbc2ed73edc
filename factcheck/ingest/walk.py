"""Paths to files: folders read recursively in sorted order, symbolic links followed safely.

In a folder only documents are read (``DOCUMENT_SUFFIXES``), so logs, CSV files and the tool's
own JSON, SARIF and JUnit outputs never become articles; a file named explicitly is read
whatever its type. Inside folders, ``.gitignore`` files are honoured as git honours them
(those of the folder's parents up to the repository root too), folders marked as caches
(``CACHEDIR.TAG``) are passed over, and ``exclude`` patterns (gitignore syntax, matched against
the path relative to the folder named and to the working folder) leave files out.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pathspec import GitIgnoreSpec

from factcheck.ingest.problem import Problem

# What a folder is read for: the formats ingest reads.
DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml",
                               ".jsonl", ".ndjson"})


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # as given, or the folder as given joined with the path inside it
    explicit: bool  # named by the caller: read whatever its extension, missing is fatal
    real: str  # the real path, to notice one file reached twice


def find_files(paths: Iterable[object], exclude: Sequence[str] = ()
               ) -> tuple[list[SourceFile], list[Problem]]:
    """Every file the paths name, in argument order (folders: sorted by relative path).

    Hidden files and folders (names starting with "."), files of other types, files that
    ``.gitignore`` or ``exclude`` leave out and cache folders are skipped inside folders
    without a word; everything else that is skipped gets a Problem.
    """
    excluded = GitIgnoreSpec.from_lines(exclude) if exclude else None
    files: list[SourceFile] = []
    problems: list[Problem] = []
    for given in paths:
        try:
            path = os.fsdecode(os.fspath(given))  # type: ignore[arg-type]
        except TypeError:
            problems.append(Problem(repr(given)[:80], "not a path", fatal=True))
            continue
        if not path:
            problems.append(Problem("''", "empty path", fatal=True))
            continue
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError) as error:
            problems.append(Problem(path, _stat_failure(path, error), fatal=True))
            continue
        if stat.S_ISDIR(mode):
            files.extend(_walk(path, problems, excluded))
        elif stat.S_ISREG(mode):
            files.append(SourceFile(path, True, os.path.realpath(path)))
        else:
            problems.append(Problem(path, "not a regular file or folder", fatal=True))
    return files, problems


class _Ignored:
    """What ``.gitignore`` files and ``exclude`` patterns leave out of one folder's walk."""

    def __init__(self, root: str, real_root: str, exclude: GitIgnoreSpec | None) -> None:
        # (prefix, folder inside root or None, spec): a spec matches paths relative to its
        # own folder, i.e. ``prefix + path inside root`` for a parent's, the path past
        # ``folder/`` for one inside the walk. Shallowest first: the deepest match decides.
        self.specs: list[tuple[str, str | None, GitIgnoreSpec]] = []
        self.exclude = exclude
        self.cwd_prefix = _cwd_prefix(root)
        self._parents(real_root)

    def _parents(self, real_root: str) -> None:
        """The .gitignore files above the root, up to the repository root (none outside a
        repository)."""
        chain: list[str] = []
        folder = os.path.dirname(real_root)
        while True:
            chain.append(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                if not os.path.exists(os.path.join(real_root, ".git")):
                    return  # not in a repository: only the folder's own .gitignore files
                chain = []
                break
            folder = parent
        for parent in reversed(chain):
            spec = _read_gitignore(parent)
            if spec is not None:
                prefix = os.path.relpath(real_root, parent).replace(os.sep, "/") + "/"
                self.specs.append((prefix, None, spec))

    def enter(self, folder: str, relative: str) -> int:
        """Read ``folder``'s .gitignore; the number of specs to keep when leaving it."""
        kept = len(self.specs)
        spec = _read_gitignore(folder)
        if spec is not None:
            self.specs.append(("", relative, spec))
        return kept

    def __call__(self, inner: str, is_folder: bool) -> bool:
        path = inner + "/" if is_folder else inner
        if self.exclude is not None and (
                self.exclude.match_file(path)
                or (self.cwd_prefix is not None
                    and self.exclude.match_file(self.cwd_prefix + path))):
            return True
        ignored = False
        for prefix, folder, spec in self.specs:
            if folder is None:
                rel = prefix + path
            elif not folder:
                rel = path
            elif path.startswith(folder + "/"):
                rel = path[len(folder) + 1:]
            else:
                continue
            include = spec.check_file(rel).include
            if include is not None:
                ignored = include
        return ignored


def _read_gitignore(folder: str) -> GitIgnoreSpec | None:
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8",
                  errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    return GitIgnoreSpec.from_lines(lines) if lines else None


def _cwd_prefix(root: str) -> str | None:
    """The folder's path relative to the working folder, '/'-separated and ending in '/'
    ('' for the working folder itself); None when it lies outside."""
    try:
        relative = os.path.relpath(root)
    except ValueError:
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"


def _walk(root: str, problems: list[Problem], exclude: GitIgnoreSpec | None = None
          ) -> list[SourceFile]:
    found: list[tuple[str, str, str]] = []  # (path relative to root with "/", joined, real)
    real_root = os.path.realpath(root)
    visited = {real_root}  # real paths of folders read: links never loop
    ignored = _Ignored(root, real_root, exclude)
    # (folder, its path relative to root, its real path); None: leave a folder (its
    # .gitignore no longer applies)
    stack: list[tuple[str, str, str] | int] = [(root, "", real_root)]
    while stack:
        item = stack.pop()
        if isinstance(item, int):
            del ignored.specs[item:]
            continue
        folder, relative, real_folder = item
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:  # fatal for the folder named by the caller
            problems.append(Problem(folder, f"cannot read folder ({_reason(error)})",
                                    fatal=not relative))
            continue
        if relative and any(entry.name == "CACHEDIR.TAG" for entry in entries):
            continue  # a cache folder (ours or another tool's): nothing to read
        stack.append(ignored.enter(folder, relative))
        subfolders: list[tuple[str, str, str]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden: not a document, nothing to report
            # "." names the working folder: its files are named "a.txt", not "./a.txt".
            joined = entry.name if folder == os.curdir else os.path.join(folder, entry.name)
            inner = f"{relative}/{entry.name}" if relative else entry.name
            try:
                is_folder = entry.is_dir()  # follows links
            except OSError:
                is_folder = False
            if not is_folder and os.path.splitext(entry.name)[1].lower() \
                    not in DOCUMENT_SUFFIXES:
                continue  # not a document type: logs, data, the tool's own outputs
            if ignored(inner, is_folder):
                continue
            try:
                mode = os.stat(joined).st_mode  # follows links
            except (OSError, ValueError) as error:
                problems.append(Problem(joined, _stat_failure(joined, error) + ", skipped"))
                continue
            # Only a link needs resolving: any other entry's real path is its folder's joined
            # with its name (realpath for each of 10,000 files cost more than reading them).
            real = (os.path.realpath(joined) if entry.is_symlink()
                    else os.path.join(real_folder, entry.name))
            if stat.S_ISDIR(mode):
                if real in visited:
                    problems.append(Problem(joined, "links to a folder already read, skipped"))
                    continue
                visited.add(real)
                subfolders.append((joined, inner, real))
            elif stat.S_ISREG(mode):
                found.append((inner, joined, real))
            else:
                problems.append(Problem(joined, "not a regular file, skipped"))
        stack.extend(reversed(subfolders))
    found.sort(key=lambda found_file: found_file[0])
    return [SourceFile(joined, False, real) for _, joined, real in found]


def _stat_failure(path: str, error: OSError | ValueError) -> str:
    if isinstance(error, ValueError):
        return "invalid path"
    if isinstance(error, FileNotFoundError) and os.path.islink(path):
        return "broken symbolic link"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    return _reason(error)


def _reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()
