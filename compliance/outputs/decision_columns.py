"""A row's decisions as the results workbook's columns: decision, note, officer, time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from compliance.decisions.recorder import RowDecisions

DECISION_COLUMNS: Final = ("Decision", "Decision note", "Decided by", "Decided at")


def decision_texts(decisions: RowDecisions | None) -> list[str]:
    """The four cells for a row (empty for a row without an alert or a run without the store).

    A row with several alerts names each alert's subject in front of its decision."""
    if decisions is None or not decisions.hits:
        return [""] * len(DECISION_COLUMNS)
    many = len(decisions.hits) > 1
    verdicts, notes, officers, times = [], [], [], []
    for beside in decisions.hits.values():
        taken = beside.decision
        text = taken.decision if taken is not None else "undecided"
        if beside.lapsed is not None:
            text += f" (the {beside.lapsed.decision} decision no longer applies: {beside.lapsed_reason})"
        prefix = f"{beside.subject.key}: " if many else ""
        verdicts.append(prefix + text)
        if taken is not None:
            notes.append(prefix + taken.note + (f" (exemption {taken.exemption})" if taken.exemption else ""))
            officers.append(taken.officer)
            times.append(taken.decided_at)
    return ["\n".join(verdicts), "\n".join(notes), "; ".join(dict.fromkeys(officers)), "; ".join(times)]
