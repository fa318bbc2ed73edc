from __future__ import annotations

import json

import pytest

from factcheck.output import FORMATS, render
from factcheck.output.text import render_text

from .builders import quake_result


def test_formats() -> None:
    assert FORMATS == ("text", "json", "sarif", "junit", "github")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_with_and_without_baseline(fmt: str) -> None:
    res, f = quake_result()
    plain = render(fmt, res, include_facts=True, rule_docs={"numeric-conflict": "doc"})
    gated = render(fmt, res, new={f["deaths"].fingerprint}, resolved=[])
    assert plain.endswith("\n") and gated.endswith("\n")
    assert plain != gated


def test_dispatch_and_options_reach_their_format() -> None:
    res, _ = quake_result(facts=2)
    assert render("text", res) == render_text(res)
    assert len(json.loads(render("json", res, include_facts=True))["facts"]) == 2
    rules = json.loads(render("sarif", res, rule_docs={"date-conflict": "What it finds: x"}))[
        "runs"][0]["tool"]["driver"]["rules"]
    assert "date-conflict" in [r["id"] for r in rules]


def test_unknown_format() -> None:
    res, _ = quake_result()
    with pytest.raises(ValueError, match="unknown output format 'yaml'"):
        render("yaml", res)
