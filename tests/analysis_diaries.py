"""Generated diaries with planted effects, built straight as analysis tables.

No database: ``make_frames`` takes the records, so hundreds of diaries take
seconds. Each diary is a person's days: a base pain level with day-to-day
noise, exposures that happen at random (independently of pain), and the
effects the test plants on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np

from painlog.analysis.frames import DiaryFrames, make_frames
from painlog.analysis.period import Period

START = date(2025, 1, 6)  # a Monday


@dataclass
class Plan:
    days: int = 120
    base: float = 4.0
    noise: float = 1.0
    # trigger -> (share of days it happens, points added to that day's pain)
    exposures: dict[str, tuple[float, float]] = field(default_factory=dict)
    # trigger -> (share of days, points added to the pain ``lag`` days later, lag)
    delayed: dict[str, tuple[float, float, int]] = field(default_factory=dict)
    # trigger named in the day's entries instead of as an exposure -> (share, points)
    entry_triggers: dict[str, tuple[float, float]] = field(default_factory=dict)
    # remedy -> (share of entries that use it, drop in pain, share followed up)
    remedies: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    checkin_rate: float = 0.9
    entries_per_day: float = 1.5
    pain_types: tuple[str, ...] = ("spasticity", "neuropathic")


def _clip(value: float) -> int:
    return int(min(10, max(0, round(value))))


def generate(plan: Plan, seed: int) -> tuple[DiaryFrames, Period]:
    rng = np.random.default_rng(seed)
    days = [START + timedelta(days=i) for i in range(plan.days)]
    level = plan.base + rng.normal(0, plan.noise, plan.days)
    on: dict[str, np.ndarray] = {}
    for trigger, (share, points) in plan.exposures.items():
        on[trigger] = rng.random(plan.days) < share
        level += points * on[trigger]
    for trigger, (share, points, lag) in plan.delayed.items():
        on[trigger] = rng.random(plan.days) < share
        level[lag:] += points * on[trigger][: plan.days - lag]
    tagged: dict[str, np.ndarray] = {}
    for trigger, (share, points) in plan.entry_triggers.items():
        tagged[trigger] = rng.random(plan.days) < share
        level += points * tagged[trigger]

    entries, entry_triggers, checkins, exposures, remedies = [], [], [], [], []
    entry_id = 0
    for i, day in enumerate(days):
        count = rng.poisson(plan.entries_per_day)
        if tagged and any(t[i] for t in tagged.values()):
            count = max(count, 1)  # a trigger named in an entry needs an entry
        for _ in range(count):
            entry_id += 1
            intensity = _clip(level[i] + 1 + rng.normal(0, 1))
            hour = int(rng.integers(7, 23))
            entries.append(
                {
                    "entry_id": entry_id,
                    "day": day,
                    "hour": hour,
                    "intensity": intensity,
                    "pain_type": str(rng.choice(plan.pain_types)),
                }
            )
            for trigger, present in tagged.items():
                if present[i]:
                    entry_triggers.append({"day": day, "trigger": trigger})
            taken = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)
            for remedy, (share, drop, followed) in plan.remedies.items():
                if rng.random() >= share:
                    continue
                is_followed = rng.random() < followed
                remedies.append(
                    {
                        "entry_id": entry_id,
                        "day": day,
                        "remedy": remedy,
                        "pain_type": entries[-1]["pain_type"],
                        "before": intensity,
                        "after": _clip(intensity - drop + rng.normal(0, 0.4))
                        if is_followed
                        else None,
                        "started_at": taken,
                        "followed_up_at": taken + timedelta(minutes=90) if is_followed else None,
                    }
                )
        if rng.random() < plan.checkin_rate:
            checkins.append(
                {
                    "day": day,
                    "average_pain": _clip(level[i]),
                    "worst_pain": _clip(level[i] + 2),
                    "enjoyment": _clip(level[i] + 0.5),
                    "activity": _clip(level[i] + 0.5),
                }
            )
            for trigger, present in on.items():
                if present[i]:
                    exposures.append({"day": day, "trigger": trigger})
        else:
            # Without a check-in, an exposure can only be known from an entry.
            for trigger, present in on.items():
                if present[i] and count:
                    entry_triggers.append({"day": day, "trigger": trigger})
    frames = make_frames(
        entries=entries,
        entry_triggers=entry_triggers,
        checkins=checkins,
        exposures=exposures,
        remedies=remedies,
    )
    return frames, Period(days[0], days[-1])
