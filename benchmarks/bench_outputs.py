"""Outputs: how fast a bad output path is refused, and the Excel export of very wide and many-sheet workbooks.

Usage: python benchmarks/bench_outputs.py [--rows N] [--sheets N]

Each case runs `main.py screen` in a fresh process and prints its wall time and peak memory (max RSS):
- refusing `--json LEDGER` (the output names the input) on an N-row ledger: nothing is read, so the
  time is the program's start and does not grow with the ledger;
- `--xlsx` of one sheet of Excel's full width (16,384 columns, 10 rows);
- `--xlsx` of a workbook of many one-row sheets (4,000 by default), each with its own columns.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_ledger import write_ledger  # noqa: E402

NAMED = ["Reference", "Shipment Date", "Country of Origin", "HS Code", "Goods Description"]


def _wide(path: Path, columns: int = 16_384, rows: int = 10) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Wide")
    ws.append(NAMED + [f"Extra {i}" for i in range(len(NAMED), columns)])
    for r in range(rows):
        ws.append([f"W{r}", "2018-03-01", "DPRK" if r % 2 == 0 else "Japan", "030743", "squid"] + [r] * (columns - 5))
    wb.save(path)
    return path


def _many(path: Path, sheets: int) -> Path:
    wb = Workbook(write_only=True)
    for s in range(sheets):
        ws = wb.create_sheet(f"Sheet {s}")
        ws.append([*NAMED, f"Sheet {s} note"])  # a column of its own: merged, they once passed XFD
        ws.append([f"S{s}", "2018-03-01", "DPRK", "030743", "squid", "x"])
    wb.save(path)
    return path


def _run(label: str, *args: str) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "screen", *args, "--quiet"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    said = (done.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1][:110]
    rss = f"{peak / 1024:.0f} MB" if peak > before else "below an earlier run's peak"
    print(f"{label:<48} exit {done.returncode}  {seconds:7.2f} s  peak {rss}  {said}")


def main() -> None:
    """Generate the inputs in a scratch folder and print each case's figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the ledger for the refusal case")
    parser.add_argument("--sheets", type=int, default=4_000, help="sheets of the many-sheet workbook")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        ledger = write_ledger(scratch / "ledger.csv", args.rows)
        print(f"Inputs in {scratch} (Python {sys.version.split()[0]}, {os.cpu_count()} cores)")
        _run(f"refuse --json naming the input ({args.rows:,} rows)", str(ledger), "--json", str(ledger))
        _run("refuse --xlsx into a folder that does not exist", str(ledger), "--xlsx", str(scratch / "no" / "r.xlsx"))
        wide = _wide(scratch / "wide.xlsx")
        _run("--xlsx of 16,384 columns x 10 rows", str(wide), "--xlsx", str(scratch / "wide-results.xlsx"))
        many = _many(scratch / "many.xlsx", args.sheets)
        _run(f"--xlsx of {args.sheets:,} sheets x 1 row", str(many), "--xlsx", str(scratch / "many-results.xlsx"))


if __name__ == "__main__":
    main()
