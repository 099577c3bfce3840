"""A form's Origin as Chromium sends it under Referrer-Policy no-referrer ("null")."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.conftest import count_rows
from tests.web_helpers import csrf

pytestmark = pytest.mark.clock


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"origin": "null", "sec-fetch-site": "same-origin"}, 303),  # Chromium, our own page
        ({"origin": "null", "sec-fetch-site": "cross-site"}, 403),
        ({"origin": "null"}, 403),  # no word from the browser on where it came from
        ({"origin": "http://127.0.0.1:8765", "sec-fetch-site": "same-origin"}, 303),
        ({"origin": "http://evil.example", "sec-fetch-site": "same-origin"}, 403),
        ({"sec-fetch-site": "same-site"}, 403),
    ],
)
def test_a_save_is_taken_only_from_the_page_itself(
    web: TestClient, db_path: Path, headers: dict[str, str], status: int
) -> None:
    token = csrf(web.get("/").text)
    answer = web.post(
        "/log",
        data={"csrf": token, "pain": "5", "where": "lower-back"},
        headers=headers,
        follow_redirects=False,
    )
    assert answer.status_code == status
    assert count_rows(db_path) == (1 if status == 303 else 0)
