"""The scenario editor: every measure of a base regime, grouped, to lift, re-cap or re-date; bans and
exemptions to add; a name; saved as a pack amendment in the user's regimes folder.

The grouping and the parsing of what is typed live in compliance/rules/measure_groups.py, the file
written in compliance/scenarios.py: this dialog only shows them and collects what is typed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compliance.model.errors import UsageError
from compliance.paths import rules_dir, user_regimes_dir
from compliance.rules.catalog import load_regime
from compliance.rules.measure_groups import MeasureEntry, cap_text, grouped, measure_entries, parse_cap, parse_date
from compliance.rules.measure_groups import parse_list as items_of
from compliance.scenarios import (
    DIRECTIONS,
    AddedBan,
    AddedExemption,
    Scenario,
    export_scenario,
    import_scenario,
    save_scenario,
)
from gui.errors import show_error

COLUMNS = ("Measure", "Citation", "Lift", "Why lifted", "Cap (a year)", "From", "Until")
TITLE, CITATION, LIFT, REASON, CAP, START, END = range(len(COLUMNS))
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The MeasureEntry of a measure's line (group lines hold none)."""
EDITABLE_ROLE = Qt.ItemDataRole.UserRole + 2
"""On column 0: the columns of this line the analyst may type in."""
FILTER = "Scenario (*.toml)"


