"""The report model and its HTML: figures agree with the run, changes group by measure, text is escaped."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from openpyxl import Workbook

from compliance.model.results import RowResult
from compliance.model.status import Status
from compliance.normalise.numbers import parse_currency, parse_number
from compliance.outputs.report.model import NOTICE, Money, Report, build_report, money_text
from compliance.paths import rules_dir, sample_workbook
from compliance.run import ScreeningRun, start_run
from gui.printing.html_cells import CHUNK_ROWS
from gui.printing.report_html import CHART_IMAGE, render_html

WHEN = dt.datetime(2026, 11, 28, 11, 40)
HOSTILE_REF = "<script>alert('x')</script>"
HOSTILE_DESC = '=HYPERLINK("http://x","y") frozen squid'


def _report(run: ScreeningRun, results: list[RowResult], **kw: str) -> Report:
    return build_report(
        run, results, organisation=kw.get("organisation", "Acme Trading"), officer="J. Doe", generated_at=WHEN
    )


@pytest.fixture(scope="module")
def sample() -> tuple[ScreeningRun, list[RowResult], Report]:
    """The sample ledger, screened once, and its report."""
    run = start_run([sample_workbook()], rules_dir=rules_dir())
    results = list(run.results())
    return run, results, _report(run, results)


def test_counts_equal_the_runs_tally(sample: tuple[ScreeningRun, list[RowResult], Report]) -> None:
    run, _, report = sample
    s = report.summary
    assert s.rows == run.tally.rows == 106
    assert s.baseline == run.tally.baseline
    assert s.alternative == run.tally.alternative
    assert (s.relaxed, s.tightened, s.changed) == (run.tally.relaxed, run.tally.tightened, run.tally.changed)
    assert s.changed > 0


def test_header_names_inputs_hashes_packs_and_the_drafts_status(
    sample: tuple[ScreeningRun, list[RowResult], Report],
) -> None:
    run, _, report = sample
    h = report.header
    assert (h.organisation, h.officer, h.generated_at, h.as_of) == ("Acme Trading", "J. Doe", WHEN, None)
    assert [i.sha256 for i in h.inputs] == [i.sha256 for i in run.inputs]
    sheets = {s.name: s.rows for s in h.inputs[0].sheets}
    assert sheets["Shipments"] + sheets["Contracts"] == run.tally.rows
    assert h.baseline.sha256 == run.baseline.sha256 and h.alternative.sha256 == run.alternative.sha256
    assert [p.sha256 for p in h.alternative.packs] == [run.baseline.sha256, run.alternative.sha256]
    assert h.alternative.status_note and "never adopted" in h.alternative.status_note


def _oracle_groups(results: list[RowResult]) -> dict[str, tuple[int, dict[str, float]]]:
    """Changed rows per measure and their values per currency, worked out from the draft's own hits."""
    groups: dict[str, tuple[int, dict[str, float]]] = {}
    for r in results:
        if r.change != "relaxed":
            continue
        measures = dict.fromkeys(h.measure for h in r.alternative.hits if h.lifted or h.exception)
        key = " + ".join(measures)
        count, sums = groups.get(key, (0, defaultdict(float)))
        amount = parse_number(r.source.fields.get("value"))
        if amount is not None:
            sums[parse_currency(r.source.fields.get("currency")) or ""] += amount
        groups[key] = (count + 1, sums)
    return groups


def test_change_groups_count_rows_and_sum_values_per_currency(
    sample: tuple[ScreeningRun, list[RowResult], Report],
) -> None:
    _, results, report = sample
    expected = _oracle_groups(results)
    got = {g.measure: (g.rows, {m.currency: m.amount for m in g.values}) for g in report.summary.groups}
    assert got == {k: (n, dict(v)) for k, (n, v) in expected.items()}
    assert {"seafood", "textiles", "overseas workers"} <= set(got)
    assert sum(g.rows for g in report.summary.groups) == report.summary.relaxed
    assert [g.rows for g in report.summary.groups] == sorted((g.rows for g in report.summary.groups), reverse=True)


def test_the_summary_sentence_gives_rows_values_and_measures(
    sample: tuple[ScreeningRun, list[RowResult], Report],
) -> None:
    _, _, report = sample
    (sentence,) = report.summary.sentences
    s = report.summary
    assert sentence.startswith(f"{s.labels[1]} would relax {s.relaxed} rows worth USD ")
    for g in s.groups:
        assert f"{g.measure} {g.rows}" in sentence


def test_money_is_compact_in_sentences_and_exact_in_tables() -> None:
    values = [Money("USD", 1_412_000.0), Money("CNY", 300_000.0)]
    assert money_text(values, compact=True) == "USD 1.4 m and CNY 300,000"
    assert money_text(values) == "USD 1,412,000; CNY 300,000"
    assert money_text([Money("", 5.0)], compact=True) == "(no currency) 5"


