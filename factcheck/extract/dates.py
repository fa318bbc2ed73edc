"""Date mentions: absolute dates, and relative ones resolved against the publication date.

    find_dates(text, published) -> list[DateMention]   (sorted by start, never overlapping)

How: one regular expression finds anchor tokens (digit runs, month and weekday names, "today",
"ago", "week"...); at each anchor a few short patterns are tried in order of length, matching
forwards from the anchor and looking back a bounded window for the preposition or modifier.
Every quantifier is bounded, so the whole scan is linear. Running the eleven date patterns over
the whole text instead cost about 0.5 s per MB; now all of it takes about 0.1 s per MB of news.

dateparser parses what needs the publication date (yearless days, lone months, "two days ago",
"last week"), on the candidate rewritten to a canonical string ("26 August", "two days ago"),
through a cache: about 0.7 ms per distinct call, so it is never run on whole texts, nor on dates
that are already complete ("26 April 2023": the regex split it; ``datetime.date`` validates it).

Spans (``DateMention.text``) are exact slices of ``text``. A plain preposition is not part of the
span ("in 2013" gives "2013", "on Thursday" gives "Thursday", "the 31st of August" gives
"31st of August"); words that change the meaning are ("last Tuesday", "early April", "mid-2019",
"two days ago"), and so is a leading weekday ("Tuesday, Aug. 31, 2021").

Resolution rules (``relative=True`` marks every value that used the publication date):
- Day and month without a year ("On 26 April", "August 28th", "the 31st of August") and a month
  alone ("in August"): the latest such date (month) that begins no later than publication + 7
  days. Articles often name a date a few days ahead ("before the August 31 deadline"), rarely
  one further ahead without its year.
- Except that a day and month (or a month alone, without "last", "next" or "this") take the
  year of the document's events when that rule gives a year the document never names: the
  years the document states with a month ("26 March 2024", "May 2017", not the head's own
  date line) and its publication year are the years of its events. Then, of the dates in the
  year before, of and after the nearest such dated mention (the one before it, else the one
  after), the one nearest that mention is taken. "Until 22 May" in a briefing on a March 2024
  event published in March 2024 is 2024-05-22 (not 2023); "on 25 May" in a 2026
  retrospective of 22 May 2015 is 2015-05-25; a date the rule above resolves into a year the
  document names is kept ("on 28 December" in an article of 5 January 2024 that says
  "December 2023"). A document without a publication date resolves its yearless days and
  months this way too, when it names a dated year.
- A weekday ("on Thursday", "Thursday's attack"): the most recent such day on or before the
  publication date; "last Tuesday": the most recent one strictly before it.
- "last August": the latest August before the publication month; "next August": the first
  after it; "this August": the one in the publication year.
- "yesterday", "last night", "today", "tonight", "N days ago": that day. "last month", "this
  month", "N months ago": that month. "last year", "this year", "N years ago": that year.
  "last week", "this week", "N weeks ago": a week is never a day; it is given at the finest
  precision that holds the whole window around it, +-6 days (the month, else the year, else
  nothing). N is a digit count up to 999 or a number word up to twelve ("a", "two").
- Otherwise, without a publication date, nothing that needs one is produced: never guessed.
  Publication dates outside 1800-2199 count as unknown.
- Skipped as undecidable: a weekday or a yearless date preceded in its clause by a future cue
  ("will", "scheduled", "upcoming"...), since it may lie after publication; "next/this
  Thursday"; "over the last year" (twelve months, not a calendar year).

Never dates: "may"/"march" in lower case; "May"/"March" without an adjacent day or year unless a
date preposition precedes and no verb or title-case word follows ("May Struggle", "This May Be");
"now"; numbers that count something ("in 2000 homes", "from 2,000 to 3,000 fighters", "rose by
2000"); times ("10:30"); "24/7"; decades ("the 1990s"); numeric slash dates (ambiguous order).
"""

from __future__ import annotations

import bisect
import datetime
import re
import sys
from functools import lru_cache
from typing import NamedTuple

