"""The rules registry and runner.

A rule is a function ``(graph, data) -> Iterable[Finding]`` registered with ``@rule(id,
severity)``; a rule that reads only the documents and their extractions declares
``scope="texts"`` and receives a ``Texts``, so it can start before the graph is built. Its
module docstring is its documentation, with fixed headings (What it finds / Why
it matters / Example (flagged) / Example (not flagged) / How it decides). Built-in rules live one
module each beside this file; users add their own ``*.py`` modules in a rules folder
(``--rules DIR``) using the same decorator, and override severities in ``severities.yaml``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from factcheck.forking import in_background, run_all
from factcheck.graph import FactGraph, Texts
from factcheck.model import SEVERITY_RANK, Finding
from factcheck.ruledata import RuleData, RuleDataError

RuleFunction = Callable[[FactGraph, RuleData], Iterable[Finding]]
# What a rule reads: the whole graph, or only the texts (documents and extractions).
SCOPES = ("graph", "texts")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    function: RuleFunction
    doc: str
    origin: str  # module name or file path
    cost: float = 1.0  # relative run time, so that --jobs starts the slowest rules first
    scope: str = "graph"  # "texts": reads only documents and extractions (see start_rules)

    @property
    def summary(self) -> str:
        return doc_section(self.doc, "What it finds")


_HEADING = re.compile(r"^[A-Z][A-Za-z ()]{0,40}:(?:\s|$)")


def doc_section(doc: str, heading: str) -> str:
    """The whole text under ``heading:`` in a rule's documentation, its wrapped lines joined
    (up to the next heading or blank line): never cut mid-sentence."""
    lines = doc.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"{heading}:"):
            parts = [line.removeprefix(f"{heading}:").strip()]
            for following in lines[index + 1:]:
                if not following.strip() or _HEADING.match(following):
                    break
                parts.append(following.strip())
            return " ".join(part for part in parts if part)
    return ""


REGISTRY: dict[str, Rule] = {}


class UnknownRuleError(RuleDataError):
    """``--select``/``--ignore`` (or the configuration's select/ignore) name no rule."""

    def __init__(self, rule_id: str) -> None:
        super().__init__(f"unknown rule {rule_id!r} (see `factcheck rules`)")
        self.rule_id = rule_id

    def __reduce__(self) -> tuple[type, tuple[str]]:  # crosses process boundaries whole
        return (type(self), (self.rule_id,))


def rule(rule_id: str, severity: str = "error", *, cost: float = 1.0, scope: str = "graph"
         ) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``rule_id`` with a default severity, its run time
    relative to a simple rule (``cost``: 1 reads a few facts per group, more reads texts), and
    what it reads (``scope``: "graph", or "texts" for documents and extractions only)."""
    if severity not in ("error", "warning", "info"):
        raise ValueError(f"rule {rule_id}: severity must be error, warning or info")
    if scope not in SCOPES:
        raise ValueError(f"rule {rule_id}: scope must be graph or texts")

    def register(function: RuleFunction) -> RuleFunction:
        module = sys.modules.get(function.__module__)
        doc = (module.__doc__ if module and module.__doc__ else function.__doc__) or ""
        REGISTRY[rule_id] = Rule(rule_id, severity, function, doc.strip(),
                                 getattr(module, "__file__", None) or function.__module__, cost,
                                 scope)
        return function

    return register


def load_builtin_rules() -> dict[str, Rule]:
    package = importlib.import_module("factcheck.rules")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in ("engine",) and not info.name.startswith("_"):
            importlib.import_module(f"factcheck.rules.{info.name}")
    return REGISTRY


def load_user_rules(folders: Iterable[str | Path]) -> dict[str, Rule]:
    """Import every ``*.py`` in the users' rules folders and return the rules they register.
    They are kept out of the global registry, so one run's folders never leak into another's;
    a user rule with a built-in's id replaces it for that run."""
    load_builtin_rules()
    before = dict(REGISTRY)
    try:
        _import_user_modules(folders)
        return {k: v for k, v in REGISTRY.items() if before.get(k) is not v}
    finally:
        REGISTRY.clear()
        REGISTRY.update(before)


def _import_user_modules(folders: Iterable[str | Path]) -> None:
    for folder in folders:
        for path in sorted(Path(folder).glob("*.py")):
            name = f"factcheck_user_rules.{path.parent.name}.{path.stem}"
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                raise RuleDataError(f"{path}: cannot load rule module")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            try:
                spec.loader.exec_module(module)
            except SystemExit as exc:  # a rules module does not end the run, nor set its code
                raise RuleDataError(f"{path}:{_line_of(exc, path)}: rule module called "
                                    f"sys.exit({exc.code!r})") from None
            except Exception as exc:  # a user's module: report it, never a traceback
                line = _line_of(exc, path)
                raise RuleDataError(f"{path}:{line}: {type(exc).__name__}: {exc}") from None


def _line_of(exc: BaseException, path: Path) -> int:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    tb = exc.__traceback__
    line = 0
    wanted = os.path.abspath(path)  # code objects hold the absolute path of a module
    while tb is not None:
        if os.path.abspath(tb.tb_frame.f_code.co_filename) == wanted:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def selected_rules(select: Iterable[str] = (), ignore: Iterable[str] = (),
                   data: RuleData | None = None, extra: dict[str, Rule] | None = None,
                   unverified: Iterable[str | Path] = ()) -> list[Rule]:
    """Rules to run: built-in and ``extra`` (or only ``select``), minus ``ignore`` and those
    set ``off`` in the severities data. A rule id the severities data names that is not a
    rule is an error at its ``file:line``, except in the ``unverified`` folders (rules
    folders whose modules were not run, so their own rules are unknown here)."""
    registry = {**load_builtin_rules(), **(extra or {})}
    wanted, skipped = set(select), set(ignore)
    unknown = (wanted | skipped) - set(registry)
    if unknown:
        raise UnknownRuleError(sorted(unknown)[0])
    left_unverified = {Path(folder).resolve() for folder in unverified}
    for rule_id, origin in sorted((data.severity_origins if data else {}).items()):
        file = Path(origin.rpartition(":")[0])
        if rule_id not in registry and file.resolve().parent not in left_unverified:
            raise RuleDataError(f"{origin}: unknown rule {rule_id!r} (see `factcheck rules`)")
    off = {r for r, level in (data.severities if data else {}).items() if level == "off"}
    return [registry[r] for r in sorted(registry)
            if (not wanted or r in wanted) and r not in skipped and r not in off]


Started = Callable[[], list[list[Finding]]]


def start_rules(texts: Texts, data: RuleData, rules: list[Rule],
                fingerprint: Callable[[Finding], str], jobs: int = 1) -> Started:
    """Start the rules of scope "texts" now, before the graph is built: with ``jobs`` > 1 in a
    forked process, which runs while this one builds the graph; otherwise here, at once, so
    that they read the extractions as extracted whatever ``jobs`` is (building the graph
    gives facts their canonical entities). Pass the result to ``run_rules`` as ``started``."""
    early = [r for r in rules if r.scope == "texts"]
    if not early:
        return list
    pieces = [partial(_findings, r, texts, data, fingerprint) for r in early]
    if jobs <= 1:
        done = [piece() for piece in pieces]
        return lambda: done
    return in_background(lambda: [piece() for piece in pieces], jobs)


def run_rules(graph: FactGraph, data: RuleData, rules: list[Rule],
              fingerprint: Callable[[Finding], str], jobs: int = 1,
              on_done: Callable[[], object] = lambda: None,
              started: Started | None = None) -> list[Finding]:
    """Every rule's findings, in rule order; rules are independent, so with ``jobs`` > 1 they
    run in forked processes, up to ``jobs`` at a time. ``started``: what ``start_rules``
    returned for the same rules (those of scope "texts" are then not run again). ``on_done``
    is called after each rule."""
    if started is None:
        started = start_rules(graph, data, rules, fingerprint, jobs)
    late = [i for i, r in enumerate(rules) if r.scope != "texts"]
    # Longest first, so the processes finish together instead of one waiting on the
    # slowest rule it started last; results go back to rule order.
    if jobs > 1:
        late.sort(key=lambda i: -rules[i].cost)
    done = run_all([partial(_findings, rules[i], graph, data, fingerprint) for i in late],
                   jobs, on_done)
    per_rule: list[list[Finding]] = [[] for _ in rules]
    for i, findings in zip(late, done, strict=True):
        per_rule[i] = findings
    early = [i for i, r in enumerate(rules) if r.scope == "texts"]
    for i, findings in zip(early, started(), strict=True):
        per_rule[i] = findings
        on_done()
    return [finding for findings in per_rule for finding in findings]


def severity_of(finding: Finding, r: Rule, data: RuleData) -> str:
    """The rule's level (the severities data's, else its default); a finding the rule itself
    marks below its default (a note, such as "also spelt …") stays a note, unless the data
    sets the rule lower still."""
    severity = data.severities.get(r.id, r.severity)
    if SEVERITY_RANK.get(finding.severity, 9) < SEVERITY_RANK[r.severity]:
        return min(finding.severity, severity, key=SEVERITY_RANK.__getitem__)
    return severity


def _findings(r: Rule, graph: Texts, data: RuleData, fingerprint: Callable[[Finding], str]
              ) -> list[Finding]:
    try:
        findings = list(r.function(graph, data))  # type: ignore[arg-type]  # scope "texts"
    except (Exception, SystemExit) as exc:  # name the rule's line, never a bare traceback
        path = Path(r.origin)
        what = (f"called sys.exit({exc.code!r})" if isinstance(exc, SystemExit)
                else f"failed: {type(exc).__name__}: {' '.join(str(exc).split())}")
        raise RuleDataError(f"{path}:{_line_of(exc, path)}: rule {r.id!r} {what}") from exc
    for finding in findings:
        finding.rule = r.id
        finding.severity = severity_of(finding, r, data)
        finding.fingerprint = fingerprint(finding)
    return findings
