"""Reading the dates and times people type: ISO forms and plain ones.

``--at`` accepts ``2026-11-20 21:30``, ``2026-11-20T21:30+01:00``, ``now``,
``21:30``, ``today 14:00``, ``yesterday 21:30``, ``2h ago``, ``45 min ago``,
``3 days ago``. A day accepts ``2026-11-20``, ``today``, ``yesterday``,
``3 days ago`` and weekday names (the most recent one). Times without an
offset are the computer's local time.

A bare clock time means the nearest sensible moment: for when something
happened, the latest such time that is not in the future (``23:30`` typed
just after midnight is last night); for a remedy or a follow-up, the time
closest to the episode it belongs to.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from painlog.fields import label, refuse

AT_FORMS = "2026-11-20 21:30, today 14:00, yesterday 21:30, 21:30, 2h ago or now"
DAY_FORMS = "2026-11-20, today, yesterday, 3 days ago or a weekday such as monday"
MAX_AHEAD = timedelta(days=1)
EARLIEST_DAY = date(1900, 1, 1)  # anything earlier is a typo for a year
LATEST_DAY = date(2100, 12, 31)  # and anything later

_AGO = re.compile(
    r"^(\d{1,6}(?:\.\d{1,3})?)\s*"
    r"(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)\s+ago$"
)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080}
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# How far ahead of "now" a bare clock time may be before it means yesterday.
_CLOCK_SLACK = timedelta(minutes=5)


def local_now() -> datetime:
    return datetime.now().astimezone()


def _exists(wall: datetime) -> bool:
    """True when the naive local clock time ``wall`` happens on this computer's clock."""
    return wall.astimezone().astimezone().replace(tzinfo=None) == wall


def as_local(moment: datetime, *, field: str = "occurred_at") -> datetime:
    """Attach the computer's local offset to a naive time (aware times stay as given).

    A clock time that daylight saving skips (02:30 on the spring morning the
    clocks jump from 02:00 to 03:00) never happened, so it is refused with the
    nearest real times; a time the autumn change repeats takes the first of
    its two offsets, the one in force before the change.
    """
    if moment.tzinfo is not None:
        return moment
    if not _exists(moment):
        before, after = moment, moment
        for _ in range(24 * 60):  # the gap is an hour, rarely more; minutes are enough
            if _exists(before) and _exists(after):
                break
            if not _exists(before):
                before -= timedelta(minutes=1)
            if not _exists(after):
                after += timedelta(minutes=1)
        after = after.replace(second=0, microsecond=0)
        before = before.replace(second=0, microsecond=0)
        jump = before + timedelta(minutes=1)
        raise refuse(
            field,
            f"{label(field)}, {moment:%Y-%m-%d %H:%M}, never happened on this computer's clock "
            f"(daylight saving moved the clocks from {jump:%H:%M} straight to {after:%H:%M}); "
            f"give {before:%H:%M} or {after:%H:%M} instead.",
        )
    return moment.astimezone()


def _clock(text: str) -> time | None:
    match = _CLOCK.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _on_day(
    day: date, clock: time, like: datetime | None = None, field: str = "occurred_at"
) -> datetime:
    """``clock`` on ``day``: in the zone of ``like`` when given, else the computer's."""
    if like is not None:
        return datetime.combine(day, clock, tzinfo=like.tzinfo)
    return as_local(datetime.combine(day, clock), field=field)


def _near(clock: time, now: datetime, anchor: datetime | None, field: str) -> datetime:
    if anchor is None:
        moment = _on_day(now.date(), clock, field=field)
        if moment - now > _CLOCK_SLACK:
            moment = _on_day(now.date() - timedelta(days=1), clock, field=field)
        return moment
    moment = _on_day(anchor.date(), clock, like=anchor)
    if moment < anchor - timedelta(hours=12):
        moment = _on_day(anchor.date() + timedelta(days=1), clock, like=anchor)
    elif moment > anchor + timedelta(hours=12):
        moment = _on_day(anchor.date() - timedelta(days=1), clock, like=anchor)
    return moment


