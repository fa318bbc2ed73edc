"""Named entities (people, organisations, places, acronyms) and the aliases a text declares.

One regular-expression pass finds runs of capitalised tokens joined by spaces and the small
words names carry inside them ("of", "for", "&", "de", "bin" ...). Each run is then cut where
a connector does not belong to a name ("Chad and Niger" is two names, "Department of Health
and Human Services" one), stripped of sentence-initial function words and titles, and given a kind
from general cues (honorifics, role appositions, organisation and place head words).

A capitalised word at the start of a sentence, or in a title-case headline, is only a name when
the text also capitalises it mid-sentence; a mid-sentence capital is evidence, a sentence-initial
one is not.

Aliases are read from what the text itself declares: "X, also known as Y and Z", "X (ABBR)",
"ABBR (expansion)", "X, formerly Y", "X, or Y,". A parenthesis that expands nothing, such as a
place or a news agency, declares nothing.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from factcheck.extract.patterns import trie
from factcheck.model import EntityMention


def _char_class(predicate: Callable[[str], bool]) -> str:
    """A regex character class of every BMP character the predicate accepts (Python's ``re``
    has no ``\\p{Lu}``)."""
    ranges: list[tuple[int, int]] = []
    start = -1
    for cp in range(0x10000):
        if predicate(chr(cp)):
            if start < 0:
                start = cp
        elif start >= 0:
            ranges.append((start, cp - 1))
            start = -1
    parts = [re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
             for a, b in ranges]
    return "[" + "".join(parts) + "]"


def _is_capital(c: str) -> bool:
    """A capital of the cased scripts news is written in (Latin, Greek, Cyrillic, and Latin
    Extended Additional for Vietnamese); a smaller class keeps regex compilation quick."""
    return (c.isupper() or c.istitle()) and (ord(c) < 0x530 or 0x1E00 <= ord(c) < 0x1F00)


UPPER = _char_class(_is_capital)
_ALNUM = r"[^\W_]"
_SP = r"[ \t\u00a0]+"


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviated words that end in a dot but do not end a sentence inside a name.
_ABBR_WORDS = _words("Mrs Mr Ms Mx Dr Prof St Mt Ft Gen Lt Col Maj Sgt Capt Cpl Adm Cmdr Gov Sen "
                     "Rep Rev Hon Jr Sr Inc Corp Ltd Co Bros")
# Arabic article prefixes: al-Haddad, ash-Sham.
_ARTICLE_PREFIXES = _words("al el ul ad ar as ash at az an")
# One name token: an abbreviated word, a dotted acronym (U.S., U.K), an initial (F.), a word
# with inner hyphens/apostrophes before capitals (Anna-Lena, RSF-K, O'Brien, AT&T, COVID-19),
# or an Arabic article prefix (al-Haddad). A possessive 's is never part of a token.
TOKEN = (
    rf"(?:(?:{trie(_ABBR_WORDS)})\.(?!{_ALNUM})"
    rf"|{UPPER}(?:\.{UPPER})+(?!{_ALNUM})\.?"
    rf"|{UPPER}\.(?=\s)"
    rf"|{UPPER}{_ALNUM}*(?:(?:['’&]{UPPER}|-(?:{UPPER}|\d)){_ALNUM}*)*"
    rf"|(?:{trie(_ARTICLE_PREFIXES)})-{UPPER}{_ALNUM}*(?:-(?:{UPPER}|\d){_ALNUM}*)*)"
)

# Small words that sit between name tokens: particles of personal names always join,
# the others join only when the cut rules below say so.
PARTICLES = _words(
    "de del della der den di da du des dos das la le van von bin ibn bint al el")
_CONN = (rf"(?:{trie(PARTICLES | {'of', 'for', 'in', 'and', '&'})}{_SP}"
         rf"(?:{trie(('the', 'la', 'de', 'der', 'den'))}{_SP})?)")
_RUN = rf"({TOKEN}(?:{_SP}{_CONN}?{TOKEN})*)"
# A run starts a word: the character before it is no word character, apostrophe, ampersand or
# dot.
_RUN_RE = re.compile(rf"(?<![\w'’&.]){_RUN}")
_PART_RE = re.compile(rf"(?P<tok>{TOKEN})|(?P<conn>[^\s]+)")

# Capitalised words that are not names on their own: function words, sentence adverbs,
# pronouns, auxiliaries. A general English list, not tied to any topic.
STOP_WORDS = _words("""
A An The This That These Those There Here It Its It's He She We They I You His Her Hers Him
Their Theirs Our Ours My Your Me Us Them One Someone Something Nobody Nothing Everyone
However But And Or Nor So Yet For In On At By To From With Without After Before During Since
Until Till While Whilst When Whenever Where Wherever What Whatever Why How Who Whom Whose Which
If Unless Although Though Because As Of Over Under About Above Below Despite According Also
Meanwhile Still Then Now Today Tonight Yesterday Tomorrow Last Next Both Each Every All Any Some
Many Much Most More Less Least Several Few Other Others Another Such No Not Yes Once Even Only
Just Instead Indeed Moreover Furthermore Nevertheless Nonetheless Therefore Thus Hence
Otherwise Whether Unlike Among Amid Amidst Between Against Through Throughout Into Onto Upon
Within Beyond Near Across Along Around Behind Toward Towards Via Per Following Including
Regarding Later Earlier Already Again Never Always Often Sometimes Perhaps Maybe Please Do Does
Did Don't Doesn't Didn't Is Are Was Were Be Been Being Has Have Had Would Could Should Shall
Might Must Can Cannot Can't Won't Let Lets Let's Yet Besides Beside Overall Finally First
Second Third Firstly Secondly Lastly Initially Eventually Currently Recently Previously
Similarly Likewise Additionally Consequently Accordingly Specifically Notably Especially
Clearly Obviously Apparently Reportedly Allegedly Officially Separately Ultimately Meantime
Elsewhere Altogether Anyway Sure Yes Oh Well Ok Okay
""")
MONTHS_AND_DAYS = _words("""
January February March April May June July August September October November December
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri
Sat Sun
""")
# Titles and honorifics that stand before a person's name; modifiers may precede them.
TITLE_HEADS = _words("""
President Minister Chancellor Premier Senator Sen. Representative Rep. Congressman
Congresswoman Governor Gov. Mayor King Queen Prince Princess Emperor Empress Pope Cardinal
Bishop Archbishop Rabbi Imam Sheikh Sheik Ayatollah Judge Secretary Secretary-General
Chairman Chairwoman Chairperson Commissioner Ambassador Envoy Gen. Lt. Lieutenant Col.
Colonel Maj. Capt. Captain Sgt. Sergeant Admiral Adm. Commander Cmdr. Coach Detective
Inspector Superintendent Professor Prof. Prof Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Mx. Sir Dame
Lord Rev. Reverend Hon. Spokesman Spokeswoman Spokesperson Marshal Chief Officer CEO CFO COO
""")
TITLE_MODIFIERS = _words("""
Former Acting Deputy Vice Interim Senior Prime Foreign Defence Defense Interior Finance Health
Home Justice Education Trade Economy Energy Environment Transport Chief Assistant Associate
Lord Lady Crown Grand Supreme Attorney Police Army Military Fire Federal State District County
""")
# One word alone that never names anything: a function word, a date word, or a title.
_NEVER_ALONE = STOP_WORDS | MONTHS_AND_DAYS | TITLE_HEADS | TITLE_MODIFIERS
ORG_HEADS = _words("""
Institute Institution University College School Academy Project Ministry Department Network
Group Organization Organisation Agency Council Committee Commission Mission Party Army Front
Centre Center Corporation Corp. Company Co. Inc. Ltd. Bank Association Foundation Union
Federation League Alliance Coalition Board Bureau Office Service Services Authority Court
Parliament Assembly Congress Senate Police Navy Force Forces Guard Guards Brigade Brigades
Movement Society Trust Fund Club Team Programme Program Initiative Campaign Administration
Secretariat Command Embassy Consulate Hospital Museum Church Laboratory Laboratories Systems
Technologies Airlines Airways Holdings Partners Media Watch Tribunal Cabinet Directorate
Studies Affairs Research Sciences Observatory Commissariat Corps Battalion Regiment Division
Agency Companies Group Press Times Post News Journal Herald Gazette Broadcasting Radio
Television Foundation Red Crescent Cross Survey Exchange
""")
# Words that end an organisation name after "and": "Centre for Flood Risk and Coastal
# Studies", "Department of Health and Human Services".
_AND_TAIL_HEADS = ORG_HEADS | _words(
    "Development Technology Cooperation Trade Industry Security Relations Justice Welfare Rights "
    "Planning Environment Culture Sport Sports Tourism Arts Energy Health Education")
# "X of A and B" stays one name when X is one of these: "State of Lagoa and Tarvia".
_AND_OF_HEADS = _words(
    "State Ministry Department Bureau Office Institute University School College Faculty Center "
    "Centre Commission Committee Council Organization Organisation Federation Association Society "
    "Union Museum Academy Secretary Minister Board Court")
# "X in Y" stays one name when X ends with one of these: "Monitoring Mission in Tarvia".
_IN_HEADS = _words(
    "Mission Missions Embassy Consulate Force Forces Command State Operation Operations Church "
    "Office Representative Delegation")
PLACE_HEADS = _words("""
City County District Province Region Prefecture Municipality Borough Township Village River
Lake Sea Ocean Island Islands Mountains Mountain Valley Street Road Avenue Square Bridge Bay
Gulf Coast Peninsula Desert Airport Port Harbor Harbour Canal Strait Hills Heights Falls Beach
Station Oblast Governorate Territory Territories Republic Kingdom Emirates States Basin Delta
""")
_PLACE_FIRST = _words("Mount Mt. Lake Gulf Bay Cape Port Fort Ft. Isle Strait")
# Place heads that long organisation names also end with.
_TERRITORIAL_HEADS = _words("Province Region District Territory Territories")
# First words of many multi-word place names.
_PLACE_MODIFIERS = _words(
    "New North South East West Northern Southern Eastern Western Central Upper Lower Great "
    "Greater United Saudi Sri San Santa Los Las El La Le Hong Costa Puerto Cape Port Mount Lake "
    "Gulf Bay Fort St. Saint Sierra Burkina Papua Czech Dominican")
# "in Lyon", "near Osaka": a lone name after a locative preposition is most likely a place.
_PLACE_PREPOSITIONS = ("in", "near", "across", "throughout", "outside", "inside")
_PLACE_BEFORE_RE = re.compile(rf"\b(?:{'|'.join(_PLACE_PREPOSITIONS)})[ \t]+\Z")
_ROLE_NOUNS = (
    "director|professor|spokesman|spokeswoman|spokesperson|adviser|advisor|analyst|expert|"
    "researcher|fellow|chief|head|minister|president|chairman|chairwoman|chair|secretary|ceo|"
    "founder|co-founder|author|editor|correspondent|reporter|journalist|lawyer|attorney|"
    "official|officer|commander|general|leader|member|senator|governor|mayor|economist|"
    "scientist|historian|lecturer|manager|executive|ambassador|envoy|deputy|coordinator|"
    "specialist|consultant|strategist|partner|owner|resident|witness|survivor|mother|father|"
    "son|daughter|wife|husband|brother|sister|student|teacher|doctor|nurse|farmer|worker|"
    "activist|candidate|lawmaker|legislator|diplomat|colonel|captain|coach|player|striker|"
    "midfielder|defender|goalkeeper|manager|singer|actor|actress|writer|poet|artist|"
    "investor|banker|trader|engineer|pilot|soldier|veteran|victim|hostage|suspect|judge|"
    "prosecutor|commissioner|inspector|superintendent|founder|owner|scholar|academic")
# ", senior director at", ", 42,", ", who": what follows a person's name, not a place's.
_APPOSITION_RE = re.compile(
    rf",[ \t]+(?:who\b|\d{{1,3}}[ \t]*,|(?:(?:a|an|the)[ \t]+)?(?:[a-z][\w’'-]*[ \t]+){{0,4}}"
    rf"(?:{trie(_ROLE_NOUNS.split('|'))})"
    rf"(?=[ \t]+(?:at|of|for|to|with|in|and|on|from|who)\b|[,.;]))")
SPEECH_VERBS = (
    "said|says|say|told|tells|tell|added|adds|explained|explains|observed|observes|noted|notes|"
    "argued|argues|stated|warned|warns|wrote|writes|continued|continues|insisted|insists|"
    "asked|asks|replied|replies|recalled|recalls|claimed|claims|acknowledged|acknowledges|"
    "admitted|admits|suggested|suggests|commented|comments|remarked|remarks|declared|declares|"
    "announced|announces|emphasized|emphasised|emphasizes|emphasises|stressed|stresses|"
    "pointed out|points out|cautioned|cautions|predicted|predicts|concluded|concludes|"
    "agreed|agrees|responded|responds|maintained|maintains|contended|contends|testified|"
    "tweeted|posted|reported|reports|confirmed|confirms|denied|denies|asserted|asserts|"
    "alleged|alleges|recounted|recounts|urged|urges|vowed|vows|promised|promises|mused|"
    "quipped|joked|pleaded|wondered|wonders|believes|believed|thinks|thought|estimated|"
    "estimates|cautioned|conceded|concedes|countered|counters|summed up|sums up|put it|puts it|"
    "was quoted as saying|is quoted as saying")
# Both patterns are only asked whether they match, so a prefix tree (one branch per letter)
# answers as the plain alternation would.
_SPEECH_AFTER_RE = re.compile(
    rf"[ \t]+(?:(?:has|had|also|later)[ \t]+)?(?:{trie(SPEECH_VERBS.split('|'))})\b")

_ALIAS_CUE_RE = re.compile(
    r"(?P<open>[ \t]*\([ \t]*|,[ \t]*|[ \t]+)"
    r"(?P<cue>also[ \t]+known[ \t]+as|also[ \t]+called|a\.k\.a\.?|aka|"
    r"formerly[ \t]+known[ \t]+as|formerly[ \t]+called|formerly|known[ \t]+as|or)"
    r"[ \t]+(?:the[ \t]+)?")
_ALIAS_SEP_RE = re.compile(
    r",[ \t]*(?:(?:and|or)[ \t]+)?(?:the[ \t]+)?|[ \t]+(?:and|or)[ \t]+(?:the[ \t]+)?")
_PAREN_RE = re.compile(r"\([ \t]*([^()\n]{1,150}?)[ \t]*\)")
_WORD_SPAN_RE = re.compile(r"[^\s]+")
_LEADING_THE_RE = re.compile(r"(?:[Tt]he)[ \t]+")
# Reporting periods written in capitals: Q3, H1, FY2024.
_PERIOD_LABEL_RE = re.compile(r"[QH][1-4]|FY\d{2,4}")

# Function words an abbreviation may skip and a merge key ignores.
_FUNCTION_WORDS = _words(
    "the of in for and & on at to de du des la le al el a an y und et")
_KEY_DROP = _words("the of in for and al el")
_KEY_WORD_RE = re.compile(r"[^\W_]+")
_ABBREVIATED_WORD_SEP_RE = re.compile(r"[\s\-–/]+")
# Words a title-case headline leaves in lowercase.
_TITLE_CASE_LOWER = _words(
    "a an the of in on at to for by and or but nor as vs via with from into over per than "
    "about above across after against along amid among around before behind below beneath "
    "beside between beyond despite during inside near off onto out outside past since through "
    "toward towards under until upon within without up down")


@dataclass(slots=True)
class _Token:
    start: int  # offsets in the run
    end: int
    text: str
    conn: str  # connector words between the previous token and this one ("" for a space)


@dataclass(slots=True)
class _Segment:
    tokens: list[_Token]
    initial: bool  # first token stands where any word is capitalised (sentence start)


@dataclass(frozen=True, slots=True)
class _Cut:
    """A multi-word run cut into segments, its words, and those it shows capitalised where
    capitals are not automatic."""
    segments: tuple[_Segment, ...]
    words: frozenset[str]
    evidence: tuple[str, ...]


class _Name(NamedTuple):
    """A name in a run, with what of its kind its words decide."""
    start: int  # offsets in the run
    end: int
    text: str
    kind: str  # "" when the words leave it to what surrounds the mention
    speaker: bool  # "X said" makes it a person
    single: bool  # one word: "in X" makes it a place


def find_entities(text: str) -> list[EntityMention]:
    """Named-entity mentions in ``text``, sorted by start offset."""
    if not text:
        return []
    title_lines = _title_line_spans(text)
    title_starts = [s for s, _ in title_lines]
    # start, run, sentence-initial, in a title line, the run's cut (None for one word)
    runs: list[tuple[int, str, bool, bool, _Cut | None]] = []
    known: set[str] = set()  # tokens the text capitalises where capitals are not automatic
    for m in _RUN_RE.finditer(text):
        start = m.start(1)
        in_title = False
        if title_starts:
            i = bisect_right(title_starts, start) - 1
            in_title = i >= 0 and start < title_lines[i][1]
        initial = _is_sentence_initial(text, start)
        run = m.group(1)
        if " " not in run and "\t" not in run and "\u00a0" not in run:
            # Most runs are one word: no connectors to cut, and a word that is never a name
            # alone ("The", "May", "President") only counts as capitalised evidence.
            if not initial and not in_title:
                known.add(run)
            if run not in _NEVER_ALONE:
                runs.append((start, run, initial, in_title, None))
            continue
        cut = _cut(run, initial)
        if not in_title:
            known.update(cut.evidence)
        runs.append((start, run, initial, in_title, cut))
    mentions: list[EntityMention] = []
    for start, run, initial, in_title, cut in runs:
        # ``known`` is complete by now; the rules ask it only about the run's own words.
        if cut is None:
            names = _word_name(run) if _lone_word_kept(run, initial, in_title, known) else ()
        else:
            names = _names(run, initial, in_title, cut.words & known)
        for name in names:
            s, e = start + name.start, start + name.end
            mentions.append(EntityMention(s, e, name.text, name.kind or _context_kind(
                text, s, e, name)))
    _propagate_person(mentions)
    return _declare_aliases(text, mentions)


def _is_sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0\"“”‘’'([{*•":
        i -= 1
    return i < 0 or text[i] in "\n\r.!?:…"


def _title_line_spans(text: str) -> list[tuple[int, int]]:
    """Lines set in title case (headlines, captions, bylines): their capitals prove nothing.
    A line is one when every word it leaves lowercase is a small function word."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if 0 < n <= 200 and _is_title_case(line):
            spans.append((pos, pos + n))
        pos += n + 1
    return spans


