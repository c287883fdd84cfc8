"""A screening run seen through the store: decisions re-applied to each row, what is new, the run recorded.

`RunRecorder.annotate(result)` is called once per row as results stream: it computes the row's
fingerprint, finds the decision on each alert (or says why the one taken no longer applies) and
notes whether the row and its alerts were there at the ledger's last screening. `finish()` writes the
run in one transaction: its audit record, the ledger's rows and alerts (the next run's "last time").
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from compliance.decisions import audit
from compliance.decisions.book import Decision, decision_at_place, latest_decision
from compliance.decisions.fingerprint import normalised_fields, row_fingerprint
from compliance.decisions.store import Store
from compliance.decisions.subjects import Subject, SubjectIndex, hit_key
from compliance.model.results import Hit, RowResult
from compliance.model.status import Status
from compliance.normalise.dates import parse_date

_FLUSH_EVERY = 5000
MAX_CHANGES_NAMED = 3


@dataclass(frozen=True, slots=True)
class HitDecision:
    """A decision beside one alert: the one that applies, or the one that lapsed and why."""

    subject: Subject
    decision: Decision | None = None
    lapsed: Decision | None = None
    lapsed_reason: str = ""
    new: bool = False
    """True when the alert was not raised at the ledger's last screening."""

    def lapsed_json(self) -> dict[str, Any] | None:
        """`decision_lapsed` in the JSON: the reason and the decision that no longer applies."""
        if self.lapsed is None:
            return None
        return {"reason": self.lapsed_reason, "decision": self.lapsed.as_json()}


@dataclass(frozen=True, slots=True)
class RowDecisions:
    """A row's fingerprint, whether it is new since the last screening, and the decision on each alert."""

    fingerprint: str
    new: bool | None
    """None when the ledger was never screened before."""
    hits: dict[tuple[str, str], HitDecision] = field(default_factory=dict)

    def for_hit(self, hit: Hit) -> HitDecision | None:
        """The decision beside a hit (None for a permitted hit, which asks for none)."""
        return self.hits.get(hit_key(hit))

    @property
    def undecided(self) -> bool:
        """True when an alert of the row has no decision that applies."""
        return any(h.decision is None for h in self.hits.values())

    def label(self) -> str:
        """'cleared by A. Officer on 2026-12-05', 'undecided', or '' for a row with no alert."""
        if not self.hits:
            return ""
        taken = [h.decision for h in self.hits.values() if h.decision is not None]
        if len(taken) < len(self.hits):
            return "undecided"
        worst = max(taken, key=lambda d: ("cleared", "escalated", "blocked").index(d.decision))
        return worst.label()


@dataclass(slots=True)
class LedgerNews:
    """What is new in one ledger since its last screening."""

    name: str
    previous_run: int | None
    previous_at: str | None
    rows: int = 0
    new_rows: int = 0
    new_alerts: int = 0

    def as_json(self) -> dict[str, Any]:
        """The ledger's entry under `since_last_screening` in the JSON."""
        return {
            "ledger": self.name,
            "previous_run": self.previous_run,
            "previous_screening": self.previous_at,
            "new_rows": self.new_rows if self.previous_run is not None else None,
            "new_alerts": self.new_alerts if self.previous_run is not None else None,
        }

    def line(self) -> str:
        """The summary's line."""
        if self.previous_run is None:
            return f"{self.name}: first screening of this ledger."
        return (
            f"{self.name}: {self.new_rows} rows and {self.new_alerts} alerts new since the screening of "
            f"{self.previous_at} (run {self.previous_run})."
        )


@dataclass(slots=True)
class DecisionCounts:
    """Rows by decision state, counted as rows stream by."""

    alerted: int = 0
    undecided: int = 0
    decided: int = 0
    lapsed: int = 0
    """Alerts whose decision no longer applies."""

    def as_json(self) -> dict[str, int]:
        """The counts as the JSON gives them."""
        return {"alerted": self.alerted, "undecided": self.undecided, "decided": self.decided, "lapsed": self.lapsed}


