"""Screening off the GUI thread: a plain function that does the work, and the window's screenings.

`screen_file` knows nothing about Qt, so tests call it directly; `ScreeningJobs` runs it as a task of
the app's one runner (gui/tasks.py) and reports back through queued signals.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from compliance.designations.parties import PartyScreening
from compliance.intake.importer import reopen_input
from compliance.model.results import RowResult
from compliance.paths import rules_dir
from compliance.rules.regime import Regime
from compliance.run import ScreeningRun, start_run
from gui.decisions.ledger import AppScreeningLog, LedgerDecisions, RunSettings
from gui.lists.party_lists import PartyLoad
from gui.results.model import result_stats
from gui.results.search_text import search_text
from gui.results.store import ResultStore, StoreBuilder
from gui.settings import header_set_key
from gui.tasks import Cancelled, GuiTurn, Task, TaskRunner, TaskState

PROGRESS_EVERY_ROWS = 5_000
PROGRESS_EVERY_SECONDS = 0.1
_CHECK_CLOCK_EVERY = 128  # rows between clock reads (a few ms of work): cheap, and fine enough


_gc_lock = threading.Lock()
_gc_holders = 0
_gc_was_enabled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause cyclic garbage collection while results pile up; freeze what survives afterwards."""
    # A 100,000-row ledger leaves ~1M tracked objects; each full collection walks all of them
    # while holding the GIL, stalling the GUI thread for 100 ms or more, several times per load.
    # Screening makes next to no cyclic garbage (3 objects per 100,000 rows, measured), so the
    # survivors are frozen instead of collected: later collections skip them, and refcounting
    # still frees them when the results are dropped.
    global _gc_holders, _gc_was_enabled
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0:
                gc.freeze()
                if _gc_was_enabled:
                    gc.enable()


def run_headers(run: ScreeningRun) -> tuple[str, ...]:
    """Every header of every screened sheet, in order of first appearance."""
    seen: dict[str, None] = {}
    for opened in run.inputs:
        for sheet in opened.sheets:
            if sheet.skipped:
                continue
            for header in sheet.headers:
                if header and header.strip():
                    seen.setdefault(header, None)
    return tuple(seen)


def split_overrides(overrides: Mapping[str, str] | None) -> tuple[dict[str, str], frozenset[str]]:
    """Column corrections for the importer, and the fields the officer chose not to screen ('')."""
    given = dict(overrides or {})
    return {f: h for f, h in given.items() if h}, frozenset(f for f, h in given.items() if not h)


def _open(
    path: str | Path,
    as_of: dt.date | None,
    overrides: Mapping[str, str] | None,
    regimes: tuple[Regime, ...],
    parties: PartyScreening | None,
) -> ScreeningRun:
    columns, ignored = split_overrides(overrides)
    # keep_cells: the detail pane and the Excel export show the row as written.
    return start_run(
        [path],
        rules_dir=rules_dir(),
        as_of=as_of,
        overrides=columns or None,
        keep_cells=True,
        regimes=regimes,
        parties=parties,
        left_out=ignored,
    )


def screen_file(
    path: str | Path,
    *,
    as_of: dt.date | None,
    overrides: Mapping[str, str] | None,
    regimes: tuple[Regime, ...],
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    remembered: Mapping[str, Mapping[str, str]] | None = None,
    parties: PartyScreening | None = None,
    texts: list[str] | None = None,
    log: AppScreeningLog | None = None,
) -> tuple[ScreeningRun, ResultStore]:
    """Open and screen one workbook (with no overrides, a mapping remembered for its headers).

    The results come back as a ResultStore (a Sequence[RowResult] that keeps plain rows compactly);
    `texts`, when given, receives each row's search text as it is screened; `log`, when given, records
    the run in the decisions store and finds the decisions beside each row.
    """
    # `overrides` maps field -> header like the CLI's --map; a field mapped to '' is not screened.
    run = _open(path, as_of, overrides, regimes, parties)
    if overrides is None and remembered:
        chosen = remembered.get(header_set_key(run_headers(run)))
        if chosen:
            # The headers are known only once the file is open: plan its sheets again with the
            # mapping remembered for them, from the copy already vetted (not vetted a second time).
            columns, ignored = split_overrides(chosen)
            run.inputs = [reopen_input(opened, overrides=columns or None, left_out=ignored) for opened in run.inputs]
    if log is not None:
        log.start(run)
    # Rows are stored as they stream in: a million full RowResults would never be held at once.
    builder = StoreBuilder(sheet for opened in run.inputs for sheet in opened.sheets)
    append = builder.add
    add_text = texts.append if texts is not None else None
    last_time = time.monotonic()
    last_rows = 0
    let_gui_in = GuiTurn()  # the readers release the GIL briefly and often (file reads)
    with collection_paused():
        for n, result in enumerate(run.results(cancelled), start=1):
            append(result)
            if log is not None:
                log.add(n - 1, result)
            if add_text is not None:
                add_text(search_text(result))
            if n % _CHECK_CLOCK_EVERY:
                continue
            now = time.monotonic()
            if progress is not None and (
                n - last_rows >= PROGRESS_EVERY_ROWS or now - last_time >= PROGRESS_EVERY_SECONDS
            ):
                progress(n)
                last_time, last_rows = now, n
            let_gui_in()
        store = builder.finish()
    if progress is not None and not (cancelled is not None and cancelled()):
        progress(len(store))
    if log is not None:
        log.end(cancelled is not None and cancelled())
    return run, store


