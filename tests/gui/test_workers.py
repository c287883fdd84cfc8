"""The worker body is a plain function: tested here without any Qt event loop."""

from __future__ import annotations

import csv
import gc
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from compliance.intake import importer
from compliance.model.results import RowResult
from compliance.paths import rules_dir
from compliance.rules.regime import Regime
from compliance.run import start_run
from gui.mapping.model import EXAMPLE_ROWS, corrections, mapping_view
from gui.settings import header_set_key
from gui.workers import (
    PROGRESS_EVERY_ROWS,
    PROGRESS_EVERY_SECONDS,
    collection_paused,
    run_headers,
    screen_file,
)


def test_screen_file_gives_the_engines_verdicts(ledger: Path, regimes: tuple[Regime, Regime]) -> None:
    run, results = screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    engine = list(start_run([ledger], rules_dir=rules_dir(), keep_cells=True).results())
    assert [r.as_json() for r in results] == [r.as_json() for r in engine]
    assert run.tally.rows == len(results) == 6
    assert all(r.source.cells for r in results), "cells are kept for the detail pane"


def test_progress_is_throttled_and_ends_with_the_total(
    big_csv: Callable[[int], Path], regimes: tuple[Regime, Regime]
) -> None:
    path = big_csv(20_000)
    calls: list[tuple[float, int]] = []
    started = time.monotonic()
    _, results = screen_file(
        path, as_of=None, overrides=None, regimes=regimes, progress=lambda n: calls.append((time.monotonic(), n))
    )
    elapsed = time.monotonic() - started
    assert len(results) == 20_000
    assert calls[-1][1] == 20_000
    counts = [n for _, n in calls]
    assert counts == sorted(counts)
    # At most one report per 5,000 rows or per 100 ms, whichever comes first (plus the final one).
    allowed = 20_000 / PROGRESS_EVERY_ROWS + elapsed / PROGRESS_EVERY_SECONDS + 2
    assert len(calls) <= allowed


def test_cancel_stops_between_rows(big_csv: Callable[[int], Path], regimes: tuple[Regime, Regime]) -> None:
    path = big_csv(5_000)
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 1_000

    progress: list[int] = []
    _, results = screen_file(
        path, as_of=None, overrides=None, regimes=regimes, progress=progress.append, cancelled=cancelled
    )
    assert 1_000 <= len(results) <= 1_002
    assert 5_000 not in progress, "a cancelled run does not report completion"


def test_a_remembered_mapping_is_used_for_the_same_headers(ledger: Path, regimes: tuple[Regime, Regime]) -> None:
    run, plain = screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    headers = run_headers(run)
    assert "Country of Origin" in headers
    assert "Destination" in headers
    # Read origin and destination the other way round: the squid's origin is then China, and only
    # its shipper, "Rason Marine Products" (a DPRK port in its name), still ties it to the DPRK.
    swapped = {"origin": "Destination", "destination": "Country of Origin"}
    _, results = screen_file(
        ledger, as_of=None, overrides=None, regimes=regimes, remembered={header_set_key(headers): swapped}
    )
    by_ref = {r.reference: r for r in results}
    assert {r.reference: r for r in plain}["SHP-001"].baseline.status == "prohibited"
    assert by_ref["SHP-001"].source.fields["origin"] == "China"
    seafood = next(h for h in by_ref["SHP-001"].baseline.hits if h.rule_id == "seafood-export")
    assert {e.field for e in seafood.evidence} & {"origin", "shipper"} == {"shipper"}


def test_header_set_key_ignores_order_and_blanks() -> None:
    assert header_set_key(["B", "A", ""]) == header_set_key(["A", " B "])
    assert header_set_key(["A", "B"]) != header_set_key(["A", "C"])


def test_a_field_set_to_not_screened_is_left_out(ledger: Path, regimes: tuple[Regime, Regime]) -> None:
    run, results = screen_file(ledger, as_of=None, overrides={"hs_code": ""}, regimes=regimes)
    shipments = run.inputs[0].sheets[0]
    assert "hs_code" not in shipments.mapping
    assert "HS Code" in shipments.unmapped
    squid = next(r for r in results if r.reference == "SHP-001")
    assert "hs_code" not in squid.source.fields
    assert squid.source.cells[4] == "030743", "the cells as written are kept"
    # Still seafood from the DPRK, recognised from the description alone.
    assert squid.baseline.status == "prohibited"


def test_corrections() -> None:
    understood = {"reference": "Ref", "origin": "Origin", "hs_code": "HS"}
    chosen = {"reference": "Ref", "origin": "Made in", "description": "Goods"}
    assert corrections(understood, chosen, {"value": "Amount"}) == {
        "value": "Amount",
        "origin": "Made in",
        "description": "Goods",
        "hs_code": "",
    }
    assert corrections(understood, dict(understood), None) == {}


def test_garbage_collection_is_back_on_after_screening(ledger: Path, regimes: tuple[Regime, Regime]) -> None:
    assert gc.isenabled()
    screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():  # two workers at once (a cancelled one winding down)
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_remembered_mapping_is_applied_without_vetting_the_file_again(
    ledger: Path, regimes: tuple[Regime, Regime], monkeypatch: pytest.MonkeyPatch
) -> None:
    run, plain = screen_file(ledger, as_of=None, overrides=None, regimes=regimes)
    swapped = {"origin": "Destination", "destination": "Country of Origin"}
    remembered = {header_set_key(run_headers(run)): swapped}
    vetted: list[str] = []
    real = importer.check_input_file

    def counting(path: Any) -> Any:
        vetted.append(str(path))
        return real(path)

    monkeypatch.setattr(importer, "check_input_file", counting)
    run, results = screen_file(ledger, as_of=None, overrides=None, regimes=regimes, remembered=remembered)
    assert vetted == [str(ledger)], "opened and vetted once per screening"
    assert run.inputs[0].sheets[0].mapping["origin"] == "Destination"
    assert {r.reference: r for r in results}["SHP-001"].source.fields["origin"] == "China"
    # The same rows as a screening asked for with that mapping from the start.
    asked = start_run([ledger], rules_dir=rules_dir(), overrides=swapped, keep_cells=True).results()
    assert [r.as_json() for r in results] == [r.as_json() for r in asked]
    assert len(results) == len(plain)


def test_the_mapping_view_looks_for_examples_only_in_the_rows_the_importer_sampled(
    tmp_path: Path, regimes: tuple[Regime, Regime]
) -> None:
    path = tmp_path / "remarks.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(("Reference", "Shipment Date", "Country of Origin", "HS Code", "Remarks"))
        for i in range(EXAMPLE_ROWS * 5):
            out.writerow((f"R{i:05d}", "2019-03-01", "Viet Nam", "610910", ""))  # no remark anywhere
    run, results = screen_file(path, as_of=None, overrides=None, regimes=regimes)
    read: list[int] = []

    class Counting(Sequence[RowResult]):
        def __len__(self) -> int:
            return len(results)

        def __getitem__(self, i: Any) -> Any:
            read.append(i)
            return results[i]

    sheets = mapping_view(run, Counting())
    assert 0 < len(read) <= EXAMPLE_ROWS, "a column empty everywhere must not make every row be rebuilt"
    assert sheets[0].examples["HS Code"] == "610910"
    assert "Remarks" in sheets[0].headers
    assert "Remarks" not in sheets[0].examples