from dateparser.date import DateDataParser

from factcheck.extract.patterns import trie
from factcheck.model import DateMention

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct",
                        "Nov", "Dec")
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_NUMBER.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
     "oct": 10, "nov": 11, "dec": 12}
)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NUMBER = {name.lower(): number for number, name in enumerate(_WEEKDAY_NAMES)}
_AMBIGUOUS_MONTHS = frozenset({3, 5})  # March, May: also verbs


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, the way it reads best in the source."""
    return frozenset(text.split())


# Counts that dateparser reads in "two days ago" (digits are taken as well).
_NUMBER_WORDS = _words("a an one two three four five six seven eight nine ten eleven twelve")


def _title_and_upper(words: tuple[str, ...]) -> list[str]:
    return sorted({form for word in words for form in (word.title(), word.upper())},
                  key=len, reverse=True)


# -- anchors --------------------------------------------------------------------------------------
_RELATIVE_WORDS = ("yesterday", "today", "tonight", "night", "week", "month", "year", "ago")
_ANCHOR_WORDS = [
    *_title_and_upper(_MONTH_NAMES + _MONTH_ABBREVIATIONS + _WEEKDAY_NAMES + _RELATIVE_WORDS),
    *_RELATIVE_WORDS,
]


def _first_letter_branches(words: list[str]) -> list[str]:
    """One branch per first letter, the rest of its words as a prefix tree: where the engine
    tries a match, it tests one branch per letter, not one per word (longest still first)."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    return [f"{re.escape(first)}(?:{trie(tails)})(?![A-Za-z])"
            for first, tails in sorted(rests.items())]


# Every branch starts with a literal, so the regex engine skips ahead on a character set instead
# of trying a match at every position.
_ANCHOR = re.compile(
    "|".join(_first_letter_branches(_ANCHOR_WORDS))
    + "|" + "|".join(f"{digit}[0-9]*" for digit in "0123456789")
)
_MONTH_WORDS = frozenset(word.lower() for word in _MONTH_NAMES + _MONTH_ABBREVIATIONS)
_FULL_MONTH_WORDS = frozenset(word.lower() for word in _MONTH_NAMES)
_WEEKDAY_WORDS = frozenset(_WEEKDAY_NUMBER)

