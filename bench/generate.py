"""Build a benchmark corpus of N news-like documents from the seed articles (and tests/corpus).

    python bench/generate.py 1000 --out /tmp/corpus-1000 [--seed 1] [--format txt|jsonl]

Sources are read through ``factcheck.ingest`` (so mis-encoded seeds arrive repaired) and cut into
paragraphs. Documents come in *stories* of 3-8 documents about one event: each story renames the
proper names, shifts the years (by 28-year calendar cycles) and scales the figures of its
paragraphs consistently (so
stories are distinct events) and tells each source its own way (paragraphs reordered, a
quarter of the sentences left out). Each document of a story is an independent report (the
paragraphs of one source about that event, e.g. one of the seeds) or, now and then, a copy of
an earlier report; it drops a paragraph or a sentence here and there, and with a small
probability perturbs a figure, a day of the month or the spelling of a name — the conflicts a
checker should find. Everything is drawn from ``random.Random(seed)``: the same seed and
sources give byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (ROOT / "seeds", ROOT / "tests" / "corpus")
# The labelled corpus's cases of deliberately damaged text: as sources they would only add noise.
_DAMAGED_TEXT_CASES = "text-quality"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MONTH = "|".join(MONTHS)
# Day-and-month dates, years, then any other figure: one scan, first alternative wins.
_FIGURES = re.compile(
    rf"\b(?P<dm_day>\d{{1,2}})(?P<dm_suffix>st|nd|rd|th)?(?P<dm_rest>\s+(?:{_MONTH})\b)"
    rf"|\b(?P<md_month>(?:{_MONTH})\s+)(?P<md_day>\d{{1,2}})\b(?!,\d)"
    r"|(?<![\w.,])(?P<year>(?:19|20)\d\d)(?!\w|[.,]\d)"
    r"|(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b|\b[A-Z]{3,6}\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])")
_WORD = re.compile(r"\b[a-z]+\b")
# A capitalised word inside a sentence (after a lower-case word or a comma).
_MID_SENTENCE_CAPITALISED = re.compile(r"(?<=[a-z,]\s)(?:" + _CAPITALISED.pattern + ")")

# Capitalised words that are parts of names, not names: kept so renamed names stay readable
# ("Velmora International Airport").
_NAME_PARTS = frozenset((
    "International", "Airport", "Province", "State", "Islamic", "Republic", "Ministry", "Army",
    "Council", "University", "National", "United", "Nations", "Police", "Department", "Office",
    "Force", "Forces", "Mission", "Assistance", "Court", "President", "Minister", "Prime",
    "General", "Secretary", "Mullah", "Greater", "Northern", "Southern", "Eastern", "Western",
    "Central", "News", "Press", "Agency", "Times", "Post", "Institute", "Centre", "Center",
    "Group", "Front", "States", "Kingdom", "Royal", "Services", "Studies", "School", "Project",
    "Affairs", "Alliance", "Command", "Social", "Politics", "Journalism", "Location"))
_WEEKDAYS = frozenset(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                       "Sunday"))
_SYLLABLES = ("ka", "lo", "ri", "man", "tor", "vel", "sa", "dun", "bel", "or", "an", "esh",
              "ir", "mo", "ta", "vin", "gar", "lu", "pe", "sor", "quel", "dra", "nim", "os")
_SCALES = (0.5, 0.75, 1.0, 1.0, 1.25, 1.5, 2.0, 3.0)
# Years move by whole calendar cycles: after 28 years every date falls on the same weekday
# again, so "on Thursday" still names the day the text dates.
_YEAR_SHIFTS = (-56, -28, 0)


@dataclass
class Source:
    id: str
    title: str
    published: date | None
    paragraphs: list[str]
    event: str = ""  # sources with the same event report the same events (one folder)


@dataclass
class Story:
    """One event, renamed, moved in time and rescaled; its documents are reports of it."""

    number: int
    sources: list[Source]  # the reports of one source event, to draw documents from
    names: dict[str, str]
    year_shift: int
    scale: float


def load_sources(paths: list[Path]) -> list[Source]:
    """Ingested documents cut into paragraphs, without their head lines."""
    from factcheck.ingest import ingest

    existing = [p for p in paths if p.exists()]
    if not existing:
        raise SystemExit("generate: no source documents (looked in "
                         + ", ".join(map(str, paths)) + ")")
    result = ingest(existing)
    sources = []
    for doc in result.documents:
        if _DAMAGED_TEXT_CASES in Path(doc.path).parts:
            continue
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", doc.text)]
        # Prose only: head lines, bylines and captions are short or lack a full stop.
        prose = [p for p in paragraphs
                 if len(p) >= 80 and p.rstrip("”\"’)").endswith((".", "?", "!"))]
        if len(prose) >= 2:
            sources.append(Source(doc.id, doc.title or prose[0][:60],
                                  doc.published, prose,
                                  str(Path(doc.path).parent)))
    if not sources:
        raise SystemExit("generate: the source documents have no prose paragraphs")
    return sources


def renameable_names(sources: list[Source]) -> list[str]:
    """Capitalised words used as names: never written in lower case anywhere in the sources,
    and not month, weekday or generic name-part words."""
    lower = {w for s in sources for p in s.paragraphs for w in _WORD.findall(p)}
    # Only words seen inside a sentence: "However" opening a sentence is not a name.
    found = {m.group(0) for s in sources for p in s.paragraphs
             for m in _MID_SENTENCE_CAPITALISED.finditer(p)}
    return sorted(w for w in found
                  if w.lower() not in lower and w not in _NAME_PARTS and w not in _WEEKDAYS
                  and w not in MONTHS and len(w) >= 3)


def _invented_name(rng: random.Random, like: str) -> str:
    if like.isupper():
        return "".join(rng.choice("BCDFGHKLMNPRSTVZ") for _ in like)
    syllables = rng.randint(2, 3)
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _misspell(rng: random.Random, name: str) -> str:
    if len(name) < 5:
        return name
    i = rng.randrange(1, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


def _split_sentences(paragraph: str) -> list[str]:
    return _SENTENCE_END.split(paragraph)


def _format_like(original: str, value: float) -> str:
    if "." in original:
        decimals = len(original.split(".")[1])
        return f"{value:.{decimals}f}"
    whole = max(0, round(value))
    return f"{whole:,}" if "," in original else str(whole)


class _Rewriter:
    """Applies a story's renaming, year shift and scale, plus one document's perturbations."""

    def __init__(self, story: Story, rng: random.Random, perturb: float) -> None:
        self.story, self.rng, self.perturb = story, rng, perturb
        names = sorted(story.names, key=len, reverse=True)
        self.name_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") \
            if names else None

    def __call__(self, text: str) -> str:
        text = _FIGURES.sub(self._figure, text)
        if self.name_pattern is not None:
            text = self.name_pattern.sub(self._name, text)
        return text

    def _name(self, m: re.Match[str]) -> str:
        name = self.story.names[m.group(0)]
        return _misspell(self.rng, name) if self.rng.random() < self.perturb / 6 else name

    def _day(self, day: str) -> str:
        value = int(day)
        if self.rng.random() < self.perturb:
            value += self.rng.choice((-2, -1, 1, 2))
        return str(min(28, max(1, value)))

    def _figure(self, m: re.Match[str]) -> str:
        if m.group("dm_day"):
            return self._day(m.group("dm_day")) + (m.group("dm_suffix") or "") + m.group("dm_rest")
        if m.group("md_day"):
            return m.group("md_month") + self._day(m.group("md_day"))
        if m.group("year"):
            return str(int(m.group("year")) + self.story.year_shift)
        original = m.group("number")
        value = float(original.replace(",", "")) * self.story.scale
        if self.rng.random() < self.perturb:
            value += max(1.0, abs(value) * self.rng.uniform(0.01, 0.15)) * self.rng.choice((-1, 1))
        return _format_like(original, max(0.0, value))


def _make_story(number: int, sources: list[Source], names: list[str],
                rng: random.Random) -> Story:
    events: dict[str, list[Source]] = {}
    for source in sources:
        events.setdefault(source.event, []).append(source)
    # Events with more text lead more stories, so documents have the length of news articles.
    groups = list(events.values())
    group = rng.choices(groups, weights=[sum(map(_size, g)) for g in groups])[0]
    renaming: dict[str, str] = {}
    for name in names:  # distinct names stay distinct
        invented = _invented_name(rng, name)
        while invented in renaming.values():
            invented = _invented_name(rng, name)
        renaming[name] = invented
    return Story(number, [_story_version(s, rng) for s in group], renaming,
                 rng.choice(_YEAR_SHIFTS), rng.choice(_SCALES))


def _size(source: Source) -> int:
    return sum(len(p) for p in source.paragraphs)


def _story_version(source: Source, rng: random.Random) -> Source:
    """The source as this story tells it: paragraphs in another order, a quarter of the
    sentences left out. Stories drawn from one source would otherwise be copies of each other
    with names changed, which no real corpus of distinct events is."""
    paragraphs = list(source.paragraphs)
    rng.shuffle(paragraphs)
    kept = []
    for paragraph in paragraphs:
        sentences = [s for s in _split_sentences(paragraph) if rng.random() < 0.75]
        if sentences:
            kept.append(" ".join(sentences))
    return Source(source.id, source.title, source.published, kept or paragraphs[:1],
                  source.event)


def _report(story: Story, rng: random.Random) -> tuple[Source, list[str]]:
    """An independent report of the story's event: one source's paragraphs, now and then
    with a paragraph of another report of the same event."""
    source = rng.choices(story.sources, weights=[_size(s) for s in story.sources])[0]
    paragraphs = list(source.paragraphs)
    others = [s for s in story.sources if s is not source]
    if others and rng.random() < 0.3:
        extra = rng.choice(rng.choice(others).paragraphs)
        paragraphs.insert(rng.randint(1, len(paragraphs)), extra)
    return source, paragraphs


def generate(n: int, *, seed: int = 1, sources: list[Source] | None = None,
             perturb: float = 0.08, copy_share: float = 0.3) -> Iterator[dict[str, str]]:
    """N documents as dicts (id, title, published ISO date or "", text), reproducible for a
    seed.

    ``perturb``: chance that a figure, a day of the month (and, a sixth as often, a name) is
    changed in one document; ``copy_share``: chance that a document is a copy of an earlier
    report of its story (syndication) rather than an independent report."""
    rng = random.Random(seed)
    sources = sources if sources is not None else load_sources(list(DEFAULT_SOURCES))
    names = renameable_names(sources)
    made = 0
    story_number = 0
    while made < n:
        story_number += 1
        story = _make_story(story_number, sources, names, rng)
        reports: list[tuple[Source, list[str]]] = []
        for version in range(min(rng.randint(3, 8), n - made)):
            if reports and rng.random() < copy_share:
                source, base = rng.choice(reports)
            else:
                source, base = _report(story, rng)
                reports.append((source, base))
            rewrite = _Rewriter(story, rng, perturb)
            kept = [p for p in base if rng.random() < 0.85] or base[:2]
            paragraphs = []
            for paragraph in kept:
                sentences = _split_sentences(paragraph)
                if len(sentences) > 2 and rng.random() < 0.2:
                    del sentences[rng.randrange(len(sentences))]
                paragraphs.append(rewrite(" ".join(sentences)))
            # A source without a date gives a document without one: never guessed.
            published = source.published and source.published.replace(
                year=source.published.year + story.year_shift)
            made += 1
            yield {"id": f"s{story.number:05d}-v{version + 1}",
                   "title": _Rewriter(story, rng, 0.0)(source.title),
                   "published": published.isoformat() if published else "",
                   "text": "\n\n".join(paragraphs) + "\n"}


def write_corpus(documents: Iterator[dict[str, str]], out: Path, fmt: str) -> int:
    """Write documents as a folder of .txt files (title line, date line, text) or as one
    .jsonl file; returns the bytes of text written."""
    total = 0
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for doc in documents:
                total += len(doc["text"].encode("utf-8"))
                record = {k: v for k, v in doc.items() if v}  # no date: no "published" key
                fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        return total
    out.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        total += len(doc["text"].encode("utf-8"))
        dateline = f"{doc['published']}\n\n" if doc["published"] else ""
        body = f"{doc['title']}\n\n{dateline}{doc['text']}"
        (out / f"{doc['id']}.txt").write_text(body, encoding="utf-8")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--out", type=Path, required=True,
                        help="a folder for --format txt, a .jsonl file for --format jsonl")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    parser.add_argument("--sources", type=Path, nargs="+", default=list(DEFAULT_SOURCES))
    args = parser.parse_args(argv)
    docs = generate(args.n, seed=args.seed, sources=load_sources(args.sources))
    size = write_corpus(docs, args.out, args.format)
    print(f"wrote {args.n} documents, {size / 1e6:.1f} MB of text, to {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
