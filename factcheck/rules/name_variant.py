"""name-variant

What it finds: two spellings of one name, across sources or within one, and the spelling to use;
and, as a note, one name transliterated two ways ("also spelt …"), never two people.
Why it matters: a misspelt name is a correction waiting to happen, and readers (and search) may
take the two spellings for two different people, places or organisations.
Example (flagged): "Jomo Kenyata International Airport" (two mentions in one source) vs "Jomo
Kenyatta International Airport" (two other sources): use "Jomo Kenyatta …". At info:
"Rustamdzhon Karimov" is also spelt "Rustamjon Karimov" (a transliteration, one name).
Example (not flagged): "Iran" vs "Iraq", "Austria" vs "Australia" (look-alikes in
rules/names.yaml); "Railway Ministry" vs "Railway Minister" (one stem, two words); "Paul
Otieno" vs "Paula Otieno" (two people who share a surname); "Bank of England" vs "Bank of
Ireland".
How it decides: the pairs come from the name index (graph/names.py), which compares names word by
word with the name matcher (graph/namematch.py: anyascii folds, jellyfish metaphone keys, the
particles, transliterations, given names, endings and look-alikes of rules/names.yaml) and links
spellings in one text, or in texts that name other things in common; a one-word name only then, and
a lower-case generic head after a name ("Abby gate") is part of it. Transliterations are merged
into one entity and noted at info. Other spellings are kept apart as variants, and the rule keeps
apart what context says are two things: spellings named in the same sentence; spellings that both
are house gazetteer entries; person names whose first names differ only at the end (Paul/Paula,
Mark/Mary); names given two different titles ("Mayor X", "Judge Y"); names whose differing words
start with two different names the sources mention on their own (Iran/Iraq in "Iran Air"/"Iraq
Air"). A variant is a warning when the gazetteer spells it the other way, one text spells it both
ways, one independent source stands against two or more, or the change is a typo (no romanisation
makes it); otherwise both spellings are in use and it is a note at info. The suggested spelling is
the house gazetteer's; failing that, the one used by more independent sources (sources that copy
each other count once), then by more mentions: never a one-outlet spelling over the attested one.
Evidence is every mention of either spelling, those to fix first.
One abbreviation spelt out two ways that differ in one word ("Dravos Geological Survey (DGS)" /
"Dravos Geological Service (DGS)") is one entity by the abbreviation, but one spelling is wrong:
a warning with the word more independent sources write (in any name that ends like it), a note
at info on a tie; a romanisation, a given name's form or a translated head is no such change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from factcheck.extract.entities import is_abbreviation, name_key
from factcheck.graph import FactGraph
from factcheck.graph.namematch import GIVEN, HEAD, ROMANISATION, NameMatch
from factcheck.graph.names import titles
from factcheck.model import Evidence, Fact, Finding
from factcheck.ruledata import RuleData
from factcheck.rules.engine import rule


def _mentions(graph: FactGraph) -> dict[str, list[Fact]]:
    """Name facts by the merge key of their spelling."""
    out: dict[str, list[Fact]] = defaultdict(list)
    for fact in graph.facts_of("name"):
        if isinstance(fact.value, str):
            out[name_key(fact.value)].append(fact)
    return out


def _differing_words(a: str, b: str) -> tuple[str, str, int] | None:
    """The one word (casefolded) where two same-length names differ, and its position."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return None
    diff = [(i, x.casefold(), y.casefold()) for i, (x, y) in enumerate(zip(wa, wb, strict=True))
            if x.casefold() != y.casefold()]
    if len(diff) != 1:
        return None
    i, x, y = diff[0]
    return x, y, i


def _given_names_differ_at_end(a: str, b: str, graph: FactGraph) -> bool:
    kinds = {graph.names.entities[n].kind for n in (a, b) if n in graph.names.entities}
    person_shaped = len(a.split()) == 2 and not kinds & {"place", "org", "event"}
    if "person" not in kinds and not person_shaped:
        return False
    found = _differing_words(a, b)
    if found is None:
        return False
    x, y, position = found
    if position == len(a.split()) - 1:  # the surname differs: a misspelling, not two people
        return False
    shorter, longer = sorted((x, y), key=len)
    if longer.startswith(shorter):
        return True  # Paul / Paula, Daniel / Daniela
    return len(x) == len(y) and x[:-1] == y[:-1]  # Mark / Mary, Eric / Erin


def _start_with_distinct_names(a: str, b: str, graph: FactGraph) -> bool:
    found = _differing_words(a, b)
    if found is None:
        return False
    x, y, _ = found
    key_to_name = graph.names.key_to_name

    def named(word: str) -> set[str]:
        # One-word names of four letters or more that the word starts with.
        key = name_key(word)
        return {key_to_name[key[:n]] for n in range(4, len(key) + 1)
                if " " not in key[:n] and key[:n] in key_to_name}

    # The pair's own names aside: one-word spellings name themselves (Fayzov / Faizov); and
    # names that are one name spelt two ways ("Rashed" / "Rashid") are not two names.
    in_x, in_y = named(x) - {a, b}, named(y) - {a, b}
    if not in_x or not in_y or in_x & in_y:
        return False
    matcher = graph.names.matcher
    return matcher is None or not any(matcher.compare(p, q, single=True)
                                      for p in in_x for q in in_y)


