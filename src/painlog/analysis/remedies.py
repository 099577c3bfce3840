"""How the pain changed after each remedy, next to how it changed when nothing was taken.

A use is a remedy recorded in an entry; it is followed up when a pain-after
rating was recorded (``painlog relief``). The change is pain after minus the
entry's intensity, so relief is negative. Only follow-ups rated between
``window`` minutes after the remedy count (30 minutes to 12 hours unless set
otherwise); the others are counted as left out.

Pain logged at a peak often eases on its own (regression to the mean), so a
change after a remedy means little by itself. The comparison is the change on
episodes where nothing was taken and a later rating was recorded (``painlog
relief ENTRY --pain-after N`` with no remedy): same pain type, a similar
interval (within a factor of two of the remedy's median time to follow-up),
inside the same window. The difference of the mean changes (with minus
without) has a 95% studentized bootstrap interval (``stats.compare``).

A responder is a use whose pain dropped by at least 30% and by at least 2
points (Farrar 2001 names both thresholds; painlog asks for both, so a drop
from 2 to 1, 50% but one point, is not counted as a response). The share of
responders has a 95% Wilson interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from painlog.analysis.frames import DiaryFrames
from painlog.analysis.period import Period
from painlog.analysis.rules import (
    FOLLOW_UP_WINDOW,
    INSUFFICIENT,
    MIN_FOLLOWED_UP,
    NO_COMPARISON,
    OK,
    RESAMPLES,
)
from painlog.analysis.stats import compare, rng_for
from painlog.analysis.summaries import within

MEANINGFUL_POINTS = 2
MEANINGFUL_PERCENT = 30
WINDOW_MINUTES = FOLLOW_UP_WINDOW  # a follow-up counts from 30 minutes to 12 hours after
SIMILAR_INTERVAL = 2.0  # untreated follow-ups within this factor of the remedy's median time
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class RemedyResponse:
    """A remedy's record (``pain_type`` None), or its record for one pain type.

    The numbers are None unless ``status`` is ``ok``; ``uses``, ``followed_up``
    and ``left_out`` are always given. ``comparison_status`` says whether the
    difference against no remedy could be given (``ok``), not yet
    (``no-comparison``: no untreated follow-up) or not from this little data.
    """

    remedy: str
    pain_type: str | None
    uses: int
    followed_up: int  # follow-ups inside the window
    median_change: float | None
    responder_share: float | None
    median_minutes_to_follow_up: float | None
    status: str
    by_type: list[RemedyResponse] = field(default_factory=list)
    left_out: int = 0  # follow-ups outside the window
    mean_change: float | None = None
    responder_low: float | None = None
    responder_high: float | None = None
    comparison_status: str = NO_COMPARISON
    comparison_followups: int = 0  # untreated follow-ups it is compared with
    comparison_change: float | None = None  # their mean change
    difference: float | None = None  # mean change with the remedy minus without
    ci_low: float | None = None
    ci_high: float | None = None
    reason: str | None = None


def responded(before: pd.Series, after: pd.Series) -> pd.Series:
    """A drop of at least 30% of the pain before, and of at least 2 points."""
    drop = before - after
    # In whole percents, so 30% of 10 is exactly 3 points, with no rounding error.
    return (drop >= MEANINGFUL_POINTS) & (drop * 100 >= before * MEANINGFUL_PERCENT)


def wilson_interval(successes: int, trials: int) -> tuple[float, float]:
    """The 95% Wilson score interval for a share (Wilson 1927); never zero-width."""
    if trials <= 0:
        raise ValueError("a share needs at least one trial")
    share = successes / trials
    z2 = Z_95**2
    centre = (share + z2 / (2 * trials)) / (1 + z2 / trials)
    half = Z_95 * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials**2)) / (1 + z2 / trials)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def _minutes(frame: pd.DataFrame) -> pd.Series:
    return (frame["followed_up_at"] - frame["started_at"]).dt.total_seconds() / 60


def _in_window(frame: pd.DataFrame, window: tuple[int, int]) -> pd.Series:
    minutes = _minutes(frame)
    return frame["after"].notna() & (minutes >= window[0]) & (minutes <= window[1])


def _summarise(
    remedy: str,
    pain_type: str | None,
    uses: pd.DataFrame,
    untreated: pd.DataFrame,
    window: tuple[int, int],
    resamples: int,
) -> RemedyResponse:
    rated = uses[uses["after"].notna()]
    inside = rated[_in_window(rated, window)]
    count = len(inside)
    left_out = len(rated) - count
    if count < MIN_FOLLOWED_UP:
        return RemedyResponse(
            remedy,
            pain_type,
            len(uses),
            count,
            None,
            None,
            None,
            INSUFFICIENT,
            left_out=left_out,
            reason=f"{count} follow-up{'s' if count != 1 else ''} in the window; "
            f"{MIN_FOLLOWED_UP} are needed",
        )
    change = (inside["after"] - inside["before"]).to_numpy(dtype=np.float64)
    minutes = _minutes(inside)
    median_minutes = float(minutes.median())
    responders = int(responded(inside["before"], inside["after"]).sum())
    low, high = wilson_interval(responders, count)
    result = RemedyResponse(
        remedy=remedy,
        pain_type=pain_type,
        uses=len(uses),
        followed_up=count,
        median_change=float(np.median(change)),
        responder_share=responders / count,
        median_minutes_to_follow_up=median_minutes,
        status=OK,
        left_out=left_out,
        mean_change=float(change.mean()),
        responder_low=low,
        responder_high=high,
    )
    return _compared(result, change, inside, untreated, median_minutes, resamples)


def _compared(
    result: RemedyResponse,
    change: np.ndarray,
    inside: pd.DataFrame,
    untreated: pd.DataFrame,
    median_minutes: float,
    resamples: int,
) -> RemedyResponse:
    """The change after the remedy next to the change with nothing taken."""
    types = set(inside["pain_type"].fillna(""))
    same_type = untreated[untreated["pain_type"].fillna("").isin(types)]
    minutes = _minutes(same_type)
    similar = same_type[
        (minutes >= median_minutes / SIMILAR_INTERVAL)
        & (minutes <= median_minutes * SIMILAR_INTERVAL)
    ]
    n = len(similar)
    if n == 0:
        return result
    without = (similar["after"] - similar["before"]).to_numpy(dtype=np.float64)
    result = replace(result, comparison_followups=n, comparison_change=float(without.mean()))
    if n < MIN_FOLLOWED_UP:
        return replace(
            result,
            comparison_status=INSUFFICIENT,
            reason=f"{n} follow-up{'s' if n != 1 else ''} with nothing taken to compare with; "
            f"{MIN_FOLLOWED_UP} are needed",
        )
    if np.ptp(change) == 0 and np.ptp(without) == 0:
        return replace(
            result,
            comparison_status=INSUFFICIENT,
            reason="every change was the same, with and without it: no spread to give an "
            "interval from",
        )
    found = compare(
        change,
        without,
        rng=rng_for("remedy", result.remedy, result.pain_type or ""),
        resamples=resamples,
        permutations=999,
    )
    return replace(
        result,
        comparison_status=OK,
        difference=found.difference,
        ci_low=found.ci_low,
        ci_high=found.ci_high,
    )


def remedy_responses(
    frames: DiaryFrames,
    period: Period | None = None,
    *,
    window: tuple[int, int] = WINDOW_MINUTES,
    resamples: int = RESAMPLES,
) -> list[RemedyResponse]:
    """One row per remedy used in the period, most used first, each split by pain type.

    ``resamples``: bootstrap resamples for each difference's interval.
    """
    uses = within(frames.remedies, period)
    followups = within(frames.followups, period)
    untreated = followups[_in_window(followups, window)]
    rows = []
    for remedy, group in uses.groupby("remedy", sort=True):
        overall = _summarise(str(remedy), None, group, untreated, window, resamples)
        types = group["pain_type"].fillna("")
        split = [
            _summarise(
                str(remedy),
                str(pain_type) or None,
                part,
                untreated[untreated["pain_type"].fillna("") == pain_type],
                window,
                resamples,
            )
            for pain_type, part in group.groupby(types, sort=True)
        ]
        split.sort(key=lambda row: (-row.uses, row.pain_type or "~"))
        rows.append(replace(overall, by_type=split))
    rows.sort(key=lambda row: (-row.uses, row.remedy))
    return rows


@dataclass(frozen=True)
class Untreated:
    """The follow-ups of episodes where nothing was taken: the comparison."""

    followed_up: int  # inside the window
    left_out: int
    mean_change: float | None


def untreated_followups(
    frames: DiaryFrames, period: Period | None = None, *, window: tuple[int, int] = WINDOW_MINUTES
) -> Untreated:
    followups = within(frames.followups, period)
    inside = followups[_in_window(followups, window)]
    change = inside["after"] - inside["before"]
    return Untreated(
        followed_up=len(inside),
        left_out=len(followups) - len(inside),
        mean_change=float(change.mean()) if len(inside) else None,
    )
