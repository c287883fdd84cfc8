"""The Regimes window: what two regimes differ by, measure by measure, before any file is loaded.

Any pair of the regimes found (the shipped ones and the analyst's scenarios) is compared; the
notice of each proposal or scenario chosen stays on screen, since none of them is law. From here the
analyst starts a new scenario on either regime.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compliance.model.errors import ComplianceError
from compliance.paths import rules_dir, user_regimes_dir
from compliance.rules.catalog import RegimeInfo, find_regimes, load_regime
from compliance.rules.diff import RegimeDiff, diff_regimes
from compliance.rules.regime import Regime
from gui.errors import error_text, show_error
from gui.notices import DRAFT_COLOURS, WARNING_COLOURS
from gui.regimes.scenario_editor import ScenarioEditor

COLUMNS = ("Change", "Measure", "Citation", "What the second regime does")
KIND_NAMES = {
    "lifted": "Lifted",
    "restored": "Restored",
    "added": "Added",
    "dropped": "Dropped",
    "replaced": "Replaced",
    "modified": "Modified",
    "exemption added": "Exemption added",
    "exemption dropped": "Exemption dropped",
}
DEFAULT_PAIR = ("in-force", "draft-2019")
_BANNER = "QLabel {{ background-color: {bg}; color: {fg}; padding: 4px 8px; border-radius: 3px; }}"


class _Wrapped(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's width (a tree view asks before it knows it)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(  # Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        width = self.tree.columnWidth(index.column()) - (self.tree.indentation() * 2 if index.column() == 0 else 8)
        text = str(index.data() or "")
        bounds = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, max(width, 40), 100_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(size.width(), max(size.height(), bounds.height() + 4))


def choice_text(info: RegimeInfo) -> str:
    """'US draft, May 2022 (vetoed; never adopted) — vetoed draft, 2022-05-26': a regime as a chooser lists it."""
    whose = "" if info.shipped else ", your scenario"
    return f"{info.label} — {info.status}, {info.date.isoformat()}{whose}"


def diff_summary(diff: RegimeDiff) -> str:
    """'5 differences: 3 added, 2 modified' (or 'No difference, measure by measure')."""
    if not diff.changes:
        return "No difference, measure by measure."
    counts: dict[str, int] = {}
    for change in diff.changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"{len(diff.changes)} difference{'s' if len(diff.changes) != 1 else ''}: {parts}."


class RegimesWindow(QWidget):
    """Two choosers (baseline, alternative) and the diff of the pair."""

    scenario_added = Signal(str)
    """A scenario was saved from this window (its regime id): other choosers may list it."""

    def __init__(self, parent: QWidget | None = None, *, rules: Path | None = None, user: Path | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Regimes — compare any two, before any file is loaded")
        self.rules = rules or rules_dir()
        self.user = user or user_regimes_dir()
        self._loaded: dict[str, Regime] = {}
        self.infos: list[RegimeInfo] = []
        self.baseline, self.alternative = QComboBox(), QComboBox()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.problem.setStyleSheet(_BANNER.format(**WARNING_COLOURS))
        self.notices = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.notices.setStyleSheet(_BANNER.format(**DRAFT_COLOURS))
        self.summary = QLabel()
        self.changes = QTreeWidget()
        self.changes.setHeaderLabels(COLUMNS)
        self.changes.setWordWrap(True)  # every word of a change is read: rows grow, nothing is elided
        self.changes.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.changes.setUniformRowHeights(False)
        self.changes.setAlternatingRowColors(True)
        self.changes.setItemDelegate(_Wrapped(self.changes))
        header = self.changes.header()
        header.sectionResized.connect(lambda *_: self.changes.scheduleDelayedItemsLayout())
        for column, width in enumerate((130, 330, 215)):
            self.changes.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.new_from_baseline = QPushButton()
        self.new_from_alternative = QPushButton()
        self.new_from_baseline.clicked.connect(lambda: self.new_scenario(self.baseline))
        self.new_from_alternative.clicked.connect(lambda: self.new_scenario(self.alternative))
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        choosers = QFormLayout()
        choosers.addRow("Baseline:", self.baseline)
        choosers.addRow("Alternative:", self.alternative)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_from_baseline)
        buttons.addWidget(self.new_from_alternative)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(choosers)
        layout.addWidget(self.problem)
        layout.addWidget(self.notices)
        layout.addWidget(self.summary)
        layout.addWidget(self.changes, stretch=1)
        layout.addLayout(buttons)
        self.fill_choosers(*DEFAULT_PAIR)
        self.baseline.currentIndexChanged.connect(self.show_diff)
        self.alternative.currentIndexChanged.connect(self.show_diff)
        self.show_diff()
        self.resize(1340, 740)

    def fill_choosers(self, baseline: str, alternative: str) -> None:
        """List every regime found; a broken scenario in the user's folder is named, the shipped ones still shown."""
        self.problem.setVisible(False)
        self._loaded.clear()
        self.listed_user: Path | None = self.user
        try:
            self.infos = find_regimes(self.rules, self.user)
        except ComplianceError as exc:
            self.problem.setText(f"Your scenarios are not listed: {error_text(exc)}")
            self.problem.setVisible(True)
            self.listed_user = None  # the shipped regimes still load without the user's folder
            self.infos = find_regimes(self.rules)
        for combo, wanted in ((self.baseline, baseline), (self.alternative, alternative)):
            combo.blockSignals(True)
            combo.clear()
            for info in self.infos:
                combo.addItem(choice_text(info), info.id)
                combo.setItemData(combo.count() - 1, info.notice, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(wanted)))
            combo.blockSignals(False)

    def regime(self, regime_id: str) -> Regime:
        if regime_id not in self._loaded:
            self._loaded[regime_id] = load_regime(regime_id, self.rules, self.listed_user)
        return self._loaded[regime_id]

    def chosen(self) -> tuple[RegimeInfo, RegimeInfo]:
        by_id = {i.id: i for i in self.infos}
        return by_id[self.baseline.currentData()], by_id[self.alternative.currentData()]

    def show_diff(self) -> None:
        """The diff of the chosen pair, with the notices of every regime of it that is not law."""
        first, second = self.chosen()
        self.new_from_baseline.setText(f"New scenario from {first.label}…")
        self.new_from_alternative.setText(f"New scenario from {second.label}…")
        not_law = [i for i in dict.fromkeys((first, second)) if i.status != "in force"]
        self.notices.setText(
            "<br>".join(
                f"<b>{escape(i.label, quote=False)}</b> ({escape(i.status)}): {escape(i.notice, quote=False)}"
                for i in not_law
            )
        )
        self.notices.setVisible(bool(not_law))
        self.changes.clear()
        try:
            diff = diff_regimes(self.regime(first.id), self.regime(second.id))
        except ComplianceError as exc:
            self.summary.setText(f"Cannot compare: {error_text(exc)}")
            return
        self.summary.setText(
            f"<b>{escape(first.label)}</b> against <b>{escape(second.label)}</b>: {diff_summary(diff)}"
        )
        bold = QFont()
        bold.setBold(True)
        for change in diff.changes:
            title = f"{change.title} → {change.by}" if change.by else change.title
            item = QTreeWidgetItem(self.changes, [KIND_NAMES[change.kind], title, change.citation, change.detail])
            item.setFont(0, bold)
            item.setData(0, Qt.ItemDataRole.UserRole, change)
            for column, text in enumerate((title, change.citation, change.detail), start=1):
                item.setToolTip(column, text)
            for field in change.fields:
                child = QTreeWidgetItem(item, ["", field.field, "", f"{field.old}  →  {field.new}"])
                child.setToolTip(3, f"{field.old}\n→\n{field.new}")
        self.changes.expandAll()

    def new_scenario(self, combo: QComboBox) -> ScenarioEditor | None:
        """Open the scenario editor on the regime of that chooser; the new scenario is listed once saved."""
        try:
            editor = ScenarioEditor(combo.currentData(), self, rules=self.rules, user=self.user)
        except Exception as exc:  # a base that will not load: say why, keep the window
            show_error(self, exc)
            return None
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self.scenario_saved)
        editor.open()
        return editor

    def scenario_saved(self, regime_id: str) -> None:
        """List the scenario just saved, and show it as the alternative."""
        self.fill_choosers(self.baseline.currentData(), regime_id)
        self.show_diff()
        self.scenario_added.emit(regime_id)


def open_regimes_window(parent: QWidget | None = None) -> RegimesWindow:
    """Show the Regimes window (one per parent: shown again and raised if already open)."""
    existing = parent.findChild(RegimesWindow) if parent is not None else None
    window = existing if isinstance(existing, RegimesWindow) else RegimesWindow(parent)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


__all__ = ["RegimesWindow", "choice_text", "diff_summary", "open_regimes_window"]