@functools.lru_cache(maxsize=256)
def ledger_name(input_name: str) -> str:
    """A ledger's identity: its file name (the same ledger saved again keeps it, wherever it is)."""
    return Path(input_name).name


def location_of(result: RowResult) -> str:
    """Where a row stands in its sheet: its reference when it has one, else its row number."""
    return f"ref:{result.reference}" if result.reference else f"row:{result.source.row}"


def row_date(result: RowResult, as_of: dt.date | None) -> dt.date:
    """The date a claimed exemption must cover: the as-of date, else the row's own, else today."""
    if as_of is not None:
        return as_of
    raw = result.source.fields.get("date")
    if raw is not None:
        parsed = parse_date(raw, result.source.date_order).value
        if parsed is not None:
            return parsed
    return dt.date.today()


def changed_fields(before: dict[str, str], after: dict[str, str]) -> str:
    """'consignee: 'a' -> 'b'; hs code: added '0303'' for the first few fields that differ."""
    changes = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if old is None:
            changes.append(f"{name} added '{new}'")
        elif new is None:
            changes.append(f"{name} removed (was '{old}')")
        else:
            changes.append(f"{name} '{old}' -> '{new}'")
    more = len(changes) - MAX_CHANGES_NAMED
    return "; ".join(changes[:MAX_CHANGES_NAMED]) + (f"; and {more} more" if more > 0 else "")


def lapse_reason(decision: Decision, subject: Subject, on: dt.date) -> str | None:
    """Why a decision taken on this row no longer applies to this alert, or None when it does."""
    if decision.subject_hash != subject.hash:
        if subject.kind == "listing":
            return (
                f"the list entry {subject.key} changed since the decision (list of {decision.subject_version} "
                f"-> {subject.version})"
            )
        return (
            f"the measure {subject.key} changed since the decision (rule pack {decision.subject_version} "
            f"-> {subject.version})"
        )
    if decision.valid_until is not None and on > decision.valid_until:
        return f"the exemption {decision.exemption} expired on {decision.valid_until.isoformat()} (row judged at {on})"
    return None


