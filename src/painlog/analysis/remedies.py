"""How the pain changed after each remedy, from the follow-ups the person recorded.

A use is a remedy recorded in an entry; it is followed up when a pain-after
rating was recorded (``painlog relief``). The change is pain after minus the
entry's intensity, so relief is negative. A meaningful response is a drop of
at least 2 points or at least 30% of the pain before (Farrar 2001).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from painlog.analysis.frames import DiaryFrames
from painlog.analysis.period import Period
from painlog.analysis.rules import INSUFFICIENT, MIN_FOLLOWED_UP, OK
from painlog.analysis.summaries import within

MEANINGFUL_POINTS = 2
MEANINGFUL_PERCENT = 30


@dataclass(frozen=True)
class RemedyResponse:
    """A remedy's record (``pain_type`` None), or its record for one pain type.

    The numbers are None unless ``status`` is ``ok``; ``uses`` and
    ``followed_up`` are always given.
    """

    remedy: str
    pain_type: str | None
    uses: int
    followed_up: int
    median_change: float | None
    responder_share: float | None
    median_minutes_to_follow_up: float | None
    status: str
    by_type: list[RemedyResponse] = field(default_factory=list)


def responded(before: pd.Series, after: pd.Series) -> pd.Series:
    """A drop of at least 2 points, or at least 30% of the pain before."""
    drop = before - after
    # In whole percents, so 30% of 10 is exactly 3 points, with no rounding error.
    return (drop >= MEANINGFUL_POINTS) | (
        (before > 0) & (drop * 100 >= before * MEANINGFUL_PERCENT)
    )


def _summarise(remedy: str, pain_type: str | None, uses: pd.DataFrame) -> RemedyResponse:
    followed = uses[uses["after"].notna()]
    count = len(followed)
    if count < MIN_FOLLOWED_UP:
        return RemedyResponse(remedy, pain_type, len(uses), count, None, None, None, INSUFFICIENT)
    change = followed["after"] - followed["before"]
    minutes = (followed["followed_up_at"] - followed["started_at"]).dt.total_seconds() / 60
    median_minutes = minutes.median()
    return RemedyResponse(
        remedy=remedy,
        pain_type=pain_type,
        uses=len(uses),
        followed_up=count,
        median_change=float(change.median()),
        responder_share=float(responded(followed["before"], followed["after"]).mean()),
        median_minutes_to_follow_up=None if pd.isna(median_minutes) else float(median_minutes),
        status=OK,
    )


def remedy_responses(frames: DiaryFrames, period: Period | None = None) -> list[RemedyResponse]:
    """One row per remedy used in the period, most used first, each split by pain type."""
    uses = within(frames.remedies, period)
    rows = []
    for remedy, group in uses.groupby("remedy", sort=True):
        overall = _summarise(str(remedy), None, group)
        types = group["pain_type"].fillna("")
        split = [
            _summarise(str(remedy), str(pain_type) or None, part)
            for pain_type, part in group.groupby(types, sort=True)
        ]
        split.sort(key=lambda row: (-row.uses, row.pain_type or "~"))
        rows.append(replace(overall, by_type=split))
    rows.sort(key=lambda row: (-row.uses, row.remedy))
    return rows
