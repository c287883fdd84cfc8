"""The self-test: screen the bundled sample and compare every row with its expected verdicts.

It proves that an installed copy (source tree or frozen bundle) has its rule packs, its sample and a
working engine, without a display.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from compliance.intake.read_ahead import ReadAheadError, rows_read_ahead
from compliance.intake.xlsx_stream import XlsxStream
from compliance.paths import rules_dir, sample_workbook, seeds_dir
from compliance.run import start_run


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    """How many sample rows were checked, and the ones whose verdicts differ from the expectation."""

    checked: int
    mismatches: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True when every expected row was screened with its expected verdicts."""
        return self.checked > 0 and not self.mismatches


def run_self_test() -> SelfTestResult:
    """Screen seeds/sample-ledger.xlsx and compare with seeds/sample-expected.csv."""
    with (seeds_dir() / "sample-expected.csv").open(encoding="utf-8", newline="") as handle:
        expected = {(r["sheet"], int(r["row"])): r for r in csv.DictReader(handle)}
    run = start_run([sample_workbook()], rules_dir=rules_dir())
    mismatches: list[str] = []
    seen = set()
    for result in run.results():
        key = (result.source.sheet, result.source.row)
        seen.add(key)
        want = expected.get(key)
        got = (result.baseline.status.value, result.alternative.status.value)
        if want is None:
            mismatches.append(f"{key[0]}!{key[1]}: screened but not expected")
        elif got != (want["current"], want["draft"]):
            mismatches.append(
                f"{key[0]}!{key[1]} {result.reference}: expected {want['current']}/{want['draft']}, "
                f"got {got[0]}/{got[1]}"
            )
    mismatches.extend(f"{s}!{r}: expected but not screened" for s, r in sorted(expected.keys() - seen))
    mismatches.extend(read_ahead_mismatches())
    return SelfTestResult(len(seen), tuple(mismatches))


def read_ahead_mismatches() -> list[str]:
    """Each sample sheet read by a second process, as a million-row sheet is, must read as here."""
    book = XlsxStream(str(sample_workbook()))
    found: list[str] = []
    for name in book.sheet_names:
        sheet = book.sheet(name)
        if sheet.columns is None:
            continue
        here = list(sheet.numbered_rows())
        try:
            there = list(rows_read_ahead(book.path, name, sheet.columns, book.identity))
        except ReadAheadError as exc:
            found.append(f"{name}: reading in a second process failed: {exc}")
            continue
        if there != here:
            found.append(f"{name}: a second process read {len(there)} rows differently from the {len(here)} read here")
    return found
