"""What `screen` prints when it is done: the inputs read, the counts per regime and the rows to look at."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from compliance.model.results import RowResult
    from compliance.run import ScreeningRun

MAX_LISTED = 25
"""Rows to look at listed in the summary; the JSON has every row."""


def shortened(text: str, limit: int = 60) -> str:
    """A cell as one summary line shows it: a 30,000-character reference must not flood the terminal."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_summary(run: ScreeningRun, listed: list[RowResult], out: TextIO, quiet: bool) -> None:
    """The run's summary, and unless `quiet` the first rows to look at."""
    from compliance.run import status_counts_line

    tally = run.tally
    for opened in run.inputs:
        parts = []
        for s in opened.sheets:
            if s.skipped:
                parts.append(f"{s.name}: skipped ({s.skipped})")
            else:
                parts.append(f"{s.name}: {s.rows} rows, header in row {s.header_row}")
        print(f"{opened.name}: " + "; ".join(parts), file=out)
        for s in opened.sheets:
            for note in s.notes:
                print(f"  {s.name}: {note}", file=out)
    as_of = f"as of {run.as_of.isoformat()}" if run.as_of else "each row at its own date"
    if run.parties is None:
        from compliance.designations.parties import OFF_NOTICE

        print(f"{OFF_NOTICE} Add --designations PATH to screen names and IMO numbers.", file=out)
    else:
        for designations in run.parties.lists:
            when = designations.generated.isoformat() if designations.generated else "undated"
            print(
                f"Designations: {designations.name} ({when}, {len(designations.listings)} DPRK entries, "
                f"SHA-256 {designations.sha256[:12]}...), match {run.parties.match_threshold:g}, "
                f"review {run.parties.review_threshold:g}",
                file=out,
            )
    print(f"Screened {tally.rows} rows ({as_of}).", file=out)
    for i, regime in enumerate(run.regimes):
        role = " (baseline)" if i == 0 and len(run.regimes) > 1 else ""
        print(f"  {regime.label}: {status_counts_line(tally.per_regime[i])}{role}", file=out)
    for i, regime in enumerate(run.regimes[1:], start=1):
        changed = tally.relaxed_by[i] + tally.tightened_by[i]
        print(
            f"  {regime.label} would change {changed} rows ({tally.relaxed_by[i]} relaxed, "
            f"{tally.tightened_by[i]} tightened) against {run.baseline.label}.",
            file=out,
        )
        if regime.notice:
            print(f"    {regime.notice}", file=out)
    if quiet or not listed:
        return
    print(f"\nRows to look at ({run.baseline.label} -> {run.alternative.label}):", file=out)
    for result in listed[:MAX_LISTED]:
        top = result.baseline.hits[0]
        where = f"{result.source.sheet}!{result.source.row}"
        ref = shortened(result.reference) or "(no reference)"
        cite = f" [{top.citation_text()}]" if top.citation else ""
        print(
            f"  {where:<16} {ref:<14} {result.baseline.status:<10} -> {result.alternative.status:<10} "
            f"{top.title}{cite}",
            file=out,
        )
    flagged = tally.baseline["prohibited"] + tally.baseline["review"]
    if flagged > MAX_LISTED:
        print(f"  ... and {flagged - MAX_LISTED} more (every row is in the JSON)", file=out)
