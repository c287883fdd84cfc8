"""The output paths of a run, checked before a single byte of the inputs is read.

Each output must be a new name or a regular file (a link to one is followed) in a folder that
exists, that can be written and whose disk is not full; it must not be one of the inputs (compared
by device and inode, so `./ledger.csv`, a symbolic link or a hard link to it are caught) and no two
outputs may be the same file. A refusal is one line, and nothing is read or written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from compliance.model.errors import OutputFileError, UsageError
from compliance.outputs.atomic import STDOUT, final_target

MIN_FREE_BYTES: Final = 1 << 20
"""A disk with less than this free is full for any output."""
MAX_EXPECTED_BYTES: Final = 256 << 20
"""The most free space asked for on an output's behalf: the inputs' size, up to this."""


@dataclass(frozen=True, slots=True)
class Output:
    """One output asked for: the option that named it and the path as given."""

    option: str
    path: str


def _identity(path: str | Path) -> tuple[int, int] | None:
    """Device and inode of the file a path names (links followed), None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _probe(folder: Path, path: str) -> None:
    """Create and remove a file in the folder: the one sure test that it can be written (even as root)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".sanctions-desk-", suffix=".probe", dir=folder)
    except OSError as exc:
        raise OutputFileError(f"cannot write in {folder}: {exc.strerror or exc}", path=path) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _check_space(folder: Path, needed: int, path: str, what: str) -> None:
    free = _free_bytes(folder)
    if free is not None and free < needed:
        raise OutputFileError(
            f"{what} has {free / 2**20:.1f} MiB free; at least {needed / 2**20:.1f} MiB is needed "
            "(the size of the inputs, at least 1 MiB)",
            path=path,
        )


def _folder(target: Path, path: str) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise OutputFileError(f"the folder {folder} does not exist", path=path)
    if not folder.is_dir():
        raise OutputFileError(f"{folder} is not a folder", path=path)
    return folder


def _output_key(output: Output, sources: dict[tuple[int, int], str], needed: int) -> object:
    """What makes the output one file (two outputs with one key collide), once it is known it can be written."""
    path = output.path
    if path == STDOUT:
        return STDOUT
    if not path.strip():
        raise UsageError(f"{output.option}: the file name is empty")
    target = final_target(path)  # a device, pipe, folder or a link to one is refused here
    folder = _folder(target, path)
    identity = _identity(target)
    if identity is not None and identity in sources:
        raise UsageError(f"{output.option} {path} is the input {sources[identity]}: writing it would destroy it")
    _probe(folder, path)
    _check_space(folder, needed, path, "the disk holding it")
    return identity or (_identity(folder), os.path.normcase(target.name))


def check_outputs(
    outputs: Sequence[Output], inputs: Sequence[str], *, to_stdout: frozenset[str], scratch: bool = False
) -> None:
    """Refuse (OutputFileError or UsageError, one line) any output that cannot or must not be written.

    `to_stdout` names the options that may be `-`; `scratch` asks for the temporary folder to be
    checked too (the workbook writer keeps its sheets there until it saves).
    """
    for output in outputs:
        if output.path == STDOUT and output.option not in to_stdout:
            raise UsageError(f"{output.option} -: standard output takes only the JSON; give a file name")
    sources = {identity: name for name in inputs if (identity := _identity(name)) is not None}
    needed = max(MIN_FREE_BYTES, min(sum(_size(name) for name in inputs), MAX_EXPECTED_BYTES))
    seen: dict[object, Output] = {}
    for output in outputs:
        try:
            key = _output_key(output, sources, needed)
        except OutputFileError as exc:  # name the option too: "--json /dev/null: is a device"
            raise OutputFileError(exc.message, path=f"{output.option} {output.path}") from None
        if key in seen:
            first = seen[key]
            raise UsageError(
                f"{first.option} and {output.option} name the same file ({output.path}); give each its own"
            )
        seen[key] = output
    if scratch or STDOUT in seen:
        folder = Path(tempfile.gettempdir())
        _probe(folder, f"temporary folder {folder}")
        _check_space(folder, needed, f"temporary folder {folder}", "its disk")


__all__ = ["MIN_FREE_BYTES", "Output", "check_outputs"]
