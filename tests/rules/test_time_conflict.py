"""time-conflict: the fast pass finds exactly the times that miss a time of another source
(the plain definition: every pair of facts of two sources whose intervals share no minute)."""

from hypothesis import given
from hypothesis import strategies as st

from factcheck.model import Fact
from factcheck.rules.time_conflict import _clashing

bound = st.one_of(st.none(), st.integers(0, 1440))


def fact(i: int, source: str, low: int | None, high: int | None) -> Fact:
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Fact(id=str(i), source=source, kind="time", entity="e", attribute="time started",
                value="", low=low, high=high)


def apart(a: Fact, b: Fact) -> bool:
    return ((a.high is not None and b.low is not None and a.high < b.low)
            or (b.high is not None and a.low is not None and b.high < a.low))


@given(st.lists(st.tuples(st.sampled_from("abc"), bound, bound), min_size=1, max_size=12))
def test_clashing_is_every_pair_that_misses(rows: list[tuple[str, int | None, int | None]]
                                            ) -> None:
    facts = [fact(i, *row) for i, row in enumerate(rows)]
    intervals = {f.id: (f.low, f.high) for f in facts}
    expected = {a.id for a in facts for b in facts if a.source != b.source and apart(a, b)}
    assert {f.id for f in _clashing(facts, intervals)} == expected  # type: ignore[arg-type]
