"""The app's one background runner: supersede keys, delivery on the GUI thread, cancel and errors."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from gui.tasks import (
    POOL_THREADS,
    Cancelled,
    TaskRunner,
    TaskState,
    app_pool,
    cancel_tasks,
    newest_task,
    run_task,
    wait_for,
)

TIMEOUT = 10_000


def test_a_body_is_a_plain_function_of_its_state() -> None:
    said: list[Any] = []
    state = TaskState(said.append)
    state.progress("half way")
    state.check()  # not cancelled: goes on
    state.cancel()
    assert state.cancelled() and state.is_cancelled
    with pytest.raises(Cancelled):
        state.check()
    assert said == ["half way"]


def test_the_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui_thread = threading.current_thread()
    seen: list[tuple[str, Any, bool]] = []

    def body(state: TaskState) -> int:
        state.progress(1)
        assert threading.current_thread() is not gui_thread, "the body runs on the pool"
        return 42

    task = run_task(
        body,
        lambda value: seen.append(("result", value, threading.current_thread() is gui_thread)),
        on_progress=lambda value: seen.append(("progress", value, threading.current_thread() is gui_thread)),
    )
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=TIMEOUT)
    assert task.returned.is_set()
    assert seen == [("progress", 1, True), ("result", 42, True)]


def test_a_newer_task_under_the_same_key_supersedes_the_older(qtbot: QtBot) -> None:
    release = threading.Event()
    delivered: list[str] = []

    def slow(state: TaskState) -> str:
        while not release.is_set():
            release.wait(0.01)
            state.let_gui_in()
        return "older"  # returns normally: only the key decides that it is not delivered

    older = run_task(slow, delivered.append, key="sort")
    newer = run_task(lambda _state: "newer", delivered.append, key="sort")
    assert older.state.cancelled() and not newer.state.cancelled()
    qtbot.waitUntil(lambda: delivered == ["newer"], timeout=TIMEOUT)
    release.set()
    assert wait_for([older], TIMEOUT)
    qtbot.wait(50)  # the older one's answer, queued by now, must be dropped on arrival
    assert delivered == ["newer"]
    assert newest_task("sort") is None


def test_a_cancelled_task_reports_nothing(qtbot: QtBot) -> None:
    started = threading.Event()
    outcome: list[Any] = []

    def body(state: TaskState) -> None:
        started.set()
        while True:
            state.check()
            started.wait(0.005)

    task = run_task(body, outcome.append, outcome.append, key="export")
    assert started.wait(TIMEOUT / 1000)
    assert cancel_tasks("export") is task
    assert wait_for([task], TIMEOUT)
    qtbot.wait(20)
    assert outcome == []


def test_an_error_reaches_the_owner(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def body(_state: TaskState) -> None:
        raise ValueError("the list is damaged")

    run_task(body, lambda _v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=TIMEOUT)
    assert [str(e) for e in errors] == ["the list is damaged"]


def test_a_runner_reports_its_one_task_for_the_status_bar(qtbot: QtBot) -> None:
    runner = TaskRunner()
    states: list[str] = []
    runner.started.connect(lambda label: states.append(f"started {label}"))
    runner.idle.connect(lambda: states.append("idle"))
    with qtbot.waitSignal(runner.idle, timeout=TIMEOUT):
        task = runner.start("Reading", lambda _s: 1, lambda v: states.append(f"got {v}"), lambda _e: None)
        assert runner.busy and runner.current is task
    assert runner.wait(TIMEOUT)
    assert not runner.busy
    assert states == ["started Reading", "idle", "got 1"], "the status bar is cleared before the result is shown"
    assert app_pool().maxThreadCount() >= POOL_THREADS
