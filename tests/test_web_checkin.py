"""The Check-in page: one check-in per day; recording the same day again updates it."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from painlog.api import Diary
from painlog.fields import CHECKIN_RATINGS
from tests.conftest import count_rows, dump
from tests.web_helpers import error_beside, form_as_sent, post_form, submit

pytestmark = pytest.mark.usefixtures("fixed_now")  # days and times spelled out


def _checkin(db_path: Path, day: str) -> dict[str, object] | None:
    with Diary.open(db_path, write=False) as diary:
        for checkin in diary.checkins():
            if checkin.day.isoformat() == day:
                return {
                    "avg": checkin.average_pain,
                    "worst": checkin.worst_pain,
                    "enjoyment": checkin.enjoyment,
                    "activity": checkin.activity,
                    "sleep": checkin.sleep_quality,
                    "fatigue": checkin.fatigue,
                    "spasticity": checkin.spasticity,
                    "exposures": checkin.exposures,
                    "note": checkin.note,
                    "peg": checkin.peg,
                }
    return None


def test_a_check_in_for_today(web: TestClient, db_path: Path) -> None:
    page = web.get("/checkin").text
    assert 'name="day" value="2026-11-25"' in page
    for key in CHECKIN_RATINGS:
        assert f'id="{key}-none" name="{key}" value="" checked' in page
        assert f'<label for="{key}-10">10</label>' in page
    answer = submit(
        web,
        "/checkin",
        "/checkin",
        {
            "average_pain": "4",
            "worst_pain": "7",
            "enjoyment": "5",
            "activity": "6",
            "sleep_quality": "5",
            "fatigue": "6",
            "spasticity": "5",
            "exposure": ["heat", "humidity"],
            "note": "hot and humid",
        },
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/week?done=checkin&day=2026-11-25#day-2026-11-25"
    assert _checkin(db_path, "2026-11-25") == {
        "avg": 4,
        "worst": 7,
        "enjoyment": 5,
        "activity": 6,
        "sleep": 5,
        "fatigue": 6,
        "spasticity": 5,
        "exposures": ["heat", "humidity"],
        "note": "hot and humid",
        "peg": 5.0,
    }
    week = web.get(answer.headers["location"]).text
    assert "Recorded the check-in for Wed 25 Nov 2026." in week
    assert "avg 4 · worst 7 · enjoyment 5 · activity 6 · sleep 5" in week


def test_recording_the_same_day_again_updates_it(web: TestClient, db_path: Path) -> None:
    post_form(
        web,
        "/checkin",
        {"day": "2026-11-24", "average_pain": "4", "fatigue": "6", "exposure": ["heat", "stress"]},
    )
    page = web.get("/checkin?day=2026-11-24").text
    assert "is recorded; saving again updates it" in page
    sent = form_as_sent(page, "/checkin")
    assert sent["average_pain"] == ["4"]
    assert sent["fatigue"] == ["6"]
    assert sent["exposure"] == ["heat", "stress"]
    answer = submit(
        web, "/checkin?day=2026-11-24", "/checkin", {"average_pain": "2", "exposure": ["stress"]}
    )
    assert answer.status_code == 303
    assert count_rows(db_path, "day_checkins") == 1
    found = _checkin(db_path, "2026-11-24")
    assert found is not None
    assert (found["avg"], found["fatigue"], found["exposures"]) == (2, 6, ["stress"])


CHECKIN_BAD: list[tuple[str, dict[str, str | list[str]], str, str]] = [
    ("a rating above 10", {"average_pain": "11"}, "average_pain", "from 0 to 10"),
    ("a rating that is not a number", {"fatigue": "lots"}, "fatigue", "whole number"),
    ("a day ahead", {"day": "2026-11-26", "average_pain": "3"}, "day", "is in the future"),
    ("a day that is not one", {"day": "someday", "average_pain": "3"}, "day", "not a day"),
    ("no day", {"day": "", "average_pain": "3"}, "day", "Give the day"),
    ("an unknown exposure", {"exposure": "sunshine", "average_pain": "3"}, "exposure", "sunshine"),
    ("a note too long", {"note": "n" * 5001}, "note", "the most it holds is 5000"),
]


@pytest.mark.parametrize(
    ("data", "field", "sentence"), [c[1:] for c in CHECKIN_BAD], ids=[c[0] for c in CHECKIN_BAD]
)
def test_check_in_refusals_change_nothing(
    web: TestClient, db_path: Path, data: dict[str, str | list[str]], field: str, sentence: str
) -> None:
    post_form(web, "/checkin", {"day": "2026-11-20", "average_pain": "5"})
    before = dump(db_path)
    answer = post_form(web, "/checkin", {"day": "2026-11-25", "worst_pain": "6", **data})
    assert answer.status_code == 400
    assert sentence in error_beside(answer.text, field)
    assert dump(db_path) == before
    kept = form_as_sent(answer.text, "/checkin")
    if field != "worst_pain":
        assert kept["worst_pain"] == ["6"]
    assert kept["day"] == [data.get("day", "2026-11-25")]


def test_nothing_to_record_is_said_at_the_top(web: TestClient, db_path: Path) -> None:
    before = dump(db_path)
    answer = post_form(web, "/checkin", {"day": "2026-11-25"})
    assert answer.status_code == 400
    assert "Nothing to record" in answer.text
    assert 'id="form-error"' in answer.text
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("day", "sentence"), [("2026-11-30", "is in the future"), ("soon", "not a day")]
)
def test_a_bad_day_in_the_address(web: TestClient, day: str, sentence: str) -> None:
    answer = web.get(f"/checkin?day={day}")
    assert answer.status_code == 400
    assert sentence in error_beside(answer.text, "day")
