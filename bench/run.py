"""Benchmark factcheck on generated corpora of growing size.

    python bench/run.py --sizes 100 1000 10000

For each size N it generates a corpus (bench/generate.py, fixed seed) and runs ``factcheck.check``
on it in a fresh subprocess (so peak RSS is per run), with --jobs 1 and no cache: documents/s,
MB/s, facts, findings, peak RSS and seconds per stage (ingest, extract, graph, rules, report).
On the largest corpus it also measures a cold and a warm cache run, a run after editing one
document, --jobs 1 against --jobs N in alternating rounds (and whether the output is
byte-identical) beside what two copies of a plain CPU-bound loop gain on the same machine in the
same rounds (the ceiling for any two processes there), the naive pipeline (quantulum3 +
dateparser over whole documents, timed on a sample and extrapolated) and a bare regex scan (the
floor). It prints a table and writes reports/bench.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FLOOR_PATTERN = re.compile(r"\d[\d,.]*")
# What "the seeds' numbers and dates" means for recall: every numeral, month and weekday name.
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
GOLD_PATTERN = re.compile(rf"\d(?:[\d,.]*\d)?|\b(?:{_MONTHS}|Monday|Tuesday|Wednesday|"
                          r"Thursday|Friday|Saturday|Sunday)\b")


# --- measurements, each run in its own subprocess -------------------------------------------
def measure(corpus: Path, jobs: int, cache: Path | None, report: bool,
            extract_only: bool = False) -> dict[str, Any]:
    """One factcheck run over ``corpus``: sizes, counts, stage timings, peak RSS.
    ``extract_only``: ingest and extraction only (``factcheck.load``), no graph or rules."""
    import factcheck.api
    import factcheck.cache
    from factcheck.api import check, load
    from factcheck.result import json_chunks
    from factcheck.textsafe import escape_in_json

    caches: list[factcheck.cache.ExtractionCache] = []

    class RecordedCache(factcheck.cache.ExtractionCache):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            caches.append(self)

    # Libraries load lazily on first use (seconds): pay that on three documents first and
    # report it apart, so per-document times compare across sizes.
    load_before = os.getloadavg()[0]
    mark = time.perf_counter()
    check(sorted(corpus.glob("*.txt"))[:3], jobs=1, cache=False)
    from factcheck.extract.quantities import _quantulum_parse

    _quantulum_parse()("2 km per hour")  # its unit regex compiles on the first unit it reads
    startup = time.perf_counter() - mark
    factcheck.api.ExtractionCache = RecordedCache  # type: ignore[misc]
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    result = (load if extract_only else check)(
        [corpus], jobs=jobs, cache=cache if cache is not None else False)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    timings = dict(result.timings)
    html_bytes = 0
    if report:  # as the CLI writes it: streamed to a file
        from factcheck.report.render import write_report

        with tempfile.TemporaryDirectory() as folder:
            page = Path(folder) / "report.html"
            mark = time.perf_counter()
            write_report(result, page)
            timings["report"] = time.perf_counter() - mark
            html_bytes = page.stat().st_size
    # Peak memory of the run and the report, before the output digest below adds its own.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    text_bytes = sum(len(d.text.encode("utf-8")) for d in result.documents)
    # With facts: a run answered from the run cache rebuilds them here, after the timing. The
    # JSON is digested as the CLI writes it, a piece at a time: whole, at 100,000 documents it
    # took more than this machine's 24 GB.
    output = hashlib.sha256()
    parts = result.json_parts(include_facts=True)
    parts["stats"]["seconds"] = None  # wall-clock time: the only value that differs between runs
    for chunk in map(escape_in_json, json_chunks(parts)):
        output.update(chunk.encode("utf-8"))
    return {
        "documents": len(result.documents), "text_mb": text_bytes / 1e6, "jobs": jobs,
        "seconds": seconds, "cpu_seconds": cpu, "startup_seconds": startup, "timings": timings,
        "facts": result.fact_count, "findings": len(result.findings),
        "peak_rss_mb": own, "worker_peak_rss_mb": workers,
        "report_bytes": html_bytes, "cache": caches[0].stats if caches else None,
        "warnings": len(result.warnings),
        # Other work on the machine slows a run down: the 1-minute load average around it.
        "load_average": [load_before, os.getloadavg()[0]],
        "output_sha256": output.hexdigest(),
        "code_sha256": code_fingerprint(),
    }


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def code_fingerprint() -> str:
    """A hash of the package and the rules data: equal outputs are only expected between
    runs of the same code (others may be editing it while the benchmark runs)."""
    digest = hashlib.sha256()
    for folder in (ROOT / "factcheck", ROOT / "rules"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml", ".j2", ".css", ".js"):
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _spans_hit(gold: list[tuple[int, int]], found: list[tuple[int, int]]) -> int:
    found = sorted(found)
    return sum(any(s < end and start < e for s, e in found) for start, end in gold)


def naive(corpus: Path, sample: int, seeds: Path) -> dict[str, Any]:
    """The naive pipeline against ours on a sample of documents, and recall on the seeds.

    Two naive variants: the libraries called as documented (``search_dates`` detecting the
    language of every text) and a kinder one told the language is English."""
    import warnings

    warnings.filterwarnings("ignore")
    from dateparser.search import search_dates
    from quantulum3 import parser as quantulum

    from factcheck.extract.pipeline import extract_document
    from factcheck.ingest import ingest
    from factcheck.ruledata import load_rule_data

    data = load_rule_data()
    docs = ingest([corpus]).documents
    step = max(1, len(docs) // sample)
    chosen = docs[::step][:sample]

    def naive_spans(text: str, languages: list[str] | None) -> list[tuple[int, int]]:
        spans = [q.span for q in quantulum.parse(text)]
        pos = 0
        for found, _ in search_dates(text, languages=languages) or []:
            at = text.find(found, pos)
            if at >= 0:
                spans.append((at, at + len(found)))
                pos = at + len(found)
        return spans

    def our_spans(doc: Any) -> list[tuple[int, int]]:
        ex = extract_document(doc, data)
        return [(q.start, q.end) for q in ex.quantities] + [(d.start, d.end) for d in ex.dates]

    variants: dict[str, list[str] | None] = {"naive": None, "naive_english": ["en"]}
    extract_document(chosen[0], data)  # warm-up: lazy tables and library imports
    for languages in variants.values():
        naive_spans(chosen[0].text[:2000], languages)
    out: dict[str, Any] = {"sample_documents": len(chosen),
                           "sample_mb": sum(len(d.text.encode("utf-8")) for d in chosen) / 1e6}
    mark = time.perf_counter()
    for doc in chosen:
        our_spans(doc)
    out["ours_extract_seconds_per_document"] = (time.perf_counter() - mark) / len(chosen)
    for name, languages in variants.items():
        mark = time.perf_counter()
        for doc in chosen:
            naive_spans(doc.text, languages)
        out[f"{name}_seconds_per_document"] = (time.perf_counter() - mark) / len(chosen)

    seed_docs = ingest([seeds]).documents
    # Relative dates resolve only against a publication date: recall is also given without
    # the undated seeds.
    for subset, chosen_seeds in (("", seed_docs),
                                 ("_dated_seeds", [d for d in seed_docs if d.published])):
        golds = [[m.span() for m in GOLD_PATTERN.finditer(d.text)] for d in chosen_seeds]
        total = sum(map(len, golds)) or 1
        out[f"recall_gold_spans{subset}"] = total
        out[f"recall_ours{subset}"] = sum(
            _spans_hit(g, our_spans(d)) for g, d in zip(golds, chosen_seeds, strict=True)) / total
        for name, languages in variants.items():
            out[f"recall_{name}{subset}"] = sum(
                _spans_hit(g, naive_spans(d.text, languages))
                for g, d in zip(golds, chosen_seeds, strict=True)) / total
    return out


def floor(corpus: Path) -> dict[str, Any]:
    """A bare regex scan for numerals over every document: the floor for any extractor."""
    from factcheck.ingest import ingest

    texts = [d.text for d in ingest([corpus]).documents]
    mark = time.perf_counter()
    hits = sum(len(FLOOR_PATTERN.findall(t)) for t in texts)
    seconds = time.perf_counter() - mark
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {"documents": len(texts), "seconds": seconds, "mb_per_s": size / seconds,
            "numerals": hits}


# A fixed amount of pure-Python work (about three seconds per copy).
_SPIN = "x = 0\nfor i in range(18_000_000):\n    x += i * i % 7\n"


def ceiling(jobs: int) -> dict[str, Any]:
    """How much faster ``jobs`` copies of a CPU-bound loop finish than one copy would run them
    one after another: what the machine gives any ``jobs`` processes (2.0 on two free cores;
    less where the cores are shared with other machines)."""
    def run(copies: int) -> float:
        mark = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(copies)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - mark

    before, many, after = run(1), run(jobs), run(1)  # one copy on either side of the drift
    one = (before + after) / 2
    return {"one_seconds": one, "all_seconds": many, "speedup": jobs * one / many}


# --- orchestration -------------------------------------------------------------------------
def _child(*args: str) -> dict[str, Any]:
    """Run this script in a fresh interpreter and return the JSON it prints."""
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed:\n{proc.stderr.strip()[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _edit_one_document(corpus: Path) -> tuple[Path, str]:
    """Change the last figure of the corpus's middle file; returns the file and its old text."""
    files = sorted(corpus.glob("*.txt"))
    path = files[len(files) // 2]
    original = path.read_text(encoding="utf-8")
    figures = list(re.finditer(r"\d+", original))
    last = figures[-1]
    path.write_text(original[:last.start()] + str(int(last.group(0)) + 1)
                    + original[last.end():], encoding="utf-8")
    return path, original


def _per_stage(row: dict[str, Any]) -> str:
    t = row["timings"]
    return " ".join(f"{k} {t[k]:.2f}" for k in ("ingest", "extract", "graph", "rules", "report")
                    if k in t)


def _print_table(runs: list[dict[str, Any]], extras: dict[str, Any]) -> None:
    print(f"{'N':>7} {'docs/s':>8} {'MB/s':>6} {'facts':>8} {'findings':>8} {'RSS MB':>7}"
          f"  seconds per stage")
    for r in runs:
        core = r["timings"]["extract"] + r["timings"]["graph"] + r["timings"]["rules"]
        print(f"{r['documents']:>7} {r['documents'] / core:>8.1f} {r['text_mb'] / core:>6.2f} "
              f"{r['facts']:>8} {r['findings']:>8} {r['peak_rss_mb']:>7.0f}  {_per_stage(r)}")
    print("(docs/s and MB/s: extract + graph + rules on one core)")
    for line in extras["summary"]:
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="workers for the parallel run")
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternating --jobs 1 / --jobs N rounds on the largest corpus")
    parser.add_argument("--naive-sample", type=int, default=20,
                        help="documents the naive pipeline is timed on")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench.json")
    parser.add_argument("--work", type=Path, help="folder for corpora (default: a temp dir)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--measure-cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-report", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-extract-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--naive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ceiling", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.naive_sample < 1 or args.rounds < 0 or args.jobs < 1 or min(args.sizes) < 1:
        parser.error("--naive-sample, --jobs and --sizes take counts of 1 or more, "
                     "--rounds of 0 or more")

    if args.measure:
        print(json.dumps(measure(args.measure, args.measure_jobs, args.measure_cache,
                                 args.measure_report, args.measure_extract_only)))
        return 0
    if args.naive:
        print(json.dumps(naive(args.naive, args.naive_sample, ROOT / "seeds")))
        return 0
    if args.floor:
        print(json.dumps(floor(args.floor)))
        return 0
    if args.ceiling:
        print(json.dumps(ceiling(args.ceiling)))
        return 0

    from generate import DEFAULT_SOURCES, generate, load_sources, write_corpus

    work = args.work or Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sources = load_sources(list(DEFAULT_SOURCES))
    sizes = sorted(set(args.sizes))
    runs: list[dict[str, Any]] = []
    corpora: dict[int, Path] = {}
    try:
        for n in sizes:
            corpora[n] = work / f"corpus-{n}"
            shutil.rmtree(corpora[n], ignore_errors=True)
            write_corpus(generate(n, seed=args.seed, sources=sources), corpora[n], "txt")
        largest = corpora[sizes[-1]]
        cache_dir, parallel_cache = work / "cache", work / "cache-parallel"
        for folder in (cache_dir, parallel_cache):
            shutil.rmtree(folder, ignore_errors=True)
        for n in sizes:
            print(f"N={n}: measuring ...", file=sys.stderr)
            # No cache, like for like across sizes: the cache's writes are the cold run's.
            runs.append(_child("--measure", str(corpora[n]), "--measure-report") | {"n": n})
        print(f"N={sizes[-1]}: cold and warm cache, one document edited, --jobs {args.jobs}, "
              "naive pipeline, floor ...", file=sys.stderr)
        cold = _child("--measure", str(largest), "--measure-cache", str(cache_dir))
        warm = _child("--measure", str(largest), "--measure-cache", str(cache_dir))
        edited, original = _edit_one_document(largest)
        try:  # only the extraction is incremental: what this run shows is what it re-extracts
            changed = _child("--measure", str(largest), "--measure-cache", str(cache_dir),
                             "--measure-extract-only")
        finally:
            edited.write_text(original, encoding="utf-8")
        # Both cold, so the comparison is only about --jobs. The machine's speed drifts by a
        # third from minute to minute here: rounds alternate the two, each beside a ceiling.
        rounds = []
        for round_ in range(max(1, args.rounds)):
            if round_:
                shutil.rmtree(cache_dir, ignore_errors=True)
                serial = _child("--measure", str(largest), "--measure-cache", str(cache_dir))
            else:
                serial = cold
            shutil.rmtree(parallel_cache, ignore_errors=True)
            parallel = _child("--measure", str(largest), "--measure-jobs", str(args.jobs),
                              "--measure-cache", str(parallel_cache))
            rounds.append({"serial": serial, "parallel": parallel,
                           "ceiling": _child("--ceiling", str(args.jobs))})
        slow = _child("--naive", str(largest), "--naive-sample", str(args.naive_sample))
        scan = _child("--floor", str(largest))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    extras = _summarise(runs, cold, warm, changed, edited.stem, rounds, slow, scan, args.jobs)
    _print_table(runs, extras)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"command": "python bench/run.py " + " ".join(sys.argv[1:]),
              "cpu_count": os.cpu_count(), "python": sys.version.split()[0],
              "seed": args.seed, "runs": runs} | extras
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _summarise(runs: list[dict[str, Any]], cold: dict[str, Any], warm: dict[str, Any],
               changed: dict[str, Any], edited_id: str, rounds: list[dict[str, Any]],
               slow: dict[str, Any], scan: dict[str, Any], jobs: int) -> dict[str, Any]:
    def core(r: dict[str, Any]) -> float:
        return r["timings"]["extract"] + r["timings"]["graph"] + r["timings"]["rules"]

    n = cold["documents"]
    ours_per_doc = core(runs[-1]) / n  # the largest corpus without cache
    naive_per_doc = slow["naive_seconds_per_document"]
    naive_en_per_doc = slow["naive_english_seconds_per_document"]
    summary = [
        f"cache on N={n}: cold {cold['seconds']:.1f}s, warm {warm['seconds']:.1f}s "
        f"({warm['seconds'] / cold['seconds']:.1%} of cold: ingest "
        f"{warm['timings']['ingest']:.1f}s, run-cache lookup "
        f"{warm['timings'].get('run-cache', 0):.1f}s); output "
        + ("byte-identical" if warm["output_sha256"] == cold["output_sha256"] else "DIFFERS")
        + f"; the cold run's cache writes: extract {cold['timings']['extract']:.1f}s vs "
        f"{runs[-1]['timings']['extract']:.1f}s without cache",
        f"one document edited ({edited_id}): {changed['cache']['misses']} re-extracted, "
        f"{changed['cache']['hits']} from cache (ingest + extract "
        f"{changed['timings']['ingest'] + changed['timings']['extract']:.1f}s)",
        *(_jobs_line(r, n, jobs, i) for i, r in enumerate(rounds, start=1)),
        f"naive pipeline (quantulum3.parser.parse + dateparser.search.search_dates over whole "
        f"documents), timed on {slow['sample_documents']} documents and extrapolated: "
        f"{naive_per_doc:.2f} s/document, {naive_per_doc * n / 3600:.1f} h for N={n}; with "
        f"languages=['en']: {naive_en_per_doc:.2f} s/document",
        f"ours {ours_per_doc * 1000:.1f} ms/document (extract+graph+rules at N={n}, no "
        f"cache): "
        f"{naive_per_doc / ours_per_doc:.0f}x faster than naive "
        f"({naive_en_per_doc / ours_per_doc:.0f}x English-only); extraction alone on the "
        f"sample: {naive_per_doc / slow['ours_extract_seconds_per_document']:.0f}x "
        f"({naive_en_per_doc / slow['ours_extract_seconds_per_document']:.0f}x)",
        f"recall of the seeds' numerals, month and weekday names "
        f"({slow['recall_gold_spans']} spans): ours {slow['recall_ours']:.1%}, naive "
        f"{slow['recall_naive']:.1%}, naive English-only {slow['recall_naive_english']:.1%}; "
        f"seeds with a publication date only ({slow['recall_gold_spans_dated_seeds']} spans): "
        f"ours {slow['recall_ours_dated_seeds']:.1%}, naive "
        f"{slow['recall_naive_dated_seeds']:.1%}, English-only "
        f"{slow['recall_naive_english_dated_seeds']:.1%}",
        f"floor (re.findall numerals over N={n}): {scan['mb_per_s']:.0f} MB/s",
    ]
    if len(runs) > 1:
        small, big = runs[-2], runs[-1]
        ratio = (core(big) / big["documents"]) / (core(small) / small["documents"])
        summary.append(f"time per document (extract+graph+rules) at N={big['documents']} vs "
                       f"N={small['documents']}: {ratio:.2f}x")
    return {"cache": {"cold": cold, "warm": warm, "one_edited": changed,
                      "edited_document": edited_id},
            "parallel": rounds, "naive": slow, "floor": scan, "summary": summary}


