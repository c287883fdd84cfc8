"""One decision on many alerts (the app's bulk decision): one transaction, all or none, each in the log."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from compliance.decisions import audit
from compliance.decisions.book import Alert, decide_many, list_decisions
from compliance.decisions.store import Store, StoreError
from compliance.decisions.subjects import Subject

SEAFOOD = Subject("seafood-export", "rule", "a" * 64, "2026.11.0")


def alert(n: int, subject: Subject = SEAFOOD) -> Alert:
    return Alert(f"{n:032x}", subject, "ledger.csv", "Shipments", n + 2, f"ref:S{n}")


def test_one_decision_on_many_alerts_is_recorded_for_each_with_its_audit_record(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        taken = decide_many(store, [alert(1), alert(2), alert(3)], "blocked", note="Stopped", officer="A. Officer")
        assert [d.location for d in taken] == ["ref:S1", "ref:S2", "ref:S3"]
        assert all((d.decision, d.note, d.officer) == ("blocked", "Stopped", "A. Officer") for d in taken)
        again = decide_many(store, [alert(2)], "cleared", note="Released", officer="B. Officer")
        assert again[0].replaces == taken[1].id
        assert [r.kind for r in audit.records(store)] == ["decision"] * 3 + ["decision changed"]
        assert audit.verify(store).holds
        assert {d.location: d.decision for d in list_decisions(store)} == {
            "ref:S1": "blocked", "ref:S2": "cleared", "ref:S3": "blocked"}  # fmt: skip


def test_a_bulk_decision_that_fails_part_way_records_nothing(tmp_path: Path) -> None:
    unknown_kind = Subject("seafood-export", "other", "a" * 64, "1")  # type: ignore[arg-type]  # refused by the schema
    with Store.open(tmp_path / "store.sqlite3") as store:
        with pytest.raises(sqlite3.IntegrityError):
            decide_many(store, [alert(1), alert(2), alert(3, unknown_kind)], "cleared", note="n", officer="o")
        assert list_decisions(store) == []
        assert list(audit.records(store)) == []
        assert audit.verify(store).holds


def test_a_bulk_decision_is_checked_before_anything_is_written(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        with pytest.raises(StoreError, match="note"):
            decide_many(store, [alert(1), alert(2)], "cleared", note=" ", officer="A. Officer")
        with pytest.raises(StoreError, match="exemption"):
            decide_many(store, [alert(1)], "cleared", note="n", officer="o", valid_until=dt.date(2030, 1, 1))
        assert list_decisions(store) == []
