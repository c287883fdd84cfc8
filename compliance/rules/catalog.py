"""The regimes a desk can screen by: the shipped packs and the analyst's own scenarios, by id.

Shipped packs live in the rules folder (the measures in force and the 2019 draft at its top, the
later proposals in its `proposals/` folder); scenarios live in the user's folder. Every pack in the
catalog declares its regime (`[regime]`: id, label, status, date, notice); an amendment names the
regime it amends by id (or its base pack's id), so a scenario may amend a proposal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from compliance.model.errors import RuleFileError
from compliance.rules.packs import LoadedPack, RegimeStatus, load_pack
from compliance.rules.regime import Regime, compile_regimes

DEFAULT_REGIMES: tuple[str, str] = ("in-force", "draft-2019")
"""What a screening compares when the officer chooses nothing: the measures in force and the 2019 draft."""
PROPOSALS = "proposals"
"""Folder of the rules folder holding the later proposals' packs."""
_MAX_DEPTH = 16
"""Amendments of amendments: more than this is a loop or a mistake."""


@dataclass(frozen=True, slots=True)
class RegimeInfo:
    """A regime as `regimes list` and a chooser show it, before anything is compiled."""

    id: str
    label: str
    status: RegimeStatus
    date: dt.date
    path: str
    base: str | None
    """The id of the regime it amends; None for the measures in force."""
    notice: str
    banner: str | None
    title: str
    shipped: bool
    """From the rules folder (True) or the user's own folder (False)."""


@dataclass(frozen=True, slots=True)
class _Entry:
    info: RegimeInfo
    loaded: LoadedPack


def _pack_files(rules_dir: Path, user_dir: Path | None) -> list[tuple[Path, bool]]:
    files = [(p, True) for p in sorted(rules_dir.glob("*.toml"))]
    files += [(p, True) for p in sorted((rules_dir / PROPOSALS).glob("*.toml"))]
    if user_dir is not None and user_dir.is_dir():
        files += [(p, False) for p in sorted(user_dir.glob("*.toml"))]
    return files


def _declared(loaded: LoadedPack) -> None:
    if loaded.pack.regime is None:
        raise RuleFileError("declares no [regime] table (id, label, status, date, notice)", path=loaded.path)


def _catalog(rules_dir: str | Path, user_dir: str | Path | None) -> dict[str, _Entry]:
    """Every regime found, by id; a pack without a [regime] table, or an id used twice, is refused."""
    user = Path(user_dir) if user_dir is not None else None
    loaded: list[tuple[LoadedPack, bool]] = []
    for path, shipped in _pack_files(Path(rules_dir), user):
        pack = load_pack(path)
        _declared(pack)
        if not shipped and not pack.pack.is_amendment:
            raise RuleFileError(
                "a scenario amends a regime (pack.based_on); it cannot replace the measures in force", path=str(path)
            )
        loaded.append((pack, shipped))
    by_pack_id = {p.pack.pack.id: p.pack.regime.id for p, _ in loaded if p.pack.regime is not None}
    out: dict[str, _Entry] = {}
    for pack, shipped in loaded:
        declared = pack.pack.regime
        if declared is None:  # refused above; this tells the type checker
            continue
        if declared.id in out:
            raise RuleFileError(
                f"regime id '{declared.id}' is also declared by {out[declared.id].loaded.path}", path=pack.path
            )
        based_on = pack.pack.pack.based_on
        base = by_pack_id.get(based_on, based_on) if based_on is not None else None
        info = RegimeInfo(
            id=declared.id,
            label=declared.label,
            status=declared.status,
            date=declared.date,
            path=pack.path,
            base=base,
            notice=declared.notice,
            banner=declared.banner,
            title=pack.pack.pack.title,
            shipped=shipped,
        )
        out[declared.id] = _Entry(info, pack)
    return out


def find_regimes(rules_dir: str | Path, user_dir: str | Path | None = None) -> list[RegimeInfo]:
    """The regimes found in the rules folder and the user's folder: the shipped ones first (the
    measures in force, then the proposals by date), then the user's scenarios by date."""
    infos = [entry.info for entry in _catalog(rules_dir, user_dir).values()]
    return sorted(infos, key=lambda i: (not i.shipped, i.base is not None, i.date, i.id))


def _chain(last: LoadedPack, catalog: dict[str, _Entry]) -> tuple[LoadedPack, ...]:
    """The packs from the base pack to this one, following each amendment's base."""
    chain = [last]
    while chain[0].pack.is_amendment:
        based_on = chain[0].pack.pack.based_on
        found = [e.loaded for e in catalog.values() if based_on in (e.info.id, e.loaded.pack.pack.id)]
        if not found:
            raise RuleFileError(f"amends '{based_on}', which is not among the regimes found", path=chain[0].path)
        if len(chain) > _MAX_DEPTH or found[0] in chain:
            raise RuleFileError(f"amends '{based_on}', which amends it back (a loop of amendments)", path=last.path)
        chain.insert(0, found[0])
    return tuple(chain)


def _pack_for(id_or_path: str | Path, catalog: dict[str, _Entry]) -> LoadedPack:
    text = str(id_or_path)
    if text in catalog:
        return catalog[text].loaded
    path = Path(text)
    if path.suffix.lower() == ".toml" or path.exists():
        loaded = load_pack(path)
        _declared(loaded)
        return loaded
    known = ", ".join(catalog)
    raise RuleFileError(f"no regime '{text}' (known: {known}); give an id or the path of a .toml scenario")


def load_screening(
    regimes: Sequence[str | Path], rules_dir: str | Path, user_dir: str | Path | None = None
) -> tuple[Regime, ...]:
    """Regimes to screen together, by id or scenario path, compiled into one shared rule book."""
    catalog = _catalog(rules_dir, user_dir)
    chains = [_chain(_pack_for(r, catalog), catalog) for r in regimes]
    return compile_regimes(chains)


def load_regime(id_or_path: str | Path, rules_dir: str | Path, user_dir: str | Path | None = None) -> Regime:
    """One regime, by id or by the path of a scenario file, compiled on its own."""
    return load_screening([id_or_path], rules_dir, user_dir)[0]


def load_regimes(rules_dir: str | Path, regimes: Sequence[str | Path] = DEFAULT_REGIMES) -> tuple[Regime, ...]:
    """The regimes to screen by (ids or scenario paths; by default the measures in force and the 2019
    draft), compiled into one shared rule book."""
    if not regimes:
        raise RuleFileError("no regime to screen by")
    return load_screening(regimes, rules_dir, None)
