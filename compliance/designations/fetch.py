"""Download the UN Security Council Consolidated List from its official address, where the network allows.

The download lands in a temporary file beside the target and is validated as a list before it
replaces anything, so a failed or partial download never leaves a broken list behind.

One deadline covers the whole download: connecting, each read, and the total. A slow proxy or a
server that sends a byte now and then cannot keep the officer waiting past it; the answer is then
the same offline message as for no network at all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from compliance.designations.lists import DesignationList, load_list
from compliance.model.errors import ComplianceError, InputFileError

OFFICIAL_XML_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
DEADLINE_SECONDS = 60.0
"""The whole download, from the first connection to the last byte (the list is about 2 MB)."""
WAIT_SECONDS = 20.0
"""The longest wait for a connection or for any one read, within the deadline."""
MAX_BYTES = 64 * 2**20
_READ_BYTES = 1 << 16


class _Late(Exception):
    """The deadline passed."""


def _offline(url: str, reason: object) -> ComplianceError:
    return ComplianceError(
        f"cannot download the UN list from {url} ({reason}); this machine may be offline. "
        "Load a copy saved from that address with File > Designation lists instead."
    )


def _limit_wait(response: Any, seconds: float) -> None:
    """Bound the next read of `response` to `seconds`.

    urllib sets the socket's timeout once, at connection; the response's socket is reached through
    its buffered reader (http.client's layout), so each read can be given only what is left of the
    deadline. Where that layout is absent (a test's stand-in), the per-read wait stays as opened."""
    raw = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(raw, "_sock", None)
    if sock is not None and hasattr(sock, "settimeout"):
        sock.settimeout(max(seconds, 0.001))


def _download(url: str, out: Any, deadline: float, wait: float) -> None:
    end = time.monotonic() + deadline

    def left() -> float:
        remaining = end - time.monotonic()
        if remaining <= 0:
            raise _Late
        return min(wait, remaining)

    with urllib.request.urlopen(url, timeout=left()) as response:
        received = 0
        read = getattr(response, "read1", response.read)  # one receive at a time, so the clock is checked
        while True:
            _limit_wait(response, left())
            chunk = read(_READ_BYTES)
            if not chunk:
                break
            received += len(chunk)
            if received > MAX_BYTES:
                raise ComplianceError(f"the download from {url} is larger than {MAX_BYTES >> 20} MB")
            out.write(chunk)
    left()  # the last byte came in time


def fetch_official_list(
    folder: str | Path,
    url: str = OFFICIAL_XML_URL,
    *,
    deadline: float = DEADLINE_SECONDS,
    wait: float = WAIT_SECONDS,
) -> DesignationList:
    """Download the consolidated list into folder/consolidated.xml and return it, validated.

    The whole download must finish within `deadline` seconds, and no connection or read may wait more
    than `wait` seconds."""
    target = Path(folder) / "consolidated.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".consolidated.", suffix=".xml.part", dir=target.parent)
    try:
        started = time.monotonic()
        with os.fdopen(fd, "wb") as out:
            try:
                _download(url, out, deadline, wait)
            except (_Late, urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", None) or exc
                if isinstance(exc, _Late) or time.monotonic() - started >= deadline:
                    reason = f"no complete answer within {deadline:g} s"
                elif isinstance(reason, TimeoutError):
                    reason = f"no answer for {wait:g} s"
                raise _offline(url, reason) from None
        try:
            loaded = load_list(tmp)
        except InputFileError as exc:
            raise ComplianceError(f"the file downloaded from {url} is not a usable list: {exc.message}") from None
        os.replace(tmp, target)
        return dataclasses.replace(loaded, path=str(target))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
