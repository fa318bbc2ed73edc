"""Paths to files: folders read recursively in sorted order, symbolic links followed safely."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.ingest.problem import Problem


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # as given, or the folder as given joined with the path inside it
    explicit: bool  # named by the caller: read whatever its extension, missing is fatal
    real: str  # the real path, to notice one file reached twice


def find_files(paths: Iterable[object]) -> tuple[list[SourceFile], list[Problem]]:
    """Every file the paths name, in argument order (folders: sorted by relative path).

    Hidden files and folders (names starting with ".") inside folders are skipped without a
    word; everything else that is skipped gets a Problem.
    """
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
            files.extend(_walk(path, problems))
        elif stat.S_ISREG(mode):
            files.append(SourceFile(path, True, os.path.realpath(path)))
        else:
            problems.append(Problem(path, "not a regular file or folder", fatal=True))
    return files, problems


def _walk(root: str, problems: list[Problem]) -> list[SourceFile]:
    found: list[tuple[str, str, str]] = []  # (path relative to root with "/", joined, real)
    real_root = os.path.realpath(root)
    visited = {real_root}  # real paths of folders read: links never loop
    # (folder, its path relative to root, its real path)
    stack = [(root, "", real_root)]
    while stack:
        folder, relative, real_folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:  # fatal for the folder named by the caller
            problems.append(Problem(folder, f"cannot read folder ({_reason(error)})",
                                    fatal=not relative))
            continue
        subfolders: list[tuple[str, str, str]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden: not a document, nothing to report
            joined = os.path.join(folder, entry.name)
            inner = f"{relative}/{entry.name}" if relative else entry.name
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
