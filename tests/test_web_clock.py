"""The web page at any moment: make test-clocks runs these at midnight, on daylight-saving
change days and across New Year (the other web tests run at one fixed moment)."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from painlog.api import Diary
from painlog.when import local_now
from tests.web_helpers import error_beside, post_form

pytestmark = pytest.mark.clock


def test_an_entry_logged_now_is_under_today_on_the_week_page(
    web_now: TestClient, db_path: Path
) -> None:
    now = local_now()
    answer = post_form(web_now, "/log", {"pain": "5", "where": "neck", "trigger": "stress"})
    assert answer.status_code == 303
    with Diary.open(db_path, write=False) as diary:
        [entry] = diary.entries()
    assert entry.occurred_at == now.replace(microsecond=0)
    assert entry.day == now.date()
    page = web_now.get("/week").text
    today = page.split(f'id="day-{now.date().isoformat()}"')[1].split('<section class="day"')[0]
    assert f"Today, {now:%a %d %b}" in today
    assert f"<strong>{now:%H:%M}</strong></a> pain 5/10 · neck · triggers: stress" in today


def test_last_night_is_yesterday_at_ten(web_now: TestClient, db_path: Path) -> None:
    answer = post_form(web_now, "/log", {"pain": "4", "where": "hip", "when": "last-night"})
    assert answer.status_code == 303
    with Diary.open(db_path, write=False) as diary:
        [entry] = diary.entries()
    yesterday = local_now().date() - timedelta(days=1)
    assert (entry.day, entry.occurred_at.time()) == (yesterday, time(22, 0))
    assert f'id="day-{yesterday.isoformat()}"' in web_now.get("/week").text


def test_this_morning_before_eight_says_what_was_probably_meant(
    web_now: TestClient, db_path: Path
) -> None:
    now = local_now()
    answer = post_form(web_now, "/log", {"pain": "4", "where": "hip", "when": "this-morning"})
    if now.time() >= time(7, 55):  # 08:00 is at most five minutes ahead
        assert answer.status_code == 303
        return
    assert answer.status_code == 400
    assert 'did you mean "yesterday 08:00"?' in error_beside(answer.text, "when")
    with Diary.open(db_path, write=False) as diary:
        assert diary.entries() == []


def test_the_check_in_is_for_today_and_a_follow_up_now_is_taken(
    web_now: TestClient, db_path: Path
) -> None:
    today = local_now().date()
    assert f'name="day" value="{today.isoformat()}"' in web_now.get("/checkin").text
    answer = post_form(web_now, "/checkin", {"day": today.isoformat(), "average_pain": "3"})
    assert answer.status_code == 303
    post_form(
        web_now,
        "/log",
        {"pain": "7", "where": "neck", "remedy": "baclofen", "dose-baclofen": "10 mg"},
    )
    answer = post_form(web_now, "/entry/1/relief", {"remedy": "baclofen", "pain_after": "4"})
    assert answer.status_code == 303
    with Diary.open(db_path, write=False) as diary:
        assert diary.entry(1).remedies[0].pain_after == 4
        assert [c.day for c in diary.checkins()] == [today]
