"""What changed since the last visit: the first and last four weeks of a period, compared.

Plain Python over the period's days (no pandas): the daily pain and PEG of
each observed day (as ``painlog trends`` defines them) and the check-ins'
spasticity, fatigue and sleep ratings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from painlog.analysis.period import Period

WINDOW_DAYS = 28  # four weeks at each end of the period
MEANINGFUL_POINTS = 2  # Farrar 2001: about 2 points or about 30% on the 0-10 scale
MEANINGFUL_PERCENT = 30
CHANGE_MEASURES = ("daily_pain", "peg", "spasticity", "fatigue")


@dataclass(frozen=True)
class MeasureChange:
    """One measure's mean over the period's first and last four weeks."""

    measure: str  # a key of CHANGE_MEASURES
    first: float | None
    first_days: int  # days with a value in the first four weeks
    last: float | None
    last_days: int
    # For pain only: the later mean is lower by 2 points or 30% (Farrar 2001).
    meaningful_drop: bool = False

    @property
    def change(self) -> float | None:
        if self.first is None or self.last is None:
            return None
        return round(self.last, 1) - round(self.first, 1)


def meaningful_drop(before: float, after: float) -> bool:
    """A drop of at least 2 points, or at least 30% of ``before`` (Farrar 2001)."""
    drop = round(before, 1) - round(after, 1)
    return drop >= MEANINGFUL_POINTS - 1e-9 or (
        before > 0 and drop * 100 >= round(before, 1) * MEANINGFUL_PERCENT - 1e-9
    )


def first_and_last_weeks(
    period: Period, values: Mapping[str, Mapping[date, float]]
) -> list[MeasureChange] | None:
    """Each measure's mean in the first and the last four weeks; None for a period under
    eight weeks, where the two would overlap."""
    if period.days < 2 * WINDOW_DAYS:
        return None
    first_end = period.start + timedelta(days=WINDOW_DAYS - 1)
    last_start = period.end - timedelta(days=WINDOW_DAYS - 1)
    changes = []
    for measure in CHANGE_MEASURES:
        by_day = values.get(measure, {})
        early = [v for d, v in by_day.items() if period.start <= d <= first_end]
        late = [v for d, v in by_day.items() if last_start <= d <= period.end]
        first = fmean(early) if early else None
        last = fmean(late) if late else None
        drop = (
            measure == "daily_pain"
            and first is not None
            and last is not None
            and meaningful_drop(first, last)
        )
        changes.append(MeasureChange(measure, first, len(early), last, len(late), drop))
    return changes


@dataclass(frozen=True)
class RatingsWeek:
    """One ISO week's mean check-in ratings; None where the week has none."""

    week_start: date
    spasticity: float | None
    fatigue: float | None
    sleep: float | None
    days: int  # days with at least one of the three rated


def weekly_ratings(
    week_starts: list[date], rows: list[tuple[date, int | None, int | None, int | None]]
) -> list[RatingsWeek]:
    """Weekly means of (day, spasticity, fatigue, sleep quality) rows, for each week given."""
    by_week: dict[date, list[tuple[int | None, int | None, int | None]]] = {}
    for day, spasticity, fatigue, sleep in rows:
        if spasticity is None and fatigue is None and sleep is None:
            continue
        monday = day - timedelta(days=day.weekday())
        by_week.setdefault(monday, []).append((spasticity, fatigue, sleep))
    weeks = []
    for start in week_starts:
        days = by_week.get(start, [])

        def mean(
            index: int, days: list[tuple[int | None, int | None, int | None]] = days
        ) -> float | None:
            found = [row[index] for row in days if row[index] is not None]
            return fmean(v for v in found if v is not None) if found else None

        weeks.append(RatingsWeek(start, mean(0), mean(1), mean(2), len(days)))
    return weeks
