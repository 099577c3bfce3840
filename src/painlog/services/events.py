"""Events of the MS course: add, read, edit, soft-delete and restore, with their history.

The checks are the same for ``add``, ``edit``, ``revert`` and ``import``
(``check_event_record``): an end day not before the start, no day in the
future, each kind's own fields only on that kind, and no second relapse
overlapping one that has no end day yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from painlog import fields
from painlog.errors import BadInput, NotFound
from painlog.events import (
    KINDS,
    OWN_FIELDS,
    WITH_LABELS,
    apply_event_record,
    event_record,
    last_day,
)
from painlog.fields import refuse
from painlog.models import EVENT_KINDS, MAX_ID, VISIT_WITH, Event, utcnow
from painlog.services.history import EVENT, record_change
from painlog.when import EARLIEST_DAY, local_now

# Which of an event's own fields each kind has, in the person's words (for refusals).
FIELD_WORDS = {
    "dose": "A dose",
    "therapy": "A therapy name",
    "missed": "A missed dose",
    "with_whom": "Whom it was with",
}
CLEARABLE = ("to", "note", "dose", "therapy", "with")
_CLEARS = {
    "to": "end_day",
    "note": "note",
    "dose": "dose",
    "therapy": "therapy",
    "with": "with_whom",
}


@dataclass(frozen=True)
class EventInput:
    kind: str  # a key of EVENT_KINDS
    start_day: date
    end_day: date | None = None
    note: str | None = None
    dose: str | None = None
    therapy: str | None = None
    missed: bool = False
    with_whom: str | None = None  # a key of VISIT_WITH


@dataclass(frozen=True)
class EventChanges:
    """What ``edit`` changes; ``None`` leaves a field as it is."""

    start_day: date | None = None
    end_day: date | None = None
    note: str | None = None
    dose: str | None = None
    therapy: str | None = None
    missed: bool | None = None
    with_whom: str | None = None
    clear: frozenset[str] = field(default_factory=frozenset)

    def is_empty(self) -> bool:
        values = (
            self.start_day,
            self.end_day,
            self.note,
            self.dose,
            self.therapy,
            self.missed,
            self.with_whom,
        )
        return all(v is None for v in values) and not self.clear


def _day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _text(value: str | None, key: str) -> str | None:
    """A dose or a therapy's name: short text, as the person wrote it; blank is refused."""
    cleaned = fields.dose(" ".join(value.split()) if value is not None else None, key)
    if value is not None and cleaned is None:
        raise refuse(key, f"{fields.label(key)} is empty; leave it out instead.")
    return cleaned


def check_event_record(
    *, session: Session, record: dict[str, Any], event_id: int | None, today: date | None = None
) -> None:
    """Refuse an event that cannot be: the one set of rules for add, edit, revert and import."""
    today = today or local_now().date()
    kind = record["kind"]
    if kind not in EVENT_KINDS:
        raise refuse(
            "kind", f'"{kind}" is not a kind of event; painlog knows {", ".join(EVENT_KINDS)}.'
        )
    start = date.fromisoformat(record["start_day"])
    end = date.fromisoformat(record["end_day"]) if record.get("end_day") else None
    if start < EARLIEST_DAY:
        raise refuse(
            "start_day", f"The start day {start.isoformat()} is before 1900; check the year."
        )
    if start > today:
        raise refuse(
            "start_day",
            f"The start day {start.isoformat()} is in the future; the diary records what "
            "happened, so add the event once it has begun.",
        )
    if end is not None and end < start:
        raise refuse(
            "end_day",
            f"The end day {end.isoformat()} is before the start day {start.isoformat()}; "
            "give the earlier day as the start.",
        )
    if end is not None and end > today:
        raise refuse(
            "end_day",
            f"The end day {end.isoformat()} is in the future; leave it out while the event "
            "goes on, and add it once it has ended.",
        )
    own = KINDS[kind].fields
    for name in OWN_FIELDS:
        value = record.get(name)
        if value not in (None, False) and name not in own:
            owners = " or ".join(KINDS[k].noun for k, v in KINDS.items() if name in v.fields)
            raise refuse(
                name, f"{FIELD_WORDS[name]} belongs to {owners} only, not to {KINDS[kind].noun}."
            )
    if record.get("with_whom") is not None and record["with_whom"] not in VISIT_WITH:
        raise refuse("with_whom", f"A visit is with one of {', '.join(WITH_LABELS.values())}.")
    if kind == "relapse" and not record.get("deleted_at"):
        _check_relapses(session, start, end, event_id, today)


