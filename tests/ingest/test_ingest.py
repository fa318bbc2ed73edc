import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from factcheck.ingest import (
    IngestResult,
    Problem,
    documents_read,
    ingest,
    read_files,
    without_texts,
)
from factcheck.ingest.walk import SourceFile

from .files import write

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
STORY = "Harbour storm damages boats\n\nMarch 3, 2022\n\nWaves sank 12 boats, the port said.\n"


def reasons(result: IngestResult) -> dict[str, str]:
    return {Path(p.path).name: p.reason for p in result.problems}


def test_text_file(tmp_path):
    path = write(tmp_path / "storm.txt", STORY)
    result = ingest([path])
    assert result.problems == []
    [doc] = result.documents
    assert (doc.id, doc.path, doc.text) == ("storm", str(path), STORY)
    assert (doc.title, doc.published) == ("Harbour storm damages boats", date(2022, 3, 3))
    assert (doc.encoding, doc.repaired, doc.notes) == ("utf-8", False, [])
    assert len(doc.sha256) == 64


def test_markdown_keeps_the_file_lines_and_reads_front_matter(tmp_path):
    front = "---\ntitle: Harvest falls short\ndate: 2021-09-14\n---\n"
    body = "# A different heading\n\nFarmers &amp; traders met on *Monday*.\n"
    [doc] = ingest([write(tmp_path / "harvest.md", front + body)]).documents
    # The front matter is metadata: blanked, line breaks kept, so offsets are the file's.
    assert doc.text == "".join(" " if c != "\n" else c for c in front) + body
    assert (doc.title, doc.published) == ("Harvest falls short", date(2021, 9, 14))


def test_markdown_without_front_matter_uses_its_head(tmp_path):
    path = write(tmp_path / "note.markdown", "# Rail strike ends today\n\n2022-01-05\n\nText.")
    [doc] = ingest([path]).documents
    assert (doc.title, doc.published) == ("Rail strike ends today", date(2022, 1, 5))


def test_markdown_front_matter_problem_is_a_warning(tmp_path):
    path = write(tmp_path / "bad.md", "---\ntitle: [oops\n---\n# Dam opens on schedule\n")
    result = ingest([path])
    assert [d.title for d in result.documents] == ["Dam opens on schedule"]
    assert "not valid YAML" in reasons(result)["bad.md"]


def test_html_file(tmp_path):
    page = ("<html><head><title>Bridge reopens | City News</title>"
            "<script>document.write('SCRIPT')</script><style>body{}</style>"
            '<meta name="date" content="2020-06-01"></head><body><h1>Bridge reopens</h1>'
            "<p>Traffic resumed &mdash; after 3 weeks.</p><iframe>IFRAME</iframe></body></html>")
    [doc] = ingest([write(tmp_path / "bridge.html", page)]).documents
    assert doc.text == "Bridge reopens\n\nTraffic resumed — after 3 weeks."
    assert (doc.title, doc.published) == ("Bridge reopens", date(2020, 6, 1))


def test_html_in_legacy_encoding_declared_in_the_page(tmp_path):
    page = '<meta charset="windows-1251"><p>Выборы прошли спокойно.</p>'.encode("cp1251")
    [doc] = ingest([write(tmp_path / "vybory.htm", page)]).documents
    assert doc.text == "Выборы прошли спокойно."
    assert doc.encoding == "cp1251"


def test_html_with_no_visible_text_is_skipped(tmp_path):
    result = ingest([write(tmp_path / "empty.html", "<script>x()</script><style></style>")])
    assert result.documents == []
    assert reasons(result) == {"empty.html": "no visible text, skipped"}


def test_jsonl_records_and_a_broken_line(tmp_path):
    lines = [json.dumps({"text": "Quake of 5.9 hits island.", "title": "Island quake",
                         "published": "2020-02-02", "url": "https://example.org/q"}),
             "{not json",
             "",
             json.dumps({"id": "own-id", "text": "Aftershocks continue."})]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = ingest([path])
    assert [d.id for d in result.documents] == ["feed#1", "own-id"]
    first = result.documents[0]
    assert (first.title, first.published, first.url) == (
        "Island quake", date(2020, 2, 2), "https://example.org/q")
    assert result.problems == [Problem(
        f"{path}:2", "invalid JSON (Expecting property name enclosed in double quotes:"
                     " column 2)", False)]
    assert result.problems[0].message.startswith(f"{path}:2: invalid JSON (")


def test_jsonl_record_line_breaks_are_normalized(tmp_path):
    path = write(tmp_path / "crlf.jsonl", json.dumps({"text": "Line one.\r\nLine two.\rEnd."}))
    [doc] = ingest([path]).documents
    assert doc.text == "Line one.\nLine two.\nEnd."


