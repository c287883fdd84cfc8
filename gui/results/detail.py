"""The detail pane's HTML for one row: every finding under each regime, with its legal basis.

Built as plain HTML (every value escaped) so the same text can be shown, copied or printed; no
Qt here beyond the caller's QTextBrowser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any, Final

from compliance.designations.parties import PartyScreening
from compliance.model.fields import EVENT_DATE_FIELDS, FIELD_LABELS
from compliance.model.results import Hit, RowResult, Verdict
from compliance.model.status import Status
from compliance.normalise.dates import parse_date
from compliance.normalise.record import cell_text
from compliance.outputs.palette import STATUS_CHIPS
from compliance.rules.regime import Regime
from gui.results.regime_words import RegimeWords, regime_words

# Explicit foreground and background, so chips read the same on light and dark palettes.
_CHIP_LABELS: Final = {Status.PROHIBITED: "✖ PROHIBITED", Status.REVIEW: "! REVIEW", Status.PERMITTED: "✓ PERMITTED"}
CHIP_HTML: Final[dict[Status, tuple[str, str, str]]] = {
    status: (label, *STATUS_CHIPS[status]) for status, label in _CHIP_LABELS.items()
}
CHANGE_WORDS: Final = {
    "relaxed": "{alternative} would relax this row's verdict",
    "tightened": "{alternative} would tighten this row's verdict",
    "unchanged": "{alternative} would not change this row's verdict",
}


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def chip(status: Status) -> str:
    """A status as an HTML chip: label text always present, colour only as a second signal."""
    label, bg, fg = CHIP_HTML[status]
    return (
        f'<span style="background-color:{bg}; color:{fg}; font-weight:600;">'
        f"&nbsp;{escape(label).replace(' ', '&nbsp;')}&nbsp;</span>"
    )


def label_of(field: str) -> str:
    """A field's name as the officer reads it."""
    return FIELD_LABELS.get(field, field.replace("_", " "))


def citation_line(hit: Hit) -> str:
    """'UNSCR 2371 (2017) OP9, unverified · adopted 5 August 2017', or '' for a data check."""
    if hit.citation is None:
        return ""
    return f"{hit.citation.text()} · adopted {_day(hit.citation.adopted)}"


UNVERIFIED_NOTE: Final = (
    "unverified: the measure is certain; this paragraph number is not yet confirmed against the resolution's text"
)
"""What 'unverified' after a paragraph number means, said wherever it appears."""
HS_BASIS_WORDS: Final = {
    "resolution text": "HS codes from the resolution's text",
    "implementation choice": "HS codes chosen to implement the measure (the resolution names the goods, not codes)",
}

DESIGNATION_GROUP: Final = "designations"
DESIGNATION_EVIDENCE: Final = {"listing": "Listed as", "matched": "Matched name", "list": "List"}


def _designation_html(hit: Hit, parties: PartyScreening | None) -> list[str]:
    # The row's value, the listing it matched and the list it came from, each on its own line.
    parts = []
    for e in hit.evidence:
        label = DESIGNATION_EVIDENCE.get(e.field)
        text = (
            f"<b>{escape(label)}:</b> {escape(e.value)}"
            if label
            else (f"<b>Triggered by:</b> {escape(label_of(e.field))} = “{escape(e.value)}”")
        )
        parts.append(f"<p style='margin-left:12px'>{text}</p>")
    return parts