class RunRecorder:
    """Re-applies decisions to a run's rows and records the run in the store."""

    def __init__(self, store: Store, subjects: SubjectIndex, as_of: dt.date | None = None) -> None:
        self.store = store
        self.subjects = subjects
        self.as_of = as_of
        self.counts = DecisionCounts()
        self.ledgers: dict[str, LedgerNews] = {}
        self._ledger_ids: dict[str, int | None] = {}
        self._last: tuple[RowResult, RowDecisions] | None = None
        self._rows: list[tuple[str, str]] = []
        self._alerts: list[tuple[Any, ...]] = []
        conn = store.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS run_rows (ledger TEXT, fingerprint TEXT)")
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS run_alerts (ledger TEXT, fingerprint TEXT, subject TEXT, "
            "subject_kind TEXT, subject_hash TEXT, subject_version TEXT, status TEXT, sheet TEXT, row INTEGER, "
            "location TEXT, fields TEXT, PRIMARY KEY (ledger, fingerprint, subject))"
        )
        conn.execute("DELETE FROM temp.run_rows")
        conn.execute("DELETE FROM temp.run_alerts")
        # One read transaction for the whole run: every row's look-ups see one snapshot of the store, and
        # none pays for opening a transaction of its own (most of a look-up's cost). Writers are not held up
        # (WAL); only temporary tables are written until finish().
        conn.execute("BEGIN")

    def _news(self, name: str) -> LedgerNews:
        news = self.ledgers.get(name)
        if news is None:
            found = self.store.conn.execute(
                "SELECT id, last_run, screened_at FROM ledgers WHERE name = ?", (name,)
            ).fetchone()
            self._ledger_ids[name] = found[0] if found else None
            news = LedgerNews(name, found[1] if found else None, found[2] if found else None)
            self.ledgers[name] = news
        return news

    def _seen_before(self, name: str, fingerprint: str, subject: str | None = None) -> bool:
        ledger = self._ledger_ids.get(name)
        if ledger is None:
            return False
        if subject is None:
            query, params = "SELECT 1 FROM ledger_rows WHERE ledger = ? AND fingerprint = ?", (ledger, fingerprint)
        else:
            query = "SELECT 1 FROM alerts WHERE ledger = ? AND fingerprint = ? AND subject = ?"
            params = (ledger, fingerprint, subject)  # type: ignore[assignment]
        return self.store.conn.execute(query, params).fetchone() is not None

    def annotate(self, result: RowResult) -> RowDecisions:
        """The row's fingerprint, novelty and decisions; remembered for this run's record."""
        fingerprint = row_fingerprint(result.source.fields)
        name = ledger_name(result.source.input)
        news = self._news(name)
        news.rows += 1
        first = news.previous_run is None
        row_new = None if first else not self._seen_before(name, fingerprint)
        if row_new:
            news.new_rows += 1
        self._rows.append((name, fingerprint))
        hits: dict[tuple[str, str], HitDecision] = {}
        alerting = [h for h in (*result.baseline.hits, *result.alternative.hits) if h.status > Status.PERMITTED]
        if alerting:
            fields = normalised_fields(result.source.fields)
            for hit in alerting:
                key = hit_key(hit)
                if key in hits:
                    continue
                subject = self.subjects.of(hit)
                alert_new = not first and not self._seen_before(name, fingerprint, subject.key)
                news.new_alerts += alert_new
                hits[key] = self._decision_for(result, name, fingerprint, fields, subject, alert_new)
                self._alerts.append(
                    (name, fingerprint, subject.key, subject.kind, subject.hash, subject.version, str(hit.status),
                     result.source.sheet, result.source.row, location_of(result), orjson.dumps(fields).decode())
                )  # fmt: skip
            self._count(hits)
        if len(self._rows) >= _FLUSH_EVERY:
            self._flush()
        decisions = RowDecisions(fingerprint, row_new, hits)
        self._last = (result, decisions)
        return decisions

    def decisions_for(self, result: RowResult) -> RowDecisions:
        """The row's decisions: those just found for it when it was the last row annotated, else found now."""
        if self._last is not None and self._last[0] is result:
            return self._last[1]
        return self.annotate(result)

    def footer_json(self) -> dict[str, Any]:
        """The keys the JSON adds after the summary: decisions per state, what is new per ledger."""
        return {"decisions": self.counts.as_json(), "since_last_screening": self.news_json()}

    def summary_lines(self) -> list[str]:
        """The lines the printed summary adds."""
        c = self.counts
        lines = [
            f"Decisions: {c.alerted} rows with alerts, {c.undecided} undecided, {c.decided} decided"
            + (f", {c.lapsed} decisions no longer apply" if c.lapsed else "")
            + "."
        ]
        return lines + [news.line() for news in self.ledgers.values()]

    def _decision_for(
        self, result: RowResult, ledger: str, fingerprint: str, fields: dict[str, str], subject: Subject, new: bool
    ) -> HitDecision:
        taken = latest_decision(self.store, fingerprint, subject.key)
        if taken is not None:
            reason = lapse_reason(taken, subject, row_date(result, self.as_of))
            if reason is None:
                return HitDecision(subject, decision=taken, new=new)
            return HitDecision(subject, lapsed=taken, lapsed_reason=reason, new=new)
        before = decision_at_place(self.store, ledger, result.source.sheet, location_of(result), subject.key)
        if before is not None and before.fingerprint != fingerprint:
            what = changed_fields(before.fields, fields)
            return HitDecision(
                subject, lapsed=before, lapsed_reason=f"the row changed since the decision: {what}", new=new
            )
        return HitDecision(subject, new=new)

    def _count(self, hits: dict[tuple[str, str], HitDecision]) -> None:
        self.counts.alerted += 1
        if any(h.decision is None for h in hits.values()):
            self.counts.undecided += 1
        else:
            self.counts.decided += 1
        self.counts.lapsed += sum(1 for h in hits.values() if h.lapsed is not None)

    def _flush(self) -> None:
        """Move the remembered rows to temporary tables (which lock nothing another process uses)."""
        conn = self.store.conn
        conn.executemany("INSERT INTO temp.run_rows VALUES (?, ?)", self._rows)
        conn.executemany("INSERT OR REPLACE INTO temp.run_alerts VALUES (?,?,?,?,?,?,?,?,?,?,?)", self._alerts)
        self._rows.clear()
        self._alerts.clear()

    def news_json(self) -> list[dict[str, Any]]:
        """`since_last_screening` in the JSON."""
        return [n.as_json() for n in self.ledgers.values()]

    def finish(self, officer: str, payload: dict[str, Any], outcome: str = "completed") -> int:
        """Record the run: its audit record and, when it completed, each ledger's rows and alerts; the audit id."""
        self._flush()
        full = {
            **payload,
            "outcome": outcome,
            "decisions": self.counts.as_json(),
            "since_last_screening": self.news_json(),
        }
        self._end_snapshot(keep_temp=True)
        with self.store.write() as conn:
            audit_id = audit.append(conn, "screening", officer, full)
            at = audit.get_at(conn, audit_id)
            run = conn.execute(
                "INSERT INTO runs (at, officer, machine_user, outcome, audit_id) VALUES (?, ?, ?, ?, ?)",
                (at, officer, audit.machine_user(), outcome, audit_id),
            ).lastrowid
            if outcome == "completed":
                for name in self.ledgers:
                    _remember_ledger(conn, name, int(run or 0), at)
        return audit_id

    def _end_snapshot(self, keep_temp: bool) -> None:
        """End the run's read transaction (committing the temporary rows when they are still needed)."""
        if self.store.conn.in_transaction:
            self.store.conn.execute("COMMIT" if keep_temp else "ROLLBACK")

    def close(self) -> None:
        """End the run's snapshot and drop its temporary rows."""
        self._end_snapshot(keep_temp=False)
        self._rows.clear()
        self._alerts.clear()
        self.store.conn.execute("DELETE FROM temp.run_rows")
        self.store.conn.execute("DELETE FROM temp.run_alerts")


