"""Suite-wide plugins: rule coverage (see tests/rule_coverage.py), and a private decisions store."""

from __future__ import annotations

import pytest

from tests.rule_coverage import RuleCoverage


def pytest_configure(config: pytest.Config) -> None:
    # `-p no:rule-coverage` switches the check off: a blocked name registers nothing.
    coverage = RuleCoverage(config)
    if config.pluginmanager.register(coverage, "rule-coverage"):
        coverage.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    coverage = config.pluginmanager.get_plugin("rule-coverage")
    if isinstance(coverage, RuleCoverage):
        coverage.stop()


@pytest.fixture(autouse=True)
def _private_decisions_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every screening writes to the decisions store: each test gets its own, never the user's."""
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(tmp_path_factory.mktemp("store")))