def _hit_html(hit: Hit, parties: PartyScreening | None = None, regime: str = "this regime") -> str:
    parts = [f"<p style='margin-top:10px'>{chip(hit.status)}&nbsp; <b>{escape(hit.title)}</b>"]
    if hit.rule is not None or hit.group == DESIGNATION_GROUP:
        parts.append(f" <span style='color:gray'>({escape(hit.measure)})</span>")
    parts.append("</p>")
    cite = citation_line(hit)
    if cite:
        parts.append(f"<p style='margin-left:12px'><i>{escape(cite)}</i></p>")
        parts.append(_source_html(hit))
    elif hit.rule is None:
        parts.append("<p style='margin-left:12px'><i>Data check: no measure cited</i></p>")
    if hit.lifted:
        parts.append(f"<p style='margin-left:12px'><b>Lifted by {escape(regime)}.</b></p>")
    parts.append(f"<p style='margin-left:12px'>{escape(hit.reason)}</p>")
    if hit.question:
        parts.append(f"<p style='margin-left:12px'><b>To establish:</b> {escape(hit.question)}</p>")
    if hit.group == DESIGNATION_GROUP and hit.rule is None:
        parts.extend(_designation_html(hit, parties))
    elif hit.evidence:
        cells = "; ".join(f"{escape(label_of(e.field))} = “{escape(e.value)}”" for e in hit.evidence)
        parts.append(f"<p style='margin-left:12px'><b>Triggered by:</b> {cells}</p>")
    if hit.exception:
        parts.append(f"<p style='margin-left:12px'><b>Exception applied:</b> {escape(hit.exception)}</p>")
    return "".join(parts)


def _source_html(hit: Hit) -> str:
    """The measure's source as the rule pack gives it: what 'unverified' means, the HS basis, its note."""
    lines = []
    if hit.citation is not None and hit.citation.paragraph and not hit.citation.paragraph_verified:
        lines.append(f"<span style='color:gray'>{escape(UNVERIFIED_NOTE[0].upper() + UNVERIFIED_NOTE[1:])}.</span>")
    rule = hit.rule
    if rule is not None and rule.goods is not None:
        lines.append(f"<span style='color:gray'>{escape(HS_BASIS_WORDS.get(rule.goods.hs_basis, rule.goods.hs_basis))}."
                     "</span>")  # fmt: skip
    if rule is not None and rule.note:
        lines.append(f"<b>Source note:</b> {escape(rule.note)}")
    if not lines:
        return ""
    return "<p style='margin-left:12px'>" + "<br/>".join(lines) + "</p>"


def row_day(result: RowResult) -> dt.date | None:
    """The date the row is judged at when no as-of date is chosen (its first date field), or None."""
    for name in EVENT_DATE_FIELDS:
        value = result.source.fields.get(name)
        if value not in (None, ""):
            order = result.source.date_order if result.source.date_order in ("dmy", "mdy") else None
            return parse_date(value, order).value
    return None


def regime_day(regime: Regime) -> dt.date | None:
    """The day a regime was circulated or voted, as its pack declares it (None when it declares none)."""
    return regime.declared.date if regime.declared is not None else None


def timing_html(result: RowResult, regime: Regime, as_of: dt.date | None = None) -> str:
    """How a proposal or scenario is applied to a row ('' for the law in force).

    It is judged as if adopted before the row's date (or the chosen date); a row judged before the
    proposal existed is told so in full, since the proposal could not have applied to it then.
    """
    if regime.is_law:
        return ""
    day = as_of or row_day(result)
    judged = "the chosen date" if as_of else "this row's date"
    proposed = regime_day(regime)
    label = escape(regime.label)
    if day is None or proposed is None or day >= proposed:
        return (
            f"<p style='color:gray'><b>How {label} is applied here:</b> as if it had been adopted before "
            f"{judged}. It never was law.</p>"
        )
    return (
        f"<p style='color:gray'><b>How {label} is applied here:</b> the row is judged at "
        f"{escape(_day(day))}, before the proposal of {escape(_day(proposed))}. It is applied as if "
        f"it had been adopted before {judged}: its verdict shows what the measures would have said had the "
        "proposal been law then. It never was.</p>"
    )


