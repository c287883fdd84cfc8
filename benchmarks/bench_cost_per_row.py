"""Cost per row: `screen --json` end to end against python-calamine's bare read of the same workbook.

Usage: python benchmarks/bench_cost_per_row.py [--rows 100000] [--repeat 3] [--stages] [--write-docs]

The ledger is the cost-per-row goal's shape: `make_ledger.py` with 12 columns and 5 % of rows tied
to the DPRK, as .xlsx (and the same rows as CSV for the lookback worker), generated once and cached
in the system temp folder. Each figure is measured REPEAT times, each in a fresh process, and shown as
min / median (the machine is shared):

- calamine: `CalamineWorkbook.from_path(f).get_sheet_by_index(0).to_python()`, timed inside the process;
- end to end: `main.py screen FILE --json OUT --quiet`, wall time of the whole process (start-up,
  safety checks, import, both regimes, the run's record in a fresh decisions store, the JSON);
- the ratio of the two (the goal: at most 1.5);
- a lookback worker (`compliance.lookback.worker.screen_partition`) screening the same rows from the
  .xlsx (one partition, read by the importer) and from the CSV (cut into byte ranges): rows per CPU
  second of the worker's process, the engine's rule packs already loaded.

`--stages` adds where one in-process screening of the workbook spends its time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from docs_section import write_section  # noqa: E402
from make_ledger import TWELVE_COLUMNS, write_ledger  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "sanctions-desk-bench"
DPRK_SHARE = 0.05

_CALAMINE = """
import sys, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
print(time.perf_counter() - start, len(rows))
"""

_WORKER = """
import json, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from compliance.lookback.context import load_context, make_bundle
from compliance.lookback.partitions import survey
from compliance.lookback.worker import screen_partition
from compliance.paths import rules_dir

bundle = make_bundle(rules_dir(), [], [])
load_context(bundle)  # once per worker, not per row
plan = survey(0, sys.argv[2], 16 * 1024 * 1024)
assert plan.error is None, plan.error
out = tempfile.mkdtemp(prefix="bench-cost-per-row-")
cpu, wall, rows = time.process_time(), time.perf_counter(), 0
for part in plan.partitions:
    stats = screen_partition(bundle, part, out, None)
    assert "error" not in stats, stats
    rows += stats["rows"]
print(json.dumps({"rows": rows, "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}))
"""


def ledger(n: int, suffix: str) -> Path:
    """The n-row, 12-column ledger with 5 % DPRK rows, generated once."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"ledger12-{n}{suffix}"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        write_ledger(path, n, columns=TWELVE_COLUMNS, dprk_share=DPRK_SHARE)
    return path


def calamine_read(path: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _CALAMINE, str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def end_to_end(path: Path) -> float:
    """Wall seconds of the CLI screening the file to JSON, with a decisions store of its own."""
    with tempfile.TemporaryDirectory(prefix="bench-cost-per-row-") as folder:
        env = dict(os.environ, SANCTIONS_DESK_DATA_DIR=folder)
        cmd = [sys.executable, str(ROOT / "main.py"), "screen", str(path), "--json", f"{folder}/out.json", "--quiet"]
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
        return time.perf_counter() - start


def worker_rate(path: Path) -> tuple[float, int]:
    """(rows per CPU second, rows) of a lookback worker screening every partition of the file."""
    out = subprocess.run(
        [sys.executable, "-c", _WORKER, str(ROOT), str(path)], capture_output=True, text=True, check=True
    )
    import json

    found = json.loads(out.stdout.strip().splitlines()[-1])
    return found["rows"] / found["cpu"], int(found["rows"])


def stages(path: Path) -> list[tuple[str, float]]:
    """Seconds per stage of one screening in this process (imports already done)."""
    from compliance.decisions.fingerprint import row_fingerprint
    from compliance.engine.evaluate import screen
    from compliance.intake.importer import open_input
    from compliance.intake.safety.vet import check_input_file
    from compliance.outputs.json_writer import RowEncoder
    from compliance.paths import rules_dir
    from compliance.rules.catalog import load_regimes

    found: list[tuple[str, float]] = []

    def timed(name: str, work: object) -> object:
        start = time.perf_counter()
        result = work()  # type: ignore[operator]
        found.append((name, time.perf_counter() - start))
        return result

    current, draft = load_regimes(rules_dir())
    checked = timed("safety checks alone (open_input runs them too)", lambda: check_input_file(path))
    checked.discard()  # type: ignore[attr-defined]
    opened = timed("open_input: safety checks, calamine, header", lambda: open_input(path, keep_cells=False))
    rows = timed("rows built (fields mapped)", lambda: list(opened.rows()))  # type: ignore[attr-defined]
    results = timed("screened under both regimes", lambda: list(screen(rows, (current, draft))))  # type: ignore[arg-type]
    timed("row fingerprints (the decisions store's key)", lambda: [row_fingerprint(r.fields) for r in rows])  # type: ignore[attr-defined]
    encode = RowEncoder().encode
    timed("JSON rows encoded (each fingerprint computed again)", lambda: [encode(r) for r in results])  # type: ignore[attr-defined]
    return found


def spread(values: list[float], unit: str = "s", digits: int = 2) -> str:
    return f"{min(values):,.{digits}f} / {statistics.median(values):,.{digits}f} {unit}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", action="store_true", help="also time the stages of one screening")
    parser.add_argument("--write-docs", action="store_true", help="write the figures to docs/performance.md")
    args = parser.parse_args()
    book, text = ledger(args.rows, ".xlsx"), ledger(args.rows, ".csv")
    calamine: list[float] = []
    cli: list[float] = []
    for _ in range(args.repeat):  # interleaved, so a busy spell weighs on both alike
        calamine.append(calamine_read(book))
        cli.append(end_to_end(book))
    ratios = [c / b for c, b in zip(cli, calamine, strict=True)]
    worker_book = [worker_rate(book)[0] for _ in range(args.repeat)]
    worker_csv = [worker_rate(text)[0] for _ in range(args.repeat)]
    cli_rate = [args.rows / c for c in cli]
    lines = [
        f"| measure ({args.rows:,} rows, 12 columns, 5 % DPRK; min / median of {args.repeat}) | figure |",
        "| --- | --- |",
        f"| python-calamine bare read (to_python) | {spread(calamine)} |",
        f"| `screen --json` end to end | {spread(cli)} |",
        f"| end to end / calamine (goal: at most 1.5) | {spread(ratios, 'x')} |",
        f"| `screen --json` rows per second (wall) | {spread(cli_rate, 'rows/s', 0)} |",
        f"| lookback worker, the .xlsx: rows per CPU second | {spread(worker_book, 'rows/s', 0)} |",
        f"| lookback worker, the same rows as CSV: rows per CPU second | {spread(worker_csv, 'rows/s', 0)} |",
    ]
    table = "\n".join(lines)
    print(table, flush=True)
    breakdown = ""
    if args.stages:
        stage_lines = ["| stage (one screening, in process) | seconds |", "| --- | --- |"]
        stage_lines += [f"| {name} | {seconds:.2f} |" for name, seconds in stages(book)]
        breakdown = "\n".join(stage_lines)
        print("\n" + breakdown)
    if args.write_docs:
        body = (
            f"Measured by `benchmarks/bench_cost_per_row.py --rows {args.rows}"
            f"{' --stages' if args.stages else ''}` on {time.strftime('%Y-%m-%d')} "
            f"({os.cpu_count()} cores shared with other work).\n\n" + table + ("\n\n" + breakdown if breakdown else "")
        )
        print(f"\nwritten to {write_section('bench_cost_per_row', body)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
