"""The client's peak memory with the Dask engine on a local cluster, against a local run.

    python bench/generate.py 2000 --out /tmp/corpus2000
    python bench/dask_memory.py /tmp/corpus2000 [--rounds 1] [--dask-only]

Starts a ``distributed.LocalCluster`` (a scheduler and two worker processes, one thread each,
on 127.0.0.1) in a process of its own, then runs ``factcheck check CORPUS --format json
--no-cache`` in a fresh process, alternately locally and with ``--engine dask --scheduler
ADDRESS``: each process's peak RSS is the client's alone (the scheduler and the workers are
other processes). Prints the peaks, their ratio, the workers' peaks and whether the two JSON
outputs are byte-identical, and writes reports/dask_memory.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# One CLI run in a fresh process: its exit code, peak RSS (MiB) and wall time on stdout.
_CLIENT = """
import resource, sys, time
from factcheck.cli import main
started = time.perf_counter()
code = main(sys.argv[1:])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      time.perf_counter() - started)
"""

# A local cluster that lives until its standard input closes; prints its address.
_CLUSTER = """
import sys
from distributed import LocalCluster
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                  dashboard_address=None) as cluster:
    print(cluster.scheduler_address, flush=True)
    sys.stdin.read()
"""


def _client_run(corpus: Path, out: Path, *options: str) -> dict[str, Any]:
    args = [sys.executable, "-c", _CLIENT, "check", str(corpus), "--format", "json",
            "-o", str(out), "--no-cache", "--quiet", *options]
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=out.parent)
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise SystemExit(f"client run failed: {done.stderr.strip()[-2000:]}")
    code, rss, seconds = done.stdout.split()[-3:]
    return {"exit": int(code), "peak_rss_mib": float(rss), "seconds": float(seconds)}


def _workers_peak(address: str) -> dict[str, float]:
    from distributed import Client

    def peak() -> float:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with Client(address) as client:
        return client.run(peak)


def _rounds(corpus: Path, address: str, count: int, dask_only: bool) -> list[dict[str, Any]]:
    rounds: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(count):
            local_out, dask_out = Path(folder, "local.json"), Path(folder, "dask.json")
            if dask_only:
                dask = _client_run(corpus, dask_out, "--engine", "dask", "--scheduler",
                                   address)
                rounds.append({"round": number + 1, "dask": dask})
                print(f"round {number + 1}: client peak RSS dask "
                      f"{dask['peak_rss_mib']:.0f} MiB ({dask['seconds']:.1f} s)")
                continue
            local = _client_run(corpus, local_out)
            dask = _client_run(corpus, dask_out, "--engine", "dask", "--scheduler", address)
            row = {"round": number + 1, "local": local, "dask": dask,
                   "ratio": dask["peak_rss_mib"] / local["peak_rss_mib"],
                   "identical": local_out.read_bytes() == dask_out.read_bytes()}
            rounds.append(row)
            print(f"round {number + 1}: client peak RSS local {local['peak_rss_mib']:.0f} MiB "
                  f"({local['seconds']:.1f} s), dask {dask['peak_rss_mib']:.0f} MiB "
                  f"({dask['seconds']:.1f} s): {row['ratio']:.2f}x; JSON output "
                  f"{'byte-identical' if row['identical'] else 'DIFFERS'}")
    return rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=1, help="local/dask pairs to run")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "dask_memory.json")
    parser.add_argument("--dask-only", action="store_true",
                        help="no local runs (no ratio, no comparison): the client's peak "
                             "alone, for a corpus whose local run takes long")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()  # the workers' working folder is not this one
    documents = sum(1 for p in corpus.rglob("*") if p.is_file())
    # The cluster's logging goes to a file, shown if it does not start.
    with tempfile.TemporaryFile(mode="w+") as log, subprocess.Popen(
            [sys.executable, "-c", _CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=log, text=True) as cluster:
        assert cluster.stdin is not None and cluster.stdout is not None
        address = cluster.stdout.readline().strip()
        if not address:
            log.seek(0)
            raise SystemExit(f"the local cluster did not start: {log.read()[-2000:]}")
        try:
            rounds = _rounds(corpus, address, args.rounds, args.dask_only)
            workers = _workers_peak(address)
        finally:
            cluster.stdin.close()  # the cluster closes
    print("workers' peak RSS: " + ", ".join(f"{v:.0f} MiB" for v in workers.values()))
    report = {"corpus": str(corpus), "documents": documents, "rounds": rounds,
              "workers_peak_rss_mib": sorted(workers.values())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.get("identical", True) for r in rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
