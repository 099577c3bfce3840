"""Reading the dates and times people type: ISO forms and plain ones.

``--at`` accepts ``2026-11-20 21:30``, ``2026-11-20T21:30+01:00``, ``now``,
``21:30`` (today), ``today 14:00``, ``yesterday 21:30``, ``2h ago``,
``45 min ago``, ``3 days ago``. A day accepts ``2026-11-20``, ``today``,
``yesterday``, ``3 days ago`` and weekday names (the most recent one).
Times without an offset are the computer's local time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from painlog.errors import BadInput

AT_FORMS = "2026-11-20 21:30, today 14:00, yesterday 21:30, 21:30, 2h ago or now"
DAY_FORMS = "2026-11-20, today, yesterday, 3 days ago or a weekday such as monday"
MAX_AHEAD = timedelta(days=1)

_AGO = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)\s+ago$"
)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080}
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def local_now() -> datetime:
    return datetime.now().astimezone()


def as_local(moment: datetime) -> datetime:
    """Attach the computer's local offset to a naive time (aware times stay as given)."""
    return moment.astimezone() if moment.tzinfo is None else moment


def _clock(text: str) -> time | None:
    match = _CLOCK.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _parse_at(text: str, now: datetime) -> datetime | None:
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    if cleaned == "now":
        return now
    ago = _AGO.match(cleaned)
    if ago:
        minutes = float(ago.group(1)) * _UNIT_MINUTES[ago.group(2)[0]]
        return now - timedelta(minutes=minutes)
    for word, days_back in (("today", 0), ("yesterday", 1)):
        if cleaned.startswith(word + " "):
            clock = _clock(cleaned[len(word) + 1 :])
            if clock is None:
                return None
            day = now.date() - timedelta(days=days_back)
            return as_local(datetime.combine(day, clock))
    clock = _clock(cleaned)
    if clock is not None:
        return as_local(datetime.combine(now.date(), clock))
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})[ t](\d{1,2})(:\d{2}.*)$", text.strip(), re.I)
    if iso is None:
        return None  # a bare date has no time of day; refuse rather than guess one
    date_part, hour, rest = iso.groups()
    try:
        parsed = datetime.fromisoformat(f"{date_part}T{int(hour):02d}{rest.upper()}")
    except ValueError:
        return None
    return as_local(parsed)


def parse_at(text: str, *, now: datetime | None = None, what: str = "--at") -> datetime:
    """A moment that has happened (up to a day ahead is tolerated for clock slips)."""
    now = now or local_now()
    moment = _parse_at(text, now)
    if moment is None:
        raise BadInput(f'Cannot read {what} "{text}" as a time; use a form such as {AT_FORMS}.')
    if moment - now > MAX_AHEAD:
        raise BadInput(
            f'{what} "{text}" is more than a day in the future; the diary records what happened.'
        )
    return moment.replace(microsecond=0)


def parse_day(text: str, *, today: date | None = None, what: str = "date") -> date:
    today = today or local_now().date()
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    ago = re.match(r"^(\d+)\s*(d|day|days|w|week|weeks)\s+ago$", cleaned)
    if ago:
        return today - timedelta(days=int(ago.group(1)) * (7 if ago.group(2)[0] == "w" else 1))
    for index, name in enumerate(_WEEKDAYS):
        if cleaned in (name, name[:3]):
            return today - timedelta(days=(today.weekday() - index) % 7)
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise BadInput(
            f'Cannot read {what} "{text}" as a day; use a form such as {DAY_FORMS}.'
        ) from None


def check_day_not_future(day: date, *, today: date | None = None, what: str = "date") -> date:
    today = today or local_now().date()
    if day > today + timedelta(days=1):
        raise BadInput(
            f"The {what} {day.isoformat()} is in the future; the diary records days that happened."
        )
    return day


def check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise BadInput(
            f"--from {start.isoformat()} is after --to {end.isoformat()}; "
            "give the earlier day first."
        )
