import os
from pathlib import Path

from factcheck.ingest.problem import Problem
from factcheck.ingest.walk import find_files


def write(path: Path, text: str = "Some text.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folders_are_read_recursively_sorted_by_relative_path(tmp_path):
    for name in ("b.txt", "a/x.txt", "a-b/x.txt", "a/sub/y.md", "A.txt"):
        write(tmp_path / name)
    files, problems = find_files([tmp_path])
    relative = [Path(f.path).relative_to(tmp_path).as_posix() for f in files]
    assert relative == ["A.txt", "a-b/x.txt", "a/sub/y.md", "a/x.txt", "b.txt"]
    assert problems == []
    assert not any(f.explicit for f in files)


def test_paths_keep_the_form_they_were_given_in(tmp_path, monkeypatch):
    write(tmp_path / "docs" / "one.txt")
    monkeypatch.chdir(tmp_path)
    files, _ = find_files(["docs", "docs/one.txt"])
    assert [f.path for f in files] == [os.path.join("docs", "one.txt"), "docs/one.txt"]
    assert [f.explicit for f in files] == [False, True]
    assert files[0].real == files[1].real


def test_hidden_entries_are_skipped_silently(tmp_path):
    write(tmp_path / ".secret.txt")
    write(tmp_path / ".git" / "config.txt")
    write(tmp_path / "seen.txt")
    files, problems = find_files([tmp_path])
    assert [Path(f.path).name for f in files] == ["seen.txt"]
    assert problems == []


def test_hidden_file_named_explicitly_is_read(tmp_path):
    hidden = write(tmp_path / ".notes.txt")
    files, problems = find_files([hidden])
    assert [f.path for f in files] == [str(hidden)] and problems == []


def test_missing_paths_are_fatal(tmp_path):
    missing = tmp_path / "nope.txt"
    files, problems = find_files([missing, "", 42])
    assert files == []
    assert problems == [Problem(str(missing), "no such file or folder", True),
                        Problem("''", "empty path", True), Problem("42", "not a path", True)]


def test_symlink_loop_is_not_followed_twice(tmp_path):
    write(tmp_path / "root" / "a.txt")
    (tmp_path / "root" / "again").symlink_to(tmp_path / "root", target_is_directory=True)
    files, problems = find_files([tmp_path / "root"])
    assert [Path(f.path).name for f in files] == ["a.txt"]
    assert [p.reason for p in problems] == ["links to a folder already read, skipped"]
    assert not problems[0].fatal


def test_file_links_are_followed_and_broken_links_reported(tmp_path):
    target = write(tmp_path / "elsewhere" / "story.txt")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "link.txt").symlink_to(target)
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "self.txt").symlink_to(folder / "self.txt")
    files, problems = find_files([folder])
    assert [f.path for f in files] == [str(folder / "link.txt")]
    assert files[0].real == os.path.realpath(target)
    reasons = {Path(p.path).name: (p.reason, p.fatal) for p in problems}
    assert reasons == {"dangling.txt": ("broken symbolic link, skipped", False),
                       "self.txt": ("symbolic link loop, skipped", False)}


