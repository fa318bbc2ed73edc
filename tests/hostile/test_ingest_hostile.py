"""Hostile input for ingest: nothing raises, nothing hangs, every skip is reported."""

import json
import tempfile
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.ingest import ingest
from factcheck.ingest.readers import read_html
from factcheck.ingest.repair import repair_text


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=3000),
       suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".bin", ""]))
def test_arbitrary_bytes_in_any_format_never_raise(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        result = ingest([path])
        # Each input ends as documents or as reported problems, never silently nothing.
        assert result.documents or result.problems
        assert not any(p.fatal for p in result.problems)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_repair_of_arbitrary_text_never_raises(text):
    assert isinstance(repair_text(text).text, str)


def test_deeply_nested_and_broken_markup():
    markup = ("<div>" * 50_000 + "Deep text." + "</div>" * 10 + "<p <<>> <!-- unclosed comment"
              "&#99999999; &bogus; <![CDATA[x]]>")
    content = read_html(markup)
    assert "Deep text." in content.text


def test_unclosed_script_hides_the_rest_and_says_so(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<p>Before the script.</p><script>var a = '<p>never</p>';", encoding="utf-8")
    result = ingest([path])
    [doc] = result.documents
    assert doc.text == "Before the script."
    assert [p.reason for p in result.problems] == [
        "<script> is never closed: the page after it was not read"]


def test_many_broken_jsonl_lines_each_reported(tmp_path):
    path = tmp_path / "junk.jsonl"
    lines = ["{" * (n % 7) + "x" for n in range(1, 500)] + [json.dumps({"text": "Kept."})]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = ingest([path])
    assert [d.text for d in result.documents] == ["Kept."]
    assert len(result.problems) == 499
    assert result.problems[0].path == f"{path}:1"


def test_yaml_bomb_in_front_matter(tmp_path):
    # Nine levels of nine aliases: a billion items if expanded; safe_load shares them.
    levels = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)]
    path = tmp_path / "bomb.md"
    path.write_text("---\n" + "\n".join(levels) + "\ntitle: *l8\n---\n# Town hall vote passes\n",
                    encoding="utf-8")
    [doc] = ingest([path]).documents
    assert doc.title == "Town hall vote passes"  # a title that is not a string is ignored


def test_long_line_of_mojibake_is_repaired(tmp_path):
    sentence = "The mayor’s “plan” – costs €2m. "
    path = tmp_path / "long.txt"
    garbled = (sentence * 3000).encode("utf-8").decode("sloppy-windows-1252")
    path.write_text(garbled, encoding="utf-8")
    [doc] = ingest([path]).documents
    assert doc.text == sentence * 3000
    assert doc.repaired


def test_strange_file_names(tmp_path):
    for name in ("new\nline.txt", "space name.txt", "ünïcödé.md", "-dash.txt", "emoji🌊.txt"):
        (tmp_path / name).write_text("Bridge closed after the storm.", encoding="utf-8")
    result = ingest([tmp_path])
    assert len(result.documents) == 5
    assert result.problems == []
    assert len({d.id for d in result.documents}) == 5


def test_nul_bytes_after_the_first_8_kb_keep_the_text(tmp_path):
    path = tmp_path / "late_nul.txt"
    path.write_bytes(b"Harbour reopens after repairs. " * 300 + b"\x00tail")
    [doc] = ingest([path]).documents
    assert doc.text.startswith("Harbour reopens")


def test_problem_messages_stay_on_one_line(tmp_path):
    (tmp_path / "evil\nname\u2028.txt").write_bytes(b"\x00\x01binary")
    result = ingest([tmp_path, tmp_path / "missing\r\nfile.txt"])
    assert len(result.problems) == 2
    for problem in result.problems:
        assert problem.message.splitlines() == [problem.message]
    messages = sorted(problem.message for problem in result.problems)
    assert messages[0].endswith("evil\\nname\\u2028.txt: binary file, skipped")
    assert messages[1].endswith("missing\\r\\nfile.txt: no such file or folder")


# --- UTF-16 without a byte-order mark (issue 19.6) ------------------------------------------

UTF16_STORY = ("Dam repairs in Brenna\n\nJuly 2, 2022\n\n"
               "The dam in Brenna held after 3,000 résidents were moved, the mayor said.\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_not_skipped(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "dam.txt"
    path.write_bytes(UTF16_STORY.encode(codec))  # encode(utf-16-le/be) writes no mark
    assert not path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    read = ingest([path])
    assert read.problems == []
    [doc] = read.documents
    assert (doc.text, doc.encoding) == (UTF16_STORY, codec)
    assert any("no byte-order mark" in note for note in doc.notes)


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,  # every byte value: zeros at both positions
    b"\x00\x00\x00\x01" * 500,  # zeros everywhere
    "odd length".encode("utf-16-le") + b"x",  # not whole code units
    "\x01\x02\x03\x04\x05".encode("utf-16-le") * 200,  # decodes to control characters
], ids=["all-bytes", "zeros", "odd-length", "controls"])
def test_binary_with_zero_bytes_is_still_binary(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    read = ingest([path])
    assert read.documents == []
    assert [p.reason for p in read.problems] == ["binary file, skipped"]
