"""Pain episodes: log, read, edit, soft-delete and restore, and record relief."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from painlog import fields
from painlog.errors import AlreadyRecorded, BadInput, NotFound
from painlog.models import MAX_ID, Entry, EntryTag, RemedyAttempt, utcnow
from painlog.records import entry_record
from painlog.services.history import ENTRY, record_change
from painlog.services.vocabulary import load_vocabulary
from painlog.vocab import Vocabulary
from painlog.when import check_moment, local_now, parse_at


@dataclass(frozen=True)
class RemedyInput:
    name: str
    dose: str | None = None
    taken_at: datetime | None = None  # defaults to when the episode happened
    when: str | None = None  # or a time as typed, placed near the episode ("22:00")


@dataclass(frozen=True)
class EntryInput:
    intensity: int
    occurred_at: datetime
    locations: Sequence[str]
    pain_type: str | None = None
    qualities: Sequence[str] = ()
    triggers: Sequence[str] = ()
    duration_minutes: int | None = None
    note: str | None = None
    remedies: Sequence[RemedyInput] = ()


# Fields that ``edit`` can blank out; locations cannot, an entry always has one.
CLEARABLE = ("type", "quality", "trigger", "remedy", "duration", "note")


@dataclass(frozen=True)
class EntryChanges:
    """What ``edit`` changes; ``None`` leaves a field as it is, lists replace the old list."""

    intensity: int | None = None
    occurred_at: datetime | None = None
    locations: Sequence[str] | None = None
    pain_type: str | None = None
    qualities: Sequence[str] | None = None
    triggers: Sequence[str] | None = None
    duration_minutes: int | None = None
    note: str | None = None
    remedies: Sequence[RemedyInput] | None = None
    clear: frozenset[str] = field(default_factory=frozenset)

    def is_empty(self) -> bool:
        given = (getattr(self, key) for key in fields.ENTRY_KEYS)
        return all(v is None for v in given) and not self.clear


@dataclass(frozen=True)
class EntryPage:
    entries: list[Entry]
    total: int  # how many entries matched before the limit


def _set_when(entry: Entry, moment: datetime) -> None:
    entry.occurred_at = moment
    entry.occurred_utc = moment.astimezone(UTC).replace(tzinfo=None)
    entry.day = moment.date()  # the person's local calendar day, as they lived it


@dataclass(frozen=True)
class _Remedy:
    key: str
    dose: str | None
    taken_at: datetime | None  # None: not given, keep what there is (or the episode's time)


def _remedies(
    vocabulary: Vocabulary, remedies: Sequence[RemedyInput], episode: datetime
) -> list[_Remedy]:
    resolved: list[_Remedy] = []
    for remedy in remedies:
        key = vocabulary.resolve("remedy", remedy.name).key
        if any(r.key == key for r in resolved):
            raise fields.refuse(
                "remedies", f"The remedy {key} is given twice; give it once with its dose."
            )
        dose = fields.dose(remedy.dose)
        taken = remedy.taken_at
        if taken is None and remedy.when is not None:
            taken = parse_at(remedy.when, anchor=episode, field="taken_at")
        if taken is not None:
            taken = check_moment(taken, field="taken_at").replace(microsecond=0)
            fields.remedy_time(key, taken, episode)
        resolved.append(_Remedy(key=key, dose=dose, taken_at=taken))
    return resolved


def log_entry(*, session: Session, entry: EntryInput) -> Entry:
    """Record one pain episode; every name must already be in the vocabulary."""
    vocabulary = load_vocabulary(session=session)
    # In the order of painlog.fields.ENTRY_FIELDS, as every path checks them.
    moment = check_moment(entry.occurred_at, field="occurred_at").replace(microsecond=0)
    intensity = fields.rating(entry.intensity, "intensity")
    pain_type = vocabulary.resolve("pain_type", entry.pain_type).key if entry.pain_type else None
    locations = fields.places(vocabulary.resolve_all("location", entry.locations))
    qualities = vocabulary.resolve_all("quality", entry.qualities)
    triggers = vocabulary.resolve_all("trigger", entry.triggers)
    values = {f.key: fields.check(f, getattr(entry, f.key)) for f in fields.ENTRY_VALUES}
    remedies = _remedies(vocabulary, entry.remedies, moment)
    row = Entry(intensity=intensity, pain_type=pain_type, **values)
    _set_when(row, moment)
    row.tags = []
    row.remedies = []
    for kind, keys in (("location", locations), ("quality", qualities), ("trigger", triggers)):
        row.set_tags(kind, keys)
    row.remedies = [
        RemedyAttempt(remedy=r.key, dose=r.dose, taken_at=r.taken_at or moment, position=i)
        for i, r in enumerate(remedies)
    ]
    session.add(row)
    session.flush()
    _record(session, row, "create", None)
    return row


def _record(session: Session, entry: Entry, action: str, before: dict[str, Any] | None) -> None:
    """Append the change to the history, in the caller's transaction."""
    record_change(
        session=session,
        kind=ENTRY,
        uid=entry.uid,
        action=action,
        before=before,
        after=entry_record(entry),
    )


