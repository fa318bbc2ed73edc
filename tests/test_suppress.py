from __future__ import annotations

from factcheck.model import Document, Evidence, Finding
from factcheck.suppress import has_markers, suppressed

REPORT = (
    "Wildfire update\n"
    "\n"
    "The fire has burned 12,000 hectares. <!-- factcheck: ignore numeric-conflict -->\n"
    "Crews expect containment by Friday.\n"
    "\n"
    "About 300 homes were evacuated overnight.\n"
    "\n"
    "<!-- factcheck: ignore -->\n"
    "\n"
    "Two firefighters were injured, officials said.\n"
    "\n"
    "Damage is estimated at 40 million dollars.\n"
)


def doc(text: str, path: str = "fire.md", doc_id: str = "r") -> Document:
    return Document(id=doc_id, path=path, text=text)


def finding(document: Document, needle: str, rule: str = "numeric-conflict") -> Finding:
    start = document.text.index(needle)
    line, column = document.position(start)
    evidence = Evidence(source=document.id, path=document.path, line=line, column=column,
                        start=start, end=start + len(needle), text=needle, sentence="")
    return Finding(rule=rule, severity="error", entity="wildfire", attribute="x", message="m",
                   evidence=[evidence])


def test_marker_on_the_same_line_for_its_rule() -> None:
    d = doc(REPORT)
    assert suppressed(finding(d, "12,000 hectares"), {"r": d})
    assert not suppressed(finding(d, "12,000 hectares", rule="date-conflict"), {"r": d})


def test_marker_covers_its_whole_paragraph_but_not_the_next() -> None:
    d = doc(REPORT)
    assert suppressed(finding(d, "by Friday"), {"r": d})
    assert not suppressed(finding(d, "300 homes"), {"r": d})


def test_marker_alone_covers_the_next_paragraph_only() -> None:
    d = doc(REPORT)
    assert suppressed(finding(d, "Two firefighters", rule="anything"), {"r": d})
    assert not suppressed(finding(d, "40 million"), {"r": d})


def test_rule_lists_and_case() -> None:
    d = doc("Rain fell at 80 mm an hour. "
            "<!--FACTCHECK: Ignore date-conflict,  Numeric-Conflict-->\n")
    docs = {"r": d}
    assert suppressed(finding(d, "80 mm"), docs)
    assert suppressed(finding(d, "80 mm", rule="date-conflict"), docs)
    assert not suppressed(finding(d, "80 mm", rule="name-variant"), docs)


def test_one_suppressed_evidence_suppresses_the_finding() -> None:
    clean = doc("The storm left 5 dead.\n", path="a.md", doc_id="a")
    marked = doc("Officials said 7 died. <!-- factcheck: ignore -->\n", path="b.md", doc_id="b")
    both = finding(clean, "5 dead")
    both.evidence += finding(marked, "7 died").evidence
    assert suppressed(both, {"a": clean, "b": marked})
    assert not suppressed(finding(clean, "5 dead"), {"a": clean, "b": marked})


def test_plain_text_marker_line_only_in_txt_files() -> None:
    text = "factcheck: ignore numeric-conflict\nThe quake measured 5.8 on Sunday.\n"
    as_txt = doc(text, path="quake.txt")
    as_md = doc(text, path="quake.md")
    assert suppressed(finding(as_txt, "5.8"), {"r": as_txt})
    assert not suppressed(finding(as_md, "5.8"), {"r": as_md})


def test_a_mention_of_the_word_is_not_a_marker() -> None:
    d = doc("The newsroom's factcheck: ignored claims were 3 in total.\n", path="n.txt")
    assert not suppressed(finding(d, "3 in total"), {"r": d})
    prose = doc("factcheck: ignore it? No. The dam is 90 metres high.\n", path="d.txt")
    assert not suppressed(finding(prose, "90 metres"), {"r": prose})


def test_documents_without_markers_and_unknown_sources() -> None:
    d = doc("The bridge is 1,100 metres long.\n")
    assert not suppressed(finding(d, "1,100 metres"), {"r": d})
    assert not suppressed(finding(d, "1,100 metres"), {})


def test_crlf_text_and_evidence_spanning_a_paragraph_end() -> None:
    d = doc("Intro.\r\n\r\nThe levee broke\r\nat 2 points. <!-- factcheck: ignore -->\r\n")
    assert suppressed(finding(d, "levee broke\r\nat 2"), {"r": d})
    assert not suppressed(finding(d, "Intro"), {"r": d})


def test_has_markers_names_the_documents_whose_texts_suppression_reads() -> None:
    assert has_markers(doc(REPORT))
    assert has_markers(doc("factcheck: ignore\nThe dam is 90 metres high.\n", path="d.txt"))
    assert not has_markers(doc("factcheck: ignore\nThe dam is 90 metres high.\n"))  # not .txt
    assert not has_markers(doc("The newsroom's factcheck: ignored claims were 3.\n", "n.txt"))
    assert not has_markers(doc("The bridge is 1,100 metres long.\n"))
