"""Reading times and days, in the person's own calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from painlog.errors import BadInput
from painlog.when import as_local, check_range, parse_at, parse_day

pytestmark = pytest.mark.clock

NOW = as_local(datetime(2026, 11, 21, 15, 0))


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
    with pytest.raises(BadInput, match="is not a time painlog can read"):
        parse_at(text, now=NOW)


def test_a_time_ahead_is_refused_with_its_likely_meaning() -> None:
    assert parse_at("today 15:04", now=NOW) == as_local(datetime(2026, 11, 21, 15, 4))  # a slip
    with pytest.raises(
        BadInput, match='"2026-11-22 14:00" is 23 hours from now; did you mean "today 14:00"'
    ):
        parse_at("2026-11-22 14:00", now=NOW)
    with pytest.raises(
        BadInput, match='"today 15:30" is 30 minutes from now; did you mean "yesterday 15:30"'
    ):
        parse_at("today 15:30", now=NOW)
    with pytest.raises(
        BadInput, match='"this evening" is 4 hours from now; did you mean "yesterday 19:00"'
    ):
        parse_at("this evening", now=NOW)
    with pytest.raises(BadInput, match="32 hours from now; the diary records what has happened"):
        parse_at("2026-11-22 23:00", now=NOW)


SATURDAY_3PM = NOW  # 2026-11-21 is a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last night", datetime(2026, 11, 20, 22, 0)),
        ("this morning", datetime(2026, 11, 21, 8, 0)),
        ("this afternoon", datetime(2026, 11, 21, 14, 0)),
        ("yesterday evening", datetime(2026, 11, 20, 19, 0)),
        ("Yesterday  Evening", datetime(2026, 11, 20, 19, 0)),
        ("9pm", datetime(2026, 11, 20, 21, 0)),
        ("9 PM", datetime(2026, 11, 20, 21, 0)),
        ("9:30 pm", datetime(2026, 11, 20, 21, 30)),
        ("9.30p.m.", datetime(2026, 11, 20, 21, 30)),
        ("11am", datetime(2026, 11, 21, 11, 0)),
        ("12am", datetime(2026, 11, 21, 0, 0)),
        ("12pm", datetime(2026, 11, 21, 12, 0)),
        ("noon", datetime(2026, 11, 21, 12, 0)),
        ("midnight", datetime(2026, 11, 21, 0, 0)),
        ("monday 9pm", datetime(2026, 11, 16, 21, 0)),
        ("mon 21:00", datetime(2026, 11, 16, 21, 0)),
        ("last monday 9pm", datetime(2026, 11, 16, 21, 0)),
        ("monday at 9pm", datetime(2026, 11, 16, 21, 0)),
        ("9pm monday", datetime(2026, 11, 16, 21, 0)),
        ("sat 10:00", datetime(2026, 11, 21, 10, 0)),  # today, it has passed
        ("sat 16:00", datetime(2026, 11, 14, 16, 0)),  # later today: last week's
        ("friday evening", datetime(2026, 11, 20, 19, 0)),
        ("3 days ago 08:00", datetime(2026, 11, 18, 8, 0)),
        ("6 days ago 08:00", datetime(2026, 11, 15, 8, 0)),
        ("1 week ago 9pm", datetime(2026, 11, 14, 21, 0)),
        ("yesterday at 21:30", datetime(2026, 11, 20, 21, 30)),
        ("21:30 yesterday", datetime(2026, 11, 20, 21, 30)),
        ("21 Nov 09:30", datetime(2026, 11, 21, 9, 30)),
        ("21 Nov 21:30", None),  # later today: refused, see below
        ("Nov 20 21:30", datetime(2026, 11, 20, 21, 30)),
        ("20 november 9pm", datetime(2026, 11, 20, 21, 0)),
        ("3 Dec 10:00", datetime(2025, 12, 3, 10, 0)),  # the latest 3 December
        ("3 Dec 2024 10:00", datetime(2024, 12, 3, 10, 0)),
        ("29 Feb 10:00", datetime(2024, 2, 29, 10, 0)),
        ("2026-11-20 9pm", datetime(2026, 11, 20, 21, 0)),
        ("2026-11-20 9:30 pm", datetime(2026, 11, 20, 21, 30)),
        ("2026-11-20 evening", datetime(2026, 11, 20, 19, 0)),
    ],
)
def test_spoken_times(text: str, expected: datetime | None) -> None:
    if expected is None:
        with pytest.raises(BadInput, match="from now; did you mean"):
            parse_at(text, now=SATURDAY_3PM)
        return
    assert parse_at(text, now=SATURDAY_3PM) == as_local(expected)


@pytest.mark.parametrize(
    "text",
    [
        "monday",
        "21 Nov",
        "last 9pm",
        "this 9pm",
        "13pm",
        "0am",
        "12:60",
        "31 Nov 10:00",
        "nov 10:00",
        "mo 9pm",
        "tomorrow 9pm",
        "9pm 9pm",
        "the evening",
    ],
)
def test_spoken_times_that_are_not_times(text: str) -> None:
    with pytest.raises(BadInput, match="is not a time painlog can read"):
        parse_at(text, now=SATURDAY_3PM)


def _spoken_clock(moment: datetime, style: int) -> str:
    hour12 = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    return (
        moment.strftime("%H:%M"),
        f"{hour12}:{moment.minute:02d} {half}",
        f"{hour12}:{moment.minute:02d}{half.upper()}",
    )[style]


@given(
    st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2026, 11, 21, 14, 0)),
    st.integers(min_value=0, max_value=2),
)
def test_spoken_dates_round_trip(moment: datetime, style: int) -> None:
    moment = moment.replace(second=0, microsecond=0)
    clock = _spoken_clock(moment, style)
    day_month = moment.strftime("%d %b")
    assert parse_at(f"{day_month} {clock}", now=NOW) == as_local(moment)
    assert parse_at(
        f"{moment.strftime('%B')} {moment.day}, {moment.year} at {clock}", now=NOW
    ) == as_local(moment)


@given(
    st.integers(min_value=0, max_value=400),
    st.times(),
    st.integers(min_value=0, max_value=2),
)
def test_days_ago_with_a_clock_round_trip(days: int, clock: time, style: int) -> None:
    day = NOW.date() - timedelta(days=days)
    # A typed time has no fold: in the autumn hour painlog takes the first offset.
    moment = datetime.combine(day, clock.replace(second=0, microsecond=0, fold=0))
    try:
        local = as_local(moment)
    except BadInput:  # a time the spring change skips: refused, tested on its own
        assume(False)
    assume(local <= NOW)  # later today is refused, tested above
    said = f"{days} days ago {_spoken_clock(moment, style)}"
    assert parse_at(said, now=NOW) == as_local(moment)


@given(st.integers(min_value=1, max_value=7 * 24 * 60 - 6))
def test_weekday_and_clock_round_trip(minutes_back: int) -> None:
    """Any moment in the last week is its weekday and clock time, said either way round."""
    moment = (NOW - timedelta(minutes=minutes_back)).replace(tzinfo=None)
    moment = moment.replace(second=0, microsecond=0)
    weekday = moment.strftime("%A").lower()
    expected = as_local(moment)
    assert parse_at(f"{weekday} {moment.strftime('%H:%M')}", now=NOW) == expected
    assert parse_at(f"{_spoken_clock(moment, 1)} {weekday[:3]}", now=NOW) == expected


@pytest.mark.usefixtures("berlin")
def test_late_night_entries_keep_their_local_day() -> None:
    # 23:30 in Berlin is 22:30 UTC; 00:30 in Berlin is the previous day in UTC.
    late = parse_at("2026-11-20 23:30", now=NOW)
    early = parse_at("2026-11-21 00:30", now=NOW)
    assert late.date() == date(2026, 11, 20)
    assert early.date() == date(2026, 11, 21)
    assert early.astimezone(UTC).date() == date(2026, 11, 20)


@pytest.mark.usefixtures("berlin")
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


# A numeric day that reads no way at all (tests/test_daymonth.py has the readable ones).
@pytest.mark.parametrize("text", ["", "2026-02-30", "next week", "20/13/2026"])
def test_parse_day_refuses(text: str) -> None:
    with pytest.raises(BadInput, match="is not a day painlog can read"):
        parse_day(text, today=TODAY)


def test_from_after_to_is_refused() -> None:
    check_range(date(2026, 1, 1), date(2026, 1, 1))
    with pytest.raises(BadInput, match="is after the last day"):
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


@pytest.mark.usefixtures("berlin")
def test_ago_across_a_daylight_saving_change_keeps_the_local_day() -> None:
    spring_now = as_local(datetime(2026, 3, 29, 10, 30))  # +02:00, after the change
    earlier = parse_at("10h ago", now=spring_now)
    assert earlier.isoformat() == "2026-03-28T23:30:00+01:00"
    autumn_now = as_local(datetime(2026, 10, 25, 10, 30))  # +01:00, after the change
    assert parse_at("11h ago", now=autumn_now).isoformat() == "2026-10-25T00:30:00+02:00"


def test_a_bare_clock_time_later_than_now_means_yesterday() -> None:
    just_after_midnight = as_local(datetime(2026, 11, 22, 0, 10))
    assert parse_at("23:30", now=just_after_midnight) == as_local(datetime(2026, 11, 21, 23, 30))
    evening = as_local(datetime(2026, 11, 21, 20, 11))
    assert parse_at("23:59", now=evening) == as_local(datetime(2026, 11, 20, 23, 59))
    assert parse_at("20:14", now=evening) == as_local(datetime(2026, 11, 21, 20, 14))  # a slip


@pytest.mark.parametrize(
    ("episode", "clock", "expected"),
    [
        ("2026-11-10T21:30+01:00", "22:00", "2026-11-10T22:00:00+01:00"),
        ("2026-11-10T23:30+01:00", "00:15", "2026-11-11T00:15:00+01:00"),
        ("2026-11-10T00:20+01:00", "23:50", "2026-11-09T23:50:00+01:00"),
        ("2026-11-10T08:00+09:00", "07:30", "2026-11-10T07:30:00+09:00"),  # the episode's zone
    ],
)
def test_a_bare_clock_time_near_an_episode(episode: str, clock: str, expected: str) -> None:
    anchor = datetime.fromisoformat(episode)
    assert parse_at(clock, now=NOW, anchor=anchor).isoformat() == expected


@pytest.mark.parametrize(
    "text", ["99999999 days ago", "999999999999 days ago", "0001-01-01 00:00", "1800-01-01 10:00"]
)
def test_absurd_times_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(BadInput):
        parse_at(text, now=NOW)


@pytest.mark.parametrize("text", ["99999999 days ago", "0001-01-01", "1850-06-01"])
def test_absurd_days_are_refused(text: str) -> None:
    with pytest.raises(BadInput):
        parse_day(text, today=TODAY)


@pytest.mark.usefixtures("berlin")
def test_days_ago_are_calendar_days_across_a_daylight_saving_change() -> None:
    """At 23:59 in winter, "90 days ago" is 90 calendar days back, not 00:59 the day after."""
    late = as_local(datetime(2026, 12, 3, 23, 59))
    moment = parse_at("90 days ago", now=late)
    assert moment.isoformat() == "2026-09-04T23:59:00+02:00"
    assert parse_at("2 weeks ago", now=late).date() == date(2026, 11, 19)
    assert parse_at("1.5 days ago", now=late) == late - timedelta(hours=36)
