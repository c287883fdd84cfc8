"""A regime: a base rule pack, amended by zero or more packs, as the set of a rule book's rules it applies.

Regimes screened together share one RuleBook holding every rule of each (the base's, and the ones
amendments add, replace or modify), so the engine works out which measures a row touches once; each
regime then reads only the findings of its `active` rules, and shows its `lifted` ones as lifted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from compliance.model.errors import RuleFileError
from compliance.rules.amendments import modified
from compliance.rules.book import (
    CompiledCondition,
    CompiledException,
    RuleBook,
    RuleIndex,
    compile_book,
    compile_condition,
)
from compliance.rules.packs import Exception_, LoadedPack, RegimeDeclaration, Rule

__all__ = [
    "CompiledCondition",
    "CompiledException",
    "Measures",
    "Regime",
    "RuleBook",
    "RuleIndex",
    "amended_regime",
    "base_regime",
    "compile_book",
    "compile_condition",
    "compile_regimes",
    "measures_of",
]


@dataclass(frozen=True, slots=True)
class Regime:
    """A set of measures to judge rows by: the measures in force, a proposal, or a scenario."""

    id: str
    """The role in the screening JSON v1 ('current', 'draft') where the pack declares one, else the
    regime's own id."""
    title: str
    version: str
    sha256: str
    path: str
    description: str
    status_note: str | None
    book: RuleBook
    lifted: dict[str, str]
    """Rule id -> why the regime lifts it."""
    exceptions: tuple[tuple[CompiledException, ...], ...]
    """Per rule (same order as book.rules): its own exceptions, then the packs' shared ones."""
    packs: tuple[LoadedPack, ...]
    active: frozenset[int] = frozenset()
    """Indexes into book.rules of the rules this regime applies; findings of any other rule of the
    book (another regime's added or changed measure) mean nothing under this one."""
    declared: RegimeDeclaration | None = None
    """The regime's id, label, legal status, date and notice, from its last pack's [regime] table."""
    amended: dict[str, str] = field(default_factory=dict)
    """Rule id -> what the amendments changed (added, replaced or modified measures), in one line."""
    replaced: dict[str, str] = field(default_factory=dict)
    """A replaced rule's id -> the id of the rule replacing it, when the id changed."""

    @property
    def label(self) -> str:
        """The regime's name in a header, a chooser or a sentence ("US draft, May 2022 (vetoed; never adopted)")."""
        return self.declared.label if self.declared else self.title

    @property
    def is_law(self) -> bool:
        """Whether the regime is the measures in force (a proposal or a scenario never is)."""
        return self.declared is None or self.declared.status == "in force"

    @property
    def notice(self) -> str:
        """What every output showing this regime's verdicts must say of it ('' for the law in force)."""
        if self.is_law:
            return ""
        return self.declared.notice if self.declared else (self.status_note or "")


@dataclass
class Measures:
    """What a chain of packs amounts to: the measures by id, in order, with what was done to them."""

    rules: dict[str, Rule]
    lifted: dict[str, str] = field(default_factory=dict)
    amended: dict[str, str] = field(default_factory=dict)
    replaced: dict[str, str] = field(default_factory=dict)
    exceptions: list[tuple[LoadedPack, Exception_]] = field(default_factory=list)


def _fail(loaded: LoadedPack, message: str) -> RuleFileError:
    return RuleFileError(message, path=loaded.path)


def _check_names(loaded: LoadedPack, known: dict[str, Rule]) -> None:
    pack = loaded.pack
    unknown = [t for t in pack.targets if t not in known]
    for exc in pack.exception:
        unknown += [r for r in exc.rules if r != "*" and r not in known]
    if unknown:
        raise _fail(loaded, f"names rules the base pack does not have: {', '.join(dict.fromkeys(unknown))}")


PROPOSAL_STATUSES = frozenset({"proposal, never adopted", "vetoed draft"})
"""Regimes that were never law: their verdicts are judged as if they had been adopted before each row."""


def _amend(measures: Measures, loaded: LoadedPack, base: LoadedPack) -> None:
    """Apply one amendment's operations, in a fixed order: replace, modify, add, lift, exempt."""
    pack = loaded.pack
    _check_names(loaded, measures.rules)
    vocabulary = base.pack.vocabulary
    # A proposal is judged as if adopted before the row's date: the measures it writes bind at any date.
    proposal = pack.regime is not None and pack.regime.status in PROPOSAL_STATUSES
    for rep in pack.replace:
        if rep.by.id != rep.rule and rep.by.id in measures.rules:
            raise _fail(loaded, f"replace '{rep.rule}': rule '{rep.by.id}' already exists")
        by = rep.by.model_copy(update={"as_if_adopted": True}) if proposal else rep.by
        rules = {(by.id if k == rep.rule else k): (by if k == rep.rule else r) for k, r in measures.rules.items()}
        measures.rules = rules
        measures.lifted.pop(rep.rule, None)
        measures.amended[rep.by.id] = rep.change
        if rep.by.id != rep.rule:
            measures.replaced[rep.rule] = rep.by.id
    for mod in pack.modify:
        try:
            measures.rules[mod.rule] = modified(measures.rules[mod.rule], mod)
        except ValueError as exc:
            raise _fail(loaded, f"modify '{mod.rule}': {exc}") from None
        measures.lifted.pop(mod.rule, None)
        measures.amended[mod.rule] = mod.change
    for rule in pack.add:
        if rule.id in measures.rules:
            raise _fail(loaded, f"add '{rule.id}': the regime it amends already has this rule (use [[modify]])")
        measures.rules[rule.id] = rule.model_copy(update={"as_if_adopted": True}) if proposal else rule
        measures.amended[rule.id] = rule.reason
    for rule in (*pack.add, *(r.by for r in pack.replace)):
        lists = rule.goods.term_lists if rule.goods else ()
        missing = [t for t in (*lists, *rule.contract_types) if t not in vocabulary.terms | vocabulary.contract_types]
        if missing:
            raise _fail(loaded, f"rule '{rule.id}' names term lists or contract types the base lacks: {missing}")
    for lift in pack.lift:
        measures.lifted[lift.rule] = lift.reason
    measures.exceptions.extend((loaded, exc) for exc in pack.exception)


