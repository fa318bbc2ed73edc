"""Canonical names: aliases and transliterations merge, other spellings stay apart as variants.

Merged into one entity: spellings with the same ``name_key`` (case, punctuation, function
words), aliases a text declares ("X, also known as Y", "X (Y)"), the gazetteer's aliases, and
transliterations the name matcher finds (graph/namematch.py: "Rustamjon" / "Rustamdzhon",
"Steve" / "Steven"). Kept apart but joined by ``variant-of``: multi-word names that agree on
every word but one, which differs by a small edit (Kenyata/Kenyatta), and the other spellings
the matcher links (``_match_spellings``). A single word alone is never a variant by spelling:
only in a text that also uses the other spelling, or in texts that name other things in
common; look-alikes (Iran/Iraq, Austria/Australia) never. The name-variant rule adds the
context checks (given names that differ at the end are two people, two spellings side by side
are two things) and weighs the sources.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter, methodcaller

from jellyfish import damerau_levenshtein_distance
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from factcheck.extract import Extraction
from factcheck.extract.entities import STOP_WORDS, TITLE_HEADS, name_key
from factcheck.extract.patterns import PhraseFinder
from factcheck.extract.sentences import sentence_index
from factcheck.graph.namematch import TYPO, VOWELS, NameMatch, NameMatcher
from factcheck.model import Document, Entity, Fact
from factcheck.ruledata import RuleData

_ENTITY, _SOURCE, _CONTEXT = attrgetter("entity"), attrgetter("source"), attrgetter("context")
_KIND = methodcaller("get", "kind", "name")


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

    def union_all(self, first: str, others: Iterable[str]) -> None:
        """``union(first, x)`` for each x, finding the first one's root once. (A root is
        always the least member of its set, so the order of unions never matters.)"""
        root, parent = self.find(first), self.parent
        for x in others:
            other = self.find(x)
            if other < root:
                parent[root] = root = other
            elif other != root:
                parent[other] = root


@dataclass
class NameIndex:
    key_to_name: dict[str, str] = field(default_factory=dict)  # name_key -> canonical name
    entities: dict[str, Entity] = field(default_factory=dict)
    variant_of: dict[str, str] = field(default_factory=dict)  # variant name -> canonical name
    gazetteer_names: set[str] = field(default_factory=set)
    # One name spelt two ways and merged as aliases (transliterations): (spelling, other
    # spelling, canonical name), for the "also spelt" note.
    also_spelt: list[tuple[str, str, str]] = field(default_factory=list)
    # Names the matcher linked, (variant, canonical) -> the spellings that matched, each as
    # (shown, written): "Tavo" / "Tava" of "Marco Aurelio Tava da Costa"; ("Abby gate", "Abby").
    linked: dict[tuple[str, str], tuple[tuple[str, str], tuple[str, str]]] = field(
        default_factory=dict)
    matches: dict[tuple[str, str], NameMatch] = field(default_factory=dict)  # how, per link
    matcher: NameMatcher | None = None

    def canonical(self, name: str) -> str:
        return self.key_to_name.get(name_key(name), name)


def build_name_index(facts: list[Fact], data: RuleData,
                     matcher: NameMatcher | None = None) -> NameIndex:
    """``matcher``: one already made for ``data`` (its caches of folded words then serve
    again)."""
    uf = _UnionFind()
    # Plain dicts of counts, not Counters: a run holds tens of thousands of keys, and making
    # a Counter costs several times a dict.
    spellings: dict[str, dict[str, int]] = {}  # key -> surface forms -> mentions
    sources: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, dict[str, int]] = {}  # key -> kind -> mentions
    named = [fact for fact in facts if fact.kind == "name"]
    entities = list(map(_ENTITY, named))
    contexts = list(map(_CONTEXT, named))
    # A name is mentioned many times: its key is made once, and its mentions, kinds and
    # sources are counted in C and added once each. The keys still enter the union-find in
    # the order of one pass over the mentions (a name at its first mention, aliases where a
    # mention declares them): the entities are made in that order.
    key_of = {entity: name_key(entity) for entity in dict.fromkeys(entities)}
    first = dict(zip(reversed(entities), range(len(entities) - 1, -1, -1), strict=True))
    declaring = [i for i, context in enumerate(contexts) if context.get("aliases")]
    # (mention, whether it declares aliases): a name's first mention before its declarations.
    for i, declares in sorted([*((i, False) for i in first.values()),
                               *((i, True) for i in declaring)]):
        key = key_of[entities[i]]
        if not key:
            continue
        if not declares:
            uf.find(key)
            spellings.setdefault(key, {})
            continue
        for alias in contexts[i].get("aliases") or ():
            alias_key = name_key(str(alias))
            if alias_key:
                uf.union(key, alias_key)
                # A known spelling, not a mention.
                _count(spellings.setdefault(alias_key, {}), str(alias), 0)
    mentions = Counter(entities)
    for entity, count in mentions.items():
        key = key_of[entity]
        if key:
            _count(spellings.setdefault(key, {}), entity, count)
    for (entity, kind), count in Counter(zip(entities, map(str, map(_KIND, contexts)),
                                             strict=True)).items():
        key = key_of[entity]
        if key:
            _count(kinds.setdefault(key, {}), kind, count)
    sources_of: dict[str, set[str]] = defaultdict(set)
    facts_of: dict[str, list[Fact]] = defaultdict(list)
    for fact, entity, source in zip(named, entities, map(_SOURCE, named), strict=True):
        sources_of[entity].add(source)
        facts_of[entity].append(fact)
    # By key, a spelling's facts after another's. Most keys have one spelling: its set and
    # list serve as they are, not copied (the copies were 3 KB a document while the index
    # is built: the traced peak at 2,000 generated documents fell by 6 MiB).
    by_key: dict[str, list[Fact]] = {}
    for entity, found in sources_of.items():
        key = key_of[entity]
        if not key:
            continue
        if key in by_key:
            sources[key] |= found
            by_key[key].extend(facts_of[entity])
        else:
            sources[key], by_key[key] = found, facts_of[entity]
    del sources_of, facts_of
    for entry in data.gazetteer:
        key = name_key(entry.name)
        uf.find(key)
        _count(spellings.setdefault(key, {}), entry.name, 0)
        _count(kinds.setdefault(key, {}), entry.kind, 1)
        for alias in entry.aliases:
            alias_key = name_key(alias)
            if alias_key:
                uf.union(key, alias_key)
                _count(spellings.setdefault(alias_key, {}), alias, 0)
    _join_surnames(uf, spellings, sources, kinds)
    matcher = matcher or NameMatcher(data.names)
    links = _match_spellings(uf, spellings, sources, kinds, by_key, matcher,
                             data.subject_modifiers)

    index = NameIndex(matcher=matcher)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in list(uf.parent):
        groups[uf.find(key)].append(key)
    gazetteer_names = {uf.find(name_key(e.name)): e.name for e in data.gazetteer}
    for root, keys in groups.items():
        if len(keys) == 1:  # most names: one key, nothing to add up
            forms = spellings.get(keys[0], {})
            counted = kinds.get(keys[0], {})
        else:
            forms, counted = {}, {}
            for key in keys:
                for form, count in spellings.get(key, {}).items():
                    _count(forms, form, count)
                for kind, count in kinds.get(key, {}).items():
                    _count(counted, kind, count)
        name = gazetteer_names.get(root) or _preferred(forms)
        # The most used kind; a tie goes to a specific kind over "name", then alphabetically,
        # never to the first seen (the output must not depend on the order of the files).
        kind = (next(iter(counted)) if len(counted) == 1 else
                min(counted, key=lambda k: (-counted[k], k == "name", k), default="name"))
        aliases = sorted({f for f in forms if f != name})
        index.entities[name] = Entity(id=f"e:{name_key(name)}", name=name, kind=kind,
                                      aliases=aliases)
        for key in keys:
            index.key_to_name[key] = name
    index.gazetteer_names = set(gazetteer_names.values())
    _find_variants(index, mentions)
    named_mentions = _named_mentions(index, mentions) if links else Counter()
    for link in links:
        a, b = index.key_to_name.get(link.a, ""), index.key_to_name.get(link.b, "")
        if not a or not b or a == b:
            if a and a == b:
                index.also_spelt.append((link.form_a[1], link.form_b[1], a))
            continue
        canonical, variant = _pick(a, b, named_mentions, index.gazetteer_names)
        if variant not in index.variant_of:
            index.variant_of[variant] = canonical
            index.entities[canonical].variants.append(variant)
        forms = (link.form_a, link.form_b) if variant == a else (link.form_b, link.form_a)
        index.linked[variant, canonical] = forms
        index.matches[variant, canonical] = link.match
    # Near misses the matcher knows are two things (Iran Air / Iraq Air, South Korea / South
    # Korean, Railway Ministry / Railway Minister) are no variants.
    for variant, canonical in list(index.variant_of.items()):
        if (variant, canonical) in index.linked:
            continue
        person = "person" in (index.entities[variant].kind, index.entities[canonical].kind)
        if matcher.compare(variant, canonical, person=person) is None:
            del index.variant_of[variant]
            index.entities[canonical].variants.remove(variant)
    return index


def _named_mentions(index: NameIndex, mentioned: Counter[str]) -> Counter[str]:
    mentions: Counter[str] = Counter()
    for entity, count in mentioned.items():
        mentions[index.canonical(entity)] += count
    return mentions


@dataclass(frozen=True)
class _Link:
    a: str  # keys of the two spellings' groups
    b: str
    form_a: tuple[str, str]  # the spellings that matched: (shown, as written)
    form_b: tuple[str, str]
    match: NameMatch


_LINK_BLOCK = 50  # names sharing one word: a word this common says nothing about identity
# Titles that say what a person is ("Mayor", "Capt.", "CEO"), folded, dots aside, abbreviations
# read in full; forms of address say nothing of it.
_SHORT_TITLES = {"capt": "captain", "col": "colonel", "gen": "general", "lt": "lieutenant",
                 "sgt": "sergeant", "gov": "governor", "sen": "senator", "rep": "representative",
                 "prof": "professor", "adm": "admiral", "cmdr": "commander", "maj": "major",
                 "rev": "reverend", "hon": "honourable"}
_ROLES = frozenset(_SHORT_TITLES.get(t, t) for t in (
    t.casefold().rstrip(".") for t in TITLE_HEADS)) - {"mr", "mrs", "ms", "mx", "dr", "sir",
                                                       "dame", "honourable", "chief", "officer"}
_MAX_SENTENCE = 2000  # a longer "sentence" is no prose (a page without full stops)


def _match_spellings(uf: _UnionFind, spellings: dict[str, dict[str, int]],
                     sources: dict[str, set[str]], kinds: dict[str, dict[str, int]],
                     facts: dict[str, list[Fact]], matcher: NameMatcher,
                     groups_of: dict[str, str] | None = None) -> list[_Link]:
    """Spellings of one name across transliterations and slips (graph/namematch.py), among
    the names the union-find has so far. Transliterations (a romanisation, a given-name form,
    several words spelt another way) join as aliases; other spellings are returned as links
    for variant-of (the name-variant rule weighs their sources).

    Context decides where spelling alone cannot: two names that one text uses in the same
    sentence are two things, and so are two names given different titles ("Mayor X",
    "Captain Y"); spellings in different texts are linked only when those texts name other
    things in common that few texts name (two, or three for a one-word name, whose change
    must then be no typo: a word alone has many near neighbours), the same title counting as
    two; a lone word stands for a person's surname only when it is a person too. Words that
    ``groups_of`` (subjects.yaml modifiers) puts in one group are its forms, never variants."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in list(uf.parent):
        groups[uf.find(key)].append(key)
    info: dict[str, _Group] = {}
    for root, keys in groups.items():
        group = _Group(keys, spellings, sources, kinds, facts)
        if group.name and group.mentions:
            info[root] = group
    # The names that tell a story: used by few texts (a name in every other text, a country
    # or a group in the news, says nothing about which story a text tells).
    texts = len(set().union(*(g.sources for g in info.values()))) if info else 0
    rare = max(10, texts // 100)
    named_in: dict[str, set[str]] = defaultdict(set)  # source -> the telling names it uses
    for root, group in info.items():
        if len(group.sources) <= rare:
            for source in group.sources:
                named_in[source].add(root)
    context = _Context(info, named_in)
    # Words that open a place's or an organisation's name ("Saudi" of "Saudi Arabia"): alone,
    # they name that, never a person by a given name.
    openers = {words[0] for g in info.values() if g.kind in ("place", "org")
               and len(words := matcher.words(g.name)) > 1}
    links: list[_Link] = []
    for (ra, rb), (together, shared) in sorted(_candidates(info, matcher, context).items()):
        ga, gb = info[ra], info[rb]
        if uf.find(ra) == uf.find(rb):
            continue  # joined by an earlier link
        group = (groups_of or {}).get(ga.name.casefold())
        if group is not None and group == (groups_of or {}).get(gb.name.casefold()):
            continue  # "Briton" and "Britain": one group's words (subjects.yaml), no misspelling
        one_word = [g for g in (ga, gb) if len(matcher.words(g.name)) == 1]
        if len(one_word) == 1:  # a surname alone: "Harden" / "Lucia Hardern"
            person = ga.kind == gb.kind == "person"
        else:
            person = "person" in (ga.kind, gb.kind)
        given = not {ga.kind, gb.kind} & {"place", "org", "event"} and not any(
            matcher.words(g.name)[0] in openers for g in one_word)  # a given name alone
        found = next(((match, (form_a, form_b)) for form_a in ga.forms(matcher)
                      for form_b in gb.forms(matcher)
                      if (match := matcher.compare(form_a[0], form_b[0], person=person,
                                                   single=True, given=given)) is not None), None)
        if found is None:
            continue
        match, forms = found
        if not together and any(len(matcher.words(f)) == 1 for f, _ in forms) and (
                shared < 3 or any(how == "typo" for _, _, how in match.differing)):
            continue  # a word alone, in texts that name little else in common
        if match.transliteration:
            uf.union(ra, rb)
        links.append(_Link(ra, rb, *forms, match))
    return links


class _Context:
    """What the texts of two names have in common, the first test of a pair (most pairs of
    look-alike names are two things named in unrelated texts, and this settles them with a
    few set operations, before any spelling is compared)."""

    def __init__(self, info: dict[str, _Group], named_in: dict[str, set[str]]) -> None:
        self.info = info
        self.roles = {root: group.roles() for root, group in info.items()}
        # Each name's context as one set: its texts ("#"), the telling names those texts use
        # (of its first twenty texts) and its titles ("@"). Two names whose sets are disjoint
        # are unrelated without a closer look (most pairs). Names of one story share their
        # texts and titles: their equal sets are made once and shared (the sets held the
        # run's peak memory: 53 MB at 4,000 documents, 28 MB shared).
        shared: dict[tuple[frozenset[str], frozenset[str]], frozenset[str]] = {}
        self.tokens: dict[str, frozenset[str]] = {}
        for root, group in info.items():
            key = (frozenset(group.sources), self.roles[root])
            tokens = shared.get(key)
            if tokens is None:
                tokens = shared[key] = frozenset(chain(
                    (f"#{source}" for source in group.sources),
                    chain.from_iterable(named_in[s] for s in sorted(group.sources)[:20]),
                    (f"@{role}" for role in key[1])))
            self.tokens[root] = tokens

    def related(self, ra: str, rb: str) -> tuple[bool, int] | None:
        """(whether one text uses both, how many other telling names their texts share, a
        shared title counting two), or None when context says they are two things."""
        roles_a, roles_b = self.roles[ra], self.roles[rb]
        if roles_a and roles_b and roles_a.isdisjoint(roles_b):
            return None  # "Mayor X" and "Captain Y": two people
        same_role = 2 * bool(roles_a & roles_b)  # the same title: as good as two names
        ga, gb = self.info[ra], self.info[rb]
        if not ga.sources.isdisjoint(gb.sources):  # one text uses both
            if not ga.sentences.isdisjoint(gb.sentences):
                return None  # named side by side: two things
            return True, same_role
        common = self.tokens[ra] & self.tokens[rb]
        names = sum(1 for token in common if token[0] not in "#@")  # name keys hold neither
        shared = names - (ra in common) - (rb in common) + same_role
        return (False, shared) if shared >= 2 else None


class _Group:
    """What the name index knows of one name so far: its spellings, sources and mentions."""

    def __init__(self, keys: list[str], spellings: dict[str, dict[str, int]],
                 sources: dict[str, set[str]], kinds: dict[str, dict[str, int]],
                 facts: dict[str, list[Fact]]) -> None:
        forms: dict[str, int]
        counted: dict[str, int]
        self.sources: set[str]
        self.facts: list[Fact]
        if len(keys) == 1:  # most names: one key, nothing to add up (all read, never changed)
            forms, counted = spellings.get(keys[0], {}), kinds.get(keys[0], {})
            self.sources, self.facts = sources.get(keys[0], set()), facts.get(keys[0], [])
        else:
            forms, counted, self.sources, self.facts = {}, {}, set(), []
            for key in keys:
                for form, count in spellings.get(key, {}).items():
                    _count(forms, form, count)
                for kind, count in kinds.get(key, {}).items():
                    _count(counted, kind, count)
                self.sources |= sources.get(key, set())
                self.facts.extend(facts.get(key, ()))
        self.keys = keys
        self.name = _preferred(forms) if forms else ""
        # The name as written, most used spellings first ("Tava" of "Marco Aurelio Tava da Costa").
        self.spellings = [self.name, *sorted((f for f in forms if f != self.name),
                                             key=lambda f: (-forms[f], f))[:2]]
        self.mentions = sum(forms.values())
        self.kind = min(counted, key=lambda k: (-counted[k], k == "name", k), default="name")
        self._sentences: set[tuple[str, str]] | None = None
        self._roles: frozenset[str] | None = None
        self._forms: list[tuple[str, str]] | None = None

    @property
    def sentences(self) -> set[tuple[str, str]]:
        """(source, sentence) of its mentions: asked of few names, so found on first use."""
        if self._sentences is None:
            self._sentences = {(f.source, f.sentence) for f in self.facts}
        return self._sentences

    def roles(self) -> frozenset[str]:
        """The titles its sentences put just before it ("Mayor", "Capt."). Most names have
        none: they share one empty set (an empty set each took 4 MB at 4,000 documents)."""
        if self._roles is None:
            self._roles = frozenset(titles(self.name, self._prose())) or _NO_ROLES
        return self._roles

    def _prose(self) -> list[str]:
        """Sentences of its first mentions, those short enough to be prose."""
        return [f.sentence for f in self.facts[:20] if len(f.sentence) <= _MAX_SENTENCE]

    def forms(self, matcher: NameMatcher) -> list[tuple[str, str]]:
        """The name, and the name with the lower-case generic head noun its sentences put
        after it ("Abby gate": the head is part of the name)."""
        if self._forms is not None:
            return self._forms
        heads = matcher.rules.generic_heads
        out = self._forms = [(spelling, spelling) for spelling in self.spellings]
        if heads:
            found: Counter[str] = Counter()
            for sentence in self._prose():
                at = sentence.find(self.name + " ")
                if at >= 0:
                    following = sentence[at + len(self.name) + 1:].split(None, 1)
                    word = following[0].rstrip(",.;:!?") if following else ""
                    if word in heads:
                        found[word] += 1
            if found:  # compared first: the name as the texts write it in full
                out.insert(0, (f"{self.name} {found.most_common(1)[0][0]}", self.name))
        return out


_NO_ROLES: frozenset[str] = frozenset()


def titles(name: str, sentences: Iterable[str]) -> set[str]:
    """The titles the sentences put just before the name ("Mayor", "Capt." read "captain")."""
    out: set[str] = set()
    for sentence in dict.fromkeys(sentences):  # a name recurs in its sentence, copies in texts
        at = sentence.find(name) if len(sentence) <= _MAX_SENTENCE else -1
        if at > 0:
            for word in sentence[max(0, at - 40):at].split()[-2:]:
                title = word.casefold().rstrip(".")
                title = _SHORT_TITLES.get(title, title)
                if title in _ROLES:
                    out.add(title)
    return out


def _candidates(info: dict[str, _Group], matcher: NameMatcher,
                context: _Context) -> dict[tuple[str, str], tuple[bool, int]]:
    """Pairs of names worth comparing, with what their texts have in common: related by
    context, and holding two words that may be one word spelt two ways (found by edit
    distance among words with the same first letter, by consonant skeleton, and by given-name
    group), never all pairs."""
    by_word: dict[str, list[str]] = defaultdict(list)
    for root in sorted(info):
        for word in dict.fromkeys(w for f in info[root].spellings for w in matcher.words(f)):
            by_word[word].append(root)
    words = sorted(by_word)
    blocks: dict[str, list[str]] = defaultdict(list)
    for word in words:
        blocks["^" + ("a" if word[0] in "aeiou" else word[0])].append(word)
        blocks["#" + matcher.skeleton(word)].append(word)
        given = matcher.rules.given_names.get(word)
        if given is not None:
            blocks[f"={given}"].append(word)
    word_pairs: set[tuple[str, str]] = set()
    for block in blocks.values():
        if len(block) < 2:
            continue
        # By length: a word is within three edits only of words at most three letters longer.
        block = sorted(block, key=lambda w: (len(w), w))
        lengths = [len(w) for w in block]
        for i, word in enumerate(block):
            # Romanisations of long words differ in more letters than short words may: one
            # edit per three letters, up to three.
            cutoff = min(3, max(1, len(word) // 3))
            near = block[i + 1:bisect_right(lengths, len(word) + cutoff)]
            for other, _, _ in process.extract(word, near, scorer=Levenshtein.distance,
                                               score_cutoff=cutoff, limit=None):
                word_pairs.add((word, other))
    for block in blocks.values():  # skeleton and given-name blocks: every pair
        if 1 < len(block) <= _LINK_BLOCK:
            word_pairs.update(itertools.combinations(block, 2))
    tokens = context.tokens
    pairs: dict[tuple[str, str], tuple[bool, int]] = {}
    for a, b in word_pairs:
        holders_a, holders_b = by_word[a], by_word[b]
        if a == b or len(holders_a) > _LINK_BLOCK or len(holders_b) > _LINK_BLOCK:
            continue
        near = [(x, y) for x in holders_a for y in holders_b
                if x != y and not tokens[x].isdisjoint(tokens[y])]
        if not near or matcher.same_word(a, b) is None:
            continue
        for pair in ((min(x, y), max(x, y)) for x, y in near):
            if pair not in pairs and (related := context.related(*pair)) is not None:
                pairs[pair] = related
    return pairs


def _count(counts: dict[str, int], item: str, n: int) -> None:
    counts[item] = counts.get(item, 0) + n


def _join_surnames(uf: _UnionFind, spellings: dict[str, dict[str, int]],
                   sources: dict[str, set[str]], kinds: dict[str, dict[str, int]]) -> None:
    """A surname alone ("Berg said") is the person named in full in the same documents,
    when exactly one person there has that surname; otherwise it stays its own entity."""
    people: dict[str, list[str]] = defaultdict(list)  # surname -> keys of full names
    for key in spellings:
        words = key.split()
        if len(words) >= 2 and kinds.get(key, {}).get("person", 0) > 0:
            people[words[-1]].append(key)
    for key in list(spellings):
        if " " in key or key not in people or not sources[key]:
            continue
        holders = {uf.find(k) for k in people[key] if sources[key] <= sources[k]}
        if len(holders) == 1:
            uf.union(key, holders.pop())


def _preferred(forms: dict[str, int]) -> str:
    """The fullest name ("Hans Berg" over "Berg", "World Health Organization" over "WHO"),
    then the most used spelling of it, then alphabetical."""
    if len(forms) == 1:  # most names have one spelling
        return next(iter(forms))
    return min(forms, key=lambda f: (-len(f.split()), -forms[f], -len(f), f))


def _find_variants(index: NameIndex, mentioned: Counter[str]) -> None:
    """Token blocking: only names sharing an uncommon word can be variants, never all
    pairs; the near misses among them are found through the words they share.
    ``mentioned``: how many name facts name each entity, as written."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for name in sorted(index.entities):
        for word in set(name_key(name).split()):
            if len(word) >= 4:
                blocks[word].append(name)
    # The blocks a pair may be compared in (a word this common says nothing about identity),
    # by their order above.
    order = {word: n for n, word in enumerate(blocks) if len(blocks[word]) <= 200}
    found: list[tuple[int, str, str]] = []
    for a, b in _near_miss_pairs(sorted(index.entities)):
        shared = set(name_key(a).split()) & set(name_key(b).split())
        first = min((order[word] for word in shared if word in order), default=None)
        if first is not None:
            found.append((first, a, b))
    if not found:
        return
    # In the order of comparing each block's members pairwise, each pair once at its first
    # block (members are sorted by name): the last variant_of written wins.
    found.sort()
    mentions: Counter[str] = Counter()
    for entity, count in mentioned.items():
        mentions[index.canonical(entity)] += count
    for _, a, b in found:
        canonical, variant = _pick(a, b, mentions, index.gazetteer_names)
        index.variant_of[variant] = canonical
        index.entities[canonical].variants.append(variant)


def _near_miss_pairs(names: list[str]) -> set[tuple[str, str]]:
    """Every pair (a, b), a before b in ``names``, that is_near_miss: names that differ in
    one word only agree on all the others, so they meet under that word masked (with its
    first letter kept, which the test also asks) and no other pairs are compared."""
    masked: dict[tuple[int, str, int, int], list[tuple[str, str]]] = defaultdict(list)
    # Word sequences numbered as they are met (a sequence is its prefix's number and its last
    # word): a name of n words gives its n masked forms in O(n), not O(n²).
    prefixes: dict[tuple[int, str], int] = {}
    suffixes: dict[tuple[int, str], int] = {}
    for name in names:
        words = name.split()
        if len(words) < 2:
            continue
        folded = [w.casefold() for w in words]
        before = [0]  # before[i]: the number of folded[:i]
        for word in folded:
            before.append(prefixes.setdefault((before[-1], word), len(prefixes) + 1))
        after = [0]  # after[k]: the number of the last k words
        for word in reversed(folded):
            after.append(suffixes.setdefault((after[-1], word), len(suffixes) + 1))
        for i, word in enumerate(words):
            if len(word) >= 4:
                masked[before[i], word[0].casefold(), after[len(words) - 1 - i], i].append(
                    (name, folded[i]))
    pairs: set[tuple[str, str]] = set()
    for members in masked.values():
        if len(members) < 2:  # most masked forms belong to one name
            continue
        differing = [word for _, word in members]
        for i, (a, word) in enumerate(members):
            # A generated corpus gives hundreds of names one template ("X Province"): the
            # edit distances are screened in C, is_near_miss decides on the few within two.
            for _, _, j in process.extract(word, differing[i + 1:], scorer=Levenshtein.distance,
                                           score_cutoff=2, limit=None):
                b = members[i + 1 + j][0]
                if is_near_miss(a, b):
                    pairs.add((a, b))
    return pairs


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


# A capitalised word of four letters or more standing alone (possessive allowed).
_CAPITALISED = re.compile(r"(?<![\w’'.-])[A-Z][a-z]{3,}(?=(?:[’']s)?[\s,.;:!?])")
_OPENING = re.compile(r"[\s\"'“‘(\[]*")  # quotes and brackets before a sentence's first word


def overlooked_names(documents: dict[str, Document], extractions: dict[str, Extraction],
                     matcher: NameMatcher) -> list[Fact]:
    """Name facts for capitalised words the extractor passed over (a lone word where capitals
    are automatic, as at a sentence start: it cannot tell a name there) that spell a name the
    same text uses one letter or one vowel off ("Harden told …" in a text naming Lucia Hardern,
    "Tavo’s win" in one naming Tava), when no text uses the word in lower case (so it is no
    common word). The name index then links the two spellings like any others."""
    long_words: dict[str, list[str]] = {}  # name -> its words of four letters or more
    out: list[Fact] = []
    for source in sorted(documents):
        doc, extraction = documents[source], extractions.get(source)
        if extraction is None:
            continue
        taken = sorted((e.start, e.end) for e in extraction.entities)
        starts = [s for s, _ in taken]
        # Capitals are automatic at a sentence start: there the extractor cannot tell a name.
        openings = (_CAPITALISED.match(doc.text, _OPENING.match(doc.text, s.start).end())
                    for s in extraction.sentences)
        unnamed = []
        for match in filter(None, openings):
            i = bisect_right(starts, match.start()) - 1
            if match.group() not in STOP_WORDS and not (i >= 0 and taken[i][1] > match.start()):
                unnamed.append(match)  # not part of a name the extractor found
        if not unnamed:
            continue  # most texts: their names need not be read
        by_initial = _name_words(extraction.facts, matcher, long_words)
        for match in unnamed:
            word, start, end = match.group(), match.start(), match.end()
            folded = matcher.fold(word)
            found = [(w, kind) for w, kind in by_initial.get(folded[0], ())
                     if abs(len(w) - len(folded)) <= 1 and folded != w
                     and damerau_levenshtein_distance(folded, w) <= 1
                     and matcher.same_word(folded, w) in (TYPO, VOWELS)]
            if len(found) != 1:
                continue  # no name, or several: nothing to say which
            kind = found[0][1]
            sentences = extraction.sentences
            k = sentence_index(sentences, start) if sentences else -1
            sentence = sentences[k].text if 0 <= k < len(sentences) else ""
            line, column = doc.position(start)
            out.append(Fact(f"{source}:name:{start}:overlooked", source, "name", word, "name",
                            word, start=start, end=end, line=line, column=column, text=word,
                            sentence=sentence, context={"kind": kind, "aliases": []}))
    if not out:
        return out
    # A word any text uses in lower case is a common word, capitalised where a sentence starts.
    wanted = PhraseFinder({f.text.lower() for f in out})  # as whole words, one pass a text
    common = {doc.text[start:end] for doc in documents.values()
              for start, end in wanted.spans(doc.text)}
    return [f for f in out if f.text.lower() not in common]


def _name_words(facts: list[Fact], matcher: NameMatcher,
                long_words: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """The words of four letters or more of the names among one text's facts, with the kind
    of name each is in (a person's, if any is), by first letter. ``long_words``: each name's
    words, shared by the texts (a name recurs in many)."""
    kinds: dict[str, str] = {}
    for fact in facts:
        if fact.kind == "name" and isinstance(fact.value, str):
            kind = str(fact.context.get("kind", "name"))
            found = long_words.get(fact.value)
            if found is None:
                found = long_words[fact.value] = [
                    w for w in matcher.words(fact.value) if len(w) >= 4]
            for word in found:
                if kinds.get(word) != "person":
                    kinds[word] = kind
    by_initial: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for word, kind in kinds.items():
        by_initial[word[0]].append((word, kind))
    return by_initial
