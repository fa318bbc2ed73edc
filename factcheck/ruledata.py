"""Rules data: the YAML files in ``rules/`` (built in) and in users' own rules folders.

Every file is validated; a mistake is a ``RuleDataError`` naming the file, the line and what is
wrong. A user folder overrides the built-in data file by file and top-level key by key: a user's
``attributes.yaml`` with ``attributes: {deaths: …}`` replaces the built-in ``deaths`` entry and
keeps the others; list-valued sections (gazetteer entities, reference facts) are appended.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from factcheck.extract.patterns import PhraseLists, lowered_phrase_lists
from factcheck.extract.quantities import QualifierTable
from factcheck.yamlsafe import check_size

FILES = ("attributes", "subjects", "events", "gazetteer", "reference", "severities", "qualifiers",
         "names", "layout", "roles", "identifiers")
SEVERITY_VALUES = ("error", "warning", "info", "off")


class RuleDataError(Exception):
    """A rules file is malformed: the message is ``file:line: what is wrong``."""


def builtin_rules_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "_builtin_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class AttributeSpec:
    name: str
    cues: tuple[str, ...]
    cumulative: bool = False
    event: bool = False
    # A fixed fact of the past (a time of day, a length): compared whatever the publication
    # dates, unlike a figure that may change between reports.
    fixed: bool = False
    # How far a process had got when reported (the share of votes counted): it changes by the
    # hour, so two figures of one day are no contradiction, only an update.
    progress: bool = False
    # Counted nouns that are no people but that this attribute counts with one of its cues near
    # ("2,818 buildings collapsed", "142 rounds fired").
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceFact:
    entity: str
    attribute: str
    low: float | None
    high: float | None
    source: str
    note: str = ""
    origin: str = ""  # file:line, shown in findings so editors can fix the house data


@dataclass(frozen=True)
class MeasureRules:
    """Lengths as event attributes (attributes.yaml ``measures``)."""

    units: dict[str, tuple[str, float]] = field(default_factory=dict)  # -> dimension, factor
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # attribute -> words
    dimensions: dict[str, str] = field(default_factory=dict)  # attribute -> dimension
    compound: dict[str, str] = field(default_factory=dict)  # dimension -> "a 948-foot ship"
    # What a compound measures ("a 948-foot ship"): nouns for one kind of thing -> the kind.
    things: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ShareRules:
    """Shares of a count (attributes.yaml ``shares``): whose share, and the count's progress."""

    attribute: str = ""  # "" when the rules name none
    counted: str = ""
    cue_pattern: re.Pattern[str] = re.compile(r"(?!)")  # words that make a percentage a share
    counted_pattern: re.Pattern[str] = re.compile(r"(?!)")  # "of votes counted" after it


@dataclass(frozen=True)
class TimeRules:
    """Times of day as event attributes (events.yaml ``times``)."""

    steps: dict[str, tuple[str, ...]] = field(default_factory=dict)  # step -> cue words
    by_actor: frozenset[str] = frozenset()  # steps told apart by who did them
    zones: dict[str, int] = field(default_factory=dict)  # abbreviation -> minutes from UTC
    tolerance_minutes: int = 10
    window_minutes: int = 20


