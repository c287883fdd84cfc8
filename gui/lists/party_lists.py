"""Which designation lists the window screens against: the choice, the lists read, and reading them.

`load_parties` is plain Python (tests and workers call it directly). `PartyLists` keeps the officer's
choice in the settings, caches what was read so a re-screen does not re-read a list, and drops a list
that can no longer be read, telling the officer once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from compliance.designations import DesignationList, load_list
from compliance.designations.matcher import DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD
from compliance.designations.parties import PartyScreening, party_screening_from_lists
from compliance.model.errors import ComplianceError
from gui.errors import show_error
from gui.settings import Settings
from gui.tasks import Cancelled, TaskRunner

OFF_TEXT = "Party screening off: no designation list loaded"
SHA_PREFIX = 12


@dataclass(frozen=True, slots=True)
class PartyChoice:
    """The designation lists to screen against (absolute paths, in order) and the name-score thresholds."""

    paths: tuple[str, ...] = ()
    match: float = DEFAULT_MATCH_THRESHOLD
    review: float = DEFAULT_REVIEW_THRESHOLD


@dataclass(frozen=True, slots=True)
class PartyLoad:
    """The lists read for a choice: the screening built from them, and the files that could not be read."""

    choice: PartyChoice
    screening: PartyScreening | None
    dropped: tuple[tuple[str, BaseException], ...] = field(default=())


def list_path(path: str | Path) -> str:
    """The form a list's path is remembered and compared in."""
    return str(Path(path).expanduser().resolve())


def fits(screening: PartyScreening | None, choice: PartyChoice) -> bool:
    """True when `screening` was built for exactly this choice."""
    if screening is None:
        return not choice.paths
    return (
        tuple(d.path for d in screening.lists) == choice.paths
        and screening.match_threshold == choice.match
        and screening.review_threshold == choice.review
    )