def test_every_prohibited_and_review_row_is_a_finding_worst_first(
    sample: tuple[ScreeningRun, list[RowResult], Report],
) -> None:
    _, results, report = sample
    flagged = [r for r in results if (r.baseline.status, r.alternative.status) != (Status.PERMITTED, Status.PERMITTED)]
    assert len(report.findings) == len(flagged)
    statuses = [f.baseline.status for f in report.findings]
    assert statuses == sorted(statuses, key=["prohibited", "review", "permitted"].index)
    assert [f.number for f in report.findings] == list(range(1, len(report.findings) + 1))
    assert len(report.changed) == report.summary.changed
    assert all(f.change == "relaxed" and f.measure for f in report.changed)


def test_a_seafood_finding_cites_2371_op9_and_says_the_draft_lifts_it(
    sample: tuple[ScreeningRun, list[RowResult], Report],
) -> None:
    _, _, report = sample
    seafood = [f for f in report.changed if f.measure == "seafood"]
    assert seafood
    row = seafood[0]
    assert any(c.startswith("UNSCR 2371 (2017) OP9") for c in row.baseline.citations)
    assert row.alternative.status == "permitted" and row.alternative.lifted
    assert row.reasons[0].startswith("Seafood from the DPRK.")
    assert row.value.startswith("USD ")


def test_appendix_lists_every_measure_with_citation_verification_and_hs_basis(
    sample: tuple[ScreeningRun, list[RowResult], Report],
) -> None:
    run, _, report = sample
    rules = run.baseline.book.rules
    assert [m.rule_id for m in report.measures] == [r.id for r in rules]
    for m, r in zip(report.measures, rules, strict=True):
        assert m.citation == r.citation.text()
        assert m.paragraph_verified is r.citation.paragraph_verified
        assert m.hs_basis == (r.goods.hs_basis if r.goods else None)
        assert (m.alternative is not None) == (r.id in run.alternative.lifted)
    assert {x.regime for x in report.exceptions} == {run.baseline.label, run.alternative.label}


def test_bars_count_rows_per_measure_under_each_regime(
    sample: tuple[ScreeningRun, list[RowResult], Report],
) -> None:
    _, results, report = sample
    baseline: Counter[str] = Counter()
    for r in results:
        baseline.update({h.measure for h in r.baseline.hits if h.status != "permitted"})
    bars = {b.measure: (b.baseline, b.alternative) for b in report.summary.bars}
    assert {m: c for m, (c, _) in bars.items() if c} == dict(baseline)
    assert bars["seafood"][1] == 0 and bars["seafood"][0] > 0


def test_html_has_repeating_table_headers_the_notice_and_both_chart_modes(
    sample: tuple[ScreeningRun, list[RowResult], Report],
) -> None:
    _, _, report = sample
    html = render_html(report)
    assert html.count("<thead>") >= 5
    assert NOTICE in html
    assert "<svg" in html and CHART_IMAGE not in html
    qt = render_html(report, chart="object")
    assert CHART_IMAGE in qt and "<svg" not in qt
    assert "Proposed by China and Russia on 16 Dec 2019; never put to a vote and never adopted." in html


def _hostile_ledger(tmp_path: Path, rows: int = 1) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Shipments"
    ws.append(["Reference", "Shipment Date", "Country of Origin", "Destination", "HS Code", "Goods Description",
               "Shipper", "Value", "Currency"])  # fmt: skip
    for i in range(rows):
        ws.append([HOSTILE_REF if i == 0 else f"R{i}", dt.datetime(2018, 3, 1), "DPRK", "China", "030743",
                   HOSTILE_DESC, "Evil \u202egnp.exe & <b>Co</b>", 1000 + i, "USD"])  # fmt: skip
        ws.cell(row=i + 2, column=6).data_type = "s"  # text that looks like a formula, as a ledger may hold
    path = tmp_path / "hostile.xlsx"
    wb.save(path)
    return path


def test_hostile_cell_text_is_escaped_and_bidi_overrides_dropped(tmp_path: Path) -> None:
    run = start_run([_hostile_ledger(tmp_path)], rules_dir=rules_dir())
    results = list(run.results())
    report = build_report(run, results, organisation="<i>Org</i> & Sons", officer="O'Brien", generated_at=WHEN)
    assert report.findings[0].reference == HOSTILE_REF
    html = render_html(report)
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    assert "&lt;i&gt;Org&lt;/i&gt; &amp; Sons" in html and "<i>Org</i>" not in html
    assert "&lt;b&gt;Co&lt;/b&gt;" in html
    assert "\u202e" not in html


def test_long_tables_are_written_in_chunks_with_one_header(tmp_path: Path) -> None:
    run = start_run([_hostile_ledger(tmp_path, rows=CHUNK_ROWS * 2 + 5)], rules_dir=rules_dir())
    report = build_report(run, run.results(), organisation="", officer="", generated_at=WHEN)
    html = render_html(report)
    alternative = run.alternative.label
    findings = html[html.index("Prohibited under Measures in force") : html.index(f"Rows {alternative} would change")]
    assert findings.count("<table") == 3
    assert findings.count("<thead>") == 1
