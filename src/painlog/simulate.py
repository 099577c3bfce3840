"""A realistic made-up diary, for the demo, the benchmarks and analysis tests.

The simulated person has spasticity, neuropathic and posture-related back
pain. Hot, humid days raise their spasticity pain; stressful days bring more
Lhermitte's episodes; baclofen and ibuprofen bring relief. Everything comes
from a seeded generator, so the same seed gives the same diary.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from painlog.when import as_local

# Pain type -> (weight, locations, qualities, remedies with their typical drop in pain)
_TYPES: dict[str, tuple[float, list[str], list[str], list[tuple[str, str | None, float]]]] = {
    "spasticity": (
        0.38,
        ["lower-back", "leg", "buttocks"],
        ["tight", "cramping", "stiff"],
        [("baclofen", "10 mg", 3.0), ("stretching", None, 1.0), ("heat-therapy", None, 1.5)],
    ),
    "neuropathic": (
        0.22,
        ["lower-back", "leg"],
        ["burning", "shooting", "stabbing", "tingling"],
        [("gabapentin", "300 mg", 2.0), ("meditation", None, 0.5)],
    ),
    "posture-gait": (
        0.2,
        ["lower-back", "hip", "mid-back"],
        ["aching", "stiff"],
        [("ibuprofen", "400 mg", 2.0), ("stretching", None, 1.0), ("physical-therapy", None, 1.5)],
    ),
    "lhermitte": (
        0.1,
        ["neck", "upper-back"],
        ["electric-shock", "sharp"],
        [("neck-brace", None, 0.5)],
    ),
    "muscle-strain": (
        0.1,
        ["lower-back", "mid-back"],
        ["aching", "sharp"],
        [("ibuprofen", "400 mg", 2.0), ("massage", None, 1.0)],
    ),
}

_NOTES = [
    "Long walk to the shops.",
    "Bad night, woke up stiff.",
    "Sat too long at the desk.",
    "Felt better after a warm shower.",
    "Busy day at work, rushed lunch.",
    "Pain eased after lying down.",
    "Weather turned humid in the afternoon.",
    "Bent down to pick something up.",
]


@dataclass
class SimulatedRemedy:
    name: str
    dose: str | None
    taken_at: datetime
    pain_after: int | None
    pain_after_at: datetime | None


@dataclass
class SimulatedEntry:
    occurred_at: datetime
    intensity: int
    pain_type: str
    locations: list[str]
    qualities: list[str]
    triggers: list[str]
    remedies: list[SimulatedRemedy]
    duration_minutes: int | None
    note: str | None
    # A later rating when nothing was taken (painlog relief without --remedy).
    pain_after: int | None = None
    pain_after_at: datetime | None = None


@dataclass
class SimulatedDay:
    day: date
    exposures: list[str]
    checkin: dict[str, int] | None  # None: no check-in that day
    note: str | None
    entries: list[SimulatedEntry] = field(default_factory=list)


def _clip(value: float) -> int:
    return max(0, min(10, round(value)))


def simulate(
    *, days: int, end: date, entries_per_day: float = 1.6, checkin_rate: float = 0.85, seed: int = 7
) -> Iterator[SimulatedDay]:
    """``days`` consecutive days ending on ``end``, oldest first."""
    rng = random.Random(seed)
    # Untreated follow-ups come from their own generator, so adding them left every
    # other number of a seeded diary as it was.
    later = random.Random(seed + 1)
    infection_left = 0
    for offset in range(days - 1, -1, -1):
        day = end - timedelta(days=offset)
        summer = math.cos((day.timetuple().tm_yday - 200) / 365 * 2 * math.pi)  # 1 mid-July
        exposures: list[str] = []
        if rng.random() < 0.12 + 0.3 * max(summer, 0):
            exposures.append("heat")
            if rng.random() < 0.5:
                exposures.append("humidity")
        if rng.random() < 0.1 + 0.25 * max(-summer, 0):
            exposures.append("cold")
        if day.weekday() < 5 and rng.random() < 0.3:
            exposures.append("stress")
        if infection_left == 0 and rng.random() < 0.015:
            infection_left = rng.randint(3, 7)
        if infection_left:
            exposures.append("infection")
            infection_left -= 1

        level = 3.2 + rng.gauss(0, 0.9)
        level += 1.6 * ("heat" in exposures) + 0.6 * ("humidity" in exposures)
        level += 0.8 * ("stress" in exposures) + 1.2 * ("infection" in exposures)
        level += 0.4 * (day.weekday() >= 5)

        entries = [
            _entry(rng, day, level, exposures)
            for _ in range(_poisson(rng, entries_per_day * (1 + 0.15 * (level - 3.2))))
        ]
        for sim in entries:
            if not sim.remedies and later.random() < 0.5:
                # An entry is written at a peak; later the pain is back near the day's level.
                sim.pain_after = _clip(level + later.gauss(0.2, 1.0))
                sim.pain_after_at = sim.occurred_at + timedelta(
                    minutes=later.choice((60, 90, 120, 180))
                )
        checkin = None
        if rng.random() < checkin_rate:
            worst = max([e.intensity for e in entries], default=_clip(level + 1.5))
            checkin = {
                "average_pain": _clip(level),
                "worst_pain": max(worst, _clip(level)),
                "enjoyment": _clip(level + rng.gauss(0.5, 1.0)),
                "activity": _clip(level + rng.gauss(0.8, 1.0)),
                "sleep_quality": _clip(7 - 0.5 * level + rng.gauss(0, 1.2)),
                "fatigue": _clip(3 + 0.5 * level + rng.gauss(0, 1.2)),
                "spasticity": _clip(2.5 + 0.5 * level + 1.5 * ("heat" in exposures)),
            }
        note = rng.choice(_NOTES) if checkin and rng.random() < 0.15 else None
        yield SimulatedDay(
            day=day, exposures=exposures, checkin=checkin, note=note, entries=entries
        )


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, product = math.exp(-max(mean, 0.05)), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _entry(rng: random.Random, day: date, level: float, exposures: list[str]) -> SimulatedEntry:
    weights = {name: spec[0] for name, spec in _TYPES.items()}
    if "heat" in exposures or "humidity" in exposures:
        weights["spasticity"] *= 1.8
    if "stress" in exposures:
        weights["lhermitte"] *= 2.5
    pain_type = rng.choices(list(weights), weights=list(weights.values()))[0]
    _, places, feelings, remedies = _TYPES[pain_type]
    hour = min(23, max(6, round(rng.gauss(17, 4))))
    occurred_at = as_local(datetime.combine(day, time(hour, rng.choice((0, 10, 20, 30, 40, 50)))))
    intensity = _clip(level + rng.gauss(1.2, 1.3))
    triggers = [t for t in exposures if rng.random() < 0.7]
    movement = {
        "lhermitte": "neck-flexion",
        "muscle-strain": "sudden-movement",
        "posture-gait": "poor-posture",
        "spasticity": "position-change",
    }.get(pain_type)
    if movement and rng.random() < 0.45:
        triggers.append(movement)
    tried: list[SimulatedRemedy] = []
    if rng.random() < 0.65:
        name, dose, drop = rng.choice(remedies)
        taken = occurred_at + timedelta(minutes=rng.choice((0, 5, 10, 15, 30)))
        followed = rng.random() < 0.7
        after = _clip(intensity - drop + rng.gauss(0, 1.0)) if followed else None
        tried.append(
            SimulatedRemedy(
                name=name,
                dose=dose,
                taken_at=taken,
                pain_after=after,
                pain_after_at=taken + timedelta(minutes=rng.choice((45, 60, 90, 120)))
                if followed
                else None,
            )
        )
    return SimulatedEntry(
        occurred_at=occurred_at,
        intensity=intensity,
        pain_type=pain_type,
        locations=rng.sample(places, k=1 if rng.random() < 0.7 else 2),
        qualities=rng.sample(feelings, k=1),
        triggers=triggers,
        remedies=tried,
        duration_minutes=rng.choice((None, 10, 20, 30, 45, 60, 90, 120, 180)),
        note=rng.choice(_NOTES) if rng.random() < 0.12 else None,
    )


def record(*, session: object, days: list[SimulatedDay], now: datetime) -> tuple[int, int]:
    """Write simulated days through the services (one transaction, for big diaries).

    Entries and follow-ups later than ``now`` are left out. Returns the number
    of entries and check-ins written.
    """
    from sqlalchemy.orm import Session

    from painlog.services import checkins, entries

    assert isinstance(session, Session)
    written_entries = written_days = 0
    for sim_day in days:
        for sim in sim_day.entries:
            if sim.occurred_at > now:
                continue
            entry = entries.log_entry(
                session=session,
                entry=entries.EntryInput(
                    intensity=sim.intensity,
                    occurred_at=sim.occurred_at,
                    locations=sim.locations,
                    pain_type=sim.pain_type,
                    qualities=sim.qualities,
                    triggers=sim.triggers,
                    remedies=[
                        entries.RemedyInput(name=r.name, dose=r.dose, taken_at=r.taken_at)
                        for r in sim.remedies
                    ],
                    duration_minutes=sim.duration_minutes,
                    note=sim.note,
                ),
            )
            written_entries += 1
            if sim.pain_after is not None and sim.pain_after_at and sim.pain_after_at <= now:
                entries.record_relief(
                    session=session,
                    entry_id=entry.id,
                    remedy=None,
                    pain_after=sim.pain_after,
                    at=sim.pain_after_at,
                )
            for remedy in sim.remedies:
                if (
                    remedy.pain_after is not None
                    and remedy.pain_after_at
                    and remedy.pain_after_at <= now
                ):
                    entries.record_relief(
                        session=session,
                        entry_id=entry.id,
                        remedy=remedy.name,
                        pain_after=remedy.pain_after,
                        at=remedy.pain_after_at,
                    )
        if sim_day.checkin is not None:
            checkins.record_day(
                session=session,
                day_input=checkins.DayInput(
                    day=sim_day.day,
                    ratings=sim_day.checkin,
                    add_exposures=sim_day.exposures,
                    note=sim_day.note,
                ),
            )
            written_days += 1
    return written_entries, written_days
