"""Which triggers go with worse daily pain, in this person's own diary.

For each trigger seen in the period, the observed days with it (named in an
entry or recorded as the day's exposure) are compared with the observed days
without it. With ``lag`` k, each observed day is paired with the daily pain
k calendar days later, so the comparison is "pain k days after a day with the
trigger" against "pain k days after a day without it". Days whose paired
daily pain is missing are left out of both groups.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from painlog.analysis.frames import DiaryFrames
from painlog.analysis.period import Period, check_lag
from painlog.analysis.rules import INSUFFICIENT, MIN_DAYS, OK, PERMUTATIONS, RESAMPLES
from painlog.analysis.stats import (
    benjamini_hochberg,
    compare,
    rng_for,
)
from painlog.analysis.summaries import observed_days, trigger_days


@dataclass(frozen=True)
class TriggerAssociation:
    """One trigger's comparison; every number is None unless ``status`` is ``ok``."""

    trigger: str
    lag: int
    days_with: int
    days_without: int
    mean_with: float | None = None
    mean_without: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    status: str = INSUFFICIENT

    @property
    def interval_excludes_zero(self) -> bool:
        return (
            self.ci_low is not None
            and self.ci_high is not None
            and (self.ci_low > 0 or self.ci_high < 0)
        )

    @property
    def could_be_chance(self) -> bool:
        """The interval excludes 0, but with this many triggers tested q is 0.05 or more."""
        return self.interval_excludes_zero and (self.q_value is None or self.q_value >= 0.05)

    @property
    def is_clear(self) -> bool:
        """A difference the diary shows clearly: interval excluding 0 and q below 0.05."""
        return self.interval_excludes_zero and not self.could_be_chance


def trigger_associations(
    frames: DiaryFrames,
    period: Period,
    *,
    lag: int = 0,
    resamples: int = RESAMPLES,
    permutations: int = PERMUTATIONS,
) -> list[TriggerAssociation]:
    """One row per trigger seen in ``period``: those with enough data first, by
    difference (largest first), then the rest by how often they were seen.

    ``frames`` should hold ``lag`` days beyond the period's end, for the pain
    that follows its last days.
    """
    check_lag(lag)
    days = observed_days(frames)
    in_period = (days.index >= pd.Timestamp(period.start)) & (
        days.index <= pd.Timestamp(period.end)
    )
    trigger_day_index = days.index[in_period]
    later = days["daily_pain"].reindex(trigger_day_index + pd.Timedelta(days=lag)).to_numpy()
    has_outcome = ~np.isnan(later)
    unit_days = trigger_day_index[has_outcome].to_numpy()
    outcomes = later[has_outcome].astype(np.float64)

    present = trigger_days(frames, period)
    rows: list[TriggerAssociation] = []
    for trigger, group in present.groupby("trigger", sort=True):
        mask = np.isin(unit_days, group["day"].to_numpy())
        with_values, without_values = outcomes[mask], outcomes[~mask]
        n_with, n_without = len(with_values), len(without_values)
        if n_with < MIN_DAYS or n_without < MIN_DAYS:
            rows.append(TriggerAssociation(str(trigger), lag, n_with, n_without))
            continue
        result = compare(
            with_values,
            without_values,
            rng=rng_for(str(trigger), lag),
            resamples=resamples,
            permutations=permutations,
        )
        rows.append(
            TriggerAssociation(
                trigger=str(trigger),
                lag=lag,
                days_with=n_with,
                days_without=n_without,
                mean_with=result.mean_with,
                mean_without=result.mean_without,
                difference=result.difference,
                ci_low=result.ci_low,
                ci_high=result.ci_high,
                p_value=result.p_value,
                status=OK,
            )
        )
    tested = [row for row in rows if row.status == OK]
    q_values = benjamini_hochberg([row.p_value for row in tested if row.p_value is not None])
    adjusted = {row.trigger: q for row, q in zip(tested, q_values, strict=True)}
    rows = [
        replace(row, q_value=adjusted[row.trigger]) if row.status == OK else row for row in rows
    ]
    return sorted(
        rows,
        key=lambda row: (
            row.status != OK,
            -(row.difference or 0.0),
            -row.days_with,
            row.trigger,
        ),
    )
