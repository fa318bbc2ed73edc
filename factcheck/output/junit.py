"""JUnit XML, for CI test-report views (GitLab, Jenkins, Azure DevOps, GitHub test reporters).

One testsuite; one testcase per finding (classname: the rule; name: entity · attribute). A new
finding at or above ``fail_on`` (the run's ``--fail-on``, default ``error``) is a
``<failure>``, so the report and the exit code agree; a finding the baseline accepts, or one
below ``fail_on``, is ``<skipped>``. With no findings, one passing testcase shows that the check
ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from factcheck.model import SEVERITY_RANK, Finding
from factcheck.output.common import anchor, is_new, one_line, source_names, topic
from factcheck.output.text import finding_line
from factcheck.result import Result

# Characters XML 1.0 cannot carry at all (control characters from a damaged document).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render_junit(result: Result, *, new: set[str] | None = None,
                 resolved: list[dict[str, Any]] | None = None, fail_on: str = "error") -> str:
    del resolved  # nothing to test: they are gone
    findings = result.sorted_findings()
    suites = ET.Element("testsuites", name="factcheck")
    suite = ET.SubElement(suites, "testsuite", name="factcheck")
    threshold = SEVERITY_RANK.get(fail_on, len(SEVERITY_RANK))  # "never": nothing fails
    failures = skipped = 0
    names = source_names(result)
    for finding in findings:
        case = _testcase(suite, finding, names)
        new_finding = is_new(finding, new)
        if new_finding and SEVERITY_RANK[finding.severity] >= threshold:
            failures += 1
            failure = ET.SubElement(case, "failure", type=finding.severity,
                                    message=_xml_text(one_line(finding.message)))
            failure.text = _xml_text(_details(finding, names))
        else:
            skipped += 1
            why = (f"{finding.severity}, below --fail-on {fail_on}" if new_finding
                   else "accepted by the baseline")
            ET.SubElement(case, "skipped", message=_xml_text(
                f"{why}: {one_line(finding.message)}"))
    if not findings:
        ET.SubElement(suite, "testcase", classname="factcheck",
                      name=f"consistency of {len(result.documents)} documents")
    return finish(suites, suite, max(len(findings), 1), failures, skipped)


def finish(suites: ET.Element, suite: ET.Element, tests: int, failures: int,
           skipped: int) -> str:
    """The counts on both levels, then the document as indented text."""
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", str(skipped))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        suites, encoding="unicode") + "\n"


def _testcase(suite: ET.Element, finding: Finding, names: dict[str, str]) -> ET.Element:
    case = ET.SubElement(suite, "testcase", classname=_xml_text(finding.rule),
                         name=_xml_text(topic(finding, names)))
    evidence = anchor(finding)
    if evidence is not None:
        case.set("file", _xml_text(evidence.path))
        case.set("line", str(evidence.line))
    return case


def _details(finding: Finding, names: dict[str, str]) -> str:
    """The linter line, then every evidence: where, the words, and the sentence around them."""
    lines = [finding_line(finding, names)]
    for e in finding.evidence:
        line = f"  {e.path}:{e.line}:{e.column}: {one_line(e.text)}"
        lines.append(f"{line} — {one_line(e.sentence)}" if e.sentence else line)
    return "\n".join(lines)
