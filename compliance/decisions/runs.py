"""A screening run's audit record, and the recorder for a run (the API the CLI and the app call)."""

from __future__ import annotations

from typing import Any

from compliance.decisions.book import Alert
from compliance.decisions.fingerprint import normalised_fields, row_fingerprint
from compliance.decisions.recorder import RunRecorder, ledger_name, location_of
from compliance.decisions.store import Store
from compliance.decisions.subjects import SubjectIndex
from compliance.designations.parties import list_json
from compliance.model.results import Hit, RowResult
from compliance.run import ScreeningRun, regime_json, regime_roles


def subjects_of(run: ScreeningRun) -> SubjectIndex:
    """The subjects a run's hits can ask about: its regimes' rules and its lists' entries."""
    return SubjectIndex((run.baseline, run.alternative), run.parties.lists if run.parties else ())


def recorder_for(store: Store, run: ScreeningRun) -> RunRecorder:
    """A recorder that re-applies the store's decisions to the run's rows."""
    return RunRecorder(store, subjects_of(run), run.as_of)


def alert_for(run: ScreeningRun, result: RowResult, hit: Hit) -> Alert:
    """The alert a decision on this hit answers (the app's detail pane decides through it)."""
    return Alert(
        fingerprint=row_fingerprint(result.source.fields),
        subject=subjects_of(run).of(hit),
        ledger=ledger_name(result.source.input),
        sheet=result.source.sheet,
        row=result.source.row,
        location=location_of(result),
        fields=normalised_fields(result.source.fields),
        status=str(hit.status),
    )


def screening_payload(run: ScreeningRun, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the audit log keeps of a run: inputs with hashes, sheets and rows, regimes and pack hashes,
    lists with dates and hashes, thresholds, the as-of setting and the counts per status."""
    return {
        "inputs": [
            {
                "name": ledger_name(opened.name),
                "path": opened.path,
                "sha256": opened.sha256,
                "sheets": [
                    {"name": s.name, "rows": s.rows, **({"skipped": s.skipped} if s.skipped else {})}
                    for s in opened.sheets
                ],
            }
            for opened in run.inputs
        ],
        "regimes": [regime_json(r, role) for r, role in zip(run.regimes, regime_roles(len(run.regimes)), strict=True)],
        "designation_lists": [list_json(d) for d in run.parties.lists] if run.parties else [],
        "thresholds": (
            {"match": run.parties.match_threshold, "review": run.parties.review_threshold} if run.parties else None
        ),
        "as_of": run.as_of.isoformat() if run.as_of else None,
        "counts": run.tally.as_json(),
        **({"settings": settings} if settings else {}),
    }
