"""Background tasks other than screening (exports, designation lists): a plain body on the thread pool.

A task body is a plain function of a `TaskState` (progress callback and cancel flag), so tests can call
it without Qt; `TaskRunner` runs one at a time and delivers its result or error through queued signals.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

YIELD_EVERY_SECONDS: Final = 0.01
YIELD_SECONDS: Final = 0.0005


class GuiTurn:
    """Gives the GUI thread the interpreter for a moment, every so often, from a long loop on a worker.

    CPython hands the GIL over poorly when its holder releases it briefly and often (file writes
    do, every few kilobytes): the GUI thread is woken, finds the GIL taken again, restarts its 5 ms
    wait and can starve for a second or two. A short sleep lets it in for certain.
    """

    def __init__(self) -> None:
        self._last = time.monotonic()
        self._worker = threading.current_thread() is not threading.main_thread()

    def __call__(self) -> None:
        """Sleep briefly when the last turn was long enough ago (never on the GUI thread itself)."""
        if not self._worker:
            return
        now = time.monotonic()
        if now - self._last >= YIELD_EVERY_SECONDS:
            time.sleep(YIELD_SECONDS)
            self._last = time.monotonic()


class Cancelled(Exception):
    """Raised inside a task body when the user cancelled; nothing is reported."""


class TaskState:
    """What a task body may use: report progress, and check whether it was cancelled."""

    def __init__(self, progress: Callable[[str], None] | None = None) -> None:
        self._progress = progress
        self._cancel = threading.Event()
        self._turn: GuiTurn | None = None

    def progress(self, text: str) -> None:
        """Say what the task is doing now (shown in the status bar)."""
        if self._progress is not None:
            self._progress(text)

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._cancel.set()

    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled when the task was cancelled; let the GUI thread in now and then."""
        if self._cancel.is_set():
            raise Cancelled
        if self._turn is None:
            self._turn = GuiTurn()  # made on the thread that runs the task
        self._turn()


class TaskSignals(QObject):
    """Signals of a task; created in the GUI thread so connected slots run there (queued)."""

    progress = Signal(str)
    result = Signal(object)
    error = Signal(object)
    finished = Signal()


class TaskWorker(QRunnable):
    """Runs one task body on the pool: emits result (unless cancelled) or error, then finished."""

    def __init__(self, label: str, body: Callable[[TaskState], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner holds the Python object until `finished`
        self.label = label
        self.body = body
        self.signals = TaskSignals()
        self.state = TaskState(self.signals.progress.emit)

    def cancel(self) -> None:
        """Ask the body to stop."""
        self.state.cancel()

    def run(self) -> None:
        """Run the body and report how it went."""
        try:
            result = self.body(self.state)
            if not self.state.cancelled():
                self.signals.result.emit(result)
        except Cancelled:
            pass
        except Exception as exc:  # every failure must reach show_error, never kill the pool thread
            self.signals.error.emit(exc)
        finally:
            self.signals.finished.emit()


class TaskRunner(QObject):
    """Runs one task at a time; a superseded or cancelled task's result is never delivered."""

    started = Signal(str)
    """A task began (its label)."""
    progress = Signal(str)
    """What the current task is doing."""
    idle = Signal()
    """The current task ended: done, failed or cancelled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: TaskWorker | None = None
        self._running: set[TaskWorker] = set()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)  # one task, plus a cancelled one winding down

    @property
    def busy(self) -> bool:
        """True while a task runs."""
        return self.current is not None

    def start(
        self,
        label: str,
        body: Callable[[TaskState], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> TaskWorker:
        """Cancel any running task and start this one; the callbacks run in the GUI thread."""
        self.cancel()
        worker = TaskWorker(label, body)
        worker.signals.progress.connect(lambda text, w=worker: self._on_progress(w, text))
        worker.signals.result.connect(lambda value, w=worker: self._on_end(w) and on_result(value))
        worker.signals.error.connect(lambda exc, w=worker: self._on_end(w) and on_error(exc))
        worker.signals.finished.connect(lambda w=worker: self._on_finished(w))
        self.current = worker
        self._running.add(worker)
        self.started.emit(label)
        self.pool.start(worker)
        return worker

    def cancel(self) -> bool:
        """Ask the current task to stop; True when there was one."""
        worker, self.current = self.current, None
        if worker is None:
            return False
        worker.cancel()
        self.idle.emit()
        return True

    def wait(self, msecs: int) -> bool:
        """Wait for every task, cancelled ones included, to return."""
        return self.pool.waitForDone(msecs)

    def _on_progress(self, worker: TaskWorker, text: str) -> None:
        if worker is self.current:
            self.progress.emit(text)

    def _on_end(self, worker: TaskWorker) -> bool:
        # Only the current task reports; the status bar is cleared before its callback runs.
        if worker is not self.current:
            return False
        self.current = None
        self.idle.emit()
        return True

    def _on_finished(self, worker: TaskWorker) -> None:
        self._running.discard(worker)
        if worker is self.current:  # cancelled from inside, or ended without result or error
            self.current = None
            self.idle.emit()
