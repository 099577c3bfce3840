"""What the web page's tests share: a signed-in test client on a fresh diary."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from httpx2 import Response
from starlette.testclient import TestClient

from painlog.web.app import create_app

PORT = 8765  # never bound: the test client calls the application directly
TOKEN = "test-token-0123456789"
BASE = f"http://127.0.0.1:{PORT}"


def make_client(db_path: Path, *, debug: bool = False, sign_in: bool = True) -> TestClient:
    app = create_app(db_path=db_path, token=TOKEN, port=PORT, debug=debug)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    if sign_in:
        answer = client.get(f"/?token={TOKEN}", follow_redirects=False)
        assert answer.status_code == 303, answer.text
    return client


@pytest.fixture
def config_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("PAINLOG_CONFIG", str(path))
    return path


# The web tests that spell out days and times run at this one moment, in Berlin, whatever
# moment the suite runs at; tests/test_web_clock.py holds those that hold at any moment.
FIXED_NOW = datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    with time_machine.travel(FIXED_NOW, tick=False):
        yield FIXED_NOW


@pytest.fixture
def web(db_path: Path, config_path: Path, fixed_now: datetime) -> Iterator[TestClient]:
    """A signed-in client at FIXED_NOW."""
    with live_client(db_path) as client:
        yield client


@pytest.fixture
def web_now(db_path: Path, config_path: Path) -> Iterator[TestClient]:
    """A signed-in client at the suite's moment (for tests marked clock)."""
    with live_client(db_path) as client:
        yield client


@contextmanager
def live_client(db_path: Path) -> Iterator[TestClient]:
    client = make_client(db_path)
    with client:
        yield client
    client.app.state.served.close()  # type: ignore[attr-defined]


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def post_form(
    client: TestClient, path: str, data: dict[str, str | list[str]], *, token: str | None = None
) -> Response:
    """POST ``data`` as a browser would, with the page's CSRF token unless one is given."""
    if token is None:
        token = csrf(client.get("/").text)
    return client.post(path, data={**data, "csrf": token}, follow_redirects=False)


def error_beside(page: str, field: str) -> str:
    """The sentence shown beside ``field``, without its markup."""
    pattern = rf'<p class="error" id="{field}-error"><strong>Check this:</strong> (.*?)</p>'
    found = re.search(pattern, page, re.S)
    assert found, f"no error beside {field}"
    return html.unescape(found.group(1))


class _FormReader(HTMLParser):
    """What a browser would send for one form as it stands: checked boxes and radios,
    selected options, typed values (a small stand-in for a real browser)."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("action") == self.action and not self.found:
            self.inside = self.found = True
        if not self.inside:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select is not None and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None


def form_as_sent(page: str, action: str) -> dict[str, list[str]]:
    """The form posting to ``action`` on ``page``, as a browser would send it unchanged."""
    reader = _FormReader(action)
    reader.feed(page)
    assert reader.found, f"no form posts to {action}"
    sent: dict[str, list[str]] = {}
    for name, value in reader.fields:
        sent.setdefault(name, []).append(value)
    return sent


def submit(
    client: TestClient, page_path: str, action: str, changes: dict[str, str | list[str]]
) -> Response:
    """Open the page, change some fields, and send its form as a browser would."""
    data: dict[str, str | list[str]] = dict(form_as_sent(client.get(page_path).text, action))
    data.update(changes)
    return client.post(action, data=data, follow_redirects=False)
