"""What the window calls the two regimes on screen: the baseline and the alternative, in their packs' words.

Every label, notice and column header comes from the regimes screened, so the window says the same of
the 2019 draft, the US draft of 2022 or an analyst's scenario without knowing any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compliance.rules.regime import Regime


@dataclass(frozen=True, slots=True)
class RegimeWords:
    """The baseline's and the alternative's names, and what must be said of the alternative."""

    baseline: str
    """The baseline's label ("Measures in force")."""
    alternative: str
    """The alternative's label ("US draft, May 2022 (vetoed; never adopted)")."""
    baseline_law: bool = True
    alternative_law: bool = False
    alternative_banner: str = ""
    """The alternative's notice in a few words ('' when it is the law in force)."""
    alternative_notice: str = ""
    """The alternative's full notice ('' when it is the law in force)."""
    baseline_notice: str = ""

    @property
    def any_not_law(self) -> bool:
        """True when either regime is a proposal or a scenario, not the law."""
        return not (self.baseline_law and self.alternative_law)

    def label(self, view: str) -> str:
        """The label of the regime a verdict column reads: 'current' the baseline, 'draft' the alternative."""
        return self.alternative if view == "draft" else self.baseline

    def short(self, view: str) -> str:
        """A regime as a filter's description names it: 'in force' for the law, else its label."""
        law = self.alternative_law if view == "draft" else self.baseline_law
        return "in force" if law else self.label(view)


def regime_words(regimes: Sequence[Regime]) -> RegimeWords:
    """The words for a screening's baseline (regimes[0]) and alternative (regimes[1])."""
    if len(regimes) < 2:
        raise ValueError("a comparison needs a baseline and an alternative regime")
    base, alt = regimes[0], regimes[1]
    banner = (alt.declared.banner if alt.declared and alt.declared.banner else alt.notice) if not alt.is_law else ""
    return RegimeWords(
        baseline=base.label,
        alternative=alt.label,
        baseline_law=base.is_law,
        alternative_law=alt.is_law,
        alternative_banner=banner,
        alternative_notice=alt.notice,
        baseline_notice=base.notice,
    )


def header_text(label: str) -> str:
    """A regime's label as a column header: on two or three short lines, so the column stays narrow."""
    # "US draft, May 2022 (vetoed; never adopted)" -> "US draft,\nMay 2022\n(vetoed; never adopted)".
    return label.replace(" (", "\n(").replace(", ", ",\n")
