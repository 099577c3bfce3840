"""Reminders as an iCalendar file: the person's own calendar app does the reminding.

painlog runs no background process, so ``painlog remind`` writes an ``.ics``
file to import once into any calendar: a daily check-in reminder and, where
asked for, a dose reminder every N days. Each event holds only what the person
typed (the time, the dose's text, the interval) and nothing from the diary.

Times are floating (no time zone, RFC 5545 section 3.3.5): 21:00 stays 21:00 on
the person's clock across daylight saving and travel, which is what a reminder
to fill in the day is about.

The UIDs are stable (from what the reminder is for), so importing a newer file
updates the reminders instead of adding a second copy.

``icalendar`` is imported here only: no other command loads it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from painlog.errors import BadInput

NAMESPACE = uuid.UUID("0e6f7c52-3a41-4a8e-b1d9-52f0c3a7e611")
MAX_EVERY_DAYS = 366
MAX_TEXT_CHARS = 200
CHECKIN_TITLE = "Diary check-in"
CHECKIN_NOTE = "painlog day"
LENGTH = timedelta(minutes=10)
PRODID = "-//painlog//remind//EN"


@dataclass(frozen=True)
class DoseReminder:
    text: str  # as the person typed it
    every_days: int
    first_day: date
    at: time


@dataclass(frozen=True)
class ReminderPlan:
    checkin: time | None
    first_day: date  # the check-in reminder starts on this day
    dose: DoseReminder | None = None

    @property
    def count(self) -> int:
        return (self.checkin is not None) + (self.dose is not None)


_EVERY = re.compile(r"^(\d{1,4})\s*(d|day|days|w|week|weeks)?$")


def parse_every(text: str) -> int:
    """``28d``, ``28 days``, ``4w`` or ``28`` as a number of days."""
    match = _EVERY.match(text.strip().lower())
    days = None
    if match:
        days = int(match.group(1)) * (7 if (match.group(2) or "d")[0] == "w" else 1)
    if days is None or not 1 <= days <= MAX_EVERY_DAYS:
        raise BadInput(
            f'"{text}" is not an interval painlog can use; give a number of days from 1 to '
            f"{MAX_EVERY_DAYS} such as 28d, or weeks such as 4w.",
            field="every",
        )
    return days


def dose_day(text: str, *, today: date) -> date:
    """The day of one dose: any day painlog reads, and ``tomorrow``.

    A day in the past is as good as one ahead: the calendar repeats the series
    from it, so the last dose taken fixes the ones to come.
    """
    from painlog.when import parse_day

    if " ".join(text.lower().split()) == "tomorrow":
        return today + timedelta(days=1)
    return parse_day(text, today=today, field="start")


def check_text(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise BadInput("The dose reminder's text is empty; say what to take.", field="dmt")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise BadInput(
            f"The dose reminder's text is longer than {MAX_TEXT_CHARS} characters.", field="dmt"
        )
    return cleaned


def _uid(part: str) -> str:
    return f"{uuid.uuid5(NAMESPACE, part)}@painlog"


def reminder_calendar(plan: ReminderPlan, *, now: datetime | None = None) -> bytes:
    """The plan as an iCalendar file's bytes."""
    from icalendar import Alarm, Calendar, Event

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")

    def event(uid: str, title: str, start: datetime, every: int, note: str | None) -> Event:
        item = Event()
        item.add("uid", uid)
        item.add("dtstamp", stamp)
        item.add("summary", title)
        item.add("dtstart", start)  # naive: a floating time
        item.add("duration", LENGTH)
        rule: dict[str, object] = {"freq": "daily"}
        if every > 1:
            rule["interval"] = every
        item.add("rrule", rule)
        if note:
            item.add("description", note)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", timedelta(0))
        item.add_component(alarm)
        return item

    if plan.checkin is not None:
        calendar.add_component(
            event(
                _uid("checkin"),
                CHECKIN_TITLE,
                datetime.combine(plan.first_day, plan.checkin),
                1,
                CHECKIN_NOTE,
            )
        )
    if plan.dose is not None:
        dose = plan.dose
        calendar.add_component(
            event(
                _uid(f"dose/{dose.text.casefold()}"),
                dose.text,
                datetime.combine(dose.first_day, dose.at),
                dose.every_days,
                None,
            )
        )
    return bytes(calendar.to_ical())
