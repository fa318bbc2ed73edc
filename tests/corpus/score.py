"""Precision and recall of each rule on a labelled corpus.

    python tests/corpus/score.py                  # tests/corpus/<rule>/<case>/
    python tests/corpus/score.py tests/heldout    # tests/heldout/<case>/

Every case folder holds documents, an expect.yaml (must_find / must_not_find) and optionally a
rules/ folder of house data for that case. Each case is checked
with all rules: a finding that matches a must_find entry is a true positive; any other finding
is a false positive; an unmatched must_find is a miss (false negative).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

import factcheck
from factcheck.model import Finding

CORPUS = Path(__file__).resolve().parent  # the default: this labelled corpus


def matches(finding: Finding, wanted: dict[str, Any]) -> bool:
    if finding.rule != wanted.get("rule"):
        return False
    if "attribute" in wanted and finding.attribute != wanted["attribute"]:
        return False
    if "entity" in wanted and str(wanted["entity"]).casefold() not in finding.entity.casefold():
        return False
    return set(map(str, wanted.get("values", []))) <= set(finding.values)


def score(root: Path) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for expect_file in sorted(root.glob("**/expect.yaml")):
        case = expect_file.parent
        expect = yaml.safe_load(expect_file.read_text(encoding="utf-8")) or {}
        wanted = expect.get("must_find", []) or []
        rules = [case / "rules"] if (case / "rules").is_dir() else []  # house data of the case
        findings = factcheck.check(sorted(str(p) for p in case.glob("*.txt")),
                                   rules=rules).findings
        for entry in wanted:
            hit = any(matches(f, entry) for f in findings)
            counts.setdefault(entry["rule"], Counter())["tp" if hit else "fn"] += 1
            if not hit:
                print(f"  MISSED in {case.name}: {entry}", file=sys.stderr)
        for finding in findings:
            if not any(matches(finding, entry) for entry in wanted):
                counts.setdefault(finding.rule, Counter())["fp"] += 1
                print(f"  UNEXPECTED in {case.name}: {finding.rule} "
                      f"{finding.entity} · {finding.attribute} {finding.values}: "
                      f"{finding.message[:160]}", file=sys.stderr)
    return counts


def main() -> int:
    counts = score(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
    print(f"{'rule':<20} {'TP':>3} {'FP':>3} {'FN':>3} {'precision':>9} {'recall':>6}")
    total: Counter[str] = Counter()
    for rule_id in sorted(counts):
        c = counts[rule_id]
        total.update(c)
        found = c["tp"] + c["fp"]
        expected = c["tp"] + c["fn"]
        precision = f"{c['tp'] / found:.2f}" if found else "–"
        recall = f"{c['tp'] / expected:.2f}" if expected else "–"
        print(f"{rule_id:<20} {c['tp']:>3} {c['fp']:>3} {c['fn']:>3} {precision:>9} {recall:>6}")
    found, expected = total["tp"] + total["fp"], total["tp"] + total["fn"]
    print(f"{'ALL':<20} {total['tp']:>3} {total['fp']:>3} {total['fn']:>3} "
          f"{total['tp'] / found if found else 0:>9.2f} "
          f"{total['tp'] / expected if expected else 0:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
