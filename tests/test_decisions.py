"""Decisions re-applied on re-screening (same file, another file), and lapsing when the row, the rule,
the list entry or the exemption's validity changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compliance.decisions.fingerprint import row_fingerprint
from tests.decisions_support import BANK, LAPTOPS, SQUID, UN_LIST, cli, hit, ledger, row, screen_json


@pytest.fixture(autouse=True)
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "store"
    monkeypatch.setenv("SANCTIONS_DESK_DATA_DIR", str(folder))
    return folder


def clear_squid(fingerprint: str, *extra: str) -> None:
    code, printed = cli(
        "decide", fingerprint, "--rule", "seafood-export", "--decision", "cleared",
        "--note", "Squid is Chinese-caught; origin column was wrong", "--officer", "A. Officer", *extra,
    )  # fmt: skip
    assert code == 0, printed
    assert "cleared by A. Officer" in printed


def test_every_row_has_a_fingerprint_and_every_hit_a_decision_key(tmp_path: Path) -> None:
    data = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID, LAPTOPS)))
    assert all(len(r["fingerprint"]) == 32 for r in data["rows"])
    assert hit(data, "S1", "seafood-export")["decision"] is None
    assert data["decisions"] == {"alerted": 1, "undecided": 1, "decided": 0, "lapsed": 0}
    assert data["schema"] == "sanctions-desk/screening/v2"


def test_fingerprint_ignores_where_the_row_is_and_how_cells_are_written() -> None:
    a = {"origin": "North Korea", "hs_code": 30743.0, "description": "Frozen  squid"}
    b = {"description": "FROZEN squid ", "hs_code": "30743", "origin": "north korea"}
    assert row_fingerprint(a) == row_fingerprint(b)
    assert row_fingerprint(a) != row_fingerprint({**a, "description": "Frozen octopus"})


def test_decision_is_applied_again_on_a_second_screening_and_in_another_file(tmp_path: Path) -> None:
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID, LAPTOPS)))
    fingerprint = row(first, "S1")["fingerprint"]
    clear_squid(fingerprint)

    again = screen_json(tmp_path, str(tmp_path / "ledger.csv"))
    decision = hit(again, "S1", "seafood-export")["decision"]
    assert decision["decision"] == "cleared" and decision["officer"] == "A. Officer"
    assert decision["note"].startswith("Squid is Chinese-caught")
    assert again["decisions"]["decided"] == 1 and again["decisions"]["undecided"] == 0
    # The verdict stays the engine's: the decision sits beside it.
    assert row(again, "S1")["current"]["status"] == "prohibited"

    # Another file, the same row further down and with its columns in another order.
    other = tmp_path / "november.csv"
    other.write_text(
        "Goods Description,Reference,Consignee,HS Code,Destination,Country of Origin,Shipment Date\n"
        "Laptops,X9,Tokyo Trading KK,847130,Japan,China,2018-03-02\n"
        "Frozen squid,S1,Dalian Seafood Co,030743,China,North Korea,2018-03-01\n",
        encoding="utf-8",
    )
    moved = screen_json(tmp_path, str(other))
    assert row(moved, "S1")["fingerprint"] == fingerprint
    assert hit(moved, "S1", "seafood-export")["decision"]["decision"] == "cleared"


def test_a_changed_cell_lapses_the_decision_and_says_what_changed(tmp_path: Path) -> None:
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID)))
    clear_squid(row(first, "S1")["fingerprint"])
    ledger(tmp_path / "ledger.csv", SQUID.replace("Frozen squid", "Frozen octopus"))

    changed = screen_json(tmp_path, str(tmp_path / "ledger.csv"))
    found = hit(changed, "S1", "seafood-export")
    assert found["decision"] is None
    lapsed = found["decision_lapsed"]
    assert "the row changed since the decision" in lapsed["reason"]
    assert "'frozen squid' -> 'frozen octopus'" in lapsed["reason"]
    assert lapsed["decision"]["decision"] == "cleared"
    assert changed["decisions"]["lapsed"] == 1 and changed["decisions"]["undecided"] == 1


def test_a_changed_rule_lapses_the_decision(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).parent.parent / "rules", rules)
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID, BANK)), "--rules", str(rules))
    clear_squid(row(first, "S1")["fingerprint"])

    pack = rules / "un-dprk-in-force.toml"
    text = pack.read_text(encoding="utf-8")
    marker = 'hs = ["03", "1603", "1604", "1605", "051191", "230120"]'
    assert marker in text
    pack.write_text(text.replace(marker, 'hs = ["03", "1603", "1604", "1605", "051191"]'), encoding="utf-8")

    again = screen_json(tmp_path, str(tmp_path / "ledger.csv"), "--rules", str(rules))
    found = hit(again, "S1", "seafood-export")
    assert found["decision"] is None
    assert "the measure seafood-export changed since the decision" in found["decision_lapsed"]["reason"]


def test_a_decision_survives_a_change_to_another_rule(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).parent.parent / "rules", rules)
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID)), "--rules", str(rules))
    clear_squid(row(first, "S1")["fingerprint"])
    pack = rules / "un-dprk-in-force.toml"
    text = pack.read_text(encoding="utf-8")
    start = text.index('id = "seafood-export"')
    other = text.index('reason = "', text.index("[[rule]]", start))  # the next rule's reason
    pack.write_text(text[:other] + 'reason = "Reworded. ' + text[other + len('reason = "') :], encoding="utf-8")

    again = screen_json(tmp_path, str(tmp_path / "ledger.csv"), "--rules", str(rules))
    assert hit(again, "S1", "seafood-export")["decision"]["decision"] == "cleared"


def test_a_changed_list_entry_lapses_a_designated_party_decision(tmp_path: Path) -> None:
    listing = tmp_path / "list.xml"
    shutil.copyfile(UN_LIST, listing)
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", BANK)), "--designations", str(listing))
    party = next(h for h in row(first, "S3")["current"]["hits"] if h["rule"] == "designated-party")
    assert party["decision"] is None
    code, printed = cli(
        "decide", row(first, "S3")["fingerprint"], "--rule", "KPe.013", "--decision", "blocked",
        "--note", "Payment routed through the listed bank", "--officer", "B. Reviewer",
    )  # fmt: skip
    assert code == 0, printed

    same = screen_json(tmp_path, str(tmp_path / "ledger.csv"), "--designations", str(listing))
    party = next(h for h in row(same, "S3")["current"]["hits"] if h["rule"] == "designated-party")
    assert party["decision"]["decision"] == "blocked"

    text = listing.read_text(encoding="utf-8")
    assert text.count("<FIRST_NAME>BANK OF EAST LAND</FIRST_NAME>") == 1
    listing.write_text(_add_alias(text, "KPe.013", "EAST LAND BANKING"), encoding="utf-8")
    changed = screen_json(tmp_path, str(tmp_path / "ledger.csv"), "--designations", str(listing))
    party = next(h for h in row(changed, "S3")["current"]["hits"] if h["rule"] == "designated-party")
    assert party["decision"] is None
    assert "the list entry KPe.013 changed since the decision" in party["decision_lapsed"]["reason"]


def _add_alias(text: str, reference: str, alias: str) -> str:
    """The list with one more alias on the entry with this reference."""
    at = text.index(f"<REFERENCE_NUMBER>{reference}")
    close = text.index("_ALIAS>", at)  # the entry's first alias element
    opening = text.rindex("<", 0, close)
    tag = text[opening + 1 : close + len("_ALIAS")]
    extra = f"<{tag}><QUALITY>Good</QUALITY><ALIAS_NAME>{alias}</ALIAS_NAME></{tag}>"
    return text[:opening] + extra + text[opening:]


def test_an_exemption_stops_applying_after_its_validity_date(tmp_path: Path) -> None:
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID)))
    clear_squid(
        row(first, "S1")["fingerprint"], "--exemption", "1718 Committee EX-2018-04", "--valid-until", "2018-06-30"
    )

    within = screen_json(tmp_path, str(tmp_path / "ledger.csv"))  # the row's own date, 2018-03-01
    decision = hit(within, "S1", "seafood-export")["decision"]
    assert decision["exemption"] == "1718 Committee EX-2018-04" and decision["valid_until"] == "2018-06-30"

    on_the_day = screen_json(tmp_path, str(tmp_path / "ledger.csv"), "--as-of", "2018-06-30")
    assert hit(on_the_day, "S1", "seafood-export")["decision"] is not None

    after = screen_json(tmp_path, str(tmp_path / "ledger.csv"), "--as-of", "2018-07-01")
    found = hit(after, "S1", "seafood-export")
    assert found["decision"] is None
    assert "the exemption 1718 Committee EX-2018-04 expired on 2018-06-30" in found["decision_lapsed"]["reason"]


def test_a_later_decision_replaces_the_earlier_one(tmp_path: Path) -> None:
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID)))
    fingerprint = row(first, "S1")["fingerprint"]
    clear_squid(fingerprint)
    code, printed = cli(
        "decide", fingerprint, "--rule", "seafood-export", "--decision", "escalated",
        "--note", "Origin evidence disputed", "--officer", "B. Reviewer",
    )  # fmt: skip
    assert code == 0 and "replaces decision 1" in printed
    again = screen_json(tmp_path, str(tmp_path / "ledger.csv"))
    assert hit(again, "S1", "seafood-export")["decision"]["decision"] == "escalated"
    code, listed = cli("decisions", "list")
    assert code == 0 and "escalated" in listed and "1 decisions." in listed
    code, everything = cli("decisions", "list", "--all")
    assert "2 decisions." in everything
    code, audit_list = cli("audit", "list")
    assert "decision changed" in audit_list


def test_decide_refuses_an_alert_never_screened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID)))
    code, _ = cli(
        "decide", "0" * 32, "--rule", "seafood-export", "--decision", "cleared", "--note", "n", "--officer", "o"
    )
    assert code == 2
    assert "screen the file first" in capsys.readouterr().err


def test_new_since_the_last_screening_of_the_ledger(tmp_path: Path) -> None:
    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", LAPTOPS)))
    (news,) = first["since_last_screening"]
    assert news["previous_run"] is None and "first screening of this ledger" in first["_printed"]
    assert "new" not in row(first, "S2")

    again = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", LAPTOPS, SQUID)))
    (news,) = again["since_last_screening"]
    assert news["new_rows"] == 1 and news["new_alerts"] == 1 and news["previous_run"] == 1
    assert row(again, "S2")["new"] is False and row(again, "S1")["new"] is True
    assert hit(again, "S1", "seafood-export")["new"] is True
    assert "1 rows and 1 alerts new since the screening of" in again["_printed"]

    third = screen_json(tmp_path, str(tmp_path / "ledger.csv"))
    (news,) = third["since_last_screening"]
    assert news["new_rows"] == 0 and news["new_alerts"] == 0
    assert hit(third, "S1", "seafood-export")["new"] is False


def test_decisions_export_as_csv_and_excel(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID)))
    clear_squid(row(first, "S1")["fingerprint"])
    code, _ = cli("decisions", "list", "--status", "cleared", "--export", str(tmp_path / "d.csv"))
    assert code == 0
    lines = (tmp_path / "d.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,decision,officer") and ",cleared,A. Officer," in lines[1]
    code, _ = cli("decisions", "list", "--status", "blocked", "--export", str(tmp_path / "none.csv"))
    assert len((tmp_path / "none.csv").read_text(encoding="utf-8").splitlines()) == 1
    code, _ = cli("decisions", "list", "--export", str(tmp_path / "d.xlsx"))
    sheet = load_workbook(tmp_path / "d.xlsx", read_only=True)["Decisions"]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0][:3] == ["id", "decision", "officer"] and cells[1][1] == "cleared"


def test_the_excel_export_has_decision_columns(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID, LAPTOPS)))
    clear_squid(row(first, "S1")["fingerprint"])
    book = tmp_path / "results.xlsx"
    code, printed = cli("screen", str(tmp_path / "ledger.csv"), "--xlsx", str(book))
    assert code == 0, printed
    sheet = load_workbook(book, read_only=True)["ledger"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    at = header.index("Decision")
    assert header[at : at + 4] == ["Decision", "Decision note", "Decided by", "Decided at"]
    squid = next(r for r in rows if "S1" in r)
    laptops = next(r for r in rows if "S2" in r)
    assert squid[at] == "cleared" and squid[at + 1].startswith("Squid is Chinese-caught")
    assert squid[at + 2] == "A. Officer" and squid[at + 3].startswith("20")
    assert laptops[at] in (None, "")


def test_the_report_lists_decisions_and_a_sign_off(tmp_path: Path) -> None:
    import datetime as dt

    from compliance.decisions import Store
    from compliance.decisions.runs import recorder_for
    from compliance.outputs.report.model import ReportBuilder
    from compliance.paths import rules_dir
    from compliance.run import start_run
    from gui.printing.report_html import render_html

    first = screen_json(tmp_path, str(ledger(tmp_path / "ledger.csv", SQUID, LAPTOPS)))
    clear_squid(row(first, "S1")["fingerprint"], "--exemption", "EX-7", "--valid-until", "2018-12-31")
    run = start_run([tmp_path / "ledger.csv"], rules_dir=rules_dir())
    with Store.open() as store:
        recorder = recorder_for(store, run)
        builder = ReportBuilder(run, recorder.decisions_for)
        for result in run.results():
            recorder.annotate(result)
            builder.add(result)
        report = builder.report(organisation="Org", officer="A. Officer", generated_at=dt.datetime(2026, 12, 5, 9))
    part = report.decisions
    assert part is not None and part.alerted == 1 and part.undecided == 0
    (decided,) = part.rows
    assert decided.decision.startswith("cleared by A. Officer on ")
    assert "(exemption EX-7, valid until 2018-12-31)" in decided.note
    page = render_html(report)
    assert '<h2 class="newpage">Decisions</h2>' in page and "Sign-off" in page and "Reviewed by" in page
    assert "2026-12-05" in page
