"""The status bar: which file is being screened, how far it is and how it ended; the table's busy note."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QStatusBar

from gui.window.progress import ProgressPanel


class ScreeningStatus:
    """Shows a screening's progress in its status bar panel, and says how it ended."""

    def __init__(self, panel: ProgressPanel, busy: QLabel, bar: QStatusBar) -> None:
        self.panel, self.busy, self.bar = panel, busy, bar

    def table_busy(self, text: str) -> None:
        """Say what the table is working out ('' when done)."""
        # A large ledger sorts and filters in the background: the table keeps its rows meanwhile.
        self.busy.setText(text)
        self.busy.setVisible(bool(text))

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
