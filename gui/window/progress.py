"""The status bar's progress panel: what is being done, a busy bar and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget


class ProgressPanel(QWidget):
    """The status bar's progress: what is being done (screened, exported), a busy bar and Cancel."""

    def __init__(
        self,
        parent: QWidget | None = None,
        what: str = "Screening",
        tip: str = "Stop screening (Esc); the results on screen stay",
    ) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy: the row count is unknown until the sheet is read to its end
        self.bar.setMaximumWidth(160)
        self.bar.setAccessibleName(f"{what} progress")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName(f"Cancel {what.lower()}")
        self.cancel_button.setToolTip(tip)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        # As wide as its contents: the status bar must not stretch the Cancel button across the window.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
