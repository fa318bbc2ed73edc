from __future__ import annotations

from factcheck.output.text import finding_line, render_text

from .builders import document, evidence, finding, quake_result, result


def test_one_linter_line_per_finding_sorted_by_file_and_line_then_summary() -> None:
    res, _ = quake_result(facts=7)
    lines = render_text(res).splitlines()
    assert lines[:3] == [  # by file and line, as an editor walks the text
        "news/a.md:3:5: warning unsupported-figure  port town earthquake · magnitude: "
        "magnitude 6.1 appears in one source only",
        "news/a.md:3:37: error numeric-conflict  port town earthquake · deaths: "
        "23 and 31 deaths cannot both be true",
        "news/c.md:1:42: info single-source  regional election · turnout: "
        "turnout stated by one source",
    ]
    assert lines[3] == ""
    assert lines[4] == "1 error, 1 warning, 1 info in 3 documents (7 facts)"
    assert len(lines) == 5


def test_anchor_matches_the_document_position() -> None:
    res, f = quake_result()
    doc = res.document("a")
    start = doc.text.index("23 people")
    line, column = doc.position(start)
    assert finding_line(f["deaths"]).startswith(f"news/a.md:{line}:{column}: ")


def test_summary_counts_plurals() -> None:
    doc = document("a", "The storm cut power to 900 homes.\n")
    warnings = [finding("r", "warning", "storm", "homes", "m", evidence(doc, "900 homes", 900))
                for _ in range(2)]
    out = render_text(result([doc], warnings, facts=1))
    assert out.splitlines()[-1] == "0 errors, 2 warnings, 0 info in 1 document (1 fact)"


def test_no_findings_prints_only_the_summary() -> None:
    out = render_text(result([document("a", "Calm day.\n")], [], facts=0))
    assert out == "0 errors, 0 warnings, 0 info in 1 document (0 facts)\n"


def test_multiline_message_and_entity_stay_on_one_line() -> None:
    doc = document("a", "The dam held back 12 metres of water.\n")
    odd = finding("r", "error", "the\n dam", "water  level", "first line\nsecond   line",
                  evidence(doc, "12 metres", 12))
    first = render_text(result([doc], [odd])).splitlines()[0]
    assert first == "news/a.md:1:19: error r  the dam · water level: first line second line"


def test_finding_without_evidence_has_no_location_prefix() -> None:
    bare = finding("r", "warning", "league", "teams", "no anchor")
    assert finding_line(bare) == "warning r  league · teams: no anchor"


def test_with_baseline_only_new_findings_are_listed_and_known_ones_counted() -> None:
    res, f = quake_result()
    resolved = [{"fingerprint": "00ff00ff00ff00ff", "rule": "date-conflict",
                 "entity": "river flood", "attribute": "date", "values": [], "sources": [],
                 "note": ""}]
    out = render_text(res, new={f["magnitude"].fingerprint}, resolved=resolved)
    lines = out.splitlines()
    assert lines[0].startswith("news/a.md:3:5: warning unsupported-figure")
    assert not any("numeric-conflict" in line or "single-source" in line for line in lines)
    assert "resolved: date-conflict river flood · date (00ff00ff00ff00ff)" in lines
    assert lines[-2] == "0 errors, 1 warning, 0 info in 3 documents (5 facts)"
    assert lines[-1] == "2 known findings accepted by the baseline"


def test_with_baseline_and_nothing_new() -> None:
    res, _ = quake_result()
    out = render_text(res, new=set(), resolved=[])
    assert out.splitlines() == ["0 errors, 0 warnings, 0 info in 3 documents (5 facts)",
                                "3 known findings accepted by the baseline"]
