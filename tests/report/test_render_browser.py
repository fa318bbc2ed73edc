"""The report in a real browser (Debian's Chromium through Playwright): filters, search, links
both ways, inert hostile text, JavaScript off, narrow screens, print, contrast, screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from factcheck.report import write_report

from .screenshot import browser_missing, capture, launch
from .synthetic import HOSTILE_TEXT, flood_result, hostile_result

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

_missing = browser_missing()
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(_missing is not None, reason=_missing or "")]

WHEN = datetime(2024, 3, 8, 12, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    paths = {"flood": folder / "flood.html", "hostile": folder / "hostile.html"}
    write_report(flood_result(), paths["flood"], corpus="Marbury floods", generated_at=WHEN)
    write_report(hostile_result(), paths["hostile"], corpus="hostile", generated_at=WHEN)
    return paths


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


class Opened:
    """A page with every console error, page error and dialog it raised."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def open_report(browser: Browser, reports: dict[str, Path]) -> Iterator[Any]:
    contexts = []

    def opener(name: str = "flood", width: int = 1280, javascript: bool = True) -> Opened:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      java_script_enabled=javascript)
        contexts.append(context)
        opened = Opened(context.new_page())
        opened.page.goto(reports[name].as_uri())
        return opened

    yield opener
    for context in contexts:
        context.close()


def visible_cards(page: Page) -> list[str]:
    return page.locator(".finding:visible").evaluate_all("cards => cards.map(c => c.id)")


def test_findings_show_and_script_runs_under_the_csp(open_report: Any) -> None:
    opened = open_report()
    page = opened.page
    assert len(visible_cards(page)) == 10
    assert page.locator("#filters").is_visible()  # our script ran: the hash in the CSP matches
    assert page.locator("#filter-status").inner_text() == "Showing 10 of 10 findings"
    badge = page.locator(".badge.error").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert badge == "rgb(164, 20, 27)"  # our style applied: its hash matches too
    assert opened.errors == []


def test_severity_filter_changes_the_visible_list(open_report: Any) -> None:
    page = open_report().page
    errors = page.locator(".finding[data-severity=error]").count()
    assert errors > 0
    page.get_by_label("Error (").uncheck()
    shown = visible_cards(page)
    assert len(shown) == 10 - errors
    assert page.locator(".finding[data-severity=error]:visible").count() == 0
    assert page.locator("#filter-status").inner_text() == f"Showing {10 - errors} of 10 findings"
    page.get_by_label("Error (").check()
    assert len(visible_cards(page)) == 10


def test_rule_filter_and_search(open_report: Any) -> None:
    page = open_report().page
    page.get_by_label("Rule").select_option("quote-drift")
    assert page.locator(".finding:visible").evaluate_all(
        "cards => cards.map(c => c.dataset.rule)") == ["quote-drift"]
    page.get_by_label("Rule").select_option("")
    page.get_by_label("Search findings").fill("crest")
    assert page.locator(".finding:visible").evaluate_all(
        "cards => cards.map(c => c.dataset.rule)") == ["implausible-claim"]
    # A group with nothing left to show disappears with its heading.
    assert page.locator(".entity-group:visible").count() == 1
    page.get_by_label("Search findings").fill("no such words anywhere")
    assert visible_cards(page) == []
    assert page.locator(".entity-group:visible").count() == 0
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function("() => document.querySelectorAll('.finding[hidden]').length === 0")
    assert len(visible_cards(page)) == 10


def in_viewport(page: Page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }")


def test_finding_leads_to_its_highlighted_span(open_report: Any) -> None:
    page = open_report().page
    card = page.locator("article.finding[data-rule=numeric-conflict]")
    quoted = card.locator("blockquote mark").first.inner_text()
    card.locator("a.jump").first.click()
    page.wait_for_function("() => location.hash.length > 1")
    target = page.evaluate(
        "(() => { const t = document.querySelector(':target');"
        " const m = t && t.closest('mark');"
        " return t && {id: t.id, mark: !!m, cls: m && m.className, text: m && m.textContent,"
        " inText: !!t.closest('.doctext'), outline: m && getComputedStyle(m).outlineStyle}; })()")
    assert target["id"] == page.evaluate("location.hash.slice(1)")
    assert target["mark"] and target["inText"]
    assert target["cls"] == "error" and target["text"] == quoted
    assert target["outline"] == "solid"  # the :target highlight shows
    assert in_viewport(page, ":target")