def _is_title_case(line: str) -> bool:
    has_words = False
    for word in line.split():
        if word[:1].isalpha():
            if not word[0].isupper() and word not in _TITLE_CASE_LOWER:
                return False  # most lines of prose end here, at their first lowercase word
            has_words = True
    return has_words


@lru_cache(maxsize=1 << 15)
def _word_name(word: str) -> tuple[_Name, ...]:
    """A one-word run the text keeps, as a name (or none): the word alone decides."""
    tokens = [_Token(0, len(word), word, "")]
    return (_name(word, tokens, False),) if _is_name(tokens) else ()


@lru_cache(maxsize=1 << 15)
def _names(run: str, initial: bool, in_title: bool, known: frozenset[str]) -> tuple[_Name, ...]:
    """The names in a multi-word run. ``known``: the run's words the text capitalises where
    capitals are not automatic (all the rules ask), so a run yields the same names wherever
    it occurs, in any document."""
    return tuple(_name(run, tokens, person) for seg in _cut(run, initial).segments
                 for tokens, person in _accepted(seg, in_title, known))


def _name(run: str, tokens: list[_Token], person: bool) -> _Name:
    start, end = tokens[0].start, tokens[-1].end
    words = [t.text for t in tokens]
    return _Name(start, end, run[start:end], _word_kind(words, person),
                 len(words) >= 2 and words[0] not in _PLACE_MODIFIERS
                 and not any(_is_acronym(w) for w in words),
                 len(words) == 1)


