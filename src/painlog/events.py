"""The kinds of event in the MS course, their own fields, and an event as a plain record.

An event is what the person tells painlog about their MS course: a relapse as
they or their team called it, a steroid course, an infusion or a dose of a
disease-modifying therapy (DMT), an infection, a fall, a visit, an MRI. painlog
keeps the kind they gave and never labels an event itself; its words are
"you recorded".

The record (``event_record``) is the shape of the export file and of the
history's snapshots, as ``painlog.records`` is for entries and check-ins.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from painlog.errors import BadInput, UnknownTerm
from painlog.models import EVENT_KINDS, VISIT_WITH, Event
from painlog.records import parse_utc_text, utc_text


@dataclass(frozen=True)
class EventKind:
    key: str
    label: str  # "Steroid course"
    plural: str  # "steroid courses"
    span: bool  # drawn as a band: it lasts, and without an end day it is still going
    marker: bool  # drawn as a marker on its day
    fields: frozenset[str]  # its own fields beyond days and note

    @property
    def word(self) -> str:
        """The label inside a sentence: ``steroid course``, ``MRI``."""
        return self.label if self.label[:2].isupper() else self.label.lower()

    @property
    def noun(self) -> str:
        """``a steroid course``, ``an MRI``."""
        return ("an " if self.word[0] in "aeiouAEIOUM" else "a ") + self.word


KINDS: dict[str, EventKind] = {
    kind.key: kind
    for kind in (
        EventKind("relapse", "Relapse", "relapses", True, False, frozenset()),
        EventKind(
            "steroids", "Steroid course", "steroid courses", True, False, frozenset({"dose"})
        ),
        EventKind(
            "infusion", "Infusion", "infusions", False, True, frozenset({"therapy", "missed"})
        ),
        EventKind(
            "dmt-dose", "DMT dose", "DMT doses", False, False, frozenset({"therapy", "missed"})
        ),
        EventKind("infection", "Infection", "infections", True, False, frozenset()),
        EventKind("fall", "Fall", "falls", False, True, frozenset()),
        EventKind("visit", "Visit", "visits", False, True, frozenset({"with_whom"})),
        EventKind("mri", "MRI", "MRIs", False, True, frozenset()),
        EventKind("other", "Other event", "other events", False, False, frozenset()),
    )
}
assert tuple(KINDS) == EVENT_KINDS
SPAN_KINDS = tuple(key for key, kind in KINDS.items() if kind.span)
MARKER_KINDS = tuple(key for key, kind in KINDS.items() if kind.marker)
OWN_FIELDS = ("dose", "therapy", "missed", "with_whom")

_KIND_ALIASES = {
    "steroid": "steroids",
    "steroid-course": "steroids",
    "dmt": "dmt-dose",
    "dmt dose": "dmt-dose",
    "dmt_dose": "dmt-dose",
    "infusions": "infusion",
    "relapses": "relapse",
    "infections": "infection",
    "falls": "fall",
    "visits": "visit",
}
WITH_LABELS = {"neurologist": "Neurologist", "gp": "GP", "physio": "Physio", "ms-nurse": "MS nurse"}
assert tuple(WITH_LABELS) == VISIT_WITH
_WITH_ALIASES = {
    "neuro": "neurologist",
    "physiotherapist": "physio",
    "physical therapist": "physio",
    "ms nurse": "ms-nurse",
    "ms_nurse": "ms-nurse",
    "nurse": "ms-nurse",
    "family doctor": "gp",
    "doctor": "gp",
}


def _choose(
    text: str, known: tuple[str, ...], aliases: dict[str, str], what: str, field: str | None
) -> str:
    cleaned = " ".join(text.strip().lower().split())
    for candidate in (cleaned, cleaned.replace(" ", "-")):
        if candidate in known:
            return candidate
        if candidate in aliases:
            return aliases[candidate]
    names = [*known, *aliases]
    close = difflib.get_close_matches(cleaned, names, n=3, cutoff=0.6)
    suggestions = tuple(dict.fromkeys(aliases.get(name, name) for name in close))
    hint = f" (did you mean {' or '.join(suggestions)}?)" if suggestions else ""
    raise UnknownTerm(
        f'Unknown {what} "{text.strip()[:60]}"{hint}; painlog knows {", ".join(known)}.',
        suggestions=suggestions,
        field=field,
    )


def event_kind(text: str) -> str:
    """The kind's key from what the person typed: ``steroid`` is ``steroids``."""
    return _choose(text, EVENT_KINDS, _KIND_ALIASES, "event kind", None)