def _same_sentence(a: list[Fact], b: list[Fact]) -> bool:
    places = {(f.source, f.sentence) for f in a}
    return any((f.source, f.sentence) in places for f in b)


def _side(graph: FactGraph, spelling: str, facts: list[Fact]) -> str:
    sources = sorted({f.source for f in facts})
    parts = []
    if facts:
        mentions = f"{len(facts)} mention{'s' if len(facts) != 1 else ''}"
        parts.append(f"{', '.join(map(graph.label, sources))}: {mentions}")
        independent = len(graph.independent(sources))
        if independent != len(sources):
            parts.append(f"{independent} independent")
    if spelling in graph.names.gazetteer_names:
        parts.append("gazetteer")
    return f"“{spelling}” ({'; '.join(parts)})"


def _short(suggested: str, other: str) -> str:
    """The suggested spelling up to the word that differs: “Jomo …”."""
    words, found = suggested.split(), _differing_words(suggested, other)
    if found is None or found[2] == len(words) - 1:
        return suggested
    return " ".join(words[:found[2] + 1]) + " …"


def _suggested(graph: FactGraph, a: str, b: str, facts: dict[str, list[Fact]]) -> str:
    """The gazetteer's spelling, else the one more independent sources use, then more
    mentions; the name index's canonical spelling (``b``) on a tie."""
    in_gazetteer = [n for n in (a, b) if n in graph.names.gazetteer_names]
    if len(in_gazetteer) == 1:
        return in_gazetteer[0]

    def weight(name: str) -> tuple[int, int, bool]:
        mentions = facts[name]
        return (len(graph.independent(sorted({f.source for f in mentions}))), len(mentions),
                name == b)

    return max((a, b), key=weight)


def _misspelt(graph: FactGraph, use: str, other: str, facts: dict[str, list[Fact]],
              match: NameMatch | None = None) -> str:
    """Why ``other`` is a misspelling of ``use`` rather than a second spelling of one name
    ("" when it is not): the gazetteer spells it ``use``; one text uses both; one independent
    source against two or more; or a typo (an edit no romanisation makes)."""
    if use in graph.names.gazetteer_names:
        return "the gazetteer's spelling"
    sources_use = {f.source for f in facts[use]}
    sources_other = {f.source for f in facts[other]}
    if sources_use & sources_other:
        return "one text spells it both ways"
    origins_use = len(graph.independent(sorted(sources_use)))
    if len(graph.independent(sorted(sources_other))) == 1 and origins_use >= 2:
        return f"one source against {origins_use} independent ones"
    matcher = graph.names.matcher
    if match is None and matcher is not None:
        match = matcher.compare(other, use, single=True, person=True)
    if match is None or any(how == "typo" for _, _, how in match.differing):
        return "a typo, not a romanisation"
    return ""


def _also_spelt(graph: FactGraph, spellings: list[tuple[str, list[Fact]]], entity: str,
                why: str) -> Finding:
    parts = [f"“{name}” ({', '.join(sorted({f.source for f in found}))})"
             for name, found in spellings]
    evidence = [Evidence.from_fact(f, graph.path(f.source)) for _, found in spellings
                for f in found]
    return Finding(rule="name-variant", severity="info", entity=entity, attribute="name",
                   message=f"{parts[0]} is also spelt {parts[1]}: {why}, one name",
                   evidence=evidence, values=sorted(name for name, _ in spellings))


@rule("name-variant", severity="warning")
def name_variant(graph: FactGraph, data: RuleData) -> Iterator[Finding]:
    by_key = _mentions(graph)
    names = graph.names
    for variant, canonical in sorted(names.variant_of.items()):
        # The spellings compared: the names, or the ones the matcher linked ("Tavo" and the
        # "Tava" of "Marco Aurelio Tava da Costa"), shown with a generic head ("Abby gate").
        (shown_v, written_v), (shown_c, written_c) = names.linked.get(
            (variant, canonical), ((variant, variant), (canonical, canonical)))
        facts = {shown: sorted(by_key.get(name_key(written), []),
                               key=lambda f: (f.source, f.start))
                 for shown, written in ((shown_v, written_v), (shown_c, written_c))}
        if (variant in names.gazetteer_names and canonical in names.gazetteer_names) or \
                _same_sentence(facts[shown_v], facts[shown_c]):
            continue
        if _given_names_differ_at_end(variant, canonical, graph) or _start_with_distinct_names(
                variant, canonical, graph):
            continue
        titles_v = titles(written_v, (f.sentence for f in facts[shown_v][:20]))
        titles_c = titles(written_c, (f.sentence for f in facts[shown_c][:20]))
        if titles_v and titles_c and titles_v.isdisjoint(titles_c):
            continue  # "Mayor X" and "Judge Y": two people
        use = _suggested(graph, shown_v, shown_c, facts)
        other = shown_c if use == shown_v else shown_v
        if not facts[other]:
            continue  # the text only uses the suggested spelling: nothing to fix
        why = _misspelt(graph, use, other, facts, names.matches.get((variant, canonical)))
        if not why:
            yield _also_spelt(graph, [(other, facts[other]), (use, facts[use])], use,
                              "both spellings are in use")
            continue
        evidence = [Evidence.from_fact(f, graph.path(f.source))
                    for f in [*facts[other], *facts[use]]]
        reason = "" if use in names.gazetteer_names else f" ({why})"  # the side says gazetteer
        message = (f"{_side(graph, other, facts[other])} is a variant of "
                   f"{_side(graph, use, facts[use])}{reason}: use “{_short(use, other)}”")
        yield Finding(rule="name-variant", severity="warning", entity=use,
                      attribute="name", message=message, evidence=evidence,
                      values=sorted([other, use]), suggestion=use)
    yield from _expansions(graph, by_key)
    for form_a, form_b, canonical in sorted(set(names.also_spelt)):
        spellings = [(form, sorted((f for f in by_key.get(name_key(form), [])),
                                   key=lambda f: (f.source, f.start))) for form in (form_a, form_b)]
        if all(found for _, found in spellings):
            yield _also_spelt(graph, spellings, canonical, _how_linked(graph, form_a, form_b))