def _verdict_html(regime: Regime, verdict: Verdict, parties: PartyScreening | None = None) -> str:
    parts = [f"<h3>Under {escape(regime.label)}: {chip(verdict.status)}</h3>"]
    parts.append(f"<p style='color:gray'>{escape(regime.title)} (version {escape(regime.version)})</p>")
    if regime.notice:
        parts.append(f"<p><b>Not law:</b> {escape(regime.notice)}</p>")
    elif regime.status_note:
        parts.append(f"<p><b>Note:</b> {escape(regime.status_note)}</p>")
    if not verdict.hits:
        # Without a designation list the measures are all that was checked: say so, not "nothing".
        parts.append(
            "<p>No measure bears on this row.</p>"
            if parties is not None
            else "<p>No measure bears on this row&rsquo;s goods, places or dates. <b>Its names were not "
            "screened</b> against the designation lists.</p>"
        )
    parts.extend(_hit_html(hit, parties, regime.label) for hit in verdict.hits)
    return "".join(parts)


def regime_changes(result: RowResult, words: RegimeWords) -> list[str]:
    """Plain sentences: what the alternative would do to this row's findings, and why."""
    baseline = {h.rule_id: h for h in result.baseline.hits}
    lines: list[str] = []
    for hit in result.alternative.hits:
        before = baseline.get(hit.rule_id)
        cite = f" ({hit.citation_text()})" if hit.citation else ""
        if hit.lifted:
            was = f", {before.status} under {words.baseline}" if before else ""
            lines.append(f"Lifts “{hit.title}”{cite}{was}: {hit.reason}")
        elif hit.exception and (before is None or before.exception != hit.exception):
            lines.append(f"Exempts the row from “{hit.title}”{cite}: {hit.reason}")
        elif before is None and hit.status > Status.PERMITTED:
            lines.append(f"Adds “{hit.title}”{cite}, {hit.status}: {hit.reason}")
        elif before is not None and before.status != hit.status:
            lines.append(f"“{hit.title}” becomes {hit.status} (was {before.status}): {hit.reason}")
    for rule_id, hit in baseline.items():
        if all(h.rule_id != rule_id for h in result.alternative.hits):
            lines.append(f"“{hit.title}” would no longer apply.")
    return lines


def _changes_html(result: RowResult, words: RegimeWords) -> str:
    before, after = result.baseline.status, result.alternative.status
    head = CHANGE_WORDS[result.change].format(alternative=words.alternative)
    if result.change != "unchanged":
        head += f": {before} under {words.baseline}, {after} under {words.alternative}"
    else:
        head += f" ({before} under both)"
    parts = [f"<h3>What {escape(words.alternative)} changes</h3>", f"<p>{escape(head[0].upper() + head[1:])}.</p>"]
    lines = regime_changes(result, words)
    if lines:
        parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
        if result.change == "unchanged" and before > Status.PERMITTED:
            parts.append(f"<p>Other findings still apply under {escape(words.alternative)}, so the verdict stays "
                         "the same.</p>")  # fmt: skip
    return "".join(parts)


def _cells_html(result: RowResult, headers: Sequence[str]) -> str:
    rows: list[tuple[str, str]] = []
    cells = result.source.cells
    if cells:
        for i, value in enumerate(cells):
            header = headers[i] if i < len(headers) and headers[i] else f"Column {i + 1}"
            text = "" if value is None else cell_text(value)
            if text:
                rows.append((header, text))
    else:
        rows = [(label_of(k), cell_text(v)) for k, v in result.source.fields.items()]
    body = "".join(
        f"<tr><td style='padding-right:12px'><b>{escape(h)}</b></td><td>{escape(v)}</td></tr>" for h, v in rows
    )
    return f"<h3>The row as written</h3><table cellspacing='2'>{body}</table>"


def _heading_html(result: RowResult, words: RegimeWords) -> str:
    src = result.source
    ref = result.reference or "(no reference)"
    where = f"{Path(src.input).name}, sheet “{src.sheet}”, row {src.row} · {result.kind}"
    return (
        f"<h2>{escape(ref)}</h2><p style='color:gray'>{escape(where)}</p>"
        f"<p>{escape(words.baseline)}: {chip(result.baseline.status)} &nbsp; "
        f"{escape(words.alternative)}: {chip(result.alternative.status)}</p>"
    )


