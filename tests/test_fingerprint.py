from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from factcheck.fingerprint import (
    canonical_text,
    canonical_value,
    finding_fingerprint,
    fingerprint,
    normalised_values,
)
from factcheck.model import Evidence, Finding

FIRM_A = (
    "Quarterly results\n"
    "\n"
    "The retailer reported revenue of 4.2 billion dollars for the quarter.\n"
    "\n"
    "Shares rose 3 percent in early trading.\n"
)
FIRM_B = "Analysts noted the retailer's revenue of 4.5 billion dollars, up from last year.\n"


def ev(doc_id: str, text: str, needle: str, value: float | str | None) -> Evidence:
    start = text.index(needle)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    sentence = next(s for s in re.split(r"(?<=\.)\s+", text) if needle in s)
    return Evidence(source=doc_id, path=f"{doc_id}.md", line=line, column=column, start=start,
                    end=start + len(needle), text=needle, sentence=sentence, value=value)


def revenue(text_a: str = FIRM_A, text_b: str = FIRM_B, *, entity: str = "retailer",
            attribute: str = "revenue", rule: str = "numeric-conflict",
            value_a: float = 4.2, message: str = "4.2 and 4.5 billion cannot both hold",
            ) -> Finding:
    return Finding(rule=rule, severity="error", entity=entity, attribute=attribute,
                   message=message,
                   evidence=[ev("a", text_a, f"{value_a} billion", value_a),
                             ev("b", text_b, "4.5 billion", 4.5)])


BASE = fingerprint(revenue())


def test_shape() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", BASE)
    assert fingerprint(revenue()) == BASE  # deterministic


def test_stable_when_a_paragraph_moves() -> None:
    blocks = FIRM_A.split("\n\n")
    moved = "\n\n".join([blocks[0], blocks[2].rstrip("\n"), blocks[1]]) + "\n"
    moved_finding = revenue(text_a=moved)
    assert moved_finding.evidence[0].line != revenue().evidence[0].line
    assert fingerprint(moved_finding) == BASE


def test_stable_when_another_sentence_is_edited() -> None:
    edited = FIRM_A.replace("Shares rose 3 percent in early trading.",
                            "Shares fell sharply after the call, then recovered by noon.")
    assert fingerprint(revenue(text_a=edited)) == BASE
    # the evidence's own sentence may change around the figure too
    reworded = FIRM_A.replace("The retailer reported revenue of", "Revenue came in at")
    assert fingerprint(revenue(text_a=reworded)) == BASE


def test_stable_when_whitespace_is_reflowed() -> None:
    reflowed = FIRM_A.replace("reported revenue of 4.2", "reported\n  revenue of   4.2")
    finding = revenue(text_a=reflowed, entity="  Retailer\n")
    assert finding.evidence[0].start != revenue().evidence[0].start
    assert fingerprint(finding) == BASE


def test_stable_when_evidence_or_files_are_reordered() -> None:
    swapped = revenue()
    swapped.evidence.reverse()
    assert fingerprint(swapped) == BASE
    renamed_paths = revenue()
    for e in renamed_paths.evidence:
        e.path = "archive/" + e.path
    assert fingerprint(renamed_paths) == BASE


def test_stable_when_the_message_is_reworded() -> None:
    assert fingerprint(revenue(message="Revenue figures disagree")) == BASE


def test_changes_when_a_value_changes() -> None:
    text = FIRM_A.replace("4.2 billion", "4.3 billion")
    assert fingerprint(revenue(text_a=text, value_a=4.3)) != BASE


def test_changes_with_entity_attribute_rule_or_sources() -> None:
    assert fingerprint(revenue(entity="wholesaler")) != BASE
    assert fingerprint(revenue(attribute="profit")) != BASE
    assert fingerprint(revenue(rule="figure-update")) != BASE
    other_source = revenue()
    other_source.evidence[1].source = "c"
    assert fingerprint(other_source) != BASE


def test_rule_values_take_precedence_over_evidence_values() -> None:
    with_values = revenue()
    with_values.values = ["4.2", "4.5"]
    assert fingerprint(with_values) == BASE  # same values, written as strings
    with_values.values = ["4.2", "4.6"]
    assert fingerprint(with_values) != BASE


def test_canonical_forms() -> None:
    assert canonical_value(170) == canonical_value(170.0) == canonical_value(" 170 ") == "170"
    assert canonical_value(2.50) == "2.5"
    assert canonical_value("Hamburg  Port\nAuthority") == "hamburg port authority"
    assert canonical_value("2023-05-01") == "2023-05-01"
    assert canonical_value("NaN") == "nan"
    assert canonical_text("ＡＢＣ\u00a0Corp") == "abc corp"  # NFKC folds full-width and NBSP


def test_normalised_values_are_distinct_and_sorted() -> None:
    finding = revenue()
    finding.evidence.append(ev("c", "It made 4.5 billion.", "4.5 billion", 4.5))
    assert normalised_values(finding) == ["4.2", "4.5"]


def test_stored_fingerprint_is_used_when_present() -> None:
    finding = revenue()
    assert finding_fingerprint(finding) == BASE
    finding.fingerprint = "cafecafecafecafe"
    assert finding_fingerprint(finding) == "cafecafecafecafe"


@given(st.permutations(range(4)), st.lists(st.integers(0, 10_000), min_size=4, max_size=4))
def test_positions_and_order_never_matter(order: list[int], shifts: list[int]) -> None:
    base = Finding(rule="numeric-conflict", severity="error", entity="Harbour Bridge",
                   attribute="length", message="m",
                   evidence=[Evidence(source=s, path=f"{s}.txt", line=1, column=1, start=0,
                                      end=3, text="503", sentence="", value=v)
                             for s, v in (("w", 503.0), ("x", 503.0), ("y", 1149.0),
                                          ("z", "503"))])
    moved = Finding(rule=base.rule, severity="warning", entity=base.entity,
                    attribute=base.attribute, message="other words", evidence=[])
    for i, shift in zip(order, shifts, strict=True):
        e = base.evidence[i]
        moved.evidence.append(Evidence(source=e.source, path=e.path, line=1 + shift // 80,
                                       column=1 + shift % 80, start=shift, end=shift + 3,
                                       text=e.text, sentence="changed", value=e.value))
    assert fingerprint(moved) == fingerprint(base)
