"""The Week page and one entry's actions: change, delete, restore, how is it now?"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from starlette.testclient import TestClient

from painlog.api import Diary
from tests.conftest import dump
from tests.web_helpers import error_beside, form_as_sent, post_form, submit

pytestmark = pytest.mark.usefixtures("fixed_now")  # days and times spelled out
BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def diary_week(db_path: Path, berlin: None) -> Path:
    """Entries today, two days ago (deleted), eight days ago, and a check-in yesterday."""
    with Diary.open(db_path) as diary:
        diary.log(
            pain=6,
            where=["lower-back"],
            at=at("2026-11-25T09:10:30"),
            triggers=["heat"],
            remedies=[("baclofen", "10 mg")],
        )
        diary.log(pain=3, where=["neck"], at=at("2026-11-23T21:00"))
        diary.delete(2)
        diary.log(pain=8, where=["hip"], at=at("2026-11-17T12:00"), note="long ago")
        diary.day(
            datetime(2026, 11, 24).date(),
            ratings={"average_pain": 4, "enjoyment": 5, "activity": 6},
            exposures=["humidity"],
        )
    return db_path


def test_the_week_shows_seven_days_with_entries_check_ins_and_deleted_ones(
    web: TestClient, diary_week: Path
) -> None:
    page = web.get("/week")
    assert page.status_code == 200
    text = page.text
    assert "Today, Wed 25 Nov" in text
    assert "Yesterday, Tue 24 Nov" in text
    assert "Thursday 19 Nov" in text
    assert "18 Nov" not in text and "long ago" not in text  # eight days back: not this week
    assert "pain 6/10 · lower back · triggers: extreme heat · tried: Baclofen 10 mg" in text
    assert "avg 4 · enjoyment 5 · activity 6 · PEG 5.0 · exposures: humidity" in text
    today = text.split('id="day-2026-11-25"')[1].split('id="day-2026-11-24"')[0]
    assert 'href="/entry/1/relief"' in today and 'href="/entry/1/edit"' in today
    assert 'action="/entry/1/delete"' in today
    gone = text.split('id="entry-2"')[1].split("</li>")[0]
    assert "(deleted)" in gone
    assert 'action="/entry/2/restore"' in gone
    assert "/entry/2/edit" not in gone and "/entry/2/relief" not in gone


def test_delete_and_restore(web: TestClient, diary_week: Path) -> None:
    answer = post_form(web, "/entry/1/delete", {})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/week?done=deleted&entry=1#entry-1"
    with Diary.open(diary_week) as diary:
        assert diary.entry(1).is_deleted
    page = web.get(answer.headers["location"]).text
    assert "Deleted entry 1; its Restore button brings it back." in page
    answer = post_form(web, "/entry/1/restore", {})
    assert answer.status_code == 303
    with Diary.open(diary_week) as diary:
        assert not diary.entry(1).is_deleted
    assert "Restored entry 1." in web.get(answer.headers["location"]).text


@pytest.mark.parametrize(
    ("path", "status", "sentence"),
    [
        ("/entry/2/delete", 400, "Entry 2 is already deleted"),
        ("/entry/1/restore", 400, "Entry 1 is not deleted, so there is nothing to restore."),
        ("/entry/99/delete", 404, "There is no entry 99"),
        ("/entry/99/restore", 404, "There is no entry 99"),
    ],
)
def test_delete_and_restore_refusals_change_nothing(
    web: TestClient, diary_week: Path, path: str, status: int, sentence: str
) -> None:
    before = dump(diary_week)
    answer = post_form(web, path, {})
    assert answer.status_code == status
    assert sentence in answer.text
    assert 'href="/week"' in answer.text  # a way back, never a blank page
    assert dump(diary_week) == before


def test_how_is_it_now_records_a_follow_up(web: TestClient, diary_week: Path) -> None:
    page = web.get("/entry/1/relief").text
    assert 'id="remedy-baclofen" name="remedy" value="baclofen" checked' in page
    answer = submit(web, "/entry/1/relief", "/entry/1/relief", {"pain_after": "3"})
    assert answer.status_code == 303
    with Diary.open(diary_week) as diary:
        attempt = diary.entry(1).remedies[0]
    assert (attempt.pain_after, attempt.pain_after_at) == (3, at("2026-11-25T10:30"))
    week = web.get(answer.headers["location"]).text
    assert "Recorded how entry 1 is now." in week
    assert "Later, after Baclofen: pain 3/10 at 10:30" in week


def test_how_is_it_now_with_nothing_taken(web: TestClient, db_path: Path) -> None:
    with Diary.open(db_path) as diary:
        diary.log(pain=6, where=["neck"], at=at("2026-11-25T08:00"))
    page = web.get("/entry/1/relief").text
    assert "Nothing was taken for this episode" in page
    answer = post_form(web, "/entry/1/relief", {"pain_after": "4", "at": "09:30"})
    assert answer.status_code == 303
    with Diary.open(db_path) as diary:
        entry = diary.entry(1)
    assert (entry.pain_after, entry.pain_after_at) == (4, at("2026-11-25T09:30"))


def test_replacing_a_follow_up_is_asked_first(web: TestClient, diary_week: Path) -> None:
    assert (
        post_form(web, "/entry/1/relief", {"remedy": "baclofen", "pain_after": "3"}).status_code
        == 303
    )
    before = dump(diary_week)
    answer = post_form(web, "/entry/1/relief", {"remedy": "baclofen", "pain_after": "2"})
    assert answer.status_code == 409
    assert (
        "Entry 1 already has a follow-up for baclofen (pain 3 at 10:30). Replace it?" in answer.text
    )
    assert dump(diary_week) == before  # asking changes nothing
    confirm = form_as_sent(answer.text, "/entry/1/relief")
    assert confirm["replace"] == ["yes"] and confirm["pain_after"] == ["2"]
    done = web.post("/entry/1/relief", data=confirm, follow_redirects=False)
    assert done.status_code == 303
    with Diary.open(diary_week) as diary:
        assert diary.entry(1).remedies[0].pain_after == 2


RELIEF_BAD: list[tuple[str, dict[str, str], str, str]] = [
    ("no rating", {"remedy": "baclofen"}, "pain_after", "Choose how the pain is now"),
    ("rating above 10", {"remedy": "baclofen", "pain_after": "12"}, "pain_after", "0 to 10"),
    (
        "a remedy the entry does not record",
        {"remedy": "ibuprofen", "pain_after": "3"},
        "remedy",
        "Entry 1 has no remedy ibuprofen",
    ),
    (
        "an unreadable time",
        {"remedy": "baclofen", "pain_after": "3", "at": "teatime"},
        "at",
        '"teatime" is not a time painlog can read',
    ),
    (
        "before the remedy",
        {"remedy": "baclofen", "pain_after": "3", "at": "08:00"},
        "at",
        "would come before it was taken",
    ),
]


@pytest.mark.parametrize(
    ("data", "field", "sentence"), [c[1:] for c in RELIEF_BAD], ids=[c[0] for c in RELIEF_BAD]
)
def test_how_is_it_now_refusals(
    web: TestClient, diary_week: Path, data: dict[str, str], field: str, sentence: str
) -> None:
    before = dump(diary_week)
    answer = post_form(web, "/entry/1/relief", data)
    assert answer.status_code == 400
    assert sentence in error_beside(answer.text, field)
    assert dump(diary_week) == before
    kept = form_as_sent(answer.text, "/entry/1/relief")
    assert kept.get("at", [""]) == [data.get("at", "")]


def test_a_follow_up_more_than_24_hours_later_is_refused(web: TestClient, db_path: Path) -> None:
    with Diary.open(db_path) as diary:
        diary.log(
            pain=7, where=["neck"], at=at("2026-11-22T20:00"), remedies=[("ibuprofen", "400 mg")]
        )
    before = dump(db_path)
    answer = post_form(web, "/entry/1/relief", {"remedy": "ibuprofen", "pain_after": "2"})
    assert answer.status_code == 400
    sentence = error_beside(answer.text, "at")
    assert "give one within 24 hours of it" in sentence
    assert dump(db_path) == before


def test_how_is_it_now_for_a_deleted_or_missing_entry(web: TestClient, diary_week: Path) -> None:
    assert web.get("/entry/2/relief").status_code == 404
    assert web.get("/entry/99/relief").status_code == 404
    before = dump(diary_week)
    answer = post_form(web, "/entry/2/relief", {"pain_after": "3"})
    assert answer.status_code == 404
    assert "Entry 2 is deleted" in answer.text
    assert dump(diary_week) == before


def test_the_edit_form_shows_the_entry_and_saves_changes(web: TestClient, diary_week: Path) -> None:
    post_form(web, "/entry/1/relief", {"remedy": "baclofen", "pain_after": "3"})
    page = web.get("/entry/1/edit").text
    sent = form_as_sent(page, "/entry/1/edit")
    assert sent["pain"] == ["6"]
    assert sent["where"] == ["lower-back"]
    assert sent["trigger"] == ["heat"]
    assert sent["remedy"] == ["baclofen"]
    assert sent["dose-baclofen"] == ["10 mg"]
    assert (sent["date"], sent["time"]) == (["2026-11-25"], ["09:10"])
    answer = submit(
        web,
        "/entry/1/edit",
        "/entry/1/edit",
        {"pain": "5", "trigger": [], "quality": ["tight"], "note": "eased"},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/week?done=edited&entry=1#entry-1"
    with Diary.open(diary_week) as diary:
        entry = diary.entry(1)
    assert entry.intensity == 5
    assert entry.triggers == []
    assert entry.qualities == ["tight"]
    assert entry.note == "eased"
    assert entry.occurred_at == at("2026-11-25T09:10:30")  # the time as shown: kept to the second
    assert entry.remedies[0].pain_after == 3  # a remedy kept keeps its follow-up
    assert "Changed entry 1." in web.get(answer.headers["location"]).text


def test_the_edit_form_moves_the_time_and_clears_what_is_emptied(
    web: TestClient, diary_week: Path
) -> None:
    answer = submit(
        web,
        "/entry/1/edit",
        "/entry/1/edit",
        {"time": "08:40", "remedy": [], "duration": "", "type": ""},
    )
    assert answer.status_code == 303
    with Diary.open(diary_week) as diary:
        entry = diary.entry(1)
    assert entry.occurred_at == at("2026-11-25T08:40")
    assert entry.remedies == []


EDIT_BAD: list[tuple[str, dict[str, str | list[str]], str, str]] = [
    ("no place", {"where": []}, "where", "Choose where it hurts"),
    ("pain above 10", {"pain": "11"}, "pain", "Pain must be from 0 to 10"),
    ("no time", {"time": ""}, "when", "Give the time it happened"),
    ("a time ahead", {"time": "23:00"}, "when", "from now"),
    ("duration unreadable", {"duration": "ages"}, "duration", "ages"),
]


@pytest.mark.parametrize(
    ("changes", "field", "sentence"), [c[1:] for c in EDIT_BAD], ids=[c[0] for c in EDIT_BAD]
)
def test_edit_refusals_change_nothing(
    web: TestClient,
    diary_week: Path,
    changes: dict[str, str | list[str]],
    field: str,
    sentence: str,
) -> None:
    before = dump(diary_week)
    answer = submit(web, "/entry/1/edit", "/entry/1/edit", {"note": "typed", **changes})
    assert answer.status_code == 400
    assert sentence in error_beside(answer.text, field)
    assert dump(diary_week) == before
    assert form_as_sent(answer.text, "/entry/1/edit")["note"] == ["typed"]


def test_a_deleted_entry_cannot_be_edited(web: TestClient, diary_week: Path) -> None:
    assert web.get("/entry/2/edit").status_code == 404
    before = dump(diary_week)
    answer = post_form(web, "/entry/2/edit", {"pain": "4", "where": "neck", "time": "21:00"})
    assert answer.status_code == 404
    assert dump(diary_week) == before
