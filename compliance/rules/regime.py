"""A regime: a base rule pack, optionally amended, compiled for fast evaluation.

Both regimes share one compiled rule list (the draft amends, it does not redefine), so the engine
works out which measures a row touches once and then reads the outcome under each regime.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from compliance.model.errors import RuleFileError
from compliance.normalise.terms import TermIndex
from compliance.rules.languages import goods_vocabulary, load_languages, term_kinds
from compliance.rules.packs import Condition, Exception_, LoadedPack, Rule, load_pack

CURRENT_PACK = "un-dprk-in-force.toml"
DRAFT_PACK = "draft-2019-cn-ru.toml"


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    """A Condition with its term lists turned into indexes, ready to test against a record."""

    source: Condition
    terms: TermIndex[int] | None
    fields: tuple[str, ...]
    any_of: tuple[CompiledCondition, ...]
    all_of: tuple[CompiledCondition, ...] = ()
    none_of: tuple[CompiledCondition, ...] = ()


def compile_condition(cond: Condition, named: dict[str, Condition], where: str) -> CompiledCondition:
    """Resolve named conditions and index the terms of a condition tree."""
    if cond.named is not None:
        if cond.named not in named:
            raise RuleFileError(f"{where}: unknown named condition '{cond.named}'")
        base = named[cond.named]
        if base.named is not None:
            raise RuleFileError(f"{where}: named condition '{cond.named}' may not name another")
        return compile_condition(base, named, where)
    index: TermIndex[int] | None = None
    if cond.terms:
        index = TermIndex()
        index.add(cond.terms, 0)
    return CompiledCondition(
        source=cond,
        terms=index,
        fields=cond.fields,
        any_of=tuple(compile_condition(c, named, where) for c in cond.any_of),
        all_of=tuple(compile_condition(c, named, where) for c in cond.all_of),
        none_of=tuple(compile_condition(c, named, where) for c in cond.none_of),
    )


@dataclass(frozen=True, slots=True)
class CompiledException:
    """An exception ready to test; `rule_ids` is ('*',) for one that covers every measure."""

    exception: Exception_
    when: CompiledCondition


@dataclass(slots=True)
class RuleIndex:
    """Where to look first: rules by the DPRK link they need, goods rules by HS chapter and term."""

    by_link: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_chapter: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """HS chapter -> goods rules with a prefix in that chapter."""
    goods_terms: TermIndex[int] = field(default_factory=TermIndex)
    """Description terms -> goods rules (for rows without a code, and for conflicts)."""
    unconditional: tuple[int, ...] = ()
    """Rules that are not goods rules or are goods rules matched by terms only."""


@dataclass(frozen=True, slots=True)
class RuleBook:
    """The base pack's rules, compiled once and shared by every regime built on it."""

    pack: LoadedPack
    rules: tuple[Rule, ...]
    when: tuple[CompiledCondition | None, ...]
    own_exceptions: tuple[tuple[CompiledException, ...], ...]
    index: RuleIndex
    contract_types: TermIndex[str]
    contract_types_from_fields: dict[str, tuple[str, ...]]
    contract_types_from_text: tuple[str, ...]
    units: dict[str, dict[str, float]]
    named: dict[str, Condition]
    languages: tuple[str, ...] = ()
    """Codes of the languages whose terms were loaded beside English."""
    read_as: dict[str, str] = field(default_factory=dict)
    """A term of another language -> the goods it names in English ("鱿鱼" -> "seafood")."""


@dataclass(frozen=True, slots=True)
class Regime:
    """A set of measures to judge rows by: the measures in force, or the draft."""

    id: str
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


def _chapter_of(prefix: str) -> str:
    return prefix[:2]


