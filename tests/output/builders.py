"""Small builders for Results the output tests render: documents, evidence and findings."""

from __future__ import annotations

from factcheck.fingerprint import fingerprint
from factcheck.model import Document, Evidence, Fact, Finding
from factcheck.result import Result

QUAKE_A = (
    "Earthquake shakes the coast\n"
    "\n"
    "The magnitude 6.1 earthquake killed 23 people in the port town, the mayor said.\n"
    "Rescue teams were still searching on Tuesday.\n"
)
QUAKE_B = (
    "Coastal quake: the toll\n"
    "\n"
    "Officials said 31 people died when the earthquake struck the port town.\n"
)
VOTE_C = "Turnout in the regional election reached 64 percent, the commission said.\n"


def document(doc_id: str, text: str, path: str | None = None) -> Document:
    return Document(id=doc_id, path=path or f"news/{doc_id}.md", text=text)


def evidence(doc: Document, needle: str, value: float | str | None = None) -> Evidence:
    start = doc.text.index(needle)
    line, column = doc.position(start)
    line_start = doc.text.rfind("\n", 0, start) + 1
    line_end = doc.text.find("\n", start)
    return Evidence(source=doc.id, path=doc.path, line=line, column=column, start=start,
                    end=start + len(needle), text=needle,
                    sentence=doc.text[line_start:line_end if line_end != -1 else None],
                    value=value)


def finding(rule: str, severity: str, entity: str, attribute: str, message: str,
            *evidence_list: Evidence) -> Finding:
    found = Finding(rule=rule, severity=severity, entity=entity, attribute=attribute,
                    message=message, evidence=list(evidence_list))
    found.fingerprint = fingerprint(found)
    return found


def result(documents: list[Document], findings: list[Finding], facts: int = 0) -> Result:
    all_facts = [Fact(id=f"f{i}", source=documents[0].id, kind="quantity", entity="e",
                      attribute="a", value=float(i)) for i in range(facts)]
    return Result(documents=documents, all_facts=all_facts, findings=findings)


def quake_result(facts: int = 5) -> tuple[Result, dict[str, Finding]]:
    """Two articles on one earthquake (a death toll conflict) and one on an election."""
    a, b, c = document("a", QUAKE_A), document("b", QUAKE_B), document("c", VOTE_C)
    deaths = finding("numeric-conflict", "error", "port town earthquake", "deaths",
                     "23 and 31 deaths cannot both be true",
                     evidence(a, "23 people", 23.0), evidence(b, "31 people", 31.0))
    magnitude = finding("unsupported-figure", "warning", "port town earthquake", "magnitude",
                        "magnitude 6.1 appears in one source only",
                        evidence(a, "magnitude 6.1", 6.1))
    turnout = finding("single-source", "info", "regional election", "turnout",
                      "turnout stated by one source", evidence(c, "64 percent", 64.0))
    findings = {"deaths": deaths, "magnitude": magnitude, "turnout": turnout}
    return result([a, b, c], [turnout, magnitude, deaths], facts=facts), findings
