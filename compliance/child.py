"""Work done in a child process: one protocol for every such job (a sheet read ahead, a PDF laid out).

The child is started with the spawn method (a forked copy of a multi-threaded process, as the desktop
app is, is not safe), runs a plain function that sends its messages through a one-way pipe, and ends
with its return value or a one-line reason. The parent reads the messages as they come. Whatever
happens it never hangs: a child that crashes or exits early ends the pipe and becomes a `ChildStopped`
error; a cancel (the caller's `cancelled()` or closing the iterator early) stops the child at once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Final

POLL_SECONDS: Final = 0.05
"""How often a parent that can be cancelled looks for a cancel while it waits for a message."""
_MESSAGE, _END, _ERROR = "message", "end", "error"

Send = Callable[[Any], None]


class ChildError(Exception):
    """The child could not do its work; the message is the one-line reason (raise it in the child to choose it)."""


class ChildStopped(ChildError):
    """The child process ended without finishing (killed, crashed or exited early)."""


class ChildCancelled(Exception):
    """The caller cancelled; the child was stopped."""


def one_line(text: str) -> str:
    """The text on one line, for a message naming what failed."""
    return " ".join(text.split())


def _child_main(body: Callable[..., Any], args: tuple[Any, ...], out: Connection) -> None:
    """In the child: run body(*args, send), then send its end or the reason it failed."""
    # Ctrl-C in a terminal reaches the whole process group: the parent decides when the child stops,
    # and the child must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def send(message: Any) -> None:
        out.send((_MESSAGE, message))

    try:
        result = body(*args, send)
        out.send((_END, result))
    except BrokenPipeError:
        pass  # the parent stopped listening (cancelled): nobody to tell
    except ChildError as exc:
        with contextlib.suppress(OSError):
            out.send((_ERROR, one_line(str(exc))))
    except BaseException as exc:  # whatever happens must reach the parent as one line
        with contextlib.suppress(OSError):
            out.send((_ERROR, one_line(f"{type(exc).__name__}: {exc}")))
    finally:
        out.close()


class Child:
    """A child process running `body(*args, send)`; iterate for its messages, then read `result`.

    Use it in a `with` block (or close it): the child is stopped and reaped however the block ends.
    `doing` names the work in the error when the child stops ("reading it" -> "the process reading it
    stopped (exit code -9)").
    """

    def __init__(
        self,
        body: Callable[..., Any],
        args: tuple[Any, ...],
        *,
        name: str,
        doing: str,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.doing = doing
        self.cancelled = cancelled
        self.result: Any = None
        """What the body returned, once the messages are all read."""
        context = multiprocessing.get_context("spawn")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_child_main, args=(body, args, sender), name=name, daemon=True)
        self._process.start()
        sender.close()  # the child holds the only sending end, so its exit ends the pipe

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[Any]:
        """Each message the child sends, in order; ChildError, ChildStopped or ChildCancelled on failure."""
        while True:
            if self.cancelled is not None:
                if self.cancelled():
                    self.close()
                    raise ChildCancelled
                if not self._receiver.poll(POLL_SECONDS):
                    continue
            try:
                kind, payload = self._receiver.recv()
            except (EOFError, OSError):  # OSError: it stopped in the middle of a message
                raise ChildStopped(f"the process {self.doing} stopped (exit code {self._exit_code()})") from None
            if kind == _MESSAGE:
                yield payload
            elif kind == _ERROR:
                raise ChildError(payload)
            else:
                self.result = payload
                return

    def _exit_code(self) -> int | None:
        self._process.join(timeout=1)  # it has closed the pipe: it is ending, reap it for its code
        return self._process.exitcode

    def close(self) -> None:
        """Stop the child if it still runs (the rest of its work is not wanted) and reap it."""
        self._receiver.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


__all__ = ["Child", "ChildCancelled", "ChildError", "ChildStopped", "Send", "one_line"]