def _check_relapses(
    session: Session, start: date, end: date | None, event_id: int | None, today: date
) -> None:
    """A relapse with no end day yet is still going: no other relapse may overlap it."""
    query = select(Event).where(Event.kind == "relapse", Event.deleted_at.is_(None))
    if event_id is not None:
        query = query.where(Event.id != event_id)
    if end is not None:
        query = query.where(Event.start_day <= end)
    query = query.where(or_(Event.end_day.is_(None), Event.end_day >= start))
    for other in session.scalars(query.order_by(Event.start_day)):
        other_last = other.end_day or date.max
        if start > other_last or (end is not None and end < other.start_day):
            continue
        if other.end_day is None:
            raise BadInput(
                f"Event {other.id} is a relapse you recorded from {_day_text(other.start_day)} "
                "with no end day yet, and this one overlaps it; give that one an end day first "
                f"(painlog event edit {other.id} --to DAY)."
            )
        if end is None:
            raise BadInput(
                f"This relapse has no end day and overlaps event {other.id}, a relapse you "
                f"recorded from {_day_text(other.start_day)} to {_day_text(other.end_day)}; "
                "give it an end day, or change the other one."
            )


def _record(session: Session, event: Event, action: str, before: dict[str, Any] | None) -> None:
    record_change(
        session=session,
        kind=EVENT,
        uid=event.uid,
        action=action,
        before=before,
        after=event_record(event),
    )


def _values(event: EventInput) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "start_day": event.start_day.isoformat(),
        "end_day": event.end_day.isoformat() if event.end_day else None,
        "dose": _text(event.dose, "dose"),
        "therapy": _text(event.therapy, "therapy"),
        "missed": event.missed,
        "with_whom": event.with_whom,
        "note": fields.note(event.note),
    }


def add_event(*, session: Session, event: EventInput, today: date | None = None) -> Event:
    """Record one event of the MS course, as the person gives it."""
    values = _values(event)
    check_event_record(session=session, record=values, event_id=None, today=today)
    row = Event(
        kind=event.kind,
        start_day=event.start_day,
        end_day=event.end_day,
        dose=values["dose"],
        therapy=values["therapy"],
        missed=event.missed,
        with_whom=event.with_whom,
        note=values["note"],
    )
    session.add(row)
    session.flush()
    _record(session, row, "create", None)
    return row


def get_event(*, session: Session, event_id: int, include_deleted: bool = True) -> Event:
    event = session.get(Event, event_id) if 1 <= event_id <= MAX_ID else None
    if event is None:
        raise NotFound(
            f"There is no event {event_id}; painlog event list shows the events and their ids."
        )
    if event.is_deleted and not include_deleted:
        raise NotFound(
            f"Event {event_id} is deleted; bring it back with painlog event restore {event_id}."
        )
    return event


def edit_event(
    *, session: Session, event_id: int, changes: EventChanges, today: date | None = None
) -> Event:
    if changes.is_empty():
        raise BadInput("Nothing to change; give at least one new value, such as the end day.")
    fields.check_clear(changes.clear, CLEARABLE, _CLEARS, changes)
    event = get_event(session=session, event_id=event_id, include_deleted=False)
    before = event_record(event)
    wanted = dict(before)
    if changes.start_day is not None:
        wanted["start_day"] = changes.start_day.isoformat()
    if changes.end_day is not None:
        wanted["end_day"] = changes.end_day.isoformat()
    if changes.note is not None:
        wanted["note"] = fields.note(changes.note)
    if changes.dose is not None:
        wanted["dose"] = _text(changes.dose, "dose")
    if changes.therapy is not None:
        wanted["therapy"] = _text(changes.therapy, "therapy")
    if changes.missed is not None:
        wanted["missed"] = changes.missed
    if changes.with_whom is not None:
        wanted["with_whom"] = changes.with_whom
    for name in changes.clear:
        wanted[_CLEARS[name]] = None
    check_event_record(session=session, record=wanted, event_id=event.id, today=today)
    apply_event_record(event, wanted)
    event.updated_at = utcnow()
    session.flush()
    _record(session, event, "edit", before)
    return event


