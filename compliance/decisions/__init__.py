"""Decisions on alerts and the audit trail, kept in one SQLite store that outlives every screening.

- `store`: the SQLite file (WAL, foreign keys, schema version, forward migrations).
- `fingerprint`: a row's content fingerprint, what a decision is keyed to.
- `subjects`: what a decision answers (a measure's hash, a list entry's hash).
- `book`: recording, finding and listing decisions.
- `recorder`: re-applying decisions as a run's rows stream, and recording the run.
- `audit`: the append-only, hash-chained log.
"""

from compliance.decisions.book import DECISIONS, Alert, Decision, decide, decide_many, find_alert, list_decisions
from compliance.decisions.fingerprint import row_fingerprint
from compliance.decisions.recorder import HitDecision, RowDecisions, RunRecorder
from compliance.decisions.store import Store, StoreError

__all__ = [
    "DECISIONS",
    "Alert",
    "Decision",
    "HitDecision",
    "RowDecisions",
    "RunRecorder",
    "Store",
    "StoreError",
    "decide",
    "decide_many",
    "find_alert",
    "list_decisions",
    "row_fingerprint",
]
