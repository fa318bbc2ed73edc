"""role-holder

What it finds: one post that texts of the same days give to two different people: "Velden Air
chief executive Ana Tosk" in one source, "Ilja Marr, CEO of Velden Air" in another; and one
person placed in two organisations whose names differ in one word: "Oskel State Police Colonel
Ana Tosk" in one source, "Dravos State Police Colonel Ana Tosk" in another.
Why it matters: a company has one chief executive and a city one mayor; when two texts name
two people for the post, one of them has the wrong person (often another executive who spoke),
and a reader cannot tell who said what in whose name. An organisation named with one word
changed (a city for the state) is an organisation that does not exist.
Example (flagged): "Velden Air CEO Ana Tosk said …" (S1) and "said Ilja Marr, CEO of Velden Air"
(S2), both of 3 May; "Oskel State Police Colonel Ana Tosk" (S1) and "Dravos State Police
Colonel Ana L. Tosk Jr." (S2, and S3 names the Dravos State Police too): use "Dravos State
Police".
Example (not flagged): "former Velden Air CEO Ana Tosk" (another time); "deputy mayor" (another
post); "Velden Air CEO Ilja Marr" and "Velden Air CEO Ilja Mar" (one person spelt two ways: the
name-variant rule's); "Ostra Mayor Ana Tosk" and "Kessel Mayor Ilja Marr" (two cities); two
holders in one text (a succession it tells) or in texts further apart than
``window_days`` of rules/roles.yaml; "Oskel State Police" and "Oskel State Patrol" (the head
noun differs) or "Dravos County Police" (two words differ); two people who share a surname.
How it decides: a post is one of rules/roles.yaml ``posts`` (CEO, chief executive, mayor,
governor, police chief …: posts one person holds at a time), a rank one of its ``ranks``
(colonel, spokeswoman, director …: titles many hold), written next to a person's name and an
organisation or place: "ORG POST PERSON", "ORG's POST, PERSON", "POST of ORG, PERSON", "PERSON,
POST of ORG", "PERSON, ORG's POST" (a post is read before a rank). The organisation is a name
the texts use, or capitalised words ending in an organisation's head noun ("Police"). A word of
``not_the_holder`` before the post ("former", "deputy", "acting") makes the mention claim
nothing, and so does an ``affiliations`` word in the organisation's place ("Republican
Governor": a party, not a state). Organisations and people are compared by their canonical
names (aliases and transliterations are one), so one holder spelt two ways is no conflict. Two
holders of a post conflict when no text names both for it and two of their texts are published
within ``window_days`` of each other (or undated); evidence is each person's name where it is
given the post. One person (first and last name alike, initials and "Jr." aside) is placed in two
organisations when different texts give the two names, of three words or more that differ in one
word but the last; the name more independent texts write is the one to use (a note at info on a
tie), and evidence is each organisation's name where the person is placed in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter

from factcheck.extract.entities import ORG_HEADS, name_key
from factcheck.extract.patterns import PhraseFinder, trie
from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.ruledata import RoleRules, RuleData
from factcheck.rules.engine import rule

_CAP = r"[A-Z][\w&.-]*"
# A name of capitalised words, "of", "for", "the" or "&" between them ("Bank of Ostra").
_ORG = rf"{_CAP}(?:[ ]+(?:(?:of|for|the|&)[ ]+)*{_CAP})*"
_REACH = 90  # how far from a name a post and its organisation are looked for
_NOT_PEOPLE = {"org", "place", "event", "acronym"}
_NAME_NEXT = re.compile(r",?\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")


@dataclass(frozen=True)
class _Patterns:
    # Posts and ranks as whole words: in a lowered text, and in any case (for a text whose
    # lowered form is not as long, where offsets would not agree)
    posts: PhraseFinder
    posts_any_case: re.Pattern[str]
    # (pattern, whether it reads the text after the person's name): a post's before a rank's
    tries: tuple[tuple[re.Pattern[str], bool], ...]


def _around(spellings: str) -> tuple[tuple[re.Pattern[str], bool], ...]:
    post = rf"(?i:(?P<post>{spellings}))(?![\w-])"
    mods = r"(?P<mods>(?:[a-z][\w-]*\s+){0,2}?)"
    return (
        # "Velden Air chief executive ", "Velden Air's CEO, "
        (re.compile(rf"(?<![\w-])(?P<org>{_ORG})(?:['’]s?)?\s+{mods}{post},?\s+$"), False),
        # "the chief executive of Velden Air, "
        (re.compile(rf"(?<![\w-]){mods}{post}\s+of\s+(?:the\s+)?(?P<org>{_ORG}),?\s+$"), False),
        # ", CEO of Velden Air", ", the chief executive of Velden Air"
        (re.compile(rf"^,\s+(?:the\s+)?{mods}{post}\s+of\s+(?:the\s+)?(?P<org>{_ORG})"), True),
        # ", Velden Air's chief executive", ", Velden Air CEO"
        (re.compile(rf"^,\s+(?:the\s+)?(?P<org>{_ORG})(?:['’]s?)?\s+{mods}{post}"), True),
    )


@lru_cache(maxsize=8)
def _patterns(posts: tuple[str, ...], ranks: tuple[str, ...]) -> _Patterns | None:
    """The patterns for the post and rank spellings (a post is read before a rank: "New
    Ostra Police Commissioner" is the post police commissioner of New Ostra)."""
    if not posts and not ranks:
        return None
    spellings = [p.casefold() for p in (*posts, *ranks)]
    return _Patterns(
        # Only to find the names near a post: the claim patterns read them in full.
        posts=PhraseFinder(spellings),
        posts_any_case=re.compile(rf"(?<![\w-])(?:{trie(spellings)})(?![\w-])", re.I),
        tries=(*(_around(trie(posts)) if posts else ()),
               *(_around(trie(ranks)) if ranks else ())))


@dataclass(frozen=True)
class _Claim:
    organisation: str  # canonical name
    post: str  # the post (rules/roles.yaml posts) or the rank as written, in lower case
    person: str  # canonical name
    fact: Fact
    written: str  # the organisation as written
    start: int  # … and where
    single: bool  # a post one person holds at a time (not a rank)


def _words_before(text: str, end: int, n: int) -> list[str]:
    return text[max(0, end - 40):end].casefold().split()[-n:]


def _claim(graph: FactGraph, roles: RoleRules, patterns: _Patterns, fact: Fact,
           text: str, sides: tuple[bool, bool]) -> _Claim | None:
    """The post or rank the text gives the person ``fact`` names; ``sides``: whether a post
    is written before the name, and after it."""
    low, high = max(0, fact.start - _REACH), fact.end + _REACH
    at = text.find(fact.sentence, max(0, fact.end - len(fact.sentence)), high) \
        if fact.sentence else -1
    if 0 <= at <= fact.start:  # within the name's sentence
        low, high = max(low, at), min(high, at + len(fact.sentence))
    before, after = text[low:fact.start], text[fact.end:high]
    for pattern, reads_after in patterns.tries:
        if not sides[reads_after]:
            continue
        window, offset = (after, fact.end) if reads_after else (before, fact.start - len(before))
        match = pattern.search(window)
        if match is None or match.group().strip(" ,\n") not in fact.sentence:
            continue  # none, or across a sentence's end
        if reads_after and _NAME_NEXT.match(window, match.end()):
            return None  # "Ana Tosk, Velden Air CEO Ilja Marr": the post is the next name's
        if match.group("mods"):
            return None  # "Velden Air deputy CEO", "Velden Air's former CEO": another post or time
        start = offset + match.start("post")
        words = _words_before(text, start, 1) if reads_after else \
            _words_before(text, offset + match.start(), 2)
        if any(w.strip(",;:(") in roles.not_the_holder for w in words) or \
                text[max(0, start - 3):start].casefold().endswith(("ex-", "co-")):
            return None  # "former Velden Air CEO", "ex-CEO": another time
        article = re.match(r"(?:The|the)\s+", match.group("org"))
        organisation = re.sub(r"['’]s?$", "", match.group("org")[article.end() if article else 0:])
        key = name_key(organisation)
        if key not in graph.names.key_to_name and organisation.split()[-1] not in ORG_HEADS:
            return None  # not a name the texts use, nor shaped as an organisation's
        if organisation.casefold() in roles.affiliations:
            return None  # "Republican Governor": a side, not a state with one governor
        person = fact.entity
        canonical = graph.names.key_to_name.get(key, organisation)
        if canonical == person or organisation in fact.text:
            return None
        spelling = match.group("post").casefold()
        return _Claim(canonical, roles.posts.get(spelling, spelling), person, fact, organisation,
                      offset + match.start("org") + (article.end() if article else 0),
                      spelling in roles.posts)
    return None


def _person(fact: Fact) -> bool:
    """A name fact that names a person: so kinded, or two capitalised words or more of a name
    of no other kind."""
    if fact.kind != "name" or not isinstance(fact.value, str):
        return False
    kind = fact.context.get("kind", "name")
    if kind == "person":
        return True
    words = fact.text.split()
    return kind not in _NOT_PEOPLE and len(words) >= 2 and all(w[:1].isupper() for w in words) \
        and len(fact.entity.split()) >= 2


def _claims(graph: FactGraph, roles: RoleRules) -> list[_Claim]:
    patterns = _patterns(tuple(sorted(roles.posts)), tuple(sorted(roles.ranks - set(roles.posts))))
    if patterns is None:
        return []
    out = []
    for source in sorted(graph.documents):
        text = graph.documents[source].text
        lowered = text.lower()
        # Where posts are written (most texts name none): a name far from any claims none.
        found = patterns.posts.spans(lowered) if len(lowered) == len(text) else \
            [m.span() for m in patterns.posts_any_case.finditer(text)]
        if not found:
            continue
        starts = [s for s, _ in found]
        extraction = graph.extractions.get(source)
        for fact in _names_near(extraction.facts if extraction is not None else [], found):
            i = bisect_right(starts, fact.start)  # the posts just before and after the name
            near_before = i > 0 and fact.start - found[i - 1][1] <= _REACH
            near_after = i < len(found) and found[i][0] - fact.end <= _REACH
            if (near_before or near_after) and _person(fact):
                claim = _claim(graph, roles, patterns, fact, text, (near_before, near_after))
                if claim is not None:
                    out.append(claim)
    return out


def _names_near(facts: list[Fact], posts: list[tuple[int, int]]) -> list[Fact]:
    """The name facts that start or end within _REACH of a post, in order: most of a text's
    names are far from every post."""
    names = sorted((f for f in facts if f.kind == "name"), key=attrgetter("start"))
    starts = [f.start for f in names]
    longest = max((f.end - f.start for f in names), default=0)
    near: set[int] = set()
    for start, end in posts:
        near.update(range(bisect_left(starts, start - _REACH - longest),
                          bisect_right(starts, end + _REACH)))
    return [names[k] for k in sorted(near)]


def _within(graph: FactGraph, a: set[str], b: set[str], days: int) -> bool:
    """Some text of ``a`` and some of ``b`` published within ``days`` (or undated)."""
    def day(source: str) -> date | None:
        return graph.documents[source].published

    return any(day(x) is None or day(y) is None or abs((day(x) - day(y)).days) <= days
               for x in a for y in b)


def _one_name(graph: FactGraph, a: str, b: str) -> bool:
    names = graph.names
    if names.variant_of.get(a) == b or names.variant_of.get(b) == a:
        return True
    return names.matcher is not None and names.matcher.compare(
        a, b, person=True, single=True) is not None


def _people(graph: FactGraph, named: dict[str, list[Fact]]) -> dict[str, list[Fact]]:
    """The holders named, one name spelt two ways counted once (under the spelling more
    texts use): "Ilja Marr" and "Ilja Mar" are one person."""
    people: dict[str, list[Fact]] = {}
    for person in sorted(named, key=lambda p: (-len({f.source for f in named[p]}), p)):
        same = next((p for p in people if _one_name(graph, p, person)), None)
        people.setdefault(same or person, []).extend(named[person])
    return people


@rule("role-holder", severity="warning", cost=15)
def role_holder(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    held: dict[tuple[str, str], dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    claims = _claims(graph, data.roles)
    for claim in claims:
        if claim.single:
            held[claim.organisation, claim.post][claim.person].append(claim.fact)
    for (organisation, post), named in sorted(held.items()):
        if len(named) < 2:
            continue
        people = _people(graph, named)
        sources = {person: {f.source for f in facts} for person, facts in people.items()}
        rivals = sorted(
            {p for p in people for q in people if p != q
             if sources[p].isdisjoint(sources[q])
             and _within(graph, sources[p], sources[q], data.roles.window_days)})
        if len(rivals) < 2:
            continue
        sides = [f"“{person}” ({', '.join(map(graph.label, sorted(sources[person])))})"
                 for person in rivals]
        evidence = [Evidence.from_fact(f, graph.path(f.source)) for person in rivals
                    for f in sorted(people[person], key=lambda f: (f.source, f.start))]
        yield Finding(rule="role-holder", severity="warning", entity=organisation,
                      attribute=post,
                      message=f"{organisation}: the {post} is {' and '.join(sides)}: one post, "
                              f"{len(rivals)} people in texts of the same days",
                      evidence=evidence, values=rivals)
    yield from _affiliations(graph, claims)


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _person_key(name: str) -> tuple[str, str] | None:
    """A person as first and last name, initials and suffixes aside: "Roland L. Butler Jr."
    and "Roland Butler" are one person."""
    words = [w for w in re.findall(r"\w+", name.casefold()) if len(w) > 1 and w not in _SUFFIXES]
    return (words[0], words[-1]) if len(words) >= 2 else None


def _one_word_apart(a: str, b: str) -> bool:
    """Names of three words or more that differ in one word, not the last (the head noun):
    "Ostra State Police" / "Velden State Police"."""
    wa, wb = name_key(a).split(), name_key(b).split()
    if len(wa) != len(wb) or len(wa) < 3 or wa[-1] != wb[-1]:
        return False
    return sum(x != y for x, y in zip(wa, wb, strict=True)) == 1


def _affiliations(graph: FactGraph, claims: list[_Claim]) -> Iterator[Finding]:
    """One person placed in two organisations whose names differ in one word, by different
    texts: one of the names is wrong."""
    by_person: dict[tuple[str, str], list[_Claim]] = defaultdict(list)
    for claim in claims:
        key = _person_key(claim.person)
        if key is not None:
            by_person[key].append(claim)
    for _, placed in sorted(by_person.items()):
        by_org: dict[str, list[_Claim]] = defaultdict(list)
        for claim in placed:
            by_org[name_key(claim.written)].append(claim)
        orgs = sorted(by_org)
        for i, a in enumerate(orgs):
            for b in orgs[i + 1:]:
                side_a, side_b = by_org[a], by_org[b]
                if not _one_word_apart(side_a[0].written, side_b[0].written) or not {
                        c.fact.source for c in side_a}.isdisjoint(c.fact.source for c in side_b):
                    continue
                yield _affiliation(graph, side_a, side_b)


def _affiliation(graph: FactGraph, side_a: list[_Claim], side_b: list[_Claim]) -> Finding:
    """The finding: the organisation's name more independent texts write is the one to use."""
    def written_by(side: list[_Claim]) -> list[str]:
        return graph.independent(sorted(s for s, d in graph.documents.items()
                                        if side[0].written in d.text))

    support = {id(side): len(written_by(side)) for side in (side_a, side_b)}
    use, other = sorted((side_a, side_b), key=lambda side: (-support[id(side)],
                                                            side[0].written))
    tie = support[id(use)] == support[id(other)]

    def described(side: list[_Claim]) -> str:
        sources = sorted({c.fact.source for c in side})
        return f"“{side[0].written}” ({', '.join(map(graph.label, sources))})"

    person = max((c.person for c in [*use, *other]), key=len)
    message = (f"{person} is placed in {described(other)} and in {described(use)}, names that "
               "differ in one word: " + (
                   "one of them is wrong" if tie else
                   f"use “{use[0].written}”, as {support[id(use)]} independent sources write it "
                   f"(against {support[id(other)]})"))
    evidence = []
    for claim in sorted([*other, *use], key=lambda c: (c.fact.source, c.start)):
        document = graph.documents[claim.fact.source]
        line, column = document.position(claim.start)
        evidence.append(Evidence(
            source=claim.fact.source, path=document.path, line=line, column=column,
            start=claim.start, end=claim.start + len(claim.written), text=claim.written,
            sentence=claim.fact.sentence, value=claim.written))
    return Finding(rule="role-holder", severity="info" if tie else "warning",
                   entity=use[0].organisation, attribute="organisation", message=message,
                   evidence=evidence, values=sorted({use[0].written, other[0].written}),
                   suggestion=None if tie else use[0].written)
