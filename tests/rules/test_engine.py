"""The registry: built-in rules documented like a linter's, user rules from a folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import factcheck
from factcheck.cli import main
from factcheck.graph import FactGraph, Texts
from factcheck.graph.names import NameIndex
from factcheck.model import Finding
from factcheck.ruledata import RuleData, RuleDataError, load_rule_data
from factcheck.rules.engine import (
    REGISTRY,
    Rule,
    load_builtin_rules,
    load_user_rules,
    run_rules,
    start_rules,
)

HEADINGS = ("What it finds:", "Why it matters:", "Example (flagged):", "Example (not flagged):",
            "How it decides:")
FAMILIES = {"numeric-conflict", "figure-update", "date-conflict", "temporal-order",
            "implausible-claim", "reference-conflict", "name-variant", "quote-drift",
            "source-dependency", "text-quality"}
# Each built-in rule's default severity: errors fail the CI gate, so a change here is a change
# of contract, made on purpose.
SEVERITIES = {"date-conflict": "error", "implausible-claim": "error", "numeric-conflict": "error",
              "reference-conflict": "error", "event-word": "warning",
              "identifier-conflict": "warning", "name-variant": "warning",
              "quote-drift": "warning", "role-holder": "warning", "self-contradiction": "warning",
              "temporal-order": "warning", "text-quality": "warning", "time-conflict": "warning",
              "weekday-mismatch": "warning", "figure-spread": "info", "figure-update": "info",
              "source-dependency": "info"}


def test_every_rule_is_registered_and_documented() -> None:
    registry = load_builtin_rules()
    assert set(registry) >= FAMILIES
    assert {rule_id: rule.severity for rule_id, rule in registry.items()} == SEVERITIES
    for rule in registry.values():
        lines = rule.doc.splitlines()
        assert lines[0].strip() == rule.id
        # Every heading, in this order: `factcheck explain` reads the same for every rule.
        positions = [next((i for i, line in enumerate(lines) if line.startswith(heading)), -1)
                     for heading in HEADINGS]
        assert -1 not in positions and positions == sorted(positions), (rule.id, positions)
        assert rule.severity in ("error", "warning", "info")


def test_rules_and_explain_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert all(rule_id in listing for rule_id in FAMILIES)
    assert main(["explain", "numeric-conflict"]) == 0
    assert "Example (flagged):" in capsys.readouterr().out
    assert main(["explain", "no-such-rule"]) == 2


USER_RULE = '''"""long-headline

