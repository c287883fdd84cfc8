"""The window as the officer left it: its geometry, the split between table and detail, the table's columns."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.settings import Settings
from gui.window.layout import Ui


def restore_window(window: QWidget, ui: Ui, settings: Settings) -> None:
    """Restore what was saved, and save the table's columns whenever the officer changes them."""
    geometry = settings.window_state("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    splitter = settings.window_state("splitter")
    if splitter is not None:
        ui.splitter.restoreState(splitter)
    ui.table.restore_column_state(settings.table_columns())
    ui.table.columns_changed.connect(lambda: settings.set_table_columns(ui.table.column_state()))


def save_window(window: QWidget, ui: Ui, settings: Settings) -> None:
    """Save the geometry, the split and the columns (widths and order as the officer left them)."""
    settings.set_window_state("geometry", window.saveGeometry())
    settings.set_window_state("splitter", ui.splitter.saveState())
    settings.set_table_columns(ui.table.column_state())
    settings.sync()