def _run_tokens(run: str) -> list[_Token]:
    tokens: list[_Token] = []
    conn: list[str] = []
    for part in _PART_RE.finditer(run):
        if part.lastgroup == "tok":
            tokens.append(_Token(part.start(), part.end(), part.group(), " ".join(conn)))
            conn = []
        else:
            conn.append(part.group())
    return tokens


@lru_cache(maxsize=1 << 14)
def _cut(run: str, initial: bool) -> _Cut:
    """Segments of a multi-word run: its text and whether it starts a sentence decide them,
    so they are shared by every occurrence (and never changed)."""
    tokens = _run_tokens(run)
    out: list[_Segment] = []
    current = [tokens[0]]
    current_initial = initial
    for i in range(1, len(tokens)):
        tok = tokens[i]
        if not tok.conn:
            before = tokens[i - 1].text
            if tok.text in STOP_WORDS and (before.endswith(".") or (
                    len(before) > 2 and before.isalpha() and before.isupper())):
                # "... the U.S. The group ...", a dateline "HOUSTON The storm ...": a new
                # sentence starts inside the run.
                out.append(_Segment(current, current_initial))
                current, current_initial = [tok], True
                continue
            current.append(tok)
        elif _connector_joins(tok.conn, current, tokens, i):
            current.append(tok)
        else:
            out.append(_Segment(current, current_initial))
            current, current_initial = [tok], False
    out.append(_Segment(current, current_initial))
    evidence = tuple(t.text for seg in out for t in (seg.tokens[1:] if seg.initial else seg.tokens))
    return _Cut(tuple(out), frozenset(t.text for t in tokens), evidence)


