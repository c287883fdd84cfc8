"""The one child-process protocol: messages in order, a result, and failure, crash and cancel as one line."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from compliance.child import Child, ChildCancelled, ChildError, ChildStopped, Send


def count_to(n: int, send: Send) -> str:
    """In the child: send 1..n, then return a word."""
    for i in range(1, n + 1):
        send(i)
    return "done"


def fail_with(text: str, send: Send) -> None:
    """In the child: send one message, then fail."""
    send("starting")
    raise ValueError(text)


def exit_early(send: Send) -> None:
    """In the child: leave without a word, as a crash would."""
    send("starting")
    os._exit(3)


def run_forever(send: Send) -> None:
    """In the child: keep sending until stopped."""
    while True:
        send("tick")
        time.sleep(0.01)


def no_children_left() -> bool:
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not multiprocessing.active_children()


def test_messages_arrive_in_order_then_the_result() -> None:
    with Child(count_to, (5,), name="counting", doing="counting") as child:
        assert list(child) == [1, 2, 3, 4, 5]
        assert child.result == "done"
    assert no_children_left()


def test_a_failure_in_the_child_is_one_line() -> None:
    with Child(fail_with, ("bad\ninput",), name="failing", doing="failing") as child:
        seen = []
        with pytest.raises(ChildError) as raised:
            seen.extend(child)
    assert seen == ["starting"]
    assert str(raised.value) == "ValueError: bad input"
    assert not isinstance(raised.value, ChildStopped)
    assert no_children_left()


def test_a_child_that_exits_early_is_stopped_not_a_hang() -> None:
    with Child(exit_early, (), name="leaving", doing="reading it") as child, pytest.raises(ChildStopped) as raised:
        list(child)
    assert str(raised.value) == "the process reading it stopped (exit code 3)"
    assert no_children_left()


def test_cancelling_stops_the_child() -> None:
    seen: list[str] = []

    def cancelled() -> bool:
        return len(seen) >= 3

    with (
        Child(run_forever, (), name="ticking", doing="ticking", cancelled=cancelled) as child,
        pytest.raises(ChildCancelled),
    ):
        seen.extend(child)
    assert seen == ["tick"] * 3
    assert no_children_left()


def test_closing_early_stops_the_child() -> None:
    with Child(run_forever, (), name="ticking", doing="ticking") as child:
        assert next(iter(child)) == "tick"
    assert no_children_left()
