"""The Excel export alone: how long writing an N-row ledger's results workbook takes, and where the time goes.

Usage: python benchmarks/bench_export.py [--rows N] [--profile]

The ledger (from make_ledger.py) is screened first, outside the timing, with every cell kept as the
app keeps it; then `write_results_xlsx` writes the Summary and the results sheet. Prints rows, seconds,
rows per second, the file's size and the process's peak memory before and after the export (the screened
results are held in memory throughout); --profile adds the ten functions with the most time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_ledger import write_ledger  # noqa: E402

from compliance.outputs.xlsx_writer import write_results_xlsx  # noqa: E402
from compliance.paths import rules_dir  # noqa: E402
from compliance.run import start_run  # noqa: E402


def _peak_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports it in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    """Screen a generated ledger, then time its Excel export."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true", help="print where the export's time goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ledger = write_ledger(Path(folder) / f"ledger-{args.rows}.xlsx", args.rows)
        run = start_run([ledger], rules_dir=rules_dir(), keep_cells=True)
        results = list(run.results())
        out = Path(folder) / "results.xlsx"
        peak_before = _peak_mb()
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        rows = write_results_xlsx(out, run, results)
        if profiler is not None:
            profiler.disable()
        seconds = time.perf_counter() - started
        size = out.stat().st_size / 1e6
    print(f"Excel export: {rows:,} rows in {seconds:.2f} s ({rows / seconds:,.0f} rows/s), {size:.1f} MB")
    print(f"Peak memory: {peak_before:,.0f} MB screened, {_peak_mb():,.0f} MB after the export")
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(10)
        print(text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
