"""The store under stress: two writers at once, a writer killed mid-batch, migration from an older schema."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from compliance.decisions import audit
from compliance.decisions.book import Alert, decide, list_decisions
from compliance.decisions.store import SCHEMA_VERSION, Store, StoreError
from compliance.decisions.subjects import Subject

ROOT = Path(__file__).parent.parent

# A process that records decisions one after another and prints each id once it is committed.
WRITER = textwrap.dedent(
    """
    import sys
    from compliance.decisions.book import Alert, decide
    from compliance.decisions.store import Store
    from compliance.decisions.subjects import Subject

    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store.open(path)
    subject = Subject("seafood-export", "rule", "a" * 64, "2026.11.0")
    for i in range(count):
        alert = Alert(f"{name}-{i:08d}", subject, "ledger.csv", "Shipments", i + 2, f"row:{i + 2}")
        taken = decide(store, alert, "cleared", note=f"note {i}", officer=name)
        print(taken.id, flush=True)
    """
)


def writer(path: Path, name: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def an_alert(fingerprint: str = "f" * 32) -> Alert:
    return Alert(fingerprint, Subject("seafood-export", "rule", "a" * 64, "1"), "ledger.csv", "Shipments", 5, "ref:S1")


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store.open(path).close()
    first, second = writer(path, "alpha", 40), writer(path, "bravo", 40)
    out_first, _ = first.communicate(timeout=120)
    out_second, _ = second.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0
    ids = [int(x) for x in (out_first + out_second).split()]
    assert len(ids) == len(set(ids)) == 80
    with Store.open(path) as store:
        assert {d.id for d in list_decisions(store)} == set(ids)
        check = audit.verify(store)
        assert check.holds and check.records == 80


def test_a_writer_killed_mid_batch_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store.open(path).close()
    process = writer(path, "killed", 100_000)
    assert process.stdout is not None
    committed = [int(process.stdout.readline()) for _ in range(25)]
    process.send_signal(signal.SIGKILL)
    rest = process.stdout.read()
    process.wait(timeout=30)
    committed += [int(x) for x in rest.split()]
    assert process.returncode == -signal.SIGKILL
    assert len(committed) < 100_000  # killed mid-batch

    with Store.open(path) as store:  # opens cleanly: the torn transaction, if any, is rolled back
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {d.id for d in list_decisions(store)}
        assert set(committed) <= stored
        assert len(stored) - len(committed) <= 1  # at most the one committed as the signal arrived
        assert audit.verify(store).holds
        decide(store, an_alert(), "blocked", note="after the crash", officer="A. Officer")  # still writable


def test_migration_from_the_first_schema_keeps_every_record(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with Store.open(path, upgrade_to=1) as old:
        assert old.schema_version == 1
        with old.write() as conn:  # as the first schema's program wrote them: no chain head yet
            record = ("2026-01-01T00:00:00+00:00", "decision", "A. Officer", "officer", '{"decision":"cleared"}')
            digest = audit.record_hash(audit.GENESIS, 1, *record)
            conn.execute("INSERT INTO audit VALUES (1, ?, ?, ?, ?, ?, ?, ?)", (*record, audit.GENESIS, digest))
            audit_id = 1
            conn.execute(
                "INSERT INTO decisions (fingerprint, subject, subject_kind, subject_hash, subject_version, decision, "
                "note, officer, decided_at, audit_id) VALUES (?, ?, 'rule', ?, '1', 'cleared', 'n', 'A. Officer', "
                "'2026-01-01T00:00:00+00:00', ?)",
                ("f" * 32, "seafood-export", "a" * 64, audit_id),
            )
        columns = {r[1] for r in old.conn.execute("PRAGMA table_info(decisions)")}
        assert "location" not in columns

    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        (kept,) = list_decisions(store)
        assert kept.decision == "cleared" and kept.location == "" and kept.fields == {}
        assert audit.verify(store).holds
        later = decide(store, an_alert(), "escalated", note="second look", officer="B. Reviewer")
        assert later.replaces == kept.id and later.location == "ref:S1"
        assert audit.verify(store).records == 2


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="made by a newer Sanctions Desk"):
        Store.open(path)


def test_the_store_is_in_wal_mode_with_foreign_keys_on(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
            conn.execute("INSERT INTO runs (at, officer, machine_user, outcome, audit_id) VALUES ('t','o','u','x',999)")
        assert store.conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 0  # rolled back


def test_a_decision_needs_a_note_and_an_officer(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        with pytest.raises(StoreError, match="note"):
            decide(store, an_alert(), "cleared", note=" ", officer="A. Officer")
        with pytest.raises(StoreError, match="validity date"):
            decide(store, an_alert(), "cleared", note="n", officer="o", valid_until=dt.date(2027, 1, 1))
        assert list_decisions(store) == [] and audit.verify(store).records == 0


def test_the_data_folder_can_be_chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from compliance.decisions.store import default_path

    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(tmp_path / "team-share"))
    assert default_path() == tmp_path / "team-share" / "sanctions-desk.sqlite3"