@dataclass
class RuleData:
    attributes: dict[str, AttributeSpec]
    modality: dict[str, tuple[str, ...]]
    whole_subjects: frozenset[str]
    person_nouns: frozenset[str]
    subject_modifiers: dict[str, str]  # spelling -> canonical modifier
    subject_heads: dict[str, str]  # spelling -> canonical head
    generic_heads: frozenset[str]  # heads that add nothing after a modifier ("citizens")
    event_types: dict[str, str]  # trigger word -> event type
    place_heads: frozenset[str]
    place_cues: tuple[str, ...]
    not_events: tuple[str, ...]
    date_window_days: int
    # A date resolved from a page's date ("two weeks ago") this far from every date other
    # sources state outright says more about the page date than about the event.
    page_date_doubt_days: int
    # Days an event of a family may last (a storm's landfall and its floods): its dates that
    # sources give this far apart may all be true. Families not listed: date_window_days.
    lasting_days: dict[str, int]
    event_families: dict[str, str]  # event type -> family (its own type when in none)
    # Words before a trigger that name an earlier event: always ("strong") or when the event
    # carries a date of its own ("weak").
    background_cues: dict[str, tuple[str, ...]]
    update_cues: tuple[str, ...]  # words that mark a figure as a revision of another
    times: TimeRules
    measures: MeasureRules
    shares: ShareRules
    gazetteer: list[GazetteerEntry]
    reference: list[ReferenceFact]
    severities: dict[str, str]
    qualifiers: QualifierTable
    digest: str = ""  # hash of every file read: part of the cache key
    sources: list[str] = field(default_factory=list)
    # rule id -> "file:line" of its entry in severities.yaml, to name an unknown rule's line
    severity_origins: dict[str, str] = field(default_factory=dict)
    names: NameRules = field(default_factory=lambda: NameRules())
    credit_cues: frozenset[str] = frozenset()  # layout.yaml: words of caption credit lines
    related_cues: frozenset[str] = frozenset()  # layout.yaml: labels of links ("read more")
    roles: RoleRules = field(default_factory=lambda: RoleRules())
    # identifiers.yaml: kind of identifier -> the words written before its number
    identifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def attribute_of_cue(self) -> dict[str, str]:
        """Each cue word's attribute: the first in attributes.yaml that lists it."""
        owners: dict[str, str] = {}
        for name, spec in self.attributes.items():
            for cue in spec.cues:
                owners.setdefault(cue, name)
        return owners

    @cached_property
    def cue_lists(self) -> PhraseLists:
        """The attributes' cues, for a lowered text (see lowered_phrase_lists)."""
        return lowered_phrase_lists({name: spec.cues for name, spec in self.attributes.items()
                                     if spec.cues})

    @cached_property
    def modality_lists(self) -> PhraseLists:
        """The modalities' cues, for a lowered text (see lowered_phrase_lists)."""
        return lowered_phrase_lists(self.modality)

    @cached_property
    def attributes_counting(self) -> dict[str, list[str]]:
        """The attributes that count a noun other than people ("buildings"), by that noun, in
        the order of attributes.yaml."""
        counting: dict[str, list[str]] = {}
        for name, spec in self.attributes.items():
            for unit in dict.fromkeys(spec.units):
                counting.setdefault(unit, []).append(name)
        return counting


@dataclass(frozen=True)
class RoleRules:
    """roles.yaml: posts one person holds at a time (rules/role_holder.py)."""

    posts: dict[str, str] = field(default_factory=dict)  # spelling (folded) -> post
    not_the_holder: frozenset[str] = frozenset()  # folded words: "former", "deputy"
    ranks: frozenset[str] = frozenset()  # folded titles many hold: "colonel", "spokeswoman"
    affiliations: frozenset[str] = frozenset()  # folded: "republican" (a side, no organisation)
    window_days: int = 14


@dataclass(frozen=True)
class NameRules:
    """names.yaml: how spellings of one name are compared (graph/namematch.py)."""

    particles: frozenset[str] = frozenset()
    generic_heads: frozenset[str] = frozenset()
    given_names: dict[str, int] = field(default_factory=dict)  # folded name -> group number
    distinct: frozenset[frozenset[str]] = frozenset()  # folded look-alike pairs
    transliteration: tuple[tuple[str, str], ...] = ()  # (spelling, common form), longest first
    endings: frozenset[str] = frozenset()  # word endings that make another word of a stem
    head_translations: dict[str, int] = field(default_factory=dict)  # folded head -> group


class _LineDict(dict):  # type: ignore[type-arg]
    line = 0
    key_lines: dict[Any, int]  # each key's line, set by _construct_mapping


