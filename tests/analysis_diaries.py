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


# --- diaries that behave like real ones ------------------------------------------------------

END = date(2026, 10, 31)  # generated diaries end on a fixed day, never "today"


@dataclass
class Spell:
    """A trigger that comes in spells: ``share`` of days, runs of ``mean_run`` days on average.

    ``effect`` points are added to the pain ``lag`` days later. ``summer`` makes it a
    summer-only exposure (almost never in winter). ``copy_of`` makes it a twin of another
    trigger (present on the same days, apart from ``flip`` of them). ``in_entries`` names it
    in the day's entries (each entry with that chance) instead of on the check-in.
    """

    share: float = 0.25
    mean_run: float = 5.0
    effect: float = 0.0
    lag: int = 0
    summer: bool = False
    copy_of: str | None = None
    flip: float = 0.02
    in_entries: float = 0.0


@dataclass
class RealPlan:
    days: int = 180
    end: date = END
    base: float = 4.0
    carry: float = 0.7  # day-to-day carry-over of pain (AR(1) coefficient)
    wobble: float = 0.8  # the day's own change in pain (innovation sd)
    season: float = 0.0  # points higher at midsummer than at midwinter, half each way
    checkin_rate: float = 0.85  # the other days are missed (no check-in)
    entry_base: float = 0.5  # entries on an ordinary day; more on worse days
    entry_slope: float = 0.7  # log-rate per point of pain above the base: bad days, more entries
    triggers: dict[str, Spell] = field(default_factory=dict)
    # remedy -> (share of episodes it is taken for, drop in pain it brings)
    remedies: dict[str, tuple[float, float]] = field(default_factory=dict)
    followed_up: float = 0.7  # share of episodes with a later rating
    pain_types: tuple[str, ...] = ("spasticity", "neuropathic")
    weather: Weather | None = None


@dataclass
class Weather:
    """A daily weather file beside the diary: a seasonal maximum temperature with spells of
    warm and cool days (AR(1) around the season), and a humidity.

    ``hot_effect`` points are added to the pain of days whose maximum is above ``hot_above``
    °C, ``per_degree`` points per °C of the maximum above its mean. ``recorded`` is the share
    of hot days on which the person also records extreme heat on the check-in; ``missing``
    the share of days the file has no value for.
    """

    mean: float = 14.0  # °C: the yearly mean of the daily maximum
    swing: float = 10.0  # °C above the mean at midsummer, below at midwinter
    carry: float = 0.7
    wobble: float = 2.5  # °C: the day's own change around the season
    hot_above: float = 27.0
    hot_effect: float = 0.0
    per_degree: float = 0.0
    recorded: float = 0.0
    missing: float = 0.05


