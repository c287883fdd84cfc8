"""A lookback run: inputs surveyed and cut into partitions, each screened on a Dask worker, the results
committed partition by partition, then summary.json and the report of the flagged rows.

With no scheduler address the run starts a local cluster of worker processes; with one it runs on that
cluster unchanged. Every worker must import the same version of this package (installed the same way).
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import orjson

from compliance.lookback.context import Bundle, Context, make_bundle
from compliance.lookback.dataset import RESULTS as RESULTS_NAME
from compliance.lookback.dataset import committed_stats, remove_leftovers, results_dir
from compliance.lookback.partitions import PARQUET_SUFFIXES, InputPlan, survey
from compliance.lookback.plan_store import save_plan, saved_plan
from compliance.lookback.progress import RowProgress
from compliance.lookback.summary import Summary
from compliance.lookback.worker import screen_partition
from compliance.model.errors import OutputFileError, UsageError
from compliance.outputs.atomic import atomic_write

MANIFEST: Final = "lookback.json"
SUMMARY: Final = "summary.json"
REPORT: Final = "report.pdf"
DEFAULT_PARTITION_BYTES: Final = 16 * 1024 * 1024
INPUT_SUFFIXES: Final = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", *PARQUET_SUFFIXES)

ReportWriter = Callable[[Any, str, str, bool], int]


@dataclass(slots=True)
class LookbackOptions:
    """What `main.py lookback` was asked to do."""

    inputs: list[str]
    out_dir: str
    rules_dir: str
    regimes: list[str] = field(default_factory=list)
    as_of: dt.date | None = None
    designations: list[str] = field(default_factory=list)
    match_threshold: float | None = None
    review_threshold: float | None = None
    workers: int | None = None
    scheduler: str | None = None
    partition_bytes: int = DEFAULT_PARTITION_BYTES
    report: bool = True
    organisation: str = ""
    officer: str = ""
    page_size: str = "A4"
    landscape: bool = True


@dataclass(slots=True)
class Outcome:
    """What the run did, for the terminal and the exit code."""

    summary: dict[str, Any]
    written: list[str]
    failures: list[str]
    seconds: float


def expand_inputs(items: list[str]) -> list[str]:
    """Files as given; a folder's spreadsheet, CSV and Parquet files; a glob's matches (sorted)."""
    found: list[str] = []
    for item in items:
        if os.path.isdir(item):
            names = sorted(e.name for e in os.scandir(item) if e.is_file() and e.name.lower().endswith(INPUT_SUFFIXES))
            found.extend(os.path.join(item, n) for n in names if not n.startswith((".", "~$")))
        elif glob.has_magic(item):
            matches = sorted(p for p in glob.glob(item, recursive=True) if os.path.isfile(p))
            if not matches:
                raise UsageError(f"no file matches '{item}'")
            found.extend(matches)
        else:
            found.append(item)
    unique = list(dict.fromkeys(found))
    if not unique:
        raise UsageError("no input files: the folders given hold no .csv, .xlsx, .xls, .ods or .parquet file")
    return unique


def _run_key(options: LookbackOptions, inputs: list[str], bundle: Bundle) -> str:
    given = {
        "inputs": inputs,
        "bundle": bundle.digest,
        "as_of": options.as_of.isoformat() if options.as_of else None,
        "partition_bytes": options.partition_bytes,
    }
    return hashlib.sha256(orjson.dumps(given)).hexdigest()


def _claim_out_dir(out_dir: Path, key: str, inputs: list[str]) -> bool:
    """Make OUT_DIR this run's (True when it already holds this run's work, to resume)."""
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        try:
            held = orjson.loads(manifest.read_bytes()).get("key")
        except (OSError, orjson.JSONDecodeError):
            held = None
        if held != key:
            raise UsageError(
                f"{out_dir} holds a lookback with other inputs, rules, lists or date; "
                "give another --out folder, or empty this one"
            )
        return True
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise UsageError(f"{out_dir} is not an empty folder; give a new or empty --out folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with atomic_write(manifest) as handle:
            handle.write(orjson.dumps({"key": key, "inputs": inputs}, option=orjson.OPT_INDENT_2))
    except OSError as exc:
        raise OutputFileError(f"cannot write the output folder: {exc.strerror or exc}", path=str(out_dir)) from None
    return False


@contextmanager
def dask_client(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """A client of the cluster at `scheduler`, or of a local cluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    count = workers or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _dashboard(client: Any) -> str | None:
    """The dashboard's address when the scheduler serves one (it needs bokeh installed beside it)."""
    try:
        served = "dashboard" in client.scheduler_info().get("services", {})
        return str(client.dashboard_link) if served else None
    except Exception:  # an older or unusual scheduler: no address to show, the run goes on
        return None


