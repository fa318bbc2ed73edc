"""Name claims: the people, organisations and places the document names, once per canonical
entity (every mention of one entity is one claim, marked wherever it stands).

Which names are claims: a name of two or more words, or one the extractor takes for a person.
A single capitalised word is as often a demonym, a country or a capitalised common noun as a
name, so all a source could say is that it uses the word too; unless the name matcher
(graph/namematch.py) finds it a spelling of a name the sources use ("Velikaborsk" against
the sources' "Velikoborsk"), never of a look-alike (Iran / Iraq, Austria / Australia).
Names in the house gazetteer (rules data) are known to the desk and spelt its way: not
claims, unless the document spells one differently.

Supported: a source names the same canonical entity (an alias counts: "FEMA" names the
mission; so does a transliteration the name index merged). Contradicted: the document's spelling
is a variant of another (graph.names variant_of: "Jomo Kenyata" / "Jomo Kenyatta", or a spelling
the matcher finds among the sources' names) and the sources, or the gazetteer, use that other
spelling; the suggestion is that spelling. Disputed: sources use both spellings.
"""

from __future__ import annotations

import re
from collections import Counter

from factcheck.model import Fact
from factcheck.review_mode.claims import CONTRADICTED, CONTRADICTS, SUPPORTS, Passage
from factcheck.review_mode.context import ReviewContext
from factcheck.review_mode.decide import Position, Verdict, decide


def is_name_claim(ctx: ReviewContext, entity: str, mentions: list[Fact],
                  by_entity: dict[str, list[Fact]] | None = None) -> bool:
    names = ctx.graph.names
    if entity in names.gazetteer_names:
        return False
    text = ctx.document.text
    if mentions and all(_heading_or_bio(text, f.start) for f in mentions):
        return False
    if entity in names.variant_of:
        return True
    person = any(f.context.get("kind") == "person" for f in mentions)
    if person or len(entity.split()) >= 2:
        return True
    return by_entity is not None and source_spelling(ctx, entity, by_entity) is not None


def source_spelling(ctx: ReviewContext, entity: str,
                    by_entity: dict[str, list[Fact]]) -> str | None:
    """The one name the sources use that the matcher finds another spelling of ``entity``,
    which no source uses itself; None when there is none, or more than one."""
    matcher = ctx.graph.names.matcher
    if matcher is None or ctx.source_facts(by_entity.get(entity, [])):
        return None
    found = set()
    for other, facts in by_entity.items():
        # Cheap screens first: spellings of one name are of about one length.
        if other == entity or abs(len(other) - len(entity)) > 4 or not ctx.source_facts(facts):
            continue
        if matcher.compare(entity, other, single=True) is not None:
            found.add(other)
    return found.pop() if len(found) == 1 else None


def _heading_or_bio(text: str, offset: int) -> bool:
    """Whether ``offset`` stands in a Markdown heading ("## Global Politics") or in an
    author's note ("Jane Roe is a lecturer in Social Inequalities at …"): what the document
    says of itself or its author, not a claim about the events."""
    line_start = text.rfind("\n", 0, offset) + 1
    if text.startswith("#", line_start):
        return True
    start = text.rfind("\n\n", 0, offset)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", offset)
    end = len(text) if end < 0 else end
    return _BIO.search(text, start, end) is not None


# An author's note: "… is a lecturer in …", "… writes about …", "… is the author of …".
_BIO = re.compile(
    r"\b(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:lecturer|professor|reader|"
    r"fellow|researcher|scholar|doctoral|phd|postdoctoral|senior editor|contributing editor|"
    r"columnist)\b|\bwrites\s+(?:about|on)\b|\bis\s+the\s+author\s+of\b",
    re.IGNORECASE)


def classify_name(ctx: ReviewContext, fact: Fact,
                  by_entity: dict[str, list[Fact]]) -> tuple[Verdict, str | None]:
    """The verdict and, when the document's spelling is not the one to use, the suggestion."""
    names = ctx.graph.names
    entity = fact.entity
    root = names.variant_of.get(entity, entity)
    family = {root} | {v for v, c in names.variant_of.items() if c == root}
    if len(family) == 1 and (spelling := source_spelling(ctx, entity, by_entity)) is not None:
        family.add(spelling)
    positions: list[Position] = []
    spelled: Counter[str] = Counter()
    for name in sorted(family):
        per_source: dict[str, list[Fact]] = {}
        for other in ctx.source_facts(by_entity.get(name, [])):
            per_source.setdefault(other.source, []).append(other)
        for source, facts in sorted(per_source.items()):
            forms = sorted({f.text for f in facts} - {name})
            detail = f"as {', '.join(f'“{x}”' for x in forms)}" if forms else ""
            positions.append(Position(source, name, name == entity, [facts[0]], detail))
            if name != entity:
                spelled[name] += 1
    house = next((n for n in sorted(family) if n in names.gazetteer_names), None)
    suggestion = house or (spelled.most_common(1)[0][0] if spelled else None)
    if house is not None and house != entity:
        same = [p for p in positions if p.agrees]
        others = [p for p in positions if not p.agrees]
        spelt = f"; the sources spell it {_spellings(positions)}" if positions else ""
        reason = (f"“{entity}” is a variant of “{house}”, the spelling in the house gazetteer "
                  f"(rules data){spelt}")
        passages = [Passage(ctx.evidence(f), SUPPORTS if p.agrees else CONTRADICTS)
                    for p in [*others, *same] for f in p.facts]
        return Verdict(CONTRADICTED, reason, passages,
                       ctx.independent(p.source for p in same),
                       ctx.independent(p.source for p in others)), house
    disagree = len({p.label for p in positions}) > 1
    verdict = decide(ctx, f"“{entity}”", positions, disagree,
                     unsupported_reason=f"no source names “{entity}”")
    if verdict.status == CONTRADICTED:
        verdict.reason = f"“{entity}” is spelt differently by the sources: " + _spellings(
            [p for p in positions if not p.agrees])
        return verdict, suggestion
    return verdict, None


def _spellings(positions: list[Position]) -> str:
    by_name: dict[str, list[str]] = {}
    for p in positions:
        by_name.setdefault(p.label, []).append(p.source)
    return "; ".join(f"“{name}” ({', '.join(sources)})" for name, sources in by_name.items())
