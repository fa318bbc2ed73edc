"""Properties of the quantity extractor on arbitrary and figure-dense text (hypothesis)."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.quantities import QualifierTable, find_quantities
from factcheck.model import Quantity

# Tokens that reach every branch of the extractor (qualifiers, scales, units, number words,
# vague amounts, dates, times, codes), joined by assorted separators, so that generated texts
# hold many near-figures and not only noise.
TOKENS = [
    "at least", "more than", "over", "up to", "fewer than", "about", "some", "nearly", "or more",
    "or so", "-plus", "+", "~", "between", "from", "and", "to", "or", "-", "–", "of", "the",
    "a", "one", "One", "no one", "two", "twenty", "-five", "hundred", "a dozen", "half a",
    "a pair of", "dozens", "several", "hundreds of thousands", "scores of", "million", "bn",
    "m", "k", "$", "US$", "£", "€", "Rs", "%", "per cent", "km", "km/h", "miles", "°C", "mm",
    "people", "Afghans", "U.S.", "service members", "injured", "homes", "fled", "their",
    "in", "since", "2013", "2021", "1999", "2,000", "3,000", "1.5", "1.000.000", "0", "03",
    "13", "169", "26", "August", "May", "31st", "2nd", "10:30", "3 p.m.", "2021-08-27",
    "14/09/2021", "COVID-19", "B2B", "Boeing", "737", "+44 20 7946 0958", "[12]", "-5",
    "page", "No.", "rose", "won", "3-1", "2014-15", ".", ",", "\"", "’s", "(", ")", "\n",
]
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", ", ", ". ", "\u00a0", "-"])
figure_text = st.lists(st.tuples(st.sampled_from(TOKENS), SEPARATORS), max_size=40).map(
    lambda pairs: "".join(token + separator for token, separator in pairs))
any_text = st.one_of(st.text(max_size=300), figure_text)

NOUNS = ["people", "homes", "residents", "workers", "voters", "vehicles", "miners", "claims"]
QUALIFIERS = ("exact", "at-least", "more-than", "at-most", "less-than", "about", "nearly",
              "range", "vague")


def check_invariants(text: str, found: list[Quantity]) -> None:
    previous_end = 0
    for q in found:
        assert text[q.start:q.end] == q.text
        assert q.start >= previous_end  # sorted, never overlapping
        previous_end = q.end
        assert q.qualifier in QUALIFIERS
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        if q.unit is not None:
            assert q.unit_start is not None and q.unit_end is not None
            assert text[q.unit_start:q.unit_end] == q.unit
        else:
            assert q.unit_start is None and q.unit_end is None


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_never_raises_and_spans_are_exact(text: str) -> None:
    check_invariants(text, find_quantities(text))


@settings(max_examples=200, deadline=None)
@given(figure_text, figure_text)
def test_a_figure_does_not_depend_on_text_far_away(before: str, after: str) -> None:
    core = "Officials said at least 4,321 homes were lost."
    text = f"{before}\n\n{core}\n\n{after}"
    found = [q for q in find_quantities(text) if q.text == "at least 4,321 homes"]
    assert len(found) == 1
    assert (found[0].low, found[0].high) == (4321, None)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(NOUNS),
       st.sampled_from(["at least", "At least", "no fewer than", "a minimum of"]))
def test_at_least_n_contains_n(n: int, noun: str, phrase: str) -> None:
    text = f"The report said {phrase} {n:,} {noun} were affected."
    found = find_quantities(text)
    assert [(q.text, q.value, q.low, q.high, q.qualifier, q.unit) for q in found] == [
        (f"{phrase} {n:,} {noun}", n, n, None, "at-least", noun)]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7),
       st.sampled_from(NOUNS))
def test_between_ranges_are_ordered(a: int, b: int, noun: str) -> None:
    text = f"Between {a:,} and {b:,} {noun} were counted."
    found = find_quantities(text)
    if a == b:
        return
    assert len(found) == 1
    q = found[0]
    assert (q.qualifier, q.low, q.high, q.unit) == ("range", min(a, b), max(a, b), noun)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6),
       st.sampled_from([" to ", "-", "–", " – "]), st.sampled_from(NOUNS))
def test_increasing_ranges(a: int, step: int, joiner: str, noun: str) -> None:
    b = a + step
    text = f"Crews expect {a:,}{joiner}{b:,} {noun} to return."
    found = find_quantities(text)
    assert [(q.text, q.low, q.high, q.qualifier) for q in found] == [
        (f"{a:,}{joiner}{b:,} {noun}", a, b, "range")]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**7), st.sampled_from(NOUNS),
       st.sampled_from(["about", "around", "roughly", "nearly", "almost", "up to", "over",
                        "fewer than", "exactly"]))
def test_interval_contains_or_bounds_the_figure(n: int, noun: str, phrase: str) -> None:
    found = find_quantities(f"Officials counted {phrase} {n:,} {noun}.")
    assert len(found) == 1
    q = found[0]
    assert q.value == n
    low = float("-inf") if q.low is None else q.low
    high = float("inf") if q.high is None else q.high
    if q.qualifier in ("more-than", "less-than"):
        assert not low <= n <= high  # strict: the figure itself is excluded
    else:
        assert low <= n <= high


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0, max_value=0.9), st.integers(min_value=1, max_value=10**6))
def test_about_tolerance_comes_from_the_table(tolerance: float, n: int) -> None:
    table = QualifierTable.from_mapping({"before": {"about": ["about"]},
                                        "tolerance": {"about": tolerance}})
    found = find_quantities(f"They found about {n:,} boats.", table)
    assert len(found) == 1
    assert found[0].low == round(n * (1 - tolerance), 6)
    assert found[0].high == round(n * (1 + tolerance), 6)


@settings(max_examples=400, deadline=None)
@given(st.one_of(any_text, figure_text.map(lambda t: t.replace(" ", "(")),
                 st.text(alphabet="one tw(+)2٣_é-aA HALF half dozen", max_size=80)))
def test_digit_and_word_candidates_never_overlap(text: str) -> None:
    # They are merged by start, as one pattern holding both would find them.
    c = QualifierTable.builtin()._compiled
    spans = sorted(m.span() for pattern in (c.digit_candidates, c.word_candidates)
                   for m in pattern.finditer(text))
    assert all(end <= start for (_, end), (start, _) in pairwise(spans))