# -- patterns matched forwards from an anchor ------------------------------------------------------
# Whitespace inside a date: a few spaces and at most one line break (hard-wrapped text), never a
# blank line. Bounded and possessive: no backtracking, a bounded length.
_SP = r"(?:[^\S\n]{1,4}+\n?+|\n)[^\S\n]{0,4}+"
_MONTH = (
    rf"(?P<month>{'|'.join(_title_and_upper(_MONTH_NAMES))}"
    rf"|(?:{'|'.join(_title_and_upper(_MONTH_ABBREVIATIONS))})\b\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?P<suffix>st|nd|rd|th)?(?![\w%:/]|[.,]\d)"
_YEAR_DIGITS = r"1[89]\d\d|20\d\d"
# A year is not followed by more digits, a unit, a time, or a second number ("2019-20").
_YEAR_END = r"(?![\w%/:]|[.,]\d|[-–]\d)"
_YEAR = rf"(?P<year>{_YEAR_DIGITS}){_YEAR_END}"

_ISO = re.compile(
    r"(?<![\w./-])(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d/]|-\d|[.:]\d)"
)
# "August 26, 2021", "Aug. 31, 2021", "August 28th", "Aug 31".
_MONTH_DAY = re.compile(rf"{_MONTH}{_SP}{_DAY}(?:,?{_SP}{_YEAR})?")
# "26 April 2023", "03 May, 2023", "26 April", "31st of August".
_DAY_MONTH = re.compile(
    rf"(?<![\w$€£¥#.,:/-])(?P<day>[0-3]?\d)(?P<suffix>st|nd|rd|th)?{_SP}(?P<of>of{_SP})?"
    rf"{_MONTH}(?!\w)(?:,?{_SP}{_YEAR})?"
)
# "January, 2015", "January of 2015", "May 2021", "Aug. 2021".
_MONTH_YEAR = re.compile(rf"{_MONTH}(?:,|{_SP}of)?{_SP}{_YEAR}")
_WEEKDAY_PREFIX = re.compile(rf"[A-Za-z]+,?{_SP}")
_YEAR_ALONE = re.compile(_YEAR)
# "from 2014 to 2016", "between 2014 and 2016", "in 2014 and 2015".
_YEAR_RANGE = re.compile(
    rf"(?P<first>{_YEAR_DIGITS})(?:{_SP})?(?:(?i:to|and|until|through|or){_SP}|[-–](?:{_SP})?)"
    rf"(?P<second>{_YEAR_DIGITS}){_YEAR_END}"
)
# "3 days ago", "2 weeks ago" (number words are found from the "ago" anchor).
_DIGITS_AGO = re.compile(rf"(?<![\w.,])\d{{1,3}}{_SP}(?i:day|week|month|year)s?{_SP}(?i:ago)\b")
# "in 2000 homes": the word after a number.
_WORD_AFTER = re.compile(r"[^\S\n]{0,2}(?:(?P<percent>%)|(?P<word>[A-Za-z]+))")
_NEXT_WORD = re.compile(r"[^\S\n]{1,3}(?P<word>[A-Za-z]+)")
# A following number that is not a year makes the first an amount: "from 2000 to 3000".
_NUMBER_SERIES = re.compile(
    rf"(?:{_SP})?(?:(?i:to|and|or|until|through)\b|[-–])(?:{_SP})?(?P<number>\d[\d,.]{{0,12}})"
)
_PLAUSIBLE_YEAR = re.compile(_YEAR_DIGITS)

# The word before an anchor (a preposition, a modifier, a count), with its separator; searched
# in a short window ending at the anchor. Keyword sets below decide what it means.
_PREVIOUS_WORD = re.compile(rf"(?<![\w,.])(?P<word>[A-Za-z0-9]{{1,12}})(?P<sep>-|{_SP})$")
_PREVIOUS_WINDOW = 24
_MONTH_PREPOSITIONS = _words(
    "in since until till by from of during before after through throughout last next this"
)
_YEAR_PREPOSITIONS = _words("in since by from until till through before after during of")
_RANGE_PREPOSITIONS = _words("from between in during since")
_ARTICLES = _words("a an the its their his her our")
_QUALIFIERS = _words("early mid late")
_WEEKDAY_MODIFIERS = _words("last past next this coming")
_TIME_UNITS = _words("day days week weeks month months year years")

# -- word lists for the guards ---------------------------------------------------------------------
# Words after a number that show it counts something rather than names a year or a day.
_COUNT_WORDS = _words(
    "people men women children police personnel staff militia cattle sheep fish feet foot ft km "
    "kg mm cm m mi lb lbs mph kph euro dollar yen yuan rupee pound pence percent per cent million "
    "billion thousand hundred more fewer of"
)
# Words after a four-digit number that make it a time of day ("by 1900 GMT").
_CLOCK_WORDS = _words("GMT UTC BST CET CEST EET EST EDT CST CDT PST PDT IST JST AEST hrs")
# Words ending in "s" that are no plural: "in 2013 was", "in 2013 as".
_NOT_PLURAL = _words(
    "was has is as its his this thus us plus less unless whereas always perhaps besides across "
    "towards afterwards news"
)
# Plural nouns that follow a year as its name: "the 2018 elections", "in 2013 floods".
_EVENT_PLURALS = _words(
    "elections polls games olympics midterms primaries floods riots protests attacks bombings "
    "talks accords finals championships negotiations hearings results figures statistics "
    "rankings awards earnings accounts sanctions wildfires fires earthquakes storms hurricanes "
    "killings uprisings"
)
# Words after May/March that show the verb: "may be", "May Struggle" (title case).
_VERB_AFTER_MODAL = _words(
    "be not have also well never still soon even yet just only already help need want seem "
    "take prove come go lead become face struggle continue cause result affect find get make "
    "mean increase rise fall reach see lose win try allow require include sound look feel hold "
    "change"
)
# A change verb before "by/from" makes the number an amount ("rose by 2000").
_CHANGE_VERBS = _words(
    "rose risen rise rises rising fell fall falls fallen falling increased increase increases "
    "increasing decreased decrease decreases decreasing dropped drop drops grew grow grows grown "
    "jumped climbed surged plunged declined decline up down cut reduced boosted"
)
# Only these make "of 2021" a date: "as of 2021", "the end of 2020", "the summer of 2019".
_OF_YEAR_HEADS = _words(
    "as end start beginning middle half quarter spring summer autumn fall winter course"
)
# "Black Friday", "every Monday": no single day.
_WEEKDAY_BLOCKERS = _words(
    "black good ash super bloody holy cyber easter palm maundy shrove giving every each"
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|won['’]t|shall|scheduled|planned|plans|expected|upcoming|due\s+(?:on|by|to\s+be))\b"
    r"|['’]ll\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.!?;\n][^.!?;\n]*$")
_FUTURE_WINDOW = 80
_UNANCHORED_LOOKAHEAD = datetime.timedelta(days=7)
_WEEK_HALF_WIDTH = datetime.timedelta(days=6)
_MIN_YEAR, _MAX_YEAR = 1800, 2199
_DATEPARSER_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


@lru_cache(maxsize=64)
def _parser(base: datetime.date) -> DateDataParser:
    settings: dict[str, object] = dict(_DATEPARSER_SETTINGS)
    settings["RELATIVE_BASE"] = datetime.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=8192)
def _parse(canonical: str, base: datetime.date) -> tuple[datetime.date, str] | None:
    """dateparser on one canonical candidate: (date, period), or None when it is no date."""
    try:
        data = _parser(base).get_date_data(canonical)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def find_dates(text: str, published: datetime.date | None) -> list[DateMention]:
    """Every date mention in ``text``, sorted by start, never overlapping."""
    if isinstance(published, datetime.datetime):
        published = published.date()
    if published is not None and not _MIN_YEAR <= published.year <= _MAX_YEAR:
        published = None
    scan = _Scan(text, published)
    mentions: list[DateMention] = []
    last_end = 0
    for anchor in _ANCHOR.finditer(text):
        start = anchor.start()
        if start < last_end:
            continue  # inside a date already found ("2021" in "August 26, 2021")
        word = anchor.group()
        if not word[0].isdigit() and start > 0 and text[start - 1].isalpha():
            continue  # the end of a longer word
        for mention in scan.at_anchor(start, word):
            if mention.start >= max(last_end, scan.invalid_end):
                mentions.append(mention)
                last_end = mention.end
        last_end = max(last_end, scan.invalid_end)
    if scan.yearless:
        mentions = _in_the_events_year(text, mentions, scan.yearless, published)
    return mentions


def _in_the_events_year(text: str, mentions: list[DateMention], yearless: list[_Yearless],
                        published: datetime.date | None) -> list[DateMention]:
    """Yearless days placed in the year of the document's events (see the module doc)."""
    head = (published.year, published.month, published.day) if published else None
    dated = [m for m in mentions if not m.relative and m.month is not None
             and (m.year, m.month, m.day) != head]  # the head's date line dates no event
    if not dated:
        return mentions
    years = {m.year for m in dated} | ({published.year} if published else set())
    starts = [m.start for m in dated]
    by_start = {m.start: i for i, m in enumerate(mentions)}
    added = []
    for candidate in yearless:
        if candidate.day is not None and not 1 <= candidate.day <= 31:
            continue  # "May 0": no day of any month
        i = by_start.get(candidate.start)
        current = mentions[i] if i is not None else None
        if current is None and published is not None:
            continue  # the scan read these words otherwise
        if current is not None and current.year in years:
            continue
        if current is None and any(m.start < candidate.end and candidate.start < m.end
                                   for m in mentions):
            continue
        nearest = _nearest_dated(dated, starts, candidate.start)
        anchor = datetime.date(nearest.year, nearest.month or 1, nearest.day or 15)
        options = []
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:  # a month alone is compared by its middle
                options.append(datetime.date(year, candidate.month, candidate.day or 15))
            except ValueError:
                continue  # 29 February
        if not options:
            continue
        best = min(options, key=lambda d: (abs((d - anchor).days), d))
        placed = DateMention(candidate.start, candidate.end, text[candidate.start:candidate.end],
                             best.year, best.month, candidate.day and best.day, relative=True)
        if i is not None:
            mentions[i] = placed
        else:
            added.append(placed)
    if added:
        mentions = sorted([*mentions, *added], key=lambda m: m.start)
    return mentions


def _nearest_dated(dated: list[DateMention], starts: list[int], pos: int) -> DateMention:
    """The dated mention before ``pos``, else the first after it."""
    i = bisect.bisect_left(starts, pos)
    return dated[i - 1] if i > 0 else dated[0]


class _Scan:
    """One text and its publication date. The ``_at_*`` methods try the patterns that can hold
    an anchor, longest first; each returns the mentions found there (none when the candidate is
    no date or cannot be resolved without guessing)."""

    def __init__(self, text: str, published: datetime.date | None) -> None:
        self.text = text
        self.published = published
        # End of the last impossible date ("31 June 2021"): no shorter reading ("June 2021") is
        # taken from inside it, the writer meant some other day.
        self.invalid_end = 0
        # Days and months without a year: placed again once the document's years are known.
        self.yearless: list[_Yearless] = []

    def previous(self, pos: int) -> _Word | None:
        """The word right before ``pos`` (lower case), if only spaces or a hyphen part them."""
        match = _PREVIOUS_WORD.search(self.text, max(0, pos - _PREVIOUS_WINDOW), pos)
        if match is None:
            return None
        return _Word(match.group("word").lower(), match.start(), match.group("sep") == "-")

    def previous_text(self, pos: int) -> str:
        word = self.previous(pos)
        return "" if word is None or word.hyphen else word.text

    def at_anchor(self, start: int, word: str) -> list[DateMention]:
        if word[0].isdigit():
            return self._at_number(start, word)
        key = word.lower()
        if key in _MONTH_WORDS:
            return self._at_month(start, word)
        if key in _WEEKDAY_WORDS:
            return self._at_weekday(start, word)
        return self._at_relative_word(start, word)

    # -- dispatch per anchor kind ----------------------------------------------------------

    def _at_number(self, start: int, digits: str) -> list[DateMention]:
        text = self.text
        if len(digits) == 4 and (match := _ISO.match(text, start)):
            return _listed(self._iso(match))
        if len(digits) <= 2 and (match := _DAY_MONTH.match(text, start)):
            found = self._day_and_month(match)
            if found is not None:
                return [found]
        if len(digits) <= 3 and (match := _DIGITS_AGO.match(text, start)):
            return _listed(self._relative(start, match.end()))
        if len(digits) == 4 and _PLAUSIBLE_YEAR.fullmatch(digits):
            return self._year(start)
        return []

    def _at_month(self, start: int, word: str) -> list[DateMention]:
        text = self.text
        if match := _MONTH_DAY.match(text, start):
            found = self._day_and_month(match)
            if found is not None:
                return [found]
        previous = self.previous(start)
        qualifier = previous if previous is not None and previous.text in _QUALIFIERS else None
        if (match := _MONTH_YEAR.match(text, start)) and not self.counts_something(match.end()):
            # "In May, 2000 people": no month-year, the month alone may still be a date.
            month = _month_number(match.group("month"))
            begin = qualifier.start if qualifier else start
            return [self.mention(begin, match.end(), int(match.group("year")), month)]
        key = word.lower()
        if key not in _FULL_MONTH_WORDS:
            return []  # an abbreviation alone ("Mar", "Dec") is no date
        month = _MONTH_NUMBER[key]
        end = start + len(word)
        if qualifier is not None:
            if self.month_word_is_not_date(month, end, ambiguous_only=True):
                return []
            return _listed(self.lone_month(qualifier.start, end, month, ""))
        if previous is None or previous.hyphen or previous.text not in _MONTH_PREPOSITIONS:
            return []
        if self.month_word_is_not_date(month, end, ambiguous_only=False):
            return []
        if previous.text in {"last", "next", "this"}:
            return _listed(self.lone_month(previous.start, end, month, previous.text))
        return _listed(self.lone_month(start, end, month, ""))

    def _at_weekday(self, start: int, word: str) -> list[DateMention]:
        text = self.text
        end = start + len(word)
        if prefix := _WEEKDAY_PREFIX.match(text, start):
            # "Tuesday, Aug. 31, 2021", "Tuesday 31 August": the weekday belongs to the date.
            for pattern in (_MONTH_DAY, _DAY_MONTH):
                match = pattern.match(text, prefix.end())
                found = self._day_and_month(match, start) if match else None
                if found is not None:
                    return [found]
        return _listed(self._weekday(start, end, word))

    def _at_relative_word(self, start: int, word: str) -> list[DateMention]:
        end = start + len(word)
        key = word.lower()
        if key in {"yesterday", "today", "tonight"}:
            if self.text.startswith(("'s", "’s"), end):
                return []  # "today's world" is no date
            if word[0].isupper() and self.previous_text(start):
                return []  # capitalised inside a sentence: a name ("USA Today")
            return _listed(self._relative(start, end))
        if key == "ago":
            unit = self.previous(start)
            if unit is None or unit.hyphen or unit.text not in _TIME_UNITS:
                return []
            count = self.previous(unit.start)
            if count is None or count.hyphen or not (
                count.text in _NUMBER_WORDS or (count.text.isdigit() and len(count.text) <= 3)
            ):
                return []
            return _listed(self._relative(count.start, end))
        deictic = self.previous(start)
        if deictic is None or deictic.hyphen or deictic.text not in {"last", "this"}:
            return []
        if key == "night":
            if deictic.text != "last":
                return []
        elif key != "week" and self.previous_text(deictic.start) == "the":
            return []  # "over the last year": the past twelve months, no calendar year
        return _listed(self._relative(deictic.start, end))

    # -- one method per kind of date ---------------------------------------------------------

    def _iso(self, match: re.Match[str]) -> DateMention | None:
        year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            return None
        return self.full_date(match.start(), match.end(), year, month, day)

    def _day_and_month(self, match: re.Match[str], start: int | None = None) -> DateMention | None:
        """Both orders: "August 26, 2021" and "26 April 2023" / "31st of August"."""
        if "of" in match.re.groupindex and match.group("of") and not match.group("suffix"):
            return None  # "3 of March" counts; "3rd of March" is a date
        month = _month_number(match.group("month"))
        day = int(match.group("day"))
        begin = match.start() if start is None else start
        if match.group("year") and not self.counts_something(match.end("year")):
            complete = self.full_date(begin, match.end(), int(match.group("year")), month, day)
            if complete is None:
                self.invalid_end = match.end()
            return complete
        # No year, or one that counts something ("On August 26, 2000 people ..."): cut it off.
        end = max(match.end("day"), match.end("suffix"), match.end("month"))
        if not match.group("suffix") and match.end("day") == end and self.counts_something(end):
            return None  # "in August 26 people died"
        if month in _AMBIGUOUS_MONTHS and match.end("month") == end and (
            self.month_word_is_not_date(month, end, ambiguous_only=True)
        ):
            return None  # "Children Under 3 May Struggle"
        return self.yearless_day(begin, end, day, month)

    def _year(self, start: int) -> list[DateMention]:
        text = self.text
        previous = self.previous(start)
        preposition = "" if previous is None or previous.hyphen else previous.text
        if preposition in _RANGE_PREPOSITIONS and (pair := _YEAR_RANGE.match(text, start)):
            first, second = int(pair.group("first")), int(pair.group("second"))
            if second < first or self.counts_something(pair.end("second")):
                return []  # "from 2015 to 2012", "between 2000 and 2010 troops": amounts
            return [self.mention(start, pair.end("first"), first),
                    self.mention(pair.start("second"), pair.end("second"), second)]
        match = _YEAR_ALONE.match(text, start)
        if match is None:
            return []
        end = match.end()
        year = int(match.group("year"))
        if self.counts_something(end) or self.amount_series_after(end):
            return []
        if previous is not None and previous.text in _QUALIFIERS:
            return [self.mention(previous.start, end, year)]  # "mid-2019", "late 2020"
        if preposition in _YEAR_PREPOSITIONS:
            head = self.previous_text(previous.start) if previous else ""
            if preposition in {"by", "from"} and head in _CHANGE_VERBS:
                return []  # "rose by 2000"
            if preposition == "of" and head not in _OF_YEAR_HEADS:
                return []  # "a total of 2000"
            if preposition == "in" and (head == "one" or head.isdigit()):
                return []  # "one in 2000"
            return [self.mention(start, end, year)]
        if preposition in _ARTICLES and _NEXT_WORD.match(text, end):
            return [self.mention(start, end, year)]  # "a 2018 report", "the 2020 Olympics"
        return []

    def _weekday(self, start: int, end: int, word: str) -> DateMention | None:
        published = self.published
        if published is None:
            return None
        previous = self.previous_text(start)
        modifier = previous if previous in _WEEKDAY_MODIFIERS else ""
        if modifier in {"next", "this", "coming"}:
            return None  # may lie after publication
        if previous in _WEEKDAY_BLOCKERS:
            return None
        if self.text.startswith(("-", "–", "/"), end) or (
            start > 0 and self.text[start - 1] in "-–/"
        ):
            return None  # "Monday-Friday": a span of weekdays, no day
        possessive = self.text.startswith(("'s", "’s"), end)
        following = self.word_after(end)
        if not possessive and following is not None and following[0].isupper():
            return None  # "Sunday Times", "Tuesday Morning"
        if not modifier and self.future_cue_before(start):
            return None
        delta = (published.weekday() - _WEEKDAY_NUMBER[word.lower()]) % 7
        if modifier and delta == 0:
            delta = 7  # "last Friday" on a Friday is a week ago
        found = published - datetime.timedelta(days=delta)
        modifier_word = self.previous(start) if modifier else None
        begin = modifier_word.start if modifier_word else start
        return self.mention(begin, end, found.year, found.month, found.day, relative=True)

    def _relative(self, start: int, end: int) -> DateMention | None:
        published = self.published
        if published is None:
            return None
        canonical = " ".join(self.text[start:end].lower().split())
        parsed = _parse(canonical, published)
        if parsed is None:
            return None
        found, period = parsed
        if period == "week":
            window = _finest_holding(
                found - _WEEK_HALF_WIDTH, min(found + _WEEK_HALF_WIDTH, published)
            )
            if window is None:
                return None
            year, month, day = window
            return self.mention(start, end, year, month, day, relative=True)
        if period == "year":
            return self.mention(start, end, found.year, relative=True)
        if period == "month":
            return self.mention(start, end, found.year, found.month, relative=True)
        return self.mention(start, end, found.year, found.month, found.day, relative=True)

    # -- resolution ----------------------------------------------------------------------------

    def mention(
        self, start: int, end: int, year: int, month: int | None = None,
        day: int | None = None, *, relative: bool = False,
    ) -> DateMention:
        # "Monday", "last week": few spellings recur in every text, each kept once.
        return DateMention(start=start, end=end, text=sys.intern(self.text[start:end]), year=year,
                           month=month, day=day, relative=relative)

    def full_date(
        self, start: int, end: int, year: int, month: int, day: int
    ) -> DateMention | None:
        try:
            datetime.date(year, month, day)
        except ValueError:
            return None  # "31 June 2021"
        return self.mention(start, end, year, month, day)

    def yearless_day(self, start: int, end: int, day: int, month: int) -> DateMention | None:
        if self.future_cue_before(start):
            return None
        self.yearless.append(_Yearless(start, end, day, month))
        if self.published is None:
            return None
        base = self.published + _UNANCHORED_LOOKAHEAD
        parsed = _parse(f"{day} {_MONTH_NAMES[month - 1]}", base)
        if parsed is None:
            return None  # "31 June"
        found, _ = parsed
        return self.mention(start, end, found.year, found.month, found.day, relative=True)

    def lone_month(self, start: int, end: int, month: int, modifier: str) -> DateMention | None:
        """A month without day or year, placed by its modifier and the publication date."""
        published = self.published
        if not modifier and not self.future_cue_before(start):
            self.yearless.append(_Yearless(start, end, None, month))
        if published is None:
            return None
        if modifier == "last":
            year = published.year if month < published.month else published.year - 1
        elif modifier == "next":
            year = published.year if month > published.month else published.year + 1
        elif modifier == "this":
            year = published.year
        else:
            if self.future_cue_before(start):
                return None
            parsed = _parse(_MONTH_NAMES[month - 1], published + _UNANCHORED_LOOKAHEAD)
            if parsed is None:
                return None
            year = parsed[0].year
        return self.mention(start, end, year, month, relative=True)

    # -- context tests -------------------------------------------------------------------------

    def word_after(self, pos: int) -> str | None:
        match = _NEXT_WORD.match(self.text, pos)
        return match.group("word") if match else None

    def counts_something(self, pos: int) -> bool:
        """True when the number ending at ``pos`` counts something ("2000 homes", "26 %")."""
        match = _WORD_AFTER.match(self.text, pos)
        if match is None:
            return False
        if match.group("percent"):
            return True
        word = match.group("word")
        if word in _CLOCK_WORDS:
            return True  # "by 1900 GMT": a time of day
        if not word.islower():
            return False  # "in 2015 Kenyans voted", "the 2020 Olympics"
        if word in _COUNT_WORDS:
            return True
        return word.endswith("s") and word not in _NOT_PLURAL and word not in _EVENT_PLURALS

    def amount_series_after(self, pos: int) -> bool:
        """"from 2000 to 3000": the next number is no year, or counts something."""
        match = _NUMBER_SERIES.match(self.text, pos)
        if match is None:
            return False
        if not _PLAUSIBLE_YEAR.fullmatch(match.group("number")):
            return True
        return self.counts_something(match.end())

    def month_word_is_not_date(self, month: int, end: int, *, ambiguous_only: bool) -> bool:
        """A month name alone that reads as a verb ("May Struggle") or a name ("June Carter")."""
        if ambiguous_only and month not in _AMBIGUOUS_MONTHS:
            return False
        following = self.word_after(end)
        if following is None:
            return False
        return following[0].isupper() or (
            month in _AMBIGUOUS_MONTHS and following.lower() in _VERB_AFTER_MODAL
        )

    def future_cue_before(self, start: int) -> bool:
        window = self.text[max(0, start - _FUTURE_WINDOW):start]
        clause_end = _CLAUSE_END.search(window)
        if clause_end is not None:
            window = window[clause_end.start() + 1:]
        return _FUTURE_CUE.search(window) is not None


class _Yearless(NamedTuple):
    start: int
    end: int
    day: int | None  # None: a month alone ("in April")
    month: int


class _Word(NamedTuple):
    text: str  # lower case
    start: int
    hyphen: bool  # joined to the anchor by a hyphen ("mid-2019"), not by spaces


def _listed(mention: DateMention | None) -> list[DateMention]:
    return [] if mention is None else [mention]


def _month_number(name: str) -> int:
    return _MONTH_NUMBER[name.rstrip(".").lower()]


def _finest_holding(
    low: datetime.date, high: datetime.date
) -> tuple[int, int | None, int | None] | None:
    """Finest (year, month, day) that holds the whole window [low, high], or None."""
    if low == high:
        return low.year, low.month, low.day
    if (low.year, low.month) == (high.year, high.month):
        return low.year, low.month, None
    if low.year == high.year:
        return low.year, None, None
    return None
