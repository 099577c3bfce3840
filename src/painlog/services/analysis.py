"""Trends, patterns, triggers and remedies: read the period's rows, analyse them.

pandas and numpy are imported inside these functions (through
``painlog.analysis``), so importing this module stays cheap.

Default periods: ``trends`` and ``patterns`` describe recent weeks (the last
12 ISO weeks); ``triggers`` and ``remedies`` need as many days as there are,
so they use the whole diary unless ``--weeks`` or ``--from``/``--to`` say otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from painlog.analysis.period import Period, PeriodRequest, check_lag
from painlog.analysis.rules import FOLLOW_UP_WINDOW
from painlog.errors import BadInput
from painlog.events import EventMark, event_marks
from painlog.services.events import EventOverlap, event_overlap, list_events
from painlog.when import local_now

if TYPE_CHECKING:
    from painlog.analysis.frames import DiaryFrames
    from painlog.analysis.remedies import RemedyResponse, Untreated
    from painlog.analysis.summaries import Patterns, WeekTrend
    from painlog.analysis.triggers import TemperatureEffect, TriggerAssociation
    from painlog.analysis.weather import WeatherExposure

RECENT_WEEKS = 12
DAY_TABLES = frozenset({"entries", "checkins"})  # what observed days are made of
TRIGGER_TABLES = frozenset({"entry_triggers", "exposures"})
WEATHER_TABLES = frozenset({"weather"})


@dataclass(frozen=True)
class TrendsResult:
    period: Period
    weeks: list[WeekTrend]
    events: list[EventMark] = field(default_factory=list)  # for the chart
    # Each week's mean maximum temperature (°C) from the imported weather, for the chart;
    # empty when the period has no weather.
    temperatures: list[float | None] = field(default_factory=list)

    @property
    def observed_days(self) -> int:
        return sum(week.observed_days for week in self.weeks)


@dataclass(frozen=True)
class PatternsResult:
    period: Period
    patterns: Patterns


@dataclass(frozen=True)
class TriggersResult:
    """The joint model's rows: at ``lag``, or each trigger at its clearest lag (``lag`` None)."""

    period: Period
    whole_diary: bool
    lag: int | None
    observed_days: int
    triggers: list[TriggerAssociation]
    days: int = 0  # days the model compares (a check-in's average pain, lags known)
    carry_over: float | None = None
    smooth_bends: int = 0
    reason: str | None = None  # why no trigger has numbers, when that is the case
    events: EventOverlap | None = None
    weather_exposures: list[WeatherExposure] = field(default_factory=list)
    temperature: TemperatureEffect | None = None  # with weather=True


@dataclass(frozen=True)
class RemediesResult:
    period: Period
    whole_diary: bool
    remedies: list[RemedyResponse]
    untreated: Untreated
    window: tuple[int, int]  # minutes after which a follow-up counts
    events: EventOverlap | None = None


def _today(today: date | None) -> date:
    return today or local_now().date()


def trends(*, session: Session, request: PeriodRequest, today: date | None = None) -> TrendsResult:
    """Per ISO week: observed days, entries, intensities, daily pain, PEG, types, triggers."""
    from painlog.analysis.frames import load_frames
    from painlog.analysis.summaries import weekly_trends
    from painlog.analysis.weather import weekly_temperatures

    period = request.resolve(today=_today(today), default_weeks=RECENT_WEEKS)
    frames = load_frames(
        session=session,
        start=period.start,
        end=period.end,
        tables=DAY_TABLES | TRIGGER_TABLES | WEATHER_TABLES,
    )
    weeks = weekly_trends(frames, period)
    return TrendsResult(
        period=period,
        weeks=weeks,
        events=period_marks(session=session, period=period, today=_today(today)),
        temperatures=weekly_temperatures(frames, [week.week_start for week in weeks]),
    )


def period_marks(*, session: Session, period: Period, today: date) -> list[EventMark]:
    """The recorded events a chart of ``period`` draws."""
    events = list_events(session=session, start=period.start, end=period.end, today=today)
    return event_marks(events, start=period.start, end=period.end, today=today)


def patterns(
    *, session: Session, request: PeriodRequest, today: date | None = None
) -> PatternsResult:
    """Entries by hour of the day and by weekday, with daily pain by weekday."""
    from painlog.analysis.frames import load_frames
    from painlog.analysis.summaries import patterns as find_patterns

    period = request.resolve(today=_today(today), default_weeks=RECENT_WEEKS)
    frames = load_frames(session=session, start=period.start, end=period.end, tables=DAY_TABLES)
    return PatternsResult(period=period, patterns=find_patterns(frames, period))


