"""The report's fonts: DejaVu Sans for Latin, Greek and Cyrillic, then Noto Sans CJK for Hangul and Chinese.

DejaVu has no Hangul or CJK ideographs, so on its own a Korean or Chinese name prints as empty boxes.
A source install gets Noto Sans CJK from Debian's fonts-noto-cjk (scripts/install.sh); the bundle
carries a copy under fonts/ (scripts/build.sh copies it there at build time), registered here with
Qt before the first report is laid out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtGui import QFont, QFontDatabase

from compliance.paths import resource_root

LATIN_FAMILY: Final = "DejaVu Sans"
CJK_FAMILIES: Final = ("Noto Sans CJK SC", "Noto Sans CJK KR")
"""One font file holds both: Simplified Chinese shapes first, Korean for the Hangul-only reader."""
REPORT_FAMILIES: Final = (LATIN_FAMILY, *CJK_FAMILIES)
FONT_SUFFIXES: Final = (".ttc", ".otf", ".ttf")

_registered: list[str] | None = None


def bundled_font_folder() -> Path:
    """fonts/ beside the bundle's rules/ (absent in a source tree: the system's fonts serve there)."""
    return resource_root() / "fonts"


def register_bundled_fonts() -> list[str]:
    """Register every font file under the bundle's fonts/ with Qt, once; the families they add."""
    global _registered  # one registration per process: Qt would load the same file again
    if _registered is not None:
        return _registered
    families: list[str] = []
    folder = bundled_font_folder()
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in FONT_SUFFIXES:
                font_id = QFontDatabase.addApplicationFont(str(path))
                if font_id >= 0:
                    families.extend(QFontDatabase.applicationFontFamilies(font_id))
    _registered = families
    return families


def report_font(points: float, *, bold: bool = False) -> QFont:
    """The report's font at a size: DejaVu Sans, falling back to Noto Sans CJK for what it lacks."""
    font = QFont(LATIN_FAMILY)
    font.setFamilies(list(REPORT_FAMILIES))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    if bold:
        font.setBold(True)
    return font