def _parse_at(
    text: str, now: datetime, anchor: datetime | None, field: str = "occurred_at"
) -> datetime | None:
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    if cleaned == "now":
        return now
    ago = _AGO.match(cleaned)
    if ago:
        amount, unit = ago.group(1), ago.group(2)[0]
        if unit in "dw" and amount.isdigit():
            # "3 days ago" is a calendar day at the same clock time, even where a
            # daylight-saving change lies between (an hour's shift could change the day).
            days = int(amount) * (7 if unit == "w" else 1)
            return _on_day(now.date() - timedelta(days=days), now.time().replace(tzinfo=None))
        minutes = float(amount) * _UNIT_MINUTES[unit]
        # Back to local time: the offset may differ across a daylight-saving change.
        return (now - timedelta(minutes=minutes)).astimezone()
    for word, days_back in (("today", 0), ("yesterday", 1)):
        if cleaned.startswith(word + " "):
            clock = _clock(cleaned[len(word) + 1 :])
            if clock is None:
                return None
            return _on_day(now.date() - timedelta(days=days_back), clock, field=field)
    clock = _clock(cleaned)
    if clock is not None:
        return _near(clock, now, anchor, field)
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})[ t](\d{1,2})(:\d{2}.*)$", text.strip(), re.I)
    if iso is None:
        return None  # a bare date has no time of day; refuse rather than guess one
    date_part, hour, rest = iso.groups()
    return as_local(
        datetime.fromisoformat(f"{date_part}T{int(hour):02d}{rest.upper()}"), field=field
    )


def parse_at(
    text: str,
    *,
    now: datetime | None = None,
    anchor: datetime | None = None,
    field: str = "occurred_at",
) -> datetime:
    """A moment that has happened; ``anchor`` places a bare clock time near an episode."""
    now = now or local_now()
    try:
        moment = _parse_at(text, now, anchor, field)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise refuse(
            field, f'"{text}" is not a time painlog can read; use a form such as {AT_FORMS}.'
        )
    return check_moment(moment.replace(microsecond=0), field=field, now=now)


def check_moment(moment: datetime, *, field: str, now: datetime | None = None) -> datetime:
    """Refuse a time more than a day ahead or before 1900."""
    if moment.tzinfo is None:
        raise refuse(field, f"{label(field)} needs a time zone offset.")
    if moment - (now or local_now()) > MAX_AHEAD:
        raise refuse(
            field,
            f"{label(field)}, {moment.isoformat(timespec='minutes')}, is more than a day in the "
            "future; the diary records what happened.",
        )
    if moment.date() < EARLIEST_DAY:
        raise refuse(
            field, f"{label(field)}, {moment.date().isoformat()}, is before 1900; check the year."
        )
    return moment


def parse_day(text: str, *, today: date | None = None, field: str = "day") -> date:
    today = today or local_now().date()
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    try:
        day = _parse_day(cleaned, today)
    except (ValueError, OverflowError):
        day = None
    if day is None:
        raise refuse(
            field, f'"{text}" is not a day painlog can read; use a form such as {DAY_FORMS}.'
        )
    if day < EARLIEST_DAY:
        raise refuse(field, f"{label(field)}, {day.isoformat()}, is before 1900; check the year.")
    if day > LATEST_DAY:
        raise refuse(
            field, f"{label(field)}, {day.isoformat()}, is after {LATEST_DAY.year}; check the year."
        )
    return day


def _parse_day(cleaned: str, today: date) -> date | None:
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    ago = re.match(r"^(\d{1,6})\s*(d|day|days|w|week|weeks)\s+ago$", cleaned)
    if ago:
        return today - timedelta(days=int(ago.group(1)) * (7 if ago.group(2)[0] == "w" else 1))
    for index, name in enumerate(_WEEKDAYS):
        if cleaned in (name, name[:3]):
            return today - timedelta(days=(today.weekday() - index) % 7)
    return iso_day(cleaned)


def iso_day(text: object) -> date | None:
    """A ``YYYY-MM-DD`` day, or None (files hold days in this one form)."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def check_day_not_future(day: date, *, today: date | None = None, field: str = "day") -> date:
    """A day that has happened: not after today, and not before 1900."""
    today = today or local_now().date()
    if day < EARLIEST_DAY:
        raise refuse(field, f"{label(field)}, {day.isoformat()}, is before 1900; check the year.")
    if day > today:
        raise refuse(
            field,
            f"{label(field)}, {day.isoformat()}, is in the future; "
            "the diary records days that happened.",
        )
    return day


def check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise refuse(
            "start",
            f"The first day, {start.isoformat()}, is after the last day, {end.isoformat()}; "
            "give the earlier day first.",
        )