def load_parties(
    choice: PartyChoice,
    known: Iterable[DesignationList] = (),
    cached: PartyScreening | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PartyLoad:
    """Read the chosen lists (reusing `known` ones) and build the matcher; unreadable lists are dropped."""
    if cached is not None and fits(cached, choice):
        return PartyLoad(choice, cached)
    by_path = {d.path: d for d in known}
    lists: list[DesignationList] = []
    dropped: list[tuple[str, BaseException]] = []
    for path in choice.paths:
        if cancelled is not None and cancelled():
            raise Cancelled
        designations = by_path.get(path)
        if designations is None:
            try:
                designations = read_list(path)
            except ComplianceError as exc:
                dropped.append((path, exc))
                continue
        lists.append(designations)
    if not lists:
        return PartyLoad(choice, None, tuple(dropped))
    return PartyLoad(choice, party_screening_from_lists(lists, choice.match, choice.review), tuple(dropped))


def read_list(path: str | Path) -> DesignationList:
    """Read one list file, remembered under its absolute path."""
    absolute = list_path(path)
    return replace(load_list(absolute), path=absolute)


def describe_list(designations: DesignationList) -> str:
    """'UN Security Council Consolidated List (DPRK entries) (2017-07-03, SHA-256 4ea9d976981d)'."""
    day = designations.generated.isoformat() if designations.generated else "undated"
    return f"{designations.name} ({day}, SHA-256 {designations.sha256[:SHA_PREFIX]})"


def notice_text(screening: PartyScreening | None, pending: int = 0) -> str:
    """The summary bar's one-line statement of party screening (`pending`: lists chosen, not yet read)."""
    if screening is None and pending:
        return f"Party screening: reading {pending} designation list{'s' if pending > 1 else ''}…"
    if screening is None:
        return OFF_TEXT
    return "Party screening: " + "; ".join(describe_list(d) for d in screening.lists)


def notice_tip(screening: PartyScreening | None) -> str:
    """The notice's tooltip: files, full hashes and thresholds."""
    if screening is None:
        return "Names and IMO numbers are not checked against the UN 1718 lists. Click to load a list."
    lines = [f"{d.name}: {Path(d.path).name}, SHA-256 {d.sha256}" for d in screening.lists]
    lines.append(
        f"Prohibited at a name score of {screening.match_threshold:g} or more, "
        f"review from {screening.review_threshold:g}. Click to change."
    )
    return "\n".join(lines)


class PartyLists(QObject):
    """The window's designation lists: the choice (kept in the settings) and the lists read for it."""

    changed = Signal()
    """The choice or the lists read for it changed (the notice may need updating)."""

    def __init__(self, settings: Settings, parent: QWidget, *, persist: bool = True) -> None:
        super().__init__(parent)
        self.settings = settings
        self.persist = persist
        self._parent = parent
        match, review = settings.thresholds(DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD)
        paths = tuple(dict.fromkeys(list_path(p) for p in settings.designation_lists))
        self.choice = PartyChoice(paths, match, review)
        self.loaded: PartyScreening | None = None
        """The screening built for the current choice, once a worker has built it."""
        self._known: dict[str, DesignationList] = {}
        self._remembered = True
        """False while the lists come from the command line: dropping one then is not saved."""
        self.runner = TaskRunner(self)
        self.dialog_runner = TaskRunner(self)
        """For the designation dialog: reading or downloading outlives the dialog that asked for it."""

    @property
    def known(self) -> tuple[DesignationList, ...]:
        """Every list read this session (newest copy of each file)."""
        return tuple(self._known.values())

    def current(self) -> PartyScreening | None:
        """The lists for the current choice, if already built."""
        return self.loaded if self.loaded is not None and fits(self.loaded, self.choice) else None

    def resolver(self) -> Callable[[Callable[[], bool]], PartyLoad]:
        """A plain function for a screening worker: the lists for the current choice, read if need be."""
        choice, known, cached = self.choice, self.known, self.current()
        return lambda cancelled: load_parties(choice, known, cached, cancelled)

    def load_in_background(self) -> None:
        """Read the chosen lists on the thread pool (at start, or after a change with no file open)."""
        if not self.choice.paths:
            self.loaded = None
            self.changed.emit()
            return
        resolve = self.resolver()
        self.runner.start(
            "Reading designation lists…",
            lambda state: resolve(state.cancelled),
            self.accept,
            lambda exc: show_error(self._parent, exc),
        )

    def load_now(self, paths: Sequence[str | Path]) -> None:
        """Read lists in this thread (screenshot mode); raises the first list's error."""
        choice = replace(self.choice, paths=tuple(list_path(p) for p in paths))
        load = load_parties(choice)
        if load.dropped:
            raise load.dropped[0][1]
        self.choice, self.loaded = choice, load.screening
        self._remember_lists(load.screening)
        self.changed.emit()

    def use(self, paths: Sequence[str | Path]) -> None:
        """Screen against these lists for this session (the command line's --designations), read in the background."""
        self.choice = replace(self.choice, paths=tuple(dict.fromkeys(list_path(p) for p in paths)))
        self._remembered = False
        self.load_in_background()

    def set_choice(self, choice: PartyChoice, lists: Iterable[DesignationList] = ()) -> None:
        """The officer chose lists and thresholds (`lists`: those already read, by the dialog)."""
        self._known.update({d.path: d for d in lists})
        self.choice = choice
        self._remembered = True
        if self.persist:
            self._save()
        self.changed.emit()

    def accept(self, load: PartyLoad | None) -> None:
        """A worker read the lists: keep them, and drop (and report) the files it could not read."""
        if load is None or load.choice != self.choice:
            return  # the officer has chosen again since; that choice's own load reports
        self.loaded = load.screening
        self._remember_lists(load.screening)
        if load.dropped:
            gone = {path for path, _exc in load.dropped}
            self.choice = replace(self.choice, paths=tuple(p for p in self.choice.paths if p not in gone))
            if self.persist and self._remembered:
                self._save()
        self.changed.emit()
        for _path, exc in load.dropped:
            show_error(self._parent, exc)

    def _remember_lists(self, screening: PartyScreening | None) -> None:
        for designations in screening.lists if screening else ():
            self._known[designations.path] = designations

    def _save(self) -> None:
        self.settings.designation_lists = self.choice.paths
        self.settings.set_thresholds(self.choice.match, self.choice.review)
