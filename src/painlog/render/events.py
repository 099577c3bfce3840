"""Events as text and JSON: always what the person recorded, in their words, never a label."""

from __future__ import annotations

from datetime import date
from typing import Any

from painlog.events import KINDS, WITH_LABELS, event_details, event_record, last_day
from painlog.models import Event
from painlog.render.table import render_table
from painlog.services.events import EventOverlap


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


def event_summary(event: Event, today: date) -> str:
    parts = [f"{KINDS[event.kind].word} (as you recorded it)", days_text(event, today)]
    details = event_details(event)
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
            event_details(event),
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


def _count(kind: str, n: int) -> str:
    return f"{n} {KINDS[kind].word if n == 1 else KINDS[kind].plural}"


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def events_words(overlap: EventOverlap | None) -> str | None:
    """What the analysis says about the events recorded in its period, or None if there are none."""
    if overlap is None or not overlap.any:
        return None
    counts = _joined([_count(kind, n) for kind, n in overlap.counts])
    text = f"You recorded events in this period: {counts}."
    if overlap.excluded:
        kinds = _joined([KINDS[k].plural for k in overlap.excluded])
        days = len(overlap.excluded_days)
        text += (
            f" Left out, as you asked: the {days} day{'s' if days != 1 else ''} inside the "
            f"{kinds} you recorded (--exclude {','.join(overlap.excluded)})."
        )
    elif overlap.span_days:
        text += (
            f" {overlap.span_days} day{'s' if overlap.span_days != 1 else ''} fall inside a "
            "relapse, steroid course or infection; --exclude relapse,steroids,infection "
            "leaves those days out."
        )
    return text
