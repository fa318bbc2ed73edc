from __future__ import annotations

from factcheck.output.github import annotation, escape_data, escape_property, render_github

from .builders import document, evidence, finding, quake_result


def test_escaping_of_data_and_properties() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    # '%' first, so escapes are not escaped twice
    assert escape_data("%0A") == "%250A"


def test_annotation_per_severity() -> None:
    _, f = quake_result()
    assert annotation(f["deaths"]) == (
        "::error file=news/a.md,line=3,col=37,endLine=3,endColumn=46,"
        "title=numeric-conflict::23 and 31 deaths cannot both be true")
    assert annotation(f["magnitude"]).startswith("::warning file=news/a.md,line=3,col=5,")
    assert annotation(f["turnout"]).startswith("::notice file=news/c.md,")


def test_paths_and_messages_with_separators_are_escaped() -> None:
    doc = document("x", "Rainfall hit 120 mm, a record.\n", path="data/rain, v2: final.txt")
    rain = finding("numeric-conflict", "error", "storm", "rainfall", "120 mm:\nor 90 mm",
                   evidence(doc, "120 mm", 120))
    line = annotation(rain)
    assert line.startswith("::error file=data/rain%2C v2%3A final.txt,line=1,col=14,")
    assert line.endswith("::120 mm:%0Aor 90 mm")
    assert "\n" not in line


def test_finding_without_evidence_has_only_a_title() -> None:
    bare = finding("r", "warning", "league", "teams", "no anchor")
    assert annotation(bare) == "::warning title=r::no anchor"


def test_render_lists_all_without_baseline_and_only_new_with_one() -> None:
    res, f = quake_result()
    all_lines = render_github(res).splitlines()
    assert [line.split(" ")[0] for line in all_lines[:3]] == ["::error", "::warning", "::notice"]
    assert all_lines[3] == "1 error, 1 warning, 1 info in 3 documents (5 facts)"

    resolved = [{"fingerprint": "abcdefabcdefabcd", "rule": "r", "entity": "e",
                 "attribute": "a"}]
    lines = render_github(res, new={f["deaths"].fingerprint}, resolved=resolved).splitlines()
    assert [line for line in lines if line.startswith("::")] == [annotation(f["deaths"])]
    assert "resolved: r e · a (abcdefabcdefabcd)" in lines
    assert lines[-1] == "2 known findings accepted by the baseline"
