"""weekday-mismatch

What it finds: a date written with its weekday where the weekday is not that date's: "Monday,
22 May 2016" (22 May 2016 was a Sunday).
Why it matters: the weekday or the date is wrong, and a reader cannot tell which; often the day
was copied from another account, or the year is off.
Example (flagged): "on Friday, 3 October 2019"; "on Monday, 8 November" in an article
published on 10 November 2022.
Example (not flagged): "on Thursday, 3 October 2019"; "Tuesday's vote on 3 March 2020" (the
weekday is no part of the date).
How it decides: a date mention that opens with a weekday name ("Tuesday, Aug. 31, 2021",
"Tuesday 31 August") and names its day; the date's own weekday is computed from the calendar.
A date written without its year takes the year the extractor gave it (the document's events or
its publication date); the finding then says the year was inferred. Beside the wrong one, the
finding cites up to two mentions of the same day written with its right weekday (the same
document's first).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from factcheck.graph import Texts
from factcheck.model import DateMention, Evidence, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule

MAX_CITED = 2  # mentions of the same day with its right weekday cited beside a wrong one
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_mismatch(mention: DateMention) -> tuple[str, str] | None:
    """(weekday written, the date's weekday) when the mention opens with a weekday that is not
    its date's; None otherwise (no weekday, no day, or they agree)."""
    if mention.day is None or mention.month is None:
        return None
    head = mention.text.split(None, 1)[0].rstrip(",").lower()
    if head not in WEEKDAYS:
        return None
    written = WEEKDAYS.index(head)
    try:
        actual = datetime.date(mention.year, mention.month, mention.day).weekday()
    except ValueError:
        return None
    if actual == written:
        return None
    return WEEKDAYS[written].title(), WEEKDAYS[actual].title()


def mismatch_reason(mention: DateMention) -> str | None:
    """'22 May 2017 was a Monday, not a Sunday' (with '(year inferred)' for a date written
    without its year), or None."""
    mismatch = weekday_mismatch(mention)
    if mismatch is None:
        return None
    written, actual = mismatch
    day = datetime.date(mention.year, mention.month or 1, mention.day or 1)
    inferred = " (year inferred)" if mention.relative else ""
    return (f"{day.day} {day:%B} {day.year}{inferred} was a {actual}, not a {written}")


@rule("weekday-mismatch", severity="warning", scope="texts")
def weekday_mismatch_rule(texts: Texts, data: RuleData) -> Iterator[Finding]:
    # Dates written with their right weekday, by day: cited beside a wrong one.
    right: dict[str, list[tuple[str, DateMention]]] = {}
    wrong: list[tuple[str, DateMention, str]] = []
    for source in sorted(texts.documents):
        extraction = texts.extractions.get(source)
        for mention in extraction.dates if extraction is not None else []:
            reason = mismatch_reason(mention)
            if reason is not None:
                wrong.append((source, mention, reason))
            elif mention.day is not None and mention.text.split(None, 1)[0].rstrip(
                    ",").lower() in WEEKDAYS:
                right.setdefault(mention.iso(), []).append((source, mention))
    for source, mention, reason in wrong:
        written, actual = weekday_mismatch(mention) or ("", "")
        # The same document's own right weekday first, then other sources'.
        cited = sorted(right.get(mention.iso(), []), key=lambda r: (r[0] != source, r[0]))
        evidence = [_evidence(texts, s, m) for s, m in [(source, mention), *cited[:MAX_CITED]]]
        also = ""
        if cited:
            s, m = cited[0]
            where = "elsewhere" if s == source else f"in {s}"
            also = f"; “{m.text}” {where}"
        yield Finding(rule="weekday-mismatch", severity="warning", entity=mention.iso(),
                      attribute="weekday", message=f"“{mention.text}”: {reason}{also}",
                      evidence=evidence, values=[written, actual])


def _evidence(texts: Texts, source: str, mention: DateMention) -> Evidence:
    doc = texts.documents[source]
    extraction = texts.extractions[source]
    line, column = doc.position(mention.start)
    sentence = next((s.text for s in extraction.sentences
                     if s.start <= mention.start < s.end), mention.text)
    return Evidence(source=doc.id, path=doc.path, line=line, column=column,
                    start=mention.start, end=mention.end, text=mention.text,
                    sentence=sentence, value=mention.iso())
