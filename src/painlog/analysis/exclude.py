"""Leaving days out of the analysis: the days inside events the person asked to exclude.

The filter works on the daily tables before any analysis runs, so triggers,
remedies and their statistics see a diary without those days, exactly as if
nothing had been recorded on them (a missing day, never a zero).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import fields, replace
from datetime import date

import pandas as pd

from painlog.analysis.frames import DiaryFrames


def without_days(frames: DiaryFrames, days: Collection[date]) -> DiaryFrames:
    """``frames`` without any row whose day is one of ``days``."""
    if not days:
        return frames
    left_out = pd.to_datetime(sorted(days)).astype("datetime64[ns]")
    kept = {}
    for item in fields(frames):
        frame: pd.DataFrame = getattr(frames, item.name)
        kept[item.name] = frame[~frame["day"].isin(left_out)].reset_index(drop=True)
    return replace(frames, **kept)
