"""Canonical names: aliases merge, near-miss spellings stay apart as variants.

Merged into one entity: spellings with the same ``name_key`` (case, punctuation, function
words), aliases a text declares ("X, also known as Y", "X (Y)"), and the gazetteer's aliases.
Kept apart but joined by ``variant-of``: multi-word names that agree on every word but one, which
differs by a small edit (Kenyata/Kenyatta). Single words (Iran/Iraq, Austria/Australia) are never
variants by spelling alone; the name-variant rule adds the context checks (given names that
differ at the end are two people, two spellings side by side are two things).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from factcheck.extract.entities import name_key
from factcheck.model import Entity, Fact
from factcheck.ruledata import RuleData


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class NameIndex:
    key_to_name: dict[str, str] = field(default_factory=dict)  # name_key -> canonical name
    entities: dict[str, Entity] = field(default_factory=dict)
    variant_of: dict[str, str] = field(default_factory=dict)  # variant name -> canonical name
    gazetteer_names: set[str] = field(default_factory=set)

    def canonical(self, name: str) -> str:
        return self.key_to_name.get(name_key(name), name)


def build_name_index(facts: list[Fact], data: RuleData) -> NameIndex:
    uf = _UnionFind()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)  # key -> surface forms
    sources: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for fact in facts:
        if fact.kind != "name":
            continue
        key = name_key(fact.entity)
        if not key:
            continue
        uf.find(key)
        spellings[key][fact.entity] += 1
        sources[key].add(fact.source)
        kinds[key][str(fact.context.get("kind", "name"))] += 1
        for alias in fact.context.get("aliases", []) or []:
            alias_key = name_key(str(alias))
            if alias_key:
                uf.union(key, alias_key)
                spellings[alias_key][str(alias)] += 0  # known spelling, not a mention
    for entry in data.gazetteer:
        key = name_key(entry.name)
        uf.find(key)
        spellings[key][entry.name] += 0
        kinds[key][entry.kind] += 1
        for alias in entry.aliases:
            alias_key = name_key(alias)
            if alias_key:
                uf.union(key, alias_key)
                spellings[alias_key][alias] += 0
    _join_surnames(uf, spellings, sources, kinds)

    index = NameIndex()
    groups: dict[str, list[str]] = defaultdict(list)
    for key in list(uf.parent):
        groups[uf.find(key)].append(key)
    gazetteer_names = {uf.find(name_key(e.name)): e.name for e in data.gazetteer}
    for root, keys in groups.items():
        forms: Counter[str] = Counter()
        for key in keys:
            forms.update(spellings[key])
            for form in spellings[key]:
                forms[form] += 0
        name = gazetteer_names.get(root) or _preferred(forms)
        counted = sum((kinds[k] for k in keys), Counter())
        # The most used kind; a tie goes to a specific kind over "name", then alphabetically,
        # never to the first seen (the output must not depend on the order of the files).
        kind = min(counted, key=lambda k: (-counted[k], k == "name", k), default="name")
        aliases = sorted({f for f in forms if f != name})
        index.entities[name] = Entity(id=f"e:{name_key(name)}", name=name, kind=kind,
                                      aliases=aliases)
        for key in keys:
            index.key_to_name[key] = name
    index.gazetteer_names = set(gazetteer_names.values())
    _find_variants(index, facts)
    return index


def _join_surnames(uf: _UnionFind, spellings: dict[str, Counter[str]],
                   sources: dict[str, set[str]], kinds: dict[str, Counter[str]]) -> None:
    """A surname alone ("Berg said") is the person named in full in the same documents,
    when exactly one person there has that surname; otherwise it stays its own entity."""
    people: dict[str, list[str]] = defaultdict(list)  # surname -> keys of full names
    for key in spellings:
        words = key.split()
        if len(words) >= 2 and kinds[key]["person"] > 0:
            people[words[-1]].append(key)
    for key in list(spellings):
        if " " in key or key not in people or not sources[key]:
            continue
        holders = {uf.find(k) for k in people[key] if sources[key] <= sources[k]}
        if len(holders) == 1:
            uf.union(key, holders.pop())


def _preferred(forms: Counter[str]) -> str:
    """The fullest name ("Hans Berg" over "Berg", "World Health Organization" over "WHO"),
    then the most used spelling of it, then alphabetical."""
    return min(forms, key=lambda f: (-len(f.split()), -forms[f], -len(f), f))


def _find_variants(index: NameIndex, facts: list[Fact]) -> None:
    """Token blocking: only names sharing a word are compared, never all pairs."""
    mentions: Counter[str] = Counter(index.canonical(f.entity) for f in facts if f.kind == "name")
    blocks: dict[str, list[str]] = defaultdict(list)
    for name in sorted(index.entities):
        for word in set(name_key(name).split()):
            if len(word) >= 4:
                blocks[word].append(name)
    seen: set[tuple[str, str]] = set()
    for members in blocks.values():
        if len(members) > 200:  # a word this common says nothing about identity
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if is_near_miss(a, b):
                    canonical, variant = _pick(a, b, mentions, index.gazetteer_names)
                    index.variant_of[variant] = canonical
                    index.entities[canonical].variants.append(variant)


def is_near_miss(a: str, b: str) -> bool:
    """Same name misspelt: every word shared but one, which differs by a small edit (one letter
    for short words, two for long ones) that keeps the first letter."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x.casefold() != y.casefold()]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if x[0].casefold() != y[0].casefold() or min(len(x), len(y)) < 4:
        return False
    allowed = 1 if max(len(x), len(y)) < 8 else 2
    return Levenshtein.distance(x.casefold(), y.casefold()) <= allowed


def _pick(a: str, b: str, mentions: Counter[str], gazetteer: set[str]) -> tuple[str, str]:
    """(canonical, variant): the gazetteer's spelling, else the more used one."""
    if a in gazetteer or b in gazetteer:
        return (a, b) if a in gazetteer else (b, a)
    return (a, b) if (mentions[a], len(a), b) >= (mentions[b], len(b), a) else (b, a)
