"""factcheck: a cross-source fact-consistency checker.

>>> import factcheck
>>> result = factcheck.check(["seeds/"])
>>> result.findings, result.facts(attribute="deaths"), result.graph
"""

from factcheck.api import InputError, check, load
from factcheck.model import Document, Entity, Evidence, Fact, Finding
from factcheck.result import Result

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
]
