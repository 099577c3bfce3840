"""The history: every change to an entry, a check-in or an event, and bringing back a version.

Services that change a record call ``record_change`` in the same transaction,
so a change and its history entry are committed (or lost) together. Events
keep their changes in a table of their own (``EventChange``), of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from painlog.errors import BadInput, NotFound
from painlog.events import apply_event_record, event_record
from painlog.models import MAX_ID, Change, DayCheckin, Entry, Event, EventChange, utcnow
from painlog.records import (
    apply_checkin_record,
    apply_entry_record,
    checkin_record,
    content,
    entry_record,
    parse_utc_text,
)
from painlog.services.vocabulary import load_vocabulary

ENTRY = "entry"
CHECKIN = "checkin"
EVENT = "event"


AnyChange = Change | EventChange


def _table(kind: str) -> type[Change] | type[EventChange]:
    return EventChange if kind == EVENT else Change


def record_change(
    *,
    session: Session,
    kind: str,
    uid: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    detail: str | None = None,
) -> AnyChange | None:
    """Append one change; nothing is recorded when the content did not change."""
    if before is not None and content(before) == content(after):
        return None
    table = _table(kind)
    if before is None:
        version = 1
    else:
        last = session.scalar(
            select(func.max(table.version)).where(
                table.record_kind == kind, table.record_uid == uid
            )
        )
        if last is None:
            # The record predates the history (a diary from before schema 0002):
            # keep how it was as version 1, so the change can be undone.
            session.add(
                table(
                    record_kind=kind,
                    record_uid=uid,
                    version=1,
                    action="baseline",
                    changed_at=_when(before),
                    before=None,
                    after=before,
                )
            )
            last = 1
        version = last + 1
    change = table(
        record_kind=kind,
        record_uid=uid,
        version=version,
        action=action,
        changed_at=utcnow(),
        detail=detail,
        before=before,
        after=after,
    )
    session.add(change)
    return change


def _when(record: dict[str, Any]) -> Any:
    stamp = record.get("updated_at") or record.get("created_at")
    return parse_utc_text(stamp) if stamp else utcnow()


def versions(*, session: Session, kind: str, uid: str) -> list[Any]:
    """A record's changes (``Change`` or ``EventChange``), oldest first."""
    table = _table(kind)
    return list(
        session.scalars(
            select(table)
            .where(table.record_kind == kind, table.record_uid == uid)
            .order_by(table.version)
        )
    )


def _entry(session: Session, entry_id: int) -> Entry:
    entry = None
    if 1 <= entry_id <= MAX_ID:
        entry = session.get(
            Entry, entry_id, options=[selectinload(Entry.tags), selectinload(Entry.remedies)]
        )
    if entry is None:
        raise NotFound(
            f"There is no entry {entry_id}; painlog list shows the entries and their ids."
        )
    return entry


def _checkin(session: Session, day: date) -> DayCheckin:
    checkin = session.scalar(
        select(DayCheckin)
        .where(DayCheckin.day == day)
        .options(selectinload(DayCheckin.exposure_rows), selectinload(DayCheckin.remedy_rows))
    )
    if checkin is None:
        raise NotFound(f"There is no check-in for {day.isoformat()}; painlog days lists them.")
    return checkin


@dataclass(frozen=True)
class EntryHistory:
    entry: Entry
    changes: list[Change]


@dataclass(frozen=True)
class CheckinHistory:
    checkin: DayCheckin
    changes: list[Change]


@dataclass(frozen=True)
class EventHistory:
    event: Event
    changes: list[EventChange]


def entry_history(*, session: Session, entry_id: int) -> EntryHistory:
    entry = _entry(session, entry_id)
    return EntryHistory(entry, versions(session=session, kind=ENTRY, uid=entry.uid))


def checkin_history(*, session: Session, day: date) -> CheckinHistory:
    checkin = _checkin(session, day)
    return CheckinHistory(checkin, versions(session=session, kind=CHECKIN, uid=checkin.uid))


def _event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id) if 1 <= event_id <= MAX_ID else None
    if event is None:
        raise NotFound(
            f"There is no event {event_id}; painlog event list shows the events and their ids."
        )
    return event


def event_history(*, session: Session, event_id: int) -> EventHistory:
    event = _event(session, event_id)
    return EventHistory(event, versions(session=session, kind=EVENT, uid=event.uid))


@dataclass(frozen=True)
class RecentChange:
    change: AnyChange
    entry_id: int | None  # for an entry: its id in this diary
    day: date | None  # for a check-in: its day
    event_id: int | None = None  # for an event: its id


