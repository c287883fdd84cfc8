"""The audit log: append-only records, each carrying the hash of the one before it.

A record's hash is the SHA-256 of the previous record's hash and the record's own content (its id,
time, kind, officer, machine user and payload as canonical JSON). Editing a record breaks its own
hash; deleting one or slipping one in breaks the link of the record after it; `verify` walks the
chain from the first record and names the first broken link. The store's triggers refuse UPDATE and
DELETE on the log, so breaking it takes deliberate work outside the application.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from compliance.decisions.store import Store
from compliance.outputs.atomic import atomic_write

GENESIS = "0" * 64
"""The 'previous hash' of the first record."""


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One record of the log."""

    id: int
    at: str
    kind: str
    officer: str
    machine_user: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def summary(self) -> str:
        """One line for `audit list`."""
        return f"{self.id:>6}  {self.at}  {self.kind:<18} {self.officer or '-'} ({self.machine_user})"


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """What `verify` found: the number of records, and the first broken one (None when the chain holds)."""

    records: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def holds(self) -> bool:
        """True when every link holds."""
        return self.broken_at is None


def machine_user() -> str:
    """The operating-system account running the program."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no account name (a container without a passwd entry)
        return "unknown"


def now() -> str:
    """The current time as the log writes it (local time with its offset, to the second)."""
    return dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


def record_hash(prev_hash: str, record_id: int, at: str, kind: str, officer: str, user: str, payload: str) -> str:
    """The hash that chains a record to the one before it."""
    content = orjson.dumps([record_id, at, kind, officer, user, payload])
    return hashlib.sha256(prev_hash.encode() + b"\n" + content).hexdigest()


def append(conn: sqlite3.Connection, kind: str, officer: str, payload: dict[str, Any]) -> int:
    """Append a record inside the caller's write transaction; returns its id."""
    last = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    record_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at, user = now(), machine_user()
    text = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS).decode()
    digest = record_hash(prev, record_id, at, kind, officer, user, text)
    conn.execute(
        "INSERT INTO audit (id, at, kind, officer, machine_user, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)",
        (record_id, at, kind, officer, user, text, prev, digest),
    )
    conn.execute("UPDATE chain_head SET records = ?, hash = ? WHERE id = 1", (record_id, digest))
    return record_id


def record(store: Store, kind: str, officer: str, payload: dict[str, Any]) -> int:
    """Append one record in its own transaction (a change of settings, say); returns its id."""
    with store.write() as conn:
        return append(conn, kind, officer, payload)


def records(store: Store) -> Iterator[AuditRecord]:
    """Every record, oldest first."""
    for row in store.conn.execute(
        "SELECT id, at, kind, officer, machine_user, payload, prev_hash, hash FROM audit ORDER BY id"
    ):
        yield _record(row)


def get(store: Store, record_id: int) -> AuditRecord | None:
    """One record by id, or None."""
    row = store.conn.execute(
        "SELECT id, at, kind, officer, machine_user, payload, prev_hash, hash FROM audit WHERE id = ?", (record_id,)
    ).fetchone()
    return _record(row) if row else None


def _record(row: tuple[Any, ...]) -> AuditRecord:
    try:
        payload = orjson.loads(row[5])
    except orjson.JSONDecodeError:
        payload = {"unreadable": row[5]}
    return AuditRecord(row[0], row[1], row[2], row[3], row[4], payload, row[6], row[7])


def verify(store: Store) -> ChainCheck:
    """Walk the chain from the first record; the first record whose link or content does not hold is named."""
    prev = GENESIS
    count = 0
    query = "SELECT id, at, kind, officer, machine_user, payload, prev_hash, hash FROM audit ORDER BY id"
    for record_id, at, kind, officer, user, payload, prev_hash, digest in store.conn.execute(query):
        count += 1
        if prev_hash != prev:
            return ChainCheck(
                count,
                record_id,
                "it does not carry the previous record's hash (a record before it was deleted, inserted or changed)",
            )
        if record_hash(prev_hash, record_id, at, kind, officer, user, payload) != digest:
            return ChainCheck(count, record_id, "its content does not match its hash (the record was changed)")
        prev = digest
    head = store.conn.execute("SELECT records, hash FROM chain_head WHERE id = 1").fetchone()
    if head is not None and (head[0], head[1]) != (count, prev):
        return ChainCheck(
            count,
            count + 1,
            f"it is missing: the log ends at record {count} but was last written at record {head[0]} "
            "(its last records were deleted)",
        )
    return ChainCheck(count)


EXPORT_COLUMNS = ("id", "at", "kind", "officer", "machine_user", "payload", "prev_hash", "hash")


def export_csv(store: Store, path: str | Path) -> int:
    """Write the whole log as CSV (atomically); returns the number of records."""
    count = 0
    with atomic_write(path) as out:
        text = _TextOut(out)
        writer = csv.writer(text)
        writer.writerow(EXPORT_COLUMNS)
        for row in store.conn.execute(f"SELECT {', '.join(EXPORT_COLUMNS)} FROM audit ORDER BY id"):
            writer.writerow(row)
            count += 1
    return count


class _TextOut:
    """The csv module writes text; the atomic file takes bytes."""

    def __init__(self, out: Any) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return int(self._out.write(text.encode("utf-8")))


def get_at(conn: sqlite3.Connection, record_id: int) -> str:
    """The time written on a record (a decision takes its time from its audit record)."""
    return str(conn.execute("SELECT at FROM audit WHERE id = ?", (record_id,)).fetchone()[0])
