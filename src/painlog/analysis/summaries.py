"""Observed days and daily pain, weekly trends and when-pain-happens patterns.

An observed day is a day with a check-in or at least one entry. Its daily
pain is one measure, the check-in's average pain: a day with entries but no
check-in has none, so a person who stops doing check-ins never sees the scale
change under them (the worst moment of a day is not its average). A day with
neither is missing: it is left out, never counted as zero.

A week with fewer than ``MIN_WEEK_DAYS`` days of daily pain, or cut by the
period's ends, is *thin*: the table, the chart and the summary mark it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from painlog.analysis.frames import DiaryFrames
from painlog.analysis.period import Period
from painlog.analysis.rules import MIN_WEEK_DAYS

TOP_TRIGGERS = 3
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def within(frame: pd.DataFrame, period: Period | None) -> pd.DataFrame:
    if period is None:
        return frame
    days = frame["day"]
    return frame[(days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))]


def observed_days(frames: DiaryFrames, period: Period | None = None) -> pd.DataFrame:
    """One row per observed day (index ``day``, sorted).

    Columns: entries, max_intensity, mean_intensity (NaN without entries),
    checkin (bool), average_pain (NaN if not rated), daily_pain (the
    check-in's average pain; NaN without one), peg (NaN unless pain,
    enjoyment and activity were all rated).
    """
    entries = within(frames.entries, period)
    checkins = within(frames.checkins, period).set_index("day")
    per_day = entries.groupby("day")["intensity"].agg(
        entries="size", max_intensity="max", mean_intensity="mean"
    )
    days = per_day.index.union(checkins.index)
    table = pd.DataFrame(index=days)
    table.index.name = "day"
    table["entries"] = per_day["entries"].reindex(days, fill_value=0).astype("int64")
    table["max_intensity"] = per_day["max_intensity"].reindex(days).astype("float64")
    table["mean_intensity"] = per_day["mean_intensity"].reindex(days).astype("float64")
    table["checkin"] = days.isin(checkins.index)
    table["average_pain"] = checkins["average_pain"].reindex(days)
    table["daily_pain"] = table["average_pain"]
    peg = checkins[["average_pain", "enjoyment", "activity"]].mean(axis=1, skipna=False)
    table["peg"] = peg.reindex(days)
    return table


def trigger_days(frames: DiaryFrames, period: Period | None = None) -> pd.DataFrame:
    """Distinct (day, trigger) pairs: a trigger named in an entry or as the day's exposure."""
    both = pd.concat(
        [within(frames.entry_triggers, period), within(frames.exposures, period)],
        ignore_index=True,
    )
    return both.drop_duplicates(ignore_index=True)


@dataclass(frozen=True)
class WeekTrend:
    """One ISO week (Monday start); pain numbers are None when there is nothing to average."""

    week_start: date
    observed_days: int
    entries: int
    mean_intensity: float | None
    max_intensity: int | None
    mean_daily_pain: float | None
    mean_peg: float | None
    by_type: dict[str, int] = field(default_factory=dict)
    top_triggers: list[str] = field(default_factory=list)
    days_in_period: int = 7  # fewer when the period's ends cut the week
    pain_days: int = 0  # days with a daily pain (a check-in's average pain)

    @property
    def partial(self) -> bool:
        return self.days_in_period < 7

    @property
    def thin(self) -> bool:
        """A partial week, or one with fewer than MIN_WEEK_DAYS days of daily pain."""
        return self.partial or self.pain_days < MIN_WEEK_DAYS

    def note(self) -> str:
        """What makes the week thin, in words ("" for a full week)."""
        parts = []
        if self.partial:
            parts.append(f"{self.days_in_period} of 7 days")
        if self.pain_days < MIN_WEEK_DAYS:
            parts.append(f"pain on {self.pain_days} day{'s' if self.pain_days != 1 else ''}")
        return "; ".join(parts)


def number(value: object) -> float | None:
    """A float, or None for pandas' missing values (NaN, NaT, NA)."""
    return None if pd.isna(value) else float(value)  # type: ignore[arg-type]


def _rows(table: pd.DataFrame) -> dict[pd.Timestamp, dict[str, Any]]:
    """Index value -> {column: value}: quicker than DataFrame.to_dict for a few columns."""
    columns = list(table.columns)
    return {
        key: dict(zip(columns, values, strict=True))
        for key, *values in zip(table.index, *(table[c].to_numpy() for c in columns), strict=True)
    }


def week_start_of(days: pd.Series | pd.Index) -> pd.Series:
    """The Monday of each day's ISO week."""
    series = pd.Series(days)
    return series - pd.to_timedelta(series.dt.day_of_week, unit="D")


