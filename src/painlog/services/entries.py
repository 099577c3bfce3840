"""Pain episodes: log, read, edit, soft-delete and restore, and record relief."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from painlog.errors import BadInput, NotFound
from painlog.inputs import check_note, parse_rating
from painlog.models import MAX_ID, Entry, EntryTag, RemedyAttempt, utcnow
from painlog.records import entry_record
from painlog.services.history import ENTRY, record_change
from painlog.services.vocabulary import load_vocabulary
from painlog.vocab import Vocabulary
from painlog.when import check_moment, local_now, parse_at

# A remedy belongs to its episode: taken within a day of it, either side.
REMEDY_WINDOW = timedelta(days=1)


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
    remedies: Sequence[RemedyInput] = ()
    duration_minutes: int | None = None
    note: str | None = None


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
    remedies: Sequence[RemedyInput] | None = None
    duration_minutes: int | None = None
    note: str | None = None
    clear: frozenset[str] = field(default_factory=frozenset)

    def is_empty(self) -> bool:
        values = (
            self.intensity,
            self.occurred_at,
            self.locations,
            self.pain_type,
            self.qualities,
            self.triggers,
            self.remedies,
            self.duration_minutes,
            self.note,
        )
        return all(v is None for v in values) and not self.clear


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
            raise BadInput(f"The remedy {key} is given twice; give it once with its dose.")
        what = f"the time for {key}"
        taken = remedy.taken_at
        if taken is None and remedy.when is not None:
            taken = parse_at(remedy.when, anchor=episode, what=what)
        if taken is not None:
            taken = check_moment(taken, what=what).replace(microsecond=0)
            if abs(taken - episode) > REMEDY_WINDOW:
                raise BadInput(
                    f"{key} was taken at {taken.isoformat(timespec='minutes')}, more than a day "
                    f"away from the episode ({episode.isoformat(timespec='minutes')}); "
                    "log it with its own episode."
                )
        resolved.append(_Remedy(key=key, dose=remedy.dose, taken_at=taken))
    return resolved


def _check_duration(minutes: int | None) -> int | None:
    if minutes is not None and minutes < 0:
        raise BadInput("--duration cannot be negative.")
    return minutes


def log_entry(*, session: Session, entry: EntryInput) -> Entry:
    """Record one pain episode; every name must already be in the vocabulary."""
    vocabulary = load_vocabulary(session=session)
    intensity = parse_rating(entry.intensity, "--pain")
    moment = check_moment(entry.occurred_at, what="--at").replace(microsecond=0)
    locations = vocabulary.resolve_all("location", entry.locations)
    if not locations:
        raise BadInput("Say where it hurts with --where, for example --where lower-back.")
    pain_type = vocabulary.resolve("pain_type", entry.pain_type).key if entry.pain_type else None
    qualities = vocabulary.resolve_all("quality", entry.qualities)
    triggers = vocabulary.resolve_all("trigger", entry.triggers)
    remedies = _remedies(vocabulary, entry.remedies, moment)
    row = Entry(
        intensity=intensity,
        pain_type=pain_type,
        duration_minutes=_check_duration(entry.duration_minutes),
        note=check_note(entry.note),
    )
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
        raise BadInput("Nothing to change; give at least one option, such as --pain 5.")
    unknown = changes.clear - set(CLEARABLE)
    if unknown:
        raise BadInput(f"--clear takes {', '.join(CLEARABLE)}; not {', '.join(sorted(unknown))}.")
    both = sorted(name for name in changes.clear if getattr(changes, _CLEARS[name]) is not None)
    if both:
        raise BadInput(f"{both[0]} is both given and cleared; do one or the other.")
    entry = get_entry(session=session, entry_id=entry_id, include_deleted=False)
    before = entry_record(entry)
    vocabulary = load_vocabulary(session=session)
    if changes.intensity is not None:
        entry.intensity = parse_rating(changes.intensity, "--pain")
    if changes.occurred_at is not None:
        moved = check_moment(changes.occurred_at, what="--at").replace(microsecond=0)
        _move_remedies(entry, moved - entry.occurred_at, moved)
        _set_when(entry, moved)
    if changes.locations is not None:
        locations = vocabulary.resolve_all("location", changes.locations)
        if not locations:
            raise BadInput("An entry needs at least one place where it hurts (--where).")
        entry.set_tags("location", locations)
    if changes.pain_type is not None:
        entry.pain_type = vocabulary.resolve("pain_type", changes.pain_type).key
    if changes.qualities is not None:
        entry.set_tags("quality", vocabulary.resolve_all("quality", changes.qualities))
    if changes.triggers is not None:
        entry.set_tags("trigger", vocabulary.resolve_all("trigger", changes.triggers))
    if changes.remedies is not None:
        _replace_remedies(entry, _remedies(vocabulary, changes.remedies, entry.occurred_at))
    if changes.duration_minutes is not None:
        entry.duration_minutes = _check_duration(changes.duration_minutes)
    if changes.note is not None:
        entry.note = check_note(changes.note)
    for name in changes.clear:
        if name == "type":
            entry.pain_type = None
        elif name in ("quality", "trigger"):
            entry.set_tags(name, [])
        elif name == "remedy":
            entry.remedies = []
        elif name == "duration":
            entry.duration_minutes = None
        elif name == "note":
            entry.note = None
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
        if (
            attempt.pain_after_at is not None
            and attempt.taken_at is not None
            and attempt.pain_after_at < attempt.taken_at
        ):
            raise BadInput(
                f"The relief recorded for {remedy.key} "
                f"({attempt.pain_after_at.isoformat(timespec='minutes')}) would come before it was "
                f"taken ({attempt.taken_at.isoformat(timespec='minutes')})."
            )
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
) -> RemedyAttempt | Entry:
    """How the pain was after a remedy the entry records, or, with ``remedy`` None, later
    on an episode where nothing was taken (returns the entry then).

    ``at_text`` is a time as typed; a bare clock time ("22:40") is placed near
    when the remedy was taken, so follow-ups for past episodes need no date.
    """
    entry = get_entry(session=session, entry_id=entry_id, include_deleted=False)
    if remedy is None:
        return _untreated_relief(session, entry, pain_after, at, at_text)
    key = load_vocabulary(session=session).resolve("remedy", remedy).key
    attempt = next((a for a in entry.remedies if a.remedy == key), None)
    if attempt is None:
        has = ", ".join(a.remedy for a in entry.remedies) or "no remedies"
        raise BadInput(
            f"Entry {entry_id} has no remedy {key} (it has {has}); "
            f'add it first with painlog edit {entry_id} --remedy "{key}".'
        )
    started = attempt.taken_at or entry.occurred_at
    moment = _rated_at(at, at_text, started, f"{key} was taken")
    _save_rating(session, entry, attempt, pain_after, moment)
    return attempt


def _untreated_relief(
    session: Session, entry: Entry, pain_after: int, at: datetime | None, at_text: str | None
) -> Entry:
    if entry.remedies:
        names = ", ".join(a.remedy for a in entry.remedies)
        raise BadInput(
            f"Entry {entry.id} records {names}; say which one the rating follows with "
            f"--remedy, or leave it out only for an episode where nothing was taken."
        )
    moment = _rated_at(at, at_text, entry.occurred_at, "the episode")
    _save_rating(session, entry, entry, pain_after, moment)
    return entry


def _rated_at(at: datetime | None, at_text: str | None, started: datetime, since: str) -> datetime:
    """When a follow-up was rated: not in the future, not before ``started``."""
    if at is None and at_text is not None:
        at = parse_at(at_text, anchor=started)
    moment = check_moment(at or local_now(), what="--at").replace(microsecond=0)
    if moment < started:
        raise BadInput(
            f"--at {moment.isoformat(timespec='minutes')} is before {since} "
            f"({started.isoformat(timespec='minutes')})."
        )
    return moment


def _save_rating(
    session: Session,
    entry: Entry,
    target: RemedyAttempt | Entry,
    pain_after: int,
    moment: datetime,
) -> None:
    """Store a follow-up on a remedy (or on the entry itself) and keep it in the history."""
    before = entry_record(entry)
    target.pain_after = parse_rating(pain_after, "--pain-after")
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
