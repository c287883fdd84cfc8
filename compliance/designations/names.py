"""Names as ledgers write them -> comparable keys: case, accents, punctuation, company forms and
Korean romanisation variants collapse before any scoring.

The UN lists DPRK names in McCune-Reischauer style ("KY'ONG-SU", "Ch'o'l"), traders write them in
South Korean Revised Romanisation ("Kyeong-su"), English habit ("Lee", "Park", "Choi") or run
together ("Riwonho"). Each token is reduced to a *romanisation key* in which those spellings meet:
Ri/Yi/Lee/Rhee/Li -> "i", Pak/Park/Bak -> "pak", eo -> o, eu -> u, oo -> u, j -> ch, b -> p, d -> t,
g -> k (not in a final ng), initial l -> r. The rules are applied to every token on both sides, so
they need not know which tokens are Korean: an English word changes the same way in list and ledger.

Company-form words ("Co., Ltd.", "Corporation", "JSC"), titles and articles are dropped. Generic
descriptors ("Korea", "Choson", "Trading", "General", "International") stay, each as a one-character
placeholder: two names sharing only "Korea ... Trading" are not alike ("Korea Trading Co." is far
from "Korea Kumsan Trading Corporation"), and a name that leaves one out ("Daesong Bank" for "Korea
Daesong Bank") loses little. "Bank", "Shipping", "Mining" and the like are not generic: they tell a
bank from a shipping company. A typo in a company-form or generic word ("Corporaton") is read as it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

__all__ = [
    "GENERIC_WORDS",
    "LEGAL_FORMS",
    "NameKey",
    "name_key",
    "normalise_text",
    "romanisation_key",
    "words",
]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Legal-form and company-form words: never what tells one company from another.
LEGAL_FORMS: Final[frozenset[str]] = _word_set(
    """
    co cos company companies corp corporation corporations inc incorporated ltd limited llc llp
    lp plc jsc ojsc cjsc pjsc pte pty pvt private gmbh ag sa sarl srl spa bv nv kk sdn bhd
    oao zao ooo tov
    """
)
# Words that carry no identity of their own in a name: articles and conjunctions.
STOP_WORDS: Final[frozenset[str]] = frozenset({"the", "of", "and", "for", "a"})
# Courtesy titles ledgers put before a person's name.
TITLES: Final[frozenset[str]] = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "mme", "mdm"})
# Descriptors shared by many designated and innocent names alike. In the full name each becomes a
# one-character placeholder (so "Korea ... Trading" shared by two names adds little similarity, and
# dropping one costs little); the core leaves them out. "Bank", "shipping" and "mining" are not here:
# they tell a bank from a shipping company, so ignoring them would merge different entities.
_GENERIC_GROUPS: Final[dict[str, str]] = {
    "K": "korea korean koreas dprk north choson chosun chosen joseon",
    "P": "pyongyang",
    "T": "trading trade traders",
    "G": "general",
    "I": "international intl",
    "H": "group holding holdings",
    "E": "enterprise enterprises",
    "X": "import export imp exp",
    "N": "industrial",
    "C": "commercial",
    "J": "joint venture jv",
}
GENERIC_WORDS: Final[dict[str, str]] = {
    word: symbol for symbol, spelled in _GENERIC_GROUPS.items() for word in spelled.split()
}
# Spellings of one word that romanisation rules cannot reach.
_SYNONYMS: Final[dict[str, str]] = {
    "banking": "bank",
    "intl": "international",
    "int": "international",
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "cooperation": "corporation",  # the UN's own "DPRKN MINING DEVELOPMENT TRADING COOPERATION"
}
# Prefixes before a vessel's name.
_VESSEL_PREFIXES: Final[frozenset[str]] = frozenset({"mv", "mt", "ms", "ss", "fv", "mmv", "vessel", "ship"})
_NUMBER_WORDS: Final[frozenset[str]] = frozenset({"no", "nr", "number", "num"})

# Whole-token spellings of Korean surnames and syllables (after case folding, apostrophes removed).
# The targets are fixed points of the rules in `romanisation_key`, so table and rules agree.
_SYLLABLES: Final[dict[str, str]] = {}
for _target, _spellings in {
    "i": "ri rhee lee li yi rhie yee rhi ree i",
    "pak": "pak park bak parck pag",
    "paek": "paek baek paik baik",
    "choe": "choe choi chwe choy choei",
    "kim": "kim gim kym",
    "chong": "jong chong jeong chung jung cheong joung",
    "yu": "ryu yu yoo you ryoo",
    "sin": "sin shin syn",
    "o": "o oh",
    "son": "son sohn",
    "hyon": "hyon hyun hyeon",
    "im": "im lim rim yim",
    "u": "u woo wu",
    "yun": "yun yoon youn",
    "ko": "ko go koh",
    "chol": "chol cheol chul",
    "song": "song seong sung",
    "yong": "yong young yeong ryong lyong",
    "kyong": "kyong kyeong kyung gyeong",
    "myong": "myong myeong myung",
    "hyong": "hyong hyeong hyung",
    "choson": "choson chosun chosen joseon choseon",
}.items():
    for _spelling in _spellings.split():
        _SYLLABLES[_spelling] = _target

_APOSTROPHES: Final = re.compile("['\u2019\u2018`\u00b4\u02bc\u02bb\u2032]")
_NON_WORD: Final = re.compile(r"[\W_]+")
_ASCII_WORD: Final = re.compile(r"[a-z]+")
_VOWELS: Final = frozenset("aeiou")
_DOUBLED: Final = re.compile(r"([a-z])\1+")
# Vowel spellings that differ between McCune-Reischauer (DPRK, UN), Revised Romanisation (ROK) and
# English habit; applied inside joined tokens too ("Kyungsu", "Ilwoo").
_SPELLINGS: Final = (("eo", "o"), ("eu", "u"), ("oo", "u"), ("ou", "u"), ("ee", "i"), ("yung", "yong"), ("wu", "u"))


def normalise_text(text: str) -> str:
    """Case-folded, accent-free text with punctuation turned into single spaces ("Ch'o'l-Chae" -> "chol chae")."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    folded = _APOSTROPHES.sub("", folded).replace("&", " and ")
    # Strip accents (o-breve, u-breve of McCune-Reischauer), then recompose so Hangul stays whole.
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFC", stripped)).split())


