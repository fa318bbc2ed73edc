import pytest

from factcheck.ingest.repair import repair_text

CLEAN = ("The river’s level rose “sharply” overnight – officials said 1,200 homes were "
         "flooded in São Paulo.")


def mis_decode(text: str, primary: str, fallback: str | None = None, lose: bytes = b"") -> str:
    """UTF-8 text read byte by byte through ``primary``, undefined bytes filled from
    ``fallback``, bytes in ``lose`` (or undefined in both) dropped."""
    out = []
    for byte in text.encode("utf-8"):
        if byte < 0x80:
            out.append(chr(byte))
            continue
        if bytes([byte]) in lose:
            continue
        for codec in (primary, fallback):
            if codec is None:
                continue
            try:
                out.append(bytes([byte]).decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return "".join(out)


def test_plain_windows_1252_mojibake_is_repaired():
    garbled = mis_decode(CLEAN, "cp1252", "latin-1")
    assert "â€™" in garbled
    result = repair_text(garbled)
    assert result.text == CLEAN
    assert result.places == 5
    assert result.notes == ("repaired mis-encoded text (mojibake) in 5 places with ftfy",)


def test_mixed_codepage_mojibake_is_repaired():
    # Windows-1257, with the bytes it lacks (0x98, 0x9C ...) filled from Windows-1252.
    garbled = mis_decode(CLEAN, "cp1257", "cp1252")
    assert "ā€œ" in garbled
    result = repair_text(garbled)
    assert result.text == CLEAN
    assert result.places == 5


@pytest.mark.parametrize("text", [
    "İstanbul’da deprem: 5,1 büyüklüğünde sarsıntı, “hasar yok”.",
    "Powódź w Kłodzku: „Woda opadła”, powiedział burmistrz – 1 200 domów.",
    "The council’s “plan” costs €2.5m – 3 °C colder, said Zoë Müller.",
])
@pytest.mark.parametrize(("primary", "fallback"), [("cp1252", "latin-1"),
                                                   ("cp1257", "cp1252")])
def test_other_languages_are_repaired(text, primary, fallback):
    garbled = mis_decode(text, primary, fallback)
    assert garbled != text
    assert repair_text(garbled).text == text


def test_correct_text_beside_mojibake_is_kept():
    text = "Strauß’s team won. The coach’s “plan” – and «ÉTÉ» – worked."
    garbled = text.replace("coach’s", "coachâ€™s").replace("“plan”", "â€œplanâ€\x9d")
    result = repair_text(garbled)
    assert result.text == text
    assert result.places == 3


def test_lost_closing_quote_byte_is_restored_inside_a_quotation():
    # 0x9D, the last byte of ”, is lost: only "â€" is left.
    text = "“We need boats,” the mayor said. “The water is rising.” Rain is forecast."
    garbled = mis_decode(text, "cp1252", lose=b"\x9d")
    assert garbled.count("â€ ") == 2
    result = repair_text(garbled)
    assert result.text == text
    assert result.places == 4


def test_lost_byte_after_a_straight_opening_quote():
    text = '"The dam held," an engineer said.'
    garbled = text.replace(',"', ",â€")
    assert repair_text(garbled).text == '"The dam held,” an engineer said.'


def test_lost_byte_without_an_open_quotation_is_not_made_a_quote():
    garbled = "Rainfall totals â€ see the table.\n\nNo quote here â€."
    result = repair_text(garbled)
    assert "”" not in result.text


def test_quotation_does_not_stay_open_across_paragraphs():
    garbled = "“Unclosed opening\n\nA new paragraph ends â€. Then more."
    assert "”" not in repair_text(garbled).text


def test_curly_quotes_and_correct_accents_are_kept():
    for text in (CLEAN, "Strauß’s «ÉTÉ» in Łódź, Zürich and Kraków — 10 °C, 5 µg.",
                 "Ärzte in Köln: „Wir sind bereit“, sagte Müller.",
                 "Le député a déclaré « non » à 20 h.",
                 "Powódź w Kłodzku: „Woda opadła”, powiedział burmistrz.",
                 "İstanbul’da deprem: 5,1 büyüklüğünde sarsıntı.",
                 "Σεισμός 5,8 Ρίχτερ στην Κρήτη – «Καμία ζημιά».",
                 "Выборы в Москве: «явка 40 %», — сказал он.",
                 "Æsir Ólafsson sagði: „Þetta er gott.“",
                 "Tiếng Việt: Hà Nội mưa lớn “kỷ lục”"):
        result = repair_text(text)
        assert result.text == text, text
        assert result.places == 0
        assert result.notes == ()


def test_leftovers_that_do_not_decode_stay():
    garbled = "°®Āžµŗ\n\nFloods hit the town. Its mayor’s office told °®Āžµŗ on Monday."
    result = repair_text(garbled)
    assert result.text == garbled
    assert result.places == 0


def test_ascii_text_is_returned_as_is():
    text = "Magnitude 6.1 quake hits the coast; 3 dead."
    result = repair_text(text)
    assert result.text is text
    assert result.places == 0


def test_html_entities_decoded_in_plain_text_only_when_asked():
    assert repair_text("Smith &amp; Sons profits rose").text == "Smith & Sons profits rose"
    kept = repair_text("Smith &amp; Sons profits rose", unescape_html=False)
    assert kept.text == "Smith &amp; Sons profits rose"


def test_cleanups_are_noted_but_are_not_mojibake():
    result = repair_text("The ﬁnal count: ３ seats")
    assert result.text == "The final count: 3 seats"
    assert result.places == 0
    assert result.notes and result.notes[0].startswith("cleaned text with ftfy")


def test_lines_are_repaired_independently_and_kept():
    garbled = ("Line one is clean.\n" + mis_decode(CLEAN, "cp1252", "latin-1") +
               "\nLine three: Zürich’s team won.")
    result = repair_text(garbled)
    assert result.text.split("\n") == ["Line one is clean.", CLEAN,
                                       "Line three: Zürich’s team won."]
