"""The detail pane's HTML: every finding under each regime, its citation, evidence and the cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument

from compliance.model.results import RowResult
from compliance.rules.regime import Regime
from gui.results.detail import detail_html, regime_changes
from gui.results.regime_words import regime_words
from gui.workers import run_headers, screen_file

Screened = tuple[dict[str, RowResult], dict[str, tuple[str, ...]]]


@pytest.fixture
def screened(ledger: Path, regimes: tuple[Regime, Regime]) -> Screened:
    """Results by reference, and each sheet's headers."""
    run, results = screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    headers = {s.name: s.headers for i in run.inputs for s in i.sheets}
    assert run_headers(run)
    return {r.reference: r for r in results}, headers


def _text(html: str) -> str:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_seafood_row(screened: Screened, regimes: tuple[Regime, Regime], seafood_citation: str) -> None:
    by_ref, headers = screened
    row = by_ref["SHP-001"]
    text = _text(detail_html(row, regimes, headers["Shipments"]))
    assert seafood_citation in text
    assert "adopted 5 August 2017" in text
    assert "Seafood from the DPRK" in text
    assert "Triggered by:" in text
    assert "HS code = “030743”" in text
    baseline, draft = regimes[0].label, regimes[1].label
    assert f"Lifted by {draft}." in text
    assert "never adopted" in text
    assert f"What {draft} changes" in text
    assert f"prohibited under {baseline}, permitted under {draft}" in text
    assert any(line.startswith("Lifts “Seafood from the DPRK”") for line in regime_changes(row, regime_words(regimes)))
    # The row as written: header and value, as in the workbook.
    assert "Goods Description\nFrozen squid" in text
    assert "Shipper" in text
    assert "Rason Marine Products" in text


def test_workers_row(screened: Screened, regimes: tuple[Regime, Regime]) -> None:
    by_ref, headers = screened
    text = _text(detail_html(by_ref["CT-001"], regimes, headers["Contracts"]))
    assert "UNSCR 2375 (2017) OP17" in text
    assert "UNSCR 2375 (2017) OP17, unverified" not in text
    assert "New work authorizations for DPRK nationals abroad" in text
    assert "Worker nationality = “DPRK”" in text
    assert "would lift the ban on DPRK nationals working abroad" in text
    assert "Place of Work" in text
    assert "Russia" in text


def test_unverified_paragraphs_are_marked(screened: Screened, regimes: tuple[Regime, Regime]) -> None:
    by_ref, headers = screened
    hits = [
        (r, h)
        for r in by_ref.values()
        for h in r.baseline.hits
        if h.citation is not None and not h.citation.paragraph_verified
    ]
    assert hits, "the test ledger should touch at least one measure with an unconfirmed paragraph"
    result, hit = hits[0]
    text = _text(detail_html(result, regimes, headers[result.source.sheet]))
    assert hit.citation is not None
    assert f"{hit.citation.text()} · adopted" in text
    assert hit.citation.text().endswith(", unverified")


def test_a_clean_row(screened: Screened, regimes: tuple[Regime, Regime]) -> None:
    by_ref, headers = screened
    text = _text(detail_html(by_ref["SHP-002"], regimes, headers["Shipments"]))
    # Screened without a designation list: clear of the measures, but the names were not checked.
    assert "No measure bears on this row\u2019s goods, places or dates." in text
    assert "Names not screened" in text
    assert "would not change this row's verdict (permitted under both)" in text


def test_values_are_escaped(tmp_path: Path, regimes: tuple[Regime, Regime]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Reference", "Shipment Date", "Country of Origin", "HS Code", "Goods Description"])
    ws.append(["<b>X1</b>", "2018-03-01", "DPRK", "030743", "squid <script>alert(1)</script>"])
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    run, results = screen_file(path, as_of=None, overrides=None, regimes=regimes)
    html = detail_html(results[0], regimes, run.inputs[0].sheets[0].headers)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>X1</b>" not in html
