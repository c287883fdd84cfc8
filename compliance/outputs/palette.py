"""The colours statuses, changes and regimes are shown in, as hex strings: the window's chips, the printed
report and the Excel workbook all take them from here, so a status looks the same wherever it is read."""

from __future__ import annotations

from typing import Final, NamedTuple

from compliance.model.status import Status


class Chip(NamedTuple):
    """A status as a solid chip: its fill and the text colour that reads on it."""

    fill: str
    text: str


STATUS_CHIPS: Final[dict[Status, Chip]] = {
    Status.PROHIBITED: Chip("#b3261e", "#ffffff"),
    Status.REVIEW: Chip("#f2b705", "#1f1a00"),
    # Most rows are permitted: a pale chip keeps the eye on the rows that matter, and its own dark text
    # stays legible on a selected (highlighted) row and on dark palettes alike.
    Status.PERMITTED: Chip("#d5ebd6", "#14401a"),
}
"""Chips in the results table and the detail pane."""

STATUS_TINTS: Final[dict[str, str]] = {"prohibited": "#f2c4c0", "review": "#fbe3a6", "permitted": "#d5ead0"}
"""Pale backgrounds behind a status in print and in the workbook, where black text must stay legible."""

CHANGE_TINTS: Final[dict[str, str]] = {"relaxed": "#ddebf7", "tightened": "#f8cbad"}
"""Backgrounds behind a change the draft would make, in the workbook."""

CURRENT_COLOUR: Final = "#1f4e79"
"""The baseline regime in the report's chart and headings."""
DRAFT_COLOUR: Final = "#e08a1e"
"""The alternative regime in the report's chart."""


def excel_rgb(colour: str) -> str:
    """'#f2c4c0' as Excel writes it: 'F2C4C0'."""
    return colour.removeprefix("#").upper()
