"""`lookback` on a local cluster of two worker processes: the same verdicts as `screen`, row by row, on CSV,
Parquet and workbook inputs; a bad file among good ones; an empty input; resuming after a kill."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from benchmarks.make_ledger import HEADERS, iter_rows
from compliance.cli import main
from compliance.lookback.context import Context
from compliance.lookback.progress import RowProgress
from compliance.lookback.run import LookbackOptions, run_lookback
from compliance.paths import rules_dir, sample_workbook
from compliance.rules.catalog import load_regimes

# A local Dask cluster of two worker processes: slow.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
COMPARED = ("reference", "kind", "current_status", "draft_status", "change", "hits")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


def _cell(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _ledger_rows(count: int, seed: int) -> list[list[str]]:
    rows = [[_cell(v) for v in row] for row in iter_rows(count, seed)]
    for number in range(0, len(rows), 37):  # descriptions running over two lines, as exports have them
        rows[number][12] = rows[number][12] + "\n(continued)"
    return rows


def write_csv(path: Path, count: int, seed: int = 3) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(_ledger_rows(count, seed))
    path.write_bytes(codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"))
    return path


def write_parquet(path: Path, count: int, seed: int = 3) -> Path:
    rows = _ledger_rows(count, seed)
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(HEADERS)})
    pq.write_table(table, path, row_group_size=max(1, count // 4))
    return path


def screened(path: Path, tmp_path: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """`screen --json` of one input: (sheet, row) -> the compared keys."""
    out = tmp_path / f"{path.name}.json"
    assert main(["screen", str(path), "--json", str(out), "--quiet"], out=io.StringIO()) == 0
    rows = orjson.loads(out.read_bytes())["rows"]
    return {
        (r["sheet"], r["row"]): {
            "reference": r["reference"],
            "kind": r["kind"],
            "current_status": r["current"]["status"],
            "draft_status": r["draft"]["status"],
            "change": r["change"],
            "hits": {"current": _verdicts_only(r["current"]["hits"]), "draft": _verdicts_only(r["draft"]["hits"])},
        }
        for r in rows
    }


# What `screen` adds from the decisions store: the officer's decisions, not the engine's verdicts.
DECISION_KEYS = frozenset({"decision", "decision_lapsed", "new"})


def _verdicts_only(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in hit.items() if k not in DECISION_KEYS} for hit in hits]


def looked_back(out_dir: Path, given: str) -> dict[tuple[str, int], dict[str, Any]]:
    """The lookback's results for one input: (sheet, row) -> the compared keys (a repeated row fails)."""
    table = pq.read_table(out_dir / "results").to_pylist()
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for row in table:
        if row["input"] != given:
            continue
        key = (row["sheet"], row["row"])
        assert key not in found, f"row {key} written twice"
        found[key] = {name: row[name] for name in COMPARED} | {"hits": orjson.loads(row["hits"])}
    return found


def lookback(inputs: list[str], out_dir: Path, scheduler: str | None, **extra: Any) -> Any:
    regimes = load_regimes(rules_dir())
    options = LookbackOptions(
        inputs=inputs, out_dir=str(out_dir), rules_dir=str(rules_dir()), scheduler=scheduler, report=False, **extra
    )
    progress = RowProgress(io.StringIO(), shown=False)
    notes: list[str] = []
    outcome = run_lookback(options, Context(regimes, None), notes.append, progress)
    return outcome, notes


