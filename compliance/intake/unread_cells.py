"""The screened cells of a row that cannot be read for certain, as CellProblems for the engine.

Three things can make a cell unsure, each found by the importer before the row is screened:
two columns that give one field and disagree, a formula whose value was not stored (or may be
stale), and bytes of another encoding in a UTF-8 file. Each becomes a CellProblem, which holds
the row at `review` with the question to settle; a country column that names the DPRK where its
twin does not is also screened as the field's value, so the tie is never lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from compliance.intake.csv_reader import UndecodedText
from compliance.intake.headers import cell_text
from compliance.intake.safety.formula_scan import FormulaCells
from compliance.intake.safety.xml_scan import column_letters
from compliance.model.fields import FIELD_LABELS, PARTY_COUNTRY_FIELDS
from compliance.model.source_row import CellProblem
from compliance.normalise.countries import country_codes_in

COUNTRY_FIELDS: Final = frozenset(
    {"origin", "destination", "loading_port", "discharge_port", "flag", *PARTY_COUNTRY_FIELDS}
)
DPRK: Final = "KP"

FORMULA_QUESTION: Final = (
    "What value does this cell hold? Open the workbook in Excel, let it calculate, save it and screen it again."
)
ENCODING_QUESTION: Final = "What does this cell say? Save the file from Excel as 'CSV UTF-8' and screen it again."


def _label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ")).lower().replace("hs code", "HS code")


def _same(a: Any, b: Any) -> bool:
    return cell_text(a).casefold() == cell_text(b).casefold()


@dataclass(slots=True)
class SheetChecks:
    """What to look for in each row of one sheet; `problems` is called only when there is any."""

    headers: tuple[str, ...]
    columns: Mapping[str, int]
    """Field -> 0-based column (absolute, as the header row has them)."""
    offset: int
    """0-based column of each raw row's first cell."""
    duplicates: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    formulas: FormulaCells = field(default_factory=dict)
    mixed_encoding: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    """Rows found with each kind of problem: 'conflict', 'formula', 'encoding', 'encoding-any'."""
    _screened: list[tuple[str, int]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._screened = [(name, index) for name, index in self.columns.items()] + [
            (name, index) for name, extra in self.duplicates.items() for index in extra
        ]

    @property
    def wanted(self) -> bool:
        """Whether any row can have a problem at all."""
        return bool(self.duplicates or self.formulas or self.mixed_encoding)

    def _column(self, index: int) -> str:
        text = self.headers[index] if index < len(self.headers) else ""
        return text or column_letters(index + 1)

    def _cell(self, row: list[Any], index: int) -> Any:
        at = index - self.offset
        return row[at] if 0 <= at < len(row) else None

    def problems(self, number: int, row: list[Any], fields: dict[str, Any]) -> tuple[CellProblem, ...]:
        """The row's problems; `fields` is updated where a duplicate column must be screened."""
        found: list[CellProblem] = []
        if self.duplicates:
            found.extend(self._conflicts(row, fields))
        if self.formulas and number in self.formulas:
            before = len(found)
            for index, problem in self.formulas[number].items():
                name = next((n for n, i in self._screened if i == index), None)
                if name is not None:
                    value = self._cell(row, index)
                    found.append(CellProblem(name, self._column(index), cell_text(value), problem, FORMULA_QUESTION))
            if len(found) > before:
                self.counts["formula"] += 1
        if self.mixed_encoding:
            found.extend(self._undecoded(row))
        return tuple(found)

    def _conflicts(self, row: list[Any], fields: dict[str, Any]) -> list[CellProblem]:
        found: list[CellProblem] = []
        for name, extra in self.duplicates.items():
            first = self.columns[name]
            for index in extra:
                value = self._cell(row, index)
                if value is None or not cell_text(value):
                    continue
                given = fields.get(name)
                if given is None:
                    fields[name] = value.strip() if isinstance(value, str) else value
                    continue
                if _same(given, value):
                    continue
                if name in COUNTRY_FIELDS and DPRK in country_codes_in(value) and DPRK not in country_codes_in(given):
                    # The tie is screened whichever column gives it; the conflict is still asked.
                    fields[name] = value.strip() if isinstance(value, str) else value
                label = _label(name)
                one, two = cell_text(given), cell_text(value)
                found.append(
                    CellProblem(
                        name,
                        self._column(index),
                        two,
                        f"two columns give the {label}: '{one}' ({self._column(first)}) and '{two}' "
                        f"({self._column(index)})",
                        f"Which is the {label}: '{one}' or '{two}'?",
                    )
                )
        if found:
            self.counts["conflict"] += 1
        return found

    def _undecoded(self, row: list[Any]) -> list[CellProblem]:
        if not any(isinstance(cell, UndecodedText) for cell in row):
            return []
        self.counts["encoding-any"] += 1
        found = []
        for name, index in self._screened:
            cell = self._cell(row, index)
            if isinstance(cell, UndecodedText):
                shown = " ".join(f"0x{byte:02X}" for byte in cell.foreign[:8])
                found.append(
                    CellProblem(
                        name,
                        self._column(index),
                        cell.escaped,
                        f"it holds bytes that are not UTF-8 ({shown}), read as Windows-1252: '{cell}'",
                        ENCODING_QUESTION,
                    )
                )
        if found:
            self.counts["encoding"] += 1
        return found

    def notes(self) -> list[str]:
        """What the sheet's rows turned out to hold, for the import notes (after the last row)."""
        notes = []
        if self.counts["conflict"]:
            notes.append(
                f"{self.counts['conflict']:,} rows give one field two different values; they are sent to review"
            )
        if self.counts["formula"]:
            notes.append(
                f"{self.counts['formula']:,} rows have a formula in a screened column whose value was not stored "
                "(or may be stale); they are sent to review"
            )
        if self.counts["encoding-any"]:
            notes.append(
                f"{self.counts['encoding-any']:,} rows hold bytes that are not UTF-8 (read as Windows-1252, shown "
                f"escaped); {self.counts['encoding']:,} of them in screened columns are sent to review"
            )
        return notes