def forget_runs() -> None:
    """Empty the caches of capitalised runs (their cuts and names). They serve the documents
    of one extraction; after it they only hold memory (at 4,000 documents 30 MB, all read
    again by nobody), which the graph stage can then use."""
    for cached in (_cut, _names, _word_name):
        cached.cache_clear()


def _connector_joins(conn: str, left: list[_Token], tokens: list[_Token], i: int) -> bool:
    word = conn.split()[0]
    if word in PARTICLES or word in ("of", "&"):
        return True
    last = left[-1].text
    if word == "for":
        return last in ORG_HEADS or last in _AND_OF_HEADS
    if word == "in":
        return last in _IN_HEADS
    # "and": inside "X of/for ..." organisation names only.
    of_at = next((k for k, t in enumerate(left) if t.conn.split()[:1] in (["of"], ["for"])), -1)
    if of_at < 0:
        return False
    right_end = i + 1
    while right_end < len(tokens) and not tokens[right_end].conn:
        right_end += 1
    if tokens[right_end - 1].text in _AND_TAIL_HEADS:
        return True
    return right_end - i == 1 and any(t.text in _AND_OF_HEADS for t in left[:of_at])


def _is_acronym(token: str) -> bool:
    """All capitals, two letters or more; a long all-caps plain word ("LORENZA" in a
    dateline) is a shouted name rather than an acronym."""
    if not token.isupper():
        return False
    letters = sum(c.isalpha() for c in token)
    return letters >= 2 and (letters <= 6 or not token.isalpha())


