"""Score factcheck against hand-annotated real news.

    python bench/accuracy.py [CORPUS] [--event NAME …] [--json FILE] [--verbose]

CORPUS (default ``../shared/news``) holds one folder per event: article files ``NN_*.txt`` and a
``gold.yaml`` with the discrepancy clusters an editor wants shown and look-alike pairs that must
not be flagged. The checker runs on each event's article files alone, then:

- **recall**: a cluster is found when one finding carries evidence for two of its distinct values.
  Evidence matches a value when it comes from one of the value's files, its sentence contains the
  gold quote (or lies inside it), and its own span text or numeric value is the gold value — not
  merely a word of its sentence. Findings about copying between sources do not count.
- **false alarms**: error and warning findings (copying aside) that find no cluster, per 5
  articles.
- **violations**: findings whose evidence matches both sides of a must-not-flag pair and sets
  them against each other (figures whose intervals share no point; any two values otherwise).

It prints these per event and overall, and recall per kind of cluster (numeric, update, date,
name, quote, conflict). ``--verbose`` lists the false alarms and the clusters missed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# This checkout's factcheck, as the other benchmarks do, not whichever one is installed: a
# comparison of two checkouts would otherwise measure the installed one twice.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import factcheck
from factcheck.model import Evidence, Finding
from factcheck.numbers import overlaps

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "news"
COPYING_RULES = {"source-dependency"}
# Findings about the text itself (garbling, repeats): they state no value, so they find no cluster
# and break no must-not-flag pair, though as errors or warnings they still count as alarms.
TEXT_RULES = {"text-quality"}
ALARM_SEVERITIES = {"error", "warning"}

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_NUMBERS = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})


def _plain(text: str) -> str:
    """Case, quotation marks and white space folded, for comparing quotes with sentences."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS)
    return " ".join(text.lower().split())


def number_of(text: str) -> float | None:
    """The number a gold value or span states: "1,000" → 1000, "Twenty-two" → 22."""
    words = _plain(text).replace(",", "")
    try:
        return float(words)
    except ValueError:
        pass
    parts = re.split(r"[-\s]+", words)
    if parts and all(p in _WORD_NUMBERS for p in parts) and len(parts) <= 2:
        return float(sum(_WORD_NUMBERS[p] for p in parts))
    return None


def _key(value: str) -> str:
    """Distinct values of a cluster: "19" and "Nineteen" are one, "22:35" and "22:33" two."""
    number = number_of(value)
    return f"#{number:g}" if number is not None else _plain(value)


@dataclass
class GoldValue:
    value: str
    files: list[str]
    quote: str
    key: str = ""

    def __post_init__(self) -> None:
        self.key = _key(self.value)


@dataclass
class Cluster:
    id: str
    kind: str
    values: list[GoldValue]


@dataclass
class Pair:
    id: str
    sides: list[GoldValue]


@dataclass
class EventScore:
    event: str
    articles: int
    clusters: list[Cluster]
    found: set[str] = field(default_factory=set)
    alarms: list[Finding] = field(default_factory=list)
    violations: list[tuple[str, Finding]] = field(default_factory=list)
    findings: int = 0

    @property
    def recall(self) -> float:
        return len(self.found) / len(self.clusters) if self.clusters else 1.0


