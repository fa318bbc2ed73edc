"""From what each source says about a claim to the claim's status and the reason, in words.

Every kind of claim ends here once its classifier has said, per source, whether the source's
value can hold with the claim (``Position.agrees``) and whether the sources can all hold with
each other. The rule, the same for figures, dates, names and quotations:

- no source speaks to it: unsupported;
- every source that speaks to it agrees: supported;
- some source disagrees and the sources agree with each other (or none agrees): contradicted;
- some agree, some disagree, and the sources cannot all hold together: disputed, with the side
  the document took, whether it has the majority of independent sources, and whether the
  latest published source is on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.model import Fact
from factcheck.review_mode.claims import (
    CONTRADICTED,
    CONTRADICTS,
    DISPUTED,
    SUPPORTED,
    SUPPORTS,
    UNSUPPORTED,
    Passage,
    Side,
)
from factcheck.review_mode.context import ReviewContext


@dataclass
class Position:
    """What one source says on the claim's entity and attribute."""

    source: str
    label: str  # the value as compared: "≥ 182", "2015-01", "Jomo Kenyatta …"
    agrees: bool
    facts: list[Fact] = field(default_factory=list)  # cited as the source's passages
    detail: str = ""  # how the source arrives at the label: "≥ 60 villagers + 9 …"


@dataclass
class Verdict:
    status: str
    reason: str
    passages: list[Passage]
    supporting: list[str]
    contradicting: list[str]
    side: Side | None = None


def decide(ctx: ReviewContext, claim_label: str, positions: list[Position],
           sources_disagree: bool, *, unsupported_reason: str, note: str = "") -> Verdict:
    """``note``: said after the reason whatever the status (e.g. figures that only changed
    over time)."""
    verdict = _decide(ctx, claim_label, positions, sources_disagree, unsupported_reason)
    if note:
        verdict.reason += f"; {note}"
    return verdict


def _decide(ctx: ReviewContext, claim_label: str, positions: list[Position],
            sources_disagree: bool, unsupported_reason: str) -> Verdict:
    agree = [p for p in positions if p.agrees]
    disagree = [p for p in positions if not p.agrees]
    passages = [Passage(ctx.evidence(f), SUPPORTS if p.agrees else CONTRADICTS)
                for p in [*disagree, *agree] for f in sorted(p.facts, key=lambda f: f.start)]
    supporting = ctx.independent(p.source for p in agree)
    contradicting = ctx.independent(p.source for p in disagree)
    if not positions:
        return Verdict(UNSUPPORTED, unsupported_reason, [], [], [])
    if not disagree:
        count = len(supporting)
        noun = "source" if count == 1 else "sources"
        reason = (f"{claim_label} agrees with {describe(agree)}: {count} independent {noun}"
                  f"{ctx.copies_note(p.source for p in agree)}")
        if sources_disagree:
            reason += "; the sources disagree among themselves, but it fits each of them"
        return Verdict(SUPPORTED, reason, passages, supporting, [])
    if agree and sources_disagree:
        side = _side(ctx, agree, disagree, supporting, contradicting)
        reason = (f"the sources disagree: {describe(agree)} vs {describe(disagree)}; the "
                  f"document sides with {', '.join(supporting)}, "
                  f"{_side_words(ctx, side, positions)}"
                  f"{ctx.copies_note(p.source for p in positions)}")
        return Verdict(DISPUTED, reason, passages, supporting, contradicting, side)
    reason = f"{claim_label} cannot hold with {describe(disagree)}"
    if agree:
        reason += (f"; {describe(agree)} would allow it alone, but the sources agree with each "
                   f"other")
    reason += ctx.copies_note(p.source for p in positions)
    return Verdict(CONTRADICTED, reason, passages, supporting, contradicting)


def describe(positions: list[Position]) -> str:
    """'≥ 69 (a: ≥ 60 villagers + 9 rescue workers; b: …) and 63–77 (c)'."""
    grouped: dict[str, list[Position]] = {}
    for p in sorted(positions, key=lambda p: (p.label, p.source)):
        grouped.setdefault(p.label, []).append(p)
    parts = []
    for label, same in grouped.items():
        sources = "; ".join(f"{p.source}: {p.detail}" if p.detail and p.detail != label
                            else p.source for p in same)
        parts.append(f"{label} ({sources})")
    return " and ".join(parts)


def _side(ctx: ReviewContext, agree: list[Position], disagree: list[Position],
          took: list[str], other: list[str]) -> Side:
    dated = [(ctx.published(p.source), p.agrees) for p in [*agree, *disagree]]
    known = [(when, agrees) for when, agrees in dated if when]
    latest: bool | None = None
    if known:
        newest = max(when for when, _ in known)
        sides = {agrees for when, agrees in known if when == newest}
        latest = None if len(sides) > 1 else sides.pop()  # a tie across sides decides nothing
    return Side(took, other, len(took) > len(other), latest)


def _side_words(ctx: ReviewContext, side: Side, positions: list[Position]) -> str:
    total = len(set(side.took) | set(side.other))
    share = f"{len(side.took)} of {total} independent sources"
    if len(side.took) > len(side.other):
        majority = f"the majority ({share})"
    elif len(side.took) == len(side.other):
        majority = f"half ({share})"
    else:
        majority = f"a minority ({share})"
    dated = sorted((when, p.source) for p in positions if (when := ctx.published(p.source)))
    if side.latest is None:
        latest = ("no publication dates to tell the latest" if not dated
                  else "the latest sources are on both sides")
    else:
        when, source = dated[-1]
        latest = (f"including the latest, {source} ({when})" if side.latest
                  else f"not the latest, {source} ({when})")
    return f"{majority}, {latest}"
