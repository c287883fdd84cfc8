"""Suite-wide plugins: rule coverage (see tests/rule_coverage.py)."""

from __future__ import annotations

import pytest

from tests.rule_coverage import RuleCoverage


def pytest_configure(config: pytest.Config) -> None:
    coverage = RuleCoverage(config)
    coverage.start()
    config.pluginmanager.register(coverage, "rule-coverage")


def pytest_unconfigure(config: pytest.Config) -> None:
    coverage = config.pluginmanager.get_plugin("rule-coverage")
    if isinstance(coverage, RuleCoverage):
        coverage.stop()
