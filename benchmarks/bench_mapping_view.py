"""The column mapping dialog's view of a large ledger with a column empty everywhere: how long it takes.

Usage: python benchmarks/bench_mapping_view.py [ROWS]   (default 200,000)

Screens a generated CSV ledger (with a "Remarks" column left empty in every row) the way the window
does, then times `mapping_view`, which the window calls on the GUI thread when the officer opens
File > Column mapping. Prints the screening time and the mapping view's time.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.paths import rules_dir  # noqa: E402
from compliance.rules.regime import load_regimes  # noqa: E402
from gui.mapping.model import mapping_view  # noqa: E402
from gui.workers import screen_file  # noqa: E402

HEADERS: Final = ("Reference", "Shipment Date", "Country of Origin", "Destination", "HS Code", "Goods", "Remarks")


def write_ledger(path: Path, rows: int) -> Path:
    """A plain shipment ledger whose last column is empty in every row."""
    base = dt.date(2018, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        for i in range(rows):
            day = (base + dt.timedelta(days=i % 700)).isoformat()
            out.writerow((f"R{i:06d}", day, "Viet Nam", "Japan", "610910", "Cotton T-shirts", ""))
    return path


def main() -> None:
    """Screen the ledger, then time the mapping view."""
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as folder:
        path = write_ledger(Path(folder) / f"ledger-{rows}.csv", rows)
        started = time.perf_counter()
        run, results = screen_file(path, as_of=None, overrides=None, regimes=load_regimes(rules_dir()))
        screened = time.perf_counter() - started
        started = time.perf_counter()
        sheets = mapping_view(run, results)
        took = time.perf_counter() - started
    examples = sheets[0].examples
    print(f"{len(results):,} rows screened in {screened:.1f} s")
    print(f"mapping view: {took * 1000:.1f} ms ({len(examples)} of {len(sheets[0].headers)} columns with an example)")


if __name__ == "__main__":
    main()
