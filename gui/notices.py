"""Standing notices: the alternative regime is not law, and names were not screened (or against an old list).

They are statements an officer must not miss, so they are shown in place, on screen for as long as
what they qualify is on screen, never only in a tooltip.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Final, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from compliance.designations.parties import PartyScreening
from gui.lists.party_lists import notice_text, notice_tip
from gui.results.regime_words import RegimeWords

NAMES_NOT_SCREENED: Final = "Names not screened: no designation list loaded"
NAMES_BANNER: Final = (
    "<b>Names were not screened:</b> no designation list was loaded, so a “permitted” row may "
    "still name a designated party or vessel. File ▸ Designation lists… (Ctrl+L) to load one."
)
LIST_MAX_AGE_DAYS: Final = 30
"""A designation list older than this may miss recent listings: the officer is warned."""

# Explicit colours, readable on light and dark palettes alike (like the status chips).
_BANNER_STYLE: Final = "QLabel {{ background-color: {bg}; color: {fg}; padding: 4px 8px; border-radius: 3px; }}"
DRAFT_COLOURS: Final = {"bg": "#fff1c2", "fg": "#3d2e00"}
WARNING_COLOURS: Final = {"bg": "#fbe3e1", "fg": "#5c1510"}


def view_shows(view: str, words: RegimeWords) -> bool:
    """True when the view puts verdicts of a regime that is not law on screen."""
    if view == "current":
        return not words.baseline_law
    if view == "draft":
        return not words.alternative_law
    return words.any_not_law


def not_law_banner(words: RegimeWords, view: str) -> str:
    """The banner's rich text for the regimes not in force whose verdicts the view shows ('' for none)."""
    said = []
    if view in ("current", "compare") and not words.baseline_law:
        said.append(f"<b>{escape(words.baseline)} verdicts on screen:</b> {escape(words.baseline_notice)}")
    if view in ("draft", "compare") and not words.alternative_law:
        said.append(f"<b>{escape(words.alternative_banner)}.</b> {escape(words.alternative_notice)}")
    return "<br>".join(said)


def stale_lists(screening: PartyScreening | None, today: dt.date | None = None) -> list[tuple[str, int]]:
    """(list name, age in days) for each loaded list older than LIST_MAX_AGE_DAYS (or undated: -1)."""
    if screening is None:
        return []
    today = today or dt.date.today()
    out = []
    for designations in screening.lists:
        if designations.generated is None:
            out.append((designations.name, -1))
            continue
        age = (today - designations.generated).days
        if age > LIST_MAX_AGE_DAYS:
            out.append((designations.name, age))
    return out


def staleness_text(screening: PartyScreening | None, today: dt.date | None = None) -> str:
    """'' when every list is recent; else one sentence saying which list is how old."""
    parts = []
    for name, age in stale_lists(screening, today):
        parts.append(f"{name} is undated" if age < 0 else f"{name} is {age:,} days old")
    if not parts:
        return ""
    return "; ".join(parts) + f": listings made since may be missing (load a list under {LIST_MAX_AGE_DAYS} days old)."


class PartyNotice(NamedTuple):
    """What the summary bar and the names banner say of the designation lists."""

    text: str
    tip: str
    warning: bool
    """The text is a warning: names were not screened, or a list is out of date."""
    banner: str
    """The names banner's text; '' when it is hidden."""
    names_not_screened: bool


def party_notice(parties: PartyScreening | None, pending: int, *, screened: bool) -> PartyNotice:
    """What the rows on screen were screened against (`screened`), or what the next screening uses."""
    stale = staleness_text(parties)
    text, tip = notice_text(parties, pending), notice_tip(parties)
    if stale:
        text, tip = f"{text} — {stale}", f"{stale}\n{tip}"
    blind = screened and parties is None
    shown = NAMES_BANNER if blind else f"<b>Designation list out of date:</b> {stale}" if stale and screened else ""
    return PartyNotice(text, tip, blind or bool(stale), shown, blind)


def banner(parent: QWidget, text: str, colours: dict[str, str], name: str) -> QLabel:
    """A wrapped rich-text notice across the window (never widening it)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setStyleSheet(_BANNER_STYLE.format(**colours))
    label.setAccessibleName(name)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
    return label


def not_law_label(parent: QWidget) -> QLabel:
    """The banner over the table while verdicts of a regime that is not law are visible (text set per view)."""
    label = banner(parent, "", DRAFT_COLOURS, "Regime not law")
    label.setToolTip("A proposal or a scenario is not law: its verdicts are for comparison only.")
    return label