def _remember_ledger(conn: sqlite3.Connection, name: str, run: int, at: str) -> None:
    """Replace the ledger's last-screening rows and alerts with this run's."""
    conn.execute(
        "INSERT INTO ledgers (name, last_run, screened_at) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET last_run = excluded.last_run, screened_at = excluded.screened_at",
        (name, run, at),
    )
    ledger = conn.execute("SELECT id FROM ledgers WHERE name = ?", (name,)).fetchone()[0]
    conn.execute("DELETE FROM ledger_rows WHERE ledger = ?", (ledger,))
    conn.execute("DELETE FROM alerts WHERE ledger = ?", (ledger,))
    conn.execute(
        "INSERT OR IGNORE INTO ledger_rows SELECT ?, fingerprint FROM temp.run_rows WHERE ledger = ?", (ledger, name)
    )
    conn.execute(
        "INSERT OR REPLACE INTO alerts SELECT ?, fingerprint, subject, subject_kind, subject_hash, subject_version, "
        "status, sheet, row, location, fields FROM temp.run_alerts WHERE ledger = ?",
        (ledger, name),
    )


def iter_annotated(recorder: RunRecorder, results: Iterator[RowResult]) -> Iterator[tuple[RowResult, RowDecisions]]:
    """Each result with its decisions."""
    for result in results:
        yield result, recorder.annotate(result)
