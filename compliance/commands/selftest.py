"""The `--self-test` option: screen the bundled sample and check its verdicts (and, given a PDF writer, its report)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from compliance.commands.ending import EXIT_FAIL_ON, EXIT_OK, PdfWriter, fail


def run_self_test(out: TextIO, pdf_writer: PdfWriter | None = None) -> int:
    """The `--self-test` option: 0 when every sample row gets its expected verdicts (and, with a PDF
    writer, the sample's report is written as a PDF), else 1."""
    from compliance.model.errors import ComplianceError
    from compliance.selftest import run_self_test as self_test

    try:
        result = self_test()
    except ComplianceError as exc:
        fail(f"self-test failed: {exc.one_line()}")
        return EXIT_FAIL_ON
    for line in result.mismatches:
        print(f"  {line}", file=out)
    verdict = "passed" if result.passed else "FAILED"
    print(f"Self-test {verdict}: {result.checked} sample rows, {len(result.mismatches)} mismatches.", file=out)
    if pdf_writer is not None:
        written = _sample_report_pages(pdf_writer)
        print(f"Self-test {'passed' if written > 0 else 'FAILED'}: the sample's PDF report, {written} pages.", file=out)
        if written <= 0:
            return EXIT_FAIL_ON
    return EXIT_OK if result.passed else EXIT_FAIL_ON


def _sample_report_pages(pdf_writer: PdfWriter) -> int:
    """Pages of the sample's report written to a scratch folder as a PDF (0 when it is not a PDF)."""
    import tempfile

    from compliance.outputs.report.model import build_report
    from compliance.paths import rules_dir, sample_workbook
    from compliance.run import start_run

    run = start_run([sample_workbook()], rules_dir=rules_dir())
    report = build_report(run, run.results(), organisation="Self-test", officer="", generated_at=dt.datetime.now())
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "self-test.pdf"
        pages = pdf_writer(report, str(target), "A4", True)
        return pages if target.read_bytes().startswith(b"%PDF-") else 0
