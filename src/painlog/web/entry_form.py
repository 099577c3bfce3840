"""The entry form, shared by the Log page and the entry's edit page.

The form's fields: ``pain`` (0-10), ``where``, ``type``, ``quality``,
``trigger`` and ``remedy`` (repeated, vocabulary keys), ``dose-KEY`` and
``taken-KEY`` (a time as typed, placed near the episode) per remedy, ``when``
(``now``, ``this-morning``, ``last-night`` or ``earlier``) with ``date`` and
``time``, ``duration`` and ``note``. They are read here into
the services' inputs; the services check the values with the same rules as
``painlog log`` and ``painlog edit``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from painlog import fields
from painlog.models import Entry
from painlog.services.entries import EntryChanges, EntryInput, RemedyInput
from painlog.services.usage import doses_used, most_used
from painlog.services.vocabulary import load_vocabulary
from painlog.settings import Settings
from painlog.web.forms import FormState
from painlog.when import local_now, parse_at

REPEATED = ("where", "quality", "trigger", "remedy")
# The quick choices of "When", as painlog's spoken times.
QUICK_TIMES = {"this-morning": "this morning", "last-night": "last night"}
TOP_COUNT = 6


@dataclass(frozen=True)
class EntryForm:
    """The entry's values as read from the form (lists are vocabulary keys as sent)."""

    intensity: int
    occurred_at: datetime
    locations: list[str]
    pain_type: str | None
    qualities: list[str]
    triggers: list[str]
    duration_minutes: int | None
    note: str | None
    remedies: list[RemedyInput]

    def as_input(self) -> EntryInput:
        return EntryInput(
            intensity=self.intensity,
            occurred_at=self.occurred_at,
            locations=self.locations,
            pain_type=self.pain_type,
            qualities=self.qualities,
            triggers=self.triggers,
            duration_minutes=self.duration_minutes,
            note=self.note,
            remedies=self.remedies,
        )

    def as_changes(self) -> EntryChanges:
        """Every field as the form shows it: an emptied field is cleared."""
        clear = {
            name
            for name, empty in (
                ("type", self.pain_type is None),
                ("quality", not self.qualities),
                ("trigger", not self.triggers),
                ("remedy", not self.remedies),
                ("duration", self.duration_minutes is None),
                ("note", self.note is None),
            )
            if empty
        }
        return EntryChanges(
            intensity=self.intensity,
            occurred_at=self.occurred_at,
            locations=self.locations,
            pain_type=self.pain_type,
            qualities=self.qualities or None,
            triggers=self.triggers or None,
            duration_minutes=self.duration_minutes,
            note=self.note,
            remedies=self.remedies or None,
            clear=frozenset(clear),
        )


def when_from_form(form: FormState) -> datetime:
    """When it happened: now, a quick choice, or the day and time typed.

    A day or time typed while "Now" is still chosen counts as typed: the
    person meant that time (the script chooses "Another time" as they type).
    """
    choice = form.value("when") or "now"
    day, clock = form.text("date"), form.text("time")
    if choice in QUICK_TIMES:
        return parse_at(QUICK_TIMES[choice])
    if choice == "now" and not (day or clock):
        return local_now().replace(microsecond=0)
    if choice not in ("now", "earlier"):
        raise fields.refuse("occurred_at", "Choose when it happened: now, or another time.")
    if clock is None:
        raise fields.refuse(
            "occurred_at",
            "Give the time it happened, such as 21:30, as well as the day.",
        )
    return parse_at(f"{day.strip()} {clock.strip()}" if day else clock.strip())


def read_entry_form(form: FormState) -> EntryForm:
    """The form's values, checked in the order of painlog.fields.ENTRY_FIELDS."""
    moment = when_from_form(form)
    pain = form.text("pain")
    if pain is None:
        raise fields.refuse("intensity", "Choose how bad the pain is, a number from 0 to 10.")
    intensity = fields.rating(pain, "intensity")
    locations = form.many("where")
    if not locations:
        raise fields.refuse("locations", "Choose where it hurts: tick at least one place.")
    duration = form.text("duration")
    remedies = [
        RemedyInput(name=key, dose=form.text(f"dose-{key}"), when=form.text(f"taken-{key}"))
        for key in form.many("remedy")
    ]
    return EntryForm(
        intensity=intensity,
        occurred_at=moment,
        locations=locations,
        pain_type=form.text("type"),
        qualities=form.many("quality"),
        triggers=form.many("trigger"),
        duration_minutes=fields.minutes(duration) if duration is not None else None,
        note=form.text("note"),
        remedies=remedies,
    )


def blank_form(settings: Settings) -> FormState:
    """A new entry's form with the person's defaults (``painlog config``) filled in."""
    form = FormState(
        values={"when": "now", "once": secrets.token_urlsafe(16)},
        lists={"where": list(settings.where)},
    )
    if settings.pain_type:
        form.values["type"] = settings.pain_type
    for name, dose in settings.doses.items():
        form.values[f"dose-{name}"] = dose
    return form


def entry_as_form(entry: Entry, settings: Settings) -> FormState:
    """An entry's values as its edit form shows them."""
    form = FormState(
        values={
            "pain": str(entry.intensity),
            "type": entry.pain_type or "",
            "when": "earlier",
            "date": entry.occurred_at.date().isoformat(),
            "time": entry.occurred_at.strftime("%H:%M"),
            "duration": "" if entry.duration_minutes is None else str(entry.duration_minutes),
            "note": entry.note or "",
        },
        lists={
            "where": entry.locations,
            "quality": entry.qualities,
            "trigger": entry.triggers,
            "remedy": [attempt.remedy for attempt in entry.remedies],
        },
    )
    for name, dose in settings.doses.items():
        form.values[f"dose-{name}"] = dose
    for attempt in entry.remedies:
        form.values[f"dose-{attempt.remedy}"] = attempt.dose or ""
        if attempt.taken_at is not None and attempt.taken_at != entry.occurred_at:
            form.values[f"taken-{attempt.remedy}"] = attempt.taken_at.strftime("%H:%M")
    return form


def _split(
    terms: list[tuple[str, str]], top_keys: list[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    labels = dict(terms)
    top = [(key, labels[key]) for key in top_keys if key in labels]
    chosen = {key for key, _ in top}
    return top, [(key, label) for key, label in terms if key not in chosen]


def choices(*, session: Session, form: FormState) -> dict[str, Any]:
    """What the form offers: the vocabulary, the person's most used first, their doses."""
    vocabulary = load_vocabulary(session=session)

    def terms(kind: str) -> list[tuple[str, str]]:
        return [(term.key, term.label) for term in vocabulary.terms(kind)]

    triggers_top, triggers_rest = _split(
        terms("trigger"), most_used(session=session, kind="trigger", limit=TOP_COUNT)
    )
    remedies_top, remedies_rest = _split(
        terms("remedy"), most_used(session=session, kind="remedy", limit=TOP_COUNT)
    )
    top_remedies = {key for key, _ in remedies_top}
    return {
        "types": terms("pain_type"),
        "locations": terms("location"),
        "qualities": terms("quality"),
        "triggers_top": triggers_top,
        "triggers_rest": triggers_rest,
        "remedies_top": remedies_top,
        "remedies_rest": remedies_rest,
        # Open the full list when something in it is ticked, so it is never hidden.
        "remedy_open": any(key not in top_remedies for key in form.many("remedy")),
        "doses": doses_used(session=session),
    }
