"""The imported weather as exposures: days over the person's thresholds.

``painlog config set hot-day 27`` makes every day whose maximum temperature is
above 27 °C a day with the exposure *extreme heat* (the vocabulary's ``heat``);
``humid-day 80`` every day whose mean relative humidity is above 80% a day
with *humidity*. They stand beside what the person recorded: a day they
recorded as hot and the weather also says was hot counts once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from painlog.analysis.frames import DiaryFrames

HEAT = "heat"  # the vocabulary's key for extreme heat
HUMIDITY = "humidity"


@dataclass(frozen=True)
class WeatherExposure:
    """One exposure the weather adds to: how many days it added, and how many the person
    had recorded themselves as well."""

    trigger: str
    threshold: float
    unit: str  # "°C" or "%"
    weather_days: int  # days over the threshold, in the weather the frames hold
    also_recorded: int  # of those, days the person recorded the exposure too
    recorded_only: int  # days recorded by the person with the weather under the threshold


def with_weather_exposures(
    frames: DiaryFrames, *, hot_day: float | None, humid_day: float | None
) -> tuple[DiaryFrames, list[WeatherExposure]]:
    """``frames`` with the weather's days over the thresholds added to the exposures."""
    weather = frames.weather
    if weather.empty or (hot_day is None and humid_day is None):
        return frames, []
    added: list[pd.DataFrame] = []
    uses: list[WeatherExposure] = []
    recorded = frames.exposures
    for trigger, column, threshold, unit in (
        (HEAT, "temp_max", hot_day, "°C"),
        (HUMIDITY, "humidity", humid_day, "%"),
    ):
        if threshold is None:
            continue
        known = weather[weather[column].notna()]
        if known.empty:
            continue
        over = pd.DatetimeIndex(known.loc[known[column] > threshold, "day"])
        mine = pd.DatetimeIndex(recorded.loc[recorded["trigger"] == trigger, "day"])
        under = pd.DatetimeIndex(known.loc[known[column] <= threshold, "day"])
        uses.append(
            WeatherExposure(
                trigger=trigger,
                threshold=threshold,
                unit=unit,
                weather_days=len(over),
                also_recorded=int(over.isin(mine).sum()),
                recorded_only=int(mine.isin(under).sum()),
            )
        )
        new_days = over[~over.isin(mine)]
        added.append(pd.DataFrame({"day": new_days, "trigger": trigger}))
    if not added:
        return frames, uses
    exposures = pd.concat([recorded, *added], ignore_index=True)
    exposures["day"] = exposures["day"].astype("datetime64[ns]")
    exposures["trigger"] = exposures["trigger"].astype(object)
    return replace(frames, exposures=exposures), uses


def weekly_temperatures(frames: DiaryFrames, week_starts: list[date]) -> list[float | None]:
    """Each week's mean maximum temperature (°C), None for a week without weather; an empty
    list when there is no weather at all."""
    known = frames.weather.dropna(subset=["temp_max"])
    if known.empty or not week_starts:
        return []
    monday = known["day"] - pd.to_timedelta(known["day"].dt.day_of_week, unit="D")
    means = known.groupby(monday)["temp_max"].mean()
    out: list[float | None] = []
    for start in week_starts:
        value = means.get(pd.Timestamp(start))
        out.append(None if value is None or pd.isna(value) else round(float(value), 1))
    return out
