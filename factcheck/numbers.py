"""Intervals of figures: formatting and overlap, shared by rules, outputs and the report."""

from __future__ import annotations

import math

# The unit each dimension of measure is compared in: a figure in feet or hours is read as metres
# or seconds.
BASE_UNITS = {"length": "m", "area": "m²", "duration": "s"}


def is_measure(unit: str | None) -> bool:
    """Whether a figure in ``unit`` is a measure: its interval covers what rounds to it (in the
    base unit), so it is shown as written ("7,600 square miles", "48%")."""
    return unit in _MEASURE_UNITS


_MEASURE_UNITS = frozenset([*BASE_UNITS.values(), "%"])


def fmt_number(x: float) -> str:
    if not math.isfinite(x):  # a sum that overflowed: say so rather than crash
        return "NaN" if math.isnan(x) else "∞" if x > 0 else "-∞"
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def format_interval(low: float | None, high: float | None, value: float | str | None = None,
                    qualifier: str | None = None) -> str:
    """'64', '≥ 60', '≤ 50', '2,000–3,000', 'about 70 (63–77)'."""
    if low is not None and high is not None and low == high:
        return fmt_number(low)
    if low is not None and high is None:
        return f"≥ {fmt_number(low)}"
    if low is None and high is not None:
        return f"≤ {fmt_number(high)}"
    if low is None and high is None:
        stated = " ".join(str(value).split()) if value is not None else ""
        return stated or "?"  # one line, never empty
    assert low is not None and high is not None
    span = f"{fmt_number(low)}–{fmt_number(high)}"
    if qualifier in ("about", "nearly") and isinstance(value, int | float):
        return f"{qualifier} {fmt_number(value)} ({span})"
    return span


def overlaps(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    """Whether two closed intervals (None = open end) share a point."""
    a_low, a_high = a
    b_low, b_high = b
    if a_low is not None and b_high is not None and a_low > b_high:
        return False
    return not (b_low is not None and a_high is not None and b_low > a_high)


def intersect(intervals: list[tuple[float | None, float | None]]
              ) -> tuple[float | None, float | None] | None:
    """The common part of all intervals, or None when they cannot all hold."""
    lows = [lo for lo, _ in intervals if lo is not None]
    highs = [hi for _, hi in intervals if hi is not None]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    if low is not None and high is not None and low > high:
        return None
    return low, high