def measures_of(chain: Sequence[LoadedPack]) -> Measures:
    """The measures of a base pack amended, in turn, by each later pack of the chain."""
    base = chain[0]
    if base.pack.is_amendment:
        raise _fail(base, "the first pack of a regime must be a base pack, not an amendment")
    measures = Measures(rules={r.id: r for r in base.pack.rule})
    measures.exceptions.extend((base, exc) for exc in base.pack.exception)
    for loaded in chain[1:]:
        if not loaded.pack.is_amendment:
            raise _fail(loaded, "only the first pack of a regime is a base pack; this one amends nothing")
        _amend(measures, loaded, base)
    return measures


def _position(book: RuleBook, rule: Rule, loaded: LoadedPack) -> int:
    """Where a regime's rule sits in the book: the same object, or else an equal rule."""
    for i, candidate in enumerate(book.rules):
        if candidate is rule:
            return i
    for i, candidate in enumerate(book.rules):
        if candidate == rule:
            return i
    raise _fail(loaded, f"rule '{rule.id}' is added or changed here, and the rule book screened with it lacks it")


def _regime(book: RuleBook, chain: tuple[LoadedPack, ...], measures: Measures) -> Regime:
    """A regime described by the last of its packs (the base pack alone, or the last amendment)."""
    active = frozenset(_position(book, rule, chain[-1]) for rule in measures.rules.values())
    per_rule: list[list[CompiledException]] = [list(own) for own in book.own_exceptions]
    for loaded, exc in measures.exceptions:
        compiled = CompiledException(
            exc, compile_condition(exc.when, book.named, f"{loaded.path}: exception '{exc.id}'")
        )
        targets = range(len(book.rules)) if "*" in exc.rules else [i for i in active if book.rules[i].id in exc.rules]
        for i in targets:
            per_rule[i].append(compiled)
    defining = chain[-1]
    info = defining.pack.pack
    declared = defining.pack.regime
    return Regime(
        id=declared.id if declared else info.id,
        title=info.title,
        version=info.version,
        sha256=defining.sha256,
        path=defining.path,
        description=info.description,
        status_note=info.status_note,
        book=book,
        lifted=dict(measures.lifted),
        exceptions=tuple(tuple(x) for x in per_rule),
        packs=chain,
        active=active,
        declared=declared,
        amended=dict(measures.amended),
        replaced=dict(measures.replaced),
    )


def compile_regimes(chains: Sequence[Sequence[LoadedPack]]) -> tuple[Regime, ...]:
    """Regimes to screen together, each a chain of packs on the same base pack, sharing one book
    that holds the rules of all of them."""
    if not chains:
        return ()
    base = chains[0][0]
    for chain in chains:
        if chain[0].sha256 != base.sha256:
            raise _fail(chain[0], f"regimes screened together amend one base pack, here '{base.path}'")
    all_measures = [measures_of(chain) for chain in chains]
    own = set(map(id, base.pack.rule))
    more = [r for m in all_measures for r in m.rules.values() if id(r) not in own]
    book = compile_book(base, more)
    return tuple(_regime(book, tuple(chain), m) for chain, m in zip(chains, all_measures, strict=True))


def base_regime(loaded: LoadedPack, book: RuleBook | None = None) -> Regime:
    """The regime of a base pack on its own (the measures in force)."""
    return _regime(book or compile_book(loaded), (loaded,), measures_of((loaded,)))


def amended_regime(book: RuleBook, amendment: LoadedPack) -> Regime:
    """The regime of an amendment applied to a book's base pack, whose rules it must already hold."""
    info = amendment.pack.pack
    base = book.pack
    accepted = {base.pack.pack.id} | ({base.pack.regime.id} if base.pack.regime else set())
    if info.based_on not in accepted:
        raise RuleFileError(
            f"amends '{info.based_on}', but the base pack loaded is '{base.pack.pack.id}'", path=amendment.path
        )
    return _regime(book, (base, amendment), measures_of((base, amendment)))
