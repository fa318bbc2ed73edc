"""Times of day: "at 22:35 BST", "around 11:32 a.m.", "1.41pm", "shortly after noon".

Each becomes an interval of minutes after midnight: exact times are a point, "about" widens them
by the rules' tolerance, "shortly after" and "just before" open a short window on one side. A
stated time zone is kept, so times in different zones are compared on UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HOUR_MINUTE = r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)"
_MERIDIEM = r"(?P<meridiem>[ap])\.?\s?m\b\.?"
_TIME_RE = re.compile(
    r"(?<![\w.:,])(?:"
    rf"{_HOUR_MINUTE}(?:\s?{_MERIDIEM})?"  # 22:35, 11:32 a.m., 1.41pm
    r"|(?P<bare_hour>1[0-2]|[1-9])\s?(?P<bare_meridiem>[ap])\.?\s?m\b\.?"  # 8 a.m., 3pm
    r"|(?P<named>noon|midday|midnight)"
    r")(?:\s*\(?(?P<zone>[A-Z]{2,4})\b\)?)?",
    re.I,
)
_WINDOW_BEFORE = re.compile(
    r"\b(?P<cue>about|around|approximately|roughly|some time around|circa|shortly after|"
    r"just after|soon after|a little after|shortly before|just before|a little before|after|"
    r"before|by)\s+(?:at\s+)?$", re.I)
_HOUR_SLACK = 30  # minutes either side of a time given as a whole hour
_RESTATED = re.compile(r"\(\s?$")
_RESTATED_REACH = 20  # characters from a time to the bracket that restates it
_NAMED = {"noon": 12 * 60, "midday": 12 * 60, "midnight": 0}


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int  # of the time itself, without its hedge
    end: int
    text: str
    minutes: int  # after midnight, local to ``zone``
    zone: str | None  # "BST", "GMT" as written (upper case), None when not stated
    low: int | None  # the interval in minutes the hedge allows (None: open)
    high: int | None
    qualifier: str  # exact | about | after | before


def _minutes(m: re.Match[str]) -> int | None:
    if m.group("named"):
        return _NAMED[m.group("named").lower()]
    if m.group("bare_hour"):
        hour, minute, meridiem = int(m.group("bare_hour")), 0, m.group("bare_meridiem")
    else:
        hour, minute, meridiem = int(m.group("hour")), int(m.group("minute")), m.group("meridiem")
        # "1.30" with no a.m./p.m. and no colon is as likely a decimal figure as a time
        if meridiem is None and ":" not in m.group(0) and not m.group("zone"):
            return None
    if meridiem:
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    return hour * 60 + minute


def find_times(text: str, zones: dict[str, int], tolerance: int = 10,
               window: int = 20) -> list[TimeMention]:
    """Times of day in ``text``. ``zones``: known time zone abbreviations (lower case) and
    their offsets from UTC in minutes; another capitalised word after a time is no zone.
    ``tolerance``: minutes either side of an "about" time; ``window``: minutes of "shortly
    after" or "just before"."""
    out: list[TimeMention] = []
    for m in _TIME_RE.finditer(text):
        minutes = _minutes(m)
        if minutes is None:
            continue
        zone = m.group("zone")
        end = m.end()
        if zone and zone.lower() not in zones:  # "10:30 Tuesday": no zone
            zone, end = None, len(text[:m.start("zone")].rstrip(" ("))
        low: int | None = minutes
        high: int | None = minutes
        qualifier = "exact"
        hedge = _WINDOW_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if hedge:
            cue = hedge.group("cue").lower()
            if cue.endswith("after"):
                qualifier, high = "after", (None if cue == "after" else minutes + window)
            elif cue.endswith("before") or cue == "by":
                qualifier, low = "before", (None if cue in ("before", "by") else minutes - window)
            else:
                qualifier, low, high = "about", minutes - tolerance, minutes + tolerance
        if m.group("bare_hour"):  # "11 a.m." names an hour, not a minute of it
            low = None if low is None else min(low, minutes - _HOUR_SLACK)
            high = None if high is None else max(high, minutes + _HOUR_SLACK)
        if _RESTATED.search(text, max(0, m.start() - 2), m.start()) and out \
                and m.start() - out[-1].end <= _RESTATED_REACH:
            continue  # "10 am local time (2 pm UK time)": the same moment restated
        out.append(TimeMention(m.start(), end, text[m.start():end], minutes,
                               zone.upper() if zone else None, low, high, qualifier))
    return out


def to_utc(minutes: int | None, zone: str | None, zones: dict[str, int]) -> int | None:
    """Minutes after midnight UTC (may fall outside 0–1440: no day is assumed)."""
    if minutes is None or zone is None:
        return minutes
    return minutes - zones[zone.lower()]
