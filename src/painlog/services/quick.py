"""The quick ways in: the same as last time, and adding to or taking from an entry's lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from painlog.errors import BadInput
from painlog.models import Entry
from painlog.services.entries import (
    EntryChanges,
    EntryInput,
    RemedyInput,
    edit_entry,
    get_entry,
    log_entry,
)
from painlog.services.vocabulary import load_vocabulary
from painlog.vocab import KIND_LABELS

# The entry's lists that edit can add to and take from, with their vocabulary kind
# and the name --clear gives them.
LISTS = {
    "locations": "location",
    "qualities": "quality",
    "triggers": "trigger",
    "remedies": "remedy",
}
_CLEAR_NAMES = {"qualities": "quality", "triggers": "trigger", "remedies": "remedy"}


@dataclass(frozen=True)
class ListEdits:
    """Names to add to and to take from an entry's lists, by field key (``triggers``)."""

    add: Mapping[str, Sequence[str]] = field(default_factory=dict)
    remove: Mapping[str, Sequence[str]] = field(default_factory=dict)
    add_remedies: Sequence[RemedyInput] = ()

    def is_empty(self) -> bool:
        return (
            not any(self.add.values()) and not any(self.remove.values()) and not self.add_remedies
        )


def last_entry(*, session: Session) -> Entry | None:
    """The latest entry that is not deleted, by when it happened."""
    query = (
        select(Entry)
        .where(Entry.deleted_at.is_(None))
        .order_by(Entry.occurred_utc.desc(), Entry.id.desc())
        .options(selectinload(Entry.tags), selectinload(Entry.remedies))
        .limit(1)
    )
    return session.scalars(query).first()


def log_again(*, session: Session, changes: EntryChanges, now: datetime) -> Entry:
    """A new entry like the last one: its type, places, qualities, triggers and remedies.

    The pain and the time are new; anything in ``changes`` replaces what the
    last entry had. Doses are kept; remedy times and follow-ups are not.
    """
    last = last_entry(session=session)
    if last is None:
        raise BadInput("There is no entry to repeat yet; log one in full first.", field="again")
    if changes.intensity is None:
        raise BadInput(
            "Say how bad the pain is now, a whole number from 0 to 10.", field="intensity"
        )
    remedies = changes.remedies
    if remedies is None:
        remedies = [RemedyInput(name=a.remedy, dose=a.dose) for a in last.remedies]
    return log_entry(
        session=session,
        entry=EntryInput(
            intensity=changes.intensity,
            occurred_at=changes.occurred_at or now,
            locations=last.locations if changes.locations is None else changes.locations,
            pain_type=changes.pain_type or last.pain_type,
            qualities=last.qualities if changes.qualities is None else changes.qualities,
            triggers=last.triggers if changes.triggers is None else changes.triggers,
            remedies=remedies,
            duration_minutes=changes.duration_minutes,
            note=changes.note,
        ),
    )


def edit_with_lists(
    *, session: Session, entry_id: int, changes: EntryChanges, lists: ListEdits
) -> Entry:
    """``edit_entry``, after adding names to and taking names from the entry's lists."""
    if lists.is_empty():
        return edit_entry(session=session, entry_id=entry_id, changes=changes)
    entry = get_entry(session=session, entry_id=entry_id, include_deleted=False)
    vocabulary = load_vocabulary(session=session)
    updates: dict[str, Any] = {}
    for key, kind in LISTS.items():
        added = list(lists.add.get(key) or [])
        if key == "remedies":
            added = [remedy.name for remedy in lists.add_remedies]
        removed = list(lists.remove.get(key) or [])
        if not added and not removed:
            continue
        what = KIND_LABELS[kind]
        if getattr(changes, key) is not None or _CLEAR_NAMES.get(key) in changes.clear:
            raise BadInput(
                f"The {what} list is both given whole and added to or taken from; "
                "do one or the other.",
                field=key,
            )
        current = [a.remedy for a in entry.remedies] if key == "remedies" else entry.tag_keys(kind)
        add_keys = [vocabulary.resolve(kind, name, field=f"add_{key}").key for name in added]
        remove_keys = vocabulary.resolve_all(kind, removed, field=f"remove_{key}")
        missing = [k for k in remove_keys if k not in current]
        if missing:
            has = ", ".join(vocabulary.label(kind, k).lower() for k in current) or "none"
            gone = vocabulary.label(kind, missing[0]).lower()
            raise BadInput(
                f"Entry {entry_id} has no {what} {gone} to take away (it has {has}).",
                field=f"remove_{key}",
            )
        kept = [k for k in current if k not in remove_keys]
        if key == "remedies":
            # A remedy added again takes the new dose and time; the others stay as they are.
            given = {
                k: replace(r, name=k) for k, r in zip(add_keys, lists.add_remedies, strict=True)
            }
            updates[key] = [given.get(k, RemedyInput(name=k)) for k in kept] + [
                given[k] for k in dict.fromkeys(add_keys) if k not in kept
            ]
        else:
            updates[key] = kept + [k for k in dict.fromkeys(add_keys) if k not in kept]
    return edit_entry(session=session, entry_id=entry_id, changes=replace(changes, **updates))