def get_entry(*, session: Session, entry_id: int, include_deleted: bool = True) -> Entry:
    if not 1 <= entry_id <= MAX_ID:
        raise NotFound(
            f"There is no entry {entry_id}; painlog list shows the entries and their ids."
        )
    entry = session.get(
        Entry, entry_id, options=[selectinload(Entry.tags), selectinload(Entry.remedies)]
    )
    if entry is None:
        raise NotFound(
            f"There is no entry {entry_id}; painlog list shows the entries and their ids."
        )
    if entry.is_deleted and not include_deleted:
        raise NotFound(
            f"Entry {entry_id} is deleted; bring it back with painlog restore {entry_id}."
        )
    return entry


# Which --clear name blanks which EntryChanges field.
_CLEARS = {
    "type": "pain_type",
    "quality": "qualities",
    "trigger": "triggers",
    "remedy": "remedies",
    "duration": "duration_minutes",
    "note": "note",
}


def edit_entry(*, session: Session, entry_id: int, changes: EntryChanges) -> Entry:
    if changes.is_empty():
        raise BadInput("Nothing to change; give at least one new value, such as the pain.")
    fields.check_clear(changes.clear, CLEARABLE, _CLEARS, changes)
    entry = get_entry(session=session, entry_id=entry_id, include_deleted=False)
    before = entry_record(entry)
    vocabulary = load_vocabulary(session=session)
    # In the order of painlog.fields.ENTRY_FIELDS, as every path checks them.
    if changes.occurred_at is not None:
        moved = check_moment(changes.occurred_at, field="occurred_at").replace(microsecond=0)
        _move_remedies(entry, moved - entry.occurred_at, moved)
        _set_when(entry, moved)
    if changes.intensity is not None:
        entry.intensity = fields.rating(changes.intensity, "intensity")
    if changes.pain_type is not None:
        entry.pain_type = vocabulary.resolve("pain_type", changes.pain_type).key
    if changes.locations is not None:
        entry.set_tags(
            "location", fields.places(vocabulary.resolve_all("location", changes.locations))
        )
    if changes.qualities is not None:
        entry.set_tags("quality", vocabulary.resolve_all("quality", changes.qualities))
    if changes.triggers is not None:
        entry.set_tags("trigger", vocabulary.resolve_all("trigger", changes.triggers))
    for f in fields.ENTRY_VALUES:
        if getattr(changes, f.key) is not None:
            setattr(entry, f.key, fields.check(f, getattr(changes, f.key)))
    if changes.remedies is not None:
        _replace_remedies(entry, _remedies(vocabulary, changes.remedies, entry.occurred_at))
    for name in changes.clear:
        if name == "type":
            entry.pain_type = None
        elif name in ("quality", "trigger"):
            entry.set_tags(name, [])
        elif name == "remedy":
            entry.remedies = []
        else:  # a plain value: duration, note
            setattr(entry, _CLEARS[name], None)
    entry.updated_at = utcnow()
    session.flush()
    _record(session, entry, "edit", before)
    return entry


def _move_remedies(entry: Entry, shift: timedelta, moved: datetime) -> None:
    """An episode moved in time takes its remedies and their follow-ups along."""
    for attempt in entry.remedies:
        if attempt.taken_at is not None:
            attempt.taken_at = (attempt.taken_at + shift).astimezone(moved.tzinfo)
        if attempt.pain_after_at is not None:
            attempt.pain_after_at = (attempt.pain_after_at + shift).astimezone(moved.tzinfo)


def _replace_remedies(entry: Entry, remedies: list[_Remedy]) -> None:
    """New remedy list; a remedy that stays keeps its recorded relief."""
    existing = {attempt.remedy: attempt for attempt in entry.remedies}
    attempts: list[RemedyAttempt] = []
    for position, remedy in enumerate(remedies):
        attempt = existing.get(remedy.key) or RemedyAttempt(
            remedy=remedy.key, taken_at=entry.occurred_at
        )
        if remedy.dose is not None:
            attempt.dose = remedy.dose
        if remedy.taken_at is not None:
            attempt.taken_at = remedy.taken_at
        if attempt.pain_after_at is not None and attempt.taken_at is not None:
            fields.follow_up_time(remedy.key, attempt.pain_after_at, attempt.taken_at)
        attempt.position = position
        attempts.append(attempt)
    entry.remedies = attempts


def delete_entry(*, session: Session, entry_id: int) -> Entry:
    """Hide an entry; ``restore_entry`` brings it back. Nothing is erased."""
    entry = get_entry(session=session, entry_id=entry_id)
    if entry.is_deleted:
        raise BadInput(
            f"Entry {entry_id} is already deleted; painlog restore {entry_id} brings it back."
        )
    before = entry_record(entry)
    entry.deleted_at = utcnow()
    session.flush()
    _record(session, entry, "delete", before)
    return entry


def restore_entry(*, session: Session, entry_id: int) -> Entry:
    entry = get_entry(session=session, entry_id=entry_id)
    if not entry.is_deleted:
        raise BadInput(f"Entry {entry_id} is not deleted, so there is nothing to restore.")
    before = entry_record(entry)
    entry.deleted_at = None
    session.flush()
    _record(session, entry, "restore", before)
    return entry


