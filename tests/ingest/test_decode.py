import codecs

from hypothesis import given
from hypothesis import strategies as st

from factcheck.ingest.decode import Decoded, NotText, decode_bytes

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"


def test_zero_bytes_and_whitespace_are_empty():
    assert decode_bytes(b"") == NotText("empty file")
    assert decode_bytes(b" \n\t\r\n  ") == NotText("empty file")
    assert decode_bytes(codecs.BOM_UTF8 + b"\n") == NotText("empty file")


def test_png_header_is_binary():
    assert decode_bytes(PNG_HEADER) == NotText("binary file")


def test_control_characters_without_nul_are_binary():
    data = bytes(range(1, 32)) * 20 + b"some words"
    assert decode_bytes(data) == NotText("binary file")


def test_a_few_escape_codes_are_still_text():
    data = b"\x1b[1mFlood warning\x1b[0m issued for the lower valley on Monday.\n" * 5
    result = decode_bytes(data)
    assert isinstance(result, Decoded)
    assert "Flood warning" in result.text


def test_strict_utf8():
    result = decode_bytes("Zürich: 12 °C, “dry”".encode())
    assert result == Decoded("Zürich: 12 °C, “dry”", "utf-8")


def test_invalid_utf8_falls_back_to_cp1252():
    result = decode_bytes(b"The caf\xe9 reopened \x93today\x94.")
    assert isinstance(result, Decoded)
    assert result.text == "The café reopened “today”."
    assert result.encoding == "cp1252"


def test_bytes_cp1252_lacks_fall_back_to_latin1():
    result = decode_bytes(b"Score \x81 at the Z\xfcrich match")
    assert isinstance(result, Decoded)
    assert result.encoding == "latin-1"
    assert result.text == "Score \x81 at the Zürich match"


def test_utf8_bom_is_removed():
    result = decode_bytes(codecs.BOM_UTF8 + "Élection à Lyon".encode())
    assert result == Decoded("Élection à Lyon", "utf-8-sig")


def test_utf16_and_utf32_with_bom():
    text = "Earthquake of magnitude 6.1 near Ağrı"
    assert decode_bytes(text.encode("utf-16")) == Decoded(text, "utf-16-le")
    assert decode_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == Decoded(
        text, "utf-16-be")
    assert decode_bytes(text.encode("utf-32")) == Decoded(text, "utf-32-le")


def test_damaged_utf16_is_read_with_replacements_and_a_note():
    data = "Storm hits coast".encode("utf-16") + b"\x00"  # odd length
    result = decode_bytes(data)
    assert isinstance(result, Decoded)
    assert result.text.startswith("Storm hits coast")
    assert result.notes and "replaced" in result.notes[0]


def test_utf16_without_bom_is_read_from_its_zero_bytes():
    result = decode_bytes("Storm hits coast".encode("utf-16-le"))
    assert isinstance(result, Decoded)
    assert (result.text, result.encoding) == ("Storm hits coast", "utf-16-le")
    assert decode_bytes(b"\x00\x00" * 40) == NotText("binary file")


def test_declared_encoding_used_only_when_utf8_fails():
    cyrillic = "Выборы в городе".encode("cp1251")
    assert decode_bytes(cyrillic, "windows-1251") == Decoded("Выборы в городе", "cp1251")
    assert decode_bytes("Выборы".encode(), "windows-1251") == Decoded("Выборы", "utf-8")


def test_unknown_or_non_text_declared_encodings_are_ignored():
    for declared in ("no-such-codec", "rot13", "base64", "utf-16", "x\x00y"):
        result = decode_bytes(b"caf\xe9", declared)
        assert result == Decoded("café", "cp1252"), declared


def test_line_breaks_become_newlines():
    result = decode_bytes(b"one\r\ntwo\rthree\nfour")
    assert isinstance(result, Decoded)
    assert result.text == "one\ntwo\nthree\nfour"


@given(st.binary(max_size=2000))
def test_decoding_arbitrary_bytes_never_raises(data):
    result = decode_bytes(data)
    assert isinstance(result, Decoded | NotText)
    if isinstance(result, Decoded):
        assert result.text.strip()
        assert "\r" not in result.text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_utf8_text_comes_back_unchanged(text):
    expected, encoding = (text[1:], "utf-8-sig") if text.startswith("\ufeff") else (
        text, "utf-8")
    result = decode_bytes(text.encode("utf-8"))
    if expected.strip():
        assert result == Decoded(expected, encoding)
    else:
        assert result == NotText("empty file")
