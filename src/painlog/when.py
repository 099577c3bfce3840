"""Reading the dates and times people type: ISO forms and plain spoken ones.

``--at`` accepts a day and a time of day, in either order and with an
optional "at" between:

- days: ``today``, ``yesterday``, a weekday (``monday``, ``mon``),
  ``3 days ago``, ``21 Nov`` or ``Nov 21`` (with or without a year),
  ``2026-11-20``, or numbers in the person's order, ``21/11`` or ``11/21``
  (``painlog.daymonth``; an ambiguous ``03/04`` is refused with both readings);
- times of day: ``21:30``, ``9pm``, ``9:30 pm``, ``noon``, ``midnight``, or a
  part of the day: morning (08:00), afternoon (14:00), evening (19:00) and
  night (22:00);
- and, on their own: ``now``, a time of day, ``2h ago``, ``45 min ago``,
  ``3 days ago``, ``last night``, ``this morning``, ``this evening``,
  ``tonight``, and ISO times such as ``2026-11-20T21:30+01:00``.

Times without an offset are the computer's local time. A day needs a time of
day: a bare date is refused rather than given a guessed hour.

A bare clock time means the nearest sensible moment: for when something
happened, the latest such time that is not in the future (``23:30`` typed
just after midnight is last night); for a remedy or a follow-up, the time
closest to the episode it belongs to. A weekday with a time is the latest
such moment that is not in the future; a day and month without a year is the
latest such day. Anything else more than a few minutes ahead is refused, with
the likely meaning offered.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from painlog.fields import label, refuse

AT_FORMS = (
    "21:30, 9pm, yesterday 21:30, last night, monday 9pm, 3 days ago 08:00, "
    "21 Nov 21:30, 2026-11-20 21:30, 2h ago or now"
)
DAY_FORMS = "2026-11-20, 20 Nov, today, yesterday, 3 days ago or a weekday such as monday"
MAX_AHEAD = timedelta(days=1)
EARLIEST_DAY = date(1900, 1, 1)  # anything earlier is a typo for a year
LATEST_DAY = date(2100, 12, 31)  # and anything later

_AGO = re.compile(
    r"^(\d{1,6}(?:\.\d{1,3})?)\s*"
    r"(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)\s+ago$"
)
_DAYS_AGO = re.compile(r"^(\d{1,6})\s*(d|day|days|w|week|weeks)\s+ago$")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080}
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_CLOCK_12 = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?m\.?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# The parts of a day, at the hour painlog takes each to mean.
_PARTS = {"morning": time(8), "afternoon": time(14), "evening": time(19), "night": time(22)}
_SAID = {
    "this morning": ("today", "morning"),
    "this afternoon": ("today", "afternoon"),
    "this evening": ("today", "evening"),
    "tonight": ("today", "night"),
    "last night": ("yesterday", "night"),
}
# How far ahead of "now" a typed time may be (clocks slip) before it is refused.
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
    """A time of day: ``21:30``, ``9.05``, ``9pm``, ``9:30 pm``, ``noon``, ``midnight``."""
    if text in ("noon", "midday"):
        return time(12)
    if text == "midnight":
        return time(0)
    match = _CLOCK.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        return time(hour, minute) if hour <= 23 and minute <= 59 else None
    match = _CLOCK_12.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if not 1 <= hour <= 12 or minute > 59:
        return None
    return time(hour % 12 + (12 if match.group(3) == "p" else 0), minute)


def _time_of_day(text: str) -> time | None:
    return _PARTS.get(text) or _clock(text)


def _month(word: str) -> int | None:
    word = word.removesuffix(".")
    for number, name in enumerate(_MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _calendar_day(text: str, today: date) -> date | None:
    """``21 nov``, ``nov 21``, ``21 november 2026``: without a year, the latest such day."""
    parts = text.replace(",", " ").split()
    if len(parts) not in (2, 3):
        return None
    year = None
    if len(parts) == 3:
        if not re.fullmatch(r"\d{4}", parts[2]):
            return None
        year = int(parts[2])
    first, second = parts[0], parts[1]
    if first.isdigit() and _month(second):
        day_number, month = int(first), _month(second)
    elif second.isdigit() and _month(first):
        day_number, month = int(second), _month(first)
    else:
        return None
    assert month is not None
    if year is not None:
        return date(year, month, day_number)
    if (month, day_number) == (2, 29):
        year = next(y for y in range(today.year, today.year - 8, -1) if _leap(y))
        candidate = date(year, 2, 29)
        return candidate if candidate <= today else date(year - 4, 2, 29)
    candidate = date(today.year, month, day_number)
    return candidate if candidate <= today else candidate.replace(year=today.year - 1)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _weekday(text: str) -> int | None:
    for index, name in enumerate(_WEEKDAYS):
        if text in (name, name[:3]):
            return index
    return None


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


def _day_and_time(
    day_text: str, clock_text: str, now: datetime, field: str = "occurred_at"
) -> datetime | None:
    """A day as said and a time of day as said, or None when either is not one."""
    clock = _time_of_day(clock_text)
    if clock is None:
        return None
    today = now.date()
    if day_text == "today":
        return _on_day(today, clock, field=field)
    if day_text == "yesterday":
        return _on_day(today - timedelta(days=1), clock, field=field)
    ago = _DAYS_AGO.match(day_text)
    if ago:
        days = int(ago.group(1)) * (7 if ago.group(2)[0] == "w" else 1)
        return _on_day(today - timedelta(days=days), clock, field=field)
    weekday = _weekday(day_text.removeprefix("last "))
    if weekday is not None:
        moment = _on_day(
            today - timedelta(days=(today.weekday() - weekday) % 7), clock, field=field
        )
        if moment - now > _CLOCK_SLACK:  # "monday 21:00" said on a Monday afternoon
            moment = _on_day(moment.date() - timedelta(days=7), clock, field=field)
        return moment
    day = iso_day(day_text) or _calendar_day(day_text, today) or _numbers(day_text, today, field)
    return _on_day(day, clock, field=field) if day is not None else None


def _numbers(text: str, today: date, field: str) -> date | None:
    """``03/04``, ``21.11.2026``: only then is the day-month order looked up."""
    if not re.fullmatch(r"[\d./]+", text) or not re.search(r"[./]", text):
        return None
    from painlog.daymonth import numeric_day

    return numeric_day(text, today, field=field)


def _spoken(cleaned: str, now: datetime, field: str = "occurred_at") -> datetime | None:
    """A day and a time of day, in either order, with an optional "at" between."""
    if cleaned in _SAID:
        day_text, part = _SAID[cleaned]
        return _day_and_time(day_text, part, now, field)
    words = cleaned.replace(" at ", " ").split(" ")
    for cut in range(1, len(words)):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        moment = _day_and_time(left, right, now, field) or _day_and_time(right, left, now, field)
        if moment is not None:
            return moment
    return None


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
            return _on_day(
                now.date() - timedelta(days=days), now.time().replace(tzinfo=None), field=field
            )
        minutes = float(amount) * _UNIT_MINUTES[unit]
        # Back to local time: the offset may differ across a daylight-saving change.
        return (now - timedelta(minutes=minutes)).astimezone()
    clock = _clock(cleaned)
    if clock is not None:
        return _near(clock, now, anchor, field)
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})[ t](\d{1,2})(:\d{2}.*)$", text.strip(), re.I)
    if iso is not None and not re.search(r"[ap]\.?m\.?$", cleaned):
        date_part, hour, rest = iso.groups()
        return as_local(
            datetime.fromisoformat(f"{date_part}T{int(hour):02d}{rest.upper()}"), field=field
        )
    return _spoken(cleaned, now, field)


def _ahead(gap: timedelta) -> str:
    minutes = round(gap.total_seconds() / 60)
    if minutes < 90:
        return f"{minutes} minutes"
    hours = round(minutes / 60)
    return f"{hours} hours" if hours < 48 else f"{round(hours / 24)} days"


def _said_back(moment: datetime, now: datetime) -> str:
    """A past moment as a person would type it: ``yesterday 14:00``."""
    clock = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return f"today {clock}"
    if moment.date() == now.date() - timedelta(days=1):
        return f"yesterday {clock}"
    return f"{moment.date().isoformat()} {clock}"


def _refuse_future(text: str, moment: datetime, now: datetime, field: str) -> None:
    gap = moment - now
    if gap <= _CLOCK_SLACK:
        return
    if gap <= MAX_AHEAD:
        earlier = _on_day(moment.date() - timedelta(days=1), moment.time().replace(tzinfo=None))
        raise refuse(
            field,
            f'"{text}" is {_ahead(gap)} from now; did you mean "{_said_back(earlier, now)}"?',
        )
    raise refuse(
        field,
        f'"{text}" is {_ahead(gap)} from now; the diary records what has happened, '
        "so give a time that has passed.",
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
    moment = moment.replace(microsecond=0)
    if moment.date() >= EARLIEST_DAY:
        _refuse_future(text, moment, now, field)
    return check_moment(moment, field=field, now=now)


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
        day = _parse_day(cleaned, today, field)
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


def _parse_day(cleaned: str, today: date, field: str = "day") -> date | None:
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    ago = _DAYS_AGO.match(cleaned)
    if ago:
        return today - timedelta(days=int(ago.group(1)) * (7 if ago.group(2)[0] == "w" else 1))
    weekday = _weekday(cleaned)
    if weekday is not None:
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    return iso_day(cleaned) or _calendar_day(cleaned, today) or _numbers(cleaned, today, field)


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


def clock_time(text: str) -> time | None:
    """A time of day as typed (``21:30``, ``9pm``, ``noon``), or None."""
    return _clock(re.sub(r"\s+", " ", text.strip().lower()))
