"""File > Designation lists: the UN 1718 lists names and IMO numbers are screened against, and thresholds.

Lists are read (and the official one downloaded) on the thread pool, so a slow network or a large
file never freezes the dialog; OK hands the choice back and the window re-screens in the background.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from platformdirs import user_data_dir
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from compliance.designations import DesignationList
from compliance.designations import fetch as designation_fetch
from compliance.designations.matcher import DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD
from gui.errors import show_error
from gui.lists.model import COLUMNS, WIDTH_SAMPLES, Entry, ListsModel
from gui.lists.party_lists import PartyChoice, list_path, read_list
from gui.tasks import TaskRunner

LIST_FILTER: Final = "Designation lists (*.xml *.csv);;All files (*)"
SLIDER_MIN: Final = 50
THRESHOLD_NOTE: Final = (
    f"The defaults ({DEFAULT_MATCH_THRESHOLD:g} and {DEFAULT_REVIEW_THRESHOLD:g}) come from the measured "
    "evaluation in docs/designations.md: the lowest scores at which near-misses stay rare. Lower values "
    "flag more spelling variants, and more names that are merely similar."
)


def data_folder() -> Path:
    """Where the official list is downloaded to (shared with the `screen --designations official` command)."""
    return Path(user_data_dir("Sanctions Desk")) / "designations"


EMPTY_TEXT: Final = (
    "No list loaded: party screening is off. Add the UN Security Council Consolidated List (XML) or the "
    "1718 Designated Vessels List (CSV), or download the official list."
)


@dataclass(frozen=True, slots=True)
class DesignationChoice:
    """What the officer chose: the lists and thresholds, and the lists the dialog already read."""

    choice: PartyChoice
    lists: tuple[DesignationList, ...]


class DesignationDialog(QDialog):
    """Designation lists: add, remove, download the official list, and set the name-score thresholds."""

    def __init__(
        self,
        parent: QWidget | None,
        choice: PartyChoice,
        known: Sequence[DesignationList] = (),
        *,
        rescreen: bool = False,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Designation lists")
        self.setAccessibleName("Designation lists")
        # Reading and downloading run on the window's runner when given: it outlives the dialog.
        self.runner = runner if runner is not None else TaskRunner(self)
        by_path = {d.path: d for d in known}
        self.model = ListsModel([Entry(p, by_path.get(p)) for p in choice.paths], self)

        intro = QLabel(
            "Names, vessels and IMO numbers in every row are checked against these lists of parties and "
            "vessels designated under UN Security Council resolution 1718 (2006). A designation keeps a "
            "row prohibited under both views.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Loaded designation lists")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a path keeps its file name
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        for column, (key, _title) in enumerate(COLUMNS[:-1]):
            header.resizeSection(column, metrics.horizontalAdvance(WIDTH_SAMPLES[key]) + 24)
        self.table.setMinimumHeight(metrics.height() * 7)
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("No designation list")

        self.add_button = QPushButton("&Add file…", self)
        self.add_button.setToolTip("Add a UN Consolidated List (XML) or the 1718 Designated Vessels List (CSV)")
        self.remove_button = QPushButton("&Remove", self)
        self.download_button = QPushButton("&Download official list", self)
        self.download_button.setToolTip(f"Download the consolidated list from {designation_fetch.OFFICIAL_XML_URL}")
        self.busy_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setAccessibleName("Reading list")
        buttons_row = QHBoxLayout()
        for widget in (self.add_button, self.remove_button, self.download_button):
            buttons_row.addWidget(widget)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.busy_label)
        buttons_row.addWidget(self.busy_bar)

        self.match = self._slider("Match score at or above which a name makes a row prohibited")
        self.review = self._slider("Match score from which a name makes a row need review")
        self.match_value, self.review_value = QLabel(self), QLabel(self)
        self.match.setValue(round(choice.match))
        self.review.setValue(round(choice.review))
        group = QGroupBox("Name matching", self)
        grid = QGridLayout(group)
        for row, (text, slider, value) in enumerate(
            (
                ("&Prohibited at score:", self.match, self.match_value),
                ("Re&view from score:", self.review, self.review_value),
            )
        ):
            label = QLabel(text, group)
            label.setBuddy(slider)
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(value, row, 2)
        self.note = note = QLabel(THRESHOLD_NOTE, group)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text)")
        self.defaults_button = QPushButton("Restore &defaults", group)
        grid.addWidget(note, 2, 0, 1, 2)
        grid.addWidget(self.defaults_button, 2, 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Re-screen" if rescreen else "OK")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons_row)
        layout.addWidget(group)
        layout.addWidget(self.buttons)

        self.add_button.clicked.connect(self.choose_file)
        self.remove_button.clicked.connect(self.remove_selected)
        self.download_button.clicked.connect(self.download)
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.match.valueChanged.connect(self._match_moved)
        self.review.valueChanged.connect(self._review_moved)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync())
        self.model.rowsInserted.connect(lambda *_: self._sync())
        self.model.rowsRemoved.connect(lambda *_: self._sync())
        self._busy_with: str | None = None
        self.resize(1040, 480)
        self._sync()

    def _slider(self, tip: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal, self)
        slider.setRange(SLIDER_MIN, 100)
        slider.setTickInterval(5)
        slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        slider.setToolTip(tip)
        slider.setAccessibleName(tip)
        return slider

    # --- thresholds -------------------------------------------------------------------------------

    def _match_moved(self, value: int) -> None:
        if self.review.value() > value:  # review <= match always: lowering match drags review down
            self.review.setValue(value)
        self._sync()

    def _review_moved(self, value: int) -> None:
        if self.match.value() < value:  # and raising review past match pushes match up
            self.match.setValue(value)
        self._sync()

    def restore_defaults(self) -> None:
        """Back to the measured thresholds."""
        self.match.setValue(round(DEFAULT_MATCH_THRESHOLD))
        self.review.setValue(round(DEFAULT_REVIEW_THRESHOLD))

    # --- lists ------------------------------------------------------------------------------------

    @classmethod
    def ask_list_path(cls, parent: QWidget | None) -> str | None:
        """Ask for a list file; None when cancelled (tests monkeypatch this)."""
        path, _ = QFileDialog.getOpenFileName(parent, "Add designation list", str(Path.home()), LIST_FILTER)
        return path or None

    def choose_file(self) -> None:
        """Add file…: read the chosen list in the background."""
        path = self.ask_list_path(self)
        if path:
            self.add_path(path)

    def add_path(self, path: str | Path) -> None:
        """Read a list file on the thread pool and add it when read (an unreadable one is reported)."""
        self._run(f"Reading {Path(path).name}…", lambda _state: read_list(path))

    def download(self) -> None:
        """Download the official consolidated list into the user data folder, in the background."""
        folder = data_folder()

        def fetch(_state: object) -> DesignationList:
            fetched = designation_fetch.fetch_official_list(folder)
            return replace(fetched, path=list_path(fetched.path))

        self._run("Downloading the official list…", fetch)

    def _run(self, label: str, body: Callable[[Any], DesignationList]) -> None:
        self._busy_with = label
        self._sync()
        self.runner.start(label, body, self._read, self._failed)

    def _read(self, designations: DesignationList) -> None:
        self._busy_with = None
        self.model.put(designations)
        self._sync()

    def _failed(self, exc: BaseException) -> None:
        self._busy_with = None
        self._sync()
        # Already in File > Designation lists: the message names this dialog's own button instead.
        here = "“Add file…” here"
        show_error(self, exc, {"File > Designation lists": here, "File ▸ Designation lists": here})

    def remove_selected(self) -> None:
        """Remove the selected list."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.model.remove(rows[0].row())

    def _sync(self) -> None:
        busy = self._busy_with is not None
        self.busy_label.setText(self._busy_with or "")
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        for button in (self.add_button, self.download_button, self.ok_button):
            button.setEnabled(not busy)  # OK waits for the list being read, so nothing is lost
        self.remove_button.setEnabled(not busy and self.table.selectionModel().hasSelection())
        self.empty.setVisible(not self.model.entries)
        self.match_value.setText(f"{self.match.value()}")
        self.review_value.setText(f"{self.review.value()}")

    @property
    def busy(self) -> bool:
        """True while a list is being read or downloaded."""
        return self._busy_with is not None

    def result_choice(self) -> DesignationChoice:
        """The lists and thresholds as now shown."""
        entries = self.model.entries
        choice = PartyChoice(tuple(e.path for e in entries), float(self.match.value()), float(self.review.value()))
        return DesignationChoice(choice, tuple(e.designations for e in entries if e.designations is not None))

    def done(self, result: int) -> None:
        """Closing stops waiting for a list being read (its result is dropped)."""
        if self.busy:
            self.runner.cancel()
            self._busy_with = None
        super().done(result)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        choice: PartyChoice,
        known: Sequence[DesignationList] = (),
        *,
        rescreen: bool = False,
        runner: TaskRunner | None = None,
    ) -> DesignationChoice | None:
        """Show the dialog; the officer's choice, or None when cancelled."""
        dialog = cls(parent, choice, known, rescreen=rescreen, runner=runner)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.result_choice()
        finally:
            dialog.deleteLater()
