"""The diary as one FHIR R4 ``Bundle`` (type ``collection``), for a clinic's record system.

Plain dicts written as JSON: no FHIR library at run time, so the main install
stays light (the tests validate every resource with ``fhir.resources``).
docs/fhir.md gives the mapping field by field.

Every resource is named by ``urn:uuid:`` in the bundle, and every reference
points at one of those names. The uuids are stable: a record with a uid of its
own (entry, check-in, event) keeps it as its uuid; a resource made from part of
a record (a remedy of an entry, one rating of a day, a week's PEG) gets a
name-based uuid (uuid5) from its record's uid, so exporting again gives the
same ids and a receiving system can recognise what it already has.

A code from a code system is used only where it was checked (LOINC 72514-3,
91147-9, 91145-3, 91146-1 and the FHIR category ``survey``); everything else is
text, in the words the person chose or painlog's own labels.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TextIO

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from painlog import fields
from painlog.events import KINDS, WITH_LABELS
from painlog.models import DayCheckin, Entry, Event, RemedyAttempt
from painlog.services.vocabulary import load_vocabulary
from painlog.vocab import Vocabulary
from painlog.when import local_now

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

PAIN_SEVERITY = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
PEG_MEAN = ("91147-9", "Mean score [PEG]")
PEG_ENJOYMENT = "91145-3"
PEG_ACTIVITY = "91146-1"

# The names of the resources made from part of a record (uuid5 under this namespace).
NAMESPACE = uuid.UUID("5b0f3c1e-7a53-4c55-9d0b-6a1f2e8d4c90")

MEDICINE_KINDS = ("otc-medicine", "prescription-medicine")
PROCEDURE_CATEGORIES = {
    "therapy": "Therapy",
    "self-care": "Self-care",
    "device": "Use of a device",
    None: "Remedy",
}
# Day ratings: the PEG's items are also in the weekly PEG; each day's value stays its own.
DAY_RATING_TEXT = {f.key: f"{f.label} of the day (0-10)" for f in fields.CHECKIN_RATING_FIELDS}
DAY_RATING_TEXT["sleep_quality"] = "Sleep quality of the night before the day (0-10)"


@dataclass
class FhirSummary:
    """How many resources of each kind the bundle holds."""

    counts: dict[str, int] = field(default_factory=dict)
    episodes: int = 0
    weeks: int = 0

    def add(self, resource_type: str) -> None:
        self.counts[resource_type] = self.counts.get(resource_type, 0) + 1

    @property
    def resources(self) -> int:
        return sum(self.counts.values())


def uid_uuid(uid: str) -> str:
    """A painlog uid (32 hex digits) as the uuid it already is."""
    return str(uuid.UUID(hex=uid))


def part_uuid(uid: str, part: str) -> str:
    """The stable uuid of one part of the record ``uid``."""
    return str(uuid.uuid5(NAMESPACE, f"{uid}/{part}"))


def urn(resource_id: str) -> str:
    return f"urn:uuid:{resource_id}"


def ref(resource_id: str) -> dict[str, str]:
    return {"reference": urn(resource_id)}


def text_concept(text: str) -> dict[str, Any]:
    return {"text": text}


def loinc_concept(code: str, display: str | None, text: str) -> dict[str, Any]:
    coding: dict[str, str] = {"system": LOINC, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding], "text": text}


SURVEY = [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}]


def moment(value: datetime) -> str:
    """An aware moment with the person's offset, as FHIR's dateTime."""
    return value.isoformat(timespec="seconds")


def score(value: float) -> dict[str, Any]:
    return {"value": value, "unit": "{score}", "system": UCUM, "code": "{score}"}


@dataclass(frozen=True)
class Window:
    """The days exported, both ends included; None: open."""

    start: date | None = None
    end: date | None = None

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


class _Builder:
    def __init__(self, session: Session, window: Window, patient: str) -> None:
        self.session = session
        self.window = window
        self.patient = patient
        self.vocabulary: Vocabulary = load_vocabulary(session=session)
        self.today = local_now().date()

    @property
    def subject(self) -> dict[str, str]:
        return ref(self.patient)

    # ---------------------------------------------------------------- episodes

    def episodes(self) -> Iterator[dict[str, Any]]:
        query = (
            select(Entry)
            .where(Entry.deleted_at.is_(None))
            .order_by(Entry.occurred_utc, Entry.uid)
            .options(selectinload(Entry.tags), selectinload(Entry.remedies))
            .execution_options(yield_per=2_000)
        )
        if self.window.start is not None:
            query = query.where(Entry.day >= self.window.start)
        if self.window.end is not None:
            query = query.where(Entry.day <= self.window.end)
        for entry in self.session.scalars(query):
            yield from self.episode(entry)

    def episode(self, entry: Entry) -> Iterator[dict[str, Any]]:
        label = self.vocabulary.label
        episode_id = uid_uuid(entry.uid)
        tags: dict[str, list[str]] = {"location": [], "quality": [], "trigger": []}
        for tag in sorted(entry.tags, key=lambda t: t.position):  # one pass, not one per kind
            tags[tag.kind].append(tag.key)
        components: list[dict[str, Any]] = []
        if entry.pain_type:
            components.append(
                {
                    "code": text_concept("Pain type"),
                    "valueCodeableConcept": text_concept(label("pain_type", entry.pain_type)),
                }
            )
        for key in tags["quality"]:
            components.append(
                {
                    "code": text_concept("Pain quality"),
                    "valueCodeableConcept": text_concept(label("quality", key)),
                }
            )
        for key in tags["trigger"]:
            components.append(
                {
                    "code": text_concept("What seemed to set it off (as the person recorded)"),
                    "valueCodeableConcept": text_concept(label("trigger", key)),
                }
            )
        if entry.duration_minutes is not None:
            components.append(
                {
                    "code": text_concept("Duration of the episode"),
                    "valueQuantity": {
                        "value": entry.duration_minutes,
                        "unit": "min",
                        "system": UCUM,
                        "code": "min",
                    },
                }
            )
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "id": episode_id,
            "status": "final",
            "category": SURVEY,
            "code": loinc_concept(*PAIN_SEVERITY, text="Pain episode: pain 0-10"),
            "subject": self.subject,
            "effectiveDateTime": moment(entry.occurred_at),
            "valueInteger": entry.intensity,
        }
        if tags["location"]:
            # Observation.bodySite holds one concept: the places, in the person's order.
            observation["bodySite"] = text_concept(
                ", ".join(label("location", key) for key in tags["location"])
            )
        if entry.note:
            observation["note"] = [{"text": entry.note}]
        if components:
            observation["component"] = components
        yield observation
        if entry.pain_after is not None and entry.pain_after_at is not None:
            yield {
                "resourceType": "Observation",
                "id": part_uuid(entry.uid, "pain-after"),
                "status": "final",
                "category": SURVEY,
                "code": loinc_concept(
                    *PAIN_SEVERITY, text="Pain later in the episode, with nothing taken for it"
                ),
                "subject": self.subject,
                "effectiveDateTime": moment(entry.pain_after_at),
                "valueInteger": entry.pain_after,
                "derivedFrom": [ref(episode_id)],
            }
        for attempt in entry.remedies:
            yield from self.attempt(entry, attempt, episode_id)

    def attempt(
        self, entry: Entry, attempt: RemedyAttempt, episode_id: str
    ) -> Iterator[dict[str, Any]]:
        remedy_id = part_uuid(entry.uid, f"remedy/{attempt.remedy}")
        when = attempt.taken_at or entry.occurred_at
        yield self.remedy(
            attempt.remedy,
            attempt.dose,
            remedy_id,
            effective=moment(when),
            reason=episode_id,
        )
        if attempt.pain_after is not None:
            follow_up: dict[str, Any] = {
                "resourceType": "Observation",
                "id": part_uuid(entry.uid, f"remedy/{attempt.remedy}/pain-after"),
                "status": "final",
                "category": SURVEY,
                "code": loinc_concept(
                    *PAIN_SEVERITY,
                    text=f"Pain after {self.vocabulary.label('remedy', attempt.remedy)}",
                ),
                "subject": self.subject,
                "valueInteger": attempt.pain_after,
                "partOf": [ref(remedy_id)],
                "derivedFrom": [ref(episode_id)],
            }
            if attempt.pain_after_at is not None:
                follow_up["effectiveDateTime"] = moment(attempt.pain_after_at)
            yield follow_up

    def remedy(
        self,
        key: str,
        dose: str | None,
        resource_id: str,
        *,
        effective: str,
        reason: str | None,
    ) -> dict[str, Any]:
        """A medicine as a MedicationStatement; any other remedy as a Procedure."""
        term = self.vocabulary.get("remedy", key)
        name = term.label if term else key
        kind = term.remedy_kind if term else None
        if kind in MEDICINE_KINDS:
            statement: dict[str, Any] = {
                "resourceType": "MedicationStatement",
                "id": resource_id,
                "status": "completed",
                "medicationCodeableConcept": text_concept(name),
                "subject": self.subject,
                "effectiveDateTime": effective,
            }
            if dose:
                statement["dosage"] = [{"text": dose}]
            if reason is not None:
                statement["reasonReference"] = [ref(reason)]
            return statement
        procedure: dict[str, Any] = {
            "resourceType": "Procedure",
            "id": resource_id,
            "status": "completed",
            "category": text_concept(PROCEDURE_CATEGORIES.get(kind, "Remedy")),
            "code": text_concept(name),
            "subject": self.subject,
            "performedDateTime": effective,
        }
        if reason is not None:
            procedure["reasonReference"] = [ref(reason)]
        if dose:
            procedure["note"] = [{"text": f"As recorded: {dose}"}]
        return procedure

    # ---------------------------------------------------------------- days

    def checkins(self) -> list[DayCheckin]:
        query = (
            select(DayCheckin)
            .order_by(DayCheckin.day)
            .options(selectinload(DayCheckin.exposure_rows), selectinload(DayCheckin.remedy_rows))
        )
        if self.window.start is not None:
            query = query.where(DayCheckin.day >= self.window.start)
        if self.window.end is not None:
            query = query.where(DayCheckin.day <= self.window.end)
        return list(self.session.scalars(query))

    def day(self, checkin: DayCheckin) -> Iterator[dict[str, Any]]:
        day_text = checkin.day.isoformat()
        for key, text in DAY_RATING_TEXT.items():
            value = getattr(checkin, key)
            if value is None:
                continue
            yield {
                "resourceType": "Observation",
                "id": part_uuid(checkin.uid, key),
                "status": "final",
                "category": SURVEY,
                "code": text_concept(text),
                "subject": self.subject,
                "effectiveDateTime": day_text,
                "valueInteger": value,
            }
        for trigger in checkin.exposures:
            yield {
                "resourceType": "Observation",
                "id": part_uuid(checkin.uid, f"exposure/{trigger}"),
                "status": "final",
                "code": text_concept("Present during the day (as the person recorded)"),
                "subject": self.subject,
                "effectiveDateTime": day_text,
                "valueCodeableConcept": text_concept(self.vocabulary.label("trigger", trigger)),
            }
        for row in checkin.remedy_rows:
            yield self.remedy(
                row.remedy,
                row.dose,
                part_uuid(checkin.uid, f"remedy/{row.remedy}"),
                effective=day_text,
                reason=None,
            )
        if checkin.note:
            yield {
                "resourceType": "Observation",
                "id": part_uuid(checkin.uid, "note"),
                "status": "final",
                "code": text_concept("Note on the day"),
                "subject": self.subject,
                "effectiveDateTime": day_text,
                "valueString": checkin.note,
            }

    def peg_week(self, monday: date, days: list[DayCheckin]) -> dict[str, Any] | None:
        """The week's PEG: the mean over its days that have all three items, and each item's mean.

        A day counts only with all three ratings, so the PEG value is exactly the
        mean of its three components.
        """
        whole = [
            d
            for d in days
            if d.average_pain is not None and d.enjoyment is not None and d.activity is not None
        ]
        if not whole:
            return None

        def mean(values: list[int]) -> float:
            return round(sum(values) / len(values), 2)

        pain = mean([d.average_pain for d in whole if d.average_pain is not None])
        enjoyment = mean([d.enjoyment for d in whole if d.enjoyment is not None])
        activity = mean([d.activity for d in whole if d.activity is not None])
        first = max(monday, self.window.start) if self.window.start else monday
        # A week still going, or cut by --to, ends on its last day in the export.
        last = min(monday + timedelta(days=6), self.window.end or self.today, self.today)
        return {
            "resourceType": "Observation",
            "id": part_uuid(f"peg/{self.patient}", monday.isoformat()),
            "status": "final",
            "category": SURVEY,
            "code": loinc_concept(*PEG_MEAN, text="PEG: mean of the week's daily ratings"),
            "subject": self.subject,
            "effectivePeriod": {"start": first.isoformat(), "end": last.isoformat()},
            "valueQuantity": score(round((pain + enjoyment + activity) / 3, 2)),
            "note": [
                {
                    "text": f"Mean over {len(whole)} of the week's days: those with all three "
                    "ratings recorded in the day check-in."
                }
            ],
            "component": [
                {
                    "code": text_concept("Average pain (mean of the days)"),
                    "valueQuantity": score(pain),
                },
                {
                    "code": loinc_concept(
                        PEG_ENJOYMENT,
                        None,
                        "Interference with enjoyment of life (mean of the days)",
                    ),
                    "valueQuantity": score(enjoyment),
                },
                {
                    "code": loinc_concept(
                        PEG_ACTIVITY, None, "Interference with general activity (mean of the days)"
                    ),
                    "valueQuantity": score(activity),
                },
            ],
        }

    # ---------------------------------------------------------------- events

    def events(self) -> Iterator[dict[str, Any]]:
        query = select(Event).where(Event.deleted_at.is_(None)).order_by(Event.start_day, Event.uid)
        if self.window.end is not None:
            query = query.where(Event.start_day <= self.window.end)
        if self.window.start is not None:
            start = self.window.start
            query = query.where(
                or_(
                    Event.start_day >= start,
                    Event.end_day.is_(None) & KINDS_SPAN_CLAUSE,
                    Event.end_day >= start,
                )
            )
        for event in self.session.scalars(query):
            yield from self.event(event)

    def event(self, event: Event) -> Iterator[dict[str, Any]]:
        kind = KINDS[event.kind]
        resource_id = uid_uuid(event.uid)
        label = f"{kind.label} (as the person recorded it)"
        note = [{"text": event.note}] if event.note else None
        if event.kind in ("steroids", "infusion", "dmt-dose"):
            medicine = event.therapy or kind.label
            statement: dict[str, Any] = {
                "resourceType": "MedicationStatement",
                "id": resource_id,
                "status": "not-taken" if event.missed else "completed",
                "category": text_concept(label),
                "medicationCodeableConcept": text_concept(medicine),
                "subject": self.subject,
                **_event_time(event, "effective"),
            }
            if event.dose:
                statement["dosage"] = [{"text": event.dose}]
            if note:
                statement["note"] = note
            yield statement
            return
        if event.kind == "visit":
            who = WITH_LABELS[event.with_whom] if event.with_whom else None
            encounter: dict[str, Any] = {
                "resourceType": "Encounter",
                "id": resource_id,
                "status": "finished",
                "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
                "type": [text_concept(f"Visit with {who}" if who else "Visit")],
                "subject": self.subject,
                "period": _period(event),
            }
            yield encounter
            if note:  # an Encounter has no note of its own
                yield {
                    "resourceType": "Observation",
                    "id": part_uuid(event.uid, "note"),
                    "status": "final",
                    "code": text_concept("Note on the visit"),
                    "subject": self.subject,
                    "encounter": ref(resource_id),
                    "effectiveDateTime": event.start_day.isoformat(),
                    "valueString": event.note,
                }
            return
        # An MRI is something done: a Procedure; the other kinds are things that happened.
        resource_type, status, time_of = (
            ("Procedure", "completed", "performed")
            if event.kind == "mri"
            else ("Observation", "final", "effective")
        )
        resource: dict[str, Any] = {
            "resourceType": resource_type,
            "id": resource_id,
            "status": status,
            "code": text_concept(label),
            "subject": self.subject,
            **_event_time(event, time_of),
        }
        if note:
            resource["note"] = note
        yield resource


# An event with no end day that lasts (a relapse, a steroid course, an infection) is still going.
KINDS_SPAN_CLAUSE = Event.kind.in_([key for key, kind in KINDS.items() if kind.span])


def _period(event: Event) -> dict[str, str]:
    period = {"start": event.start_day.isoformat()}
    if event.end_day is not None:
        period["end"] = event.end_day.isoformat()
    return period


def _event_time(event: Event, prefix: str) -> dict[str, Any]:
    """One day as a date; a span (or one still going) as a period."""
    if event.end_day is None and not KINDS[event.kind].span:
        return {f"{prefix}DateTime": event.start_day.isoformat()}
    return {f"{prefix}Period": _period(event)}


def _patient_id(session: Session) -> str:
    """The same Patient id for every export of this diary: from its oldest record's uid."""
    for model in (Entry, DayCheckin, Event):
        uid = session.scalars(select(model.uid).order_by(model.id).limit(1)).first()
        if uid:
            return part_uuid(uid, "patient")
    return str(uuid.uuid5(NAMESPACE, "patient"))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def fhir_resources(
    *, session: Session, window: Window, name: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every resource of the bundle, the Patient first."""
    patient_id = _patient_id(session)
    builder = _Builder(session, window, patient_id)
    patient: dict[str, Any] = {"resourceType": "Patient", "id": patient_id}
    if name:
        patient["name"] = [{"text": name}]
    yield patient
    yield from builder.episodes()
    checkins = builder.checkins()
    week: list[DayCheckin] = []
    for checkin in checkins:
        if week and _monday(week[0].day) != _monday(checkin.day):
            peg = builder.peg_week(_monday(week[0].day), week)
            if peg is not None:
                yield peg
            week = []
        week.append(checkin)
        yield from builder.day(checkin)
    if week:
        peg = builder.peg_week(_monday(week[0].day), week)
        if peg is not None:
            yield peg
    yield from builder.events()


def export_fhir(
    *, session: Session, out: TextIO, window: Window, name: str | None = None
) -> FhirSummary:
    """Write the bundle to ``out``, one entry per line; return what it holds."""
    summary = FhirSummary()
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every entry
    head = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": moment(local_now()),
    }
    out.write(encode(head)[:-1])
    out.write(', "entry": [')
    for index, resource in enumerate(fhir_resources(session=session, window=window, name=name)):
        out.write(",\n  " if index else "\n  ")
        entry = {"fullUrl": urn(resource["id"]), "resource": resource}
        out.write(encode(entry))
        summary.add(resource["resourceType"])
        if resource["resourceType"] == "Observation":
            code = resource["code"].get("coding", [{}])[0].get("code")
            if code == PAIN_SEVERITY[0] and "derivedFrom" not in resource:
                summary.episodes += 1
            elif code == PEG_MEAN[0]:
                summary.weeks += 1
    out.write("\n]}\n")
    return summary
