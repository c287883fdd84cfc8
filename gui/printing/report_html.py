"""The report model as HTML: the subset of HTML 4 and CSS that QTextDocument renders, also fine in a browser.

Every text from a ledger or a rule pack is escaped here. Tables put their header row in <thead>, which
QTextDocument repeats at the top of every page a table runs onto. Font sizes are in points; margins and
padding are in px, the only unit QTextDocument takes for them (gui.printing.document lays out at 96 px/inch).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal

from compliance.outputs.palette import CURRENT_COLOUR, DRAFT_COLOUR, STATUS_TINTS
from compliance.outputs.report.text import CELL_LIMIT, QUOTE_LIMIT, money_text, stamp
from gui.printing.html_cells import (
    citation_html as _cite,
)
from gui.printing.html_cells import (
    escaped as _e,
)
from gui.printing.html_cells import (
    num as _num,
)
from gui.printing.html_cells import (
    table_html as _table,
)
from gui.printing.html_cells import (
    td as _td,
)
from gui.printing.report_back_matter import (
    _appendix_html,
    _decisions_html,
    _sign_off,
    party_off_html,
    scope_html,
)

if TYPE_CHECKING:
    from compliance.outputs.report.model import (
        FindingRow,
        Header,
        MeasureBar,
        RegimeFacts,
        Report,
        Summary,
        VerdictCell,
    )

ChartMode = Literal["svg", "object", "none"]
CHART_IMAGE: Final = "sd-chart:measures"
"""Image name gui.printing.document swaps for a vector chart drawn with QPainter (QTextDocument ignores SVG)."""


_CSS: Final = """
body { font-family: 'DejaVu Sans', 'Noto Sans CJK SC', 'Noto Sans CJK KR', Arial, Helvetica, sans-serif;
       font-size: 9pt; color: #111; }
h1 { font-size: 17pt; margin-bottom: 4px; }
h2 { font-size: 13pt; margin-top: 16px; margin-bottom: 5px; color: #1f4e79; }
h3 { font-size: 10.5pt; margin-top: 10px; margin-bottom: 4px; }
p { margin-top: 3px; margin-bottom: 5px; }
table { border-collapse: collapse; border-color: #8c8c8c; border-style: solid; }
th { background-color: #e4e8ee; font-weight: bold; text-align: left; vertical-align: bottom;
     border: 0.6px solid #8c8c8c; padding: 3px; font-size: 8pt; }
td { border: 0.6px solid #b5b5b5; padding: 3px; vertical-align: top; font-size: 8pt; }
td.label { background-color: #f3f5f8; font-weight: bold; }
td.num, th.num { text-align: right; }
.hash { font-family: 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 7pt; }
.small { font-size: 7.5pt; color: #333; }
.notice { background-color: #fff4d6; border: 1px solid #d9a520; padding: 4px; font-weight: bold; }
.newpage { page-break-before: always; }
.box { background-color: #fbe3e1; border: 1px solid #b3261e; padding: 4px; font-weight: bold; color: #5c1510; }
""" + "".join(f".{status} {{ background-color: {tint}; }}\n" for status, tint in STATUS_TINTS.items())


def _regime_name(regime: RegimeFacts) -> str:
    # Its notice is in the box below the header, with every other regime's; the status note says when.
    note = f'<br/><span class="small"><b>{_e(regime.status_note)}</b></span>' if regime.status_note else ""
    return f"{_e(regime.title)}{note}"


def _header_html(h: Header) -> str:
    when = stamp(h.generated_at)
    as_of = f"every row judged as of {h.as_of.isoformat()}" if h.as_of else "each row judged at its own date"
    facts = [
        ("Organisation", _e(h.organisation) or "&#8212;"),
        ("Officer", _e(h.officer) or "&#8212;"),
        ("Generated", _e(when) + f' <span class="small">(Sanctions Desk {_e(h.app_version)})</span>'),
        ("As-of setting", _e(as_of)),
    ]
    out = [f"<h1>{_e(h.title)}</h1>"]
    out.append(
        '<table width="100%" cellspacing="0" cellpadding="3" border="1"><tbody>'
        + "".join(f'<tr><td class="label" width="18%">{k}</td><td>{v}</td></tr>' for k, v in facts)
        + "</tbody></table>"
    )
    # Hashes get two thirds of the width: 64 characters stay on one line, even on a portrait page.
    out.append("<h3>Inputs</h3>")
    rows = []
    for i in h.inputs:
        sheets = "".join(
            f"<br/>{_e(s.name)}: {s.rows:,} rows (header in row {s.header_row})"
            if s.skipped is None
            else f'<br/>{_e(s.name)}: <span class="small">not screened ({_e(s.skipped)})</span>'
            for s in i.sheets
        ) + "".join(f'<br/>{_e(s.name)}: <span class="small">{_e(note)}</span>' for s in i.sheets for note in s.notes)
        rows.append([_td(f'<b>{_e(i.name)}</b><br/><span class="small">{_e(i.path)}</span>'),
                     _td(f'<span class="hash">SHA-256 {_e(i.sha256)}</span>{sheets}')])  # fmt: skip
    out.append(_table((("File", "32%"), ("SHA-256, sheets and data rows", "68%")), rows))
    out.append("<h3>Regimes compared</h3>")
    rows = []
    # The baseline first, then the alternative: their order says which is which; further ones say so.
    roles = ("", "", *(["Further alternative: "] * len(h.others)))
    for role, regime in zip(roles, h.regimes, strict=True):
        label = f"{role}{regime.label or regime.title}"
        packs = "<br/>".join(
            f"{_e(p.title)} ({_e(p.file)}, version {_e(p.version)})"
            f'<br/><span class="hash">SHA-256 {_e(p.sha256)}</span>'
            for p in regime.packs
        )
        rows.append([_td(f"<b>{_e(label)}</b><br/>{_regime_name(regime)}"), _td(_e(regime.version)), _td(packs)])
    out.append(_table((("Regime", "30%"), ("Version", "8%"), ("Rule packs and SHA-256", "62%")), rows))
    out.append("<h3>Designated parties and vessels</h3>")
    if not h.designations:
        out.append(party_off_html())
    else:
        match, review = h.thresholds or (0.0, 0.0)
        rows = [
            [
                _td(f"<b>{_e(d.name)}</b><br/>{d.entries:,} DPRK entries"),
                _td(_e(d.generated.isoformat() if d.generated else "undated")),
                _td(f'<span class="hash">SHA-256 {_e(d.sha256)}</span>'),
            ]
            for d in h.designations
        ]
        out.append(_table((("List", "24%"), ("Dated", "8%"), ("SHA-256", "68%")), rows))
        out.append(f"<p>Name scores of {match:g} or more are prohibited; from {review:g}, review.</p>")
    return "\n".join(out)


def chart_svg(bars: Sequence[MeasureBar], labels: Sequence[str] = ("Baseline", "Alternative")) -> str:
    """Rows per measure, baseline vs alternative (named by `labels`), as an inline SVG (for browsers;
    QTextDocument ignores SVG)."""
    label_w, bar_w, row_h = 190, 420, 30
    top = max((max(b.baseline, b.alternative) for b in bars), default=0) or 1
    height = 24 + row_h * len(bars)
    second = label_w + 24 + 7 * len(labels[0])  # the legend's second entry after the first's text
    width = max(label_w + bar_w + 60, second + 14 + 7 * len(labels[1]))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" font-family="Arial, sans-serif" font-size="11">',
        f'<rect x="{label_w}" y="4" width="10" height="10" fill="{CURRENT_COLOUR}"/>'
        f'<text x="{label_w + 14}" y="13">{_e(labels[0])}</text>'
        f'<rect x="{second}" y="4" width="10" height="10" fill="{DRAFT_COLOUR}"/>'
        f'<text x="{second + 14}" y="13">{_e(labels[1])}</text>',
    ]
    for i, b in enumerate(bars):
        y = 24 + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_e(b.measure)}</text>')
        for j, (n, colour) in enumerate(((b.baseline, CURRENT_COLOUR), (b.alternative, DRAFT_COLOUR))):
            w = round(bar_w * n / top)
            parts.append(f'<rect x="{label_w}" y="{y + j * 12}" width="{w}" height="11" fill="{colour}"/>')
            parts.append(f'<text x="{label_w + w + 4}" y="{y + j * 12 + 10}">{n:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _chart(summary: Summary, mode: ChartMode) -> str:
    if not summary.bars or mode == "none":
        return ""
    baseline, alternative = summary.labels[0], summary.labels[1]
    title = f"<h3>Rows flagged per measure (prohibited or review): {_e(baseline)} vs {_e(alternative)}</h3>"
    if mode == "svg":
        return f"{title}<p>{chart_svg(summary.bars, summary.labels[:2])}</p>"
    return f'{title}<p><img src="{CHART_IMAGE}" width="600" height="{24 + 30 * len(summary.bars)}"/></p>'


def _summary_html(s: Summary, chart: ChartMode) -> str:
    out = ["<h2>Summary</h2>"]
    counts = s.counts
    rows = [
        [_td(f"<b>{_e(status)}</b>", status), *(_num(c[status]) for c in counts)]
        for status in ("prohibited", "review", "permitted")
    ]
    rows.append([_td("<b>Rows screened</b>"), *(_num(s.rows) for _ in counts)])
    share = f"{60 // len(counts)}%"
    head = (("Status", "40%"), *((label, share) for label in s.labels[: len(counts)]))
    out.append(_table(head, rows, width="60%" if len(counts) < 3 else "90%"))
    alternative = s.labels[1]
    if s.changed:
        out.append("".join(f"<p><b>{_e(text)}</b></p>" for text in s.sentences))
        rows = [
            [_td(_e(g.change)), _td(_e(g.measure)), _num(g.rows),
             _td(_e(money_text(g.values)) + (f" ({g.no_value} without a value)" if g.no_value else ""))]
            for g in s.groups
        ]  # fmt: skip
        out.append(_table((("Change", "14%"), ("Measure", "36%"), ("Rows", "10%"), ("Declared value", "40%")), rows,
                          width="80%"))  # fmt: skip
    else:
        out.append(f"<p><b>{_e(alternative)} would change no row's verdict.</b></p>")
    if len(s.alternatives) > 1:
        out.append(_alternatives_html(s))
    out.append(_chart(s, chart))
    return "\n".join(out)


def _alternatives_html(s: Summary) -> str:
    """Every alternative against the baseline in one table: rows and declared value changed, by measure."""
    out = [f"<h3>Each alternative against {_e(s.labels[0])}</h3>"]
    rows: list[list[str]] = []
    for alt in s.alternatives:
        name = f"<b>{_e(alt.label)}</b><br/>{alt.relaxed:,} relaxed, {alt.tightened:,} tightened"
        if not alt.groups:
            rows.append([_td(name), _td("&#8212;"), _td("no row's verdict changes"), _num(0), _td("")])
        for n, g in enumerate(alt.groups):
            value = _e(money_text(g.values)) + (f" ({g.no_value} without a value)" if g.no_value else "")
            rows.append([_td(name if n == 0 else ""), _td(_e(g.change)), _td(_e(g.measure)), _num(g.rows), _td(value)])
    head = (("Regime", "26%"), ("Change", "10%"), ("Measure", "30%"), ("Rows", "8%"), ("Declared value", "26%"))
    out.append(_table(head, rows))
    notices = dict.fromkeys(alt.notice for alt in s.alternatives if alt.notice)
    out.append("".join(f'<p class="small"><b>{_e(n)}</b></p>' for n in notices))
    return "\n".join(out)


def _verdict(cell: VerdictCell) -> str:
    status, citations, lifted = cell.status, cell.citations, cell.lifted
    parts = [f"<b>{_e(status)}</b>"]
    parts += [_cite(c) for c in citations]
    parts += [f"<i>lifts {_cite(c)}</i>" for c in lifted]
    return _td("<br/>".join(parts), status)


def _finding_cells(f: FindingRow) -> list[str]:
    where = f'<b>{_e(f.reference) or "&#8212;"}</b><br/><span class="small">{_e(f.where)}, {_e(f.kind)}</span>'
    why = "<br/>".join(_e(r) for r in f.reasons)
    if f.questions:
        why += "<br/>" + "<br/>".join(f"<i>Question: {_e(q)}</i>" for q in f.questions)
    return [_num(f.number), _td(where), _td(" &#183; ".join(_e(k) for k in f.key_fields)),
            _verdict(f.baseline), _verdict(f.alternative), _td(why)]  # fmt: skip


def _finding_head(baseline: str, alternative: str) -> tuple[tuple[str, str], ...]:
    return (("#", "4%"), ("Reference and row", "14%"), ("Key facts", "33%"),
            (baseline, "13%"), (alternative, "14%"), ("Reason", "22%"))  # fmt: skip


def _findings_html(
    findings: Sequence[FindingRow], changed: Sequence[FindingRow], baseline: RegimeFacts, alternative: RegimeFacts
) -> str:
    base, alt = baseline.label or baseline.title, alternative.label or alternative.title
    groups = (
        (f"Prohibited under {base}", [f for f in findings if f.baseline.status == "prohibited"]),
        (f"Review under {base}", [f for f in findings if f.baseline.status == "review"]),
        (f"Flagged only under {alt}", [f for f in findings if f.baseline.status == "permitted"]),
    )
    # No forced page: a short summary must not leave page 2 half empty before the findings.
    out = ["<h2>Findings</h2>"]
    out.append(
        f"<p>{len(findings):,} rows are prohibited or need review under at least one regime. Each row shows "
        "the citations behind each verdict; the standard reason of each measure is printed once, in the "
        "appendix, and only what is particular to the row is repeated here.</p>"
    )
    shortened = sum(1 for f in findings if f.shortened)
    if shortened:
        out.append(
            f"<p><i>Long cell text is shortened here, ending in \u2026 ({shortened:,} rows): key facts to a few "
            f"dozen characters each, a reference to {CELL_LIMIT} and a quoted cell to {QUOTE_LIMIT}. The JSON "
            "and Excel results keep every value whole.</i></p>"
        )
    for n, (title, rows) in enumerate(groups):
        if not rows and n == 2:
            continue
        out.append(f"<h3>{_e(title)} ({len(rows):,})</h3>")
        if n == 2 and alternative.notice:
            out.append(f'<p class="small"><b>{_e(alternative.notice)}</b></p>')
        if not rows:
            out.append("<p>None.</p>")
            continue
        out.append(_table(_finding_head(base, alt), (_finding_cells(f) for f in rows)))
    out.append(f"<h2>Rows {_e(alt)} would change ({len(changed):,})</h2>")
    if not changed:
        out.append(f"<p>None: {_e(alt)} gives every row the same verdict as {_e(base)}.</p>")
        return "\n".join(out)
    hypothetical = f"{_e(alternative.notice)} " if alternative.notice else ""
    out.append(
        f"<p>{hypothetical}In ledger order; <i>Finding</i> is the "
        "row's number in the findings above, where its key facts and reasons are.</p>"
    )
    head = (("Finding", "6%"), ("Reference and row", "32%"), ("Measure", "18%"), (base, "11%"),
            (alt, "17%"), ("Declared value", "16%"))  # fmt: skip
    rows_html = (
        [_num(f.number), _td(f'<b>{_e(f.reference) or "&#8212;"}</b> <span class="small">{_e(f.where)}</span>'),
         _td(_e(f.measure)), _td(f"<b>{_e(f.baseline.status)}</b>", f.baseline.status),
         _td(f"<b>{_e(f.alternative.status)}</b> ({_e(f.change)})", f.alternative.status), _td(_e(f.value))]
        for f in changed
    )  # fmt: skip
    out.append(_table(head, rows_html))
    return "\n".join(out)


def render_html(report: Report, *, chart: ChartMode = "svg") -> str:
    """The whole report as HTML; chart='object' leaves an image slot for gui.printing.document's vector chart."""
    # Inline: QTextDocument lets the 'p' rule win over a class rule for margins (which it takes in px only).
    notice = f'<p class="notice" style="margin-top: 12px; margin-bottom: 6px">{_e(report.notice)}</p>'
    body = "\n".join(
        (scope_html(report.scope), _header_html(report.header), notice, _summary_html(report.summary, chart),
         _findings_html(report.findings, report.changed, report.header.baseline, report.header.alternative),
         *((_decisions_html(report.decisions),) if report.decisions is not None else ()),
         _sign_off(report),
         _appendix_html(report), notice)
    )  # fmt: skip
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/>'
        f"<title>{_e(report.header.title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
