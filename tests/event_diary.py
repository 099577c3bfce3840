"""A sixteen-week diary with the MS course beside the pain, for the event and visit tests.

A visit to the neurologist opens it; then an infusion, a relapse with a steroid
course in it, an infection, a second infusion. Pain rises in the relapse and is
lower in the last four weeks than in the first. Seeded, ending on a fixed day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from painlog.services.checkins import DayInput, record_day
from painlog.services.entries import EntryInput, log_entry
from painlog.services.events import EventInput, add_event

ZONE = ZoneInfo("Europe/Berlin")
VISIT = date(2026, 6, 1)  # a Monday
TODAY = date(2026, 9, 20)  # a Sunday: sixteen weeks from the visit
NOW = datetime(2026, 9, 20, 18, 0, tzinfo=ZONE)
RELAPSE = (date(2026, 7, 6), date(2026, 7, 26))
STEROIDS = (date(2026, 7, 8), date(2026, 7, 10))
INFECTION = (date(2026, 8, 10), date(2026, 8, 14))
INFUSIONS = (date(2026, 6, 15), date(2026, 8, 31))
GAPS = {date(2026, 6, 20), date(2026, 6, 21), date(2026, 8, 2)}


def events(session: Session) -> None:
    add_event(
        session=session,
        event=EventInput(kind="visit", start_day=VISIT, with_whom="neurologist"),
        today=TODAY,
    )
    for day in INFUSIONS:
        add_event(
            session=session,
            event=EventInput(kind="infusion", start_day=day, therapy="Ocrelizumab"),
            today=TODAY,
        )
    add_event(
        session=session,
        event=EventInput(
            kind="relapse", start_day=RELAPSE[0], end_day=RELAPSE[1], note="left leg weak"
        ),
        today=TODAY,
    )
    add_event(
        session=session,
        event=EventInput(
            kind="steroids", start_day=STEROIDS[0], end_day=STEROIDS[1], dose="1 g daily"
        ),
        today=TODAY,
    )
    add_event(
        session=session,
        event=EventInput(kind="infection", start_day=INFECTION[0], end_day=INFECTION[1]),
        today=TODAY,
    )


def build_event_diary(session: Session) -> None:
    rng = random.Random(14)
    day = VISIT
    while day <= TODAY:
        if day not in GAPS:
            weeks_in = (day - VISIT).days / 7
            pain = 6 - weeks_in * 0.22 + rng.uniform(-1, 1)
            if RELAPSE[0] <= day <= RELAPSE[1]:
                pain += 2.5
            level = max(0, min(10, round(pain)))
            spasticity = max(0, min(10, level + rng.randint(-1, 1)))
            record_day(
                session=session,
                day_input=DayInput(
                    day=day,
                    ratings={
                        "average_pain": level,
                        "worst_pain": min(10, level + 2),
                        "enjoyment": max(0, level - 1),
                        "activity": level,
                        "spasticity": spasticity,
                        "fatigue": max(0, min(10, 5 + rng.randint(-2, 2))),
                        "sleep_quality": max(0, min(10, 6 + rng.randint(-2, 2))),
                    },
                ),
            )
            if day.weekday() in (1, 4):
                log_entry(
                    session=session,
                    entry=EntryInput(
                        intensity=min(10, level + 1),
                        occurred_at=datetime(day.year, day.month, day.day, 20, 30, tzinfo=ZONE),
                        locations=["lower-back"],
                        pain_type="spasticity",
                        triggers=["heat"] if rng.random() < 0.3 else [],
                    ),
                )
        day += timedelta(days=1)
    events(session)
