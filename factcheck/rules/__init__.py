"""Rules: the engine (registry, runner) and one module per built-in rule."""

from factcheck.rules.engine import REGISTRY, Rule, rule

__all__ = ["REGISTRY", "Rule", "rule"]
