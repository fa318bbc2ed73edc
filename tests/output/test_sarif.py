from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from factcheck import __version__
from factcheck.output.sarif import artifact_uri, render_sarif

from .builders import document, evidence, finding, quake_result, result

# The official OASIS schema (errata01), vendored: tests run without network.
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))
DOCS = {
    "numeric-conflict": "numeric-conflict\n\nWhat it finds: figures that cannot all hold.\n"
                        "Why it matters: one source is wrong.",
    "date-conflict": "What it finds: dates that disagree.",
}


def validate(log: dict[str, Any]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def sarif(**kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    res, f = quake_result()
    log = json.loads(render_sarif(res, rule_docs=DOCS, **kwargs))
    validate(log)
    return log, f


def test_valid_against_the_official_schema_with_and_without_baseline() -> None:
    log, f = sarif()
    assert log["version"] == "2.1.0"
    log, f = sarif(new={f["deaths"].fingerprint}, resolved=[])
    assert len(log["runs"][0]["results"]) == 3


def test_the_schema_check_rejects_a_broken_log() -> None:
    log, _ = sarif()
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"][
        "startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_driver_and_rules() -> None:
    log, _ = sarif()
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "factcheck" and driver["version"] == __version__
    ids = [r["id"] for r in driver["rules"]]
    # documented rules and every rule that fired, sorted
    assert ids == sorted({"numeric-conflict", "date-conflict", "unsupported-figure",
                          "single-source"})
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["numeric-conflict"]["shortDescription"]["text"] == \
        "figures that cannot all hold."
    assert rules["numeric-conflict"]["help"]["text"] == DOCS["numeric-conflict"]
    assert rules["single-source"]["shortDescription"]["text"] == "single-source"
    for item in log["runs"][0]["results"]:
        assert ids[item["ruleIndex"]] == item["ruleId"]


def test_results_levels_locations_and_fingerprints() -> None:
    log, f = sarif()
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["numeric-conflict", "unsupported-figure",
                                             "single-source"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    deaths = results[0]
    assert deaths["message"]["text"] == "23 and 31 deaths cannot both be true"
    location = deaths["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "news/a.md"
    assert location["region"] == {"startLine": 3, "startColumn": 37, "endLine": 3,
                                  "endColumn": 46, "snippet": {"text": "23 people"}}
    related = deaths["relatedLocations"]
    assert len(related) == 1
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "news/b.md"
    assert related[0]["physicalLocation"]["region"]["startLine"] == 3
    assert deaths["partialFingerprints"] == {"factcheck/v1": f["deaths"].fingerprint}
    assert deaths["properties"]["sources"] == ["a", "b"]
    assert deaths["properties"]["values"] == ["23", "31"]
    assert "relatedLocations" not in results[1]
    assert all("baselineState" not in r for r in results)


def test_baseline_state() -> None:
    log, _ = sarif(new=set(), resolved=[])
    assert {r["baselineState"] for r in log["runs"][0]["results"]} == {"unchanged"}
    res, f = quake_result()
    log = json.loads(render_sarif(res, new={f["magnitude"].fingerprint}))
    validate(log)
    states = {r["ruleId"]: r["baselineState"] for r in log["runs"][0]["results"]}
    assert states == {"numeric-conflict": "unchanged", "unsupported-figure": "new",
                      "single-source": "unchanged"}


def test_region_of_evidence_spanning_lines() -> None:
    doc = document("r", "Officials counted\n1,200 evacuees\nby noon.\n")
    span = evidence(doc, "counted\n1,200 evacuees", 1200)
    res = result([doc], [finding("r", "error", "flood", "evacuees", "m", span)])
    log = json.loads(render_sarif(res))
    validate(log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 11)
    # endColumn is the column after the last character: "1,200 evacuees" is 14 long
    assert (region["endLine"], region["endColumn"]) == (2, 15)


def test_no_findings_and_no_docs_is_still_valid() -> None:
    res = result([document("a", "Quiet.\n")], [])
    log = json.loads(render_sarif(res))
    validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_deterministic_and_without_timestamps() -> None:
    res, _ = quake_result()
    first = render_sarif(res, rule_docs=DOCS)
    assert first == render_sarif(res, rule_docs=DOCS)

    def keys(node: object) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys(v)}
        if isinstance(node, list):
            return {k for v in node for k in keys(v)}
        return set()

    # SARIF's timestamps are all "...TimeUtc" properties (invocations, provenance, ...)
    assert not [k for k in keys(json.loads(first)) if k.endswith("TimeUtc")]


def test_artifact_uris() -> None:
    assert artifact_uri("news/a.md") == "news/a.md"
    assert artifact_uri("news/flood report #2.md") == "news/flood%20report%20%232.md"
    assert artifact_uri("/srv/news/ñ.md") == "file:///srv/news/%C3%B1.md"
    # a colon in a first segment would read as a URI scheme
    assert artifact_uri("c:notes.txt") == "c%3Anotes.txt"