def _rewrite(tokens: list[str]) -> list[str]:
    """Phrase-level fixes: 'J/V' -> 'jv', 'No. 39' -> '39', ordinals and a few synonyms."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token == "v" and out and out[-1] == "j":
            out[-1] = "jv"
            continue
        if token in _NUMBER_WORDS and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            continue
        out.append(_SYNONYMS.get(token, token))
    return out


# Long English company-form and generic words, so a typo in them ("Corporaton", "Tradnig") is still
# read as the word: otherwise the misspelt word would count as a distinctive part of the name.
# Korean generic spellings (Choson, Chosun) are left out: one edit away lie real syllables ("Choon").
_KOREAN_GENERIC: Final = frozenset({"choson", "chosun", "chosen", "joseon", "koreas"})
_VOCABULARY: Final[tuple[str, ...]] = tuple(
    sorted(w for w in LEGAL_FORMS | frozenset(GENERIC_WORDS) if len(w) >= 5 and w not in _KOREAN_GENERIC)
)
_VOCABULARY_BY_INITIAL: Final[dict[str, tuple[str, ...]]] = {
    initial: tuple(w for w in _VOCABULARY if w[0] == initial) for initial in {w[0] for w in _VOCABULARY}
}


@lru_cache(maxsize=65536)
def _known_word(token: str) -> str:
    """The company-form or generic word a token misspells, or the token itself.

    One edit from five letters (same first letter), two edits from nine letters (any)."""
    if len(token) < 5 or token in LEGAL_FORMS or token in GENERIC_WORDS or token in _SYLLABLES:
        return token
    if len(token) < 9:
        found = process.extractOne(
            token, _VOCABULARY_BY_INITIAL.get(token[0], ()), scorer=DamerauLevenshtein.distance, score_cutoff=1
        )
    else:
        found = process.extractOne(token, _VOCABULARY, scorer=DamerauLevenshtein.distance, score_cutoff=2)
    return found[0] if found else token


def words(text: str, *, vessel: bool = False) -> list[str]:
    """The name's words, case-folded, without company forms, titles and stop words (still unromanised)."""
    tokens = _rewrite(normalise_text(text).split())
    if vessel:
        # "M/V", "M.V." arrive as "m v"; "MV", "MT" as one token.
        while len(tokens) > 2 and tokens[0] == "m" and tokens[1] in {"v", "t", "s"}:
            tokens = tokens[2:]
        while len(tokens) > 1 and tokens[0] in _VESSEL_PREFIXES:
            tokens = tokens[1:]
        return tokens
    tokens = [_known_word(t) if t.isascii() else t for t in tokens]
    kept = [t for t in tokens if t not in LEGAL_FORMS and t not in STOP_WORDS and t not in TITLES]
    # A name made only of such words ("The Company Ltd") keeps them rather than becoming empty.
    return kept or tokens


