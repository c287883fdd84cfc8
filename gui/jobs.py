"""Runs screenings on a thread pool for the window: one current job, results only from it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from compliance.rules.regime import Regime
from gui.decisions.ledger import RunSettings
from gui.lists.party_lists import PartyLoad
from gui.workers import Screening, ScreenWorker


class ScreeningJobs(QObject):
    """Starts, cancels and reports screenings; a superseded job's results are never delivered."""

    started = Signal(str)
    """A screening began (the file's path)."""
    progress = Signal(int)
    """Rows screened so far by the current job."""
    done = Signal(object, float)
    """The current job's Screening, and the seconds it took."""
    failed = Signal(object)
    """The current job's exception."""

    def __init__(self, regimes: tuple[Regime, Regime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.regimes = regimes
        self.current: ScreenWorker | None = None
        self.count = 0
        """Screenings started so far (tests use it to prove a toggle does not re-screen)."""
        self._running: set[ScreenWorker] = set()
        self._started_at = 0.0
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)  # one screening, plus a cancelled one winding down

    @property
    def busy(self) -> bool:
        """True while a screening runs."""
        return self.current is not None

    def start(
        self,
        path: str | Path,
        as_of: dt.date | None,
        overrides: Mapping[str, str] | None,
        remembered: Mapping[str, Mapping[str, str]] | None = None,
        parties: Callable[[Callable[[], bool]], PartyLoad] | None = None,
        record: RunSettings | None = None,
    ) -> ScreenWorker:
        """Cancel any running job and start screening a file (`parties` reads the designation lists)."""
        self.cancel()
        worker = ScreenWorker(
            path,
            as_of=as_of,
            overrides=overrides,
            regimes=self.regimes,
            remembered=remembered,
            parties=parties,
            record=record,
        )
        # Each slot checks which job reports: late signals of a cancelled job are ignored.
        worker.signals.progress.connect(lambda n, w=worker: self._on_progress(w, n))
        worker.signals.result.connect(lambda s, w=worker: self._on_result(w, s))
        worker.signals.error.connect(lambda e, w=worker: self._on_error(w, e))
        worker.signals.finished.connect(lambda w=worker: self._running.discard(w))
        self.current = worker
        self._running.add(worker)
        self.count += 1
        self._started_at = time.monotonic()
        self.started.emit(str(path))
        self.pool.start(worker)
        return worker

    def cancel(self) -> bool:
        """Ask the current job to stop; True when there was one."""
        worker, self.current = self.current, None
        if worker is None:
            return False
        worker.cancel()
        return True

    def wait(self, msecs: int) -> bool:
        """Wait for every job, cancelled ones included, to return (before the window closes)."""
        return self.pool.waitForDone(msecs)

    def _on_progress(self, worker: ScreenWorker, rows: int) -> None:
        if worker is self.current:
            self.progress.emit(rows)

    def _on_result(self, worker: ScreenWorker, screening: Screening) -> None:
        if worker is self.current:
            self.current = None
            self.done.emit(screening, time.monotonic() - self._started_at)

    def _on_error(self, worker: ScreenWorker, exc: BaseException) -> None:
        if worker is self.current:
            self.current = None
            self.failed.emit(exc)
