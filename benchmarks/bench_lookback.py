"""Measure `lookback` on a local Dask cluster: rows a second with 1 and 2 workers, CPU, peak memory per worker,
and the time to finish a run killed half-way; then a sizing estimate for 10^8 and 10^9 rows.

Usage: python benchmarks/bench_lookback.py [--rows 10000000] [--files 20] [--folder DIR] [--keep]

The ledger is benchmarks/make_ledger.py's (about 3 % of rows tied to the DPRK), written as FILES CSV files
and FILES Parquet files of ROWS / (2 * FILES) rows each, every cell as text.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402

from benchmarks.make_ledger import HEADERS, iter_rows  # noqa: E402


def _cell(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def write_set(folder: Path, rows: int, files: int) -> tuple[list[Path], list[Path]]:
    """FILES CSV and FILES Parquet files sharing ROWS rows between them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    per_file = max(1, rows // (2 * files))
    csvs, parquets = [], []
    for number in range(files):
        cells = [[_cell(v) for v in row] for row in iter_rows(per_file, seed=number)]
        path = folder / f"ledger-{number:02d}.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            writer.writerows(cells)
        csvs.append(path)
        cells = [[_cell(v) for v in row] for row in iter_rows(per_file, seed=1000 + number)]
        table = pa.table({name: [row[i] for row in cells] for i, name in enumerate(HEADERS)})
        path = folder / f"ledger-{number:02d}.parquet"
        pq.write_table(table, path, row_group_size=100_000)
        parquets.append(path)
    return csvs, parquets


def _usage() -> dict[str, float]:
    """CPU seconds and peak resident memory of this worker process.

    The peak is VmHWM, the high-water mark of this process's own memory: ru_maxrss would report the
    parent's peak for a process started by fork and exec (Linux keeps it across exec).
    """
    used = resource.getrusage(resource.RUSAGE_SELF)
    with open("/proc/self/status", encoding="ascii") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return {"cpu": used.ru_utime + used.ru_stime, "peak_mb": peak_kb / 1024}


def measure(inputs: list[Path], workers: int, out: Path) -> dict[str, Any]:
    """One lookback on a fresh local cluster: wall time, rows, CPU and peak memory of each worker."""
    from distributed import Client, LocalCluster

    from compliance.lookback.context import Context
    from compliance.lookback.progress import RowProgress
    from compliance.lookback.run import LookbackOptions, run_lookback
    from compliance.paths import rules_dir
    from compliance.rules.catalog import load_regimes

    regimes = load_regimes(rules_dir())
    context = Context(regimes, None)
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        before = client.run(_usage)
        options = LookbackOptions(
            inputs=[str(p) for p in inputs],
            out_dir=str(out),
            rules_dir=str(rules_dir()),
            scheduler=cluster.scheduler_address,
            report=False,
        )
        started = time.perf_counter()
        outcome = run_lookback(options, context, lambda _: None, RowProgress(io.StringIO(), shown=False))
        seconds = time.perf_counter() - started
        after = client.run(_usage)
    cpu = sum(after[w]["cpu"] - before[w]["cpu"] for w in after)
    return {
        "workers": workers,
        "rows": outcome.summary["rows"],
        "seconds": seconds,
        "rate": outcome.summary["rows"] / seconds,
        "cpu": cpu,
        "peak_mb": max(u["peak_mb"] for u in after.values()),
    }


def resume_after_kill(inputs: list[Path], out: Path, workers: int) -> dict[str, float]:
    """Kill a 2-worker run (client and workers) once half its partitions are committed; time the rerun."""
    command = [sys.executable, str(ROOT / "main.py"), "lookback", *map(str, inputs), "--out", str(out),
               "--workers", str(workers), "--no-report", "--quiet"]  # fmt: skip
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(command, env=environment, start_new_session=True, stderr=subprocess.DEVNULL)
    results = out / "results"
    plans = out / "plans"
    started = time.perf_counter()
    while process.poll() is None:
        time.sleep(0.2)
        if not plans.is_dir() or len(list(plans.iterdir())) < len(inputs):
            continue
        total = sum(len(orjson.loads(p.read_bytes())["partitions"]) for p in plans.glob("*.json"))
        if len(list(results.glob("part-*.parquet"))) >= total // 2:
            break
    killed_after = time.perf_counter() - started
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    committed = len(list(results.glob("part-*.parquet")))
    started = time.perf_counter()
    finish = subprocess.run(command, env=environment, capture_output=True)
    if finish.returncode != 0:
        raise SystemExit(finish.stderr.decode())
    return {
        "killed_after": killed_after,
        "committed_at_kill": committed,
        "rerun_seconds": time.perf_counter() - started,
        "partitions": len(list(results.glob("part-*.parquet"))),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--folder", type=Path, help="where the ledgers are written (default: a scratch folder)")
    parser.add_argument("--keep", action="store_true", help="keep the ledgers and outputs")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-lookback-"))
    try:
        started = time.perf_counter()
        csvs, parquets = write_set(folder / "ledgers", args.rows, args.files)
        size = sum(p.stat().st_size for p in csvs) / 1e6
        print(f"Wrote {args.files} CSV ({size:,.0f} MB) and {args.files} Parquet files, {args.rows:,} rows, "
              f"in {time.perf_counter() - started:,.0f} s")  # fmt: skip
        inputs = csvs + parquets
        runs = []
        for workers in (1, 2):
            run = measure(inputs, workers, folder / f"out-{workers}")
            runs.append(run)
            print(
                f"{workers} worker(s): {run['rows']:,} rows in {run['seconds']:,.1f} s = {run['rate']:,.0f} rows/s; "
                f"worker CPU {run['cpu']:,.1f} s ({run['rows'] / run['cpu']:,.0f} rows per CPU-second); "
                f"peak memory per worker {run['peak_mb']:,.0f} MB"
            )
        print(f"Speed-up with 2 workers: {runs[1]['rate'] / runs[0]['rate']:.2f}x")
        resume = resume_after_kill(inputs, folder / "out-resume", 2)
        print(
            f"Killed after {resume['killed_after']:,.1f} s with {resume['committed_at_kill']} of "
            f"{resume['partitions']} partitions committed; the rerun finished in {resume['rerun_seconds']:,.1f} s"
        )
        per_core = runs[0]["rows"] / runs[0]["cpu"]
        efficiency = 0.8  # scheduling, surveys and stragglers on a cluster: an assumption, not a measurement
        print(
            f"\nSizing estimate at {per_core:,.0f} rows per core-second (measured, one worker per core) "
            f"and {efficiency:.0%} cluster efficiency (assumed):"
        )
        print("| rows | core-hours | hours on 8 cores | on 32 cores | on 128 cores | cores for an 8-hour day |")
        print("| --- | --- | --- | --- | --- | --- |")
        for rows in (10**8, 10**9):
            core_hours = rows / per_core / efficiency / 3600
            hours = " | ".join(f"{core_hours / cores:,.2f}" for cores in (8, 32, 128))
            print(f"| {rows:.0e} | {core_hours:,.1f} | {hours} | {max(1, -(-core_hours // 8)):,.0f} |")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
