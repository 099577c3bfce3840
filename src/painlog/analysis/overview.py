"""What a summary for a clinician needs besides trends, triggers and remedies.

The period's key figures, the PEG near its start and its end, and one line
per calendar day. The definitions are those of ``summaries``: an observed day
has a check-in or at least one entry, and its daily pain is the check-in's
average pain (none without a check-in). A day's *worst pain* is the
highest of its entries' intensities and its check-in's worst (or average)
pain. Days with nothing recorded are missing, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from painlog.analysis.frames import DiaryFrames
from painlog.analysis.period import Period
from painlog.analysis.rules import MIN_WEEK_DAYS
from painlog.analysis.summaries import (
    number,
    observed_days,
    trigger_days,
    week_start_of,
    within,
)

SEVERE = 7  # a day whose worst pain reached this counts as a severe day


@dataclass(frozen=True)
class PegWeek:
    """The mean PEG of one ISO week's check-ins that rated pain, enjoyment and activity."""

    week_start: date
    mean_peg: float
    days: int


@dataclass(frozen=True)
class PeriodOverview:
    """The period's key figures; means are None when there is nothing to average."""

    period_days: int
    observed_days: int
    checkin_days: int
    entries: int
    rated_days: int  # observed days with any pain number (almost always all of them)
    mean_daily_pain: float | None
    worst_pain: int | None
    worst_pain_days: int  # days on which the worst pain was reached
    severe_days: int  # rated days whose worst pain was SEVERE or more
    pain_types: list[
        tuple[str | None, int]
    ]  # entries per pain-type key (None: no type), most first
    # The first and the last full week (seven days in the period) with a PEG on at least
    # MIN_WEEK_DAYS days; peg_last is None when only one week qualifies.
    peg_first: PegWeek | None
    peg_last: PegWeek | None


@dataclass(frozen=True)
class DayLine:
    """One calendar day of the period; an unobserved day has only ``day``."""

    day: date
    observed: bool
    entries: int = 0
    daily_pain: float | None = None
    worst_pain: int | None = None
    peg: float | None = None
    triggers: tuple[str, ...] = ()  # keys, named in an entry or as the day's exposure
    remedies: tuple[tuple[str, int], ...] = ()  # (key, uses that day), by key


def _whole(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def _days_with_worst(frames: DiaryFrames, period: Period) -> pd.DataFrame:
    days = observed_days(frames, period)
    checkins = within(frames.checkins, period).set_index("day")
    candidates = pd.concat(
        [
            days["max_intensity"],
            checkins["worst_pain"].reindex(days.index),
            checkins["average_pain"].reindex(days.index),
        ],
        axis=1,
    )
    return days.assign(worst_pain=candidates.max(axis=1, skipna=True))


def _peg_weeks(days: pd.DataFrame, period: Period) -> list[PegWeek]:
    """Weeks that compare like with like: all seven days inside the period, and a PEG
    on at least MIN_WEEK_DAYS of them (a partial or thin week is not set against a full one)."""
    rated = days["peg"].dropna()
    if rated.empty:
        return []
    weeks = rated.groupby(week_start_of(rated.index).to_numpy()).agg(["mean", "size"])
    return [
        PegWeek(week_start=monday.date(), mean_peg=float(mean), days=int(size))
        for monday, mean, size in zip(weeks.index, weeks["mean"], weeks["size"], strict=True)
        if size >= MIN_WEEK_DAYS
        and monday.date() >= period.start
        and monday.date() + timedelta(days=6) <= period.end
    ]


def period_overview(frames: DiaryFrames, period: Period) -> PeriodOverview:
    """Observed days, entries, mean daily and worst pain, severe days, pain types, PEG."""
    days = _days_with_worst(frames, period)
    entries = within(frames.entries, period)
    rated = days["worst_pain"].dropna()
    worst = _whole(rated.max()) if not rated.empty else None
    types = entries["pain_type"].value_counts(dropna=False)
    pain_types = sorted(
        ((None if pd.isna(key) else str(key), int(count)) for key, count in types.items()),
        key=lambda item: (item[0] is None, -item[1], item[0] or ""),
    )
    pegs = _peg_weeks(days, period)
    return PeriodOverview(
        period_days=period.days,
        observed_days=len(days),
        checkin_days=int(days["checkin"].sum()),
        entries=len(entries),
        rated_days=len(rated),
        mean_daily_pain=number(days["daily_pain"].mean()),
        worst_pain=worst,
        worst_pain_days=int((rated == worst).sum()) if worst is not None else 0,
        severe_days=int((rated >= SEVERE).sum()),
        pain_types=pain_types,
        peg_first=pegs[0] if pegs else None,
        peg_last=pegs[-1] if len(pegs) > 1 else None,
    )


def day_lines(frames: DiaryFrames, period: Period) -> list[DayLine]:
    """Every calendar day of ``period``, oldest first, unobserved days included."""
    days = _days_with_worst(frames, period)
    triggers = trigger_days(frames, period)
    per_day_triggers: dict[pd.Timestamp, list[str]] = {}
    for day, trigger in zip(triggers["day"], triggers["trigger"], strict=True):
        per_day_triggers.setdefault(day, []).append(str(trigger))
    uses = within(frames.remedies, period)
    per_day_remedies: dict[pd.Timestamp, dict[str, int]] = {}
    for day, remedy in zip(uses["day"], uses["remedy"], strict=True):
        counts = per_day_remedies.setdefault(day, {})
        counts[str(remedy)] = counts.get(str(remedy), 0) + 1
    rows = {
        day: (entries, daily, worst, peg)
        for day, entries, daily, worst, peg in zip(
            days.index,
            days["entries"].to_numpy(),
            days["daily_pain"].to_numpy(),
            days["worst_pain"].to_numpy(),
            days["peg"].to_numpy(),
            strict=True,
        )
    }
    lines = []
    for offset in range(period.days):
        day = period.start + timedelta(days=offset)
        key = pd.Timestamp(day)
        row = rows.get(key)
        if row is None:
            lines.append(DayLine(day=day, observed=False))
            continue
        entries, daily, worst, peg = row
        lines.append(
            DayLine(
                day=day,
                observed=True,
                entries=int(entries),
                daily_pain=number(daily),
                worst_pain=_whole(worst),
                peg=number(peg),
                triggers=tuple(sorted(per_day_triggers.get(key, []))),
                remedies=tuple(sorted(per_day_remedies.get(key, {}).items())),
            )
        )
    return lines
