"""Review mode on the generated briefings of tests/review/briefings: catch rates per briefing and
per kind of planted error, false contradictions, and why each missed error was missed.

    python bench/review_accuracy.py [--news ../shared/news] [--verbose]

Each briefing is reviewed against the real articles of its corpus folder
(``<news>/<folder>/0*.txt``); the gold beside it says which errors were planted where.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "review"))

from briefing_gold import gold_files, news_root, per_kind, score  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=Path, help="the shared/news folder (default: found)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list every missed error and false contradiction")
    args = parser.parse_args(argv)
    if args.news is not None:
        os.environ["FACTCHECK_NEWS"] = str(args.news)
    news = news_root()
    if news is None:
        print("review_accuracy: error: no shared/news folder (give --news)", file=sys.stderr)
        return 2
    scores = [score(path, news) for path in gold_files()]
    print(f"{'briefing':32} {'caught':>8} {'rate':>6} {'false ✗':>8}")
    for s in scores:
        print(f"{s.briefing:32} {s.caught:>3} / {len(s.planted):<2} {s.catch_rate:>6.0%} "
              f"{len(s.false_contradictions):>8}")
    caught = sum(s.caught for s in scores)
    planted = sum(len(s.planted) for s in scores)
    false = sum(len(s.false_contradictions) for s in scores)
    print(f"{'all':32} {caught:>3} / {planted:<2} {caught / planted:>6.0%} {false:>8}\n")
    print(f"{'kind':24} {'caught':>8}")
    for kind, (c, n) in per_kind(scores).items():
        print(f"{kind:24} {c:>3} / {n}")
    if args.verbose:
        for s in scores:
            print(f"\n{s.briefing}")
            for p in s.planted:
                if not p.caught_by:
                    print(f"  missed {p.id} ({p.kind})")
            for claim in s.false_contradictions:
                print(f"  false ✗ {claim.kind} “{claim.fact.text}”: {claim.reason}")
            for span, claim in s.protected_contradicted:
                print(f"  true claim contradicted “{span}”: {claim.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