def _jobs_line(r: dict[str, Any], n: int, jobs: int, number: int) -> str:
    serial, parallel, top = r["serial"], r["parallel"], r["ceiling"]
    speedup = serial["seconds"] / parallel["seconds"]
    return (
        f"round {number}, --jobs 1 vs --jobs {jobs} on N={n} (both cold cache): extract "
        f"{serial['timings']['extract']:.1f}s vs {parallel['timings']['extract']:.1f}s "
        f"({serial['timings']['extract'] / parallel['timings']['extract']:.2f}x), whole run "
        f"{serial['seconds']:.1f}s vs {parallel['seconds']:.1f}s ({speedup:.2f}x; CPU "
        f"{serial['cpu_seconds']:.0f}s vs {parallel['cpu_seconds']:.0f}s); {jobs} copies of a "
        f"CPU-bound loop beside it: {top['speedup']:.2f}x, so --jobs {jobs} reached "
        f"{speedup / top['speedup']:.0%} of what this machine gave any {jobs} processes; output "
        + ("not comparable: the code changed between the two runs"
           if parallel["code_sha256"] != serial["code_sha256"]
           else "byte-identical" if parallel["output_sha256"] == serial["output_sha256"]
           else "DIFFERS"))


if __name__ == "__main__":
    raise SystemExit(main())