@dataclass(frozen=True, slots=True)
class Screening:
    """A finished job for the window: the run, every row's result and how it was asked for."""

    path: str
    run: ScreeningRun
    results: Sequence[RowResult]
    """Every row's result in ledger order (a ResultStore from the worker)."""
    as_of: dt.date | None
    overrides: dict[str, str] | None
    """The mapping corrections in effect: the ones asked for, or the ones remembered."""
    texts: list[str] | None = None
    """Each row's search text, built on the worker thread so the first search is instant."""
    stats: dict[str, Any] | None = None
    """result_stats() of the rows, also built on the worker thread."""
    party_load: PartyLoad | None = None
    """The designation lists read for this screening (run.parties), and any that could not be read."""
    decisions: LedgerDecisions | None = None
    """The decisions beside the rows' alerts, from the decisions store (None when the run was not recorded)."""


def screening_task(
    state: TaskState,
    path: str,
    *,
    as_of: dt.date | None,
    overrides: Mapping[str, str] | None,
    regimes: tuple[Regime, ...],
    remembered: Mapping[str, Mapping[str, str]],
    parties: Callable[[Callable[[], bool]], PartyLoad] | None = None,
    record: RunSettings | None = None,
) -> Screening:
    """The body of a screening task: read the lists, screen the file, and do the work over every row once."""
    log = AppScreeningLog(path, record) if record is not None else None
    try:
        load = parties(state.cancelled) if parties is not None else None
        texts: list[str] = []
        run, results = screen_file(
            path,
            as_of=as_of,
            overrides=overrides,
            regimes=regimes,
            progress=state.progress,
            cancelled=state.cancelled,
            remembered=remembered,
            parties=load.screening if load is not None else None,
            texts=texts,
            log=log,
        )
    except Cancelled:
        if log is not None:
            log.failed("cancelled")
        raise
    except Exception as exc:
        if log is not None:
            log.failed(f"failed: {exc}")
        raise
    finally:
        if log is not None:
            log.close()
    state.check()  # a screening cancelled between rows was already recorded as such by screen_file
    used = overrides if overrides is not None else remembered.get(header_set_key(run_headers(run)))
    return Screening(
        path,
        run,
        results,
        as_of,
        dict(used) if used else None,
        texts,
        result_stats(results),  # work over every row, done here off the GUI thread, once
        load,
        log.decisions if log else None,
    )


class ScreeningJobs(QObject):
    """Starts, cancels and reports the window's screenings; a superseded one's results are never delivered."""

    started = Signal(str)
    """A screening began (the file's path)."""
    progress = Signal(int)
    """Rows screened so far by the current screening."""
    done = Signal(object, float)
    """The current screening's Screening, and the seconds it took."""
    failed = Signal(object)
    """The current screening's exception."""

    def __init__(self, regimes: tuple[Regime, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.regimes = regimes
        self.runner = TaskRunner(self)
        self.runner.progress.connect(self.progress.emit)
        self.count = 0
        """Screenings started so far (tests use it to prove a toggle does not re-screen)."""
        self._started_at = 0.0

    @property
    def current(self) -> Task | None:
        """The running screening, if any."""
        return self.runner.current

    @property
    def busy(self) -> bool:
        """True while a screening runs."""
        return self.runner.busy

    def start(
        self,
        path: str | Path,
        as_of: dt.date | None,
        overrides: Mapping[str, str] | None,
        remembered: Mapping[str, Mapping[str, str]] | None = None,
        parties: Callable[[Callable[[], bool]], PartyLoad] | None = None,
        record: RunSettings | None = None,
    ) -> Task:
        """Cancel any running screening and start screening a file (`parties` reads the designation lists)."""
        given = dict(overrides) if overrides is not None else None
        known = {k: dict(v) for k, v in (remembered or {}).items()}
        regimes = self.regimes

        def body(state: TaskState) -> Screening:
            return screening_task(
                state,
                str(path),
                as_of=as_of,
                overrides=given,
                regimes=regimes,
                remembered=known,
                parties=parties,
                record=record,
            )

        self.count += 1
        self._started_at = time.monotonic()
        task = self.runner.start(str(path), body, self._on_result, self.failed.emit)
        self.started.emit(str(path))
        return task

    def cancel(self) -> bool:
        """Ask the current screening to stop; True when there was one."""
        return self.runner.cancel()

    def wait(self, msecs: int) -> bool:
        """Wait for every screening, cancelled ones included, to return (before the window closes)."""
        return self.runner.wait(msecs)

    def _on_result(self, screening: Screening) -> None:
        self.done.emit(screening, time.monotonic() - self._started_at)