def _accepted(seg: _Segment, title_line: bool,
              known: Set[str]) -> list[tuple[list[_Token], bool]]:
    """The token groups of a segment that are names, with whether a title marked a person.
    Function words and titles are removed."""
    tokens = seg.tokens
    initial = seg.initial
    if len(tokens) == 1:  # one word: the general steps below, short-cut
        word = tokens[0].text
        if word in _NEVER_ALONE:
            return []
        return ([(tokens, False)] if _lone_word_kept(word, initial, title_line, known)
                and _is_name(tokens) else [])
    k = 0
    while k < len(tokens) and tokens[k].text in STOP_WORDS:
        k += 1
    if k:
        tokens, initial = tokens[k:], False  # "The Guardian", "In Paris": capital after a word
    if not tokens:
        return []
    if title_line:
        groups = _known_groups(tokens, known)
    elif initial and len(tokens) == 1 and tokens[0].text not in known and not _is_acronym(
            tokens[0].text):
        groups = []
    else:
        groups = [tokens]
    out: list[tuple[list[_Token], bool]] = []
    for group in groups:
        before, person = _split_title(group)
        out.extend((part, is_person) for part, is_person in ((before, False), (person, True))
                   if part and _is_name(part))
    return out


def _lone_word_kept(word: str, initial: bool, title_line: bool, known: Set[str]) -> bool:
    """Whether a word standing alone counts as capitalised: where capitals are not automatic,
    elsewhere in the text, or as an acronym."""
    # In a title line, a one-word group is never mixed-case and an acronym at once.
    return word in known if title_line else not initial or word in known or _is_acronym(word)