def test_empty_and_zero_byte_files(tmp_path):
    write(tmp_path / "zero.txt", b"")
    write(tmp_path / "blank.txt", "  \n\n\t ")
    result = ingest([tmp_path])
    assert result.documents == []
    assert reasons(result) == {"zero.txt": "empty file, skipped",
                               "blank.txt": "empty file, skipped"}
    assert not any(p.fatal for p in result.problems)


def test_binary_with_a_text_extension_is_skipped(tmp_path):
    result = ingest([write(tmp_path / "image.txt", PNG_HEADER * 4)])
    assert result.documents == []
    assert reasons(result) == {"image.txt": "binary file, skipped"}
    assert not result.problems[0].fatal


def test_in_a_folder_only_document_types_are_read(tmp_path):
    write(tmp_path / "photo.png", PNG_HEADER)
    write(tmp_path / "notes.csv", "Region,Rainfall\nNorth,120 mm\n")
    write(tmp_path / "run.log", STORY)
    write(tmp_path / "saved_page", "<!DOCTYPE html><title>Saved page title</title><p>Body.</p>")
    write(tmp_path / "page.htm", "<!DOCTYPE html><title>Saved page title</title><p>Body.</p>")
    result = ingest([tmp_path])
    assert [d.id for d in result.documents] == ["page"]
    assert result.problems == []


def test_explicit_file_is_read_whatever_its_extension(tmp_path):
    path = write(tmp_path / "report.log", STORY)
    assert [d.text for d in ingest([path]).documents] == [STORY]


def test_invalid_utf8_and_cp1252(tmp_path):
    path = write(tmp_path / "legacy.txt", "Caf\u00e9 owners \u201cwait\u201d \u2013 40 \u20ac."
                 .encode("cp1252"))
    [doc] = ingest([path]).documents
    assert doc.text == "Café owners “wait” – 40 €."
    assert doc.encoding == "cp1252"
    assert doc.notes == ["not valid UTF-8; read as Windows-1252"]
    assert not doc.repaired


def test_utf8_with_a_stray_legacy_byte_is_repaired(tmp_path):
    data = "Zürich’s “mayor” said".encode() + b" \x85 more"  # 0x85: Windows-1252 ellipsis
    [doc] = ingest([write(tmp_path / "mixed.txt", data)]).documents
    assert doc.text == "Zürich’s “mayor” said … more"
    assert doc.repaired


def test_utf16_with_bom(tmp_path):
    [doc] = ingest([write(tmp_path / "u16.txt", STORY.encode("utf-16"))]).documents
    assert (doc.text, doc.encoding) == (STORY, "utf-16-le")


def test_a_100000_character_line(tmp_path):
    line = ("The levee held; " * 6250)[:100_000]
    [doc] = ingest([write(tmp_path / "long.txt", line)]).documents
    assert doc.text == line
    assert doc.title is None  # one long line is body text


def test_nonexistent_path_is_fatal_and_the_rest_is_read(tmp_path):
    good = write(tmp_path / "good.txt", STORY)
    missing = tmp_path / "missing.txt"
    result = ingest([missing, good])
    assert [d.id for d in result.documents] == ["good"]
    assert result.problems == [Problem(str(missing), "no such file or folder", True)]


def test_file_that_cannot_be_opened(tmp_path, monkeypatch):
    import factcheck.ingest

    path = write(tmp_path / "locked.txt", STORY)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(factcheck.ingest, "open", refuse, raising=False)
    assert ingest([path]).problems == [Problem(str(path), "cannot be read (permission denied)",
                                               True)]
    assert ingest([tmp_path]).problems == [Problem(str(path), "cannot be read (permission"
                                                              " denied)", False)]


def test_a_single_path_is_not_taken_for_a_list_of_characters(tmp_path):
    path = write(tmp_path / "single.txt", STORY)
    assert [d.id for d in ingest(str(path)).documents] == ["single"]  # type: ignore[arg-type]


def test_symlink_loop_in_a_folder(tmp_path):
    write(tmp_path / "docs" / "a.txt", STORY)
    (tmp_path / "docs" / "loop").symlink_to(tmp_path / "docs", target_is_directory=True)
    result = ingest([tmp_path / "docs"])
    assert [d.id for d in result.documents] == ["a"]
    assert reasons(result) == {"loop": "links to a folder already read, skipped"}


def test_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path / "once.txt", STORY)
    (tmp_path / "alias.txt").symlink_to(path)
    result = ingest([path, tmp_path])
    assert [d.id for d in result.documents] == ["once"]
    assert sorted(p.reason for p in result.problems) == [
        f"same file as {path}, read once", f"same file as {path}, read once"]


def test_size_limit(tmp_path):
    write(tmp_path / "big.txt", "x" * 101)
    write(tmp_path / "small.txt", "y" * 100)
    result = ingest([tmp_path], max_bytes=100)
    assert [d.id for d in result.documents] == ["small"]
    assert reasons(result) == {
        "big.txt": "larger than the size limit of 100 bytes (101 bytes or more), skipped"}