def _how_linked(graph: FactGraph, a: str, b: str) -> str:
    """"a translation" when the spellings name different generic heads ("school" /
    "Gymnasium"), else "a transliteration"."""
    matcher = graph.names.matcher
    if matcher is not None:
        heads = matcher.rules.head_translations
        if {w for w in matcher.words(a) if w in heads} != {w for w in matcher.words(b)
                                                           if w in heads}:
            return "a translation"
    return "a transliteration"


def _acronyms(forms: list[str]) -> list[str]:
    return [f for f in forms if " " not in f and f.replace(".", "").replace("-", "").isupper()
            and len(f) >= 2]


def _expansions(graph: FactGraph, by_key: dict[str, list[Fact]]) -> Iterator[Finding]:
    """One abbreviation spelt out two ways that differ in one word: "Velden Geological Survey
    (VGS)" in one text and "Velden Geological Service (VGS)" in another. The abbreviation made
    them one entity, but one of the two is wrong (a translation's or a copy's slip); the word
    more independent sources write (in any name ending like it: "V. Geological Survey") is
    the one to use."""
    names = graph.names
    for entity in sorted(names.entities.values(), key=lambda e: e.name):
        if len(entity.aliases) < 2:
            continue
        forms = [entity.name, *entity.aliases]
        acronyms = _acronyms(forms)
        if not acronyms:
            continue
        long_forms = sorted({f for f in forms if len(name_key(f).split()) >= 3
                             and by_key.get(name_key(f))})
        for i, a in enumerate(long_forms):
            for b in long_forms[i + 1:]:
                found = _differing_words(name_key(a), name_key(b))
                acronym = next((acronym for acronym in acronyms if is_abbreviation(acronym, a)
                                and is_abbreviation(acronym, b)), None) if found else None
                if found is None or acronym is None:
                    continue
                x, y, position = found
                if names.matcher is not None and names.matcher.same_word(
                        names.matcher.fold(x), names.matcher.fold(y)) in (ROMANISATION, GIVEN,
                                                                          HEAD):
                    continue  # one word romanised or translated: one name
                yield _expansion_finding(graph, by_key, a, b, position, acronym)


def _written_like(by_key: dict[str, list[Fact]], form: str, other: str,
                  position: int) -> set[str]:
    """The sources of names that end like ``form`` from the word before the one that differs
    ("Geological Survey"), the other spelling aside."""
    tail = " ".join(name_key(form).split()[max(0, position - 1):])
    sources: set[str] = set()
    for key, facts in by_key.items():
        if key != name_key(other) and (key == tail or key.endswith(" " + tail)):
            sources.update(f.source for f in facts)
    return sources


def _expansion_finding(graph: FactGraph, by_key: dict[str, list[Fact]], a: str, b: str,
                       position: int, acronym: str) -> Finding:
    facts = {form: sorted(by_key[name_key(form)], key=lambda f: (f.source, f.start))
             for form in (a, b)}
    support = {form: graph.independent(sorted(_written_like(by_key, form, other, position)))
               for form, other in ((a, b), (b, a))}
    use, other = sorted((a, b), key=lambda f: (-len(support[f]), -len(facts[f]), f))
    tie = len(support[use]) == len(support[other])
    word_use, word_other = name_key(use).split()[position], name_key(other).split()[position]
    message = (f"{_side(graph, other, facts[other])} and {_side(graph, use, facts[use])} "
               f"both spell out “{acronym}” and differ in one word (“{word_other}” / "
               f"“{word_use}”): " + ("one of them is wrong" if tie else
                                     f"use “{use}”, as more independent sources write it"))
    evidence = [Evidence.from_fact(f, graph.path(f.source)) for f in [*facts[other], *facts[use]]]
    return Finding(rule="name-variant", severity="info" if tie else "warning", entity=use,
                   attribute="name", message=message, evidence=evidence,
                   values=sorted([other, use]), suggestion=None if tie else use)
