"""The report's back matter as HTML: the decisions and sign-off, the appendix of measures, and notes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from compliance.designations.parties import OFF_NOTICE
from gui.printing.html_cells import (
    escaped as _e,
)
from gui.printing.html_cells import (
    table_html as _table,
)
from gui.printing.html_cells import (
    td as _td,
)

if TYPE_CHECKING:
    from compliance.outputs.report.model import AppendixMeasure, DecisionsPart, Report


def _lapsed_html(reason: str) -> str:
    return f'<br/><span class="small">No longer applies: {_e(reason)}</span>' if reason else ""


def _decisions_html(part: DecisionsPart) -> str:
    """The officers' decisions on each alert, then the sign-off block."""
    out = ['<h2 class="newpage">Decisions</h2>']
    lapsed = f"; {part.lapsed:,} earlier decisions no longer apply (the reason is given)" if part.lapsed else ""
    out.append(
        f"<p>{part.alerted:,} rows raised an alert; {part.undecided:,} of them still have an alert without a "
        f"decision{lapsed}. A decision sits beside the engine's verdict and does not change it. Listed: every "
        "alert with a decision, and every alert whose decision no longer applies.</p>"
    )
    if part.rows:
        head = (("Reference and row", "22%"), ("Alert", "24%"), ("Verdict", "9%"), ("Decision", "18%"),
                ("Note", "27%"))  # fmt: skip
        rows = (
            [_td(f'<b>{_e(d.reference) or "&#8212;"}</b> <span class="small">{_e(d.where)}</span>'),
             _td(_e(d.answers)), _td(f"<b>{_e(d.status)}</b>", d.status),
             _td(f"<b>{_e(d.decision)}</b>"),
             _td(_e(d.note) + _lapsed_html(d.lapsed))]
            for d in part.rows
        )  # fmt: skip
        out.append(_table(head, rows))
    return "\n".join(out)


def _appendix_html(report: Report) -> str:
    base, alt = report.header.baseline, report.header.alternative
    out = ['<h2 class="newpage">Appendix: measures applied</h2>']
    out.append(
        f"<p>Each measure of {_e(base.label or base.title)}, and any that {_e(alt.label or alt.title)} adds, with "
        "its legal basis. <i>Paragraph verified</i>: whether the "
        "operative paragraph number has been checked against the resolution text. <i>HS basis</i>: whether the "
        "HS codes come from the resolution text or are this tool's implementation choice.</p>"
    )
    rows = [_appendix_cells(m) for m in report.measures]
    head = (("Measure", "20%"), ("Citation", "13%"), ("Paragraph verified", "8%"), ("HS basis", "10%"),
            ("Standard reason", "31%"), (alt.label or alt.title, "12%"),
            ("Rows: baseline / alternative", "6%"))  # fmt: skip
    out.append(_table(head, rows))
    if report.exceptions:
        out.append("<h3>Exceptions applied</h3>")
        rows = [
            [_td(_e(x.regime)), _td(f"<b>{_e(x.title)}</b>"), _td(_e(x.outcome)), _td(_e(x.applies_to)),
             _td(_e(x.reason) + (f"<br/>{_e(x.citation)}" if x.citation else ""))]
            for x in report.exceptions
        ]  # fmt: skip
        out.append(_table((("Regime", "12%"), ("Exception", "20%"), ("Outcome", "8%"), ("Applies to", "28%"),
                           ("Reason", "32%")), rows))  # fmt: skip
    return "\n".join(out)


def _appendix_cells(m: AppendixMeasure) -> list[str]:
    title = f'<b>{_e(m.title)}</b><br/><span class="small">{_e(m.measure)} &#183; {_e(m.rule_id)}</span>'
    citation = f'{_e(m.citation)}<br/><span class="small">adopted {m.adopted.isoformat()}</span>'
    return [
        _td(title), _td(citation), _td("yes" if m.paragraph_verified else "<b>no</b>"),
        _td(_e(m.hs_basis) if m.hs_basis else "&#8212;"), _td(_e(m.reason)),
        _td(_e(_alternative_cell(m.alternative)) if m.alternative else "kept"),
        _td(f"{m.rows_current:,} / {m.rows_draft:,}"),
    ]  # fmt: skip


def _alternative_cell(says: str) -> str:
    """What the alternative does to a measure: 'added: ...', 'changed: ...', 'replaced by ...', else its lift."""
    if says.startswith(("added: ", "changed: ", "replaced by ", "not applied")):
        return says
    return f"lifted: {says}"


def party_off_html() -> str:
    """Party screening off, as a boxed notice that cannot be read past as body text."""
    return f'<p class="box">{_e(OFF_NOTICE)} Names and IMO numbers were not screened.</p>'


def scope_html(scope: str) -> str:
    """A boxed line saying the report covers only some rows ('' when it covers every row)."""
    return f'<p class="notice">{_e(scope)}</p>' if scope else ""


SIGN_OFF_LINES: Final = ("Prepared by", "Reviewed by", "Date")


def sign_off_html(prepared_by: str = "", reviewed_by: str = "", day: dt.date | None = None) -> str:
    """Lines for the officer who prepared the screening and the reviewer to sign and date."""
    filled = {"Prepared by": prepared_by, "Reviewed by": reviewed_by, "Date": day.isoformat() if day else ""}
    rows = "".join(
        f'<tr><td class="label" width="18%">{_e(label)}</td><td width="52%">{_e(filled.get(label, ""))}'
        f'&#160;<br/>&#160;</td><td class="small" width="30%">{"Signature" if label != "Date" else ""}</td></tr>'
        for label in SIGN_OFF_LINES
    )
    return (
        "<h2>Sign-off</h2>"
        '<table width="70%" cellspacing="0" cellpadding="4" border="1"><tbody>' + rows + "</tbody></table>"
    )


def _sign_off(report: Report) -> str:
    part = report.decisions
    if part is None:
        return sign_off_html(report.header.officer)
    return sign_off_html(part.prepared_by, part.reviewed_by, part.signed_on)
