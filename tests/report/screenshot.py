"""Screenshots of a rendered report in Debian's Chromium via Playwright (no browser download).

    python tests/report/screenshot.py REPORT.html [PNG] [--width 1280]

PNG defaults to reports/seeds-report.png in the repository. The tests import `launch` and
`capture` from here so every screenshot is taken the same way.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DEFAULT_PNG = Path(__file__).resolve().parents[2] / "reports" / "seeds-report.png"


def browser_missing() -> str | None:
    """Why a browser test cannot run here, or None when it can."""
    if shutil.which(CHROMIUM) is None:
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright for Python is not installed"
    return None


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def capture(html_path: str | Path, png_path: str | Path, width: int = 1280, *,
            browser: Browser | None = None, full_page: bool = True) -> Path:
    """A screenshot of the report at html_path, `width` CSS pixels wide (the whole page, or
    only the first screen with full_page=False).

    Uses `browser` when given (Playwright allows one sync session per thread), else starts one.
    """
    source = Path(html_path).resolve()
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no such report")
    target = Path(png_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = launch(playwright)
            try:
                return capture(source, target, width, browser=own, full_page=full_page)
            finally:
                own.close()
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(source.as_uri())
        page.screenshot(path=str(target), full_page=full_page)
    finally:
        page.close()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", help="the rendered report")
    parser.add_argument("png", nargs="?", default=str(DEFAULT_PNG), help="where to write")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS px")
    args = parser.parse_args(argv)
    problem = browser_missing()
    if problem:
        print(f"screenshot: {problem}", file=sys.stderr)
        return 2
    from playwright.sync_api import Error as PlaywrightError

    try:
        written = capture(args.html, args.png, args.width)
    except (OSError, PlaywrightError) as error:
        print(f"screenshot: {error}", file=sys.stderr)
        return 1
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
