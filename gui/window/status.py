"""The status bar's account of screenings: which file is being screened, how far it is, and how it ended."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QStatusBar

from gui.window.progress import ProgressPanel


class ScreeningStatus:
    """Shows a screening's progress in its status bar panel, and says how it ended."""

    def __init__(self, panel: ProgressPanel, bar: QStatusBar) -> None:
        self.panel, self.bar = panel, bar

    def started(self, path: str) -> None:
        """A screening of this file began."""
        self.panel.label.setText(f"Screening {Path(path).name}…")
        self.panel.show()

    def progress(self, rows: int) -> None:
        """So many rows are screened so far."""
        self.panel.label.setText(f"Screening… {rows:,} rows")

    def done(self, rows: int, seconds: float) -> None:
        """The screening's results are on screen."""
        self.panel.hide()
        self.bar.showMessage(f"Screened {rows:,} rows in {seconds:.1f} s.", 10_000)

    def stopped(self, *, cancelled: bool) -> None:
        """The screening failed, or the officer cancelled it."""
        self.panel.hide()
        if cancelled:
            self.bar.showMessage("Screening cancelled; the results on screen stay.")
