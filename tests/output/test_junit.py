from __future__ import annotations

import xml.etree.ElementTree as ET

from factcheck.output.junit import render_junit

from .builders import document, evidence, finding, quake_result, result


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_one_suite_one_case_per_finding() -> None:
    res, _ = quake_result()
    root = parse(render_junit(res, fail_on="warning"))
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    cases = suites[0].findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("numeric-conflict", "port town earthquake · deaths"),
        ("unsupported-figure", "port town earthquake · magnitude"),
        ("single-source", "regional election · turnout"),
    ]
    assert cases[0].get("file") == "news/a.md" and cases[0].get("line") == "3"
    deaths, magnitude, turnout = cases
    failure = deaths.find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert failure.get("message") == "23 and 31 deaths cannot both be true"
    assert failure.text is not None
    assert "news/a.md:3:37: 23 people" in failure.text
    assert "news/b.md:3:16: 31 people" in failure.text
    assert magnitude.find("failure") is not None
    assert turnout.find("failure") is None and turnout.find("skipped") is not None
    for element in (root, suites[0]):
        assert (element.get("tests"), element.get("failures"), element.get("skipped"),
                element.get("errors")) == ("3", "2", "1", "0")


def test_known_findings_are_skipped_not_failed() -> None:
    res, f = quake_result()
    root = parse(render_junit(res, new={f["magnitude"].fingerprint}, resolved=[],
                              fail_on="warning"))
    suite = root.find("testsuite")
    assert suite is not None
    failed = [c.get("classname") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["unsupported-figure"]
    assert suite.get("failures") == "1" and suite.get("skipped") == "2"
    skipped = [c.find("skipped") for c in suite.iter("testcase")]
    messages = [s.get("message") for s in skipped if s is not None]
    assert any(m is not None and m.startswith("accepted by the baseline") for m in messages)


def test_no_findings_gives_one_passing_case() -> None:
    root = parse(render_junit(result([document("a", "x\n"), document("b", "y\n")], [])))
    cases = list(root.iter("testcase"))
    assert len(cases) == 1
    assert list(cases[0]) == []  # no failure, no skipped child: it passed
    assert root.get("tests") == "1" and root.get("failures") == "0"


def test_control_characters_from_damaged_text_do_not_break_the_xml() -> None:
    doc = document("z", "The levee\x0b failed at 3\x01 places.\n")
    bad = finding("r", "error", "levee\x01", "breaches", "3\x00 breaches\x1b reported",
                  evidence(doc, "3\x01 places", 3))
    root = parse(render_junit(result([doc], [bad])))
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "levee\ufffd · breaches"
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "3\ufffd breaches\ufffd reported"


def test_deterministic() -> None:
    res, _ = quake_result()
    assert render_junit(res) == render_junit(res)


def test_warnings_fail_only_under_fail_on_warning() -> None:
    res, _ = quake_result()
    expected = {"error": ["numeric-conflict"], "warning": ["numeric-conflict",
                                                           "unsupported-figure"],
                "info": ["numeric-conflict", "unsupported-figure", "single-source"],
                "never": []}
    for fail_on, failing in expected.items():
        suite = parse(render_junit(res, fail_on=fail_on)).find("testsuite")
        assert suite is not None
        failed = [c.get("classname") for c in suite.iter("testcase")
                  if c.find("failure") is not None]
        assert failed == failing, fail_on
        assert suite.get("failures") == str(len(failing))
    suite = parse(render_junit(res)).find("testsuite")  # default: --fail-on error
    assert suite is not None
    magnitude = [c for c in suite.iter("testcase") if c.get("classname") == "unsupported-figure"]
    skipped = magnitude[0].find("skipped")
    assert skipped is not None
    assert skipped.get("message", "").startswith("warning, below --fail-on error")
