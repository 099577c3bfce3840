"""Events as text and JSON: always what the person recorded, in their words, never a label."""

from __future__ import annotations

from datetime import date
from typing import Any

from painlog.events import KINDS, WITH_LABELS, event_record, last_day
from painlog.models import Event
from painlog.render.table import render_table


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def days_text(event: Event, today: date) -> str:
    """``Mon 2 Nov 2026``, ``Mon 2 Nov 2026 to Sat 14 Nov 2026 (13 days)``, or still going."""
    if event.end_day is None:
        if KINDS[event.kind].span:
            return f"from {day_text(event.start_day)}, no end day yet"
        return day_text(event.start_day)
    if event.end_day == event.start_day:
        return day_text(event.start_day)
    count = (event.end_day - event.start_day).days + 1
    return f"{day_text(event.start_day)} to {day_text(event.end_day)} ({count} days)"


def details_text(event: Event) -> str:
    """The event's own fields: ``Ocrelizumab, missed``, ``with Neurologist``, the dose."""
    parts = []
    if event.therapy:
        parts.append(event.therapy)
    if event.missed:
        parts.append("missed" if event.kind == "dmt-dose" else "missed dose")
    if event.dose:
        parts.append(event.dose)
    if event.with_whom:
        parts.append(f"with {WITH_LABELS[event.with_whom]}")
    return ", ".join(parts)


def event_summary(event: Event, today: date) -> str:
    parts = [KINDS[event.kind].label.lower() + " (as you recorded it)", days_text(event, today)]
    details = details_text(event)
    if details:
        parts.append(details)
    if event.note:
        parts.append(event.note)
    return " · ".join(parts)


def events_table(events: list[Event], today: date) -> str:
    rows = [
        [
            str(event.id),
            KINDS[event.kind].label,
            days_text(event, today),
            details_text(event),
            event.note or "",
        ]
        for event in events
    ]
    return render_table(
        ["ID", "You recorded", "When", "Details", "Note"],
        rows,
        align_right=(0,),
        flexible=(3, 4),
    )


def event_detail(event: Event, today: date) -> str:
    lines = [f"Event {event.id}: {KINDS[event.kind].label}, as you recorded it"]
    lines.append(f"  When      {days_text(event, today)}")
    if event.therapy:
        lines.append(f"  Therapy   {event.therapy}")
    if event.kind in ("infusion", "dmt-dose"):
        lines.append(f"  Dose      {'missed' if event.missed else 'given or taken'}")
    if event.dose:
        lines.append(f"  Dose      {event.dose}")
    if event.with_whom:
        lines.append(f"  With      {WITH_LABELS[event.with_whom]}")
    if event.note:
        lines.append(f"  Note      {event.note}")
    if event.is_deleted:
        lines.append(f"  Deleted   yes; painlog event restore {event.id} brings it back")
    return "\n".join(lines)


def event_json(event: Event, today: date) -> dict[str, Any]:
    record = event_record(event)
    return {"id": event.id, **record, "last_day": last_day(event, today).isoformat()}
