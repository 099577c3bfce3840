"""A fixed four-week diary for the report tests, written through the services.

Every value comes from a seeded generator, so the diary, and the summary
made from it with a frozen "today", is the same on every run: the Markdown
has a golden file. It has what every section needs: gaps, check-ins with
and without PEG, a trigger with enough days and one without, remedies with
doses and follow-ups, notes (one a spreadsheet would run as a formula), an
entry without a pain type and one of the person's own remedies.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from painlog.analysis.period import Period
from painlog.services.checkins import DayInput, record_day
from painlog.services.entries import EntryInput, RemedyInput, log_entry, record_relief
from painlog.services.vocabulary import add_term

PERIOD = Period(date(2025, 3, 3), date(2025, 3, 30))  # Monday to Sunday, four ISO weeks
TODAY = date(2025, 3, 31)
ZONE = ZoneInfo("Europe/Berlin")
GAPS = {date(2025, 3, 12), date(2025, 3, 13), date(2025, 3, 22)}
HOT = {date(2025, 3, d) for d in (4, 5, 9, 15, 16, 23, 24, 29)}
STRESS = {date(2025, 3, d) for d in (6, 18, 26)}
NOTES = {
    date(2025, 3, 5): 'Hot flat, "could not settle", slept badly.',
    date(2025, 3, 16): "=SUM(A1:A2) is what the neighbour's spreadsheet said",
    date(2025, 3, 24): "Very bad evening; long walk home after the bus broke down, legs stiff.",
}
QUESTIONS = (
    "Could the evening spasms be linked to hot days?",
    "Is a 20 mg dose of baclofen worth trying?",
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def build_fixed_diary(session: Session) -> None:
    rng = random.Random(2025)
    add_term(session=session, kind="remedy", name="Cold pack", remedy_kind="self-care")
    day = PERIOD.start
    while day <= PERIOD.end:
        if day not in GAPS:
            _one_day(session, rng, day)
        day += timedelta(days=1)


def _one_day(session: Session, rng: random.Random, day: date) -> None:
    hot = day in HOT
    base = 3 + rng.randint(0, 2) + (3 if hot else 0)
    for index in range(1 + (day.day % 3 == 0)):
        intensity = min(10, base + rng.randint(0, 2))
        hour = 9 + 8 * index + rng.randint(0, 2)
        triggers = ["heat"] if hot else []
        if day in STRESS:
            triggers.append("stress")
        remedies: list[RemedyInput] = []
        pain_type: str | None = "spasticity" if hot or index == 0 else "neuropathic"
        if day.day % 7 == 0:
            pain_type = None
        if pain_type == "spasticity" and intensity >= 5:
            dose = "20 mg" if day == date(2025, 3, 24) else "10 mg"
            remedies.append(RemedyInput(name="baclofen", dose=dose))
        elif pain_type == "neuropathic":
            remedies.append(RemedyInput(name="ibuprofen", dose="400 mg"))
        if day.day % 4 == 0:
            remedies.append(RemedyInput(name="heat-therapy"))
        if day.day % 10 == 1:
            remedies.append(RemedyInput(name="Cold pack"))
        entry = log_entry(
            session=session,
            entry=EntryInput(
                intensity=intensity,
                occurred_at=at(day, hour, 10 * index),
                locations=["lower-back"] if index == 0 else ["leg", "lower-back"],
                pain_type=pain_type,
                qualities=["tight"] if pain_type == "spasticity" else [],
                triggers=triggers,
                remedies=remedies,
                duration_minutes=30 + 15 * rng.randint(0, 4),
                note=NOTES.get(day) if index == 0 else None,
            ),
        )
        for remedy in remedies:
            if remedy.name in ("baclofen", "ibuprofen") and rng.random() < 0.8:
                record_relief(
                    session=session,
                    entry_id=entry.id,
                    remedy=remedy.name,
                    pain_after=max(0, intensity - rng.randint(1, 4)),
                    at=at(day, hour + 1, 30),
                )
    if day.day % 5 != 0:  # every fifth day has entries only
        ratings: dict[str, int | str] = {"average_pain": base, "worst_pain": min(10, base + 2)}
        if day.day % 6 != 0:  # and every sixth a check-in without PEG
            ratings.update(enjoyment=max(0, base - 1), activity=base)
        exposures = ["heat"] if day in HOT else []
        record_day(
            session=session,
            day_input=DayInput(
                day=day,
                ratings=ratings,
                add_exposures=exposures,
                note="Rested most of the day." if day.day % 9 == 0 else None,
            ),
        )