def test_span_leads_back_to_its_finding(open_report: Any) -> None:
    page = open_report().page
    ref = page.locator(".doctext a.ref").first
    href = ref.get_attribute("href")
    assert href and href.startswith("#finding-")
    ref.click()
    page.wait_for_function(f"() => location.hash === {href!r}")
    assert page.evaluate("document.querySelector(':target').className").startswith("finding")
    assert in_viewport(page, href)


def test_link_to_a_filtered_out_finding_shows_it_again(open_report: Any) -> None:
    page = open_report().page
    page.get_by_label("Info (").uncheck()
    ref = page.locator(".doctext a.ref[aria-label$=info]").first
    href = ref.get_attribute("href")
    assert href and not page.locator(href).is_visible()
    ref.click()
    page.wait_for_function(f"() => location.hash === {href!r}")
    assert page.locator(href).is_visible()
    assert page.get_by_label("Info (").is_checked()


def test_hostile_document_runs_nothing(open_report: Any) -> None:
    opened = open_report("hostile")
    page = opened.page
    # Hover and click everything a handler could hide on.
    for selector in (".doctext", ".finding", "table", "h1"):
        for element in page.locator(selector).all():
            element.hover()
    page.locator(".doctext").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    text = page.locator(".doctext").first.evaluate(
        "e => { const copy = e.cloneNode(true);"
        " copy.querySelectorAll('a.ref').forEach(a => a.remove()); return copy.textContent; }")
    assert text == HOSTILE_TEXT  # every tag in it shown as text
    assert page.locator("#filters").is_visible()  # the page's own script still runs
    assert page.locator("a[href^=javascript]").count() == 0


def test_without_javascript_everything_is_visible(open_report: Any) -> None:
    page = open_report(javascript=False).page
    assert len(visible_cards(page)) == 10
    assert not page.locator("#filters").is_visible()  # controls that would do nothing
    assert page.locator(".doctext mark").first.is_visible()


def test_print_hides_controls_and_keeps_findings(open_report: Any) -> None:
    page = open_report().page
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible()
    assert not page.locator("#filters").is_visible()
    assert len(visible_cards(page)) == 10
    assert page.locator(".doctext").first.is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_fits_the_screen_and_saves_screenshots(open_report: Any, reports: dict[str, Path],
                                              browser: Browser, tmp_path: Path,
                                              width: int) -> None:
    page = open_report(width=width).page
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".finding").first.evaluate("e => e.getBoundingClientRect().width") <= width
    png = capture(reports["flood"], tmp_path / f"report-{width}.png", width, browser=browser)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == width  # IHDR width


# WCAG 2 relative luminance and contrast of each element's text against its first opaque
# background (ancestors included).
CONTRAST_JS = """
selectors => selectors.map(selector => {
  const el = document.querySelector(selector);
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  let bg = null;
  for (let n = el; n && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length < 4 || c[3] > 0) bg = c.slice(0, 3);
  }
  bg = bg || [255, 255, 255];
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)];
  return [selector, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
})
"""


def test_text_contrast_meets_wcag_aa(open_report: Any) -> None:
    page = open_report().page
    selectors = ["body", ".badge.error", ".badge.warning", ".badge.info", ".meaning",
                 ".stat-error dd", ".stat-warning dd", ".stat-info dd", ".label", "a",
                 ".interval", ".doctext mark.error", ".doctext mark.warning",
                 ".doctext mark.info", "mark.q", "del", "ins", ".repaired", ".made",
                 ".filters legend", ".doctext a.ref", ".evidence .src a"]
    for selector, ratio in page.evaluate(CONTRAST_JS, selectors):
        assert ratio >= 4.5, (selector, ratio)
