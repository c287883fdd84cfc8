"""Background work for the whole app: plain task bodies on one thread pool, answers on the GUI thread.

A task body is a plain function of a `TaskState` (progress, cancel, and the one policy for letting the
GUI thread in), so tests call it without Qt. `run_task` runs it on the app's one QThreadPool; with a
supersede key, a newer task under the same key cancels the older one, and only the newest task's
progress, result or error is delivered. Everything reaches the caller through queued signals, so
callbacks run on the GUI thread and never race the widgets. `TaskRunner` is one such key with a
status-bar face (started, progress, idle) for an owner that runs one task at a time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Final

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

YIELD_EVERY_SECONDS: Final = 0.01
YIELD_SECONDS: Final = 0.0005
POOL_THREADS: Final = 8
"""A screening, a cancelled one winding down, a sort, an export, reading lists, freeing old results:
none of them may wait for a free thread (they mostly wait for the interpreter anyway)."""

log = logging.getLogger(__name__)


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
    """What a task body may use: report progress, check whether it was cancelled, let the GUI thread in."""

    def __init__(self, progress: Callable[[Any], None] | None = None) -> None:
        self._progress = progress
        self._cancel = threading.Event()
        self._turn: GuiTurn | None = None

    def progress(self, value: Any) -> None:
        """Say how far the task is (a line for the status bar, or a count)."""
        if self._progress is not None:
            self._progress(value)

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._cancel.set()

    def cancelled(self) -> bool:
        """True once cancel() was called (a plain callable for code that knows nothing of tasks)."""
        return self._cancel.is_set()

    @property
    def is_cancelled(self) -> bool:
        """True once cancel() was called."""
        return self._cancel.is_set()

    def let_gui_in(self) -> None:
        """Step aside for the GUI thread if this task has held the interpreter long enough."""
        if self._turn is None:
            self._turn = GuiTurn()  # made on the thread that runs the task
        self._turn()

    def check(self) -> None:
        """Raise Cancelled when the task was cancelled; let the GUI thread in now and then."""
        if self._cancel.is_set():
            raise Cancelled
        self.let_gui_in()


class TaskSignals(QObject):
    """Signals of a task; created in the GUI thread so connected slots run there (queued)."""

    progress = Signal(object)
    result = Signal(object)
    error = Signal(object)
    finished = Signal()


class Task(QRunnable):
    """One task body on the pool: emits result (unless cancelled) or error, then finished."""

    def __init__(self, label: str, body: Callable[[TaskState], Any], key: Hashable | None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # held in _running until `finished`: the pool never runs a deleted task
        self.label = label
        self.key = key
        self.body: Callable[[TaskState], Any] | None = body
        self.signals = TaskSignals()
        self.state = TaskState(self.signals.progress.emit)
        self.returned = threading.Event()
        """Set on the pool thread when the body has returned, whatever the outcome."""

    def cancel(self) -> None:
        """Ask the body to stop; its result will not be delivered."""
        self.state.cancel()

    def run(self) -> None:
        """Run the body and report how it went."""
        body, self.body = self.body, None  # what the body holds is let go as soon as it returns
        try:
            if body is None or self.state.cancelled():
                return
            result = body(self.state)
            if not self.state.cancelled():
                self.signals.result.emit(result)
        except Cancelled:
            pass
        except Exception as exc:  # every failure must reach its owner, never kill the pool thread
            self.signals.error.emit(exc)
        finally:
            body = None
            self.returned.set()
            self.signals.finished.emit()


_running: set[Task] = set()
_newest: dict[Hashable, Task] = {}


def app_pool() -> QThreadPool:
    """The app's one thread pool (Qt's global one, waited for when the application ends)."""
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() < POOL_THREADS:
        pool.setMaxThreadCount(POOL_THREADS)
    return pool


def _log_error(exc: BaseException) -> None:
    log.error("background task failed", exc_info=exc)


def run_task(
    body: Callable[[TaskState], Any],
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    on_progress: Callable[[Any], None] | None = None,
    on_end: Callable[[Task], None] | None = None,
    key: Hashable | None = None,
    label: str = "",
) -> Task:
    """Run `body(state)` on the app's pool; the callbacks run on the GUI thread (call from it).

    With a `key`, the task supersedes any older one under that key. `on_end` runs once the task is no
    longer the one that reports (done, failed or superseded), just before on_result or on_error.
    """
    if key is not None:
        cancel_tasks(key)
    task = Task(label, body, key)
    failed = on_error or _log_error

    def reporting() -> bool:
        return not task.state.cancelled() and (key is None or _newest.get(key) is task)

    def end() -> bool:
        if not reporting():
            return False
        if key is not None:
            del _newest[key]
        if on_end is not None:
            on_end(task)
        return True

    if on_progress is not None:
        task.signals.progress.connect(lambda value: reporting() and on_progress(value))
    task.signals.result.connect(lambda value: end() and on_result is not None and on_result(value))
    task.signals.error.connect(lambda exc: end() and failed(exc))
    task.signals.finished.connect(lambda: _finished(task, on_end))
    if key is not None:
        _newest[key] = task
    _running.add(task)
    app_pool().start(task)
    return task


def _finished(task: Task, on_end: Callable[[Task], None] | None) -> None:
    _running.discard(task)
    if task.key is not None and _newest.get(task.key) is task:
        del _newest[task.key]  # it returned without result or error (cancelled from inside)
        if on_end is not None:
            on_end(task)


def newest_task(key: Hashable) -> Task | None:
    """The task that reports under `key`, if one is running."""
    return _newest.get(key)


def cancel_tasks(key: Hashable) -> Task | None:
    """Cancel the task running under `key`; it reports nothing. Returns it, if there was one."""
    task = _newest.pop(key, None)
    if task is not None:
        task.cancel()
    return task


def wait_for(tasks: set[Task] | list[Task], msecs: int) -> bool:
    """Wait on this thread until these tasks have returned (cancelled ones too); False on timeout."""
    deadline = None if msecs < 0 else time.monotonic() + msecs / 1000
    for task in list(tasks):
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not task.returned.wait(left):
            return False
    return True


class TaskRunner(QObject):
    """One task at a time under one supersede key, with signals for a status bar."""

    started = Signal(str)
    """A task began (its label)."""
    progress = Signal(object)
    """How far the current task is."""
    idle = Signal()
    """The current task ended: done, failed or cancelled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mine: set[Task] = set()

    @property
    def current(self) -> Task | None:
        """The task that reports, while one runs."""
        return newest_task(self)

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
    ) -> Task:
        """Cancel any running task and start this one; the callbacks run in the GUI thread."""
        self.cancel()
        task = run_task(
            body, on_result, on_error, on_progress=self.progress.emit, on_end=self._ended, key=self, label=label
        )
        self._mine.add(task)
        task.signals.finished.connect(lambda: self._mine.discard(task))
        self.started.emit(label)
        return task

    def cancel(self) -> bool:
        """Ask the current task to stop; True when there was one."""
        if cancel_tasks(self) is None:
            return False
        self.idle.emit()
        return True

    def wait(self, msecs: int) -> bool:
        """Wait for every task of this runner, cancelled ones included, to return."""
        return wait_for(self._mine, msecs)

    def _ended(self, _task: Task) -> None:
        # Only the current task reports; the status bar is cleared before its callback runs.
        self.idle.emit()
