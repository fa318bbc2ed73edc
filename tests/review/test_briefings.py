"""Review mode on generated briefings (tests/review/briefings, written for these tests about
events of ../shared/news) against the real articles they summarise: at least 80% of the
planted errors caught over all briefings (the issue's measure) and no false contradiction in
any. The gold beside each briefing
was written before the checker ran on it; `python bench/review_accuracy.py -v` prints the
catch rates per kind and what was missed."""

from __future__ import annotations

from pathlib import Path

import pytest

from .briefing_gold import (
    BRIEFINGS,
    Score,
    gold_files,
    load_gold,
    locate,
    news_root,
    score,
)

CATCH_RATE = 0.8
NEWS = news_root()


def test_every_briefing_has_a_gold_that_fits_it() -> None:
    golds = gold_files()
    assert len(golds) >= 3
    planted = 0
    kinds: set[str] = set()
    for path in golds:
        gold = load_gold(path)
        text = (BRIEFINGS / gold["briefing"]).read_text(encoding="utf-8")
        assert "*Published " in text and gold["sources"] in text  # cites its corpus folder
        assert 300 <= len(text.split()) <= 450
        for item in [*gold["errors"], *gold.get("must_not_contradict", [])]:
            locate(text, item["span"], item.get("context"))  # once, exactly
        planted += len(gold["errors"])
        kinds |= {e["kind"] for e in gold["errors"]}
    assert planted >= 25
    assert kinds == {"wrong-count", "dead-wounded-swapped", "part-exceeds-whole", "wrong-date",
                     "wrong-weekday", "yearless-date", "event-name", "misattributed-quote",
                     "misspelt-place"}


@pytest.mark.skipif(NEWS is None, reason="../shared/news (the real articles) is not here")
@pytest.mark.parametrize("gold", gold_files(), ids=lambda p: p.stem)
def test_review_contradicts_no_true_claim(gold: Path) -> None:
    assert NEWS is not None
    result: Score = score(gold, NEWS)
    false = [f"“{c.fact.text}”: {c.reason}" for c in result.false_contradictions]
    assert not false, f"false contradictions: {false}"


@pytest.mark.skipif(NEWS is None, reason="../shared/news (the real articles) is not here")
def test_review_catches_the_planted_errors() -> None:
    assert NEWS is not None
    results = [score(gold, NEWS) for gold in gold_files()]
    caught = sum(r.caught for r in results)
    planted = sum(len(r.planted) for r in results)
    missed = [f"{p.id} ({p.kind})" for r in results for p in r.planted if not p.caught_by]
    assert caught / planted >= CATCH_RATE, (
        f"{caught} of {planted} caught; missed: {', '.join(missed)}")
