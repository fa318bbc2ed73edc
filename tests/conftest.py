"""Session-wide test settings."""

from hypothesis import settings

# Speed is measured in bench/, not in tests: a property test must not fail because a loaded
# machine (CI beside other jobs, two cores) ran one example slowly.
settings.register_profile("factcheck", deadline=None)
settings.load_profile("factcheck")
