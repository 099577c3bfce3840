"""Entries and check-ins as plain records: the shape of the export file and of history.

The keys and their order come from the field descriptions in ``painlog.fields``.

One shape serves three purposes, so they can never drift apart: the JSON
export (docs/export-format.md), the before/after snapshots in the history,
and what ``revert`` and ``import`` bring back into the diary.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from painlog.fields import CHECKIN_FIELDS, CHECKIN_RATINGS, ENTRY_FIELDS, REMEDY_FIELDS, Field
from painlog.models import DayCheckin, Entry, RemedyAttempt

# Bookkeeping fields: kept in records, ignored when asking "did anything change?".
BOOKKEEPING = frozenset({"created_at", "updated_at"})


def local_text(moment: datetime | None) -> str | None:
    """A moment as the person lived it: ISO 8601 with its UTC offset, to the second."""
    return moment.isoformat(timespec="seconds") if moment is not None else None


def utc_text(moment: datetime | None) -> str | None:
    """A naive UTC bookkeeping time as ISO 8601 with a Z, to the second."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat() + "Z"


def parse_utc_text(text: str) -> datetime:
    """The reverse of ``utc_text``: naive UTC. Any offset is converted; none means UTC."""
    moment = datetime.fromisoformat(text)  # Python 3.11 reads a trailing Z as UTC
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0) if moment.microsecond else moment


def remedy_record(attempt: RemedyAttempt) -> dict[str, Any]:
    return {f.key: _out(f, getattr(attempt, f.key)) for f in REMEDY_FIELDS}


def _out(field: Field, value: Any) -> Any:
    """A field's value as the records hold it: moments as local ISO text."""
    return local_text(value) if field.kind == "moment" else value


def entry_record(entry: Entry) -> dict[str, Any]:
    """An entry with everything that belongs to it, keyed by its stable ``uid``."""
    record: dict[str, Any] = {"uid": entry.uid}
    for f in ENTRY_FIELDS:
        if f.kind == "remedies":
            ordered = sorted(entry.remedies, key=lambda a: a.position)
            record[f.key] = [remedy_record(a) for a in ordered]
            # A later rating when nothing was taken (painlog relief without --remedy).
            record["pain_after"] = entry.pain_after
            record["pain_after_at"] = local_text(entry.pain_after_at)
        else:
            record[f.key] = _out(f, getattr(entry, f.key))
        if f.key == "occurred_at":
            record["day"] = entry.day.isoformat()  # the person's local day, kept beside it
    record["created_at"] = utc_text(entry.created_at)
    record["updated_at"] = utc_text(entry.updated_at)
    record["deleted_at"] = utc_text(entry.deleted_at)
    return record


def checkin_record(checkin: DayCheckin) -> dict[str, Any]:
    record: dict[str, Any] = {"uid": checkin.uid}
    for f in CHECKIN_FIELDS:
        if f.kind == "day":
            record[f.key] = checkin.day.isoformat()
        elif f.kind == "remedies":
            ordered = sorted(checkin.remedy_rows, key=lambda r: r.position)
            record[f.key] = [{"remedy": r.remedy, "dose": r.dose} for r in ordered]
        else:
            record[f.key] = getattr(checkin, f.key)
    record["created_at"] = utc_text(checkin.created_at)
    record["updated_at"] = utc_text(checkin.updated_at)
    return record


def content(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its bookkeeping times: what the person recorded."""
    return {key: value for key, value in record.items() if key not in BOOKKEEPING}


def apply_entry_record(entry: Entry, record: dict[str, Any]) -> None:
    """Make ``entry`` hold what ``record`` says (a checked record: keys already known)."""
    for f in ENTRY_FIELDS:
        value = record[f.key]
        if f.kind == "moment":
            moment = datetime.fromisoformat(value)
            entry.occurred_at = moment
            entry.occurred_utc = moment.astimezone(UTC).replace(tzinfo=None)
            entry.day = moment.date()
        elif f.kind == "terms":
            assert f.vocabulary is not None
            if list(value) != entry.tag_keys(f.vocabulary):
                entry.set_tags(f.vocabulary, list(value))
        elif f.kind == "remedies":
            _apply_remedies(entry, value)
        else:
            setattr(entry, f.key, value)
    entry.pain_after = record.get("pain_after")
    entry.pain_after_at = _local(record.get("pain_after_at"))
    deleted = record.get("deleted_at")
    entry.deleted_at = parse_utc_text(deleted) if deleted else None


def _apply_remedies(entry: Entry, remedies: list[dict[str, Any]]) -> None:
    # Reuse the attempt already recorded for a remedy: a new row for the same
    # remedy would be inserted before the old one is deleted, breaking uniqueness.
    existing = {attempt.remedy: attempt for attempt in entry.remedies}
    attempts: list[RemedyAttempt] = []
    for position, remedy in enumerate(remedies):
        attempt = existing.get(remedy["remedy"]) or RemedyAttempt(remedy=remedy["remedy"])
        for f in REMEDY_FIELDS[1:]:
            value = remedy[f.key]
            setattr(attempt, f.key, _local(value) if f.kind == "moment" else value)
        attempt.position = position
        attempts.append(attempt)
    entry.remedies = attempts


def apply_checkin_record(checkin: DayCheckin, record: dict[str, Any]) -> None:
    """Make ``checkin`` hold what ``record`` says; its day and uid stay as they are."""
    for name in CHECKIN_RATINGS:
        setattr(checkin, name, record[name])
    checkin.note = record["note"]
    if list(record["exposures"]) != checkin.exposures:
        checkin.set_exposures(list(record["exposures"]))
    remedies = [(r["remedy"], r["dose"]) for r in record["remedies"]]
    if remedies != [(r.remedy, r.dose) for r in checkin.remedy_rows]:
        checkin.set_remedies(remedies)


def _local(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