def test_document_limit(tmp_path):
    for n in range(4):
        write(tmp_path / f"d{n}.txt", f"Story {n} about the river.")
    write(tmp_path / "e.jsonl", "\n".join(json.dumps({"text": f"r{n}"}) for n in range(3)))
    result = ingest([tmp_path], max_documents=3)
    assert [d.id for d in result.documents] == ["d0", "d1", "d2"]
    assert [(Path(p.path).name, p.reason, p.fatal) for p in result.problems] == [
        ("d3.txt", "4 more documents left out: over the limit of 3 documents", False)]


def test_document_limit_inside_a_jsonl_file(tmp_path):
    path = write(tmp_path / "e.jsonl", "\n".join(json.dumps({"text": f"r{n}"}) for n in range(5)))
    result = ingest([path], max_documents=2)
    assert [d.id for d in result.documents] == ["e#1", "e#2"]
    assert result.problems == [Problem(f"{path}:3", "3 more documents left out: over the limit"
                                                    " of 2 documents", False)]


def test_duplicate_stems_get_relative_paths_whatever_the_order(tmp_path):
    a = write(tmp_path / "north" / "report.txt", STORY)
    b = write(tmp_path / "south" / "report.txt", STORY)
    c = write(tmp_path / "south" / "report.md", STORY)
    d = write(tmp_path / "unique.txt", STORY)
    forward = {doc.path: doc.id for doc in ingest([a, b, c, d]).documents}
    backward = {doc.path: doc.id for doc in ingest([d, c, b, a]).documents}
    assert forward == backward == {str(a): "north/report.txt", str(b): "south/report.txt",
                                   str(c): "south/report.md", str(d): "unique"}


def test_clashing_jsonl_ids_are_renamed_whatever_the_order(tmp_path):
    one = write(tmp_path / "one.jsonl", json.dumps({"id": "x", "text": "First."}))
    two = write(tmp_path / "two.jsonl", json.dumps({"id": "x", "text": "Second."}))
    for order in ([one, two], [two, one]):
        result = ingest(order)
        assert {d.text: d.id for d in result.documents} == {"First.": "x", "Second.": "x~2"}
        assert result.problems == [Problem(f"{two}:1", "id 'x' is used more than once; this"
                                                       " one is now 'x~2'", False)]


def test_arguments_of_any_path_type(tmp_path):
    path = write(tmp_path / "p.txt", STORY)
    assert len(ingest([str(path), path, os.fsencode(path)]).documents) == 1


# Seeds as fixtures.

def seed_documents():
    result = ingest([SEEDS])
    assert result.problems == []
    return result.documents


def test_seed_titles_and_dates():
    docs = seed_documents()
    assert [(d.title, d.published) for d in docs] == [
        ("Why the Taliban, although being heavily armed, may struggle to defeat ISIS-K.",
         date(2021, 8, 27)),
        ("Why the Taliban, Armed to the Teeth, May Struggle to Defeat ISIS-K", None),
        ("The Power Struggle between The Taliban and ISIS-K: What You Need to Know",
         date(2021, 9, 14)),
        ("In Afghanistan, can the Taliban defeat IS-K by itself?", date(2023, 5, 3)),
    ]


def test_seed_003_is_repaired_and_the_others_are_untouched():
    docs = seed_documents()
    for doc, path in zip(docs[:3], sorted(SEEDS.iterdir())[:3], strict=True):
        assert not doc.repaired
        assert doc.text == path.read_text(encoding="utf-8")
    repaired = docs[3]
    assert repaired.repaired
    assert "Taliban\u2019s" in repaired.text
    assert "ā€" not in repaired.text and "†" not in repaired.text
    assert "“" in repaired.text and "”" in repaired.text  # curly quotes kept
    assert any("mojibake" in note for note in repaired.notes)


def test_without_texts_keeps_the_metadata_and_what_keep_asks_for(tmp_path: Path) -> None:
    page = write(tmp_path / "dam.html", "<html><head><title>Dam opens</title></head><body>"
                                        "<p>The dam is 90 metres high.</p></body></html>")
    note = write(tmp_path / "note.txt", "Levee report\n\nThe levee broke at 2 points.\n")
    files = [(SourceFile(str(p), True, str(p)), p.stem) for p in (page, note, tmp_path / "no")]
    reads = read_files(files, 1_000_000)
    kept = [without_texts(events, lambda d: d.id == "note") for events in reads]
    [html], [text] = documents_read(reads[0]), documents_read(reads[1])
    [bare], [same] = documents_read(kept[0]), documents_read(kept[1])
    assert html.text and html.source_map and bare.text == "" and bare.source_map is None
    assert replace(bare, text=html.text, source_map=html.source_map) == html
    assert same is text
    assert kept[2] == reads[2] and isinstance(kept[2][-1], Problem)  # a missing file
