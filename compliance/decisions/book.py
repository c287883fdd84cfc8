"""Decisions: recording one (and its audit record), finding the one that answers an alert, listing them.

A decision is keyed to the row's fingerprint and to its subject (a rule id or a listing reference).
A later decision on the same key replaces the earlier one, which stays in the store and the log.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import orjson

from compliance.decisions import audit
from compliance.decisions.store import Store, StoreError
from compliance.decisions.subjects import Subject

DecisionKind = Literal["cleared", "blocked", "escalated"]
DECISIONS: Final[tuple[str, ...]] = ("cleared", "blocked", "escalated")


@dataclass(frozen=True, slots=True)
class Alert:
    """A review or prohibited hit on a row, as screened: what a decision answers and where the row stood."""

    fingerprint: str
    subject: Subject
    ledger: str
    sheet: str
    row: int
    location: str
    """'ref:<reference>', or 'row:<n>' for a row without a reference."""
    fields: dict[str, str] = field(default_factory=dict)
    """The row's normalised screened fields, so a changed row can say which cell changed."""
    status: str = "review"


@dataclass(frozen=True, slots=True)
class Decision:
    """An officer's decision on an alert."""

    id: int
    fingerprint: str
    subject: str
    subject_kind: str
    subject_hash: str
    subject_version: str
    decision: str
    note: str
    officer: str
    decided_at: str
    exemption: str | None
    valid_until: dt.date | None
    ledger: str
    sheet: str
    location: str
    fields: dict[str, str]
    replaces: int | None = None

    @property
    def day(self) -> str:
        """The date it was taken."""
        return self.decided_at[:10]

    def label(self) -> str:
        """'cleared by A. Officer on 2026-12-05'."""
        return f"{self.decision} by {self.officer} on {self.day}"

    def as_json(self) -> dict[str, Any]:
        """The decision as the screening JSON gives it."""
        out: dict[str, Any] = {
            "id": self.id,
            "decision": self.decision,
            "officer": self.officer,
            "at": self.decided_at,
            "note": self.note,
        }
        if self.exemption:
            out["exemption"] = self.exemption
        if self.valid_until:
            out["valid_until"] = self.valid_until.isoformat()
        return out


_COLUMNS = (
    "id, fingerprint, subject, subject_kind, subject_hash, subject_version, decision, note, officer, decided_at, "
    "exemption, valid_until, ledger, sheet, location, fields, replaces"
)


def _decision(row: tuple[Any, ...]) -> Decision:
    values = list(row)
    values[11] = dt.date.fromisoformat(values[11]) if values[11] else None
    values[15] = orjson.loads(values[15]) if values[15] else {}
    return Decision(*values)


def decide(
    store: Store,
    alert: Alert,
    decision: str,
    *,
    note: str,
    officer: str,
    exemption: str | None = None,
    valid_until: dt.date | None = None,
) -> Decision:
    """Record a decision on an alert, with its audit record, in one transaction; returns it."""
    return decide_many(
        store, [alert], decision, note=note, officer=officer, exemption=exemption, valid_until=valid_until
    )[0]


def decide_many(
    store: Store,
    alerts: list[Alert],
    decision: str,
    *,
    note: str,
    officer: str,
    exemption: str | None = None,
    valid_until: dt.date | None = None,
) -> list[Decision]:
    """Record one decision on several alerts (each with its audit record) in one transaction: all or none."""
    if decision not in DECISIONS:
        raise StoreError(f"'{decision}' is not a decision: use cleared, blocked or escalated")
    if not note.strip() or not officer.strip():
        raise StoreError("a decision needs a note and the officer's name")
    if valid_until is not None and not exemption:
        raise StoreError("a validity date belongs to a claimed exemption: give its reference too")
    with store.write() as conn:
        return [_decide_in(conn, alert, decision, note, officer, exemption, valid_until) for alert in alerts]


