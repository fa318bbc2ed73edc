"""Turn one document's mentions into Facts: the named pipeline of extractors, then assembly.

Assembly decides what each figure counts (attribute lexicon), for whom (subject), about what
(the event or named entity it belongs to) and how firmly (modality) — all from ``rules/`` data.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from factcheck.extract import Extraction
from factcheck.extract.dates import find_dates
from factcheck.extract.entities import STOP_WORDS, find_entities, name_key
from factcheck.extract.patterns import PhraseFinder, trie
from factcheck.extract.quantities import find_quantities
from factcheck.extract.quotes import as_spoken, find_quotes
from factcheck.extract.sentences import split_sentences
from factcheck.extract.times import TimeMention, find_times
from factcheck.model import DateMention, Document, EntityMention, Fact, Quantity, Sentence
from factcheck.numbers import BASE_UNITS
from factcheck.ruledata import RuleData

# Counted nouns that measure time, money or physical size never count people.
_NON_PERSON_UNITS = frozenset({
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "min", "second", "seconds", "percent", "cent", "%", "km",
    "kilometres", "kilometers", "miles", "metres", "meters", "kg", "tonnes", "tons", "dollars",
    "euros", "pounds", "times", "points", "provinces", "countries", "districts", "cities",
    "towns", "villages", "sites", "attacks", "incidents", "confrontations", "clashes", "cases",
})
_CLAUSE_BREAK = re.compile(r"[;:—–]|\b(?:but|while|whereas)\b")
_PART_CUES = re.compile(r"\b(?:including|included|among them|among whom|of whom|of them)\b",
                        re.I)
# "two of the dead": a part of the attribute's whole when the noun is its cue ("85 of the
# victims have been identified" are all the identified).
_PART_AFTER = re.compile(r"\s+of\s+the\s+([\w'’-]+)", re.I)
_ATTRIBUTION = re.compile(r"\baccording to (?:the )?((?:[A-Z][\w.&'-]*\s?)+)")
_RELATION_SINCE = re.compile(r"\bsince\b", re.I)
_FOUNDING = re.compile(
    r"(?:\b(?:was|were|is|has been|had been)\s+|,\s*|^)(?:first\s+|officially\s+)?"
    r"(founded|established|formed|set up|created)\s+(?:in|on)\b", re.I)
_FOUNDING_NOUN = re.compile(r"\b(?:its|their)\s+(formation|founding|creation|establishment|"
                            r"inception|launch)\b", re.I)
_RECORDS_BEGAN = re.compile(r"\brecords?\s+(?:began|begun|started|start)\b", re.I)
_FIGHTING_VERBS = re.compile(r"\b(?:fighting|fought|at war|clashing|clashed|battling|"
                             r"battled|in conflict)\b", re.I)
_PRONOUN_WORD = re.compile(r"\b(?:it|they|he|she)\s*$", re.I)
_PRONOUN_LAST = frozenset("tTyYeE")  # last letters of the pronouns, in both cases
# The context of facts that have none: shared, so read-only (as name facts share theirs).
_NO_CONTEXT: dict[str, object] = {}
_VERB_BEFORE = re.compile(r"\b(?:to|will|would|could|can|may|might|must|shall)\s+$", re.I)
# "the attack", "Thursday's attack", "this week's floods": refers back to an event named before.
_ANAPHOR = "anaphor"  # the event type in events.yaml whose words refer back to any event
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those|[’']s)\s+(?:[\w-]+\s+){0,2}$",
                              re.I)
_AGE_BEFORE = re.compile(r"\b[A-Z][\w'’-]+,\s*$")  # "Maria Lopez, 41," is an age
_PERSON_ENDINGS = ("ers", "ors", "ists", "ians", "ans", "ees", "men", "women", "people",
                   "folk", "ites", "ics", "ers'")
_AUXILIARIES = re.compile(r"\s*(?:(?:were|was|are|is|have|has|had|been|being|reportedly|"
                          r"also|later|all|now|remain|remained|remains|still|are still)\s+)*")
_OTHER_CLAUSE_PENALTY = 50  # characters a cue in the clause before counts as further away
_CLAUSE_VERB_AFTER = re.compile(r"\s+(?:are|were|is|was|have|has|had|remain|remained)\b")
_COUNTED_REACH = 12  # characters between a counted noun's figure and its attribute's cue
_WORD_BEFORE_FIGURE = re.compile(r"([A-Za-z]+)\s+(?:of\s+)?$")
_UNIT_SPLIT = re.compile(r"[-\s]")  # "metre-long", "hours of": the unit's first word
_ROUNDING = 0.499  # either side of a figure stated to its last digit: 21 and 22 never meet
_OF_GAP = re.compile(r"\s+of\s+")
_FIGURE = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_GROUP_AFTER = re.compile(r"\s+(?:were|are|was|is)\s+(?:all\s+)?([a-z]+(?: nationals)?)\b")
_VERBS_AFTER_FIGURES = frozenset({"remain", "remained", "remains", "were", "are", "was", "is",
                                  "have", "had", "has", "still", "died", "survived"})
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_NEXT_CLAUSE = re.compile(r"\b(?:and|while|before|after|then)\b")
_CLAUSE_JOIN = re.compile(r",\s+(?:and|but|while)\b|;")  # a clause of its own follows
_OPENING_TIME = 12  # characters before a time that opens its sentence ("At 1.30 am on …")
_TIMELINE_COLON = re.compile(r"\s*[:–—]\s")
_WORD = re.compile(r"[^\W\d_]+")
_PERCENT_UNITS = frozenset({"%", "per cent", "percent", "pc"})
_NAME = r"([A-Z][\w'’.-]*(?:\s+(?:da|de|do|dos|van|von|al|el)?\s*[A-Z][\w'’.-]*){0,3})"
# "Lula had 50.8%", "X secured", "X's 49.1%": the holder right before a share.
_HOLDER_BEFORE = re.compile(_NAME + r"(?:['’]s\s+|\s+(?:has|had|won|wins|secured|secures|"
                            r"garnered|took|takes|got|gets|received|obtained|polled|led with|"
                            r"with)\s+)$")
# "49.8% for X", "49.1% of votes went to X", "to X's": the holder right after a share.
_HOLDER_AFTER = re.compile(r"\s*(?:of\s+(?:the\s+)?(?:\w+\s+){0,2}votes?\s+)?(?:went\s+to|"
                           r"for|to)\s+" + _NAME)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_AGE_CLOSE = re.compile(r"\s*[,)]")  # "Maria Lopez, 41," — an age closes its apposition
# Words before a name that are no part of it: "victim John Atkinson", "co-pilot Jan Berg".
_TITLE_WORD = re.compile(r"^(?:(?:victim|suspect|gunman|bomber|co-pilot|pilot|captain|driver|"
                         r"survivor|witness|teacher|student|mother|father|son|daughter)\s+)+",
                         re.I)
_AGE_CUE = re.compile(r"\b(?:aged?|ages)\s+(?:of\s+)?(?:between\s+)?$", re.I)
_AGE_AFTER = re.compile(r"-?\s?years?[- ]old\b|-year\b", re.I)
_INCREMENT_AFTER = re.compile(r"\s+(?:more|additional|further|extra|new)\b", re.I)
# "113 more people who are still unaccounted for": those left, not an increment.
_STILL_AFTER = re.compile(r"(?:\s+\w+){0,4}?\s+(?:still|remain|remaining)\b", re.I)
# A figure a toll rose to: its cue may stand at the start of a long subject.
_UPDATED_TO = re.compile(r"\b(?:risen|rose|increased|climbed|jumped|reached|stands|stood)"
                         r"(?:\s+to|\s+at)?\s+$", re.I)
_INCREMENT_WORD = re.compile(r"\s(?:more|additional|further|extra|new|other)\s", re.I)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|a further|an additional|an extra|the other)\s+$",
                               re.I)
# A place that limits a figure: "1,600 people in Oskel", "killed outside the city of X".
_SCOPE_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+(in|outside(?:\s+of)?|across)\s+(?:the\s+)?",
                          re.I)
_SCOPE_OPENING = re.compile(r"\s*(in|outside(?:\s+of)?|across)\s+(?:the\s+)?", re.I)
# Between a figure and a cue after it: the cue starts the next item of a list.
_NEXT_ITEM = re.compile(r"\band\b|,|\bwhile\b|\bwith\b")
_MODALITY_REACH = 60
# An aside about a figure's people between commas ("40 guests, mostly tourists, were hurt").
_ASIDE = re.compile(r",\s+(?:mostly|mainly|many of them|most of them|some of them|all of them)"
                    r"\b[^,.;:]{0,60},\s+")
_OPENING_DATE = re.compile(r"\s*(?:back\s+)?(?:in|on)\s+", re.I)  # "In 1994, …", "On May 2, …"
_TOTAL_AFTER = re.compile(r"\s+(?:overall|in total|in all|altogether|combined)\b", re.I)
# Between a verb and a figure whose lives it took ("claimed the lives of at least 96"), and after
# such a figure ("96 lives").
_LIVES_OF = re.compile(r"\s+(?P<lives>the\s+lives\s+of\s+)?(?:(?:at\s+least|more\s+than|"
                       r"nearly|about|some|over|almost|around)\s+)?", re.I)
_LIVES_AFTER = re.compile(r"\s+lives\b", re.I)
_SUBORDINATOR = re.compile(r"\b(?:as|because|after|since|when|while|although|though|whereas)\b",
                           re.I)  # characters before a figure in which a modal verb governs it
# What a compound measure ("the 948-foot container ship") names: up to three words after it,
# past a conversion in brackets, up to a word that starts something else.
_COMPOUND_FIGURE = re.compile(r"\d[\d.,]*-")
_THING_AFTER = re.compile(r"(?:\s*\([^()]{0,40}\))?((?:[ \t]+[^\W\d_][\w'’-]*){1,3})")
_NOT_A_THING = frozenset({"of", "in", "on", "at", "to", "from", "with", "for", "by", "and", "or",
                          "that", "which", "who", "was", "were", "is", "are", "has", "had",
                          "the", "a", "an", "deep", "long", "high", "tall", "wide"})
# A list item's name before its figure: "- Oskaria: 300 dead", "• Velden Province: 41".
_LIST_LABEL = re.compile(r"[ \t]*[-–—•*·][ \t]*([A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2})"
                         r"[ \t]*:[ \t]*")
# "since 1993, when 292 people died": a figure in a "when" clause after a date.
_WHEN_AFTER_DATE = re.compile(r",?\s+when\b[^.;:]*")
_SINCE_OR_IN_BEFORE = re.compile(r"\b(?:since|in)\s+$", re.I)
# A passive verb after a figure's noun phrase: "179 aboard the ferry had been rescued".
_PASSIVE_AFTER = re.compile(r"[^,.;:()]{0,60}?\b(?:(?:had|have|has)\s+been|were|was)\s+(\w+)")
_CONVERSION_BEFORE = re.compile(r"\d[^()\n]{0,25}\($")  # "45-metre-high (" before a figure
_WHERE_BETWEEN = re.compile(r"(?:\s+\w+)?,?\s+where\s+")  # "X Valley, where 1,600"
_HEAD_WHERE = re.compile(r"\bthe\s+((?:[a-z][\w-]*\s+)?([a-z]+))\s*,?\s+where\s+$")
_IN_BETWEEN = re.compile(r"(?:\s+\w+)?\s+in\s+")  # "the Tamar mosque in Oskel"
# Between a cue and a figure after it: the figure is in a clause of its own ("killing 59
# people as 22,000 fans fled").
_SUBORDINATE = re.compile(r"\b(?:as|while|when|whereas|although|though|because)\b", re.I)
# "as many as", "as well as", "such as", "as of": an "as" that compares or joins, opening no
# clause.
_NOT_A_CLAUSE = re.compile(r"\bas\s+\w+\s+as\b|\bsuch\s+as\b|\bas\s+of\b", re.I)
# Between an event word and a date after it, a figure or a verb of reporting means the date
# belongs to another clause: "the floods rose to 19 on Wednesday", "the flood, the council met
# on March 9" date the report and the meeting, not the floods.
_OTHER_VERB = re.compile(r"\d|\b(?:said|says|told|announced|began|begun|started|reported|"
                         r"confirmed|met|published|released|found|sentenced|jailed|convicted|"
                         r"charged|arrested|detained|trial|court|inquiry|until|since)\b", re.I)
_DATE_AFTER, _DATE_BEFORE = 100, 20  # characters between an event's trigger and its date
_HEAD_AFTER = re.compile(r"\s+([a-z]+)\b")
_WORD_AFTER = re.compile(r"(?:['’]s)?\s+([A-Za-z]+)\b")
# The characters re.IGNORECASE matches to an ASCII letter that ``str.lower`` does not turn into
# that letter (İ also lowers to two characters). A text without them, lowered once, shows
# which sentences can hold a case-insensitive cue word at all; the others are skipped. And
# there, a case-sensitive pattern of lower-case ASCII words finds in the lowered text what the
# case-insensitive one finds in the text, twice as fast (lowering changes no character's
# being a word character or a space: test_pipeline checks every code point).
_CASE_ODD = ("\u0130", "\u0131", "\u017f")
# Words every match of a per-sentence cue pattern contains (lower case).
_FOUNDING_VERBS = ("founded", "established", "formed", "set up", "created")  # _FOUNDING
_FOUNDING_NOUNS = ("formation", "founding", "creation", "establishment", "inception", "launch")
_RECORDS_WORDS = ("record",)
_RELATION_WORDS = ("since",)


@dataclass
class LocalEvent:
    """One event as a document names it: its type, places and date, and where it is named."""

    id: str
    type: str
    places: list[str] = field(default_factory=list)
    date: DateMention | None = None
    date_fact_spans: list[tuple[int, int]] = field(default_factory=list)
    first_trigger: tuple[int, int] = (0, 0)
    # An earlier event named for comparison ("since the 1999 quake"): it takes the figures of
    # its own sentence only, never those of the sentences around it.
    background: bool = False


def extract_document(doc: Document, data: RuleData) -> Extraction:
    text = doc.text
    sentences = split_sentences(text)
    dates = find_dates(text, doc.published)
    date_starts = [d.start for d in dates]
    entities = [e for e in find_entities(text)
                if not _overlaps_any(e.start, e.end, dates, date_starts)]
    quantities = [q for q in find_quantities(text, data.qualifiers)
                  if _finite(q) and not _overlaps_any(q.start, q.end, dates, date_starts)]
    quotes = find_quotes(text)
    out = Extraction(doc.id, sentences, quantities, dates, entities, quotes)
    out.facts = _Assembler(doc, data, out).facts()
    return out


def name_facts(doc: Document, ex: Extraction) -> list[Fact]:
    """A "name" fact per entity mention: made from the mentions alone, so a process pool
    sends the mentions and the parent rebuilds these (most of a document's facts) itself."""
    sentences = ex.sentences
    starts = [s.start for s in sentences]
    # Mentions of one kind without aliases share one (read-only) context: a dict each would
    # dominate memory.
    shared: dict[str, dict[str, object]] = {}
    out = []
    source, text, position = doc.id, doc.text, doc.position
    for e in ex.entities:
        name = e.text
        # The pattern ends in a pronoun: only a name ending in t, y or e can match it.
        if name.rstrip()[-1:] in _PRONOUN_LAST and _PRONOUN_WORD.search(name):
            continue
        start, end = e.start, e.end
        if e.aliases:
            context = {"kind": e.kind, "aliases": list(e.aliases)}
        else:
            context = shared.get(e.kind)
            if context is None:
                context = shared[e.kind] = {"kind": e.kind, "aliases": []}
        line, column = position(start)
        index = max(0, bisect.bisect_right(starts, start) - 1)
        sentence = sentences[index].text if sentences else ""
        # The span as written is the name itself: one string, not a copy per fact.
        span = name if text.startswith(name, start) and end - start == len(name) \
            else text[start:end]
        # Positional arguments, in field order: twice as fast as keywords for the most
        # numerous facts (test_pipeline checks them against the keyword form).
        # id None: the usual one, "source:name:start:name", made when read.
        out.append(Fact(None, source, "name", name, "name", name,  # type: ignore[arg-type]
                        None, None, "exact", None, None, None,  # low … time: the defaults
                        start, end, line, column, span, sentence,
                        "asserted", None, context))  # modality, speaker, context
    return out


def fact_order(fact: Fact) -> tuple[int, str, str]:
    """The order of a document's facts."""
    return fact.start, fact.kind, fact.attribute


def _finite(q: Quantity) -> bool:
    """A figure of 400 digits overflows to infinity: no count, and no valid JSON either."""
    return all(math.isfinite(x) for x in (q.value, q.low, q.high) if x is not None)


def _overlaps_any(start: int, end: int, spans: list[DateMention], starts: list[int]) -> bool:
    """Whether ``[start, end)`` overlaps a span; ``spans`` are sorted and never overlap
    (``find_dates``), so only the last one starting before ``end`` can. ``starts``: theirs."""
    before_end = bisect.bisect_left(starts, end)
    return before_end > 0 and start < spans[before_end - 1].end


@lru_cache(maxsize=64)
def _phrase_regex(phrases: tuple[str, ...], lowered: bool = False) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words, in any case; ``lowered``: case-sensitively, for a
    lowered text (see ``_Assembler.phrase_search``)."""
    return re.compile(r"(?<![\w-])(?:" + trie(p.lower() for p in phrases) + r")(?![\w-])",
                      0 if lowered else re.I)


@lru_cache(maxsize=16)
def _phrase_finder(phrases: tuple[str, ...]) -> PhraseFinder:
    """``phrases`` in lower case, for a lowered text (see ``_Assembler.phrase_search``)."""
    return PhraseFinder(p.lower() for p in phrases)


def _rounded(q: Quantity) -> tuple[float, float]:
    """What rounds to a figure stated to its last digit: "6" is 5.501–6.499 (so 6 and 7 never
    meet), "48.1" is 48.0501–48.1499."""
    digits = _FIGURE.search(q.text)
    decimals = len(digits.group(1) or "") if digits else 0
    half = _ROUNDING * 10 ** -decimals
    return q.value - half, q.value + half


def _clause_openers(text: str, start: int, end: int,
                    words: re.Pattern[str]) -> list[re.Match[str]]:
    """The matches of ``words`` in ``text[start:end]`` that open a clause: not the "as" of
    "as high as", "such as" or "as of"."""
    joins = [m.span() for m in _NOT_A_CLAUSE.finditer(text, start, end)]
    return [m for m in words.finditer(text, start, end)
            if not any(a <= m.start() < b for a, b in joins)]


@lru_cache(maxsize=16)
def _cue_before(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One of ``cues`` as whole words, followed by at most three words up to the search's end
    ("since the 1999 quake": 'since' before 'quake'); a dash between them is no word ("the
    worst previous incident - a tunnel stampede")."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in cues)  # not "prior to":
                      + r")(?!\s+to\b)\s+(?:(?:[-–—]\s+)?[\w'’.-]+\s+){0,3}$", re.I)


@lru_cache(maxsize=16)
def _before_regex(cues: tuple[str, ...], lowered: bool = False) -> re.Pattern[str]:
    """Matches when one of the cue words ends just before a name (optionally 'the');
    ``lowered`` as for ``_phrase_regex``."""
    return re.compile(r"(?<![\w-])(?:" + trie(c.lower() for c in cues) + r")\s+(?:the\s+)?$",
                      0 if lowered else re.I)


@lru_cache(maxsize=64)
def _all_ascii(phrases: tuple[str, ...]) -> bool:
    return all(p.isascii() for p in phrases)


class _Assembler:
    def __init__(self, doc: Document, data: RuleData, ex: Extraction) -> None:
        self.doc, self.data, self.ex = doc, data, ex
        self.starts = [s.start for s in ex.sentences]
        self.paragraph_of = self._paragraphs()
        self.events: list[LocalEvent] = []
        self.main_event: LocalEvent | None = None  # the first event named that is no background
        self.named_in_paragraph: dict[int, LocalEvent] = {}  # the last one so far, by paragraph
        self.event_at: dict[int, LocalEvent] = {}  # trigger start -> event
        # Mentions are sorted by start (dates never overlap either): spans are bisected.
        self.entity_starts = [e.start for e in ex.entities]
        self.date_starts = [d.start for d in ex.dates]
        self.quantity_starts = [q.start for q in ex.quantities]
        self.trigger_starts: list[int] = []  # sorted keys of event_at, set by _find_events
        # Per-sentence and per-clause work done once, not once per figure: a long sentence
        # with many figures must not cost sentence length times figures.
        self.clause_breaks: dict[int, list[int]] = {}  # sentence index -> break offsets
        self.cue_matches: dict[tuple[str, int, int], tuple[list[tuple[int, int]], list[int]]] = {}
        self.attributions: dict[int, re.Match[str] | None] = {}  # sentence index -> match
        self.out: list[Fact] = []
        text = doc.text
        lowered = None if any(c in text for c in _CASE_ODD) else text.lower()
        self.lowered = lowered if lowered is not None and len(lowered) == len(text) else None
        self.places: dict[int, dict[int, str]] = {}  # sentence index -> see _places_of

    # --- document structure -------------------------------------------------------------
    def _paragraphs(self) -> list[int]:
        text, paragraph, result, last = self.doc.text, 0, [], 0
        for s in self.ex.sentences:
            paragraph += text.count("\n\n", last, s.start)
            result.append(paragraph)
            last = s.start
        return result

    def phrase_search(self, phrases: tuple[str, ...],
                      build: Callable[[tuple[str, ...], bool], re.Pattern[str]] = _phrase_regex,
                      ) -> tuple[re.Pattern[str], str]:
        """The pattern ``build`` makes for ``phrases`` in any case and the text to search with
        it: the lowered text where a case-sensitive pattern finds the same there (see
        _CASE_ODD), else the text."""
        if self.lowered is not None and _all_ascii(phrases):
            return build(phrases, True), self.lowered
        return build(phrases, False), self.doc.text

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def _entities_from(self, lo: int, hi: int) -> list[EntityMention]:
        """The entity mentions starting in ``[lo, hi)``, in order."""
        starts = self.entity_starts
        return self.ex.entities[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    def _dates_from(self, lo: int, hi: int) -> list[DateMention]:
        """The dates starting in ``[lo, hi)``, in order."""
        starts = self.date_starts
        return self.ex.dates[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    def _sentences_with(self, words: tuple[str, ...]) -> list[Sentence]:
        """The sentences (in order) that may hold one of ``words`` in any case: a superset of
        those a case-insensitive pattern needing one of them can match in."""
        return [self.ex.sentences[k] for k in sorted(self._sentence_indices_with(words))]

    def _sentence_indices_with(self, words: tuple[str, ...]) -> set[int] | range:
        """The indices of the sentences ``_sentences_with`` gives."""
        lowered = self.lowered
        if lowered is None:
            return range(len(self.ex.sentences))
        found: set[int] = set()
        for word in words:
            i = lowered.find(word)
            while i >= 0:
                found.add(self.sentence_of(i))
                i = lowered.find(word, i + 1)
        return found

    def _phrases_by_sentence(self, phrases: tuple[str, ...]
                             ) -> tuple[str, list[tuple[Sentence, list[tuple[int, int]]]]]:
        """The text searched (the document's or its lowered form, see phrase_search) and the
        spans of ``phrases`` in each sentence (in order, offsets into the text), as a search of
        each ``sentence.text`` finds them, from one search of the whole text (an Aho-Corasick
        pass on a lowered text). A sentence is preceded by whitespace, so the word boundaries
        are the same; when a phrase does not lie inside one sentence, each sentence is
        searched on its own."""
        pattern, text = self.phrase_search(phrases)
        sentences = self.ex.sentences
        if not sentences:
            return text, []
        found = _phrase_finder(phrases).spans(text) if text is self.lowered else [
            m.span() for m in pattern.finditer(text)]
        out: list[tuple[Sentence, list[tuple[int, int]]]] = []
        for start, end in found:
            sentence = sentences[self.sentence_of(start)]
            if not sentence.start <= start < end <= sentence.end:
                return text, [(s, [m.span() for m in pattern.finditer(text, s.start, s.end)])
                              for s in sentences]
            if out and out[-1][0] is sentence:
                out[-1][1].append((start, end))
            else:
                out.append((sentence, [(start, end)]))
        return text, out

    def _places_of(self, index: int) -> dict[int, str]:
        """The entity mentions that name places (kind place, a place head word, or 'in/at X')
        in sentence ``index`` and the gap after it, by start: the place as named ("X airport").
        Worked out when a sentence is first asked about: most sentences hold no event word or
        figure, and never are."""
        found = self.places.get(index)
        if found is not None:
            return found
        lo = self.starts[index] if index else 0
        hi = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.doc.text) + 1
        text, heads, found = self.doc.text, self.data.place_heads, {}
        triggers = self.data.event_types
        cues, cue_text = self.phrase_search(self.data.place_cues, _before_regex)
        for e in self._entities_from(lo, hi):
            if e.kind in ("person", "org"):
                continue
            name = e.text
            nxt = _HEAD_AFTER.match(text, e.end, e.end + 30)
            if nxt and nxt.group(1) in heads:  # "X airport": the head makes it a place
                name = text[e.start:nxt.end()]
            if (e.kind == "place" or name.split()[-1].lower() in heads
                    or cues.search(cue_text, max(0, e.start - 24), e.start) is not None
                    or self._names_an_event_after(e.end, triggers)):
                found[e.start] = name
        self.places[index] = found
        return found

    def _place_at(self, start: int) -> str | None:
        """The place an entity mention starting at ``start`` names, if it names one."""
        return self._places_of(self.sentence_of(start)).get(start)

    # --- facts ----------------------------------------------------------------------------
    def _names_an_event_after(self, end: int, triggers: dict[str, str]) -> bool:
        """Whether an event's trigger follows a name ("the Dravos bombing", "Kesslin's crush"):
        the name says where."""
        after = _WORD_AFTER.match(self.doc.text, end, end + 30)
        return after is not None and after.group(1).lower() in triggers

    def facts(self) -> list[Fact]:
        self._find_events()
        for q in self.ex.quantities:
            if not self._age_fact(q) and not self._share_fact(q):
                self._quantity_fact(q)
        self._event_date_facts()
        self._time_facts()
        self._relation_facts()
        self._founding_facts()
        self._records_facts()
        self._quote_facts()
        self._name_facts()
        self.out.sort(key=fact_order)
        return self.out

    def _fact(self, kind: str, entity: str, attribute: str, start: int, end: int,
              value: float | str | None, text: str | None = None, **extra: object) -> Fact:
        """``text``: the span as written, when the caller holds it already (a quotation's
        words): the fact shares that string instead of a copy. Otherwise equal spans of all
        texts share one string (copies of a story repeat them). A fact without context (a
        quotation's) shares one empty, read-only one."""
        extra.setdefault("context", _NO_CONTEXT)
        line, column = self.doc.position(start)
        sentence = self.ex.sentences[self.sentence_of(start)].text if self.ex.sentences else ""
        fact = Fact(id=None, source=self.doc.id,  # type: ignore[arg-type]  # the usual id
                    kind=kind, entity=entity, attribute=attribute, value=value, start=start,
                    end=end, line=line, column=column,
                    text=sys.intern(self.doc.text[start:end]) if text is None else text,
                    sentence=sentence, **extra)  # type: ignore[arg-type]
        self.out.append(fact)
        return fact

    # events ------------------------------------------------------------------------------
    def _find_events(self) -> None:
        trigger_text, by_sentence = self._phrases_by_sentence(tuple(self.data.event_types))
        not_events = _phrase_regex(self.data.not_events) if self.data.not_events else None
        text = self.doc.text
        for sentence, spans in by_sentence:
            places: list[str] | None = None  # the sentence's places, found at its first trigger
            for start, end in spans:
                if _VERB_BEFORE.search(text, max(0, start - 12), start):
                    continue  # "to attack", "could strike": a verb, not a named event
                if not_events and any(n.start() <= start < n.end() for n in
                                      not_events.finditer(text, max(0, start - 16), end + 16)):
                    continue  # "fire brigade", "opened fire": a trigger inside another phrase
                kind = self.data.event_types[trigger_text[start:end].lower()]
                if places is None:
                    places = [name for at, name in self._places_of(
                        self.sentence_of(sentence.start)).items()
                        if sentence.start <= at < sentence.end]
                date = self._event_date(start, end, sentence)
                definite = _DEFINITE_BEFORE.search(text, max(0, start - 30), start) is not None
                if kind == _ANAPHOR:  # "the disaster": the event named last in its paragraph,
                    referent = self._referent(start) if definite else None  # else the main one
                    if referent is not None and not self._strong_cue_before(start, sentence):
                        self.event_at[start] = referent  # ("the previous disaster": none)
                    continue
                background = self._is_background(start, sentence, date)
                event = self._merge_event(kind, places, date, (start, end),
                                          definite, background)
                if not background:
                    if self.main_event is None:
                        self.main_event = event
                    self.named_in_paragraph[self.paragraph_of[self.sentence_of(start)]] = event
                self.event_at[start] = event
                if date is not None:
                    event.date_fact_spans.append((date.start, date.end))
        self.trigger_starts = sorted(self.event_at)

    def _long_before(self, date: DateMention) -> bool:
        """Whether an event dated ``date`` cannot be the main event: apart from the main event's
        own date, or with none known, more than a year before publication."""
        main = self.main_event
        if main is not None and main.date is not None:
            return not dates_compatible(date, main.date, self.data.date_window_days)
        published = self.doc.published
        return published is not None and (
            published.year - date.year >= 2
            or (published.year - date.year == 1 and (date.month or 12) < published.month))

    def _referent(self, start: int) -> LocalEvent | None:
        """What "the disaster" at ``start`` refers to: the last event named before it in its
        paragraph (no background event), else the article's main event."""
        named = self.named_in_paragraph.get(self.paragraph_of[self.sentence_of(start)])
        return named if named is not None else self.main_event

    def _is_background(self, start: int, sentence: Sentence, date: DateMention | None) -> bool:
        """Whether the trigger at ``start`` names an earlier event for comparison: a strong cue
        before it ("a previous attack"), or a weak one ("since the 1999 quake") when the event
        has a date of its own other than the main event's (or, with none known yet, before the
        year of publication); in a text without dates, a year alone that opens its sentence."""
        left = max(sentence.start, start - 40)
        cues = self.data.background_cues
        if self._strong_cue_before(start, sentence):
            return True
        if date is not None and self.main_event is not None and self._long_before(date):
            return True  # "the January 2020 quake" in an article about this week's
        main = self.main_event
        if (date is not None and date.precision == "year" and main is not None
                and main.date is None and self.doc.published is None
                and date is self._opening_date(sentence)):
            return True  # "In 1975, a bridge in Oskel collapsed" in a text that dates nothing
        if date is None or not cues.get("weak"):
            return False
        weak = _cue_before(cues["weak"])
        if not (weak.search(self.doc.text, left, start)  # "since the 1999 quake"
                or weak.search(self.doc.text, max(sentence.start, date.start - 30), date.start)):
            return False  # (the second: "since 1939, when a quake struck")
        if main is not None and main.date is not None:
            return not dates_compatible(date, main.date, self.data.date_window_days)
        published = self.doc.published
        return published is not None and date.year < published.year

    def _strong_cue_before(self, start: int, sentence: Sentence) -> bool:
        """Whether a word just before the trigger at ``start`` makes it an earlier event ("a
        previous attack", "the last disaster")."""
        strong = self.data.background_cues.get("strong")
        return bool(strong) and _cue_before(strong).search(
            self.doc.text, max(sentence.start, start - 40), start) is not None

    def _event_date(self, start: int, end: int, sentence: Sentence) -> DateMention | None:
        """The date of an event mention: the first date after the trigger ("the attack on
        August 26", "strikes on the airport on Thursday") or one just before it as a modifier
        ("Thursday's attack", "the 2019 floods"). Dates further before belong to other clauses
        ("since its formation in 2015, it has staged attacks")."""
        text = self.doc.text
        dates = self._dates_from(sentence.start, sentence.end)
        for d in dates:
            if 0 <= d.start - end <= _DATE_AFTER and not _OTHER_VERB.search(text, end, d.start):
                return d
            if 0 <= start - d.end <= _DATE_BEFORE:
                return d
        # "In 1994, when the stadium opened, a stand gave way": a date that opens the
        # sentence dates its events, when there is a date to tell it from (an undated text's
        # main event would take it instead).
        # In a text with neither, a year alone dates an earlier event once the undated main
        # event is named ("In 1975, a bridge in Oskel collapsed": see _is_background).
        opening = self._opening_date(sentence)
        main = self.main_event
        if opening is not None and opening.start < start and (
                self.doc.published is not None or (main is not None and (
                    main.date is not None or opening.precision == "year"))):
            return opening
        return None

    def _opening_date(self, sentence: Sentence) -> DateMention | None:
        """The date that opens the sentence ("In 1994, …", "On May 2, …"), if one does."""
        opening = _OPENING_DATE.match(self.doc.text, sentence.start)
        if opening is None:
            return None
        dates = self._dates_from(sentence.start, sentence.end)
        return dates[0] if dates and dates[0].start == opening.end() else None

    def _merge_event(self, kind: str, places: list[str], date: DateMention | None,
                     trigger: tuple[int, int], definite: bool,
                     background: bool = False) -> LocalEvent:
        window = self.data.date_window_days
        families = self.data.event_families
        family = families.get(kind, kind)
        for event in reversed(self.events):
            if families.get(event.type, event.type) != family or event.background != background:
                continue
            if background and not (date is not None and event.date is not None
                                   and dates_compatible(date, event.date, window)):
                continue  # earlier events are one only when their dates say so
            if not places and date is None:
                return event  # "the attack" with nothing new: the one named last
            same_day = (date is not None and event.date is not None and date.precision == "day"
                        and event.date.precision == "day" and date.iso() == event.date.iso())
            if same_day:
                _add_places(event, places)
                return event
            dated = date is not None and event.date is not None
            placed = bool(places and event.places)
            if dated and not dates_compatible(date, event.date, window):  # type: ignore[arg-type]
                continue
            # The main event may be named at several places (two mosques, two countries).
            if placed and event is not self.main_event \
                    and not places_overlap(places, event.places, self.data.place_heads):
                continue
            # Nothing links the two mentions ("an attack"): keep them apart, unless the earlier
            # is the article's main event, which a mention of its kind that contradicts
            # neither its place nor its date continues ("Gunmen attack mosque" over "the
            # attack on the Tamar mosque").
            if not (dated or placed or (definite and not places) or event is self.main_event):
                continue
            _add_places(event, places)
            if event.date is None or (date is not None and date.precision == "day"
                                      and event.date.precision != "day"):
                event.date = date or event.date
            return event
        main = self.main_event
        if not background and main is not None and date is None and (
                not places or not main.places
                or places_overlap(places, main.places, self.data.place_heads)):
            # "buildings collapsed" in an article about an earthquake, with no date or place
            # of its own: a part of the article's story, not an event of its own.
            return main
        event = LocalEvent(f"{self.doc.id}#event{len(self.events) + 1}", kind, list(places), date,
                           first_trigger=trigger, background=background)
        self.events.append(event)
        return event

    def _event_for(self, offset: int) -> tuple[LocalEvent, str] | None:
        """The event a figure belongs to, and how it was found: the nearest trigger in its
        sentence ("sentence"), else the last event named in the two sentences before it within
        its paragraph, else the last event named earlier in its paragraph ("paragraph"), else
        the document's main event ("main event": the toll in a paragraph of its own, or a
        headline's figures before the lead names the event). Earlier events named for
        comparison take the figures of their own sentence only."""
        index = self.sentence_of(offset)
        sentence = self.ex.sentences[index]
        starts = self.trigger_starts
        # The triggers either side of the figure; on a tie the earlier one wins. An earlier
        # event named for comparison takes it only in its own clause ("since the 1999 quake,
        # which killed 17,000"), not across the sentence.
        after = bisect.bisect_left(starts, offset)
        near = sorted((s for s in starts[max(0, after - 1):after + 1]
                       if sentence.start <= s < sentence.end), key=lambda s: abs(s - offset))
        # "the worst since 1993, when 292 people died": an earlier event's toll, which only an
        # event of its own clause takes.
        earlier = self._when_of_an_earlier_date(sentence, offset)
        left, right = self._clause(offset)
        for trigger in near:
            event = self.event_at[trigger]
            if (left <= trigger < right) if event.background else not earlier:
                return event, "sentence"
        if earlier:
            return None
        for back in (1, 2):
            j = index - back
            if j < 0 or self.paragraph_of[j] != self.paragraph_of[index]:
                break
            earlier = self.ex.sentences[j]
            last = bisect.bisect_left(starts, earlier.end) - 1
            if last >= 0 and starts[last] >= earlier.start:
                event = self.event_at[starts[last]]
                if not event.background:
                    return event, "paragraph"
        paragraph, main = self.paragraph_of[index], self.main_event
        families = self.data.event_families
        for k in range(bisect.bisect_left(starts, sentence.start) - 1, -1, -1):
            if self.paragraph_of[self.sentence_of(starts[k])] != paragraph:
                break
            event = self.event_at[starts[k]]
            # Further back than two sentences, an event of another kind than the article's
            # ("rescuers paused as Tropical Storm X neared") is an aside, not the topic.
            if not event.background and (main is None or families.get(event.type, event.type)
                                         == families.get(main.type, main.type)):
                return event, "paragraph"
        return (self.main_event, "main event") if self.main_event is not None else None

    def _when_of_an_earlier_date(self, sentence: Sentence, offset: int) -> bool:
        """Whether the figure at ``offset`` stands in a "when" clause after a date long before
        the main event ("the worst since 1993, when 292 people died")."""
        text = self.doc.text
        for d in reversed(self._dates_from(sentence.start, offset)):
            if _WHEN_AFTER_DATE.fullmatch(text, d.end, offset) and _SINCE_OR_IN_BEFORE.search(
                    text, max(sentence.start, d.start - 8), d.start):
                return self.main_event is not None and self._long_before(d)
        return False

    def _event_context(self, event: LocalEvent) -> dict[str, object]:
        return {"event_id": event.id, "event_type": event.type,
                "event_family": self.data.event_families.get(event.type, event.type),
                "places": list(event.places),
                "date": event.date.iso() if event.date else None,
                "date_precision": event.date.precision if event.date else None,
                "main": event is self.main_event, "background": event.background}

    def _event_date_facts(self) -> None:
        for event in self.events:
            for start, end in event.date_fact_spans:
                date = next(d for d in self.ex.dates if d.start == start and d.end == end)
                self._fact("date", event.id, "date", start, end, date.iso(), time=date.iso(),
                           qualifier="relative" if date.relative else "exact",
                           modality=self._modality(start), context=self._event_context(event))

    # times of day --------------------------------------------------------------------------
    def _time_facts(self) -> None:
        """"The blast happened at 22:35 BST": a time of day is the event's attribute "time
        <step>", the step named by the cue nearest the time in its clause (a timeline entry
        "11:40 a.m.: The gunman entered" reads the words after its colon)."""
        rules = self.data.times
        if not rules.steps:
            return
        text = self.doc.text
        for t in find_times(text, rules.zones, rules.tolerance_minutes, rules.window_minutes):
            if _overlaps_any(t.start, t.end, self.ex.dates, self.date_starts):
                continue
            # (The colon inside "11:33" is no clause break: the clause runs either side of it.)
            left, right = self._clause(t.start)[0], self._clause(t.end - 1)[1]
            sentence = self.ex.sentences[self.sentence_of(t.start)]
            if _TIMELINE_COLON.match(text, t.end):  # "11:40 a.m.: The gunman entered"
                left, right = t.end, sentence.end
            elif t.start - sentence.start <= _OPENING_TIME:  # "At 1.30 am on Tuesday, the
                right = sentence.end  # ship … slammed into": the sentence's verb, however far
            step = self._time_step(t, left, right)
            found = self._event_for(t.start)
            if step is None or found is None:
                continue
            name, actor = step
            event, attached_by = found
            if event.date is not None and event.date.precision == "day" and any(
                    d.precision == "day" and d.iso() != event.date.iso()
                    for d in self._dates_from(max(sentence.start, t.start - 40), right)):
                continue  # "Oct 30, 8:30pm" in the timeline of a 29 October event: another day
            context = self._event_context(event)
            context.update(attached_by=attached_by, zone=t.zone, minutes=t.minutes)
            attribute = f"time {name}" + (f" ({actor})" if actor else "")
            self._fact("time", event.id, attribute, t.start, t.end, t.text, low=t.low,
                       high=t.high, qualifier=t.qualifier, unit=t.zone,
                       time=event.date.iso() if event.date else None,
                       modality=self._modality(t.start), context=context)

    def _time_step(self, t: TimeMention, left: int, right: int) -> tuple[str, str] | None:
        """The step a time dates: the nearest cue 120 characters before it or 40 after (any
        distance after a time that opens its sentence); for steps told apart by who did them,
        also the word before the cue ("gunman")."""
        text, best, best_distance = self.doc.text, None, len(self.doc.text) + 1
        opening = t.start - left <= _OPENING_TIME
        for name, cues in self.data.times.steps.items():
            pattern, searched = self.phrase_search(cues)
            for m in pattern.finditer(searched, max(left, t.start - 120),
                                      right if opening else min(right, t.end + 40)):
                if m.group().endswith("ed") and \
                        _ATTRIBUTIVE.search(text, max(0, m.start() - 5), m.start()):
                    continue  # "the collapsed bridge": an adjective, no step ("the first
                    # report" is a noun: the step)
                if m.start() >= t.end and not opening \
                        and _NEXT_CLAUSE.search(text, t.end, m.start()):
                    continue  # "submerged at 8 a.m. and was expected to resurface": the next
                if m.end() <= t.start and _CLAUSE_JOIN.search(text, m.end(), t.start):
                    continue  # "the first call came at 1.41pm, and officers arrived at 1.47pm"
                distance = t.start - m.end() if m.end() <= t.start else m.start() - t.end
                if 0 <= distance < best_distance:
                    best, best_distance = (name, m.start()), distance
        if best is None:
            return None
        name, cue_start = best
        actor = ""
        if name in self.data.times.by_actor:
            words = _WORD.findall(text, max(left, cue_start - 40), cue_start)
            actor = words[-1].lower().removesuffix("s") if words else ""
        return name, actor

    # quantities --------------------------------------------------------------------------
    def _clause(self, offset: int) -> tuple[int, int]:
        index = self.sentence_of(offset)
        sentence = self.ex.sentences[index]
        breaks = self.clause_breaks.get(index)
        if breaks is None:
            breaks = [sentence.start + m.start() for m in _CLAUSE_BREAK.finditer(sentence.text)]
            self.clause_breaks[index] = breaks
        i = bisect.bisect_left(breaks, offset)  # breaks[:i] are before the offset
        left = breaks[i - 1] + 1 if i > 0 else sentence.start
        right = min(sentence.end, breaks[i]) if i < len(breaks) else sentence.end
        return left, right

    def _cues_in(self, name: str, cues: tuple[str, ...], left: int, right: int
                 ) -> tuple[list[tuple[int, int]], list[int]]:
        """An attribute's cue words in ``text[left:right]`` (spans) and their end offsets
        (sorted)."""
        key = (name, left, right)
        found = self.cue_matches.get(key)
        if found is None:
            pattern, text = self.phrase_search(cues)
            if text is self.lowered:  # the cues of every such attribute, in one pass
                for other, spans in self.data.cue_lists.spans(text, left, right).items():
                    self.cue_matches[other, left, right] = spans, [end for _, end in spans]
                return self.cue_matches[key]
            spans = [m.span() for m in pattern.finditer(text, left, right)]
            found = spans, [end for _, end in spans]
            self.cue_matches[key] = found
        return found

    def _noun_of_a_figure(self, cue_start: int) -> bool:
        """Whether a cue is the noun of a figure just before it ("six crew members")."""
        quantities = self.ex.quantities
        i = bisect.bisect_right(self.quantity_starts, cue_start) - 1
        return i >= 0 and cue_start <= quantities[i].end + 1

    def _attribute(self, q: Quantity) -> tuple[str, int] | None:
        """What the figure counts, and how far its cue stands from it (0: its own noun)."""
        measure = self._measure(q)
        if measure is not None:
            return measure[0], 0
        unit = (q.unit or "").lower()
        if unit in _VERBS_AFTER_FIGURES:
            unit = ""  # "15 remain in hospital": a verb, not a counted noun
        head = unit.split()[-1] if unit else ""
        owner = self.data.attribute_of_cue
        named = [owner[w] for w in (unit, head) if w in owner] if unit else []
        if named:  # the first attribute whose cue it is ("200 wounded")
            name = min(named, key=list(self.data.attributes).index)
            verb = _PASSIVE_AFTER.match(self.doc.text, q.end) if self.data.attributes[
                name].fixed else None
            if verb is not None and owner.get(verb.group(1).lower(), name) != name:
                # "179 aboard the ferry had been rescued": who they were, then what befell them
                return owner[verb.group(1).lower()], 0
            return name, 0
        counted = self.data.attributes_counting.get(head, [])
        if unit and not counted and not self._counts_people(q.unit or ""):  # as written:
            # a capitalised group ("Kenyans") counts people
            return None  # "6,000 homes", "a two-storey building": not a count of people
        text = self.doc.text
        if _AGE_BEFORE.search(text, max(0, q.start - 40), q.start) and not unit:
            return None  # "Gerald Moss, 58, a teacher": an age
        if _AGE_CUE.search(text, max(0, q.start - 24), q.start) or _AGE_AFTER.match(text, q.end):
            return None  # "under the age of 16", "aged 58", "16-year-old": an age
        left, right = self._clause(q.start)
        text = self.doc.text
        reach = 120  # characters between a cue and the figure
        if _UPDATED_TO.search(text, max(left, q.start - 30), q.start):
            reach = 250  # "the death toll from <a long subject> has risen to 98"
        # "40 guests, mostly tourists, were hurt": cues after the figure are read past an
        # aside about its people.
        aside = _ASIDE.match(text, q.end)
        after = aside.end() if aside else q.end
        own_verb = _CLAUSE_VERB_AFTER.match(text, after) is not None  # "11 are …": a clause
        # "88 passengers and four pilots (92 people in total)": a total of the items before it,
        # which their own nouns do not name ("killed 40 in X and 12 in Y, 52 in all": the verb
        # before them does).
        total = _TOTAL_AFTER.match(text, q.end) is not None
        best, best_distance = None, reach + 1
        for name, spec in self.data.attributes.items():
            if not spec.cues or (counted and name not in counted) or (spec.units and not counted):
                continue  # a measure's (found by its unit above); a count of other nouns:
                # "2,818 buildings" are counted by no toll, "two people" by no rounds fired
            spans, ends = self._cues_in(name, spec.cues, left, right)
            # Cues ending further than ``reach`` before the figure can never count. (Indexed,
            # not sliced: a copy of the rest of a long clause's cues per figure is quadratic.)
            for k in range(bisect.bisect_left(ends, q.start - reach), len(spans)):
                cue_start, cue_end = spans[k]
                if not unit and cue_end <= q.start and _OF_GAP.fullmatch(text, cue_end, q.start):
                    return name, 0  # "a crew of 24": the figure's own noun
                if cue_end <= q.start and counted and _NEXT_ITEM.search(text, cue_end, q.start):
                    continue  # "1,712 buildings collapsed and 6,000 homes": the item before's
                if cue_end <= q.start and total and self._noun_of_a_figure(cue_start):
                    continue
                if cue_end <= q.start and self._subordinate_between(cue_end, q.start):
                    continue
                if cue_end <= q.start:
                    distance = q.start - cue_end
                    if own_verb and _NEXT_CLAUSE.search(text, cue_end, q.start):
                        # "39 remain in hospital and 11 are in intensive care": a cue of its
                        # own clause wins over the one of the clause before
                        distance += _OTHER_CLAUSE_PENALTY
                elif cue_end <= q.end:
                    distance = 0  # "four missing hikers": a word of the figure's own
                elif cue_start < after:
                    continue  # a word of the aside
                elif _AUXILIARIES.fullmatch(text, after, cue_start):
                    distance = 0  # "80 were injured": the figure's own verb wins
                elif cue_start - after > reach:
                    break  # too far, and so are all later cues (no auxiliaries reach them)
                elif (item := _NEXT_ITEM.search(text, after, cue_start)) and (
                        item.group() != "with" or self._figure_in(item.end(), cue_start)):
                    # "killing 22 people and injuring 59", "…, with 17 in critical care": the
                    # cue of the next figure ("taken to hospital with critical injuries": its own)
                    continue
                else:
                    distance = cue_start - after
                if 0 <= distance < best_distance:
                    best, best_distance = name, distance
        if best is None or (counted and best_distance > _COUNTED_REACH):
            return None  # "1,712 buildings collapsed", not "… collapsed, and 6,000 homes …"
        return best, best_distance

    def _measure(self, q: Quantity) -> tuple[str, float] | None:
        """A measure and what it measures, with the factor to its base unit: "80 feet deep"
        (depth), "300-metre-long" (length), "a 948-foot ship" (the compound's attribute)."""
        rules = self.data.measures
        unit = (q.unit or "").lower()
        # The unit as written ("square miles"), else its first word ("metre-long", "hours of").
        found = rules.units.get(unit) or rules.units.get(_UNIT_SPLIT.split(unit, maxsplit=1)[0]) \
            if unit else None
        if found is None:  # "of magnitude 7.9": the unit before its figure
            before_word = _WORD_BEFORE_FIGURE.search(self.doc.text, max(0, q.start - 30), q.start)
            found = rules.units.get(before_word.group(1).lower()) if before_word else None
        if found is None:
            return None
        dimension, factor = found
        own = [name for name, of in rules.dimensions.items() if of == dimension]
        if len(own) == 1 and not rules.cues[own[0]]:  # "a 7.8 magnitude quake": the unit says
            return own[0], factor  # what it measures
        text = self.doc.text
        left, right = self._clause(q.start)
        # Nearest first: the unit itself ("metre-long"), the words after, the words before.
        before = text[max(left, q.start - 25):q.start]
        before = re.split(r"[\d,;]", before)[-1]  # not past another figure or a comma
        after = text[q.end:min(right, q.end + 28)]
        if item := _NEXT_ITEM.search(after):  # "a length of 250 metres and a width of …"
            after = after[:item.start()]
        for near in (unit.replace("-", " "), after, before):
            for name, cues in rules.cues.items():
                if rules.dimensions[name] == dimension and _phrase_regex(cues).search(near):
                    return name, factor
        compound = rules.compound.get(dimension)
        if compound and re.match(r"\d[\d.,]*-", q.text):  # "a 948-foot ship"
            return compound, factor
        return None

    def _measured_thing(self, q: Quantity) -> str | None:
        """The kind of thing a compound measures: "a 948-foot container ship" (a vessel, by
        rules/attributes.yaml measures.things), "the 60-metre Velden Tower" (a tower), "the
        8,850-metre (29,035 ft) peak" (a peak)."""
        if not _COMPOUND_FIGURE.match(q.text):
            return None
        after = _THING_AFTER.match(self.doc.text, q.end)
        if after is None:
            return None
        words: list[str] = []
        for word in after.group(1).split():
            if word.lower() in _NOT_A_THING:
                break
            words.append(word)
        if not words:
            return None
        lowered = [w.lower() for w in words]
        things = self.data.measures.things
        for size in (2, 1):  # a kind the rules know, the last named ("container ship")
            for i in range(len(lowered) - size, -1, -1):
                kind = things.get(" ".join(lowered[i:i + size]))
                if kind is not None:
                    return kind
        if words[0][0].isupper():  # a name's last word: "Velden Tower"
            run = list(itertools.takewhile(lambda w: w[0].isupper(), words))
            return run[-1].lower()
        return lowered[0]  # the noun a compound stands before: "the 60-metre crane"

    def _counts_people(self, unit: str) -> bool:
        """Whether a counted noun can be people: the whole, a known subgroup, a person noun,
        a capitalised group ("Kenyans") or a noun of persons by its ending ("workers")."""
        words = re.sub(r"[^\w.\s-]", " ", unit).split()
        if not words:
            return True
        head = words[-1].lower().strip(".")
        if head in _NON_PERSON_UNITS:
            return False
        tails = {" ".join(w.lower() for w in words[-size:]) for size in range(1, len(words) + 1)}
        return (head in self.data.whole_subjects or head in self.data.person_nouns
                or bool(tails & self.data.subject_heads.keys())
                or head in self.data.attribute_of_cue
                or words[-1][:1].isupper() or head.endswith(_PERSON_ENDINGS))

    def _is_group(self, words: str) -> bool:
        """Whether ``words`` name a group of people the rules know ("women", "foreigners")."""
        key = words.lower()
        return (key in self.data.subject_heads or key in self.data.subject_modifiers
                or key in self.data.person_nouns)

    def _subject(self, unit: str | None) -> str | None:
        if not unit:
            return None
        words = re.sub(r"[^\w.\s-]", " ", unit.lower()).split()
        if not words:
            return None
        modifiers_map = self.data.subject_modifiers
        if " ".join(words) in modifiers_map:  # "Germans", "foreign nationals"
            return modifiers_map[" ".join(words)]
        if len(words) > 1 and words[-1] in self.data.generic_heads:
            front = " ".join(words[:-1])
            if front in modifiers_map:  # "Spanish citizens", "U.S. passengers"
                return modifiers_map[front]
        known_head = any(" ".join(words[-size:]) in self.data.subject_heads
                         for size in range(1, min(3, len(words)) + 1))
        if words[-1] in self.data.whole_subjects and not known_head:
            return None
        cues = self.data.attribute_of_cue
        if words[-1] in cues or " ".join(words) in cues:
            return None  # "200 wounded": the counted noun is the attribute itself
        head_words, modifiers = words, []
        for size in range(min(3, len(words)), 0, -1):
            tail = " ".join(words[-size:])
            if tail in self.data.subject_heads:
                head_words, modifiers = [self.data.subject_heads[tail]], words[:-size]
                break
        else:
            head_words, modifiers = [words[-1]], words[:-1]
        canon: list[str] = []
        i = 0
        while i < len(modifiers):  # longest known modifier phrase first
            for size in range(min(3, len(modifiers) - i), 0, -1):
                phrase = " ".join(modifiers[i:i + size])
                if phrase in self.data.subject_modifiers:
                    canon.append(self.data.subject_modifiers[phrase])
                    i += size
                    break
            else:
                canon.append(modifiers[i])
                i += 1
        return " ".join([*canon, *head_words])

    def _figure_in(self, start: int, end: int) -> bool:
        """Whether a figure starts in ``[start, end)``."""
        i = bisect.bisect_left(self.quantity_starts, start)
        return i < len(self.quantity_starts) and self.quantity_starts[i] < end

    def _subordinate_between(self, start: int, end: int) -> bool:
        return bool(_clause_openers(self.doc.text, start, end, _SUBORDINATE))

    def _modality(self, start: int, end: int | None = None) -> str:
        """``start``, ``end``: the figure's span (``end`` for a toll: "claimed 57 lives")."""
        left, _ = self._clause(start)
        left = max(left, start - _MODALITY_REACH)  # "would hunt down …, after 12 died": too far
        # "the toll could rise as 30 people were in critical condition": the modal governs the
        # clause before the subordinator, not the figure after it.
        for m in _clause_openers(self.doc.text, left, start, _SUBORDINATOR):
            left = m.end()
        # Every modality's cues in one pass (a lowered text), else one search each.
        found = self.data.modality_lists.spans(self.lowered, left, start) \
            if self.lowered is not None else {}
        for modality, cues in self.data.modality.items():
            pattern, text = self.phrase_search(cues)
            spans = found[modality] if text is self.lowered else [
                m.span() for m in pattern.finditer(text, left, start)]
            for cue_start, cue_end in spans:
                # "May 14" is a date
                if _overlaps_any(cue_start, cue_end, self.ex.dates, self.date_starts):
                    continue
                if end is not None and self._lives_taken(cue_end, start, end):
                    continue  # "the storm claimed 57 lives": a toll, nobody's claim
                return modality
        return "asserted"

    def _lives_taken(self, cue_end: int, start: int, end: int) -> bool:
        """Whether a verb ending at ``cue_end`` takes lives: "claimed 57 lives", "claimed the
        lives of 96 people"."""
        text = self.doc.text
        between = _LIVES_OF.fullmatch(text, cue_end, start)
        return between is not None and (bool(between.group("lives"))
                                        or text[start:end].lower().endswith(" lives")
                                        or _LIVES_AFTER.match(text, end) is not None)

    def _quantity_fact(self, q: Quantity) -> None:
        found_attribute = self._attribute(q)
        if found_attribute is None:
            return
        attribute, cue_distance = found_attribute
        spec = self.data.attributes[attribute]
        context: dict[str, object] = {}
        if spec.event:
            found = self._event_for(q.start)
            if found is None:
                return  # a toll in a text that names no event cannot be compared: not a fact
            event, attached_by = found
            entity, context = event.id, self._event_context(event)
            context["attached_by"] = attached_by
            time = event.date.iso() if event.date else None
        else:
            holder = self._entity_before(q.start)
            if holder is None:
                return
            entity, time = holder.text, None
        index = self.sentence_of(q.start)
        sentence = self.ex.sentences[index]
        text = self.doc.text
        # Stated firmly: by its own counted noun, or a cue right beside it ("59 injured").
        unit = None if (q.unit or "").lower() in _VERBS_AFTER_FIGURES else q.unit
        if unit and unit.lower().split()[-1] in spec.units:
            unit = None  # "2,818 buildings": the thing counted, no group of it
        context["firm"] = unit is not None or cue_distance <= 1
        if unit is None:  # "among the dead, 97 were women": the group follows the verb
            after = _GROUP_AFTER.match(text, q.end)
            if after and self._is_group(after.group(1)):
                unit = after.group(1)
        # "four more victims", "another 30 bodies": an increment, not the toll.
        context["increment"] = bool(
            _INCREMENT_BEFORE.search(text, max(0, q.start - 10), q.start)
            or ((_INCREMENT_AFTER.match(text, q.end) or _INCREMENT_WORD.search(q.text))
                and not _STILL_AFTER.match(text, q.end)))
        of = _PART_AFTER.match(text, q.end)
        context["part"] = bool(_PART_CUES.search(text[max(sentence.start, q.start - 40):q.start])
                               or (of is not None and of.group(1).lower() in spec.cues))
        subject = self._subject(unit)
        scope = self._scope(q, context.get("places"))
        if scope is not None:  # "1,600 people in Oskel": a part of the toll, its place's own
            context["scope"] = scope
            subject = f"{subject} {scope}" if subject else scope
        elif (label := self._list_label(q)) is not None:  # "- Oskaria: 300 dead": its part
            subject = f"{label} {subject}" if subject else label
        if index not in self.attributions:
            self.attributions[index] = _ATTRIBUTION.search(sentence.text)
        attribution = self.attributions[index]
        value, low, high = q.value, q.low, q.high
        measure = self._measure(q) if attribute in self.data.measures.cues else None
        if measure is not None and _CONVERSION_BEFORE.search(text, max(0, q.start - 30), q.start) \
                and text.startswith(")", q.end):
            return  # "45-metre-high (150-foot)": the figure before, in other units
        measures = self.data.measures
        if measure is not None and measures.dimensions[attribute] in measures.compound and (
                thing := self._measured_thing(q)) is not None:
            context["thing"] = thing  # "the 60-metre tower": compared with towers only
        if measure is not None:  # measures are compared in their base unit
            factor = measure[1]
            if q.qualifier == "exact":  # "6 miles": what rounds to 6 (a rounded conversion)
                low, high = _rounded(q)
            dimension = self.data.measures.dimensions[attribute]
            value, unit, subject = value * factor, BASE_UNITS.get(dimension), None
            low = None if low is None else low * factor
            high = None if high is None else high * factor
        self._fact("quantity", entity, attribute, q.start, q.end, value, low=low,
                   high=high, qualifier=q.qualifier, subject=subject,
                   unit=unit, time=time, modality=self._modality(q.start, q.end),
                   speaker=attribution.group(1).strip() if attribution else None,
                   context=context)

    def _share_fact(self, q: Quantity) -> bool:
        """A share of a count (rules/attributes.yaml ``shares``): whose it is ("X won 50.9%",
        "49.1% for X", "X's 49.1%", "49.1% of votes went to X"), or how far the count has got
        ("with 99% of votes counted", a fact of the event). Whether the figure was one."""
        shares = self.data.shares
        if not shares.attribute or (q.unit or "").lower() not in _PERCENT_UNITS:
            return False
        text = self.doc.text
        _, right = self._clause(q.start)
        after = text[q.end:min(right, q.end + 60)]
        if shares.counted_pattern.match(after):
            found = self._event_for(q.start)
            if found is not None:
                event, attached_by = found
                context = self._event_context(event) | {"attached_by": attached_by}
                self._share(q, event.id, shares.counted, context)
            return True
        if not shares.cue_pattern.search(self.doc.text, max(0, q.start - 80), right):
            return False  # a share of something else: "a 5% rise"
        sentence = self.ex.sentences[self.sentence_of(q.start)]
        dated = self._dates_from(sentence.start, q.start)
        if dated and self.main_event is not None and self._long_before(dated[-1]):
            return True  # "in 2017, when Macron won 66.1%": an earlier vote's share
        holder = _HOLDER_BEFORE.search(text, max(0, q.start - 60), q.start)
        name = holder.group(1) if holder else None
        if name is None:
            m = _HOLDER_AFTER.match(after)
            name = m.group(1) if m else None
        if name is None or name.split()[0] in STOP_WORDS:
            return False
        self._share(q, name.rstrip("."), shares.attribute, {"firm": True})
        return True

    def _share(self, q: Quantity, entity: str, attribute: str,
               context: dict[str, object]) -> None:
        # "48%": what rounds to 48, as a measure (48.1% in another text is no conflict).
        low, high = _rounded(q) if q.qualifier == "exact" else (q.low, q.high)
        self._fact("quantity", entity, attribute, q.start, q.end, q.value, low=low,
                   high=high, qualifier=q.qualifier, unit="%",
                   modality=self._modality(q.start), context=context)

    def _age_fact(self, q: Quantity) -> bool:
        """A person's age: "Maria Lopez, 41," or "the 41-year-old Maria Lopez" (a fact of the
        person, attribute "age"). Whether the figure was one."""
        text = self.doc.text
        if _AGE_AFTER.match(text, q.end) or (q.unit or "").lower() in ("year-old", "years-old"):
            entities = self._entities_from(q.end, q.end + 3)  # "the 41-year-old Maria Lopez"
            holder = entities[0] if entities else None
            if holder is None and _THE_BEFORE.search(text, max(0, q.start - 5), q.start):
                # "the 41-year-old said": the person named last, in the sentences just before
                named = [e for e in self._entities_from(max(0, q.start - 300), q.start)
                         if e.kind == "person"]
                holder = named[-1] if named else None
        elif _AGE_BEFORE.search(text, max(0, q.start - 40), q.start) and not q.unit \
                and _AGE_CLOSE.match(text, q.end):  # "Maria Lopez, 41, a teacher"
            before = [e for e in self._entities_from(max(0, q.start - 60), q.start)
                      if 0 <= q.start - e.end <= 2]
            holder = before[-1] if before else None
        else:
            return False
        if holder is not None and holder.kind in ("person", "name") \
                and self._place_at(holder.start) is None:
            name = _TITLE_WORD.sub("", holder.text)  # "Victim John Atkinson": the person
            self._fact("quantity", name, "age", q.start, q.end, q.value, low=q.low,
                       high=q.high, qualifier=q.qualifier, modality=self._modality(q.start),
                       context={"firm": True, "person": name})
        return True

    def _scope(self, q: Quantity, event_places: object) -> str | None:
        """The place a figure is limited to, named just after it in its clause ("killed 1,600
        people in Oskel", "90 killed outside the city of X"), before it ("the Oskel valley,
        where 1,600 died") or opening its sentence, as "in oskel". The event's only place is
        no limit: "22 killed in <the event's place>" is the whole toll."""
        _, right = self._clause(q.start)
        text = self.doc.text
        m = _SCOPE_AFTER.match(text, q.end, min(right, q.end + 60))
        place = self._place_at(m.end()) if m is not None else None
        cue, at = (m.group(1), m.end()) if m is not None else ("", 0)
        if place is None:
            place, at = self._place_where(q)
            cue = "in"
        if place is None:
            # "In Oskel, the toll stands at 1,600": the place opens the figure's sentence.
            sentence = self.ex.sentences[self.sentence_of(q.start)]
            m = _SCOPE_OPENING.match(text, sentence.start, q.start)
            place = self._place_at(m.end()) if m is not None else None
            if m is None or place is None or "," not in text[m.end():q.start]:
                return None
            cue, at = m.group(1), m.end()
        places = event_places if isinstance(event_places, list) else []
        if len(places) == 1 and places_overlap([place], places, self.data.place_heads):
            return None
        if text.startswith(place, at):
            # "400 dead in Varnia earthquake", "6 killed in Lenn train crash": the place names
            # the event (its word next, or after one word)
            end, triggers = at + len(place), self.data.event_types
            word = _WORD_AFTER.match(text, end, end + 30)
            if self._names_an_event_after(end, triggers) or (
                    word is not None and self._names_an_event_after(word.end(), triggers)):
                return None
        return f"{' '.join(cue.lower().split())} {place.lower()}"

    def _place_where(self, q: Quantity) -> tuple[str | None, int]:
        """A place right before "where" and the figure: "the Oskel Valley, where 1,600 died";
        of "the Tamar mosque in Oskel, where 41 died", the mosque."""
        text = self.doc.text
        before = self._entities_from(max(0, q.start - 120), q.start)
        for i in range(len(before) - 1, -1, -1):
            if _WHERE_BETWEEN.fullmatch(text, before[i].end, q.start):
                while i > 0 and _IN_BETWEEN.fullmatch(text, before[i - 1].end, before[i].start) \
                        and self._place_at(before[i - 1].start) is not None:
                    i -= 1
                return self._place_at(before[i].start), before[i].start
        # "the central region, where 2,757 died": a place named by its head word alone.
        head = _HEAD_WHERE.search(text, max(0, q.start - 60), q.start)
        if head is not None and head.group(2).lower() in self.data.place_heads:
            return head.group(1), head.start(1)
        return None, 0

    def _list_label(self, q: Quantity) -> str | None:
        """The name that labels the list item the figure stands in ("- Oskaria: 300 dead and 40
        missing", "• Velden Province: 41"): a breakdown, each item a part of the whole."""
        text = self.doc.text
        m = _LIST_LABEL.match(text, text.rfind("\n", 0, q.start) + 1, q.start)
        if m is None:
            return None
        label = " ".join(m.group(1).lower().split())
        return self.data.subject_modifiers.get(label, label)

    def _entity_before(self, offset: int) -> EntityMention | None:
        sentence = self.ex.sentences[self.sentence_of(offset)]
        first = bisect.bisect_left(self.entity_starts, sentence.start)
        last = bisect.bisect_left(self.entity_starts, offset)  # later ones end after offset
        for e in reversed(self.ex.entities[first:last]):
            if e.end <= offset and e.kind != "person" and self._place_at(e.start) is None:
                return e
        return None

    # relations and founding dates --------------------------------------------------------
    def _year_after(self, offset: int, right: int) -> DateMention | None:
        dates = self._dates_from(offset, right)
        return dates[0] if dates else None

    def _relation_facts(self) -> None:
        text = self.doc.text
        for sentence in self._sentences_with(_RELATION_WORDS):  # no "since", no relation
            if not _FIGHTING_VERBS.search(sentence.text):
                continue
            first = bisect.bisect_left(self.entity_starts, sentence.start)
            in_sentence = self.ex.entities[first:bisect.bisect_left(self.entity_starts,
                                                                    sentence.end)]
            sides = [e.text for e in in_sentence
                     if e.kind not in ("person", "place") and self._place_at(e.start) is None]
            side_names = set(sides)
            two_sides = _two_distinct(sides, exact=True)
            for m in _RELATION_SINCE.finditer(sentence.text):
                since = sentence.start + m.start()
                date = self._year_after(since, since + 40)
                if date is None or date.relative:
                    continue
                before = (e.text for e in reversed(
                    self.ex.entities[first:bisect.bisect_left(self.entity_starts, since)])
                    if e.text in side_names)
                # "X and Y have been fighting since": the two named just before; else the
                # sentence must name exactly two sides, or the relation is unclear.
                names = _two_distinct(before) or two_sides
                if names is None:
                    continue
                self._fact("date", " ↔ ".join(names), "fighting-since", date.start, date.end,
                           date.iso(), time=date.iso(), context={"participants": names})
        del text

    def _founding_facts(self) -> None:
        text = self.doc.text
        verb_at = self._sentence_indices_with(_FOUNDING_VERBS)
        noun_at = self._sentence_indices_with(_FOUNDING_NOUNS)
        for k in sorted({*verb_at, *noun_at}):
            sentence = self.ex.sentences[k]
            for m in _FOUNDING.finditer(sentence.text) if k in verb_at else ():
                cue = sentence.start + m.start()
                if re.search(r"\bto\s*$", text[max(0, cue - 4):cue]):
                    continue
                date = self._year_after(cue, min(sentence.end, cue + 60))
                if date is None:
                    continue
                if m.start() == 0:  # "Founded in 2013, the Umoja Forces …": named right after
                    holder = [e for e in self._entities_from(date.end, date.end + 26)
                              if e.kind != "place"][:1]
                else:  # "X was founded in", "X, founded in"
                    holder = self._ending_before(sentence.start, cue)
                if holder:
                    self._fact("date", holder[-1].text, "founded", date.start, date.end,
                               date.iso(), time=date.iso())
            for m in _FOUNDING_NOUN.finditer(sentence.text) if k in noun_at else ():
                cue = sentence.start + m.start()
                date = self._year_after(cue, min(sentence.end, cue + 40))
                after = self._entities_from(date.end + 1, sentence.end) if date else []
                if date is not None and after:
                    self._fact("date", after[0].text, "founded", date.start, date.end,
                               date.iso(), time=date.iso())

    def _ending_before(self, lo: int, cue: int) -> list[EntityMention]:
        """The mentions starting at ``lo`` or later that end at most three characters before
        ``cue`` ("X was founded in", "X records began"), in order."""
        return [e for e in self._entities_from(lo, cue + 1) if 0 <= cue - e.end <= 3]

    def _records_facts(self) -> None:
        for sentence in self._sentences_with(_RECORDS_WORDS):
            for m in _RECORDS_BEGAN.finditer(sentence.text):
                cue = sentence.start + m.start()
                date = self._year_after(cue, min(sentence.end, cue + 30))
                holder = self._ending_before(sentence.start, cue)
                if date is not None:
                    entity = holder[-1].text if holder else "records"
                    self._fact("date", entity, "records-began", date.start, date.end,
                               date.iso(), time=date.iso())

    # quotes and names --------------------------------------------------------------------
    def _quote_facts(self) -> None:
        for quote in as_spoken(self.doc.text, self.ex.quotes):
            if len(quote.text.split()) < 4:
                continue
            # The words are the span as written, unless joined over an attribution.
            written = quote.text if quote.end - quote.start == len(quote.text) else None
            self._fact("quote", quote.speaker or "(unattributed)", "quote", quote.start,
                       quote.end, quote.text, text=written, speaker=quote.speaker)

    def _name_facts(self) -> None:
        self.out.extend(name_facts(self.doc, self.ex))


def _two_distinct(names: Iterable[str], exact: bool = False) -> list[str] | None:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name_key(name), name)
        if len(seen) > 2:  # the answer is known: the first two, or None when exact
            break
    if len(seen) < 2 or (exact and len(seen) != 2):
        return None
    return sorted(list(seen.values())[:2], key=name_key)


def dates_compatible(a: DateMention, b: DateMention, window_days: int) -> bool:
    """Two mentions may name the same day: equal at their shared precision, or days within
    the window."""
    if a.year != b.year:
        if a.day and b.day and a.month and b.month:
            return abs(_ordinal(a) - _ordinal(b)) <= window_days
        return False
    if a.month is None or b.month is None:
        return True
    if a.day is None or b.day is None:
        return a.month == b.month
    return abs(_ordinal(a) - _ordinal(b)) <= window_days


def _ordinal(d: DateMention) -> int:
    from datetime import date

    return date(d.year, d.month or 1, d.day or 1).toordinal()


_PLACE_STOP = frozenset(["the", "of", "and", "in", "at", "de", "la", "el", "al", "international"])


def place_tokens(places: list[str], heads: frozenset[str] = frozenset()) -> set[str]:
    return set().union(*(_place_words(place, heads) for place in places))


@lru_cache(maxsize=4096)  # events compare the same places again and again
def _place_words(place: str, heads: frozenset[str]) -> frozenset[str]:
    return frozenset(word for word in re.findall(r"\w+", place.lower())
                     if word not in _PLACE_STOP and word not in heads and len(word) > 1)


def _add_places(event: LocalEvent, places: list[str]) -> None:
    """Append the places the event does not have yet, in order, each once."""
    known = set(event.places)
    event.places.extend(p for p in dict.fromkeys(places) if p not in known)


def places_overlap(a: list[str], b: list[str], heads: frozenset[str] = frozenset()) -> bool:
    return bool(place_tokens(a, heads) & place_tokens(b, heads))
