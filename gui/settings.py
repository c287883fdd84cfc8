"""Typed access to the app's settings, over QSettings in INI format.

One wrapper so that keys, types and defaults live in one place, and so that tests (and the
screenshot mode) can point it at a temporary file instead of the user's real settings.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Sanctions Desk"
APPLICATION = "Sanctions Desk"
ENV_SETTINGS_PATH = "SANCTIONS_DESK_SETTINGS"
"""An INI file to use instead of the user's settings (tests, screenshots, portable use)."""
MAX_RECENT = 8
PAGE_SIZE_NAMES = ("A4", "Letter")


def header_set_key(headers: Iterable[str]) -> str:
    """A stable key for a workbook's header set, so a mapping is reused for the same layout."""
    names = sorted({h.strip() for h in headers if h and h.strip()})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()[:16]


class Settings:
    """The app's settings: recent files, folders, window state, column mappings, report names, designation lists."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        path = path or os.environ.get(ENV_SETTINGS_PATH)
        if path:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)

    @property
    def file_name(self) -> str:
        """Where the settings are stored."""
        return self._qs.fileName()

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._qs.sync()

    # --- plain values -----------------------------------------------------------------------------

    def _str(self, key: str, default: str = "") -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def _float(self, key: str, default: float) -> float:
        # INI files hand numbers back as strings.
        value = self._qs.value(key, default)
        try:
            return float(value) if isinstance(value, (str, int, float)) else default
        except ValueError:
            return default

    def _json(self, key: str, default: object) -> object:
        # JSON strings rather than QSettings lists: INI lists of one item come back as a bare
        # string, and nested dicts do not round-trip at all.
        raw = self._str(key)
        if not raw:
            return default
        try:
            return json.loads(raw)
        except ValueError:
            return default

    @property
    def last_directory(self) -> str:
        """The folder the last file was opened from ('' when none)."""
        return self._str("files/last_directory")

    @last_directory.setter
    def last_directory(self, folder: str) -> None:
        self._qs.setValue("files/last_directory", folder)

    @property
    def recent_files(self) -> list[str]:
        """Recently opened files, newest first."""
        value = self._json("files/recent", [])
        return [str(p) for p in value] if isinstance(value, list) else []

    def add_recent_file(self, path: str | os.PathLike[str]) -> None:
        """Put a file at the top of the recent list and remember its folder."""
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_files if p != path]
        self._qs.setValue("files/recent", json.dumps([path, *recent][:MAX_RECENT]))
        self.last_directory = str(Path(path).parent)

    def clear_recent_files(self) -> None:
        """Forget the recent files."""
        self._qs.setValue("files/recent", json.dumps([]))

    # --- window state (its own group, like Picard's "persist") ----------------------------------

    def window_state(self, name: str) -> QByteArray | None:
        """Saved geometry or splitter state, or None."""
        value = self._qs.value(f"persist/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, name: str, value: QByteArray) -> None:
        """Save geometry or splitter state."""
        self._qs.setValue(f"persist/{name}", value)

    # --- the results table's columns -----------------------------------------------------------

    def table_columns(self) -> dict[str, object]:
        """The table's columns as last left: {"order": [keys], "hidden": [keys], "widths": {key: px}}."""
        value = self._json("table/columns", {})
        return value if isinstance(value, dict) else {}

    def set_table_columns(self, state: Mapping[str, object]) -> None:
        """Remember the table's column order, hidden columns and widths (by column key, not position)."""
        self._qs.setValue("table/columns", json.dumps(dict(state), sort_keys=True))

    # --- column mappings --------------------------------------------------------------------------

    def mappings(self) -> dict[str, dict[str, str]]:
        """Every remembered mapping: header-set key -> {field: header}."""
        value = self._json("mapping/by_headers", {})
        if not isinstance(value, dict):
            return {}
        return {str(k): {str(f): str(h) for f, h in v.items()} for k, v in value.items() if isinstance(v, dict)}

    def mapping_for(self, headers: Iterable[str]) -> dict[str, str] | None:
        """The mapping the user chose for workbooks with these headers, if any."""
        return self.mappings().get(header_set_key(headers))

    def remember_mapping(self, headers: Iterable[str], overrides: Mapping[str, str]) -> None:
        """Remember a mapping for workbooks with these headers."""
        every = self.mappings()
        every[header_set_key(headers)] = dict(overrides)
        self._qs.setValue("mapping/by_headers", json.dumps(every, sort_keys=True))

    def forget_mapping(self, headers: Iterable[str]) -> None:
        """No longer use a remembered mapping for workbooks with these headers."""
        every = self.mappings()
        if every.pop(header_set_key(headers), None) is not None:
            self._qs.setValue("mapping/by_headers", json.dumps(every, sort_keys=True))

    # --- report -----------------------------------------------------------------------------------

    @property
    def organisation(self) -> str:
        """The organisation named on reports ('' when not set)."""
        return self._str("report/organisation")

    @organisation.setter
    def organisation(self, name: str) -> None:
        self._qs.setValue("report/organisation", name.strip())

    @property
    def officer(self) -> str:
        """The compliance officer named on reports ('' when not set)."""
        return self._str("report/officer")

    @officer.setter
    def officer(self, name: str) -> None:
        self._qs.setValue("report/officer", name.strip())

    @property
    def names_asked(self) -> bool:
        """Whether the officer has been asked for the organisation and officer named on reports."""
        return self._str("report/names_asked") == "yes"

    @names_asked.setter
    def names_asked(self, asked: bool) -> None:
        self._qs.setValue("report/names_asked", "yes" if asked else "no")

    @property
    def page_size(self) -> str:
        """'A4' (the default) or 'Letter', for printing and PDF export."""
        value = self._str("report/page_size", "A4")
        return value if value in PAGE_SIZE_NAMES else "A4"

    @page_size.setter
    def page_size(self, name: str) -> None:
        self._qs.setValue("report/page_size", name if name in PAGE_SIZE_NAMES else "A4")

    @property
    def last_export_directory(self) -> str:
        """The folder the last report or workbook was exported to ('' when none)."""
        return self._str("report/last_export_directory")

    @last_export_directory.setter
    def last_export_directory(self, folder: str) -> None:
        self._qs.setValue("report/last_export_directory", folder)

    # --- designation lists ------------------------------------------------------------------------

    @property
    def designation_lists(self) -> list[str]:
        """The designation list files screened against last time, in order."""
        value = self._json("designations/paths", [])
        return [str(p) for p in value] if isinstance(value, list) else []

    @designation_lists.setter
    def designation_lists(self, paths: Iterable[str]) -> None:
        self._qs.setValue("designations/paths", json.dumps([str(p) for p in paths]))

    def thresholds(self, default_match: float, default_review: float) -> tuple[float, float]:
        """The (match, review) name-score thresholds last chosen, or the defaults."""
        match = self._float("designations/match_threshold", default_match)
        review = self._float("designations/review_threshold", default_review)
        if not (0 < review <= match <= 100):
            return default_match, default_review
        return match, review

    def set_thresholds(self, match: float, review: float) -> None:
        """Remember the name-score thresholds."""
        self._qs.setValue("designations/match_threshold", float(match))
        self._qs.setValue("designations/review_threshold", float(review))