def recent_changes(*, session: Session, limit: int | None = 20) -> list[RecentChange]:
    """The latest changes across the diary, newest first."""
    found: list[AnyChange] = []
    for table in (Change, EventChange):
        query = select(table).order_by(table.id.desc())
        if limit:
            query = query.limit(limit)
        found.extend(session.scalars(query))
    # Two tables, two id sequences: the time of the change orders them, the id breaks ties.
    found.sort(key=lambda c: (c.changed_at, isinstance(c, EventChange), c.id), reverse=True)
    changes = found[:limit] if limit else found
    event_uids = {c.record_uid for c in changes if c.record_kind == EVENT}
    event_ids = dict(
        session.execute(select(Event.uid, Event.id).where(Event.uid.in_(event_uids))).all()
    )
    entry_uids = {c.record_uid for c in changes if c.record_kind == ENTRY}
    checkin_uids = {c.record_uid for c in changes if c.record_kind == CHECKIN}
    ids = dict(session.execute(select(Entry.uid, Entry.id).where(Entry.uid.in_(entry_uids))).all())
    days = dict(
        session.execute(
            select(DayCheckin.uid, DayCheckin.day).where(DayCheckin.uid.in_(checkin_uids))
        ).all()
    )
    return [
        RecentChange(
            change=c,
            entry_id=ids.get(c.record_uid) if c.record_kind == ENTRY else None,
            day=days.get(c.record_uid) if c.record_kind == CHECKIN else None,
            event_id=event_ids.get(c.record_uid) if c.record_kind == EVENT else None,
        )
        for c in changes
    ]


def _version(changes: Sequence[AnyChange], version: int, what: str, hint: str) -> AnyChange:
    for change in changes:
        if change.version == version:
            return change
    if not changes:
        raise NotFound(f"{what} has no history yet, so there is no version {version}.")
    raise NotFound(
        f"{what} has versions 1 to {changes[-1].version}, not {version}; {hint} lists them."
    )


def _check_keys(session: Session, record: dict[str, Any], what: str) -> None:
    """Every term the old version names must still be in the vocabulary."""
    vocabulary = load_vocabulary(session=session)
    wanted: list[tuple[str, str]] = (
        [("pain_type", record["pain_type"])] if record.get("pain_type") else []
    )
    for kind, field in (
        ("location", "locations"),
        ("quality", "qualities"),
        ("trigger", "triggers"),
        ("trigger", "exposures"),
    ):
        wanted += [(kind, key) for key in record.get(field, ())]
    wanted += [("remedy", r["remedy"]) for r in record.get("remedies", ())]
    for kind, key in wanted:
        if vocabulary.get(kind, key) is None:
            raise BadInput(
                f'{what} names the {kind.replace("_", " ")} "{key}", '
                "which this diary's vocabulary no longer has; nothing was changed."
            )


@dataclass(frozen=True)
class Reverted:
    record: Entry | DayCheckin | Event
    change: AnyChange
    to_version: int


def revert_entry(*, session: Session, entry_id: int, version: int) -> Reverted:
    """Bring back an entry as it was after ``version``; the revert is itself a new version."""
    entry = _entry(session, entry_id)
    return _revert(
        session,
        kind=ENTRY,
        record=entry,
        version=version,
        what=f"entry {entry_id}",
        hint=f"painlog history {entry_id}",
        snapshot=entry_record,
        apply=apply_entry_record,
    )


def revert_checkin(*, session: Session, day: date, version: int) -> Reverted:
    """Bring back a day's check-in as it was after ``version``."""
    checkin = _checkin(session, day)
    return _revert(
        session,
        kind=CHECKIN,
        record=checkin,
        version=version,
        what=f"the check-in for {day.isoformat()}",
        hint=f"painlog history --day {day.isoformat()}",
        snapshot=checkin_record,
        apply=apply_checkin_record,
    )


def revert_event(*, session: Session, event_id: int, version: int) -> Reverted:
    """Bring back an event as it was after ``version``; its checks apply as to an edit."""
    from painlog.services.events import check_event_record

    event = _event(session, event_id)

    def apply(row: Event, record: dict[str, Any]) -> None:
        check_event_record(session=session, record=record, event_id=row.id)
        apply_event_record(row, record)

    return _revert(
        session,
        kind=EVENT,
        record=event,
        version=version,
        what=f"event {event_id}",
        hint=f"painlog history --event {event_id}",
        snapshot=event_record,
        apply=apply,
    )


def _revert(
    session: Session,
    *,
    kind: str,
    record: Any,
    version: int,
    what: str,
    hint: str,
    snapshot: Callable[[Any], dict[str, Any]],
    apply: Callable[[Any, dict[str, Any]], None],
) -> Reverted:
    changes = versions(session=session, kind=kind, uid=record.uid)
    target = _version(changes, version, what[0].upper() + what[1:], hint).after
    before = snapshot(record)
    if content(before) == content(target):
        raise BadInput(f"{what[0].upper() + what[1:]} is already as it was in version {version}.")
    _check_keys(session, target, f"Version {version} of {what}")
    apply(record, target)
    record.updated_at = utcnow()
    session.flush()
    change = record_change(
        session=session,
        kind=kind,
        uid=record.uid,
        action="revert",
        before=before,
        after=snapshot(record),
        detail=f"to version {version}",
    )
    assert change is not None
    session.flush()
    return Reverted(record=record, change=change, to_version=version)
