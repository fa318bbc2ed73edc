"""Text-direction controls (U+202E RIGHT-TO-LEFT OVERRIDE and kin) in file names and in text
are isolated in the HTML report: a name shows its controls as [U+202E] inside <bdi>, text
keeps them inside <bdi>, and no control reaches the page outside an isolate."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.report.render import isolate, isolate_name

RLO, FSI, PDI = "\u202e", "\u2068", "\u2069"
# Read as "invoice-exe.txt" by a browser that lets the override act on it.
SPOOFED = f"invoice-{RLO}txt.exe"
FIRST = ("Flood hits Norrby\n\nMarch 2, 2023\n\n"
         f"The flood in Norrby on March 1, 2023 killed 12 people, officials {RLO}dias.\n")
SECOND = ("Norrby counts its dead\n\nMarch 2, 2023\n\n"
          "The flood in Norrby on March 1, 2023 killed 40 people, the mayor said.\n")


class Isolation(HTMLParser):
    """Every direction control outside <bdi> and outside FSI … PDI, with where it was."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.loose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "bdi":
            self.depth += 1
        for name, value in attrs:
            self.check(value or "", f"<{tag} {name}>", in_bdi=False)

    def handle_endtag(self, tag: str) -> None:
        if tag == "bdi":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        self.check(data, "text", in_bdi=self.depth > 0)

    def check(self, text: str, where: str, *, in_bdi: bool) -> None:
        open_isolates = 0
        for char in text:
            if char == FSI:
                open_isolates += 1
            elif char == PDI:
                open_isolates -= 1
            elif char == RLO and not in_bdi and open_isolates <= 0:
                self.loose.append(f"{where}: {text[:80]!r}")


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / ".git").mkdir()
    news = tmp_path / "news"
    news.mkdir()
    try:
        (news / f"{SPOOFED}.txt").write_text(FIRST, encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses the name")
    (news / "second.txt").write_text(SECOND, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "news", "--jobs", "1", "--no-cache", "--report", "r.html"]) == 1
    return (tmp_path / "r.html").read_text(encoding="utf-8")


def test_no_direction_control_acts_outside_an_isolate(page: str) -> None:
    assert RLO in page  # the text keeps its own characters …
    checker = Isolation()
    checker.feed(page)
    assert checker.loose == []  # … but none can act on the page around them
    assert checker.depth == 0


def test_names_show_their_controls(page: str) -> None:
    assert "<bdi>invoice-[U+202E]txt.exe</bdi>" in page
    assert f"<bdi>{SPOOFED}</bdi>" not in page  # a name never acts out its override


def test_text_is_isolated_where_it_is_cited(page: str) -> None:
    assert f"officials {RLO}dias." in page
    assert "<bdi>" in page.split('class="doctext"', 1)[1]


def test_filters_leave_plain_text_alone() -> None:
    assert isolate("plain words") == "plain words"
    assert isolate_name("plain-name") == "plain-name"
    assert str(isolate(f"a{RLO}b")) == f"<bdi>a{RLO}b</bdi>"
    assert str(isolate_name(f"<x>{RLO}")) == "<bdi>&lt;x&gt;[U+202E]</bdi>"
