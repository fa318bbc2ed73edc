"""The report of the bundled seeds: every finding with its spans marked, small, and the
screenshot README shows (made here, in the browser)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import factcheck
from factcheck.report import render_report, write_report
from factcheck.result import Result

from .screenshot import DEFAULT_PNG, browser_missing, capture

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seeds_result() -> Result:
    return factcheck.check([SEEDS])


def test_every_finding_and_span_is_in_the_seeds_report(seeds_result: Result) -> None:
    html = render_report(seeds_result, corpus="seeds")
    assert len(html.encode("utf-8")) < 1_000_000
    assert seeds_result.findings
    # Numbered as the report shows them: grouped by entity, groups in order of their most
    # severe finding (a document's info notes sit with its warnings).
    by_entity: dict[str, list] = {}
    for finding in seeds_result.sorted_findings():
        by_entity.setdefault(finding.entity, []).append(finding)
    shown = [finding for group in by_entity.values() for finding in group]
    for number, finding in enumerate(shown, start=1):
        assert finding.message.split(" ")[0] in html or finding.rule in html
        for index, evidence in enumerate(finding.evidence):
            if evidence.start == evidence.end:
                continue  # a finding about a whole document (its encoding) has no span
            anchor = f"f{number}-e{index}"
            # the card links to the span; the span's mark (or a marker inside it, when
            # findings share a span) carries the id in the source text
            assert f'href="#{anchor}"' in html, anchor
            assert re.search(rf'<mark[^>]*id="{anchor}"|<mark[^>]*>(?:<span id="[^"]*">'
                             rf'</span>)*<span id="{anchor}">', html), anchor


@pytest.mark.browser
@pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")
def test_seeds_report_screenshot_for_readme(seeds_result: Result, tmp_path: Path) -> None:
    """The screenshot is taken into a temporary folder: running the tests changes no tracked
    file. FACTCHECK_REFRESH_SCREENSHOT=1 asks for README's picture to be rewritten."""
    page = tmp_path / "seeds.html"
    write_report(seeds_result, page, corpus="seeds/")
    refresh = os.environ.get("FACTCHECK_REFRESH_SCREENSHOT") == "1"
    target = DEFAULT_PNG if refresh else tmp_path / "seeds-report.png"
    png = capture(page, target, 1280, full_page=False)
    assert png.stat().st_size > 10_000
