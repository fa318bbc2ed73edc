from __future__ import annotations

import json

from factcheck.output.jsonfmt import json_output, render_json
from factcheck.textsafe import escape_in_json

from .builders import quake_result


def test_without_baseline_it_is_the_result_json() -> None:
    res, _ = quake_result()
    out = render_json(res)
    assert json.loads(out) == json.loads(res.to_json())
    assert "new" not in json.loads(out) and "resolved" not in json.loads(out)
    assert out.endswith("}\n")


def test_include_facts_passes_through() -> None:
    res, _ = quake_result(facts=3)
    assert len(json.loads(render_json(res, include_facts=True))["facts"]) == 3
    assert "facts" not in json.loads(render_json(res))


def test_baseline_adds_new_and_resolved_only() -> None:
    res, f = quake_result()
    entry = {"fingerprint": "1234567890abcdef", "rule": "numeric-conflict", "entity": "dam",
             "attribute": "height", "values": ["12", "14"], "sources": ["x", "y"], "note": "ok"}
    data = json.loads(render_json(res, new={f["turnout"].fingerprint, f["deaths"].fingerprint},
                                  resolved=[entry]))
    plain = json.loads(res.to_json())
    assert set(data) - set(plain) == {"new", "resolved"}
    assert {k: v for k, v in data.items() if k not in ("new", "resolved")} == plain
    # in the order findings appear in the document
    assert data["new"] == [f["deaths"].fingerprint, f["turnout"].fingerprint]
    assert data["resolved"] == [entry]


def test_non_ascii_is_kept() -> None:
    res, f = quake_result()
    f["deaths"].entity = "Séisme de Kōbe"
    assert "Séisme de Kōbe" in render_json(res)


def test_written_in_pieces_it_is_the_text_json_dumps_makes() -> None:
    res, f = quake_result(facts=3)
    f["deaths"].entity = "Séisme de Kōbe \udcff"  # a lone surrogate: escaped, as before
    entry = {"fingerprint": "1234567890abcdef", "rule": "numeric-conflict", "entity": "dam",
             "attribute": "height", "values": ["12", "14"], "sources": ["x", "y"], "note": ""}
    for options in ({}, {"include_facts": True},
                    {"new": {f["turnout"].fingerprint}, "resolved": [entry]}):
        data = res.to_dict(include_facts=bool(options.get("include_facts")))
        if "new" in options:
            data["new"] = [f["turnout"].fingerprint]
            data["resolved"] = [entry]
        expected = escape_in_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
        assert "".join(json_output(res, **options)) == expected  # type: ignore[arg-type]
        assert render_json(res, **options) == expected  # type: ignore[arg-type]
    assert "\\udcff" in expected