def _known_groups(tokens: list[_Token], known: Set[str]) -> list[list[_Token]]:
    """In a title-case line, the maximal stretches of tokens the text capitalises elsewhere
    (and, in a mixed-case line, acronyms)."""
    mixed_case = any(any(c.islower() for c in t.text) for t in tokens)
    groups: list[list[_Token]] = []
    current: list[_Token] = []
    for tok in tokens:
        if tok.text in known or (mixed_case and _is_acronym(tok.text)):
            current.append(tok)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _split_title(tokens: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    """("US", "Jane Roe") from "US President Jane Roe": title words go, the name after them
    is a person. No split when what follows is an organisation ("Justice Department")."""
    for i, tok in enumerate(tokens):
        if tok.text not in TITLE_HEADS and tok.text not in TITLE_MODIFIERS:
            continue
        j = i
        while j < len(tokens) and tokens[j].text in TITLE_MODIFIERS:
            j += 1
        if j >= len(tokens) or tokens[j].text not in TITLE_HEADS:
            continue
        j += 1
        # "Secretary of State Antony Blinken", "Secretary General António Guterres"
        if j + 1 < len(tokens) and tokens[j].text in ("State", "General") and (
                tokens[j].conn == "of" or tokens[j].text == "General"):
            j += 1
        rest = tokens[j:]
        if not rest or rest[0].conn or any(t.text in ORG_HEADS or t.text in PLACE_HEADS
                                           for t in rest):
            continue
        return tokens[:i], rest
    if all(t.text in TITLE_HEADS or t.text in TITLE_MODIFIERS for t in tokens):
        return [], []  # a title alone ("the President") names no one
    return tokens, []


def _is_name(tokens: list[_Token]) -> bool:
    if len(tokens) == 1:
        word = tokens[0].text
        if len(word) == 1 or (len(word) == 2 and word.endswith(".")):
            return False
        if _PERIOD_LABEL_RE.fullmatch(word):
            return False
        if word in MONTHS_AND_DAYS or word in STOP_WORDS:
            return False
    return not all(t.text in MONTHS_AND_DAYS for t in tokens)


def _word_kind(words: list[str], person: bool) -> str:
    """The kind the words of a name decide, or "" when they leave it to the context."""
    if person:
        return "person"
    if len(words) == 1 and _is_acronym(words[0]):
        return "acronym"
    if not ORG_HEADS.isdisjoint(words):
        return "org"
    if words[-1] in PLACE_HEADS or words[0] in _PLACE_FIRST:
        return "place"
    return ""


def _context_kind(text: str, start: int, end: int, name: _Name) -> str:
    """The kind of a mention at ``start:end`` whose words decide none. (Each cue pattern
    is only tried where the characters next to the mention allow it.)"""
    after = text[end:end + 1]
    if after == "," and _APPOSITION_RE.match(text, end):
        return "person"
    if name.speaker and after in (" ", "\t") and _SPEECH_AFTER_RE.match(text, end):
        return "person"  # "Maria Lopez said" (but "South Korea said" is a country speaking)
    if name.single:
        window = max(0, start - 16)
        before = text[window:start]
        if (before[-1:] in (" ", "\t")
                and before.rstrip(" \t").endswith(_PLACE_PREPOSITIONS)
                and _PLACE_BEFORE_RE.search(text, window, start)):
            return "place"
    return "name"


def _propagate_person(mentions: list[EntityMention]) -> None:
    """A surname or name seen once as a person is a person everywhere in the text."""
    persons = {m.text for m in mentions if m.kind == "person"}
    surnames = {m.text.split()[-1] for m in mentions if m.kind == "person" and " " in m.text}
    for m in mentions:
        if m.kind == "name" and (m.text in persons or m.text in surnames):
            m.kind = "person"


# --- declared aliases --------------------------------------------------------------------------

def _declare_aliases(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    mentions.sort(key=lambda m: m.start)
    mentions = _parenthetical_aliases(text, mentions)
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        cue = _ALIAS_CUE_RE.match(text, m.end)
        if cue is None:
            continue
        word, opener = cue.group("cue").split()[0], cue.group("open").strip()
        if word in ("known", "formerly", "or") and not opener:
            continue  # "X known as": needs the comma or parenthesis of an apposition
        if word == "or" and _in_list(text, m.start):
            continue  # "Britain, France, or Germany" is a list, not a second name
        aliases = _alias_list(text, cue.end(), by_start, single=word == "or")
        if aliases:
            new = [a for a in dict.fromkeys(aliases) if a not in m.aliases and a != m.text]
            if new:
                m.aliases = [*m.aliases, *new]
    return mentions


def _in_list(text: str, start: int) -> bool:
    before = text[max(0, start - 6):start]
    return bool(re.search(r",[ \t]*(?:the[ \t]+)?\Z", before))


def _alias_list(text: str, pos: int, by_start: dict[int, EntityMention],
                single: bool) -> list[str]:
    aliases: list[str] = []
    while True:
        m = by_start.get(pos)
        if m is None:
            break
        aliases.append(m.text)
        if single:
            return aliases if text[m.end:m.end + 1] in (",", ")") else []
        sep = _ALIAS_SEP_RE.match(text, m.end)
        if sep is None:
            break
        pos = sep.end()
    return aliases


def _parenthetical_aliases(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """"Full Name (ABBR)" and "ABBR (Full Name)": the name outside the parenthesis declares
    the one inside. The full name's span is found by its letters, not by capitals alone."""
    starts = [m.start for m in mentions]
    added: list[EntityMention] = []
    for p in _PAREN_RE.finditer(text):
        inner = p.group(1)
        inner_start = p.start(1)
        lead = _LEADING_THE_RE.match(inner)
        if lead:
            inner, inner_start = inner[lead.end():], inner_start + lead.end()
        if " " not in inner and _looks_abbreviated(inner):
            found = _expansion_before(text, p.start(), inner)
            if found is not None:
                s, e = found
                added.append(EntityMention(s, e, text[s:e], _expansion_kind(text[s:e]),
                                           [inner]))
        elif " " in inner:
            i = bisect_right(starts, p.start()) - 1
            if i < 0:
                continue
            before = mentions[i]
            if (before.kind == "acronym" and not text[before.end:p.start()].strip()
                    and is_abbreviation(before.text, inner)):
                e = inner_start + len(inner)
                if inner not in before.aliases:
                    before.aliases = [*before.aliases, inner]
                added.append(EntityMention(inner_start, e, inner, _expansion_kind(inner)))
    if not added:
        return mentions
    added.sort(key=lambda m: m.start)
    added_starts = [a.start for a in added]
    kept = []
    for m in mentions:
        i = bisect_right(added_starts, m.end - 1) - 1  # the last added span starting before m ends
        if i < 0 or added[i].end <= m.start:
            kept.append(m)
    return sorted(kept + added, key=lambda m: m.start)


def _looks_abbreviated(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 12 and sum(c.isupper() for c in letters) >= 2


def _expansion_before(text: str, paren: int, short: str) -> tuple[int, int] | None:
    """The shortest run of words ending at the parenthesis that ``short`` abbreviates."""
    reach = min(200, 12 * len(short) + 40)  # room for the words the letters can stand for
    line_start = text.rfind("\n", max(0, paren - reach), paren) + 1
    window_start = max(line_start, paren - reach)
    words = list(_WORD_SPAN_RE.finditer(text, window_start, paren))
    initial = _fold(short[:1])
    capitalised = 0
    for k in range(1, min(16, len(words)) + 1):
        first = words[-k]
        word = first.group()
        if k > 1 and word[-1:] in ",.;:!?\"”)":
            return None  # a clause boundary: the name cannot reach further back
        lowered = word.lower()
        if not word[:1].isupper() and lowered not in _FUNCTION_WORDS and not lowered.startswith(
                ("al-", "el-")):
            return None
        if not word[:1].isupper() or lowered == "the":
            continue
        capitalised += 1
        if capitalised > len(short):
            return None  # every capitalised word gives at least one letter
        if _fold(word[:1]) != initial:
            continue
        s, e = first.start(), words[-1].end()
        if is_abbreviation(short, text[s:e]):
            return s, e
    return None


def _expansion_kind(name: str) -> str:
    """Kind of a name the text abbreviates: mostly organisations, which often end in a
    territorial word ("Liberation Front of Zeta Province") that alone would suggest a place."""
    words = name.split()
    if any(w in ORG_HEADS for w in words):
        return "org"
    if words and words[0] in _PLACE_FIRST:
        return "place"
    if words and words[-1] in PLACE_HEADS and not (
            words[-1] in _TERRITORIAL_HEADS and len(words) >= 3):
        return "place"
    return "org"


# --- keys and abbreviations ----------------------------------------------------------------------

def _fold(name: str) -> str:
    if name.isascii():
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A merge key: spellings that differ only in case, accents, punctuation, spacing or
    function words share it ("RSF-K" / "Rsf- K" / "RSF K"; "U.S." / "US"). Words stay
    space-separated; single letters join the word before them so initials and suffixed letters
    key the same however they are punctuated."""
    folded = _fold(name).replace("'", "").replace("’", "")
    words = _KEY_WORD_RE.findall(folded)
    if len(words) < 2:
        return words[0] if words else ""
    words = [w for w in words if w not in _KEY_DROP] or words
    out: list[str] = []
    for w in words:
        if len(w) == 1 and out and (len(out[-1]) > 1 or out[-1].isalpha()):
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out)


def is_abbreviation(short: str, long: str) -> bool:
    """Whether ``short`` abbreviates ``long``: every content word of ``long`` gives the next
    letters of ``short`` from its start (one or more), function words may give theirs or be
    skipped, hyphenated parts count as words. "UNHCR" / "United Nations High Commissioner for
    Refugees", "ECOWAS" / "Economic Community of West African States"."""
    letters = "".join(c for c in _fold(short) if c.isalnum())
    words = [w for w in _ABBREVIATED_WORD_SEP_RE.split(
        _fold(long).replace("'", "").replace("’", "")) if w]
    words = ["".join(c for c in w if c.isalnum() or c == "&") for w in words]
    words = [w for w in words if w]
    content = [w for w in words if w not in _FUNCTION_WORDS]
    if len(letters) < 2 or len(content) < 2 or len(letters) > 2 * len(words) + 8:
        return False
    if letters == "".join(content):
        return False
    memo: dict[tuple[int, int], bool] = {}

    def fits(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        if (i, j) in memo:
            return memo[(i, j)]
        word = words[j]
        result = False
        if word in _FUNCTION_WORDS and fits(i, j + 1):
            result = True
        else:
            n = 0
            while (not result and n < len(word) and i + n < len(letters)
                   and word[n] == letters[i + n]):
                n += 1
                result = fits(i + n, j + 1)
        memo[(i, j)] = result
        return result

    return fits(0, 0)
