"""This week at a glance as text: one line a day, with a pain bar."""

from __future__ import annotations

from datetime import date, datetime, time

from painlog.render.colour import HEADER, pain_style, paint
from painlog.render.table import render_table
from painlog.services.week import WeekDay
from painlog.vocab import Vocabulary

BAR_CELLS = 10


def pain_bar(pain: int | None) -> str:
    """The day's worst pain as ten cells: ``██████····`` for 6."""
    if pain is None:
        return "·" * BAR_CELLS
    return "█" * pain + "·" * (BAR_CELLS - pain)


def _checkin_text(day: WeekDay, today: date, now: datetime, checkin_time: time | None) -> str:
    checkin = day.checkin
    if checkin is not None:
        shown = [
            f"{label} {value}"
            for label, value in (("avg", checkin.average_pain), ("worst", checkin.worst_pain))
            if value is not None
        ]
        return "done" + (f" ({', '.join(shown)})" if shown else "")
    if day.day == today:
        if checkin_time is not None and now.time() < checkin_time:
            return f"due at {checkin_time:%H:%M}: painlog day"
        return "not yet: painlog day"
    return f"none: painlog day --date {day.day.isoformat()}"


def week_text(
    days: list[WeekDay],
    vocabulary: Vocabulary,
    *,
    now: datetime,
    checkin_time: time | None = None,
) -> str:
    today = now.date()
    first, last = days[0].day, days[-1].day
    title = paint(f"Your week: {first:%a %d %b} to {last:%a %d %b %Y}", HEADER)
    rows: list[list[str]] = []
    styles: list[list[str | None]] = []
    for day in days:
        style = pain_style(day.worst_pain)
        rows.append(
            [
                "today" if day.day == today else day.day.strftime("%a %d %b"),
                pain_bar(day.worst_pain),
                "-" if day.worst_pain is None else str(day.worst_pain),
                str(day.entries),
                ", ".join(vocabulary.label("trigger", key) for key in day.triggers).lower() or "-",
                _checkin_text(day, today, now, checkin_time),
            ]
        )
        styles.append([None, style, style, None, None, "yellow" if day.checkin is None else None])
    table = render_table(
        ["Day", "Worst pain", "", "Entries", "Triggers", "Check-in"],
        rows,
        align_right=(2, 3),
        flexible=(4,),
        styles=styles,
    )
    missing = sum(1 for day in days if day.checkin is None)
    footer = (
        "Every day has its check-in."
        if not missing
        else f"{missing} of 7 days without a check-in; each line gives the command to add one."
    )
    if not any(day.entries for day in days):
        footer += " Nothing logged this week: painlog log 6 records a pain of 6."
    return f"{title}\n{table}\n{footer}"
