"""Atomic writes: a temporary file in the target's folder, renamed over the target when complete.

A failed, cancelled or interrupted export never leaves a partial file behind, and never replaces
anything but a regular file: a device, a pipe or a folder at the target's path is refused. A
symbolic link to a regular file is followed, so the link survives and its target is replaced.

`atomic_write` writes one file. `StagedOutputs` writes several (the JSON, the workbook and the report
of one run) so that either all of them appear or none: each is staged beside its target and they
are moved into place together once every one is complete. `-` stages to an unnamed temporary file
and copies it to standard output at the end, so a failed run prints no half document either.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

from compliance.model.errors import OutputFileError

STDOUT: Final = "-"
"""The output name that means standard output."""

_STAGED: set[str] = set()
"""Temporary files of this process not yet moved into place or removed (removed at exit if left)."""


@atexit.register
def _remove_leftovers() -> None:
    for name in list(_STAGED):
        with contextlib.suppress(OSError):
            os.unlink(name)


def special_kind(mode: int) -> str | None:
    """What a file that is not regular is ('a folder', 'a device' ...), None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_open_descriptor(link: Path, path: str) -> None:
    """A link into /proc/*/fd or /dev/fd (/dev/stdout is one) names whatever that descriptor is open on
    (a terminal, a pipe, the file the shell redirected to): never a file to replace."""
    hop = link
    for _ in range(40):  # the kernel's own limit on links followed
        try:
            hop = Path(os.path.normpath(hop.parent / os.readlink(hop)))
        except OSError:
            return
        if (hop.parts[1:2] == ("proc",) and "fd" in hop.parts) or hop.parts[1:3] == ("dev", "fd"):
            raise OutputFileError(f"is a link to an open file ({hop}); for standard output give -", path=path)


def final_target(path: str | Path) -> Path:
    """The file a write to `path` should replace: the path itself, or the end of its symbolic links.

    OutputFileError when something other than a regular file is there (directly or through links).
    """
    target = Path(path)
    try:
        linked = stat.S_ISLNK(os.lstat(target).st_mode)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputFileError(f"cannot write here: {exc.strerror or exc}", path=str(path)) from None
    if linked:
        _refuse_open_descriptor(target, str(path))
        target = Path(os.path.realpath(target))
    try:
        kind = special_kind(os.stat(target).st_mode)
    except FileNotFoundError:  # a link to a file not made yet: the file is made where it points
        return target
    except OSError as exc:
        raise OutputFileError(f"cannot write here: {exc.strerror or exc}", path=str(path)) from None
    if kind is not None:
        through = f"a link to {kind} ({target})" if linked else kind
        raise OutputFileError(f"is {through}; only a regular file or a new name can be written", path=str(path))
    return target


class StagedFile:
    """One output being written: a private temporary file beside its target until `commit`."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.to_stdout = self.path == STDOUT
        self.target = Path() if self.to_stdout else final_target(path)
        self.temp: str | None = None
        try:
            if self.to_stdout:
                self.handle: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 (unnamed: nothing to leave behind)
                return
            folder = self.target.parent if str(self.target.parent) else Path(".")
            fd, self.temp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part", dir=folder)
            _STAGED.add(self.temp)
            self.handle = os.fdopen(fd, "wb")
        except OSError as exc:
            raise self.error(exc) from None

    def error(self, exc: OSError, what: str = "cannot write here") -> OutputFileError:
        """The one-line error for this output."""
        if self.to_stdout:
            return OutputFileError(f"cannot write to standard output: {exc.strerror or exc}")
        return OutputFileError(f"{what}: {exc.strerror or exc}", path=self.path)

    def finish(self) -> None:
        """Flush everything to disk (a full disk shows here, before anything is moved into place)."""
        try:
            if not self.handle.closed:
                self.handle.flush()
                os.fsync(self.handle.fileno())
                if not self.to_stdout:
                    self.handle.close()
            if self.temp is not None:
                # mkstemp creates the file private; give it the permissions a normal save would have.
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.temp, 0o666 & ~umask)
        except OSError as exc:
            raise self.error(exc) from None

    def commit(self) -> None:
        """Move the finished file into place (or copy it to standard output)."""
        try:
            if self.to_stdout:
                self.handle.seek(0)
                shutil.copyfileobj(self.handle, sys.stdout.buffer)
                sys.stdout.buffer.flush()
                self.handle.close()
                return
            assert self.temp is not None
            final_target(self.path)  # still nothing but a regular file or nothing there
            os.replace(self.temp, self.target)
            _STAGED.discard(self.temp)
        except OSError as exc:
            raise self.error(exc) from None

    def discard(self) -> None:
        """Remove the temporary file; the target is untouched."""
        with contextlib.suppress(OSError):
            self.handle.close()
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            _STAGED.discard(self.temp)


class StagedOutputs:
    """The outputs of one run, moved into place together; leaving the `with` block by an error removes all."""

    def __init__(self) -> None:
        self.files: list[StagedFile] = []
        self.committed = False

    def stage(self, path: str | Path) -> StagedFile:
        """A new output, written through `.handle` (or by name through `.temp`)."""
        staged = StagedFile(path)
        self.files.append(staged)
        return staged

    def commit(self) -> None:
        """Flush every output, then move each into place; a failure moving one removes those already moved."""
        for staged in self.files:
            staged.finish()
        done: list[StagedFile] = []
        try:
            for staged in sorted(self.files, key=lambda s: s.to_stdout):  # standard output last: it cannot be undone
                staged.commit()
                done.append(staged)
        except BaseException:
            for moved in done:  # these were complete, but the run as a whole was not: take them back
                if not moved.to_stdout:
                    with contextlib.suppress(OSError):
                        os.unlink(moved.target)
            raise
        self.committed = True

    def discard(self) -> None:
        """Remove every output not yet moved into place."""
        for staged in self.files:
            staged.discard()

    def __enter__(self) -> StagedOutputs:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        self.discard()  # after a commit only closed handles remain; otherwise nothing half-written stays


@contextlib.contextmanager
def atomic_write(path: str | Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces `path`, on any error it is removed."""
    staged = StagedFile(path)
    try:
        yield staged.handle
        staged.finish()
        staged.commit()
    finally:
        staged.discard()


__all__ = ["STDOUT", "StagedFile", "StagedOutputs", "atomic_write", "final_target", "special_kind"]