def _voicing(token: str) -> str:
    """b -> p, d -> t, j -> ch, initial l -> r, and g -> k except after n (the final ng)."""
    out: list[str] = []
    for i, char in enumerate(token):
        if char == "b":
            out.append("p")
        elif char == "d":
            out.append("t")
        elif char == "j":
            out.append("ch")
        elif char == "l" and i == 0:
            out.append("r")  # Lyongaksan/Ryongaksan; a final l (Chol, Il) stays l in every system
        elif char == "g":
            # After n, g is read as the final ng: "Kwangil" must equal "Kwang Il". (The rarer split
            # "Chon-gang" then differs from "Chongang" by one letter.)
            out.append("g" if i > 0 and token[i - 1] == "n" else "k")
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=65536)
def romanisation_key(token: str) -> str:
    """One token's canonical spelling, in which romanisation variants meet ("Jeong" -> "chong")."""
    if not _ASCII_WORD.fullmatch(token):
        return token  # digits, Hangul, Chinese characters: compared as written
    key = _SYLLABLES.get(token)
    if key is not None:
        return key
    key = token.replace("sh", "s").replace("ck", "k")
    for spelling, canonical in _SPELLINGS:
        key = key.replace(spelling, canonical)
    key = _voicing(_DOUBLED.sub(r"\1", key)).replace("chung", "chong").replace("hyun", "hyon")
    # Initial r falls before i and y in the South's spelling: Ri/I, Ryu/Yu, Rim/Im, Ryonbong/Yonbong.
    if key.startswith(("ri", "ry")):
        key = key[1:]
    if key.startswith("yi"):
        key = key[1:]
    key = _DOUBLED.sub(r"\1", key)
    return _SYLLABLES.get(key, key)


# Generic words also in the spellings romanisation gives them ("Choseon" -> "choson").
_GENERIC_KEYS: Final[dict[str, str]] = {romanisation_key(w): s for w, s in GENERIC_WORDS.items()}


def _generic(word: str, key: str) -> str | None:
    return GENERIC_WORDS.get(word) or _GENERIC_KEYS.get(key)


def _run_together(tokens: Iterable[str]) -> str:
    """Tokens joined without spaces, a letter doubled at a junction written once ("Kim Myong" -> "kimyong"),
    as it is when the ledger writes the name as one word."""
    return _DOUBLED.sub(r"\1", "".join(tokens))


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name reduced for comparison, in the forms the matcher scores."""

    text: str
    """The name as given."""
    tokens: tuple[str, ...]
    """Romanisation keys of the name's words in written order, company forms dropped, generic words
    as one-character placeholders (upper case, so they never equal a real word)."""
    core: tuple[str, ...]
    """`tokens` without the generic words; empty when the name is nothing but descriptors."""

    @property
    def sorted_form(self) -> str:
        """Tokens in alphabetical order run together, so neither word order nor spacing counts."""
        return "".join(sorted(self.tokens))

    @property
    def joined(self) -> str:
        """Tokens run together in written order, so spacing and hyphens do not count."""
        return _run_together(self.tokens)

    def rotations(self) -> tuple[str, ...]:
        """Joined forms with the surname first and last: the UN writes surname first, ledgers either."""
        if len(self.tokens) < 2:
            return (self.joined,)
        first_last = _run_together((*self.tokens[1:], self.tokens[0]))
        last_first = _run_together((self.tokens[-1], *self.tokens[:-1]))
        return tuple(dict.fromkeys((self.joined, first_last, last_first)))

    @property
    def is_short(self) -> bool:
        """One token of four characters or fewer ("KKBC", "MID"): an acronym, matched exactly only."""
        return len(self.tokens) == 1 and len(self.tokens[0]) <= 4


@lru_cache(maxsize=65536)
def name_key(text: str, *, vessel: bool = False) -> NameKey:
    """Reduce a name (party or vessel) to its comparable key."""
    raw = words(text, vessel=vessel)
    keys = [romanisation_key(t) for t in raw]
    if vessel:
        return NameKey(text, tuple(keys), tuple(keys))
    generic = [_generic(word, key) for word, key in zip(raw, keys, strict=True)]
    tokens = tuple(symbol or key for symbol, key in zip(generic, keys, strict=True))
    core = tuple(key for symbol, key in zip(generic, keys, strict=True) if symbol is None)
    return NameKey(text, tokens, core)
