"""painlog serve itself: the address it prints, the browser, the port, Ctrl-C; the error
pages; and the page and the command line writing at the same time."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from painlog.errors import DiaryBusy
from tests.conftest import CliRun, count_rows
from tests.test_concurrency import WRITER
from tests.web_helpers import csrf, make_client, post_form

pytestmark = pytest.mark.usefixtures("fixed_now")  # days and times spelled out


def _serve(db_path: Path, tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    """painlog serve in its own process, and the address it printed."""
    env = {**os.environ, "PAINLOG_DB": str(db_path), "PAINLOG_CONFIG": str(tmp_path / "c.toml")}
    process = subprocess.Popen(
        [sys.executable, "-m", "painlog", "serve", "--no-browser"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    # Read the lines unbuffered: communicate() later reads the pipe itself, and any line
    # a buffered reader had taken would be lost to it.
    stdout = os.fdopen(os.dup(process.stdout.fileno()), "rb", buffering=0)
    line = b""
    while True:
        char = stdout.read(1)
        if not char:
            process.kill()
            raise AssertionError(f"painlog serve printed no address: {line!r}")
        if char != b"\n":
            line += char
        elif b"?token=" in line:
            break
        else:
            line = b""
    stdout.close()
    return process, line.decode().strip()


def test_serve_prints_a_loopback_address_serves_and_stops_cleanly_on_ctrl_c(
    db_path: Path, tmp_path: Path
) -> None:
    process, address = _serve(db_path, tmp_path)
    try:
        assert address.startswith("http://127.0.0.1:")
        port = int(address.split(":")[2].split("/")[0])
        token = address.split("token=")[1]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/week")
        refused = connection.getresponse()
        refused.read()
        assert refused.status == 403  # no cookie yet
        connection.request("GET", f"/?token={token}")
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 303
        cookie = answer.getheader("set-cookie", "").split(";")[0]
        connection.request("GET", "/", headers={"cookie": cookie})
        page = connection.getresponse()
        assert page.status == 200
        assert "Log pain" in page.read().decode()
        connection.close()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.startswith("\nThe address works once, in one browser")  # after the address
    assert "Press Ctrl-C here to stop." in out
    assert "Stopped painlog serve" in out
    assert "Traceback" not in err


def test_the_page_is_not_served_without_the_token(db_path: Path, tmp_path: Path) -> None:
    process, address = _serve(db_path, tmp_path)
    try:
        port = int(address.split(":")[2].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/")
        assert connection.getresponse().status == 403
        connection.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)


def test_serve_opens_the_browser_unless_asked_not_to(
    cli: CliRun, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import webbrowser

    import uvicorn

    opened: list[str] = []
    ran: list[int] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    monkeypatch.setattr(
        uvicorn.Server, "run", lambda self, sockets=None: ran.append(sockets[0].getsockname()[1])
    )
    result = cli("serve")
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and opened[0] in result.stdout
    assert opened[0] == f"http://127.0.0.1:{ran[0]}/?token={opened[0].split('token=')[1]}"
    result = cli("serve", "--no-browser")
    assert result.exit_code == 0
    assert len(opened) == 1  # not opened again
    assert len(ran) == 2 and ran[0] != 0


def test_a_port_in_use_is_refused_in_a_sentence(cli: CliRun) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = cli("serve", "--port", str(port), "--no-browser")
    finally:
        taken.close()
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"painlog: --port: Port {port} is already in use on this computer; leave out --port "
        "and painlog picks a free one."
    )


def test_an_unknown_page_is_a_plain_404_page(web: TestClient) -> None:
    answer = web.get("/nowhere")
    assert answer.status_code == 404
    assert "There is no page at this address" in answer.text
    assert '<nav aria-label="Pages">' in answer.text


def test_a_get_only_page_refuses_a_post_plainly(web: TestClient) -> None:
    answer = web.post("/week", data={"csrf": csrf(web.get("/").text)})
    assert answer.status_code == 405
    assert "does not take that kind of request" in answer.text


def _break_the_week(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    from painlog.web import week

    def broken(**_: object) -> None:
        raise error

    monkeypatch.setattr(week, "list_days", broken)


def test_an_unexpected_error_is_a_plain_page_without_a_traceback(
    web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_the_week(monkeypatch, RuntimeError("a bug"))
    answer = web.get("/week")
    assert answer.status_code == 500
    assert "unexpected problem (RuntimeError)" in answer.text
    assert "Traceback" not in answer.text and "a bug" not in answer.text
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")


def test_debug_shows_the_traceback(
    db_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_the_week(monkeypatch, RuntimeError("a bug"))
    answer = make_client(db_path, debug=True).get("/week")
    assert answer.status_code == 500
    assert "Traceback" in answer.text and "RuntimeError: a bug" in answer.text


def test_a_busy_diary_says_so(web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    _break_the_week(monkeypatch, DiaryBusy("Another painlog is writing to the diary; try again."))
    answer = web.get("/week")
    assert answer.status_code == 503
    assert "Another painlog is writing to the diary; try again." in answer.text


def test_the_page_and_the_command_line_write_at_the_same_time(
    web: TestClient, cli: CliRun, db_path: Path
) -> None:
    count = 12
    token = csrf(web.get("/").text)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(count=count, name="cli")],
        text=True,
        stdout=subprocess.PIPE,
    )
    statuses: list[int] = []

    def page_writer() -> None:
        for i in range(count):
            answer = post_form(
                web,
                "/log",
                {"pain": str(i % 11), "where": "hip", "note": f"web entry {i}"},
                token=token,
            )
            statuses.append(answer.status_code)
        for i in range(count):
            data = {"day": f"2026-11-{10 + i:02d}", "average_pain": str(i % 11)}
            statuses.append(post_form(web, "/checkin", data, token=token).status_code)

    thread = threading.Thread(target=page_writer)
    thread.start()
    output = writer.communicate(timeout=300)[0]
    thread.join(timeout=300)
    assert writer.returncode == 0, output
    assert statuses == [303] * (2 * count)
    notes = [e["note"] for e in json.loads(cli("list", "--json", "--limit", "0").stdout)]
    assert sorted(notes) == sorted(
        [f"writer cli entry {i}" for i in range(count)] + [f"web entry {i}" for i in range(count)]
    )
    assert count_rows(db_path, "day_checkins") == count