def _weather(
    rng: np.random.Generator, weather: Weather, yday: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    days = len(yday)
    noise = np.empty(days)
    noise[0] = rng.normal(0, weather.wobble / np.sqrt(1 - weather.carry**2))
    for i in range(1, days):
        noise[i] = weather.carry * noise[i - 1] + rng.normal(0, weather.wobble)
    season = np.cos((yday - 200) / 365 * 2 * np.pi)
    tmax = np.round(weather.mean + weather.swing * season + noise, 1)
    humidity = np.clip(np.round(75 - 10 * season - 1.5 * noise + rng.normal(0, 6, days)), 20, 100)
    return tmax, humidity


def _spells(rng: np.random.Generator, days: int, spell: Spell, summer: np.ndarray) -> np.ndarray:
    stop = 1 / spell.mean_run
    start = spell.share / (1 - spell.share) * stop
    on = np.zeros(days, dtype=bool)
    state = rng.random() < spell.share
    for i in range(days):
        chance = start * (2 * summer[i] if spell.summer else 1.0)
        state = rng.random() >= stop if state else rng.random() < chance
        on[i] = state
    return on


def realistic(plan: RealPlan, seed: int) -> tuple[DiaryFrames, Period]:
    """A diary with carry-over, spells, seasons, missed days and entries mostly on bad days."""
    rng = np.random.default_rng(seed)
    days = [plan.end - timedelta(days=plan.days - 1 - i) for i in range(plan.days)]
    yday = np.array([d.timetuple().tm_yday for d in days])
    summer = np.clip(np.cos((yday - 200) / 365 * 2 * np.pi), 0, None)  # 1 in mid-July
    noise = np.empty(plan.days)
    noise[0] = rng.normal(0, plan.wobble / np.sqrt(1 - plan.carry**2))
    for i in range(1, plan.days):
        noise[i] = plan.carry * noise[i - 1] + rng.normal(0, plan.wobble)
    level = plan.base + noise + plan.season * (np.cos((yday - 200) / 365 * 2 * np.pi) / 2)
    on: dict[str, np.ndarray] = {}
    for name, spell in plan.triggers.items():
        if spell.copy_of is not None:
            on[name] = on[spell.copy_of] ^ (rng.random(plan.days) < spell.flip)
        else:
            on[name] = _spells(rng, plan.days, spell, summer)
        if spell.effect:
            level[spell.lag :] += spell.effect * on[name][: plan.days - spell.lag]
    weather_rows: list[tuple[date, float | None, None, float | None]] = []
    hot = np.zeros(plan.days, dtype=bool)
    if plan.weather is not None:
        tmax, humidity = _weather(rng, plan.weather, yday)
        hot = tmax > plan.weather.hot_above
        level += plan.weather.hot_effect * hot
        level += plan.weather.per_degree * (tmax - tmax.mean())
        gone = rng.random(plan.days) < plan.weather.missing
        weather_rows = [
            (day, float(tmax[i]), None, float(humidity[i]))
            for i, day in enumerate(days)
            if not gone[i]
        ]

    entries, entry_triggers, checkins, exposures, remedies, followups = [], [], [], [], [], []
    entry_id = 0
    for i, day in enumerate(days):
        count = rng.poisson(plan.entry_base * np.exp(plan.entry_slope * (level[i] - plan.base)))
        named: set[str] = set()
        for _ in range(count):
            entry_id += 1
            # An entry is written at a peak: above the day's level, and it passes.
            peak = rng.gamma(2.0, 0.8)
            intensity = _clip(level[i] + 1 + peak)
            hour = int(rng.integers(7, 23))
            pain_type = str(rng.choice(plan.pain_types))
            entries.append((entry_id, day, hour, intensity, pain_type))
            for name, spell in plan.triggers.items():
                if spell.in_entries and on[name][i] and rng.random() < spell.in_entries:
                    named.add(name)
            taken = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)
            used = [r for r, (share, _) in plan.remedies.items() if rng.random() < share][:1]
            rated = rng.random() < plan.followed_up
            later = int(rng.choice((60, 90, 120, 180)))
            after = _clip(
                level[i] + 1 + rng.normal(0, 0.8) - sum(plan.remedies[r][1] for r in used)
            )
            for remedy in used:
                remedies.append(
                    {
                        "entry_id": entry_id,
                        "day": day,
                        "remedy": remedy,
                        "pain_type": pain_type,
                        "before": intensity,
                        "after": after if rated else None,
                        "started_at": taken,
                        "followed_up_at": taken + timedelta(minutes=later) if rated else None,
                    }
                )
            if not used and rated:
                followups.append(
                    {
                        "entry_id": entry_id,
                        "day": day,
                        "pain_type": pain_type,
                        "before": intensity,
                        "after": after,
                        "started_at": taken,
                        "followed_up_at": taken + timedelta(minutes=later),
                    }
                )
        entry_triggers += [(day, name) for name in sorted(named)]
        if rng.random() < plan.checkin_rate:
            checkins.append((day, _clip(level[i]), _clip(level[i] + 2), None, None))
            exposures += [
                (day, name)
                for name, spell in plan.triggers.items()
                if on[name][i] and not spell.in_entries
            ]
            if plan.weather is not None and hot[i] and rng.random() < plan.weather.recorded:
                exposures.append((day, "heat"))
    frames = make_frames(
        entries=entries,
        entry_triggers=entry_triggers,
        checkins=checkins,
        exposures=exposures,
        remedies=remedies,
        followups=followups,
        weather=weather_rows,
    )
    return frames, Period(days[2], days[-1])