class _TypedColumns(QStyledItemDelegate):
    """Opens an editor only in the columns a measure lets the analyst change (no cap, no cap editor)."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editable = index.model().index(index.row(), TITLE, index.parent()).data(EDITABLE_ROLE) or ()
        if index.column() not in editable:
            # Qt reads no editor as "not editable here"; PySide's stub does not allow None.
            return None  # type: ignore[return-value]
        return super().createEditor(parent, option, index)


class ScenarioEditor(QDialog):
    """Build a scenario on `base_id`; `saved(regime id)` once it is in the user's folder."""

    saved = Signal(str)

    def __init__(
        self, base_id: str, parent: QWidget | None = None, *, rules: Path | None = None, user: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.rules = rules or rules_dir()
        self.user = user or user_regimes_dir()
        self.base = load_regime(base_id, self.rules, self.user)
        self.base_id = base_id
        self.entries = measure_entries(self.base)
        self.scenario = Scenario(name="", base=base_id)
        self.bans: list[AddedBan] = []
        self.exemptions: list[AddedExemption] = []
        label = self.base.declared.label if self.base.declared else self.base.title
        self.setWindowTitle(f"New scenario from {label}")
        self.name = QLineEdit(placeholderText="e.g. Textiles lifted, crude cap halved")
        self.status = QLabel(wordWrap=True)
        self.measures = self._measure_tree()
        self.added = QListWidget()
        self.added.setMaximumHeight(96)  # the measures above get the height
        self.added.setWordWrap(True)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        top.addRow("Scenario name:", self.name)
        notice = self.base.declared.notice if self.base.declared else ""
        self.base_notice = QLabel(f"<b>{label}</b> — {notice}", wordWrap=True)
        top.addRow("Built on:", self.base_notice)
        layout.addLayout(top)
        layout.addWidget(self.measures, stretch=1)
        lower = QHBoxLayout()
        lower.addWidget(self._ban_box(), stretch=3)
        lower.addWidget(self._exemption_box(), stretch=3)
        lower.addWidget(self._added_box(), stretch=2)
        layout.addLayout(lower)
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())
        self.resize(1340, 740)

    # --- the measures ---------------------------------------------------------------------------

    def _measure_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(len(COLUMNS))
        tree.setHeaderLabels(COLUMNS)
        tree.setItemDelegate(_TypedColumns(tree))
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        bold = QFont()
        bold.setBold(True)
        for group, entries in grouped(self.entries):
            head = QTreeWidgetItem(tree, [f"{group} ({len(entries)})"])
            head.setFont(TITLE, bold)
            head.setFirstColumnSpanned(True)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for entry in entries:
                self._measure_line(head, entry)
        tree.expandAll()
        header = tree.header()
        header.setStretchLastSection(False)
        for column, width in zip(range(CITATION, END + 1), (246, 40, 170, 218, 84, 84), strict=True):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            tree.setColumnWidth(column, width)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        return tree

    def _measure_line(self, head: QTreeWidgetItem, entry: MeasureEntry) -> QTreeWidgetItem:
        end = entry.end.isoformat() if entry.end else ""
        cap = cap_text(entry.cap)
        item = QTreeWidgetItem(head, [entry.title, entry.citation, "", "", cap, entry.start.isoformat(), end])
        item.setData(TITLE, ENTRY_ROLE, entry)
        item.setToolTip(TITLE, f"{entry.title}\n{entry.id} · {entry.measure}")
        item.setToolTip(CITATION, entry.citation)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if entry.lifted_by_base is not None:
            item.setFlags(flags)
            item.setCheckState(LIFT, Qt.CheckState.Checked)
            item.setText(REASON, f"Lifted by the base regime: {entry.lifted_by_base}")
            item.setToolTip(REASON, entry.lifted_by_base)
            item.setData(TITLE, EDITABLE_ROLE, ())
            return item
        item.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
        item.setCheckState(LIFT, Qt.CheckState.Unchecked)
        item.setData(TITLE, EDITABLE_ROLE, (REASON, START, END, *((CAP,) if entry.cap else ())))
        if entry.cap:
            item.setToolTip(CAP, "Type the new amounts, e.g. 3,000,000 bbl or 393,750 t")
        return item

    def measure_items(self) -> list[QTreeWidgetItem]:
        """Every measure's line, in the order shown."""
        out: list[QTreeWidgetItem] = []
        for g in range(self.measures.topLevelItemCount()):
            head = self.measures.topLevelItem(g)
            if head is None:
                continue
            lines = (head.child(i) for i in range(head.childCount()))
            out.extend(line for line in lines if line is not None)
        return out

    def item_for(self, rule_id: str) -> QTreeWidgetItem:
        return next(i for i in self.measure_items() if i.data(TITLE, ENTRY_ROLE).id == rule_id)

    # --- bans and exemptions --------------------------------------------------------------------

    def _ban_box(self) -> QGroupBox:
        box = QGroupBox("Add a ban")
        form = QFormLayout(box)
        self.ban_title = QLineEdit(placeholderText="e.g. Tobacco")
        self.ban_direction = QComboBox()
        for key, text in DIRECTIONS.items():
            self.ban_direction.addItem(text, key)
        self.ban_hs = QLineEdit(placeholderText="HS codes, e.g. 2402, 2403")
        self.ban_terms = QLineEdit(placeholderText="Description terms, e.g. cigarettes, cigars")
        add = QPushButton("Add ban")
        add.clicked.connect(self.add_ban)
        for label, widget in (("Title:", self.ban_title), ("Direction:", self.ban_direction)):
            form.addRow(label, widget)
        form.addRow("Goods:", self.ban_hs)
        form.addRow("", self.ban_terms)
        form.addRow("", add)
        return box

    def _exemption_box(self) -> QGroupBox:
        box = QGroupBox("Add an exemption to the selected measures")
        form = QFormLayout(box)
        self.exemption_title = QLineEdit(placeholderText="e.g. Rail and road cooperation")
        self.exemption_terms = QLineEdit(placeholderText="Description terms, e.g. railway, sleepers")
        add = QPushButton("Add exemption")
        add.clicked.connect(self.add_exemption)
        form.addRow("Title:", self.exemption_title)
        form.addRow("Applies when:", self.exemption_terms)
        form.addRow("", QLabel("Select the measures above (Ctrl+click for several).", wordWrap=True))
        form.addRow("", add)
        return box

    def _added_box(self) -> QGroupBox:
        box = QGroupBox("Added")
        column = QVBoxLayout(box)
        column.addWidget(self.added)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_added)
        column.addWidget(remove, alignment=Qt.AlignmentFlag.AlignRight)
        return box

    def add_ban(self) -> None:
        ban = AddedBan(
            title=self.ban_title.text().strip(),
            direction=self.ban_direction.currentData(),
            hs=items_of(self.ban_hs.text()),
            terms=items_of(self.ban_terms.text()),
        )
        if not ban.title or not (ban.hs or ban.terms):
            self._refuse("A ban needs a title, and HS codes or description terms.")
            return
        self.bans.append(ban)
        goods = ", ".join((*ban.hs, *ban.terms))
        where = "from" if ban.direction == "from_dprk" else "into"
        self._list(f"Ban: {ban.title}, {where} the DPRK ({goods})", ban)
        for field in (self.ban_title, self.ban_hs, self.ban_terms):
            field.clear()

    def add_exemption(self) -> None:
        chosen = [i.data(TITLE, ENTRY_ROLE) for i in self.measures.selectedItems() if i.data(TITLE, ENTRY_ROLE)]
        exemption = AddedExemption(
            title=self.exemption_title.text().strip(),
            rules=tuple(e.id for e in chosen),
            terms=items_of(self.exemption_terms.text()),
        )
        if not exemption.title or not exemption.terms or not exemption.rules:
            self._refuse(
                "An exemption needs a title, description terms, and the measures it exempts from (select them)."
            )
            return
        self.exemptions.append(exemption)
        self._list(
            f"Exemption: {exemption.title} (from {len(chosen)} measure(s): {', '.join(exemption.terms)})", exemption
        )
        for field in (self.exemption_title, self.exemption_terms):
            field.clear()

    def _list(self, text: str, what: object) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, what)
        item.setToolTip(text)
        self.added.addItem(item)

    def remove_added(self) -> None:
        for item in self.added.selectedItems():
            what = item.data(Qt.ItemDataRole.UserRole)
            if what in self.bans:
                self.bans.remove(what)
            elif what in self.exemptions:
                self.exemptions.remove(what)
            self.added.takeItem(self.added.row(item))

    # --- saving ---------------------------------------------------------------------------------

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot, tip in (
            ("Import…", self.import_file, "Copy a scenario shared by a colleague into your regimes folder"),
            ("Export…", self.export_file, "Save the scenario, then write a copy to share"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        self.save_button = QPushButton("Save", default=True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        row.addWidget(self.save_button)
        row.addWidget(close)
        return row

    def collect(self) -> Scenario:
        """The scenario as typed; UsageError naming the measure and what is wrong with what was typed."""
        scenario = self.scenario
        scenario.name = self.name.text().strip()
        scenario.lifts, scenario.caps, scenario.starts, scenario.ends = {}, {}, {}, {}
        for item in self.measure_items():
            entry: MeasureEntry = item.data(TITLE, ENTRY_ROLE)
            if entry.lifted_by_base is not None:
                continue
            try:
                if item.checkState(LIFT) == Qt.CheckState.Checked:
                    scenario.lifts[entry.id] = item.text(REASON).strip()
                if entry.cap and item.text(CAP).strip() != cap_text(entry.cap):
                    scenario.caps[entry.id] = parse_cap(item.text(CAP), entry.cap)
                if item.text(START).strip() != entry.start.isoformat():
                    scenario.starts[entry.id] = parse_date(item.text(START))
                end = entry.end.isoformat() if entry.end else ""
                if item.text(END).strip() != end:
                    scenario.ends[entry.id] = parse_date(item.text(END))
            except ValueError as exc:
                raise UsageError(f"{entry.title} ({entry.id}): {exc}") from None
        scenario.bans, scenario.exemptions = list(self.bans), list(self.exemptions)
        return scenario

    def save(self) -> Path | None:
        """Write the scenario into the user's folder; the reason in a message box if it is refused."""
        try:
            path = save_scenario(self.collect(), self.rules, self.user)
        except Exception as exc:  # the message box tells the analyst why; nothing was kept
            show_error(self, exc)
            return None
        self.status.setText(f"Saved as regime '{self.scenario.id}' in {path}.")
        self.saved.emit(self.scenario.id)
        return path

    def ask_path(self, save: bool) -> str | None:
        """The file to export to or import from (tests replace this)."""
        if save:
            name = f"{self.scenario.id or 'scenario'}.toml"
            path, _ = QFileDialog.getSaveFileName(self, "Export scenario", str(Path.home() / name), FILTER)
        else:
            path, _ = QFileDialog.getOpenFileName(self, "Import scenario", str(Path.home()), FILTER)
        return path or None

    def export_file(self) -> None:
        saved = self.save()
        destination = self.ask_path(save=True) if saved else None
        if saved is None or destination is None:
            return
        try:
            export_scenario(saved, Path(destination))
        except Exception as exc:
            show_error(self, exc)
            return
        self.status.setText(f"Saved as regime '{self.scenario.id}' and exported to {destination}.")

    def import_file(self) -> None:
        source = self.ask_path(save=False)
        if source is None:
            return
        try:
            kept = import_scenario(Path(source), self.rules, self.user)
        except Exception as exc:
            show_error(self, exc)
            return
        self.status.setText(f"Imported {source} into {kept}.")
        self.saved.emit(kept.stem)

    def _refuse(self, text: str) -> None:
        show_error(self, UsageError(text))


def open_scenario_editor(parent: QWidget | None, base_id: str = "in-force") -> ScenarioEditor:
    """Open the editor on a base regime (window-modal) and return it; `saved` says what was saved."""
    editor = ScenarioEditor(base_id, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor


__all__ = ["COLUMNS", "ScenarioEditor", "open_scenario_editor"]
