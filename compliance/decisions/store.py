"""The decisions store: one SQLite file holding decisions, screening runs and the audit log.

WAL mode (readers never wait for a writer), foreign keys on, a schema version with forward
migrations, and every write inside `write()`, one `BEGIN IMMEDIATE` transaction: two app windows and a
command-line run at once take turns rather than interleave, and a process killed mid-write leaves the
last committed state (SQLite rolls the torn transaction back when the file is next opened).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from compliance.model.errors import ComplianceError
from compliance.paths import data_dir

FILE_NAME = "sanctions-desk.sqlite3"
BUSY_TIMEOUT_SECONDS = 30.0
"""How long a writer waits for another (a long screening's final write takes well under this)."""

MIGRATIONS: tuple[str, ...] = (
    # 1: the audit log (append-only: triggers refuse UPDATE and DELETE), decisions and screening runs.
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        officer TEXT NOT NULL,
        machine_user TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
    );
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        subject TEXT NOT NULL,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('rule', 'listing')),
        subject_hash TEXT NOT NULL,
        subject_version TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('cleared', 'blocked', 'escalated')),
        note TEXT NOT NULL,
        officer TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        exemption TEXT,
        valid_until TEXT,
        replaces INTEGER REFERENCES decisions(id),
        audit_id INTEGER NOT NULL REFERENCES audit(id)
    );
    CREATE INDEX decisions_by_row ON decisions (fingerprint, subject, id);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        officer TEXT NOT NULL,
        machine_user TEXT NOT NULL,
        outcome TEXT NOT NULL,
        audit_id INTEGER NOT NULL REFERENCES audit(id)
    );
    """,
    # 2: where a decided row stood (so a changed row can say what changed), and each ledger's last
    # screening (its rows and alerts), for "new since the last screening" and for `decide`.
    """
    ALTER TABLE decisions ADD COLUMN ledger TEXT NOT NULL DEFAULT '';
    ALTER TABLE decisions ADD COLUMN sheet TEXT NOT NULL DEFAULT '';
    ALTER TABLE decisions ADD COLUMN location TEXT NOT NULL DEFAULT '';
    ALTER TABLE decisions ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX decisions_by_place ON decisions (ledger, sheet, location, subject, id);
    CREATE TABLE ledgers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        last_run INTEGER NOT NULL REFERENCES runs(id),
        screened_at TEXT NOT NULL
    );
    CREATE TABLE ledger_rows (
        ledger INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        PRIMARY KEY (ledger, fingerprint)
    ) WITHOUT ROWID;
    CREATE TABLE alerts (
        ledger INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        subject TEXT NOT NULL,
        subject_kind TEXT NOT NULL,
        subject_hash TEXT NOT NULL,
        subject_version TEXT NOT NULL,
        status TEXT NOT NULL,
        sheet TEXT NOT NULL,
        row INTEGER NOT NULL,
        location TEXT NOT NULL,
        fields TEXT NOT NULL,
        PRIMARY KEY (ledger, fingerprint, subject)
    ) WITHOUT ROWID;
    CREATE INDEX alerts_by_row ON alerts (fingerprint, subject);
    """,
    # 3: the chain's head (its length and last hash), so that deleting the log's last records shows too.
    """
    CREATE TABLE chain_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        records INTEGER NOT NULL,
        hash TEXT NOT NULL
    );
    INSERT INTO chain_head (id, records, hash)
        SELECT 1, count(*), coalesce(
            (SELECT hash FROM audit ORDER BY id DESC LIMIT 1),
            '0000000000000000000000000000000000000000000000000000000000000000'
        ) FROM audit;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(ComplianceError):
    """The decisions store cannot be opened, read or written."""


def default_path() -> Path:
    """Where the store lives by default."""
    return data_dir() / FILE_NAME


class Store:
    """An open store. Use `write()` for every change; reads may go straight to `conn`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path | None = None, *, upgrade_to: int = SCHEMA_VERSION) -> Store:
        """Open (creating when missing) and migrate the store; a StoreError names the file on failure."""
        target = Path(path) if path is not None else default_path()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the decisions store: {exc}", path=str(target)) from None
        store = cls(conn, target)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=FULL")
            store._migrate(upgrade_to)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"cannot open the decisions store: {exc}", path=str(target)) from None
        except StoreError:
            conn.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection (committed work is already on disk)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version the file is at."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so that what it reads stays true until it commits."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"the decisions store is busy or unwritable: {exc}", path=str(self.path)) from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot write the decisions store: {exc}", path=str(self.path)) from None

    def _migrate(self, upgrade_to: int) -> None:
        with self.write() as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the decisions store is at schema version {version}, made by a newer Sanctions Desk "
                    f"(this one knows up to {SCHEMA_VERSION})",
                    path=str(self.path),
                )
            for number in range(version + 1, upgrade_to + 1):
                for statement in _statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")


def _statements(script: str) -> list[str]:
    """A migration's statements (executescript would commit the open transaction)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s]
