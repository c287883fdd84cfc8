"""Short, safe text for report cells: cell values, a row's key facts, declared values, compact reasons.

Ledger cells are untrusted: control and bidirectional-override characters are dropped here (they could
reorder or hide what a printed report says) and long values are cut, so every report row stays compact.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from compliance.model.results import Hit, RowResult
from compliance.model.source_row import SourceRow
from compliance.model.status import Status
from compliance.normalise.numbers import parse_currency, parse_number

# C0/C1 controls and the Unicode bidi embeddings, overrides and isolates.
_UNSAFE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SPACES: Final = re.compile(r"\s+")
FIELD_LIMIT: Final = 60
CELL_LIMIT: Final = 120
"""A cell shown whole in the report (a reference) is cut here; the JSON and Excel outputs keep it whole."""
QUOTE_LIMIT: Final = 80
"""What a reason or question quotes from a cell ('Goods description 'frozen squid ...'')."""
REASON_LIMIT: Final = 400
"""A whole reason or question, quotes included."""
_QUOTED: Final = re.compile(r"'([^']*)'")


def clean(value: Any, limit: int | None = None) -> str:
    """A cell value as one line of printable text: dates in ISO form, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = str(value)
    text = _SPACES.sub(" ", _UNSAFE.sub(" ", text)).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


def stamp(when: dt.datetime) -> str:
    """'2026-11-28 11:40', with the zone's name when the time carries one ('2026-11-28 11:40 CET')."""
    zone = when.strftime("%Z") if when.tzinfo is not None else ""
    return f"{when:%Y-%m-%d %H:%M} {zone}".strip()


@dataclass(frozen=True, slots=True)
class Amount:
    """A row's declared value: currency code ('' when none is named) and amount."""

    currency: str
    amount: float

    @property
    def label(self) -> str:
        """'USD 78,000' or 'USD 1,250.50'."""
        number = f"{self.amount:,.0f}" if self.amount.is_integer() else f"{self.amount:,.2f}"
        return f"{self.currency} {number}" if self.currency else number


def money_tuple(totals: Mapping[str, float]) -> tuple[Amount, ...]:
    """Sums per currency, largest first; rows naming no currency last, as they cannot be compared."""
    return tuple(Amount(c, a) for c, a in sorted(totals.items(), key=lambda kv: (kv[0] == "", -kv[1])))


def _compact(amount: float) -> str:
    size = abs(amount)
    if size >= 1e9:
        return f"{amount / 1e9:.1f} bn"
    if size >= 1e6:
        return f"{amount / 1e6:.1f} m"
    return f"{amount:,.0f}"


def money_text(values: Iterable[Amount], *, compact: bool = False) -> str:
    """'USD 1.4 m and CNY 300,000' (compact) or 'USD 1,412,000; CNY 300,000'."""
    parts = [f"{m.currency or '(no currency)'} {_compact(m.amount) if compact else f'{m.amount:,.0f}'}" for m in values]
    if not compact:
        return "; ".join(parts)
    return " and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " and " + parts[-1]


def change_sentence(
    change: str, groups: Sequence[tuple[str, int, Sequence[Amount], int]], regime: str = "The alternative"
) -> str:
    """'<regime> would relax 12 rows worth USD 1.4 m: seafood 7, textiles 4, workers 1.'

    `groups` are (measure, rows, values per currency, rows without a readable value); `regime` names the
    alternative regime by its label.
    """
    rows = sum(g[1] for g in groups)
    totals: dict[str, float] = defaultdict(float)
    for _, _, values, _ in groups:
        for m in values:
            totals[m.currency] += m.amount
    worth = money_text(money_tuple(totals), compact=True)
    no_value = sum(g[3] for g in groups)
    verb = "relax" if change == "relaxed" else "tighten"
    text = f"{regime} would {verb} {rows} row{'s' if rows != 1 else ''}"
    if worth:
        text += f" worth {worth}"
    if no_value:
        text += f" ({no_value} without a readable value)"
    return f"{text}: {', '.join(f'{measure} {n}' for measure, n, _, _ in groups)}."


def money_of(fields: Mapping[str, Any]) -> Amount | None:
    """The row's value with its currency (from the currency column or the amount's text), or None."""
    raw = fields.get("value")
    amount = parse_number(raw)
    if amount is None:
        return None
    currency = parse_currency(fields.get("currency")) or parse_currency(raw) or ""
    return Amount(currency, amount)


