"""The command line's side of the store: `decide`, `decisions list`, `audit ...`, and a `screen` run's record."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any, TextIO

import orjson

from compliance.decisions import audit
from compliance.decisions.book import EXPORT_HEADERS, Decision, decide, export_row, find_alert, list_decisions
from compliance.decisions.recorder import RunRecorder, ledger_name
from compliance.decisions.runs import recorder_for, screening_payload
from compliance.decisions.store import Store, StoreError
from compliance.model.errors import ComplianceError
from compliance.outputs.atomic import atomic_write
from compliance.run import ScreeningRun

EXIT_OK, EXIT_BROKEN, EXIT_BAD_INPUT = 0, 1, 2


class ScreeningLog:
    """A `screen` run's record in the store: opened before the run, written when it ends however it ends."""

    def __init__(self, inputs: list[str], officer: str, settings: dict[str, Any]) -> None:
        self.store = Store.open()
        self.inputs = inputs
        self.officer = officer
        self.settings = settings
        self.run: ScreeningRun | None = None
        self.recorder: RunRecorder | None = None

    def start(self, run: ScreeningRun) -> RunRecorder:
        """The recorder that re-applies decisions to this run's rows."""
        self.run = run
        self.recorder = recorder_for(self.store, run)
        return self.recorder

    def finish(self, outcome: str = "completed") -> int:
        """Record the run (a StoreError when the store cannot take it); returns the audit record's id."""
        if self.run is None or self.recorder is None:
            payload = {"inputs": [{"name": ledger_name(p), "path": p} for p in self.inputs], "settings": self.settings}
            return audit.record(self.store, "screening", self.officer, {**payload, "outcome": outcome})
        return self.recorder.finish(self.officer, screening_payload(self.run, self.settings), outcome)

    def failed(self, outcome: str) -> str | None:
        """Record a run that did not complete; returns a warning line when even that could not be written."""
        try:
            self.finish(outcome)
        except StoreError as exc:
            return f"warning: the run could not be recorded in the audit log: {exc.one_line()}"
        return None

    def close(self) -> None:
        """Close the store."""
        if self.recorder is not None:
            self.recorder.close()
        self.store.close()


def run_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`decide`, `decisions list` and `audit list|show|export|verify`."""
    try:
        with Store.open() as store:
            if args.command == "decide":
                return _decide(store, args, out, err)
            if args.command == "decisions":
                return _decisions_list(store, args, out)
            return _audit(store, args, out, err)
    except ComplianceError as exc:  # the store, or an export that cannot be written
        print(f"error: {exc.one_line()}", file=err)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"error: {exc.filename or 'output'}: {exc.strerror or exc}", file=err)
        return EXIT_BAD_INPUT


def _decide(store: Store, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.valid_until is not None and not args.exemption:
        print("error: --valid-until needs --exemption (the reference of the exemption claimed)", file=err)
        return EXIT_BAD_INPUT
    alert = find_alert(store, args.fingerprint, args.rule)
    if alert is None:
        print(
            f"error: no alert '{args.rule}' on row {args.fingerprint} in the last screening of any ledger "
            "(screen the file first; the fingerprint and the rule or listing reference are in its JSON)",
            file=err,
        )
        return EXIT_BAD_INPUT
    taken = decide(
        store,
        alert,
        args.decision,
        note=args.note,
        officer=args.officer,
        exemption=args.exemption,
        valid_until=args.valid_until,
    )
    where = f"{alert.ledger}, sheet '{alert.sheet}', row {alert.row}"
    replaced = f" (replaces decision {taken.replaces})" if taken.replaces else ""
    print(f"Decision {taken.id}: {alert.subject.key} on {where}: {taken.label()}{replaced}.", file=out)
    return EXIT_OK


def _decisions_list(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    found = list_decisions(store, args.status, current_only=not args.all)
    if args.export:
        export_decisions(found, args.export)
        print(f"Written: {args.export} ({len(found)} decisions)", file=out)
        return EXIT_OK
    for d in found:
        where = f"{d.ledger} {d.sheet} {d.location.partition(':')[2]}"
        print(f"{d.id:>5}  {d.decided_at}  {d.decision:<9} {d.subject:<28} {where}  {d.officer}: {d.note}", file=out)
    print(f"{len(found)} decisions.", file=out)
    return EXIT_OK


def export_decisions(found: list[Decision], path: str | Path) -> int:
    """Write decisions as an Excel workbook (.xlsx) or CSV (anything else), atomically; returns how many."""
    target = Path(path)
    if target.suffix.casefold() == ".xlsx":
        _export_xlsx(target, [export_row(d) for d in found])
    else:
        with atomic_write(target) as handle:
            lines = _CsvLines()
            writer = csv.writer(lines)
            writer.writerow(EXPORT_HEADERS)
            writer.writerows(export_row(d) for d in found)
            handle.write(lines.text().encode("utf-8"))
    return len(found)


def _export_xlsx(target: Path, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    from compliance.outputs.xlsx_cells import BOLD, HEADER_FILL, text_cell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Decisions")
    ws.append([text_cell(ws, h, font=BOLD, fill=HEADER_FILL) for h in EXPORT_HEADERS])
    for row in rows:
        ws.append([text_cell(ws, v) for v in row])  # notes are officer text: never a formula
    with atomic_write(target) as handle:
        wb.save(handle)


class _CsvLines:
    """A text sink for csv.writer."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        self._parts.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self._parts)


def _audit(store: Store, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.audit_command == "list":
        count = 0
        for entry in audit.records(store):
            print(entry.summary(), file=out)
            count += 1
        print(f"{count} records.", file=out)
        return EXIT_OK
    if args.audit_command == "show":
        shown = audit.get(store, args.id)
        if shown is None:
            print(f"error: there is no audit record {args.id}", file=err)
            return EXIT_BAD_INPUT
        print(shown.summary(), file=out)
        print(f"previous hash {shown.prev_hash}\nhash          {shown.hash}", file=out)
        print(orjson.dumps(shown.payload, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode(), file=out)
        return EXIT_OK
    if args.audit_command == "export":
        count = audit.export_csv(store, args.out)
        print(f"Written: {args.out} ({count} records)", file=out)
        return EXIT_OK
    check = audit.verify(store)
    if check.holds:
        print(f"The audit log holds: {check.records} records, every link verified.", file=out)
        return EXIT_OK
    print(f"The audit log is broken at record {check.broken_at}: {check.problem}.", file=out)
    return EXIT_BROKEN
