"""role-holder

What it finds: one post that texts of the same days give to two different people: "Velden Air
chief executive Ana Tosk" in one source, "Ilja Marr, CEO of Velden Air" in another.
Why it matters: a company has one chief executive and a city one mayor; when two texts name
two people for the post, one of them has the wrong person (often another executive who spoke),
and a reader cannot tell who said what in whose name.
Example (flagged): "Velden Air CEO Ana Tosk said …" (S1) and "said Ilja Marr, CEO of Velden Air"
(S2), both of 3 May.
Example (not flagged): "former Velden Air CEO Ana Tosk" (another time); "deputy mayor" (another
post); "Velden Air CEO Ilja Marr" and "Velden Air CEO Ilja Mar" (one person spelt two ways: the
name-variant rule's); "Ostra Mayor Ana Tosk" and "Kessel Mayor Ilja Marr" (two cities); two
holders in one text (a succession it tells) or in texts further apart than
``window_days`` of rules/roles.yaml.
How it decides: a post is one of rules/roles.yaml ``posts`` (CEO, chief executive, mayor,
governor, police chief …: posts one person holds at a time) written next to a person's name and
an organisation or place the texts name: "ORG POST PERSON", "ORG's POST, PERSON", "POST of ORG,
PERSON", "PERSON, POST of ORG", "PERSON, ORG's POST". A word of ``not_the_holder`` before the
post ("former", "deputy", "acting") makes the mention claim nothing. Organisations and people are
compared by their canonical names (aliases and transliterations are one), so one holder spelt
two ways is no conflict. Two holders conflict when no text names both for the post and two of
their texts are published within ``window_days`` of each other (or undated). Evidence is each
person's name where it is given the post.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from factcheck.extract.entities import name_key
from factcheck.extract.patterns import trie
from factcheck.graph import FactGraph
from factcheck.model import Evidence, Fact, Finding
from factcheck.ruledata import RoleRules, RuleData
from factcheck.rules.engine import rule

_CAP = r"[A-Z][\w&.’'-]*"
# A name of capitalised words, "of", "and" or "for" between them ("Bank of Ostra").
_ORG = rf"{_CAP}(?:[ ]+(?:(?:of|and|for|the|&)[ ]+)*{_CAP})*"
_REACH = 120  # how far from a name a post and its organisation are looked for
_NOT_PEOPLE = {"org", "place", "event", "acronym"}
_NAME_NEXT = re.compile(r",?\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")


@dataclass(frozen=True)
class _Patterns:
    posts: re.Pattern[str]  # the posts, in lower case
    before: tuple[re.Pattern[str], ...]  # the text before a person's name ends with these
    after: tuple[re.Pattern[str], ...]  # the text after it starts with these


@lru_cache(maxsize=8)
def _patterns(posts: tuple[str, ...]) -> _Patterns | None:
    """The patterns for the post spellings ``posts``, longest first."""
    if not posts:
        return None
    spellings = trie(posts)
    post = rf"(?i:(?P<post>{spellings}))(?![\w-])"
    mods = r"(?P<mods>(?:[a-z][\w-]*\s+){0,2}?)"
    return _Patterns(
        # Only to find the names near a post: the claim patterns check the words' ends.
        posts=re.compile(trie(p.casefold() for p in posts)),
        before=(
            # "Velden Air chief executive ", "Velden Air's CEO, "
            re.compile(rf"(?<![\w-])(?P<org>{_ORG})(?:['’]s)?\s+{mods}{post},?\s+$"),
            # "the chief executive of Velden Air, "
            re.compile(rf"(?<![\w-]){mods}{post}\s+of\s+(?:the\s+)?(?P<org>{_ORG}),?\s+$"),
        ),
        after=(
            # ", CEO of Velden Air", ", the chief executive of Velden Air"
            re.compile(rf"^,\s+(?:the\s+)?{mods}{post}\s+of\s+(?:the\s+)?(?P<org>{_ORG})"),
            # ", Velden Air's chief executive", ", Velden Air CEO"
            re.compile(rf"^,\s+(?:the\s+)?(?P<org>{_ORG})(?:['’]s)?\s+{mods}{post}"),
        ),
    )


@dataclass(frozen=True)
class _Claim:
    organisation: str  # canonical name
    post: str
    person: str  # canonical name
    fact: Fact


def _words_before(text: str, end: int, n: int) -> list[str]:
    return text[max(0, end - 40):end].casefold().split()[-n:]


def _claim(graph: FactGraph, roles: RoleRules, patterns: _Patterns, fact: Fact,
           text: str) -> _Claim | None:
    low, high = max(0, fact.start - _REACH), fact.end + _REACH
    at = text.find(fact.sentence, max(0, fact.end - len(fact.sentence)), high) \
        if fact.sentence else -1
    if 0 <= at <= fact.start:  # within the name's sentence
        low, high = max(low, at), min(high, at + len(fact.sentence))
    before, after = text[low:fact.start], text[fact.end:high]
    for pattern, window, offset in [*((p, before, fact.start - len(before))
                                      for p in patterns.before),
                                    *((p, after, fact.end) for p in patterns.after)]:
        match = pattern.search(window)
        if match is None or match.group().strip(" ,\n") not in fact.sentence:
            continue  # none, or across a sentence's end
        if window is after and _NAME_NEXT.match(window, match.end()):
            return None  # "Ana Tosk, Velden Air CEO Ilja Marr": the post is the next name's
        if match.group("mods"):
            return None  # "Velden Air deputy CEO", "Velden Air's former CEO": another post or time
        start = offset + match.start("post")
        words = _words_before(text, start, 1) if pattern in patterns.after else \
            _words_before(text, offset + match.start(), 2)
        if any(w.strip(",;:(") in roles.not_the_holder for w in words) or \
                text[max(0, start - 3):start].casefold().endswith(("ex-", "co-")):
            return None  # "former Velden Air CEO", "ex-CEO": another time
        organisation = re.sub(r"^(?:The|the)\s+|['’]s$", "", match.group("org"))
        key = name_key(organisation)
        if key not in graph.names.key_to_name:
            return None  # not a name the texts use
        person = fact.entity
        canonical = graph.names.key_to_name[key]
        if canonical == person or organisation in fact.text:
            return None
        return _Claim(canonical, roles.posts[match.group("post").casefold()], person, fact)
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
    patterns = _patterns(tuple(sorted(roles.posts, key=lambda p: (-len(p), p))))
    if patterns is None:
        return []
    out = []
    for source in sorted(graph.documents):
        text = graph.documents[source].text
        lowered = text.lower()
        # Where posts are written (most texts name none): a name far from any claims none.
        found = [(m.start(), m.end()) for m in patterns.posts.finditer(lowered)] \
            if len(lowered) == len(text) else \
            [(m.start(), m.end()) for m in re.finditer(patterns.posts.pattern, text, re.I)]
        if not found:
            continue
        starts = [s for s, _ in found]
        extraction = graph.extractions.get(source)
        for fact in extraction.facts if extraction is not None else ():
            if fact.kind != "name":
                continue
            i = bisect_right(starts, fact.start)  # the posts just before and after the name
            near_before = i > 0 and fact.start - found[i - 1][1] <= _REACH
            near_after = i < len(found) and found[i][0] - fact.end <= _REACH
            if (near_before or near_after) and _person(fact):
                claim = _claim(graph, roles, patterns, fact, text)
                if claim is not None:
                    out.append(claim)
    return out


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


@rule("role-holder", severity="warning")
def role_holder(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    held: dict[tuple[str, str], dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for claim in _claims(graph, data.roles):
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