def compile_book(loaded: LoadedPack) -> RuleBook:
    """Compile a base pack's rules and indexes."""
    pack = loaded.pack
    named = dict(pack.vocabulary.conditions)
    where = loaded.path
    rules = pack.rule
    by_link: dict[str, list[int]] = defaultdict(list)
    by_chapter: dict[str, list[int]] = defaultdict(list)
    goods_terms: TermIndex[int] = TermIndex()
    unconditional: list[int] = []
    languages = load_languages(loaded)
    for i, rule in enumerate(rules):
        for link in rule.links:
            by_link[link].append(i)
        if rule.goods:
            terms, exclusions = goods_vocabulary(rule.goods, pack.vocabulary, languages)
            goods_terms.add(terms, i, exclusions)
        if rule.goods and rule.goods.hs:
            for chapter in sorted({_chapter_of(p) for p in rule.goods.hs}):
                by_chapter[chapter].append(i)
        else:
            unconditional.append(i)
    contract_types: TermIndex[str] = TermIndex()
    for name, english in pack.vocabulary.contract_types.items():
        contract_types.add(english, name)
    for language in languages:
        for name, written in language.contract_types.items():
            if name in pack.vocabulary.contract_types:
                contract_types.add(written, name)
    return RuleBook(
        pack=loaded,
        rules=rules,
        when=tuple(compile_condition(r.when, named, f"{where}: rule '{r.id}'") if r.when else None for r in rules),
        own_exceptions=tuple(
            tuple(
                CompiledException(e, compile_condition(e.when, named, f"{where}: rule '{r.id}'")) for e in r.exceptions
            )
            for r in rules
        ),
        index=RuleIndex(
            by_link={k: tuple(v) for k, v in by_link.items()},
            by_chapter={k: tuple(v) for k, v in by_chapter.items()},
            goods_terms=goods_terms,
            unconditional=tuple(unconditional),
        ),
        contract_types=contract_types,
        contract_types_from_fields=dict(pack.vocabulary.contract_types_from_fields),
        contract_types_from_text=pack.vocabulary.contract_types_from_text,
        units=pack.vocabulary.units,
        named=named,
        languages=tuple(lang.code for lang in languages),
        read_as=term_kinds(pack.vocabulary, languages),
    )


def _shared_exceptions(book: RuleBook, packs: tuple[LoadedPack, ...]) -> tuple[tuple[CompiledException, ...], ...]:
    per_rule: list[list[CompiledException]] = [list(own) for own in book.own_exceptions]
    ids = {r.id: i for i, r in enumerate(book.rules)}
    for loaded in packs:
        for exc in loaded.pack.exception:
            compiled = CompiledException(
                exc, compile_condition(exc.when, book.named, f"{loaded.path}: exception '{exc.id}'")
            )
            targets = range(len(book.rules)) if "*" in exc.rules else [ids[r] for r in exc.rules]
            for i in targets:
                per_rule[i].append(compiled)
    return tuple(tuple(x) for x in per_rule)


def _regime(book: RuleBook, packs: tuple[LoadedPack, ...], lifted: dict[str, str]) -> Regime:
    """A regime described by the last of its packs (the base pack alone, or the amendment)."""
    defining = packs[-1]
    info = defining.pack.pack
    return Regime(
        id=info.regime,
        title=info.title,
        version=info.version,
        sha256=defining.sha256,
        path=defining.path,
        description=info.description,
        status_note=info.status_note,
        book=book,
        lifted=lifted,
        exceptions=_shared_exceptions(book, packs),
        packs=packs,
    )


def base_regime(loaded: LoadedPack, book: RuleBook | None = None) -> Regime:
    """The regime of a base pack on its own (the measures in force)."""
    return _regime(book or compile_book(loaded), (loaded,), {})


def amended_regime(book: RuleBook, amendment: LoadedPack) -> Regime:
    """The regime of an amendment applied to the base pack's rules."""
    info = amendment.pack.pack
    base_id = book.pack.pack.pack.id
    if info.based_on != base_id:
        raise RuleFileError(f"amends '{info.based_on}', but the base pack loaded is '{base_id}'", path=amendment.path)
    known = {r.id for r in book.rules}
    unknown = [lift.rule for lift in amendment.pack.lift if lift.rule not in known]
    for exc in amendment.pack.exception:
        unknown += [r for r in exc.rules if r != "*" and r not in known]
    if unknown:
        raise RuleFileError(f"names rules the base pack does not have: {', '.join(unknown)}", path=amendment.path)
    return _regime(book, (book.pack, amendment), {lift.rule: lift.reason for lift in amendment.pack.lift})


def load_regimes(rules_dir: str | Path) -> tuple[Regime, Regime]:
    """The measures in force and the December 2019 draft, from a rules folder."""
    rules_dir = Path(rules_dir)
    base = load_pack(rules_dir / CURRENT_PACK)
    if base.pack.pack.based_on is not None:
        raise RuleFileError("the measures in force must be a base pack, not an amendment", path=base.path)
    draft = load_pack(rules_dir / DRAFT_PACK)
    if draft.pack.pack.based_on is None:
        raise RuleFileError("the draft must be an amendment (pack.based_on)", path=draft.path)
    book = compile_book(base)
    return base_regime(base, book), amended_regime(book, draft)
