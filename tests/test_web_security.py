"""painlog serve is private by construction: token, cookie, Host, CSRF, headers, limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import count_rows, dump
from tests.web_helpers import BASE, PORT, TOKEN, csrf, make_client, post_form

pytestmark = pytest.mark.usefixtures("config_path")


@pytest.fixture
def fresh(db_path: Path) -> TestClient:
    """A client that has not been signed in."""
    return make_client(db_path, sign_in=False)


def test_without_the_cookie_every_page_answers_403(fresh: TestClient) -> None:
    for path in ("/", "/week", "/checkin", "/entry/1", "/nowhere"):
        answer = fresh.get(path)
        assert answer.status_code == 403, path
        assert "Open the address painlog serve printed" in answer.text


def test_the_token_is_exchanged_for_a_strict_http_only_cookie(fresh: TestClient) -> None:
    answer = fresh.get(f"/week?token={TOKEN}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/week"  # the token leaves the address bar
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"painlog_{PORT}=")
    assert "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    assert TOKEN not in cookie  # the cookie is a secret of its own
    assert fresh.get("/").status_code == 200


def test_the_sign_in_stays_on_this_server(fresh: TestClient) -> None:
    answer = fresh.get(f"{BASE}//evil.example/x?token={TOKEN}&day=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/evil.example/x?day=1"


def test_the_token_works_once(fresh: TestClient, db_path: Path) -> None:
    assert fresh.get(f"/?token={TOKEN}", follow_redirects=False).status_code == 303
    other = TestClient(fresh.app, base_url=BASE)
    answer = other.get(f"/?token={TOKEN}", follow_redirects=False)
    assert answer.status_code == 403
    assert "used already" in answer.text
    assert "set-cookie" not in answer.headers


def test_a_wrong_token_or_cookie_is_refused(fresh: TestClient) -> None:
    assert fresh.get("/?token=guess", follow_redirects=False).status_code == 403
    fresh.cookies.set(f"painlog_{PORT}", "guess")
    assert fresh.get("/").status_code == 403
    # the real token still works after a wrong guess
    assert fresh.get(f"/?token={TOKEN}", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "host", ["evil.example:8765", "127.0.0.1:9999", "localhost", "127.0.0.1", "[::1]:8765"]
)
def test_another_host_header_is_refused(db_path: Path, host: str) -> None:
    client = make_client(db_path)
    answer = client.get("/", headers={"host": host})
    assert answer.status_code == 403
    assert f"http://127.0.0.1:{PORT}/" in answer.text


def test_localhost_with_the_port_is_served(db_path: Path) -> None:
    client = make_client(db_path)
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_every_answer_carries_the_security_headers(web: TestClient) -> None:
    for path in ("/", "/static/painlog.css", "/nowhere"):
        answer = web.get(path)
        headers = answer.headers
        assert headers["content-security-policy"].startswith("default-src 'self'"), path
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert "access-control-allow-origin" not in headers
    assert web.get("/").headers["cache-control"] == "no-store"


def test_no_cors_even_when_asked(web: TestClient) -> None:
    answer = web.options(
        "/log",
        headers={"origin": "http://evil.example", "access-control-request-method": "POST"},
    )
    assert "access-control-allow-origin" not in answer.headers
    assert answer.status_code in (403, 405)


def test_a_form_without_the_csrf_token_changes_nothing(web: TestClient, db_path: Path) -> None:
    before = dump(db_path)
    for token in ("", "wrong"):
        answer = post_form(web, "/log", {"pain": "5", "where": "neck"}, token=token)
        assert answer.status_code == 403
        assert "out of date" in answer.text
    answer = web.post("/log", data={"pain": "5", "where": "neck"}, follow_redirects=False)
    assert answer.status_code == 403
    assert dump(db_path) == before


def test_a_form_sent_from_another_site_is_refused(web: TestClient, db_path: Path) -> None:
    token = csrf(web.get("/").text)
    before = dump(db_path)
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        answer = web.post(
            "/log",
            data={"pain": "5", "where": "neck", "csrf": token},
            headers=headers,
            follow_redirects=False,
        )
        assert answer.status_code == 403
        assert "another site" in answer.text
    assert dump(db_path) == before
    same = web.post(
        "/log",
        data={"pain": "5", "where": "neck", "csrf": token},
        headers={"origin": BASE, "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert same.status_code == 303
    assert count_rows(db_path) == 1


def test_a_body_past_the_limit_is_refused_and_nothing_saved(web: TestClient, db_path: Path) -> None:
    before = dump(db_path)
    token = csrf(web.get("/").text)
    answer = web.post(
        "/log",
        data={"pain": "5", "where": "neck", "note": "x" * 300_000, "csrf": token},
        follow_redirects=False,
    )
    assert answer.status_code == 413
    assert "larger than painlog takes" in answer.text
    assert dump(db_path) == before


def test_the_server_serves_nothing_outside_its_assets(web: TestClient) -> None:
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/../../cli/serve.py"):
        answer = web.get(path)
        assert answer.status_code == 404, path
        assert "def " not in answer.text
    assert web.get("/static/painlog.css").status_code == 200


def test_the_static_files_are_served_without_the_cookie(fresh: TestClient) -> None:
    answer = fresh.get("/static/painlog.css")
    assert answer.status_code == 200
    assert "prefers-color-scheme: dark" in answer.text
    assert fresh.get("/static/painlog.js").status_code == 200