def test_broken_link_named_explicitly_is_fatal(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    _, problems = find_files([link])
    assert problems == [Problem(str(link), "broken symbolic link", True)]


def test_special_files_are_reported(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    files, problems = find_files([tmp_path])
    assert files == []
    assert problems == [Problem(str(fifo), "not a regular file, skipped", False)]
    _, explicit = find_files([fifo])
    assert explicit == [Problem(str(fifo), "not a regular file or folder", True)]


def test_folder_that_cannot_be_listed(tmp_path, monkeypatch):
    import factcheck.ingest.walk as walk

    write(tmp_path / "sub" / "a.txt")
    real_scandir = os.scandir

    def refuse_sub(path):
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(walk.os, "scandir", refuse_sub)
    _, problems = find_files([tmp_path])
    assert problems == [Problem(str(tmp_path / "sub"), "cannot read folder (permission denied)",
                                False)]
    _, problems = find_files([tmp_path / "sub"])
    assert problems == [Problem(str(tmp_path / "sub"), "cannot read folder (permission denied)",
                                True)]


def names(files) -> list[str]:
    return [Path(f.path).as_posix() for f in files]


def test_in_folders_only_documents_but_a_named_file_whatever_its_type(tmp_path, monkeypatch):
    for name in ("a.txt", "b.md", "c.markdown", "d.html", "e.htm", "f.xhtml", "g.jsonl",
                 "h.ndjson", "i.TXT", "out.json", "out.sarif", "junit.xml", "run.log",
                 "data.csv", "factcheck-baseline.json", "README", "notes.text"):
        write(tmp_path / "docs" / name)
    write(tmp_path / "named.log")
    monkeypatch.chdir(tmp_path)
    files, problems = find_files(["docs", "named.log"])
    assert names(files) == ["docs/a.txt", "docs/b.md", "docs/c.markdown", "docs/d.html",
                            "docs/e.htm", "docs/f.xhtml", "docs/g.jsonl", "docs/h.ndjson",
                            "docs/i.TXT", "docs/notes.text", "named.log"]
    assert problems == []


def test_gitignore_files_are_honoured_as_git_does(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / ".gitignore", "*.draft.md\n/articles/private/\n")
    write(repo / "articles" / ".gitignore", "scratch/\nold-*.txt\n!old-keep.txt\n")
    write(repo / "articles" / "sub" / ".gitignore", "local.txt\n")
    for name in ("a.txt", "b.draft.md", "private/c.txt", "scratch/d.txt", "old-e.txt",
                 "old-keep.txt", "sub/local.txt", "sub/f.txt", "sub/private/g.txt"):
        write(repo / "articles" / name)
    write(repo / "other" / "local.txt")
    monkeypatch.chdir(repo)
    files, problems = find_files(["articles", "other"])
    assert names(files) == ["articles/a.txt", "articles/old-keep.txt", "articles/sub/f.txt",
                            "articles/sub/private/g.txt", "other/local.txt"]
    assert problems == []
    # Outside a repository, parents' .gitignore files do not count; the folder's own do.
    files, _ = find_files([tmp_path / "repo" / "articles" / "sub"])
    assert [Path(f.path).name for f in files] == ["f.txt", "g.txt"]


def test_parent_gitignores_stop_at_the_repository_root(tmp_path):
    write(tmp_path / ".gitignore", "*.txt\n")  # above the repository: not git's business
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    write(tmp_path / "repo" / "docs" / "a.txt")
    files, _ = find_files([tmp_path / "repo" / "docs"])
    assert [Path(f.path).name for f in files] == ["a.txt"]
    # and without any repository, no parent's .gitignore counts
    write(tmp_path / "loose" / "docs" / "b.txt")
    write(tmp_path / "loose" / ".gitignore", "*.txt\n")
    files, _ = find_files([tmp_path / "loose" / "docs"])
    assert [Path(f.path).name for f in files] == ["b.txt"]


def test_exclude_patterns_match_inside_the_folder_and_from_the_working_folder(tmp_path,
                                                                             monkeypatch):
    for name in ("a.txt", "drafts/b.txt", "2019/c.md", "2020/d.md", "2020/e.txt"):
        write(tmp_path / "articles" / name)
    monkeypatch.chdir(tmp_path)
    files, _ = find_files(["articles"], exclude=["drafts/", "articles/2019/*.md", "*.txt"])
    assert names(files) == ["articles/2020/d.md"]
    files, _ = find_files(["articles"], exclude=["2020/"])
    assert names(files) == ["articles/2019/c.md", "articles/a.txt", "articles/drafts/b.txt"]
    # a file named explicitly is read all the same
    files, _ = find_files(["articles/drafts/b.txt"], exclude=["drafts/"])
    assert names(files) == ["articles/drafts/b.txt"]


def test_cache_folders_are_passed_over(tmp_path):
    write(tmp_path / "a.txt")
    write(tmp_path / "my-cache" / "CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55")
    write(tmp_path / "my-cache" / "entry.txt")
    files, problems = find_files([tmp_path])
    assert [Path(f.path).name for f in files] == ["a.txt"]
    assert problems == []


def test_folders_read_exactly_the_formats_ingest_reads():
    from factcheck.ingest import _FORMATS
    from factcheck.ingest.walk import DOCUMENT_SUFFIXES

    assert set(_FORMATS) == DOCUMENT_SUFFIXES


def test_the_working_folder_names_its_files_without_a_dot(tmp_path, monkeypatch):
    write(tmp_path / "a.txt")
    write(tmp_path / "sub" / "b.md")
    monkeypatch.chdir(tmp_path)
    files, _ = find_files(["."])
    assert names(files) == ["a.txt", "sub/b.md"]
