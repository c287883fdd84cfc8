"""The audit log: what a screening run records, and hash-chain verification catching an edited, a
deleted and an inserted record."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from pathlib import Path

import pytest

from compliance.decisions import audit
from compliance.decisions.store import Store, default_path
from tests.decisions_support import SQUID, cli, ledger, row, screen_json


@pytest.fixture(autouse=True)
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "store"
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def three_records(tmp_path: Path) -> Path:
    """A store holding a screening, a decision and a second screening; its path."""
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID)), "--officer", "A. Officer")
    code, _ = cli(
        "decide", row(first, "S1")["fingerprint"], "--rule", "seafood-export", "--decision", "blocked",
        "--note", "Held at the port", "--officer", "A. Officer",
    )  # fmt: skip
    assert code == 0
    screen_json(tmp_path, str(tmp_path / "ledger.csv"))
    return default_path()


def raw(path: Path) -> sqlite3.Connection:
    """A connection outside the application, with the append-only triggers removed (a tamperer's)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_append_only_update")
    conn.execute("DROP TRIGGER audit_append_only_delete")
    return conn


def test_a_screening_run_records_what_an_auditor_needs(tmp_path: Path, three_records: Path) -> None:
    with Store.open() as store:
        first = audit.get(store, 1)
    assert first is not None and first.kind == "screening" and first.officer == "A. Officer"
    assert first.machine_user
    payload = first.payload
    (source,) = payload["inputs"]
    digest = hashlib.sha256((tmp_path / "ledger.csv").read_bytes()).hexdigest()
    assert source["name"] == "ledger.csv" and source["sha256"] == digest and source["sheets"][0]["rows"] == 1
    assert [r["id"] for r in payload["regimes"]] == ["in-force", "draft-2019"]
    assert all(len(r["sha256"]) == 64 and r["version"] for r in payload["regimes"])
    assert payload["counts"]["current"]["prohibited"] == 1 and payload["as_of"] is None
    assert payload["outcome"] == "completed" and payload["designation_lists"] == []


def test_verify_holds_on_an_untouched_log(three_records: Path) -> None:
    code, printed = cli("audit", "verify")
    assert code == 0 and "3 records" in printed


def test_the_log_refuses_updates_and_deletes(three_records: Path) -> None:
    conn = sqlite3.connect(three_records, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET officer = 'X' WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE id = 2")
    conn.close()


def test_verify_names_an_edited_record(three_records: Path) -> None:
    conn = raw(three_records)
    conn.execute("UPDATE audit SET payload = replace(payload, 'Held at the port', 'Released') WHERE id = 2")
    conn.close()
    code, printed = cli("audit", "verify")
    assert code == 1
    assert "broken at record 2" in printed and "was changed" in printed


def test_verify_names_the_record_after_a_deleted_one(three_records: Path) -> None:
    conn = raw(three_records)
    conn.execute("DELETE FROM audit WHERE id = 2")
    conn.close()
    code, printed = cli("audit", "verify")
    assert code == 1 and "broken at record 3" in printed and "previous record's hash" in printed


def test_verify_notices_the_last_records_deleted(three_records: Path) -> None:
    conn = raw(three_records)
    conn.execute("DELETE FROM audit WHERE id = 3")
    conn.close()
    code, printed = cli("audit", "verify")
    assert code == 1 and "broken at record 3" in printed and "last records were deleted" in printed


def test_verify_names_the_record_after_an_inserted_one(three_records: Path) -> None:
    conn = raw(three_records)
    rows = conn.execute("SELECT * FROM audit WHERE id >= 2 ORDER BY id").fetchall()
    conn.execute("DELETE FROM audit WHERE id >= 2")
    previous = conn.execute("SELECT hash FROM audit WHERE id = 1").fetchone()[0]
    # A forged record chained correctly to record 1, then the originals moved up one place.
    forged = ("2026-01-01T00:00:00+00:00", "decision", "Mallory", "mallory", '{"decision":"cleared"}')
    digest = audit.record_hash(previous, 2, *forged)
    conn.execute("INSERT INTO audit VALUES (2, ?, ?, ?, ?, ?, ?, ?)", (*forged, previous, digest))
    for original in rows:
        conn.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (original[0] + 1, *original[1:]))
    conn.close()
    code, printed = cli("audit", "verify")
    assert code == 1 and "broken at record 3" in printed


def test_audit_show_and_export(tmp_path: Path, three_records: Path) -> None:
    code, shown = cli("audit", "show", "2")
    assert code == 0 and '"decision": "blocked"' in shown and "previous hash" in shown
    code, _ = cli("audit", "show", "99")
    assert code == 2
    code, _ = cli("audit", "export", str(tmp_path / "audit.csv"))
    assert code == 0
    with (tmp_path / "audit.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [r["kind"] for r in records] == ["screening", "decision", "screening"]
    assert records[1]["prev_hash"] == records[0]["hash"]


def test_a_failed_run_is_recorded_too(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a workbook")
    code, _ = cli("screen", str(broken))
    assert code == 2
    with Store.open() as store:
        (entry,) = list(audit.records(store))
    assert entry.kind == "screening" and entry.payload["outcome"].startswith("failed: ")
    assert entry.payload["inputs"][0]["name"] == "broken.xlsx"


def test_a_settings_change_is_recorded() -> None:
    with Store.open() as store:
        audit.record(store, "settings", "A. Officer", {"setting": "match_threshold", "before": 96, "after": 92})
        (entry,) = list(audit.records(store))
        assert entry.payload["after"] == 92 and audit.verify(store).holds
