"""What every worker screens with: the rule packs and designation lists, shipped once by their hash.

The client reads the files' bytes into a `Bundle`, whose digest names it; Dask scatters it to each
worker once (its key is the hash of its content), and each worker process loads it once into a
`Context`, kept for every partition that names the same digest. Loading from the very bytes the client
read means every worker screens under the same packs, even on machines whose own copies differ.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from compliance.designations.parties import PartyScreening, load_party_screening
from compliance.model.errors import RuleFileError
from compliance.rules.catalog import DEFAULT_REGIMES, load_regimes
from compliance.rules.regime import Regime

MAX_LOADED: Final = 4
"""Contexts a worker keeps (one per distinct set of packs and lists it has screened with)."""


@dataclass(frozen=True, slots=True)
class Bundle:
    """The bytes of the rules folder, the designation lists and further amendment packs."""

    rules: tuple[tuple[str, bytes], ...]
    """(path inside the rules folder, bytes) of every file in it."""
    designations: tuple[tuple[str, bytes], ...]
    """(file name, bytes) of each designation list."""
    regimes: tuple[tuple[str, bytes], ...]
    """(file name, bytes) of each scenario file screened (a --regime outside the rules folder)."""
    chosen: tuple[str, ...] = ()
    """The regimes screened, in order (baseline, alternative, others): an id, or '#N' for the N-th file."""
    match_threshold: float | None = None
    review_threshold: float | None = None

    @property
    def digest(self) -> str:
        """SHA-256 over every file and setting: two bundles with one digest screen alike."""
        digest = hashlib.sha256()
        for group in (self.rules, self.designations, self.regimes):
            digest.update(b"\x00group")
            for name, data in group:
                digest.update(name.encode() + b"\x00" + hashlib.sha256(data).digest())
        digest.update("\x00".join(self.chosen).encode())
        digest.update(repr((self.match_threshold, self.review_threshold)).encode())
        return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Context:
    """The loaded regimes (the baseline, the alternative, then any further ones, sharing one rule
    book so that one pass screens them all) and the matcher a partition is screened with."""

    regimes: tuple[Regime, ...]
    parties: PartyScreening | None

    @property
    def baseline(self) -> Regime:
        return self.regimes[0]

    @property
    def alternative(self) -> Regime:
        return self.regimes[1]

    @property
    def others(self) -> tuple[Regime, ...]:
        return self.regimes[2:]


def _read(path: str | Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise RuleFileError(f"cannot read {what}: {exc.strerror or exc}", path=str(path)) from None


def make_bundle(
    rules_dir: str | Path,
    designations: list[str],
    regimes: list[str],
    match_threshold: float | None = None,
    review_threshold: float | None = None,
) -> Bundle:
    """Read every file the screening depends on (an unreadable one is a RuleFileError). `regimes`: ids
    of the rules folder's regimes, or paths of scenario files, in the order screened."""
    files = [r for r in regimes if Path(r).is_file()]
    chosen = tuple(f"#{files.index(r)}" if r in files else r for r in regimes)
    return _bundle(rules_dir, designations, files, chosen, match_threshold, review_threshold)


def _bundle(
    rules_dir: str | Path,
    designations: list[str],
    regimes: list[str],
    chosen: tuple[str, ...],
    match_threshold: float | None,
    review_threshold: float | None,
) -> Bundle:
    """Read every file the screening depends on (an unreadable one is a RuleFileError)."""
    root = Path(rules_dir)
    if not root.is_dir():
        raise RuleFileError("the rules folder does not exist", path=str(root))
    rules = tuple(
        (str(path.relative_to(root)), _read(path, "a rule file"))
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    )
    return Bundle(
        rules=rules,
        designations=tuple((Path(p).name, _read(p, "the designation list")) for p in designations),
        regimes=tuple((Path(p).name, _read(p, "the rule pack")) for p in regimes),
        chosen=chosen,
        match_threshold=match_threshold,
        review_threshold=review_threshold,
    )


_LOADED: dict[str, Context] = {}


def _unpack(files: tuple[tuple[str, bytes], ...], folder: Path, apart: bool = False) -> list[Path]:
    """Write the files under the folder; `apart`: each in a numbered folder, as two may share a name."""
    written = []
    for number, (name, data) in enumerate(files):
        target = folder / str(number) / name if apart else folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def load_context(bundle: Bundle) -> Context:
    """The bundle's regimes and matcher, loaded once per process (later calls reuse them)."""
    digest = bundle.digest
    loaded = _LOADED.get(digest)
    if loaded is not None:
        return loaded
    folder = Path(tempfile.mkdtemp(prefix="sanctions-desk-lookback-"))
    try:
        rules = folder / "rules"
        _unpack(bundle.rules, rules)
        packs = _unpack(bundle.regimes, folder / "regimes", apart=True)
        refs = [packs[int(c[1:])] if c.startswith("#") else c for c in bundle.chosen] or list(DEFAULT_REGIMES)
        regimes = load_regimes(rules, refs)
        lists = _unpack(bundle.designations, folder / "designations", apart=True)
        parties = load_party_screening([os.fspath(p) for p in lists], bundle.match_threshold, bundle.review_threshold)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if len(_LOADED) >= MAX_LOADED:
        _LOADED.pop(next(iter(_LOADED)))
    context = Context(regimes, parties)
    _LOADED[digest] = context
    return context