class _LineList(list):  # type: ignore[type-arg]
    line = 0


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader whose mappings and lists remember their line, so errors can name it."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    pairs = loader.construct_pairs(node, deep=True)
    for (key, _), (key_node, _) in zip(pairs, node.value, strict=True):
        try:
            hash(key)
        except TypeError:  # "? [a, b]": a list as a key; say where instead of crashing
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be a key", key_node.start_mark) from None
    out = _LineDict(pairs)
    out.line = node.start_mark.line + 1
    out.key_lines = {key: key_node.start_mark.line + 1
                     for (key, _), (key_node, _) in zip(pairs, node.value, strict=True)}
    return out


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    out = _LineList(loader.construct_sequence(node, deep=True))
    out.line = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _Located:
    """One rules file: its path, for errors that name the file and the line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, text: str) -> Any:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            check_size(node)  # aliases may not expand it into gigabytes
            data = loader.construct_document(node) if node is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{self.path}:{mark.line + 1}" if mark else str(self.path)
            problem = getattr(exc, "problem", None) or str(exc)
            raise RuleDataError(f"{where}: invalid YAML: {problem}") from None
        finally:
            loader.dispose()
        return {} if data is None else data

    def error(self, obj: Any, message: str) -> RuleDataError:
        line = getattr(obj, "line", 0)
        where = f"{self.path}:{line}" if line else str(self.path)
        return RuleDataError(f"{where}: {message}")


def _read(path: Path) -> tuple[Any, _Located]:
    located = _Located(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleDataError(f"{path}: cannot read: {exc}") from None
    data = located.load(text)
    if not isinstance(data, dict):
        raise RuleDataError(f"{path}:1: expected a mapping at the top level")
    return data, located


def _words(value: Any, loc: _Located, what: str, parent: Any = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        # A scalar has no line of its own: name the line of the mapping holding it.
        raise loc.error(value if hasattr(value, "line") else parent,
                        f"{what}: expected a list of non-empty strings")
    return tuple(v.strip().lower() for v in value)


def _share_rules(shares: dict[str, Any], loc: _Located) -> ShareRules:
    if not shares:
        return ShareRules()
    for key in ("attribute", "counted"):
        if not isinstance(shares.get(key), str) or not shares[key].strip():
            raise loc.error(shares, f"shares.{key}: expected an attribute name")
    cues = _words(shares.get("cues"), loc, "shares.cues", shares)
    counted_of = _words(shares.get("counted_of"), loc, "shares.counted_of", shares)
    verbs = _words(shares.get("counted_verbs"), loc, "shares.counted_verbs", shares)

    def one_of(words: tuple[str, ...]) -> str:
        return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"

    return ShareRules(
        shares["attribute"].strip(), shares["counted"].strip(),
        re.compile(rf"(?<![\w-]){one_of(cues)}(?![\w-])", re.I),
        re.compile(rf"\s+of\s+(?:all\s+)?{one_of(counted_of)}\s+(?:(?:were|was|had been|have "
                   rf"been|now)\s+)?{one_of(verbs)}\b", re.I))


def _measure_rules(measures: dict[str, Any], loc: _Located) -> MeasureRules:
    by_dimension = _mapping(measures.get("units", {}) or {}, loc, "measures.units", measures)
    units: dict[str, tuple[str, float]] = {}
    for dimension, table in by_dimension.items():
        table = _mapping(table, loc, f"measures.units.{dimension}", by_dimension)
        for unit, factor in table.items():
            if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
                raise loc.error(table, f"measures.units.{dimension}.{unit}: expected a "
                                       "positive number")
            units[str(unit).lower()] = (str(dimension), float(factor))
    specs = _mapping(measures.get("attributes", {}) or {}, loc, "measures.attributes", measures)
    cues: dict[str, tuple[str, ...]] = {}
    dimensions: dict[str, str] = {}
    for name, spec in specs.items():
        spec = _mapping(spec, loc, f"measures.attributes.{name}", specs)
        if spec.get("dimension") not in by_dimension:
            raise loc.error(spec, f"measures.attributes.{name}.dimension: expected one of "
                                  f"{', '.join(sorted(by_dimension))}")
        cues[name] = _words(spec.get("cues"), loc, f"measures.attributes.{name}.cues", spec)
        dimensions[name] = spec["dimension"]
    compound = _mapping(measures.get("compound", {}) or {}, loc, "measures.compound", measures)
    for dimension, name in compound.items():
        if dimensions.get(name) != dimension:
            raise loc.error(compound, f"measures.compound.{dimension}: expected an attribute of "
                                      f"that dimension, got {name!r}")
    kinds = _mapping(measures.get("things", {}) or {}, loc, "measures.things", measures)
    things = {word.lower(): str(kind) for kind, words in kinds.items()
              for word in _words(words, loc, f"measures.things.{kind}", kinds)}
    return MeasureRules(units, cues, dimensions, dict(compound), things)


def _time_rules(times: dict[str, Any], loc: _Located) -> TimeRules:
    steps_map = _mapping(times.get("steps", {}) or {}, loc, "times.steps", times)
    steps = {step: _words(cues, loc, f"times.steps.{step}", steps_map)
             for step, cues in steps_map.items()}
    by_actor = frozenset(_words(times.get("by_actor", []), loc, "times.by_actor", times))
    if by_actor - set(steps):
        raise loc.error(times, f"times.by_actor: unknown step {sorted(by_actor - set(steps))[0]!r}")
    zone_map = _mapping(times.get("zones", {}) or {}, loc, "times.zones", times)
    numbers = {key: times.get(key, default) for key, default in
               (("tolerance_minutes", 10), ("window_minutes", 20))}
    for key, value in [*numbers.items(), *zone_map.items()]:
        if isinstance(value, bool) or not isinstance(value, int):
            raise loc.error(times, f"times: {key}: expected a whole number of minutes")
    return TimeRules(steps, by_actor, {str(k).lower(): v for k, v in zone_map.items()},
                     numbers["tolerance_minutes"], numbers["window_minutes"])


def _mapping(value: Any, loc: _Located, what: str, parent: Any = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise loc.error(value if hasattr(value, "line") else parent,
                        f"{what}: expected a mapping")
    return value


def _whole_number(mapping: dict[str, Any], key: str, default: int, loc: _Located) -> int:
    value = mapping.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise loc.error(mapping, f"{key}: expected a whole number >= 0")
    return value


def load_rule_data(extra_dirs: list[str | Path] | None = None) -> RuleData:
    """Built-in rules data, overridden by each folder in ``extra_dirs`` in order."""
    dirs = [builtin_rules_dir(), *(Path(d) for d in extra_dirs or [])]
    for folder in dirs[1:]:
        if not folder.is_dir():
            raise RuleDataError(f"{folder}: rules folder not found")
    merged: dict[str, dict[str, Any]] = {name: {} for name in FILES}
    locs: dict[str, dict[str, _Located]] = {name: {} for name in FILES}
    digest = hashlib.sha256()
    sources: list[str] = []
    origins: dict[str, str] = {}  # rule id -> "file:line" in the severities.yaml that set it
    for folder in dirs:
        for name in FILES:
            path = folder / f"{name}.yaml"
            if not path.is_file():
                continue
            data, loc = _read(path)
            digest.update(path.read_bytes())
            sources.append(str(path))
            for key, value in data.items():
                if name in ("gazetteer", "reference") and isinstance(value, list):
                    merged[name].setdefault(key, [])
                    if not isinstance(merged[name][key], list):
                        raise loc.error(value, f"{key}: expected a list")
                    merged[name][key] = merged[name][key] + value
                elif isinstance(value, dict) and isinstance(merged[name].get(key), dict):
                    combined = _LineDict({**merged[name][key], **value})
                    combined.line = getattr(value, "line", 0)  # errors point at the override
                    merged[name][key] = combined
                else:
                    merged[name][key] = value
                locs[name][key] = loc
            if name == "severities" and isinstance(data.get("severities"), dict):
                lines = getattr(data["severities"], "key_lines", {})
                origins.update({rule_id: f"{path}:{lines.get(rule_id, 0)}"
                                for rule_id in data["severities"]})
    rule_data = _validate(merged, locs, digest.hexdigest()[:16], sources)
    rule_data.severity_origins = origins
    return rule_data


def _origin(path: Path, line: int) -> str:
    """Where a reference fact is written, as an editor names it: no machine path. The
    built-in file by its name; a user's by its rules folder as given (a folder given by
    an absolute path: its name) and the file name."""
    if path.parent == builtin_rules_dir():
        return f"{path.name}:{line} (built-in rules)"
    folder = path.parent
    shown = folder.name if folder.is_absolute() else folder.as_posix()
    return f"{shown}/{path.name}:{line}"


def _loc(locs: dict[str, dict[str, _Located]], name: str, key: str) -> _Located:
    return locs[name].get(key) or _Located(builtin_rules_dir() / f"{name}.yaml")


def _validate(merged: dict[str, dict[str, Any]], locs: dict[str, dict[str, _Located]],
              digest: str, sources: list[str]) -> RuleData:
    loc = _loc(locs, "attributes", "attributes")
    attributes: dict[str, AttributeSpec] = {}
    attribute_map = _mapping(merged["attributes"].get("attributes", {}), loc, "attributes")
    for name, spec in attribute_map.items():
        spec = _mapping(spec, loc, f"attributes.{name}", attribute_map)
        unknown = set(spec) - {"cues", "cumulative", "event", "fixed", "units"}
        if unknown:
            raise loc.error(spec, f"attributes.{name}: unknown key {sorted(unknown)[0]!r}")
        for flag in ("cumulative", "event", "fixed"):
            if not isinstance(spec.get(flag, False), bool):
                raise loc.error(spec, f"attributes.{name}.{flag}: expected true or false")
        attributes[name] = AttributeSpec(
            name=name, cues=_words(spec.get("cues"), loc, f"attributes.{name}.cues", spec),
            cumulative=spec.get("cumulative", False), event=spec.get("event", False),
            fixed=spec.get("fixed", False),
            units=_words(spec["units"], loc, f"attributes.{name}.units", spec)
            if "units" in spec else ())
    measures = _measure_rules(_mapping(merged["attributes"].get("measures", {}) or {}, loc,
                                       "measures"), loc)
    for name in measures.cues:  # a fixed fact of the event, compared in metres
        attributes.setdefault(name, AttributeSpec(name=name, cues=(), event=True, fixed=True))
    shares = _share_rules(_mapping(merged["attributes"].get("shares", {}) or {}, loc, "shares"),
                          loc)
    if shares.attribute:  # a share may move either way as the count goes on
        attributes.setdefault(shares.attribute, AttributeSpec(shares.attribute, (), event=True))
    if shares.counted:
        attributes.setdefault(shares.counted, AttributeSpec(
            shares.counted, (), cumulative=True, event=True, progress=True))
    modality_map = _mapping(merged["attributes"].get("modality", {}), loc, "modality")
    modality = {k: _words(v, loc, f"modality.{k}", modality_map)
                for k, v in modality_map.items()}

    loc = _loc(locs, "subjects", "heads")
    subjects = merged["subjects"]
    modifier_map = _mapping(subjects.get("modifiers", {}), loc, "modifiers")
    modifiers = {spelling: canon for canon, spellings in modifier_map.items()
                 for spelling in _words(spellings, loc, f"modifiers.{canon}", modifier_map)}
    head_map = _mapping(subjects.get("heads", {}), loc, "heads")
    heads = {spelling: canon for canon, spellings in head_map.items()
             for spelling in _words(spellings, loc, f"heads.{canon}", head_map)}
    whole = frozenset(_words(subjects.get("whole", []), loc, "whole"))
    person_nouns = frozenset(_words(subjects.get("person_nouns", []), loc, "person_nouns"))
    generic = frozenset(_words(subjects.get("generic", []), loc, "generic"))

    loc = _loc(locs, "events", "types")
    events = merged["events"]
    type_map = _mapping(events.get("types", {}), loc, "types")
    event_types = {trigger: kind for kind, triggers in type_map.items()
                   for trigger in _words(triggers, loc, f"types.{kind}", type_map)}
    family_map = _mapping(events.get("families", {}) or {}, loc, "families")
    families = {kind: kind for kind in type_map}
    for family, kinds in family_map.items():
        for kind in _words(kinds, loc, f"families.{family}", family_map):
            if kind not in type_map:
                raise loc.error(family_map, f"families.{family}: unknown event type {kind!r}")
            families[kind] = family
    times = _time_rules(_mapping(events.get("times", {}) or {}, loc, "times"), loc)
    background = _mapping(events.get("background_cues", {}) or {}, loc, "background_cues")
    if set(background) - {"strong", "weak"}:
        raise loc.error(background, "background_cues: expected the keys strong and weak")
    window, doubt = (_whole_number(events, key, default, loc) for key, default in
                     (("date_window_days", 2), ("page_date_doubt_days", 365)))
    lasting_map = _mapping(events.get("lasting_days", {}) or {}, loc, "lasting_days")
    for family in lasting_map:
        if family not in families.values():
            raise loc.error(lasting_map, f"lasting_days: unknown event family {family!r}")
    lasting = {str(family): _whole_number(lasting_map, family, 0, loc) for family in lasting_map}

    loc = _loc(locs, "gazetteer", "entities")
    gazetteer = []
    for entry in merged["gazetteer"].get("entities", []):
        entry = _mapping(entry, loc, "entities[]")
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise loc.error(entry, "entities[]: each entry needs a name")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise loc.error(entry, f"entities[{entry['name']}].aliases: expected a list of strings")
        gazetteer.append(GazetteerEntry(entry["name"].strip(), str(entry.get("kind", "name")),
                                        tuple(a.strip() for a in aliases)))

    loc = _loc(locs, "reference", "facts")
    reference = []
    for item in merged["reference"].get("facts", []):
        item = _mapping(item, loc, "facts[]")
        for key in ("entity", "attribute", "source"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise loc.error(item, f"facts[]: '{key}' is required (a string)")
        if "year" in item:
            low = high = item["year"]
        elif "value" in item:
            low = high = item["value"]
        else:
            low, high = item.get("low"), item.get("high")
        for bound in (low, high):
            if bound is not None and (isinstance(bound, bool)
                                      or not isinstance(bound, int | float)):
                raise loc.error(item, f"facts[{item['entity']}]: value/low/high/year must be "
                                      "numbers")
        if low is None and high is None:
            raise loc.error(item, f"facts[{item['entity']}]: give value, year, or low/high")
        line = getattr(item, "line", 0)
        reference.append(ReferenceFact(
            item["entity"].strip(), item["attribute"].strip(),
            None if low is None else float(low), None if high is None else float(high),
            item["source"], str(item.get("note", "")), _origin(loc.path, line)))

    loc = _loc(locs, "severities", "severities")
    severities = _mapping(merged["severities"].get("severities", {}) or {}, loc, "severities")
    for rule_id, level in list(severities.items()):
        if level is False:  # YAML 1.1 reads a bare `off` as false
            severities[rule_id] = level = "off"
        if level not in SEVERITY_VALUES:
            raise loc.error(severities, f"severities.{rule_id}: expected one of "
                                   f"{', '.join(SEVERITY_VALUES)}, got {level!r}")

    loc = _loc(locs, "qualifiers", next(iter(merged["qualifiers"]), ""))
    try:
        qualifiers = QualifierTable.from_mapping(merged["qualifiers"])
    except ValueError as exc:
        raise loc.error(merged["qualifiers"], str(exc)) from None

    names = _name_rules(merged["names"], _loc(locs, "names", "particles"))
    loc = _loc(locs, "layout", "credit_cues")
    credit_cues = frozenset(w.casefold() for w in _words(
        merged["layout"].get("credit_cues", []), loc, "credit_cues"))
    related_cues = frozenset(" ".join(w.casefold().split()) for w in _words(
        merged["layout"].get("related_cues", []), _loc(locs, "layout", "related_cues"),
        "related_cues"))

    loc = _loc(locs, "roles", "posts")
    roles = merged["roles"]
    post_map = _mapping(roles.get("posts", {}) or {}, loc, "posts")
    posts = {spelling.casefold(): post for post, spellings in post_map.items()
             for spelling in _words(spellings, loc, f"posts.{post}", post_map)}
    role_window = roles.get("window_days", 14)
    if isinstance(role_window, bool) or not isinstance(role_window, int) or role_window < 0:
        raise loc.error(roles, "window_days: expected a whole number >= 0")
    role_rules = RoleRules(
        posts=posts, window_days=role_window,
        not_the_holder=frozenset(w.casefold() for w in _words(
            roles.get("not_the_holder", []), loc, "not_the_holder")),
        ranks=frozenset(w.casefold() for w in _words(roles.get("ranks", []), loc, "ranks")),
        affiliations=frozenset(w.casefold() for w in _words(
            roles.get("affiliations", []), loc, "affiliations")))

    loc = _loc(locs, "identifiers", "identifiers")
    identifier_map = _mapping(merged["identifiers"].get("identifiers", {}) or {}, loc,
                              "identifiers")
    identifiers = {kind: _words(cues, loc, f"identifiers.{kind}", identifier_map)
                   for kind, cues in identifier_map.items()}

    return RuleData(
        names=names, credit_cues=credit_cues, related_cues=related_cues, roles=role_rules,
        identifiers=identifiers,
        attributes=attributes, modality=modality, whole_subjects=whole,
        person_nouns=person_nouns,
        subject_modifiers=modifiers, subject_heads=heads, generic_heads=generic,
        event_types=event_types,
        place_heads=frozenset(_words(events.get("place_heads", []), loc, "place_heads")),
        place_cues=_words(events.get("place_cues", []), loc, "place_cues"),
        not_events=_words(events.get("not_events", []), loc, "not_events"),
        date_window_days=window, page_date_doubt_days=doubt, lasting_days=lasting,
        event_families=families,
        background_cues={strength: _words(cues, loc, f"background_cues.{strength}", background)
                         for strength, cues in background.items()},
        update_cues=_words(merged["attributes"].get("update_cues", []),
                           _loc(locs, "attributes", "update_cues"), "update_cues"),
        times=times, measures=measures, shares=shares, gazetteer=gazetteer, reference=reference,
        severities=dict(severities), qualifiers=qualifiers, digest=digest, sources=sources)


def _name_rules(data: dict[str, Any], loc: _Located) -> NameRules:
    def folded(key: str) -> tuple[str, ...]:
        return tuple(w.casefold() for w in _words(data.get(key, []), loc, key))

    def groups(key: str) -> list[tuple[str, ...]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise loc.error(value, f"{key}: expected a list of lists of words")
        return [tuple(w.casefold() for w in _words(g, loc, f"{key}[]", value)) for g in value]

    given = {name: n for n, group in enumerate(groups("given_names")) for name in group}
    heads = {head: n for n, group in enumerate(groups("head_translations")) for head in group}
    distinct = frozenset(frozenset(group) for group in groups("distinct") if len(group) > 1)
    table = _mapping(data.get("transliteration", {}), loc, "transliteration")
    for spelling, common in table.items():
        if not isinstance(common, str):
            raise loc.error(table, f"transliteration.{spelling}: expected a string")
    transliteration = tuple(sorted(((str(k).casefold(), v.casefold()) for k, v in table.items()),
                                   key=lambda kv: (-len(kv[0]), kv[0])))
    return NameRules(frozenset(folded("particles")), frozenset(folded("generic_heads")), given,
                     distinct, transliteration, frozenset(folded("endings")) | {""}, heads)