def delete_event(*, session: Session, event_id: int) -> Event:
    """Hide an event; ``restore_event`` brings it back. Nothing is erased."""
    event = get_event(session=session, event_id=event_id)
    if event.is_deleted:
        raise BadInput(
            f"Event {event_id} is already deleted; painlog event restore {event_id} brings it back."
        )
    before = event_record(event)
    event.deleted_at = utcnow()
    session.flush()
    _record(session, event, "delete", before)
    return event


def restore_event(*, session: Session, event_id: int, today: date | None = None) -> Event:
    event = get_event(session=session, event_id=event_id)
    if not event.is_deleted:
        raise BadInput(f"Event {event_id} is not deleted, so there is nothing to restore.")
    before = event_record(event)
    check_event_record(
        session=session, record={**before, "deleted_at": None}, event_id=event.id, today=today
    )
    event.deleted_at = None
    session.flush()
    _record(session, event, "restore", before)
    return event


def list_events(
    *,
    session: Session,
    kinds: tuple[str, ...] = (),
    start: date | None = None,
    end: date | None = None,
    deleted: bool = False,
    today: date | None = None,
) -> list[Event]:
    """Events that touch the days from ``start`` to ``end``, oldest first.

    A span with no end day yet reaches today; ``deleted`` lists the deleted ones instead.
    """
    today = today or local_now().date()
    query = select(Event).where(
        Event.deleted_at.is_not(None) if deleted else Event.deleted_at.is_(None)
    )
    if kinds:
        query = query.where(Event.kind.in_(kinds))
    if end is not None:
        query = query.where(Event.start_day <= end)
    if start is not None:
        # Narrow in SQL, then exactly: an open span's last day depends on today.
        query = query.where(
            or_(Event.end_day.is_(None), Event.end_day >= start, Event.start_day >= start)
        )
    rows = session.scalars(query.order_by(Event.start_day, Event.id))
    return [e for e in rows if start is None or last_day(e, today) >= start]


def last_visit(*, session: Session) -> Event | None:
    """The latest visit recorded (not deleted), or None."""
    return session.scalar(
        select(Event)
        .where(Event.kind == "visit", Event.deleted_at.is_(None))
        .order_by(Event.start_day.desc(), Event.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class EventOverlap:
    """The events recorded in a period, for the analysis text, and the days left out."""

    counts: tuple[tuple[str, int], ...]  # (kind, events touching the period), in kind order
    span_days: int  # days of the period inside a relapse, steroid course or infection
    excluded: tuple[str, ...]  # the kinds whose days were left out
    excluded_days: frozenset[date]

    @property
    def any(self) -> bool:
        return bool(self.counts)


def event_overlap(
    *,
    session: Session,
    start: date,
    end: date,
    exclude: tuple[str, ...] = (),
    today: date | None = None,
) -> EventOverlap:
    """Which events touch ``start`` to ``end``, and the days inside those of ``exclude``."""
    from painlog.events import SPAN_KINDS, event_days

    today = today or local_now().date()
    events = list_events(session=session, start=start, end=end, today=today)
    counts = tuple((kind, n) for kind in EVENT_KINDS if (n := sum(e.kind == kind for e in events)))
    spans = [e for e in events if e.kind in SPAN_KINDS]
    left_out = [e for e in events if e.kind in exclude]
    return EventOverlap(
        counts=counts,
        span_days=len(event_days(spans, start=start, end=end, today=today)),
        excluded=exclude,
        excluded_days=frozenset(event_days(left_out, start=start, end=end, today=today)),
    )