def load_gold(path: Path) -> tuple[list[Cluster], list[Pair]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (event,) = data.values()
    clusters = [
        Cluster(c["id"], c.get("kind", ""),
                [GoldValue(str(v["value"]), list(v["files"]), str(v["quote"]))
                 for v in c["values"]])
        for c in event.get("clusters", [])
    ]
    pairs = [
        Pair(p["id"], [GoldValue(str(p[s]["value"]), [p[s]["file"]], str(p[s]["quote"]))
                       for s in ("a", "b")])
        for p in event.get("must_not_flag", [])
    ]
    return clusters, pairs


def _span_is_value(evidence: Evidence, gold: GoldValue) -> bool:
    number = number_of(gold.value)
    if number is not None and isinstance(evidence.value, int | float) \
            and not isinstance(evidence.value, bool) and float(evidence.value) == number:
        return True
    wanted = _plain(gold.value)
    # After a figure a unit may follow glued ("17.9km"); after a word, no letter may.
    after = r"(?!\d|[,.]\d)" if number is not None else r"(?![\w]|[,.]\d)"
    for stated in (evidence.text, evidence.value if isinstance(evidence.value, str) else ""):
        if not stated:
            continue
        text = _plain(stated)
        # The gold value as a whole word (or figure) of the span: "22" in "22 dead", not in
        # "2,022"; the span inside a longer gold value ("Rashid" of "Rashid Omari") also counts.
        if re.search(rf"(?<![\w,.]){re.escape(wanted)}{after}", text):
            return True
        if len(text) >= 3 and re.search(rf"(?<![\w,.]){re.escape(text)}(?![\w]|[,.]\d)", wanted):
            return True
    return False


def matches(evidence: Evidence, gold: GoldValue) -> bool:
    """Evidence is for a gold value: its file, its quote's sentence, and the value itself."""
    if Path(evidence.path).name not in gold.files:
        return False
    quote = _plain(gold.quote)
    # Located at the quote: its sentence holds it (or lies inside it); a quotation that runs over
    # several sentences is located by its own span instead.
    sentence, span = _plain(evidence.sentence), _plain(evidence.text)
    located = (bool(sentence) and (quote in sentence or sentence in quote)) or (bool(span) and (
        quote in span or (span in quote and len(span.split()) >= 4)))
    if not located:
        return False
    return _span_is_value(evidence, gold)


def set_against(a: Evidence, b: Evidence) -> bool:
    """Whether a finding sets two pieces of its evidence against each other: figures whose
    intervals share no point (figures that agree, such as "11 miles" and "17.9 km" on one side
    of a conflict, are not set against each other); any two values that are not figures."""
    if not (isinstance(a.value, int | float) and isinstance(b.value, int | float)):
        return True
    return not overlaps((a.low, a.high), (b.low, b.high))


def values_evidenced(finding: Finding, values: list[GoldValue]) -> set[str]:
    """The distinct gold values (keys) a finding's evidence stands for."""
    return {v.key for v in values for ev in finding.evidence if matches(ev, v)}


def score_event(folder: Path, *, verbose: bool = False) -> EventScore:
    clusters, pairs = load_gold(folder / "gold.yaml")
    articles = sorted(folder.glob("[0-9][0-9]_*.txt"))
    result = factcheck.check([str(p) for p in articles])
    score = EventScore(folder.name, len(articles), clusters, findings=len(result.findings))
    for finding in result.findings:
        if finding.rule in COPYING_RULES:
            continue
        about_values = finding.rule not in TEXT_RULES
        hits = {c.id for c in clusters
                if about_values and len(values_evidenced(finding, c.values)) >= 2}
        score.found |= hits
        if not hits and finding.severity in ALARM_SEVERITIES:
            score.alarms.append(finding)
        for pair in pairs if about_values else ():
            a, b = pair.sides
            side_a = [ev for ev in finding.evidence if matches(ev, a)]
            side_b = [ev for ev in finding.evidence if matches(ev, b)]
            if any(set_against(x, y) for x in side_a for y in side_b):
                score.violations.append((pair.id, finding))
    return score


def _describe(finding: Finding) -> str:
    where = "; ".join(f"{Path(e.path).name}: {e.text!r}" for e in finding.evidence[:4])
    return f"{finding.severity} {finding.rule} [{finding.entity} / {finding.attribute}] {where}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--event", action="append", default=[], help="only these event folders")
    parser.add_argument("--json", type=Path, help="write the scores as JSON here")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list false alarms, violations and missed clusters")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"accuracy: error: {args.corpus}: no such corpus folder", file=sys.stderr)
        return 2
    folders = sorted(p.parent for p in args.corpus.glob("*/gold.yaml")
                     if not args.event or p.parent.name in args.event)
    scores = [score_event(folder, verbose=args.verbose) for folder in folders]

    print(f"{'event':<28} {'articles':>8} {'clusters':>8} {'found':>6} {'recall':>7} "
          f"{'alarms':>7} {'per 5':>6} {'violations':>10}")
    for s in scores:
        print(f"{s.event:<28} {s.articles:>8} {len(s.clusters):>8} {len(s.found):>6} "
              f"{s.recall:>7.2f} {len(s.alarms):>7} {5 * len(s.alarms) / s.articles:>6.2f} "
              f"{len(s.violations):>10}")
    articles = sum(s.articles for s in scores)
    clusters = sum(len(s.clusters) for s in scores)
    found = sum(len(s.found) for s in scores)
    alarms = sum(len(s.alarms) for s in scores)
    violations = sum(len(s.violations) for s in scores)
    recall = found / clusters if clusters else 1.0
    per5 = 5 * alarms / articles if articles else 0.0
    print(f"{'overall':<28} {articles:>8} {clusters:>8} {found:>6} {recall:>7.2f} "
          f"{alarms:>7} {per5:>6.2f} {violations:>10}")

    kinds: Counter[str] = Counter()
    kinds_found: Counter[str] = Counter()
    for s in scores:
        for c in s.clusters:
            kinds[c.kind] += 1
            kinds_found[c.kind] += c.id in s.found
    print("recall by kind: " + ", ".join(
        f"{k} {kinds_found[k]}/{n}" for k, n in sorted(kinds.items())))

    if args.verbose:
        for s in scores:
            print(f"\n== {s.event}")
            for c in s.clusters:
                if c.id not in s.found:
                    print(f"  missed {c.kind}: {c.id}")
            for f in s.alarms:
                print(f"  alarm: {_describe(f)}")
            for pair_id, f in s.violations:
                print(f"  VIOLATION {pair_id}: {_describe(f)}")
    if args.json:
        payload: dict[str, Any] = {
            "recall": recall, "false_alarms_per_5": per5, "violations": violations,
            "events": {s.event: {"articles": s.articles, "clusters": len(s.clusters),
                                 "found": sorted(s.found), "recall": s.recall,
                                 "alarms": len(s.alarms), "violations": len(s.violations)}
                       for s in scores},
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