def _whole_diary_period(
    session: Session, request: PeriodRequest, today: date | None
) -> tuple[Period, bool]:
    from painlog.analysis.frames import diary_span

    span = None if request.weeks is not None else diary_span(session=session)
    period = request.resolve(today=_today(today), default_weeks=None, diary=span)
    return period, not request.given


def _excluding(
    session: Session,
    frames: DiaryFrames,
    period: Period,
    end: date,
    exclude: tuple[str, ...],
    today: date | None,
) -> tuple[DiaryFrames, EventOverlap]:
    """The frames without the days inside the events of the kinds in ``exclude``."""
    from painlog.analysis.exclude import without_days

    overlap = event_overlap(
        session=session, start=period.start, end=end, exclude=exclude, today=_today(today)
    )
    return without_days(frames, overlap.excluded_days), overlap


def triggers(
    *,
    session: Session,
    request: PeriodRequest,
    lag: int | None = None,
    today: date | None = None,
    exclude: tuple[str, ...] = (),
    hot_day: float | None = None,
    humid_day: float | None = None,
    weather: bool = False,
) -> TriggersResult:
    """Every trigger seen in the period, weighed together at lags 0-2 in one model.

    ``exclude``: kinds of event (relapse, steroids...) whose days are left out.
    ``hot_day`` (°C) and ``humid_day`` (%): days of the imported weather over them count as
    the exposures extreme heat and humidity. ``weather``: the day's maximum temperature is
    also a continuous input of the model, reported per degree.

    ``lag`` picks that lag's row of the model; None gives each trigger's clearest lag.
    """
    from painlog.analysis.frames import load_frames
    from painlog.analysis.rules import LAGS
    from painlog.analysis.summaries import observed_days
    from painlog.analysis.triggers import trigger_model
    from painlog.analysis.weather import with_weather_exposures

    if lag is not None:
        check_lag(lag)
    period, whole = _whole_diary_period(session, request, today)
    uses_weather = weather or hot_day is not None or humid_day is not None
    # The two days before the period hold the exposures its first days are weighed against.
    frames = load_frames(
        session=session,
        start=period.start - timedelta(days=max(LAGS)),
        end=period.end,
        tables=DAY_TABLES | TRIGGER_TABLES | (WEATHER_TABLES if uses_weather else frozenset()),
    )
    frames, weather_exposures = with_weather_exposures(frames, hot_day=hot_day, humid_day=humid_day)
    frames, overlap = _excluding(
        session, frames, period, period.end + timedelta(days=max(LAGS)), exclude, today
    )
    model = trigger_model(frames, period, temperature=weather)
    return TriggersResult(
        period=period,
        whole_diary=whole,
        lag=lag,
        observed_days=len(observed_days(frames, period)),
        triggers=model.clearest() if lag is None else model.at_lag(lag),
        days=model.days,
        carry_over=model.carry_over,
        smooth_bends=model.smooth_bends,
        reason=model.reason,
        events=overlap,
        weather_exposures=weather_exposures,
        temperature=model.temperature,
    )


def remedies(
    *,
    session: Session,
    request: PeriodRequest,
    window: tuple[int, int] = FOLLOW_UP_WINDOW,
    today: date | None = None,
    exclude: tuple[str, ...] = (),
) -> RemediesResult:
    """Each remedy used in the period: uses, follow-ups inside ``window`` (minutes), the change
    next to the change with nothing taken, responders, time to follow-up."""
    from painlog.analysis.frames import load_frames
    from painlog.analysis.remedies import remedy_responses, untreated_followups

    check_window(window)
    period, whole = _whole_diary_period(session, request, today)
    frames = load_frames(
        session=session,
        start=period.start,
        end=period.end,
        tables=frozenset({"remedies", "followups"}),
    )
    frames, overlap = _excluding(session, frames, period, period.end, exclude, today)
    return RemediesResult(
        period=period,
        whole_diary=whole,
        remedies=remedy_responses(frames, period, window=window),
        untreated=untreated_followups(frames, period, window=window),
        window=window,
        events=overlap,
    )


MAX_WINDOW_MINUTES = 7 * 24 * 60


def check_window(window: tuple[int, int]) -> tuple[int, int]:
    """A follow-up window in minutes: from at least 0, to more than from, at most a week."""
    low, high = window
    if low < 0:
        raise BadInput(f"--follow-up-from must be 0 minutes or more, not {low}.")
    if high <= low:
        raise BadInput(
            f"--follow-up-to ({high} minutes) must be later than --follow-up-from ({low})."
        )
    if high > MAX_WINDOW_MINUTES:
        raise BadInput(f"--follow-up-to {high} is more than a week ({MAX_WINDOW_MINUTES} minutes).")
    return window
