"""Reading times and days, in the person's own calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painlog.errors import BadInput
from painlog.when import as_local, check_range, parse_at, parse_day

NOW = as_local(datetime(2026, 11, 21, 15, 0))  # Europe/Berlin in tests: +01:00


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("2026-11-20 21:30", as_local(datetime(2026, 11, 20, 21, 30))),
        ("2026-11-20T21:30", as_local(datetime(2026, 11, 20, 21, 30))),
        (
            "2026-11-20T21:30:15+09:00",
            datetime(2026, 11, 20, 21, 30, 15, tzinfo=timezone(timedelta(hours=9))),
        ),
        ("2026-11-20 21:30Z", datetime(2026, 11, 20, 21, 30, tzinfo=UTC)),
        ("today 14:00", as_local(datetime(2026, 11, 21, 14, 0))),
        ("Yesterday 21:30", as_local(datetime(2026, 11, 20, 21, 30))),
        ("9:05", as_local(datetime(2026, 11, 21, 9, 5))),
        ("2h ago", NOW - timedelta(hours=2)),
        ("45 min ago", NOW - timedelta(minutes=45)),
        ("1.5 hours ago", NOW - timedelta(minutes=90)),
        ("3 days ago", NOW - timedelta(days=3)),
    ],
)
def test_parse_at_forms(text: str, expected: datetime) -> None:
    assert parse_at(text, now=NOW) == expected


@pytest.mark.parametrize(
    "text",
    ["", "tomorrowish", "2026-11-20", "25:00", "today 7", "2026-13-01 10:00", "yesterday", "ago"],
)
def test_parse_at_refuses_unreadable_times(text: str) -> None:
    with pytest.raises(BadInput, match="Cannot read --at"):
        parse_at(text, now=NOW)


def test_parse_at_refuses_more_than_a_day_ahead() -> None:
    assert parse_at("2026-11-22 14:00", now=NOW)  # within a day: clocks slip
    with pytest.raises(BadInput, match="more than a day in the future"):
        parse_at("2026-11-22 16:00", now=NOW)


def test_late_night_entries_keep_their_local_day() -> None:
    # 23:30 in Berlin is 22:30 UTC; 00:30 in Berlin is the previous day in UTC.
    late = parse_at("2026-11-20 23:30", now=NOW)
    early = parse_at("2026-11-21 00:30", now=NOW)
    assert late.date() == date(2026, 11, 20)
    assert early.date() == date(2026, 11, 21)
    assert early.astimezone(UTC).date() == date(2026, 11, 20)


def test_daylight_saving_offsets_follow_the_date() -> None:
    summer = parse_at("2026-07-01 12:00", now=NOW)
    winter = parse_at("2026-01-01 12:00", now=NOW)
    assert summer.utcoffset() == timedelta(hours=2)
    assert winter.utcoffset() == timedelta(hours=1)


TODAY = date(2026, 11, 21)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("yesterday", date(2026, 11, 20)),
        ("2026-02-28", date(2026, 2, 28)),
        ("3 days ago", date(2026, 11, 18)),
        ("2 weeks ago", date(2026, 11, 7)),
        ("monday", date(2026, 11, 16)),
        ("Sat", TODAY),
        ("sunday", date(2026, 11, 15)),
    ],
)
def test_parse_day_forms(text: str, expected: date) -> None:
    assert parse_day(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["", "2026-02-30", "next week", "20/11/2026"])
def test_parse_day_refuses(text: str) -> None:
    with pytest.raises(BadInput, match="as a day"):
        parse_day(text, today=TODAY)


def test_from_after_to_is_refused() -> None:
    check_range(date(2026, 1, 1), date(2026, 1, 1))
    with pytest.raises(BadInput, match="after --to"):
        check_range(date(2026, 1, 2), date(2026, 1, 1))


@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2026, 11, 20)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_iso_times_round_trip(moment: datetime, offset_minutes: int) -> None:
    aware = moment.replace(
        second=0, microsecond=0, tzinfo=timezone(timedelta(minutes=offset_minutes))
    )
    assert parse_at(aware.isoformat(), now=NOW) == aware


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
def test_iso_days_round_trip(day: date) -> None:
    assert parse_day(day.isoformat(), today=TODAY) == day
