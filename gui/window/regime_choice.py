"""Which regimes the window compares: the ones found (shipped and the analyst's), and a chosen pair loaded.

A broken scenario in the user's folder must not keep the desk from screening: the shipped regimes are
listed without it, and the problem is said once in the status bar.
"""

from __future__ import annotations

from compliance.model.errors import ComplianceError
from compliance.paths import rules_dir, user_regimes_dir
from compliance.rules.catalog import DEFAULT_REGIMES, RegimeInfo, find_regimes, load_screening
from compliance.rules.regime import Regime

QUICK_PAIR: tuple[str, str] = DEFAULT_REGIMES
"""The pair In force / Draft / Compare show until another is chosen: the measures in force and the 2019 draft."""


def available_regimes() -> tuple[list[RegimeInfo], str]:
    """Every regime a chooser offers, and '' or why the user's scenarios could not be listed."""
    try:
        return find_regimes(rules_dir(), user_regimes_dir()), ""
    except ComplianceError as exc:
        return find_regimes(rules_dir()), f"Your scenarios are not listed: {exc}"


def load_pair(baseline: str, alternative: str) -> tuple[Regime, ...]:
    """The baseline and the alternative compiled into one shared rule book, screened in one pass."""
    try:
        return load_screening([baseline, alternative], rules_dir(), user_regimes_dir())
    except ComplianceError:
        if {baseline, alternative} <= {info.id for info in find_regimes(rules_dir())}:
            return load_screening([baseline, alternative], rules_dir(), None)  # a broken scenario of no concern
        raise
