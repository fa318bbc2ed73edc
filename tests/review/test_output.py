"""render_review: text, json, sarif, junit, github."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from factcheck.review_mode.claims import DiffPart, ReviewResult
from factcheck.review_mode.output import FORMATS, diff_text, render_review

SARIF_SCHEMA = json.loads((Path(__file__).parents[1] / "output" / "sarif-schema-2.1.0.json")
                          .read_text("utf-8"))


def test_every_format_renders_deterministically(quake: ReviewResult) -> None:
    for fmt in FORMATS:
        assert render_review(fmt, quake) == render_review(fmt, quake)
    with pytest.raises(ValueError, match="unknown output format"):
        render_review("yaml", quake)


def test_text_leads_with_the_summary_then_what_to_act_on(quake: ReviewResult) -> None:
    lines = render_review("text", quake).splitlines()
    assert lines[0].startswith("Review of ") and quake.summary().line() in lines[0]
    assert "against 3 sources (2 independent)" in lines[0]
    headings = [line for line in lines if line.split(" (")[0] in
                ("CONTRADICTED", "UNSUPPORTED", "DISPUTED", "SUPPORTED")]
    assert [h.split(" (")[0] for h in headings] == ["CONTRADICTED", "UNSUPPORTED", "DISPUTED",
                                                    "SUPPORTED"]
    contradicted = next(line for line in lines if ": contradicted quantity" in line)
    assert contradicted.startswith(f"{quake.reviewed.path}:")  # type: ignore[union-attr]
    assert "“30 people”" in contradicted
    assert any(line.strip().startswith("suggested spelling: Piotr Kowalski") for line in lines)
    assert any("[-bringing in-] {+sending+}" in line for line in lines)


def test_diff_text() -> None:
    assert diff_text([DiffPart("equal", "a b"), DiffPart("delete", "c"),
                      DiffPart("insert", "d")]) == "a b [-c-] {+d+}"


def test_json_is_the_result_with_claims(quake: ReviewResult) -> None:
    data = json.loads(render_review("json", quake))
    assert [c["number"] for c in data["claims"]] == [c.number for c in quake.claim_list()]
    assert data["review"]["claims"] == len(quake.claim_list())


def test_sarif_is_valid_and_reports_what_needs_attention(quake: ReviewResult) -> None:
    log = json.loads(render_review("sarif", quake))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    counts = quake.summary().counts
    assert len(results) == counts["contradicted"] + counts["unsupported"] + counts["disputed"]
    levels = {r["properties"]["status"]: r["level"] for r in results}
    assert levels == {"contradicted": "error", "unsupported": "note", "disputed": "warning"}
    first = results[0]
    assert first["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "30 people"
    assert {loc["message"]["text"].split()[0] for loc in first["relatedLocations"]} == {
        "a_wire", "b_paper", "c_copy"}
    fingerprints = [r["partialFingerprints"]["factcheck/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_junit_fails_contradicted_and_skips_unverified(quake: ReviewResult) -> None:
    root = ET.fromstring(render_review("junit", quake))
    suite = root.find("testsuite")
    assert suite is not None
    counts = quake.summary().counts
    assert suite.get("tests") == str(len(quake.claim_list()))
    assert suite.get("failures") == str(counts["contradicted"])
    assert suite.get("skipped") == str(counts["unsupported"] + counts["disputed"])
    failed = [case.get("name") for case in suite.iter("testcase")
              if case.find("failure") is not None]
    assert any("30 people" in (name or "") for name in failed)


def test_github_annotations(quake: ReviewResult) -> None:
    lines = render_review("github", quake).splitlines()
    counts = quake.summary().counts
    assert sum(line.startswith("::error ") for line in lines) == counts["contradicted"]
    assert sum(line.startswith("::warning ") for line in lines) == counts["disputed"]
    assert sum(line.startswith("::notice ") for line in lines) == counts["unsupported"]
    assert lines[-1].startswith("Review of ")
    error = next(line for line in lines if line.startswith("::error ") and "30 people" in line)
    assert "title=contradicted%3A " in error  # ':' escaped in properties
    assert "\n" not in error and "%0A" in error  # passages on escaped new lines