def weekly_trends(frames: DiaryFrames, period: Period) -> list[WeekTrend]:
    """Every ISO week that has a day in ``period``, oldest first, gaps included.

    A week cut by the period's ends counts only its days inside the period.
    """
    days = observed_days(frames, period)
    entries = within(frames.entries, period)
    triggers = trigger_days(frames, period)

    day_weeks = week_start_of(days.index).to_numpy()
    per_week = days.groupby(day_weeks).agg(
        observed_days=("entries", "size"),
        pain_days=("daily_pain", "count"),
        mean_daily_pain=("daily_pain", "mean"),
        mean_peg=("peg", "mean"),
    )
    entry_weeks = week_start_of(entries["day"]).to_numpy()
    entry_stats = entries.groupby(entry_weeks)["intensity"].agg(
        entries="size", mean_intensity="mean", max_intensity="max"
    )
    by_type = (
        entries.assign(week=entry_weeks)
        .dropna(subset=["pain_type"])
        .groupby(["week", "pain_type"])
        .size()
    )
    trigger_counts = (
        triggers.assign(week=week_start_of(triggers["day"]).to_numpy())
        .groupby(["week", "trigger"])
        .size()
        .rename("days")
        .reset_index()
        .sort_values(["week", "days", "trigger"], ascending=[True, False, True])
    )
    top = trigger_counts.groupby("week").head(TOP_TRIGGERS)
    top_rows: dict[pd.Timestamp, list[str]] = {}
    for week, trigger in zip(top["week"], top["trigger"], strict=True):
        top_rows.setdefault(week, []).append(str(trigger))
    types_by_week: dict[pd.Timestamp, dict[str, int]] = {}
    for (week, pain_type), count in by_type.items():
        types_by_week.setdefault(week, {})[str(pain_type)] = int(count)
    day_rows = _rows(per_week)
    entry_rows = _rows(entry_stats)

    trends = []
    for monday in period.week_starts():
        key = pd.Timestamp(monday)
        day_row = day_rows.get(key)
        entry_row = entry_rows.get(key)
        types = types_by_week.get(key, {})
        trends.append(
            WeekTrend(
                week_start=monday,
                observed_days=int(day_row["observed_days"]) if day_row else 0,
                entries=int(entry_row["entries"]) if entry_row else 0,
                mean_intensity=number(entry_row["mean_intensity"]) if entry_row else None,
                max_intensity=int(entry_row["max_intensity"]) if entry_row else None,
                mean_daily_pain=number(day_row["mean_daily_pain"]) if day_row else None,
                mean_peg=number(day_row["mean_peg"]) if day_row else None,
                by_type=dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
                top_triggers=list(top_rows.get(key, [])),
                days_in_period=(
                    min(monday + timedelta(days=6), period.end) - max(monday, period.start)
                ).days
                + 1,
                pain_days=int(day_row["pain_days"]) if day_row else 0,
            )
        )
    return trends


@dataclass(frozen=True)
class HourPattern:
    hour: int
    entries: int
    mean_intensity: float | None


@dataclass(frozen=True)
class WeekdayPattern:
    weekday: str
    observed_days: int
    mean_daily_pain: float | None
    entries: int
    mean_intensity: float | None


@dataclass(frozen=True)
class Patterns:
    by_hour: list[HourPattern]
    by_weekday: list[WeekdayPattern]

    @property
    def entries(self) -> int:
        return sum(row.entries for row in self.by_hour)

    @property
    def observed_days(self) -> int:
        return sum(row.observed_days for row in self.by_weekday)


def patterns(frames: DiaryFrames, period: Period) -> Patterns:
    """When pain happens: entries by hour of the day (the person's clock) and by weekday."""
    entries = within(frames.entries, period)
    days = observed_days(frames, period)
    by_hour = entries.groupby("hour")["intensity"].agg(["size", "mean"])
    entry_weekdays = entries.groupby(entries["day"].dt.day_of_week)["intensity"].agg(
        ["size", "mean"]
    )
    day_weekdays = days.groupby(days.index.day_of_week)["daily_pain"].agg(["size", "mean"])

    hours = [
        HourPattern(
            hour=hour,
            entries=int(by_hour.at[hour, "size"]) if hour in by_hour.index else 0,
            mean_intensity=number(by_hour.at[hour, "mean"]) if hour in by_hour.index else None,
        )
        for hour in range(24)
    ]
    weekdays = [
        WeekdayPattern(
            weekday=WEEKDAYS[weekday],
            observed_days=int(day_weekdays.at[weekday, "size"])
            if weekday in day_weekdays.index
            else 0,
            mean_daily_pain=number(day_weekdays.at[weekday, "mean"])
            if weekday in day_weekdays.index
            else None,
            entries=int(entry_weekdays.at[weekday, "size"])
            if weekday in entry_weekdays.index
            else 0,
            mean_intensity=number(entry_weekdays.at[weekday, "mean"])
            if weekday in entry_weekdays.index
            else None,
        )
        for weekday in range(7)
    ]
    return Patterns(by_hour=hours, by_weekday=weekdays)
