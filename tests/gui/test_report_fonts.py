"""Korean, Chinese and Cyrillic names print as themselves in the PDF report, never as empty boxes."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pypdf
import pytest
from openpyxl import Workbook
from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

import gui.printing.fonts as report_fonts
from compliance.outputs.report.model import Report, build_report
from compliance.paths import rules_dir
from compliance.run import start_run
from gui.printing.document import pdf_bytes
from gui.printing.fonts import CJK_FAMILIES, LATIN_FAMILY, REPORT_FAMILIES, report_font

NAMES = ("조선민주주의인민공화국", "평양", "朝鲜", "冷冻鱿鱼", "Пхеньян")
WHEN = dt.datetime(2026, 11, 28, 11, 40)
INSTALL = "the report needs Noto Sans CJK: install Debian's fonts-noto-cjk (scripts/install.sh does)"


def _covers(family: str, char: str) -> bool:
    font = QFont(family)
    font.setPointSizeF(9)
    raw = QRawFont.fromFont(font)
    return raw.isValid() and raw.familyName() == family and raw.supportsCharacter(ord(char))


def test_dejavu_lacks_hangul_and_the_cjk_family_has_it(qapp: QApplication) -> None:
    assert set(CJK_FAMILIES) <= set(QFontDatabase.families()), INSTALL
    assert not _covers(LATIN_FAMILY, "평"), "DejaVu Sans now covers Hangul: the fallback may be unneeded"
    assert _covers(CJK_FAMILIES[0], "평")


def test_every_character_has_a_real_glyph_in_the_report_families(qapp: QApplication) -> None:
    families = report_font(9).families()
    assert families[0] == LATIN_FAMILY and families[1:] == list(CJK_FAMILIES)
    missing = [c for name in NAMES for c in name if not any(_covers(f, c) for f in REPORT_FAMILIES)]
    assert not missing, f"no report font draws {missing!r}; {INSTALL}"


def _ledger(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(["Reference", "Shipment Date", "Country of Origin", "Destination", "HS Code", "Goods Description",
               "Shipper", "Consignee", "Value", "Currency"])  # fmt: skip
    ws.append(["KP-1", dt.datetime(2018, 3, 1), "DPRK", "China", "030743", "冷冻鱿鱼 frozen squid",
               "조선민주주의인민공화국 평양", "朝鲜 Пхеньян", 1000, "USD"])  # fmt: skip
    path = tmp_path / "scripts.xlsx"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def pdf(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> pypdf.PdfReader:
    folder = tmp_path_factory.mktemp("fonts")
    run = start_run([_ledger(folder)], rules_dir=rules_dir())
    report: Report = build_report(run, run.results(), organisation="", officer="", generated_at=WHEN)
    data, _ = pdf_bytes(report)
    (folder / "report.pdf").write_bytes(data)
    return pypdf.PdfReader(io.BytesIO(data))


def _base_fonts(reader: pypdf.PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names


def test_the_pdf_embeds_a_cjk_font(pdf: pypdf.PdfReader) -> None:
    fonts = _base_fonts(pdf)
    assert any("NotoSansCJK" in f for f in fonts), f"{sorted(fonts)}; {INSTALL}"
    assert any("DejaVuSans" in f for f in fonts)


# Noto Sans CJK draws these pairs with one glyph, so the PDF's map from glyph back to text can give
# only one of them: 鱼 (fish) comes back as the radical ⻥ it shares a glyph with.
SAME_GLYPH = {"\u2ee5": "\u9c7c"}


def test_shared_glyphs_are_one_glyph(qapp: QApplication) -> None:
    font = QFont(CJK_FAMILIES[0])
    raw = QRawFont.fromFont(font)
    for read, written in SAME_GLYPH.items():
        assert raw.glyphIndexesForString(read) == raw.glyphIndexesForString(written) != [0]


def test_the_pdf_gives_every_name_back_as_text(pdf: pypdf.PdfReader) -> None:
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf.pages))
    text = text.translate(str.maketrans(SAME_GLYPH))
    for name in NAMES:
        assert name in text, name


def test_the_bundle_registers_its_font_file(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = Path("/usr/share/fonts/opentype/noto")  # where fonts-noto-cjk puts it
    source = next(iter(sorted(system.glob("NotoSansCJK-Regular.tt*"))), None)
    assert source is not None, INSTALL
    bundle = tmp_path / "bundle"
    (bundle / "fonts").mkdir(parents=True)
    (bundle / "fonts" / source.name).symlink_to(source)
    (bundle / "fonts" / "README.txt").write_text("not a font")
    monkeypatch.setattr(report_fonts, "resource_root", lambda: bundle)
    monkeypatch.setattr(report_fonts, "_registered", None)
    families = report_fonts.register_bundled_fonts()
    assert set(CJK_FAMILIES) <= set(families)
    assert report_fonts.register_bundled_fonts() is families  # once a process