def _decide_in(
    conn: sqlite3.Connection,
    alert: Alert,
    decision: str,
    note: str,
    officer: str,
    exemption: str | None,
    valid_until: dt.date | None,
) -> Decision:
    """Write one decision and its audit record inside the caller's transaction."""
    previous = _latest(conn, alert.fingerprint, alert.subject.key)
    payload: dict[str, Any] = {
        "fingerprint": alert.fingerprint,
        "subject": alert.subject.key,
        "subject_kind": alert.subject.kind,
        "subject_hash": alert.subject.hash,
        "subject_version": alert.subject.version,
        "decision": decision,
        "note": note,
        "exemption": exemption,
        "valid_until": valid_until.isoformat() if valid_until else None,
        "ledger": alert.ledger,
        "sheet": alert.sheet,
        "row": alert.row,
    }
    if previous is not None:
        payload["replaces"] = {"id": previous.id, "decision": previous.decision, "officer": previous.officer}
    audit_id = audit.append(conn, "decision changed" if previous else "decision", officer, payload)
    at = audit.get_at(conn, audit_id)
    cursor = conn.execute(
        f"INSERT INTO decisions ({_COLUMNS}, audit_id) VALUES ({', '.join('?' * 18)})",
        (
            None,
            alert.fingerprint,
            alert.subject.key,
            alert.subject.kind,
            alert.subject.hash,
            alert.subject.version,
            decision,
            note,
            officer,
            at,
            exemption,
            valid_until.isoformat() if valid_until else None,
            alert.ledger,
            alert.sheet,
            alert.location,
            orjson.dumps(alert.fields).decode(),
            previous.id if previous else None,
            audit_id,
        ),
    )
    new_id = int(cursor.lastrowid or 0)
    found = _by_id(conn, new_id)
    assert found is not None, "the decision was just written"
    return found


def _by_id(conn: sqlite3.Connection, decision_id: int) -> Decision | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM decisions WHERE id = ?", (decision_id,)).fetchone()
    return _decision(row) if row else None


def _latest(conn: sqlite3.Connection, fingerprint: str, subject: str) -> Decision | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM decisions WHERE fingerprint = ? AND subject = ? ORDER BY id DESC LIMIT 1",
        (fingerprint, subject),
    ).fetchone()
    return _decision(row) if row else None


def latest_decision(store: Store, fingerprint: str, subject: str) -> Decision | None:
    """The decision in force on a row's alert (the latest taken), or None."""
    return _latest(store.conn, fingerprint, subject)


def decision_at_place(store: Store, ledger: str, sheet: str, location: str, subject: str) -> Decision | None:
    """The latest decision taken on the row that stood at this place (for a row whose content changed)."""
    row = store.conn.execute(
        f"SELECT {_COLUMNS} FROM decisions WHERE ledger = ? AND sheet = ? AND location = ? AND subject = ? "
        "ORDER BY id DESC LIMIT 1",
        (ledger, sheet, location, subject),
    ).fetchone()
    return _decision(row) if row else None


def find_alert(store: Store, fingerprint: str, subject: str) -> Alert | None:
    """The alert a screening last recorded for this row and subject (in any ledger), or None."""
    row = store.conn.execute(
        "SELECT a.fingerprint, a.subject, a.subject_kind, a.subject_hash, a.subject_version, l.name, a.sheet, "
        "a.row, a.location, a.fields, a.status FROM alerts a JOIN ledgers l ON l.id = a.ledger "
        "WHERE a.fingerprint = ? AND a.subject = ? ORDER BY l.last_run DESC LIMIT 1",
        (fingerprint, subject),
    ).fetchone()
    if row is None:
        return None
    subject_of = Subject(row[1], row[2], row[3], row[4])
    return Alert(row[0], subject_of, row[5], row[6], row[7], row[8], orjson.loads(row[9]), row[10])


def list_decisions(store: Store, status: str | None = None, *, current_only: bool = True) -> list[Decision]:
    """Decisions, newest first; by default only those not replaced by a later one; optionally one kind."""
    where, params = [], []
    if current_only:
        where.append("NOT EXISTS (SELECT 1 FROM decisions later WHERE later.replaces = decisions.id)")
    if status:
        where.append("decision = ?")
        params.append(status)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM decisions{clause} ORDER BY id DESC", params)
    return [_decision(r) for r in rows]


EXPORT_HEADERS: Final = (
    "id", "decision", "officer", "decided at", "note", "exemption", "valid until", "ledger", "sheet",
    "row or reference", "fingerprint", "rule or listing", "rule or list version", "subject hash", "replaces",
)  # fmt: skip


def export_row(d: Decision) -> list[Any]:
    """One decision as a row of the CSV and Excel exports (same columns as EXPORT_HEADERS)."""
    return [
        d.id, d.decision, d.officer, d.decided_at, d.note, d.exemption or "",
        d.valid_until.isoformat() if d.valid_until else "", d.ledger, d.sheet, d.location.partition(":")[2],
        d.fingerprint, d.subject, d.subject_version, d.subject_hash, d.replaces or "",
    ]  # fmt: skip
