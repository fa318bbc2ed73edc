"""Result's JSON written in pieces (``json_chunks``, ``json_list_chunks``): the same text
as ``json.dumps``."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.result import json_chunks, json_list_chunks

# JSON values as the result holds them: text with line breaks, quotes, non-ASCII and lone
# surrogates (undecodable file names), figures, nesting.
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), st.text())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
documents = st.dictionaries(st.text(max_size=10), st.tuples(st.booleans(), values), max_size=6)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_pieces_make_what_json_dumps_makes(spec: dict[str, tuple[bool, Any]]) -> None:
    # A list value is given as an iterator (written item by item) where the flag says so.
    data = {key: iter(value) if streamed and isinstance(value, list) else value
            for key, (streamed, value) in spec.items()}
    whole = {key: value for key, (_, value) in spec.items()}
    assert "".join(json_chunks(data)) == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


def test_an_empty_iterator_is_an_empty_list() -> None:
    text = "".join(json_chunks({"facts": iter([]), "findings": iter([{"a": [1, "x\ny"]}])}))
    assert text == json.dumps({"facts": [], "findings": [{"a": [1, "x\ny"]}]},
                              ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(values, max_size=5))
def test_a_list_in_pieces_is_what_json_dumps_makes(items: list[Any]) -> None:
    assert "".join(json_list_chunks(iter(items))) == json.dumps(
        items, ensure_ascii=False, indent=2) + "\n"
