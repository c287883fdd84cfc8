"""Downloading the official list: offline gives one clear error and leaves nothing behind."""

from __future__ import annotations

import io
import urllib.error
from pathlib import Path

import pytest

import compliance.designations.fetch as fetch
from compliance.model.errors import ComplianceError

UN_LIST = Path(__file__).parent / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"


def test_offline_download_says_so_and_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(*_args: object, **_kwargs: object) -> None:
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(fetch.urllib.request, "urlopen", offline)
    with pytest.raises(ComplianceError, match="may be offline"):
        fetch.fetch_official_list(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_download_that_is_not_a_list_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch.urllib.request, "urlopen", lambda *_a, **_k: io.BytesIO(b"<html>maintenance</html>"))
    with pytest.raises(ComplianceError, match="not a usable list"):
        fetch.fetch_official_list(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_good_download_replaces_the_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch.urllib.request, "urlopen", lambda *_a, **_k: io.BytesIO(UN_LIST.read_bytes()))
    loaded = fetch.fetch_official_list(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["consolidated.xml"]
    assert len(loaded.listings) == 99


def test_cli_official_list_offline_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from compliance.cli import main
    from compliance.paths import sample_workbook

    def offline(*_args: object, **_kwargs: object) -> None:
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(fetch.urllib.request, "urlopen", offline)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # never the real user folder
    code = main(["screen", str(sample_workbook()), "--designations", "official"], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    assert "may be offline" in err and err.count("\n") == 1