def _names_html(parties: PartyScreening | None) -> str:
    if parties is not None:
        return ""
    return (
        "<p style='background-color:#fbe3e1; color:#5c1510;'>&nbsp;<b>Names not screened:</b> no designation "
        "list was loaded, so this verdict says nothing about the row&rsquo;s parties and vessel.&nbsp;</p>"
    )


def _notes_html(result: RowResult) -> str:
    if not result.notes:
        return ""
    return "<h3>Notes</h3><ul>" + "".join(f"<li>{escape(n)}</li>" for n in result.notes) + "</ul>"


RULED_OUT_NAMES: Final = 3
"""Measures named per reason in the pane; the rest are counted (the JSON and the tooltip list them all)."""


def ruled_out_lines(result: RowResult, regime: Regime) -> list[str]:
    """'HS 970300 is outside this measure's goods (24 measures: Seafood from the DPRK, ... and 21 more)'."""
    titles = {rule.id: rule.title for rule in regime.book.rules}
    by_why: dict[str, list[str]] = {}
    for ruled in result.ruled_out:
        by_why.setdefault(ruled.why, []).append(titles.get(ruled.rule_id, ruled.rule_id))
    lines = []
    for why, found in by_why.items():
        names = list(dict.fromkeys(found))
        shown = ", ".join(names[:RULED_OUT_NAMES])
        more = f" and {len(names) - RULED_OUT_NAMES} more" if len(names) > RULED_OUT_NAMES else ""
        noun = "measure" if len(names) == 1 else "measures"
        lines.append(f"{why[:1].upper()}{why[1:]} ({len(names)} {noun}: {shown}{more})")
    return lines


def _ruled_out_html(result: RowResult, regime: Regime) -> str:
    # Why a DPRK-tied row is clear: every measure that could have borne on it, and why it does not.
    if not result.ruled_out or result.baseline.status != Status.PERMITTED:
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in ruled_out_lines(result, regime))
    return f"<h3>Checked and ruled out</h3><ul style='margin-top:0'>{items}</ul>"


def detail_html(
    result: RowResult,
    regimes: tuple[Regime, ...],
    headers: Sequence[str] = (),
    parties: PartyScreening | None = None,
    as_of: dt.date | None = None,
    *,
    decisions: str = "",
) -> str:
    """The whole detail pane for one row (`parties`: the designation lists it was screened against;
    `as_of`: the date every row was judged at, None for each row's own date; `decisions`: the section of
    the officer's decisions on its alerts, built by gui/results/decisions_panel.py).

    Built from sections in reading order; a section returns '' when it has nothing to say.
    """
    baseline, alternative = regimes[0], regimes[1]
    words = regime_words(regimes)
    sections: list[Any] = [
        _heading_html(result, words),
        _names_html(parties),
        decisions,
        _verdict_html(baseline, result.baseline, parties),
        timing_html(result, baseline, as_of),
        _ruled_out_html(result, baseline),
        _verdict_html(alternative, result.alternative, parties),
        timing_html(result, alternative, as_of),
        _changes_html(result, words),
        _notes_html(result),
        _cells_html(result, headers),
    ]
    return "".join(sections)


def hidden_html() -> str:
    """What the pane shows when the row it described is no longer in the table (filtered out)."""
    return (
        "<p style='color:gray'>The row shown here is no longer in the table (the filters hide it). "
        "Select a row to see its details.</p>"
    )


def empty_html() -> str:
    """What the pane shows before a row is selected."""
    return (
        "<p style='color:gray'>Select a row to see every measure that bears on it, under each "
        "regime screened, with citations and the cells that triggered them.</p>"
    )
