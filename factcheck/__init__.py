"""factcheck: a cross-source fact-consistency checker.

>>> import factcheck
>>> result = factcheck.check(["seeds/"])
>>> result.findings, result.facts(attribute="deaths"), result.graph
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Entity",
    "Evidence",
    "Fact",
    "Finding",
    "InputError",
    "Result",
    "__version__",
    "check",
    "load",
    "review",
]

# The public names load on first use, so importing one stage (a worker process importing the
# extractors) does not import every other stage.
_HOMES = {"check": "factcheck.api", "load": "factcheck.api", "InputError": "factcheck.api",
          "review": "factcheck.review_mode", "Result": "factcheck.result",
          "Document": "factcheck.model", "Entity": "factcheck.model",
          "Evidence": "factcheck.model", "Fact": "factcheck.model", "Finding": "factcheck.model"}

if TYPE_CHECKING:
    from factcheck.api import InputError, check, load
    from factcheck.model import Document, Entity, Evidence, Fact, Finding
    from factcheck.result import Result
    from factcheck.review_mode import review


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