def run_lookback(
    options: LookbackOptions,
    context: Context,
    note: Callable[[str], None],
    progress: RowProgress,
    pdf_writer: ReportWriter | None = None,
) -> Outcome:
    """Screen every input's partitions on the cluster; commit, sum and report them."""
    started = time.monotonic()
    inputs = expand_inputs(options.inputs)
    bundle = make_bundle(
        options.rules_dir, options.designations, options.regimes, options.match_threshold, options.review_threshold
    )
    out_dir = Path(options.out_dir)
    key = _run_key(options, inputs, bundle)
    resumed = _claim_out_dir(out_dir, key, inputs)
    if resumed:
        removed = remove_leftovers(out_dir)
        note(f"Resuming the lookback in {out_dir}" + (f" ({removed} unfinished files removed)" if removed else ""))
    results_dir(out_dir).mkdir(parents=True, exist_ok=True)
    summary = Summary(context, options.as_of)
    plans: dict[int, InputPlan] = {}
    with ExitStack() as stack:
        client = stack.enter_context(dask_client(options.workers, options.scheduler))
        dashboard = _dashboard(client)
        workers = len(client.scheduler_info().get("workers", {}))
        note(
            f"Dask cluster: {workers} worker{'s' if workers != 1 else ''}"
            + (f", dashboard {dashboard}" if dashboard else "")
        )
        from distributed import as_completed

        shipped = client.scatter(bundle, broadcast=True, hash=True)
        pending = as_completed()
        named: dict[str, tuple[str, str | None]] = {}  # task key -> (input, partition), to name a lost task
        for index, given in enumerate(inputs):
            saved = saved_plan(out_dir, index, given) if resumed else None
            if saved is not None:
                plans[index] = saved
                _submit(client, pending, named, shipped, saved, out_dir, options, progress, summary, key)
            else:
                future = client.submit(survey, index, given, options.partition_bytes, pure=False)
                named[future.key] = (given, None)
                pending.add(future)
        for future in pending:
            try:
                value = future.result()
            except Exception as exc:  # the cluster could not run the task at all (a worker lost too often)
                lost, partition = named.get(future.key) or (None, None)
                line = f"{lost or 'an input'}: not screened ({type(exc).__name__}: {exc})"
                summary.fail(lost, partition, line)
                note(f"error: {line}")
                progress.skip(partition)
                continue
            if isinstance(value, InputPlan):
                plans[value.index] = value
                if value.error is not None:
                    summary.fail(value.given, None, value.error)
                    note(f"error: {value.error}")
                    continue
                save_plan(out_dir, value)
                _submit(client, pending, named, shipped, value, out_dir, options, progress, summary, key)
                continue
            if "error" in value:
                summary.fail(value.get("input"), value.get("partition"), value["error"])
                note(f"error: {value['error']}")
                progress.skip(value.get("partition"))
                continue
            summary.add(value)
            progress.done(value["partition"], value["rows"])
    progress.stop()
    ordered = [plans[i] for i in sorted(plans)]
    written = [str(results_dir(out_dir)) + os.sep]
    document = summary.as_json(ordered)
    with atomic_write(out_dir / SUMMARY) as handle:
        handle.write(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    written.append(str(out_dir / SUMMARY))
    if options.report and pdf_writer is not None:
        from compliance.lookback.report import write_report

        pages, listed, flagged = write_report(out_dir, REPORT, ordered, summary, context, options, pdf_writer)
        written.append(f"{out_dir / REPORT} ({pages} pages)")
        if listed < flagged:
            note(f"The report lists the first {listed:,} of {flagged:,} flagged rows; every row is in {RESULTS_NAME}/")
    return Outcome(document, written, [f["error"] for f in document["failures"]], time.monotonic() - started)


def _submit(
    client: Any,
    pending: Any,
    named: dict[str, tuple[str, str | None]],
    shipped: Any,
    plan: InputPlan,
    out_dir: Path,
    options: LookbackOptions,
    progress: RowProgress,
    summary: Summary,
    key: str,
) -> None:
    """Queue the plan's partitions that are not committed yet; count those that are."""
    for part in plan.partitions:
        done = committed_stats(out_dir, part.name)
        if done is not None:
            summary.add(done, resumed=True)
            progress.add(part.name, part.rows_expected, done=done["rows"])
            continue
        progress.add(part.name, part.rows_expected)
        future = client.submit(
            screen_partition, shipped, part, str(out_dir), options.as_of, key=f"lookback-{key[:12]}-{part.name}"
        )
        named[future.key] = (part.given, part.name)
        pending.add(future)


__all__ = ["LookbackOptions", "Outcome", "expand_inputs", "run_lookback"]
