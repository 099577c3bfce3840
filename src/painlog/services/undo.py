"""Undo: reverse the latest change to the diary, whatever command made it.

The history is append-only, so an undo is itself a change: each record it
touches gets a new version whose ``detail`` names the change it reverses
(``undo of change 41``, ``undo of event change 7``). The next undo skips those
and the changes they reversed, so undoing again walks further back instead of
undoing the undo. An import is one change to the person: every change it made
(entries, check-ins and events, recorded with the same ``from FILE`` detail
one after another) is reversed together.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from painlog.errors import BadInput
from painlog.events import apply_event_record, event_record
from painlog.models import Change, DayCheckin, Entry, Event, EventChange, utcnow
from painlog.records import (
    apply_checkin_record,
    apply_entry_record,
    checkin_record,
    content,
    entry_record,
    utc_text,
)
from painlog.services.history import CHECKIN, ENTRY, EVENT, AnyChange, _check_keys, record_change

_PAGE = 500
_UNDO_DETAIL = re.compile(r"^undo of (event )?change (\d+)$")


def _marker(change: AnyChange) -> str:
    table = "event change" if isinstance(change, EventChange) else "change"
    return f"undo of {table} {change.id}"


def _newest_first(session: Session) -> Iterator[AnyChange]:
    """Every change in both history tables, newest first, read a page at a time."""

    def pages(table: type[Change] | type[EventChange]) -> Iterator[tuple[Any, ...]]:
        below: int | None = None
        while True:
            query = select(table).order_by(table.id.desc()).limit(_PAGE)
            if below is not None:
                query = query.where(table.id < below)
            rows: list[AnyChange] = list(session.scalars(query))
            for row in rows:
                yield (row.changed_at, isinstance(row, EventChange), row.id, row)
            if len(rows) < _PAGE:
                return
            below = rows[-1].id

    for item in heapq.merge(pages(Change), pages(EventChange), reverse=True):
        yield item[3]


def _undoable(session: Session) -> Iterator[AnyChange]:
    """The changes an undo may still reverse, newest first."""
    undone: set[tuple[bool, int]] = set()
    for change in _newest_first(session):
        match = _UNDO_DETAIL.match(change.detail or "")
        if match:
            undone.add((match.group(1) is not None, int(match.group(2))))
            continue
        if change.action == "baseline" or (isinstance(change, EventChange), change.id) in undone:
            continue
        yield change


@dataclass(frozen=True)
class UndoneChange:
    """One record put back: what the reversed change had done to it."""

    kind: str  # entry, checkin, event
    action: str  # the reversed change's action: create, edit, relief, delete, ...
    entry_id: int | None = None
    day: date | None = None
    event_id: int | None = None
    before: dict[str, Any] | None = None  # the record as it is again (None: gone again)
    after: dict[str, Any] = field(default_factory=dict)  # as the reversed change left it


@dataclass(frozen=True)
class Undone:
    changes: list[UndoneChange]
    detail: str | None  # an import's "from FILE"

    @property
    def action(self) -> str:
        return self.changes[0].action


def undo_last(*, session: Session) -> Undone:
    """Reverse the latest change not yet undone (all of it, for an import)."""
    pending = _undoable(session)
    first = next(pending, None)
    if first is None:
        raise BadInput("There is nothing to undo: no change in this diary is left to reverse.")
    group = [first]
    if first.action == "import":
        for change in pending:
            if change.action != "import" or change.detail != first.detail:
                break
            group.append(change)
    done = [_undo_one(session, change) for change in group]
    session.flush()
    return Undone(changes=done, detail=first.detail if first.action == "import" else None)


def _changed_since(what: str) -> BadInput:
    return BadInput(
        f"{what} was changed outside painlog's history since, so undo cannot put it back; "
        "painlog history shows its versions."
    )


def _undo_one(session: Session, change: AnyChange) -> UndoneChange:
    if change.record_kind == CHECKIN:
        return _undo_checkin(session, change)
    if change.record_kind == ENTRY:
        entry = session.scalar(select(Entry).where(Entry.uid == change.record_uid))
        entry_id = _undo_hidden(
            session, change, entry, snapshot=entry_record, apply=apply_entry_record, what="entry"
        )
        return UndoneChange(
            ENTRY, change.action, entry_id=entry_id, before=change.before, after=change.after
        )
    assert change.record_kind == EVENT
    event = session.scalar(select(Event).where(Event.uid == change.record_uid))
    event_id = _undo_hidden(
        session, change, event, snapshot=event_record, apply=apply_event_record, what="event"
    )
    return UndoneChange(
        EVENT, change.action, event_id=event_id, before=change.before, after=change.after
    )


def _undo_hidden(
    session: Session,
    change: AnyChange,
    row: Entry | Event | None,
    *,
    snapshot: Callable[[Any], dict[str, Any]],
    apply: Callable[[Any, dict[str, Any]], None],
    what: str,
) -> int:
    """Undo a change to an entry or an event, records that are hidden rather than
    removed: a new one is hidden again (restore brings it back), any other change
    is reversed to the record as it was before. Returns the record's id."""
    if row is None:
        raise _changed_since(f"An {what}" if what[0] in "ae" else f"A {what}")
    now = snapshot(row)
    if content(now) != content(change.after):
        raise _changed_since(f"{what.capitalize()} {row.id}")
    if change.before is None:
        target, action = dict(now, deleted_at=utc_text(utcnow())), "delete"
    else:
        target, action = change.before, "revert"
        _check_keys(session, target, f"The {what} as it was before ({what} {row.id})")
    apply(row, target)
    row.updated_at = utcnow()
    session.flush()
    record_change(
        session=session,
        kind=change.record_kind,
        uid=row.uid,
        action=action,
        before=now,
        after=snapshot(row),
        detail=_marker(change),
    )
    return row.id


def _undo_checkin(session: Session, change: AnyChange) -> UndoneChange:
    checkin = session.scalar(select(DayCheckin).where(DayCheckin.uid == change.record_uid))
    if checkin is None:
        raise _changed_since("A check-in")
    what = f"The check-in for {checkin.day.isoformat()}"
    now = checkin_record(checkin)
    if content(now) != content(change.after):
        raise _changed_since(what)
    day = checkin.day
    if change.before is None:
        # A check-in has no hidden state: undoing the first one for a day removes
        # the row, and its history keeps what it held.
        after = dict(now, deleted_at=utc_text(utcnow()))
        record_change(
            session=session,
            kind=CHECKIN,
            uid=checkin.uid,
            action="delete",
            before=now,
            after=after,
            detail=_marker(change),
        )
        session.delete(checkin)
    else:
        _check_keys(session, change.before, what)
        apply_checkin_record(checkin, change.before)
        checkin.updated_at = utcnow()
        session.flush()
        record_change(
            session=session,
            kind=CHECKIN,
            uid=checkin.uid,
            action="revert",
            before=now,
            after=checkin_record(checkin),
            detail=_marker(change),
        )
    return UndoneChange(
        kind=CHECKIN, action=change.action, day=day, before=change.before, after=change.after
    )