def record_relief(
    *,
    session: Session,
    entry_id: int,
    remedy: str | None,
    pain_after: int,
    at: datetime | None = None,
    at_text: str | None = None,
    replace: bool = False,
) -> RemedyAttempt | Entry:
    """How the pain was after a remedy the entry records, or, with ``remedy`` None, later
    on an episode where nothing was taken (returns the entry then).

    ``at_text`` is a time as typed; a bare clock time ("22:40") is placed near
    when the remedy was taken, so follow-ups for past episodes need no date.
    A follow-up already recorded is replaced only with ``replace``.
    """
    entry = get_entry(session=session, entry_id=entry_id, include_deleted=False)
    if remedy is None:
        return _untreated_relief(session, entry, pain_after, at, at_text, replace=replace)
    key = load_vocabulary(session=session).resolve("remedy", remedy, field="remedy").key
    attempt = next((a for a in entry.remedies if a.remedy == key), None)
    if attempt is None:
        has = ", ".join(a.remedy for a in entry.remedies) or "no remedies"
        raise fields.refuse(
            "remedy",
            f"Entry {entry_id} has no remedy {key} (it has {has}); add it to the entry first.",
        )
    started = attempt.taken_at or entry.occurred_at
    moment = _rated_at(at, at_text, started, key)
    _save_rating(session, entry, attempt, pain_after, moment, replace=replace, what=f"for {key}")
    return attempt


def _untreated_relief(
    session: Session,
    entry: Entry,
    pain_after: int,
    at: datetime | None,
    at_text: str | None,
    *,
    replace: bool,
) -> Entry:
    if entry.remedies:
        names = ", ".join(a.remedy for a in entry.remedies)
        raise fields.refuse(
            "remedy",
            f"Entry {entry.id} records {names}; name the remedy the rating follows, or none "
            "only for an episode where nothing was taken.",
        )
    moment = _rated_at(at, at_text, entry.occurred_at, None)
    _save_rating(
        session, entry, entry, pain_after, moment, replace=replace, what="with nothing taken"
    )
    return entry


def _rated_at(
    at: datetime | None, at_text: str | None, started: datetime, remedy: str | None
) -> datetime:
    """When a follow-up was rated: not in the future, not before ``started`` (when the
    remedy was taken, or the episode when ``remedy`` is None)."""
    if at is None and at_text is not None:
        at = parse_at(at_text, anchor=started, field="pain_after_at")
    moment = check_moment(at or local_now(), field="pain_after_at").replace(microsecond=0)
    if remedy is not None:
        return fields.follow_up_time(remedy, moment, started)
    if moment < started:
        raise fields.refuse(
            "pain_after_at",
            f"The follow-up ({moment:%Y-%m-%d %H:%M}) would come before the episode "
            f"({started:%Y-%m-%d %H:%M}).",
        )
    return moment


def _save_rating(
    session: Session,
    entry: Entry,
    target: RemedyAttempt | Entry,
    pain_after: int,
    moment: datetime,
    *,
    replace: bool,
    what: str,
) -> None:
    """Store a follow-up on a remedy (or on the entry itself) and keep it in the history.

    A follow-up already recorded there is replaced only with ``replace``.
    """
    rating = fields.rating(pain_after, "pain_after")
    if target.pain_after is not None and not replace:
        when = target.pain_after_at.strftime("%H:%M") if target.pain_after_at else "no time"
        raise AlreadyRecorded(
            f"Entry {entry.id} already has a follow-up {what} (pain {target.pain_after} "
            f"at {when}); replacing it must be asked for.",
            field="replace",
        )
    before = entry_record(entry)
    target.pain_after = rating
    target.pain_after_at = moment
    entry.updated_at = utcnow()
    session.flush()
    _record(session, entry, "relief", before)


def list_entries(
    *,
    session: Session,
    start: date | None = None,
    end: date | None = None,
    pain_type: str | None = None,
    trigger: str | None = None,
    limit: int | None = None,
    deleted: bool = False,
) -> EntryPage:
    """Entries in a day range, newest first; ``pain_type`` and ``trigger`` are keys.

    ``deleted`` lists the deleted entries instead of the others.
    """
    query = select(Entry).where(
        Entry.deleted_at.is_not(None) if deleted else Entry.deleted_at.is_(None)
    )
    if start is not None:
        query = query.where(Entry.day >= start)
    if end is not None:
        query = query.where(Entry.day <= end)
    if pain_type is not None:
        query = query.where(Entry.pain_type == pain_type)
    if trigger is not None:
        query = query.where(
            Entry.id.in_(
                select(EntryTag.entry_id).where(EntryTag.kind == "trigger", EntryTag.key == trigger)
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(Entry.occurred_utc.desc(), Entry.id.desc()).options(
        selectinload(Entry.tags), selectinload(Entry.remedies)
    )
    if limit:
        query = query.limit(limit)
    return EntryPage(entries=list(session.scalars(query)), total=total)
