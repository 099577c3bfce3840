"""Entries and check-ins as plain records: the shape of the export file and of history.

One shape serves three purposes, so they can never drift apart: the JSON
export (docs/export-format.md), the before/after snapshots in the history,
and what ``revert`` and ``import`` bring back into the diary.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from painlog.models import CHECKIN_RATINGS, DayCheckin, Entry, RemedyAttempt

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
    return {
        "remedy": attempt.remedy,
        "dose": attempt.dose,
        "taken_at": local_text(attempt.taken_at),
        "pain_after": attempt.pain_after,
        "pain_after_at": local_text(attempt.pain_after_at),
    }


def entry_record(entry: Entry) -> dict[str, Any]:
    """An entry with everything that belongs to it, keyed by its stable ``uid``."""
    return {
        "uid": entry.uid,
        "occurred_at": local_text(entry.occurred_at),
        "day": entry.day.isoformat(),
        "intensity": entry.intensity,
        "pain_type": entry.pain_type,
        "locations": entry.locations,
        "qualities": entry.qualities,
        "triggers": entry.triggers,
        "duration_minutes": entry.duration_minutes,
        "remedies": [remedy_record(a) for a in sorted(entry.remedies, key=lambda a: a.position)],
        "pain_after": entry.pain_after,  # a later rating when nothing was taken
        "pain_after_at": local_text(entry.pain_after_at),
        "note": entry.note,
        "created_at": utc_text(entry.created_at),
        "updated_at": utc_text(entry.updated_at),
        "deleted_at": utc_text(entry.deleted_at),
    }


def checkin_record(checkin: DayCheckin) -> dict[str, Any]:
    return {
        "uid": checkin.uid,
        "day": checkin.day.isoformat(),
        **{rating: getattr(checkin, rating) for rating in CHECKIN_RATINGS},
        "exposures": checkin.exposures,
        "remedies": [
            {"remedy": r.remedy, "dose": r.dose}
            for r in sorted(checkin.remedy_rows, key=lambda r: r.position)
        ],
        "note": checkin.note,
        "created_at": utc_text(checkin.created_at),
        "updated_at": utc_text(checkin.updated_at),
    }


def content(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its bookkeeping times: what the person recorded."""
    return {key: value for key, value in record.items() if key not in BOOKKEEPING}


def apply_entry_record(entry: Entry, record: dict[str, Any]) -> None:
    """Make ``entry`` hold what ``record`` says (a checked record: keys already known)."""
    moment = datetime.fromisoformat(record["occurred_at"])
    entry.occurred_at = moment
    entry.occurred_utc = moment.astimezone(UTC).replace(tzinfo=None)
    entry.day = moment.date()
    entry.intensity = record["intensity"]
    entry.pain_type = record["pain_type"]
    entry.duration_minutes = record["duration_minutes"]
    entry.pain_after = record.get("pain_after")
    entry.pain_after_at = _local(record.get("pain_after_at"))
    entry.note = record["note"]
    for kind, field in (
        ("location", "locations"),
        ("quality", "qualities"),
        ("trigger", "triggers"),
    ):
        if list(record[field]) != entry.tag_keys(kind):
            entry.set_tags(kind, list(record[field]))
    # Reuse the attempt already recorded for a remedy: a new row for the same
    # remedy would be inserted before the old one is deleted, breaking uniqueness.
    existing = {attempt.remedy: attempt for attempt in entry.remedies}
    attempts: list[RemedyAttempt] = []
    for position, remedy in enumerate(record["remedies"]):
        attempt = existing.get(remedy["remedy"]) or RemedyAttempt(remedy=remedy["remedy"])
        attempt.dose = remedy["dose"]
        attempt.taken_at = _local(remedy["taken_at"])
        attempt.pain_after = remedy["pain_after"]
        attempt.pain_after_at = _local(remedy["pain_after_at"])
        attempt.position = position
        attempts.append(attempt)
    entry.remedies = attempts
    deleted = record.get("deleted_at")
    entry.deleted_at = parse_utc_text(deleted) if deleted else None


def apply_checkin_record(checkin: DayCheckin, record: dict[str, Any]) -> None:
    """Make ``checkin`` hold what ``record`` says; its day and uid stay as they are."""
    for name in (
        "average_pain",
        "worst_pain",
        "enjoyment",
        "activity",
        "sleep_quality",
        "fatigue",
        "spasticity",
    ):
        setattr(checkin, name, record[name])
    checkin.note = record["note"]
    if list(record["exposures"]) != checkin.exposures:
        checkin.set_exposures(list(record["exposures"]))
    remedies = [(r["remedy"], r["dose"]) for r in record["remedies"]]
    if remedies != [(r.remedy, r.dose) for r in checkin.remedy_rows]:
        checkin.set_remedies(remedies)


def _local(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
