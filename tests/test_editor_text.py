"""Text an editor reads: sources by key and title, no entity or attribute said twice, text
output by file and line, whole rule descriptions, no machine paths, years as years."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import factcheck
from factcheck.cli import main
from factcheck.naming import shorten, source_name
from factcheck.report import render_report
from factcheck.rules.engine import load_builtin_rules

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

ARTICLES = {
    "2024-05-03_wire-desk_hill-clashes-report": (
        "Clashes resume near Tarsk\n\nMay 3, 2024\n\n"
        "The Varn Front and the Ostel Guard have been fighting since 2014, a monitoring group "
        "said on Friday. The attack near Tarsk on May 1, 2024 killed 12 people, the group "
        "said.\n"),
    "2024-05-04_regional-paper_tarsk-followup-story": (
        "Tarsk: a decade of fighting\n\nMay 4, 2024\n\n"
        "The Varn Front and the Ostel Guard have been fighting since 2019, the regional "
        "governor said. The attack near Tarsk on May 1, 2024 killed 31 people, he said.\n"),
}


@pytest.fixture
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_sources_are_named_by_key_and_title_not_by_file_id(
        articles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "articles", "--no-cache", "--jobs", "1"]) == 1
    out = capsys.readouterr().out
    messages = [line.split(": ", 1)[1] for line in out.splitlines()
                if line.startswith("articles/")]
    assert len(messages) >= 2
    assert messages
    for message in messages:
        body = message.split("  ", 1)[1]
        for source_id in ARTICLES:
            assert source_id not in body, body
    assert "S1 “Clashes resume near Tarsk”" in out
    assert "S2 “Tarsk: a decade of fighting”" in out


def test_report_names_sources_by_key_and_title(articles: Path) -> None:
    result = factcheck.check([articles])
    html = render_report(result, corpus="articles")
    labels = re.findall(r'<text[^>]*class="lbl">([^<]*)', html)
    assert labels and all(re.match(r"S\d ", label) for label in labels)
    headings = re.findall(r'<h3 id="entity-\d+-h">([^<]*)', html)
    assert headings
    for heading in headings:
        assert not any(source_id in heading for source_id in ARTICLES)


def test_date_chart_shows_years_as_years(articles: Path) -> None:
    result = factcheck.check([articles], select=["date-conflict"])
    assert [f.rule for f in result.findings] == ["date-conflict"]
    ticks = re.findall(r'class="tick">([^<]*)', render_report(result, corpus="articles"))
    assert "2014" in ticks and "2019" in ticks
    assert not any("," in tick for tick in ticks)


def test_a_finding_about_a_whole_source_is_headed_by_its_key_and_title(tmp_path: Path) -> None:
    text = ("Harbour works delayed\n\nJune 2, 2024\n\n"
            "The harbour works in Velm were delayed again, the port authority said on "
            "Monday, and the quay will reopen in autumn.\n")
    long_id = "2024-06-02_port-desk_velm-harbour-works-delayed"
    (tmp_path / f"{long_id}.txt").write_text(text + text.split("\n\n", 2)[2],
                                             encoding="utf-8")
    result = factcheck.check([tmp_path], select=["text-quality"])
    assert result.findings and result.findings[0].entity == long_id  # fingerprints keep ids
    html = render_report(result, corpus="x")
    assert "<h3 id=\"entity-1-h\">S1 “Harbour works delayed”</h3>" in html


def test_entity_and_attribute_are_not_repeated_in_messages() -> None:
    result = factcheck.check([SEEDS])
    assert len(result.findings) > 5
    for finding in result.findings:
        assert not finding.message.startswith(finding.entity), finding.message
        assert f"{finding.entity}: " not in finding.message, finding.message
        assert f"{finding.entity} {finding.attribute}" not in finding.message, finding.message


def test_no_machine_paths_in_messages() -> None:
    result = factcheck.check([SEEDS])
    root = str(Path(__file__).resolve().parent.parent)
    for finding in result.findings:
        assert root not in finding.message and "/work/" not in finding.message


def test_rule_descriptions_are_whole_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(load_builtin_rules())
    for line in lines:
        assert line.rstrip().endswith((".", ")")), line
    for rule in load_builtin_rules().values():
        doc_lines = rule.doc.split("Why it matters:")[0].split("What it finds:")[1]
        assert rule.summary == " ".join(doc_lines.split())


def test_names_are_short_and_cut_at_a_word() -> None:
    assert shorten("The Power of Rivers and the Politics of Their Banks", 32) == \
        "The Power of Rivers and the…"
    assert len(shorten("x" * 80, 32)) == 32
    from factcheck.model import Document

    assert source_name("S3", Document("id", "news/a.txt", "t", title=None)) == "S3 (a.txt)"