def visit_with(text: str) -> str:
    return _choose(text, VISIT_WITH, _WITH_ALIASES, "kind of visit", "with_whom")


def event_kinds(text: str) -> tuple[str, ...]:
    """A comma-separated list of kinds, each once: ``relapse,steroids``."""
    keys: list[str] = []
    for part in text.split(","):
        if part.strip():
            key = event_kind(part)
            if key not in keys:
                keys.append(key)
    if not keys:
        raise BadInput("Name at least one kind of event, such as relapse,steroids,infection.")
    return tuple(keys)


def last_day(event: Event | dict[str, Any], today: date) -> date:
    """The event's last day: its end day, else today for a span still going, else its start."""
    if isinstance(event, dict):
        kind, start = event["kind"], date.fromisoformat(event["start_day"])
        end = date.fromisoformat(event["end_day"]) if event.get("end_day") else None
    else:
        kind, start, end = event.kind, event.start_day, event.end_day
    if end is not None:
        return end
    return max(start, today) if KINDS[kind].span else start


def event_days(events: list[Event], *, start: date, end: date, today: date) -> set[date]:
    """Every day from ``start`` to ``end`` inside one of ``events``."""
    days: set[date] = set()
    for event in events:
        first = max(event.start_day, start)
        last = min(last_day(event, today), end)
        days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return days


@dataclass(frozen=True)
class EventMark:
    """An event as a chart draws it: a band from ``first`` to ``last`` or a marker on ``first``."""

    kind: str
    first: date
    last: date


def event_marks(events: list[Event], *, start: date, end: date, today: date) -> list[EventMark]:
    """The bands (relapses, steroid courses, infections) and markers (infusions, visits, MRIs,
    falls) of ``events`` within ``start`` to ``end``, clipped to it."""
    marks = []
    for event in events:
        kind = KINDS[event.kind]
        if not (kind.span or kind.marker):
            continue
        first, last = max(event.start_day, start), min(last_day(event, today), end)
        if kind.marker:
            if not start <= event.start_day <= end:
                continue
            first = last = event.start_day
        if first <= last:
            marks.append(EventMark(event.kind, first, last))
    return marks


def event_details(event: Event) -> str:
    """The event's own fields: ``Ocrelizumab, missed dose``, ``with Neurologist``, the dose."""
    parts = []
    if event.therapy:
        parts.append(event.therapy)
    if event.missed:
        parts.append("missed dose")
    if event.dose:
        parts.append(event.dose)
    if event.with_whom:
        parts.append(f"with {WITH_LABELS[event.with_whom]}")
    return ", ".join(parts)


def event_record(event: Event) -> dict[str, Any]:
    """An event with its own fields, keyed by its stable ``uid``."""
    return {
        "uid": event.uid,
        "kind": event.kind,
        "start_day": event.start_day.isoformat(),
        "end_day": event.end_day.isoformat() if event.end_day else None,
        "dose": event.dose,
        "therapy": event.therapy,
        "missed": bool(event.missed),
        "with_whom": event.with_whom,
        "note": event.note,
        "created_at": utc_text(event.created_at),
        "updated_at": utc_text(event.updated_at),
        "deleted_at": utc_text(event.deleted_at),
    }


def apply_event_record(event: Event, record: dict[str, Any]) -> None:
    """Make ``event`` hold what a checked ``record`` says; its uid stays."""
    event.kind = record["kind"]
    event.start_day = date.fromisoformat(record["start_day"])
    event.end_day = date.fromisoformat(record["end_day"]) if record["end_day"] else None
    event.dose = record["dose"]
    event.therapy = record["therapy"]
    event.missed = bool(record["missed"])
    event.with_whom = record["with_whom"]
    event.note = record["note"]
    deleted = record.get("deleted_at")
    event.deleted_at = parse_utc_text(deleted) if deleted else None
