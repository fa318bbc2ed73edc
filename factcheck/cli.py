"""Command line: argument parsing, configuration and exit codes only.

Exit codes: 0 no (new) findings at or above --fail-on; 1 such findings; 2 usage, configuration
or input error. Errors are one line on stderr, ``factcheck: error: …``, never a traceback
(FACTCHECK_DEBUG=1 shows it). A closed standard output (``| head``) ends the output quietly.
Paths in every output are relative to the working folder, whatever their origin.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.model import SEVERITY_RANK
from factcheck.textsafe import escape_in_json, for_screen

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    def __init__(self, message: str, prog: str = "factcheck") -> None:
        super().__init__(message)
        self.prog = prog  # the (sub)command whose --help says more


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, self.prog)


def _rule_list(text: str) -> list[str]:
    """``--select a,b``: one argument, split at commas, so the paths after it stay paths."""
    rules = [part.strip() for part in text.split(",") if part.strip()]
    if not rules:
        raise argparse.ArgumentTypeError(f"expected rule ids separated by commas, got {text!r}")
    return rules


def _add_rule_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--select", type=_rule_list, action="extend", metavar="RULE,…",
                   help="run only these rules (comma-separated; repeatable)")
    p.add_argument("--ignore", type=_rule_list, action="extend", metavar="RULE,…",
                   help="skip these rules (comma-separated; repeatable)")


def _at_least_one(text: str) -> int:
    """A count given on the command line: a whole number >= 1 (0 would skip everything)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="DIR",
                   help="extra rules folder (YAML data and *.py rules); repeatable")
    p.add_argument("--trust-config", action="store_true",
                   help="also run the *.py rule modules of the configuration's rules folders "
                        "(or set FACTCHECK_TRUST_CONFIG=1); without it they are data only")
    p.add_argument("--jobs", type=_at_least_one, metavar="N",
                   help="worker processes (default: 1; see README, Speed and scale)")
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help="leave files matching GLOB (gitignore syntax) out of folders;"
                        " repeatable")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument("--cache-dir", metavar="DIR", help="cache folder (default .factcheck-cache)")
    p.add_argument("--engine", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--max-bytes", type=_at_least_one, default=20_000_000, metavar="N",
                   help="largest file read, in bytes (default 20 MB)")
    p.add_argument("--max-documents", type=_at_least_one, default=100_000, metavar="N",
                   help="most documents read; the rest are left out with a warning")
    p.add_argument("--quiet", "-q", action="store_true", help="no warnings on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="factcheck", description=(
        "Cross-source fact-consistency checker: finds figures, dates, names and quotes that "
        "cannot all be true."))
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check documents against each other")
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument("--format", choices=["text", "json", "sarif", "junit", "github"])
    check.add_argument("--output", "-o", metavar="FILE", help="write the output here")
    check.add_argument("--report", metavar="FILE.html", help="also write the HTML report")
    check.add_argument("--facts", action="store_true", help="include facts in JSON output")
    check.add_argument("--timing", action="store_true",
                       help="record wall time in stats.seconds (JSON is then not reproducible)")
    check.add_argument("--fail-on", choices=["error", "warning", "info", "never"])
    _add_rule_filters(check)
    check.add_argument("--baseline", metavar="FILE", help="accepted findings; fail on new only")
    check.add_argument("--update-baseline", action="store_true",
                       help="record the current findings in the baseline and exit 0")
    _common(check)

    base = sub.add_parser("baseline", help="record current findings as accepted")
    base.add_argument("paths", nargs="*", metavar="PATH")
    base.add_argument("--baseline", metavar="FILE")
    _add_rule_filters(base)
    _common(base)

    facts = sub.add_parser("facts", help="list extracted facts (ad-hoc queries)")
    facts.add_argument("paths", nargs="+", metavar="PATH")
    facts.add_argument("--entity", metavar="E",
                       help="entities whose name or alias contains E (any case)")
    facts.add_argument("--attribute", metavar="A")
    facts.add_argument("--kind", choices=["quantity", "date", "name", "quote"])
    facts.add_argument("--format", choices=["table", "json"], default="table")
    _common(facts)

    review = sub.add_parser("review", help="check one document against its sources")
    review.add_argument("document", metavar="DOCUMENT")
    review.add_argument("--sources", nargs="+", required=True, metavar="PATH")
    review.add_argument("--format", choices=["text", "json", "sarif", "junit", "github"],
                        default="text")
    review.add_argument("--output", "-o", metavar="FILE")
    review.add_argument("--report", metavar="FILE.html")
    review.add_argument("--fail-on", choices=["contradicted", "unsupported", "never"],
                        default="contradicted")
    _common(review)

    sub.add_parser("rules", help="list the rules")
    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:  # one line, like every error
        print(f"factcheck: error: {exc} (see `{exc.prog} --help`)", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        _stdout_closed()
        return EXIT_OK
    except KeyboardInterrupt:
        print("factcheck: error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("FACTCHECK_DEBUG"):
            raise
        print(f"factcheck: error: {for_screen(_one_line(exc))}", file=sys.stderr)
        return EXIT_ERROR


def _stdout_closed() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _write_stdout(text: str | Iterator[str]) -> None:
    """Write the output (a string, or its pieces); a reader that closed the pipe early ends
    it quietly, and the run goes on (the report is still written, the exit code still says
    what was found)."""
    try:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            sys.stdout.writelines(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()


def _relative(path: str) -> str:
    """An absolute ``path`` inside the working folder (config paths, absolute arguments) made
    relative to it, so annotations and code scanning can place what is found there; other
    paths as given."""
    if not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows): nothing relative names it
        return path
    return path if relative == os.pardir or relative.startswith(os.pardir + os.sep) \
        else relative


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        # An output, report or cache path that cannot be written: the path and why.
        return " ".join(f"{exc.filename}: {exc.strerror[:1].lower()}{exc.strerror[1:]}".split())
    known = type(exc).__name__ in ("InputError", "RuleDataError", "ConfigError",
                                   "UnknownRuleError", "BaselineError", "ReviewError",
                                   "ExtractionError",
                                   "SchedulerError", "DaskMissingError", "ForkError")
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if known else f"{type(exc).__name__}: {text} (set FACTCHECK_DEBUG=1 for details)"


def _main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    if args.command == "rules":
        return _list_rules()
    if args.command == "explain":
        return _explain(args.rule)

    from factcheck.config import load_config, merge, trusted

    config, config_path = load_config(Path.cwd())
    config = merge(config, rules=[_relative(r) for r in config.rules],
                   baseline=config.baseline and _relative(config.baseline),
                   report=config.report and _relative(config.report))
    rules_dirs = list(config.rules) + list(args.rules or [])
    # Configuration is data: its folders' rule modules run only when trusted on purpose.
    modules_dirs = rules_dirs if trusted(args.trust_config) else list(args.rules or [])
    skipped = _untrusted_modules(config.rules, modules_dirs)
    if skipped and not args.quiet:
        for warning in skipped:
            print(f"factcheck: warning: {warning}", file=sys.stderr)
    options: dict[str, Any] = {
        "rules": rules_dirs, "rule_modules": modules_dirs,
        "jobs": args.jobs if args.jobs is not None else config.jobs,  # None: DEFAULT_JOBS
        "cache": False if (args.no_cache or not config.cache)
        else (Path(args.cache_dir) if args.cache_dir else True),
        "engine": args.engine, "scheduler": args.scheduler,
        "max_bytes": args.max_bytes, "max_documents": args.max_documents,
        "exclude": [*config.exclude, *(args.exclude or [])],
    }
    if args.command == "facts":
        return _facts(args, options)
    if args.command == "review":
        return _review(args, options)
    args.skipped_modules = skipped
    args.config_path = config_path
    args.config_origin = {"select": [] if args.select else config.select,
                          "ignore": [] if args.ignore else config.ignore}

    config = merge(config, select=args.select, ignore=args.ignore,
                   fail_on=getattr(args, "fail_on", None), baseline=args.baseline,
                   format=getattr(args, "format", None), report=getattr(args, "report", None))
    paths = args.paths or config.paths
    if config_path is not None and not args.paths:  # paths in config are relative to it
        paths = [str(config_path.parent / p) for p in paths]
    # No paths given nor configured: the working folder (documents only, .gitignore honoured).
    paths = [_relative(p) for p in paths] or ["."]
    return _check(args, config, paths, options)


def _run_check(paths: list[str], config: Any, options: dict[str, Any], quiet: bool,
               config_path: Path | None = None,
               config_origin: dict[str, list[str]] | None = None) -> Any:
    """``config_origin``: the select/ignore lists as the configuration file gave them."""
    import factcheck
    from factcheck.config import ConfigError, where
    from factcheck.rules.engine import UnknownRuleError

    fmt = config.format or "text"
    try:
        result = factcheck.check(paths, select=config.select, ignore=config.ignore,
                                 progress=sys.stderr.isatty() and fmt == "text" and not quiet,
                                 **options)
    except UnknownRuleError as exc:  # from the configuration: name its file and line
        for key in ("select", "ignore"):
            if config_path is not None and exc.rule_id in (config_origin or {}).get(key, ()):
                raise ConfigError(f"{where(config_path, key)}: unknown rule "
                                  f"{exc.rule_id!r}") from None
        raise
    if not quiet:
        for warning in result.warnings:
            print(f"factcheck: warning: {for_screen(warning)}", file=sys.stderr)
    return result


def _untrusted_modules(config_dirs: list[str], modules_dirs: list[str]) -> list[str]:
    """One warning per rule module of a configuration's rules folder that will not run."""
    running = {os.path.realpath(d) for d in modules_dirs}
    warnings = []
    for folder in config_dirs:
        if os.path.realpath(folder) in running or not os.path.isdir(folder):
            continue
        for module in sorted(Path(folder).glob("*.py")):
            warnings.append(
                f"{module}: rule module not run: it is named by the configuration, which "
                f"cannot run code; to run it, pass --rules {folder} or --trust-config "
                "(or set FACTCHECK_TRUST_CONFIG=1)")
    return warnings


def _check(args: argparse.Namespace, config: Any, paths: list[str],
           options: dict[str, Any]) -> int:
    from factcheck.baseline import compare, load_baseline, save_baseline, updated
    from factcheck.suppress import has_markers, suppressed

    updating = args.command == "baseline" or getattr(args, "update_baseline", False)
    baseline_path = config.baseline or ("factcheck-baseline.json" if updating else None)
    # Read the baseline first: a corrupt one must stop the run before anything is written.
    baseline = load_baseline(baseline_path, allow_missing=updating) if baseline_path else None
    # The HTML report, the facts and the formats that say where a span ends (from the text)
    # read the texts; without them, the Dask engine leaves the texts on its workers.
    keep_texts = bool(config.report) or getattr(args, "facts", False) or config.format in (
        "github", "sarif")
    result = _run_check(paths, config, {**options, "keep_texts": keep_texts}, args.quiet,
                        getattr(args, "config_path", None),
                        getattr(args, "config_origin", None))
    result.warnings[:0] = getattr(args, "skipped_modules", [])  # already printed
    documents = {d.id: d for d in result.documents}
    if any(map(has_markers, documents.values())):  # (most runs have none: nothing to read)
        result.findings = [f for f in result.findings if not suppressed(f, documents)]

    if not getattr(args, "timing", False):
        result.seconds = None  # the same input gives byte-identical output
    if updating:
        assert baseline is not None and baseline_path is not None
        save_baseline(updated(baseline, result.findings), baseline_path)
        print(f"factcheck: baseline {baseline_path}: {len(result.findings)} findings accepted",
              file=sys.stderr)
        if args.command == "check":  # -o and --report are written too, never dropped
            _write_outputs(args, config, result, paths, output_to_stdout=False)
        return EXIT_OK

    new_fps: set[str] | None = None
    resolved: list[dict[str, Any]] | None = None
    gating = result.findings
    if baseline is not None:
        comparison = compare(baseline, result.findings)
        new_fps = {f.fingerprint for f in comparison.new}
        resolved = [entry.to_dict() for entry in comparison.resolved]
        gating = comparison.new
    _write_outputs(args, config, result, paths, new=new_fps, resolved=resolved)
    return _exit_code(gating, config.fail_on)


def _write_outputs(args: argparse.Namespace, config: Any, result: Any, paths: list[str], *,
                   new: set[str] | None = None, resolved: list[dict[str, Any]] | None = None,
                   output_to_stdout: bool = True) -> None:
    """The formatted output (to -o, or stdout) and the HTML report, if asked for."""
    from factcheck.output import render

    fmt = config.format or "text"
    if args.output or output_to_stdout:
        output: str | Iterator[str]
        if fmt == "json":  # written as it is made, a finding (or fact) at a time
            from factcheck.output.jsonfmt import json_output

            output = json_output(result, new=new, resolved=resolved, include_facts=args.facts)
        else:
            output = render(fmt, result, new=new, resolved=resolved, include_facts=args.facts,
                            rule_docs=_rule_docs(), fail_on=config.fail_on)
        _emit(output, fmt, args.output)
        if args.output and not output_to_stdout and not args.quiet:
            print(f"factcheck: {fmt} output written to {args.output}", file=sys.stderr)
    if config.report:
        from factcheck.report import write_report

        write_report(result, config.report, corpus=" ".join(paths))
        if not args.quiet:
            print(f"factcheck: report written to {config.report}", file=sys.stderr)


def _emit(output: str | Iterator[str], fmt: str, path: str | None) -> None:
    """Write ``output`` (or its pieces) to ``path`` (atomically) or stdout, always as valid
    UTF-8: a file name that is not UTF-8 is escaped in JSON and shown with U+FFFD elsewhere."""
    from factcheck.atomic import atomic_write

    safe = escape_in_json if fmt in ("json", "sarif") else for_screen
    output = safe(output) if isinstance(output, str) else map(safe, output)
    if path:
        atomic_write(path, output)
    else:
        _write_stdout(output)


def _exit_code(findings: list[Any], fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on]
    return EXIT_FINDINGS if any(SEVERITY_RANK[f.severity] >= threshold
                                for f in findings) else EXIT_OK


def _rule_docs() -> dict[str, str]:
    from factcheck.rules.engine import load_builtin_rules

    return {r.id: r.doc for r in load_builtin_rules().values()}


def _list_rules() -> int:
    from factcheck.rules.engine import load_builtin_rules

    registry = load_builtin_rules()
    width = max((len(r) for r in registry), default=10)
    for rule_id in sorted(registry):
        r = registry[rule_id]
        # The first sentence of what it finds, whole (`factcheck explain` gives the rest).
        first = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", r.summary, maxsplit=1)[0]
        _write_stdout(f"{rule_id:<{width}}  {r.severity:<7}  {first}\n")
    return EXIT_OK


def _explain(rule_id: str) -> int:
    from factcheck.rules.engine import load_builtin_rules

    registry = load_builtin_rules()
    if rule_id not in registry:
        raise UsageError(f"unknown rule {rule_id!r} (`factcheck rules` lists them)",
                         "factcheck explain")
    r = registry[rule_id]
    print(f"{r.id} (default severity: {r.severity})\n")
    print(r.doc)
    return EXIT_OK


def _facts(args: argparse.Namespace, options: dict[str, Any]) -> int:
    import factcheck
    from factcheck.result import fact_dict, json_list_chunks

    result = factcheck.check([_relative(p) for p in args.paths], **options)
    facts = [f for f in result.facts(attribute=args.attribute)
             if args.kind is None or f.kind == args.kind]
    if args.entity is not None:
        key = args.entity.casefold()
        names = {e.name for e in result.entities
                 if any(key in name.casefold() for name in (e.name, *e.aliases))}
        facts = [f for f in facts if f.entity in names or key in f.entity.casefold()]
    if args.format == "json":
        _write_stdout(map(escape_in_json, json_list_chunks(map(fact_dict, facts))))
        return EXIT_OK
    rows = [(for_screen(f"{result.document(f.source).path}:{f.line}:{f.column}"), f.entity,
             f.attribute, _value(f), f.subject or "", f.text) for f in facts]
    headers = ("location", "entity", "attribute", "value", "subject", "text")
    widths = [min(40, max([len(h), *(len(r[i]) for r in rows)])) for i, h in enumerate(headers)]
    lines = ["  ".join(_cell(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in (headers, *rows)]
    _write_stdout("\n".join(lines) + "\n")
    print(f"\n{len(facts)} facts in {len(result.documents)} documents", file=sys.stderr)
    return EXIT_OK


def _cell(text: str, width: int) -> str:
    """``text`` in a column ``width`` wide: one line, cut with an ellipsis when too long."""
    text = " ".join(text.split())
    return (text if len(text) <= width else text[:width - 1] + "…").ljust(width)


def _value(f: Any) -> str:
    if f.kind != "quantity":
        text = str(f.value)
        return text
    from factcheck.numbers import format_interval

    return format_interval(f.low, f.high, f.value, f.qualifier)


def _review(args: argparse.Namespace, options: dict[str, Any]) -> int:
    from factcheck.review_mode import review, review_exit_code
    from factcheck.review_mode.output import render_review

    result = review(_relative(args.document), [_relative(p) for p in args.sources], **options)
    _emit(render_review(args.format, result), args.format, args.output)
    if args.report:
        from factcheck.report import write_review_report

        write_review_report(result, args.report)
    return review_exit_code(result, args.fail_on)


if __name__ == "__main__":
    raise SystemExit(main())
