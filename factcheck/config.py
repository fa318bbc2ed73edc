"""Project configuration: ``[tool.factcheck]`` in pyproject.toml, or a ``factcheck.toml``.

The search starts in the given folder and walks up its parents; in each folder a
``factcheck.toml`` (keys at top level) wins over a pyproject.toml, and a pyproject.toml without
a ``[tool.factcheck]`` table is passed over. The search stops at the folder holding ``.git``
(the repository root) or at the home folder, so a checkout never picks up a stray file above it.

Configuration is data, never code: its ``rules`` folders give YAML rules data only. Their
``*.py`` rule modules run only when the user asks on purpose (``--rules DIR`` on the command
line, ``--trust-config`` or ``FACTCHECK_TRUST_CONFIG=1``), so checking a content repository
never runs code it brings along.

Keys (``fail-on`` and ``fail_on`` are both accepted)::

    paths = ["articles/"]        # what `factcheck check` reads when no PATH is given
    exclude = ["drafts/"]        # gitignore-style patterns left out of folders
    rules = ["house-rules/"]     # extra rules folders
    select = ["numeric-conflict"]
    ignore = ["text-quality"]
    fail-on = "error"            # error | warning | info | never
    baseline = "factcheck-baseline.json"
    format = "text"              # text | json | sarif | junit | github
    report = "reports/latest.html"
    jobs = 4
    cache = true

``rules``, ``baseline`` and ``report`` are resolved against the folder of the configuration
file, so running from a subfolder finds the same files; ``paths`` are kept as written (the
command line joins them to that folder). Command-line flags override the file (``merge``).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from factcheck.output import FORMATS

FAIL_ON = ("error", "warning", "info", "never")


class ConfigError(Exception):
    """A configuration file that cannot be used: '<file>: <key path>: what is wrong'."""


@dataclass
class Config:
    paths: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # extra rules folders
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    baseline: str | None = None
    format: str = "text"
    report: str | None = None
    jobs: int | None = None
    cache: bool = True


_LISTS = ("paths", "exclude", "rules", "select", "ignore")
_STRINGS = ("baseline", "report")
_RELATIVE_TO_FILE = ("rules", "baseline", "report")
_KEYS = tuple(f.name for f in fields(Config))


def load_config(start: Path | None = None) -> tuple[Config, Path | None]:
    """The configuration in effect for ``start`` (default: the working folder) and its file."""
    folder = (start or Path.cwd()).resolve()
    home = _home()
    for candidate in (folder, *folder.parents):
        dedicated = candidate / "factcheck.toml"
        if dedicated.is_file():
            return _from_table(_read(dedicated), dedicated, prefix=""), dedicated
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            tool = _read(pyproject).get("tool")
            if isinstance(tool, dict) and "factcheck" in tool:
                table = tool["factcheck"]
                if not isinstance(table, dict):
                    raise ConfigError(f"{_at(pyproject, 'tool', 'factcheck')}: tool.factcheck: "
                                      f"must be a table, got {_kind(table)}")
                return _from_table(table, pyproject, prefix="tool.factcheck."), pyproject
        if (candidate / ".git").exists() or candidate == home:
            break
    return Config(), None


def trusted(flag: bool = False) -> bool:
    """Whether rule modules (``*.py``) named by the configuration may run: ``--trust-config``
    or ``FACTCHECK_TRUST_CONFIG=1`` (set on purpose, e.g. by a CI job that owns the repository)."""
    return flag or os.environ.get("FACTCHECK_TRUST_CONFIG", "").strip().lower() in (
        "1", "true", "yes", "on")


def where(path: Path, key: str) -> str:
    """``file:LINE`` of ``key`` in a configuration file found by ``load_config``."""
    table = "" if path.name == "factcheck.toml" else "tool.factcheck"
    for spelling in (key, key.replace("_", "-")):
        found = _at(path, table, spelling)
        if found != str(path):
            return found
    return str(path)


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return None


def merge(config: Config, **overrides: Any) -> Config:
    """``config`` with the overrides that were given (None means 'not given')."""
    unknown = set(overrides) - set(_KEYS)
    if unknown:
        raise TypeError(f"merge: unknown configuration key {sorted(unknown)[0]!r}")
    return replace(config, **{k: v for k, v in overrides.items() if v is not None})


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:  # its message carries "(at line L, column C)"
        line = re.search(r"\(at line (\d+)", str(exc))
        where = f"{path}:{line.group(1)}" if line else str(path)
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _from_table(table: dict[str, Any], path: Path, prefix: str) -> Config:
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        where = f"{_at(path, prefix.rstrip('.'), raw_key)}: {prefix}{raw_key}"
        if key not in _KEYS:
            known = [k.replace("_", "-") for k in _KEYS]
            close = difflib.get_close_matches(raw_key.replace("_", "-"), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else \
                f" (known keys: {', '.join(known)})"
            raise ConfigError(f"{where}: unknown key{hint}")
        if key in values:
            raise ConfigError(f"{where}: given twice (as fail-on and fail_on?)")
        values[key] = _checked(key, value, where)
    for key in _RELATIVE_TO_FILE:
        if key == "rules" and "rules" in values:
            values["rules"] = [str(path.parent / p) for p in values["rules"]]
        elif values.get(key) is not None:
            values[key] = str(path.parent / values[key])
    return Config(**values)


_TABLE_HEADER = re.compile(r"\s*(\[\[?)([^\[\]]*)\]")


def _at(path: Path, table: str, key: str) -> str:
    """``path:LINE`` of the line setting ``key`` in ``[table]`` ("" = top level), or ``path``
    when it cannot be found: tomllib keeps no positions, so the text is scanned."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return str(path)
    setting = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    current: str | None = ""
    for number, line in enumerate(lines, start=1):
        header = _TABLE_HEADER.match(line)
        if header:  # an array of tables ([[...]]) never holds these keys
            current = None if header.group(1) == "[[" else re.sub(r"[\s\"']", "",
                                                                 header.group(2))
        elif current == table and setting.match(line):
            return f"{path}:{number}"
    return str(path)


def _checked(key: str, value: Any, where: str) -> Any:
    if key in _LISTS:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: must be a list of strings, got {_kind(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise ConfigError(f"{where}[{index}]: must be a string, got {_kind(item)}")
        return list(value)
    if key in _STRINGS:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: must be a string, got {_kind(value)}")
        if not value:
            raise ConfigError(f"{where}: must not be empty")
        return value
    if key == "fail_on":
        return _choice(value, FAIL_ON, where)
    if key == "format":
        return _choice(value, FORMATS, where)
    if key == "jobs":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{where}: must be a whole number of at least 1, got {value!r}")
        return value
    if not isinstance(value, bool):  # cache
        raise ConfigError(f"{where}: must be true or false, got {_kind(value)}")
    return value


def _choice(value: Any, choices: tuple[str, ...], where: str) -> str:
    if value not in choices:
        raise ConfigError(f"{where}: must be one of {', '.join(choices)}, got {value!r}")
    return str(value)


def _kind(value: object) -> str:
    return {bool: "a boolean", int: "an integer", float: "a float", str: "a string",
            list: "an array", dict: "a table"}.get(type(value), type(value).__name__)
