"""What the web page's tests share: a signed-in test client on a fresh diary."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
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


@pytest.fixture
def web(db_path: Path, config_path: Path) -> Iterator[TestClient]:
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
) -> object:
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
