"""The detail pane's Decisions section: each alert of the row, the decision beside it, and a link to decide.

Plain HTML like the rest of the pane (every value escaped). The links are `decide:N` (the row's N-th
alert, as `alert_hits` orders them) and `decide:all`; the window's DecisionDesk answers them.
"""

from __future__ import annotations

from html import escape
from typing import Final

from compliance.decisions.book import Decision
from compliance.decisions.recorder import HitDecision, RowDecisions
from compliance.decisions.subjects import hit_key
from compliance.model.results import RowResult
from gui.decisions.ledger import alert_hits
from gui.results.detail import chip

DECIDE_SCHEME: Final = "decide"
DECISION_COLOURS: Final = {
    "cleared": ("#cfe8d0", "#14401a"),
    "escalated": ("#dde3f5", "#1b2a57"),
    "blocked": ("#b3261e", "#ffffff"),
    "undecided": ("#f2b705", "#1f1a00"),
}


def decision_chip(word: str) -> str:
    """'CLEARED', 'BLOCKED', 'ESCALATED' or 'UNDECIDED' as a chip (the word always there, colour a second signal)."""
    bg, fg = DECISION_COLOURS[word]
    return (
        f'<span style="background-color:{bg}; color:{fg}; font-weight:600;">&nbsp;{escape(word.upper())}&nbsp;</span>'
    )


def _taken_html(taken: Decision) -> str:
    lines = [f"{decision_chip(taken.decision)}&nbsp; {escape(taken.label())}"]
    lines.append(f"<br><b>Note:</b> {escape(taken.note)}")
    if taken.exemption:
        until = f", valid until {taken.valid_until.isoformat()}" if taken.valid_until else ""
        lines.append(f"<br><b>Exemption:</b> {escape(taken.exemption)}{escape(until)}")
    return "".join(lines)


def _beside_html(beside: HitDecision | None) -> str:
    if beside is None:
        return decision_chip("undecided")
    if beside.decision is not None:
        return _taken_html(beside.decision)
    text = decision_chip("undecided")
    if beside.lapsed is not None:
        text += (
            f"<br><span style='color:#b3261e'><b>No longer applies:</b> {escape(beside.lapsed_reason)}</span>"
            f"<br><span style='color:gray'>Was: {escape(beside.lapsed.label())}: {escape(beside.lapsed.note)}</span>"
        )
    return text


def decisions_html(result: RowResult, decisions: RowDecisions | None, recorded: bool = True) -> str:
    """The section for one row ('' for a row with no review or prohibited finding).

    `recorded` is False when the screening could not use the decisions store: the section says so.
    """
    hits = alert_hits(result)
    if not hits:
        return ""
    parts = ["<h3>Decisions</h3>"]
    if not recorded or decisions is None:
        parts.append(
            "<p style='color:gray'>This screening was not recorded in the decisions store, so no "
            "decision can be shown or taken here. Screen the file again.</p>"
        )
        return "".join(parts)
    in_force = {hit_key(h) for h in result.baseline.hits}
    for n, hit in enumerate(hits):
        beside = decisions.for_hit(hit)
        where = "" if hit_key(hit) in in_force else " <span style='color:gray'>(under the alternative only)</span>"
        new = " <b>New since the last screening.</b>" if beside is not None and beside.new else ""
        parts.append(
            f"<p style='margin-top:8px'>{chip(hit.status)}&nbsp; <b>{escape(hit.title)}</b>{where}{new}</p>"
            f"<p style='margin-left:12px'>{_beside_html(beside)}</p>"
            f"<p style='margin-left:12px'><a href='{DECIDE_SCHEME}:{n}'>Decide…</a></p>"
        )
    if len(hits) > 1:
        parts.append(f"<p><a href='{DECIDE_SCHEME}:all'>Decide all {len(hits)} alerts of this row…</a></p>")
    return "".join(parts)