def row_where(source: SourceRow, file_name: str | None = None) -> str:
    """'Shipments, row 24' (with the file's name first when the report covers several files)."""
    where = f"{clean(source.sheet, 40)}, row {source.row}"
    return f"{clean(file_name, 40)}: {where}" if file_name else where


def _pair(fields: Mapping[str, Any], a: str, b: str, joiner: str = " \u2192 ") -> str:
    left, right = clean(fields.get(a), FIELD_LIMIT // 2 + 10), clean(fields.get(b), FIELD_LIMIT // 2 + 10)
    if left and right:
        return f"{left}{joiner}{right}"
    return left or right


def _party(fields: Mapping[str, Any], name: str) -> str:
    party, country = clean(fields.get(name), 40), clean(fields.get(f"{name}_country"), 24)
    if party and country:
        return f"{party} ({country})"
    return party or country


def key_fields(fields: Mapping[str, Any], kind: str) -> tuple[str, ...]:
    """The few facts a reader needs to recognise a row: date, route or parties, goods, value."""
    out: list[str] = [clean(fields.get("date"), 24)]
    if kind == "contract":
        out.append(clean(fields.get("contract_type"), 40))
        out.append(_party(fields, "contractor"))
        out.append(_party(fields, "counterparty"))
        workers = clean(fields.get("workers"), 12)
        nationality = clean(fields.get("worker_nationality"), 24)
        if workers or nationality:
            out.append(f"workers: {' '.join(p for p in (workers, nationality) if p)}")
        place = clean(fields.get("place_of_work"), 40)
        out.append(f"at {place}" if place else "")
        period = _pair(fields, "start_date", "end_date", " to ")
        out.append(f"period {period}" if period else "")
        out.append(clean(fields.get("project"), FIELD_LIMIT))
    else:
        route = _pair(fields, "origin", "destination")
        out.append(f"route {route}" if route else "")
        hs = clean(fields.get("hs_code"), 16)
        goods = " ".join(p for p in (f"HS {hs}" if hs else "", clean(fields.get("description"), FIELD_LIMIT)) if p)
        out.append(goods)
        out.append(_pair(fields, "shipper", "consignee"))
        vessel, flag = clean(fields.get("vessel"), 32), clean(fields.get("flag"), 24)
        out.append(f"vessel {vessel}" + (f" ({flag})" if flag else "") if vessel else "")
    value = money_of(fields)
    out.append(value.label if value else clean(fields.get("value"), 24))
    return tuple(p for p in out if p)


def shorten_quotes(text: str) -> str:
    """A reason or question with each quoted cell cut to QUOTE_LIMIT and the whole to REASON_LIMIT.

    Reasons quote the cell as written, so a 30,000-character description would otherwise be printed in
    full, once for every measure it touches."""

    def cut(match: re.Match[str]) -> str:
        quoted = match.group(1)
        return match.group(0) if len(quoted) <= QUOTE_LIMIT else f"'{quoted[: QUOTE_LIMIT - 1].rstrip()}\u2026'"

    return clean(_QUOTED.sub(cut, text), REASON_LIMIT)


def compact_reason(hit: Hit) -> str:
    """The hit's reason with the measure's standard text (printed once in the appendix) left out."""
    rule = hit.rule
    if rule is None:
        return clean(hit.reason)
    if hit.lifted:
        return f"lifts {rule.title}"
    if rule.reason and rule.reason in hit.reason:
        rest = hit.reason.replace(rule.reason, " ", 1).strip()
        # "If it means the DPRK: <standard text>" loses its object: drop the dangling colon.
        rest = _SPACES.sub(" ", rest).rstrip(":").strip()
        return clean(f"{rule.title}. {rest}" if rest else f"{rule.title}.")
    return clean(f"{rule.title}: {hit.reason}")


def change_measures(result: RowResult, alternative: int = 1) -> tuple[str, ...]:
    """The measure(s) whose outcome decides how regime `alternative` (by default the alternative)
    changes the baseline's verdict on the row, in the row's order."""
    if alternative >= len(result.verdicts):
        return ()
    current, draft = result.baseline, result.verdicts[alternative]
    change = result.change_to(alternative)
    if change == "unchanged":
        return ()
    before, after = (current, draft) if change == "relaxed" else (draft, current)
    other = {h.rule_id: h.status for h in after.hits}
    # The hits that set the harsher verdict and come out milder (or absent) on the other side.
    deciding = [
        h for h in before.hits if h.status == before.status and other.get(h.rule_id, Status.PERMITTED) < h.status
    ]
    chosen = deciding or [h for h in before.hits if h.status == before.status]
    return tuple(dict.fromkeys(h.measure for h in chosen)) or ("other",)
