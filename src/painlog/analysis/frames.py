"""The diary as pandas tables: one query per table, no ORM objects.

The column names and types below are the contract every analysis function
relies on; ``make_frames`` builds them from plain records (tests do this to
generate hundreds of diaries without a database) and ``load_frames`` from a
diary. Deleted entries, their triggers and their remedies are never loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Integer, String, cast, exists, func, select, type_coerce
from sqlalchemy.orm import Session

from painlog.analysis.period import Period
from painlog.models import (
    DayCheckin,
    DayExposure,
    DayRemedy,
    DayWeather,
    Entry,
    EntryTag,
    RemedyAttempt,
)

ENTRY_COLUMNS = ("entry_id", "day", "hour", "intensity", "pain_type")
TRIGGER_COLUMNS = ("day", "trigger")
CHECKIN_COLUMNS = ("day", "average_pain", "worst_pain", "enjoyment", "activity")
REMEDY_COLUMNS = (
    "entry_id",
    "day",
    "remedy",
    "pain_type",
    "before",
    "after",
    "started_at",
    "followed_up_at",
)
FOLLOWUP_COLUMNS = (
    "entry_id",
    "day",
    "pain_type",
    "before",
    "after",
    "started_at",
    "followed_up_at",
)
WEATHER_COLUMNS = ("day", "temp_max", "temp_mean", "humidity")

Records = Iterable[Mapping[str, Any]] | Iterable[tuple[Any, ...]]


@dataclass(frozen=True)
class DiaryFrames:
    """The diary's rows that analysis needs.

    - ``entries``: entry_id, day (datetime64, the person's local day), hour
      (0-23, local clock), intensity (0-10), pain_type (key or missing).
    - ``entry_triggers``: day, trigger: a trigger named in an entry that day.
    - ``checkins``: day, average_pain, worst_pain, enjoyment, activity (float, NaN if not rated).
    - ``exposures``: day, trigger: a trigger recorded on the day's check-in.
    - ``remedies``: entry_id, day, remedy, pain_type, before (the entry's
      intensity), after (pain_after or NaN), started_at (when taken, UTC),
      followed_up_at (when pain_after was rated, UTC, or NaT). A remedy
      recorded for a day as a whole (a Flaredown treatment) is a use too,
      with no entry, no pain before or after and no times: it counts as
      used, never as followed up.
    - ``followups``: entry_id, day, pain_type, before (the entry's intensity),
      after, started_at (the entry's time, UTC), followed_up_at (UTC): a later
      rating of an episode where nothing was taken, the comparison for remedies.
    - ``weather``: day, temp_max, temp_mean (degrees Celsius), humidity (percent),
      each NaN where the file had none: the imported weather of each day.
    """

    entries: pd.DataFrame
    entry_triggers: pd.DataFrame
    checkins: pd.DataFrame
    exposures: pd.DataFrame
    remedies: pd.DataFrame
    followups: pd.DataFrame
    weather: pd.DataFrame = field(default_factory=lambda: _weather_frame(()))


def _days(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.normalize().astype("datetime64[ns]")
    # Dates, YYYY-MM-DD text or timestamps: the first ten characters are the day.
    days = values.astype(str).str.slice(0, 10)
    return pd.to_datetime(days, format="%Y-%m-%d").astype("datetime64[ns]")


def _frame(records: Records, columns: tuple[str, ...]) -> pd.DataFrame:
    rows = list(records)
    if rows and isinstance(rows[0], Mapping):
        return pd.DataFrame.from_records(rows, columns=list(columns))
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def _weather_frame(records: Records) -> pd.DataFrame:
    frame = _frame(records, WEATHER_COLUMNS)
    frame["day"] = _days(frame["day"])
    for column in WEATHER_COLUMNS[1:]:
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def _moments(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.tz_convert("UTC") if values.dt.tz else values.dt.tz_localize("UTC")
    return pd.to_datetime(values, format="ISO8601", utc=True)


def _key_column(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), None)


def make_frames(
    *,
    entries: Records = (),
    entry_triggers: Records = (),
    checkins: Records = (),
    exposures: Records = (),
    remedies: Records = (),
    followups: Records = (),
    weather: Records = (),
) -> DiaryFrames:
    """Typed tables from records (dicts, or tuples in the documented column order).

    Days may be ``date`` objects or ``YYYY-MM-DD`` text; moments may be aware
    datetimes or ISO 8601 text with an offset.
    """
    entry_frame = _frame(entries, ENTRY_COLUMNS)
    entry_frame["entry_id"] = entry_frame["entry_id"].astype("int64")
    entry_frame["day"] = _days(entry_frame["day"])
    entry_frame["hour"] = entry_frame["hour"].astype("int64")
    entry_frame["intensity"] = entry_frame["intensity"].astype("int64")
    entry_frame["pain_type"] = _key_column(entry_frame["pain_type"])

    trigger_frame = _frame(entry_triggers, TRIGGER_COLUMNS)
    trigger_frame["day"] = _days(trigger_frame["day"])
    trigger_frame["trigger"] = trigger_frame["trigger"].astype(object)

    checkin_frame = _frame(checkins, CHECKIN_COLUMNS)
    checkin_frame["day"] = _days(checkin_frame["day"])
    for column in CHECKIN_COLUMNS[1:]:
        checkin_frame[column] = pd.to_numeric(checkin_frame[column]).astype("float64")

    exposure_frame = _frame(exposures, TRIGGER_COLUMNS)
    exposure_frame["day"] = _days(exposure_frame["day"])
    exposure_frame["trigger"] = exposure_frame["trigger"].astype(object)

    remedy_frame = _frame(remedies, REMEDY_COLUMNS)
    remedy_frame["entry_id"] = remedy_frame["entry_id"].astype("Int64")  # NA: a day remedy
    remedy_frame["day"] = _days(remedy_frame["day"])
    remedy_frame["remedy"] = remedy_frame["remedy"].astype(object)
    remedy_frame["pain_type"] = _key_column(remedy_frame["pain_type"])
    remedy_frame["before"] = pd.to_numeric(remedy_frame["before"]).astype("float64")
    remedy_frame["after"] = pd.to_numeric(remedy_frame["after"]).astype("float64")
    remedy_frame["started_at"] = _moments(remedy_frame["started_at"])
    remedy_frame["followed_up_at"] = _moments(remedy_frame["followed_up_at"])

    followup_frame = _frame(followups, FOLLOWUP_COLUMNS)
    followup_frame["entry_id"] = followup_frame["entry_id"].astype("int64")
    followup_frame["day"] = _days(followup_frame["day"])
    followup_frame["pain_type"] = _key_column(followup_frame["pain_type"])
    for column in ("before", "after"):
        followup_frame[column] = pd.to_numeric(followup_frame[column]).astype("float64")
    for column in ("started_at", "followed_up_at"):
        followup_frame[column] = _moments(followup_frame[column])

    return DiaryFrames(
        entries=entry_frame,
        entry_triggers=trigger_frame,
        checkins=checkin_frame,
        exposures=exposure_frame,
        remedies=remedy_frame,
        followups=followup_frame,
        weather=_weather_frame(weather),
    )


def _fetch(session: Session, query: Any) -> list[tuple[Any, ...]]:
    """Plain tuples straight from SQLite: no ORM rows, ten times quicker into pandas."""
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect)
    params = tuple(
        value.isoformat() if isinstance(value, date) else value
        for value in (compiled.params[name] for name in compiled.positiontup or ())
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    rows: list[tuple[Any, ...]] = driver.execute(str(compiled), params).fetchall()
    return rows


TABLES = frozenset(
    {"entries", "entry_triggers", "checkins", "exposures", "remedies", "followups", "weather"}
)
_NO_ENTRY: tuple[None, ...] = (None,) * 5  # pain type, before, after, taken, followed up


def load_frames(
    *,
    session: Session,
    start: date | None,
    end: date | None,
    tables: frozenset[str] = TABLES,
) -> DiaryFrames:
    """The diary's rows for the days from ``start`` to ``end`` (either may be open).

    Only the ``tables`` named are read; the others are left empty.
    """
    entry_day = type_coerce(Entry.day, String)
    checkin_day = type_coerce(DayCheckin.day, String)
    live = Entry.deleted_at.is_(None)
    # occurred_at is ISO 8601 text with the person's offset: characters 12-13 are their hour.
    hour = cast(func.substr(type_coerce(Entry.occurred_at, String), 12, 2), Integer)
    started = func.coalesce(
        type_coerce(RemedyAttempt.taken_at, String), type_coerce(Entry.occurred_at, String)
    )
    queries: dict[str, tuple[Any, Any]] = {
        "entries": (
            select(Entry.id, entry_day, hour, Entry.intensity, Entry.pain_type).where(live),
            Entry.day,
        ),
        "entry_triggers": (
            select(entry_day, EntryTag.key)
            .join(Entry, Entry.id == EntryTag.entry_id)
            .where(live, EntryTag.kind == "trigger")
            .distinct(),
            Entry.day,
        ),
        "checkins": (
            select(
                checkin_day,
                DayCheckin.average_pain,
                DayCheckin.worst_pain,
                DayCheckin.enjoyment,
                DayCheckin.activity,
            ),
            DayCheckin.day,
        ),
        "exposures": (
            select(checkin_day, DayExposure.trigger).join(
                DayCheckin, DayCheckin.id == DayExposure.checkin_id
            ),
            DayCheckin.day,
        ),
        "remedies": (
            select(
                RemedyAttempt.entry_id,
                entry_day,
                RemedyAttempt.remedy,
                Entry.pain_type,
                Entry.intensity,
                RemedyAttempt.pain_after,
                started,
                type_coerce(RemedyAttempt.pain_after_at, String),
            )
            .join(Entry, Entry.id == RemedyAttempt.entry_id)
            .where(live),
            Entry.day,
        ),
        "followups": (
            select(
                Entry.id,
                entry_day,
                Entry.pain_type,
                Entry.intensity,
                Entry.pain_after,
                type_coerce(Entry.occurred_at, String),
                type_coerce(Entry.pain_after_at, String),
            ).where(
                live,
                Entry.pain_after.is_not(None),
                ~exists().where(RemedyAttempt.entry_id == Entry.id),
            ),
            Entry.day,
        ),
    }
    queries["weather"] = (
        select(
            type_coerce(DayWeather.day, String),
            DayWeather.temp_max,
            DayWeather.temp_mean,
            DayWeather.humidity,
        ),
        DayWeather.day,
    )
    queries["day_remedies"] = (
        select(checkin_day, DayRemedy.remedy).join(
            DayCheckin, DayCheckin.id == DayRemedy.checkin_id
        ),
        DayCheckin.day,
    )
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for name, (query, day_column) in queries.items():
        if (name if name != "day_remedies" else "remedies") not in tables:
            rows[name] = []
            continue
        if start is not None:
            query = query.where(day_column >= start)
        if end is not None:
            query = query.where(day_column <= end)
        rows[name] = _fetch(session, query)
    day_remedies = rows.pop("day_remedies")
    rows["remedies"] += [(None, day, remedy, *_NO_ENTRY) for day, remedy in day_remedies]
    return make_frames(**rows)


def diary_span(*, session: Session) -> Period | None:
    """The first and last observed day of the whole diary, or None for an empty diary."""
    entry_days = select(
        func.min(Entry.day).label("first"), func.max(Entry.day).label("last")
    ).where(Entry.deleted_at.is_(None))
    checkin_days = select(func.min(DayCheckin.day), func.max(DayCheckin.day))
    firsts: list[date] = []
    lasts: list[date] = []
    for query in (entry_days, checkin_days):
        first, last = session.execute(query).one()
        if first is not None:
            firsts.append(first)
            lasts.append(last)
    if not firsts:
        return None
    return Period(min(firsts), max(lasts))
