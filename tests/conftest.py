"""Session-wide test settings and fixtures."""

import pytest
from hypothesis import settings

# Speed is measured in bench/, not in tests: a property test must not fail because a loaded
# machine (CI beside other jobs, two cores) ran one example slowly.
settings.register_profile("factcheck", deadline=None)
settings.load_profile("factcheck")


@pytest.fixture
def failing_rule() -> str:
    """A user rule module whose rule fails with a KeyError at its line 7."""
    return '''from factcheck.rules.engine import rule


@rule("house-broken", severity="warning")
def broken(graph, data):
    counts = {}
    return [counts["missing"]]
'''