def test_same_verdicts_as_screen_on_csv_parquet_and_xlsx_with_a_bad_file(
    tmp_path: Path, cluster: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write_csv(tmp_path / "ledger.csv", 1500)
    (tmp_path / "other").mkdir()
    parquet = write_parquet(tmp_path / "other" / "ledger.parquet", 1500)
    workbook = sample_workbook()
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a workbook")
    inputs = [str(ledger), str(parquet), str(workbook), str(corrupt)]
    outcome, notes = lookback(inputs, tmp_path / "out", cluster, partition_bytes=48 * 1024)

    parts = list((tmp_path / "out" / "results").glob("*.parquet"))
    assert len(parts) > 6  # the CSV cut into byte ranges, the Parquet into its row groups, the sheets
    csv_screened = screened(ledger, tmp_path)
    assert looked_back(tmp_path / "out", str(ledger)) == csv_screened
    # The Parquet file holds the CSV's cells: same sheet name (the file's stem), rows and verdicts.
    assert looked_back(tmp_path / "out", str(parquet)) == csv_screened
    assert looked_back(tmp_path / "out", str(workbook)) == screened(workbook, tmp_path)
    assert any(r["current_status"] != "permitted" for r in csv_screened.values())

    # The bad file is named with the message `screen` gives, and the rest were screened.
    assert main(["screen", str(corrupt)], out=io.StringIO()) == 2
    message = capsys.readouterr().err.strip().removeprefix("error: ")
    summary = orjson.loads((tmp_path / "out" / "summary.json").read_bytes())
    assert summary["failures"] == [{"input": str(corrupt), "error": message}]
    assert f"error: {message}" in notes
    assert outcome.failures == [message]
    assert summary["rows"] == 2 * len(csv_screened) + len(screened(workbook, tmp_path))
    by_input = {entry["input"]: entry for entry in summary["inputs"]}
    assert by_input[str(ledger)]["rows"] == len(csv_screened)
    expected = sum(1 for r in csv_screened.values() if r["current_status"] == "prohibited")
    assert by_input[str(ledger)]["current"]["prohibited"] == expected
    assert summary["changed"] == summary["relaxed"] + summary["tightened"] > 0


def test_an_empty_input_is_reported_and_an_empty_folder_refused(tmp_path: Path, cluster: str) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    good = write_csv(tmp_path / "good.csv", 50)
    outcome, _ = lookback([str(empty), str(good)], tmp_path / "out", cluster)
    assert len(outcome.failures) == 1
    assert outcome.failures[0].startswith(str(empty))
    assert outcome.summary["rows"] == 50
    (tmp_path / "nothing").mkdir()
    code = main(["lookback", str(tmp_path / "nothing"), "--out", str(tmp_path / "out2"), "--scheduler", cluster])
    assert code == 2
    assert not (tmp_path / "out2").exists()


def test_a_rerun_with_other_arguments_is_refused(tmp_path: Path, cluster: str) -> None:
    good = write_csv(tmp_path / "good.csv", 30)
    lookback([str(good)], tmp_path / "out", cluster)
    args = ["lookback", str(good), "--out", str(tmp_path / "out"), "--scheduler", cluster, "--as-of", "2018-01-01"]
    assert main(args, out=io.StringIO()) == 2


def _wait_for_parts(folder: Path, at_least: int, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if folder.is_dir() and len(list(folder.glob("part-*.parquet"))) >= at_least:
            return
        if process is not None and process.poll() is not None:
            pytest.fail(f"the lookback ended early: {process.returncode}")
        time.sleep(0.05)
    pytest.fail("no partition was committed")


def test_resume_after_the_client_is_killed(tmp_path: Path) -> None:
    ledger = write_csv(tmp_path / "ledger.csv", 4000)
    out = tmp_path / "out"
    command = [sys.executable, str(ROOT / "main.py"), "lookback", str(ledger), "--out", str(out), "--workers", "2",
               "--partition-mb", "0.02", "--no-report", "--quiet"]  # fmt: skip
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(command, env=environment, start_new_session=True, stderr=subprocess.PIPE)
    try:
        _wait_for_parts(out / "results", 1, process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        committed_at_kill = len(list((out / "results").glob("part-*.parquet")))
    finally:
        # The workers the killed client started: stopped, so the next run starts clean.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    finish = subprocess.run(command, env=environment, capture_output=True, timeout=240)
    assert finish.returncode == 0, finish.stderr.decode()
    assert committed_at_kill < len(list((out / "results").glob("part-*.parquet")))  # killed mid-run
    assert b"Resuming" in finish.stderr
    assert looked_back(out, str(ledger)) == screened(ledger, tmp_path)


def test_resume_after_a_worker_is_killed(tmp_path: Path, cluster: str) -> None:
    from distributed import Client

    ledger = write_csv(tmp_path / "ledger.csv", 3000)
    out = tmp_path / "out"
    with Client(cluster) as client:
        pids = list(client.run(os.getpid).values())

    committed_at_kill: list[int] = []

    def kill_one_worker() -> None:
        _wait_for_parts(out / "results", 2)
        os.kill(pids[0], signal.SIGKILL)  # its nanny starts another; its task is screened again
        committed_at_kill.append(len(list((out / "results").glob("part-*.parquet"))))

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    outcome, _ = lookback([str(ledger)], out, cluster, partition_bytes=16 * 1024)
    killer.join()
    assert outcome.failures == []
    assert committed_at_kill[0] < len(list((out / "results").glob("part-*.parquet")))  # killed mid-run
    assert looked_back(out, str(ledger)) == screened(ledger, tmp_path)


def test_the_report_is_the_one_screen_writes(tmp_path: Path, cluster: str) -> None:
    import re

    import pypdf

    from gui.launch import write_pdf

    ledger = write_csv(tmp_path / "ledger.csv", 400)
    workbook = sample_workbook()
    assert main(["screen", str(ledger), str(workbook), "--report", str(tmp_path / "screen.pdf"), "--quiet"],
                out=io.StringIO(), pdf_writer=write_pdf) == 0  # fmt: skip
    regimes = load_regimes(rules_dir())
    options = LookbackOptions(
        inputs=[str(ledger), str(workbook)], out_dir=str(tmp_path / "out"), rules_dir=str(rules_dir()),
        scheduler=cluster, partition_bytes=16 * 1024,
    )  # fmt: skip
    progress = RowProgress(io.StringIO(), shown=False)
    run_lookback(options, Context(regimes, None), lambda _: None, progress, write_pdf)

    def pages(path: Path) -> list[str]:
        # The reports differ only in the minute they were generated.
        # (and, with the decisions section below, in their number of pages).
        texts = (re.sub(r"\d\d:\d\d", "hh:mm", p.extract_text()) for p in pypdf.PdfReader(path).pages)
        return [re.sub(r"Page\s\d+\sof\s\d+", "Page", t) for t in texts]

    def before_sign_off(texts: list[str]) -> str:
        # `screen` keeps its decisions in the store and adds their section and a dated sign-off; a
        # lookback records no decisions, so the reports are compared up to there.
        # Page headers and footers are left out: where a page breaks differs once the sections differ.
        furniture = re.compile(
            r"(Page|Generated\s|The\sDecember\s2019|DPRK\ssanctions\sscreening\sreport|ledger\.csv,)"
        )
        whole = "\n".join(line for t in texts for line in t.split("\n") if not furniture.match(line))
        ends = [i for i in (whole.find("Sign-o"), whole.find("\nDecisions\n")) if i >= 0]
        return whole[: min(ends, default=len(whole))].rstrip()

    screened_pages = before_sign_off(pages(tmp_path / "screen.pdf"))
    assert screened_pages.count("\n") > 200
    assert before_sign_off(pages(tmp_path / "out" / "report.pdf")) == screened_pages


def test_regimes_are_chosen_as_for_screen_and_a_further_one_gets_its_own_status_column(
    tmp_path: Path, cluster: str
) -> None:
    ledger = write_csv(tmp_path / "ledger.csv", 600)
    scenario = Path(__file__).parent / "data" / "regimes" / "textiles-lifted.toml"
    out = io.StringIO()
    chosen = ["--regime", "in-force", "--regime", "us-draft-2022", "--regime", str(scenario)]
    args = ["lookback", str(ledger), "--out", str(tmp_path / "out"), "--scheduler", cluster,
            *chosen, "--quiet", "--no-report"]  # fmt: skip
    assert main(args, out=out) == 0
    assert main(["screen", str(ledger), *chosen, "--json", str(tmp_path / "s.json"), "--quiet"], out=io.StringIO()) == 0
    screened = orjson.loads((tmp_path / "s.json").read_bytes())["rows"]
    ids = list(screened[0]["verdicts"])
    assert ids[:2] == ["in-force", "us-draft-2022"] and len(ids) == 3
    table = sorted(pq.read_table(tmp_path / "out" / "results").to_pylist(), key=lambda r: r["row"])
    assert len(table) == 600
    # Row by row, the lookback's three status columns are the verdicts `screen` gives under each regime.
    assert [r["current_status"] for r in table] == [s["verdicts"][ids[0]]["status"] for s in screened]
    assert [r["draft_status"] for r in table] == [s["verdicts"][ids[1]]["status"] for s in screened]
    assert [r[f"status_{ids[2]}"] for r in table] == [s["verdicts"][ids[2]]["status"] for s in screened]
    summary = orjson.loads((tmp_path / "out" / "summary.json").read_bytes())
    assert [r["id"] for r in summary["regimes"]] == ids
    assert "Screened 600 rows" in out.getvalue()
