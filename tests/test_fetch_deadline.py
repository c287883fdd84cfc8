"""The official list's download has one deadline: a slow or silent server gets the offline message in time."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import compliance.designations.fetch as fetch
from compliance.model.errors import ComplianceError

UN_LIST = Path(__file__).parent / "data" / "designations" / "un-consolidated-list-2017-07-03-dprk.xml"
DRIP_BYTES = 100  # at most 10 s of dripping, whatever the client does
SILENCE_SECONDS = 5.0


class _SlowServer(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/silent":
            time.sleep(SILENCE_SECONDS)  # says nothing at all, then gives up
            return
        body = UN_LIST.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/whole":
            self.wfile.write(body)
            return
        for byte in body[:DRIP_BYTES]:  # a byte every tenth of a second: each read is quick, the total is not
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowServer)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_a_dripping_server_meets_the_overall_deadline(server: str, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ComplianceError) as caught:
        fetch.fetch_official_list(tmp_path, f"{server}/drip", deadline=1.0, wait=0.5)
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert "no complete answer within 1 s" in message and "may be offline" in message
    assert "\n" not in message
    assert elapsed < 2.0, f"the deadline of 1 s held the download for {elapsed:.1f} s"
    assert list(tmp_path.iterdir()) == []


def test_a_silent_server_meets_the_wait_for_each_read(server: str, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ComplianceError, match=r"no answer for 0\.5 s.*may be offline"):
        fetch.fetch_official_list(tmp_path, f"{server}/silent", deadline=30.0, wait=0.5)
    assert time.monotonic() - started < 2.0
    assert list(tmp_path.iterdir()) == []


def test_a_prompt_server_delivers_the_list(server: str, tmp_path: Path) -> None:
    loaded = fetch.fetch_official_list(tmp_path, f"{server}/whole", deadline=10.0, wait=5.0)
    assert len(loaded.listings) == 99
    assert [p.name for p in tmp_path.iterdir()] == ["consolidated.xml"]