What it finds: titles longer than eight words.
Why it matters: house style.
Example (flagged): "A very long title that goes on and on and on".
Example (not flagged): "Floods hit the coast".
"""
from factcheck.model import Finding
from factcheck.rules import rule


@rule("long-headline", severity="warning")
def long_headline(graph, data):
    for doc in graph.documents.values():
        if doc.title and len(doc.title.split()) > 8:
            yield Finding("long-headline", "warning", doc.id, "title", doc.title)
'''


def test_user_rule_folder_adds_a_rule_for_that_run_only(tmp_path: Path) -> None:
    rules = tmp_path / "house"
    rules.mkdir()
    (rules / "headline.py").write_text(USER_RULE, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("A very long title that goes on and on and on\n\nText here.\n",
                                encoding="utf-8")
    with_rule = factcheck.check([docs], rules=[rules])
    assert [f.rule for f in with_rule.findings] == ["long-headline"]
    assert "long-headline" not in REGISTRY
    assert factcheck.check([docs]).findings == []


def test_broken_user_rule_module_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("x = 1\ny = (\n", encoding="utf-8")
    with pytest.raises(RuleDataError, match=r"bad\.py:2: SyntaxError"):
        load_user_rules([tmp_path])


def test_severity_override_and_off(tmp_path: Path) -> None:
    (tmp_path / "severities.yaml").write_text(
        "severities:\n  numeric-conflict: warning\n  text-quality: 'off'\n", encoding="utf-8")
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    result = factcheck.check([seeds], rules=[tmp_path])
    assert {f.severity for f in result.findings if f.rule == "numeric-conflict"} == {"warning"}
    assert not [f for f in result.findings if f.rule == "text-quality"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_costly_rules_start_first_and_findings_keep_rule_order(
        monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    import factcheck.rules.engine as engine

    started: list[str] = []

    def recording_run_all(pieces, jobs, on_done):  # type: ignore[no-untyped-def]
        results = [piece() for piece in pieces]
        started.extend(findings[0].rule for findings in results)
        return results

    def finds(rule_id: str) -> Callable[[FactGraph, RuleData], list[Finding]]:
        return lambda graph, data: [Finding(rule=rule_id, severity="info", entity=rule_id,
                                            attribute="a", message="m")]

    rules = [Rule(r, "info", finds(r), "", "test", cost)
             for r, cost in (("cheap", 1.0), ("dear", 9.0), ("middling", 3.0))]
    monkeypatch.setattr(engine, "run_all", recording_run_all)
    graph = FactGraph({}, {}, [], {}, NameIndex(), load_rule_data([]))
    findings = run_rules(graph, load_rule_data([]), rules, lambda f: "0", jobs=jobs)
    assert [f.rule for f in findings] == ["cheap", "dear", "middling"]
    assert started == (["dear", "middling", "cheap"] if jobs > 1 else
                       ["cheap", "dear", "middling"])


def test_scope_must_be_graph_or_texts() -> None:
    with pytest.raises(ValueError, match="scope"):
        factcheck.rules.rule("bad-scope", scope="document")


@pytest.mark.parametrize("jobs", [1, 2])
def test_texts_rules_start_before_the_graph_and_run_once(jobs: int) -> None:
    # A "texts" rule reports the process it ran in and the documents it was given; a graph
    # rule after it in rule order reports the facts it was given.
    def texts_rule(texts: Texts, data: RuleData) -> list[Finding]:
        return [Finding(rule="", severity="warning", entity=str(os.getpid()), attribute="pid",
                        message=",".join(sorted(texts.documents)))]

    def graph_rule(graph: FactGraph, data: RuleData) -> list[Finding]:
        return [Finding(rule="", severity="info", entity="graph", attribute="facts",
                        message=str(len(graph.facts)))]

    rules = [Rule("a-graph", "info", graph_rule, "", "test"),
             Rule("b-texts", "warning", texts_rule, "", "test", scope="texts")]
    data = load_rule_data([])
    early = start_rules(Texts({"d1": None, "d2": None}, {}), data, rules,  # type: ignore[dict-item]
                        lambda f: "fp", jobs=jobs)
    graph = FactGraph({}, {}, [], {}, NameIndex(), data)
    done: list[int] = []
    findings = run_rules(graph, data, rules, lambda f: "fp", jobs=jobs,
                         on_done=lambda: done.append(1), started=early)
    assert [(f.rule, f.severity, f.message) for f in findings] == [
        ("a-graph", "info", "0"), ("b-texts", "warning", "d1,d2")]
    assert all(f.fingerprint == "fp" for f in findings)
    assert len(done) == 2  # one step per rule, the early one included
    ran_here = findings[1].entity == str(os.getpid())
    assert ran_here is (jobs == 1)  # with jobs, in a forked process while the graph builds


def test_run_rules_without_start_runs_texts_rules_too() -> None:
    calls: list[str] = []

    def texts_rule(texts: Texts, data: RuleData) -> list[Finding]:
        calls.append("texts")
        return []

    data = load_rule_data([])
    graph = FactGraph({}, {}, [], {}, NameIndex(), data)
    run_rules(graph, data, [Rule("t", "info", texts_rule, "", "test", scope="texts")],
              lambda f: "fp")
    assert calls == ["texts"]


def test_a_finding_below_its_rules_level_stays_a_note() -> None:
    # A rule at warning that marks one finding info (page layout, "also spelt"): the note stays
    # info; the severities data can lower the rule further, never raise the note.
    from factcheck.rules.engine import severity_of

    rule_ = Rule("r", "warning", lambda g, d: [], "", "test")
    data = load_rule_data([])
    note = Finding(rule="r", severity="info", entity="e", attribute="a", message="m")
    plain = Finding(rule="r", severity="warning", entity="e", attribute="a", message="m")
    assert (severity_of(note, rule_, data), severity_of(plain, rule_, data)) == ("info", "warning")
    data.severities["r"] = "error"
    assert (severity_of(note, rule_, data), severity_of(plain, rule_, data)) == ("info", "error")
