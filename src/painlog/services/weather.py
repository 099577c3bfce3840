"""Daily weather from a file the person downloaded: read, check, keep one row per day.

painlog never fetches weather. It reads the daily CSV of

- **Meteostat** (bulk or Python export: ``date`` or ``time``, ``tavg``,
  ``tmin``, ``tmax``, ``prcp``..., degrees Celsius; ``rhum`` if present);
- **Open-Meteo** (a block with the place, then ``time,temperature_2m_max
  (°C),...,relative_humidity_2m_mean (%)``; the unit is in each header);
- **DWD**, Germany's weather service (``produkt_klima_tag_*.txt``:
  ``;``-separated, ``MESS_DATUM`` as YYYYMMDD, ``TXK`` maximum, ``TMK`` mean,
  ``UPM`` humidity, -999 for missing, degrees Celsius);
- **NOAA** Climate Data Online daily summaries (``STATION``, ``DATE``,
  ``TMAX``, ``TAVG``; the file does not say its unit, so ``--units`` does);

recognised by their header names, or any other file with ``--columns
date=...,tmax=...,tmean=...,humidity=...``. The whole file is read and checked
before anything is written: one bad row and nothing is imported.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from painlog.errors import BadInput
from painlog.models import WEATHER_SOURCES, DayWeather
from painlog.when import check_day_not_future

MIN_CELSIUS = -90.0  # below the coldest air ever measured
MAX_CELSIUS = 60.0  # above the hottest
MAX_BYTES = 50 * 1024 * 1024  # a century of daily rows is under 5 MB
HEADER_LINES = 12  # Open-Meteo puts its place block before the header
COLUMN_ROLES = ("date", "tmax", "tmean", "humidity")
UNITS = ("C", "F")
NOTHING = " Nothing was imported."


@dataclass(frozen=True)
class WeatherDay:
    day: date
    temp_max: float | None  # degrees Celsius
    temp_mean: float | None
    humidity: float | None  # percent
    source: str | None = None  # when rows of several sources travel together (an export)


@dataclass(frozen=True)
class WeatherFile:
    """A checked file: its kind, the unit it was in, and one row per day."""

    name: str
    source: str  # meteostat, open-meteo, dwd, noaa or columns
    unit: str | None  # C or F as the file had it; None when it holds no temperature
    days: list[WeatherDay]
    empty_rows: int = 0  # rows with a date and no value at all, skipped


@dataclass(frozen=True)
class WeatherResult:
    source: str
    name: str
    unit: str | None
    added: int
    updated: int
    unchanged: int
    empty_rows: int
    first: date | None
    last: date | None


@dataclass(frozen=True)
class _Layout:
    source: str
    columns: dict[str, int]  # role -> column index
    unit: str | None  # from the header
    day_format: str  # "iso" or "compact" (YYYYMMDD)
    missing: frozenset[str]


def parse_units(text: str | None) -> str | None:
    """``--units``: C or F (°C, celsius, fahrenheit too)."""
    if text is None:
        return None
    cleaned = text.strip().lower().replace("°", "").replace("degrees", "").strip()
    if cleaned in ("c", "celsius"):
        return "C"
    if cleaned in ("f", "fahrenheit"):
        return "F"
    raise BadInput(f'--units takes C or F (degrees Celsius or Fahrenheit), not "{text}".')


def parse_columns(text: str | None) -> dict[str, str] | None:
    """``--columns date=Day,tmax=High,humidity=RH``: which header holds what."""
    if text is None:
        return None
    chosen: dict[str, str] = {}
    for part in text.split(","):
        role, sep, header = part.partition("=")
        role, header = role.strip().lower(), header.strip()
        if not sep or not header or role not in COLUMN_ROLES:
            raise BadInput(
                f'--columns takes ROLE=HEADER pairs such as "date=Day,tmax=High" (roles: '
                f'{", ".join(COLUMN_ROLES)}); "{part.strip()[:40]}" is not one.'
            )
        if role in chosen:
            raise BadInput(f"--columns names {role} twice; give each role once.")
        chosen[role] = header
    if "date" not in chosen:
        raise BadInput("--columns must name the date column: date=HEADER.")
    if len(chosen) == 1:
        raise BadInput("--columns must name at least one of tmax, tmean or humidity besides date.")
    return chosen


def _unit_in(header: str) -> str | None:
    if "°f" in header.lower() or "(f)" in header.lower():
        return "F"
    if "°c" in header.lower() or "(c)" in header.lower():
        return "C"
    return None


def _bare(header: str) -> str:
    """A header without its unit in brackets, lower case: ``temperature_2m_max``."""
    return re.sub(r"\s*\(.*?\)\s*$", "", header).strip().strip('"').lower()


def _find(names: Sequence[str], *candidates: str) -> int | None:
    for candidate in candidates:
        if candidate in names:
            return names.index(candidate)
    return None


def _recognise(header: list[str], name: str, chosen: dict[str, str] | None) -> _Layout:
    names = [_bare(h) for h in header]
    if chosen is not None:
        columns: dict[str, int] = {}
        for role, wanted in chosen.items():
            index = _find(names, _bare(wanted))
            if index is None:
                raise BadInput(
                    f'--columns: {name} has no column "{wanted}"; its columns are '
                    f"{', '.join(h.strip() for h in header)[:200]}." + NOTHING
                )
            columns[role] = index
        units = {_unit_in(header[i]) for r, i in columns.items() if r in ("tmax", "tmean")}
        units.discard(None)
        return _Layout("columns", columns, units.pop() if len(units) == 1 else None, "any", _NA)
    if "mess_datum" in names:  # DWD
        found = {
            "date": names.index("mess_datum"),
            "tmax": _find(names, "txk"),
            "tmean": _find(names, "tmk"),
            "humidity": _find(names, "upm"),
        }
        return _layout("dwd", found, "C", "compact", frozenset({"-999", "-999.0"}), name)
    if names and names[0] == "time" and any(n.startswith("temperature_2m") for n in names):
        found = {
            "date": 0,
            "tmax": _find(names, "temperature_2m_max"),
            "tmean": _find(names, "temperature_2m_mean"),
            "humidity": _find(names, "relative_humidity_2m_mean"),
        }
        temp_units = {
            _unit_in(header[i])
            for r, i in found.items()
            if r in ("tmax", "tmean") and i is not None
        } - {None}
        return _layout(
            "open-meteo",
            found,
            temp_units.pop() if len(temp_units) == 1 else None,
            "iso",
            _NA,
            name,
        )
    if ("date" in names or "time" in names) and ("tmax" in names or "tavg" in names):
        if "STATION" in header and "DATE" in header:  # NOAA writes its names in capitals
            found = {
                "date": names.index("date"),
                "tmax": _find(names, "tmax"),
                "tmean": _find(names, "tavg"),
                "humidity": None,
            }
            return _layout("noaa", found, None, "iso", _NA, name)
        found = {
            "date": _find(names, "date", "time"),
            "tmax": _find(names, "tmax"),
            "tmean": _find(names, "tavg"),
            "humidity": _find(names, "rhum"),
        }
        return _layout("meteostat", found, "C", "any", _NA, name)
    if not any(n in ("date", "time", "day", "mess_datum") for n in names):
        raise BadInput(
            f"{name} has no date column that painlog knows (date, time or MESS_DATUM); "
            "name the columns with --columns date=HEADER,tmax=HEADER." + NOTHING
        )
    raise BadInput(
        f"{name} is not a Meteostat, Open-Meteo, DWD or NOAA daily file painlog knows; "
        "name its columns with --columns date=HEADER,tmax=HEADER,humidity=HEADER." + NOTHING
    )


_NA = frozenset({"", "na", "nan", "null", "none", "-"})


def _layout(
    source: str,
    found: dict[str, int | None],
    unit: str | None,
    day_format: str,
    missing: frozenset[str],
    name: str,
) -> _Layout:
    columns = {role: index for role, index in found.items() if index is not None}
    if len(columns) < 2:
        raise BadInput(
            f"{name} looks like a {source} file but has no maximum or mean temperature and no "
            "humidity column; name them with --columns." + NOTHING
        )
    return _Layout(source, columns, unit, day_format, missing | _NA)


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(
                f"{path.name} is {size // (1024 * 1024)} MB; a daily weather file is far "
                "smaller, so this is not one." + NOTHING
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"There is no file {path}; give the weather file to import.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a weather file.") from None
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{path.name} is not UTF-8 text (byte {exc.start + 1} cannot be read); save it "
            "as UTF-8 CSV and import it again." + NOTHING
        ) from None


def _header_at(lines: list[str]) -> int:
    """The line that holds the column names: Open-Meteo's comes after its place block."""
    for i, line in enumerate(lines[:HEADER_LINES]):
        if line.lower().startswith("time,") and "temperature_2m" in line.lower():
            return i
    for i, line in enumerate(lines[:HEADER_LINES]):
        if line.strip():
            return i
    return len(lines)


def _day(text: str, layout: _Layout) -> date | None:
    text = text.strip().strip('"')
    if layout.day_format in ("compact", "any") and re.fullmatch(r"\d{8}", text):
        try:
            return datetime.strptime(text, "%Y%m%d").date()
        except ValueError:
            return None
    if layout.day_format in ("iso", "any"):
        # Meteostat's Python export writes midnight after the day: 2024-07-01 00:00:00.
        midnight = r"(?:[ T]00:00(?::00)?)?" if layout.day_format == "any" else ""
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})" + midnight, text)
        if match:
            try:
                return date.fromisoformat(match.group(1))
            except ValueError:
                return None
    return None


def read_weather(
    *, path: Path, columns: str | None = None, units: str | None = None
) -> WeatherFile:
    """Read and check the whole file; refuses it, naming the line, on the first problem."""
    chosen = parse_columns(columns)
    given_unit = parse_units(units)
    text = _read_text(path)
    lines = text.splitlines()
    start = _header_at(lines)
    if start >= len(lines):
        raise BadInput(f"{path.name} is empty; there is no weather to import." + NOTHING)
    delimiter = ";" if lines[start].count(";") > lines[start].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise BadInput(f"{path.name} is not a readable CSV ({exc}).") from None
    layout = _recognise(header, path.name, chosen)
    has_temperature = "tmax" in layout.columns or "tmean" in layout.columns
    unit = layout.unit
    if given_unit is not None and unit is not None and given_unit != unit:
        raise BadInput(
            f"{path.name} says its temperatures are in °{unit}, but --units says °{given_unit}; "
            "leave --units out, or check the file." + NOTHING
        )
    unit = unit or given_unit
    if has_temperature and unit is None:
        raise BadInput(
            f"{path.name} does not say whether its temperatures are in °C or °F; "
            "add --units C or --units F." + NOTHING
        )
    days: list[WeatherDay] = []
    seen: dict[date, int] = {}
    empty = 0
    try:
        for values in reader:
            line = start + reader.line_num
            if not any(v.strip() for v in values):
                continue
            days_row = _row(path.name, line, values, layout, unit or "C")
            if days_row is None:
                empty += 1
                continue
            if days_row.day in seen:
                raise BadInput(
                    f"{path.name} line {line}: {days_row.day.isoformat()} is there twice (first "
                    f"on line {seen[days_row.day]}); a daily file has one row per day." + NOTHING
                )
            seen[days_row.day] = line
            days.append(days_row)
    except csv.Error as exc:
        raise BadInput(f"{path.name}: {exc}." + NOTHING) from None
    if not days:
        raise BadInput(f"{path.name} has no day with weather values to import." + NOTHING)
    return WeatherFile(
        name=path.name,
        source=layout.source,
        unit=unit if has_temperature else None,
        days=sorted(days, key=lambda d: d.day),
        empty_rows=empty,
    )


def _row(name: str, line: int, values: list[str], layout: _Layout, unit: str) -> WeatherDay | None:
    def refuse(problem: str) -> BadInput:
        return BadInput(f"{name} line {line}: {problem}" + NOTHING)

    width = max(layout.columns.values()) + 1
    if len(values) < width:
        raise refuse(f"{len(values)} values, fewer than the header's columns (a cut-off line).")
    text = values[layout.columns["date"]]
    day = _day(text, layout)
    if day is None and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}.*", text):
        raise refuse(
            f'"{text.strip()[:30]}" is a time of day: this is an hourly file; painlog takes '
            "daily files (one row per day)."
        )
    if day is None:
        raise refuse(f'"{text.strip()[:30]}" is not a day such as 2024-07-01.')
    try:
        check_day_not_future(day, field="day")
    except BadInput as exc:
        raise refuse(exc.message) from None
    numbers: dict[str, float | None] = {}
    for role in ("tmax", "tmean", "humidity"):
        index = layout.columns.get(role)
        raw = values[index].strip().strip('"') if index is not None else ""
        if raw.lower() in layout.missing:
            numbers[role] = None
            continue
        try:
            number = float(raw.replace(",", ".") if layout.source == "dwd" else raw)
        except ValueError:
            raise refuse(f'{_ROLE_WORDS[role]} "{raw[:20]}" is not a number.') from None
        if role != "humidity":
            number = (number - 32) * 5 / 9 if unit == "F" else number
        problem = value_problem(role, number, shown=raw if role == "humidity" else f"{raw} °{unit}")
        if problem is not None:
            raise refuse(
                problem if role == "humidity" else f"{problem} Check the column and the unit."
            )
        number = round(number, 2)
        numbers[role] = number
    if all(v is None for v in numbers.values()):
        return None
    return WeatherDay(day, numbers["tmax"], numbers["tmean"], numbers["humidity"])


_ROLE_WORDS = {"tmax": "maximum temperature", "tmean": "mean temperature", "humidity": "humidity"}


def value_problem(role: str, value: float, *, shown: str) -> str | None:
    """What is wrong with a day's ``tmax``, ``tmean`` (°C) or ``humidity`` (%), or None.

    The one rule every way in shares: a weather file, an export, a Flaredown import."""
    if role == "humidity":
        if not 0 <= value <= 100:
            return f"humidity {shown} is not a percentage from 0 to 100."
        return None
    if not MIN_CELSIUS <= value <= MAX_CELSIUS:
        return (
            f"{_ROLE_WORDS[role]} {shown} is not a real air temperature "
            "(painlog takes -90 to 60 °C)."
        )
    return None


def store_weather(
    *,
    session: Session,
    weather: Iterable[WeatherDay],
    source: str | None = None,
    fill: bool = False,
) -> tuple[int, int, int]:
    """Keep each day's weather: a later file replaces a day's values.

    ``source`` names the kind of file, or each row's own ``source`` is used. ``fill``: only
    days without weather are written (a Flaredown import never replaces a weather file's).
    Returns (added, updated, unchanged).
    """
    rows = list(weather)
    if not rows:
        return 0, 0, 0
    existing = {
        w.day: w
        for w in session.scalars(
            select(DayWeather).where(DayWeather.day.between(rows[0].day, rows[-1].day))
        )
    }
    added = updated = unchanged = 0
    for row in rows:
        current = existing.get(row.day)
        kind = source or row.source or "columns"
        if current is None:
            session.add(
                DayWeather(
                    day=row.day,
                    temp_max=row.temp_max,
                    temp_mean=row.temp_mean,
                    humidity=row.humidity,
                    source=kind,
                )
            )
            added += 1
            continue
        values = (row.temp_max, row.temp_mean, row.humidity, kind)
        if (
            fill
            or (current.temp_max, current.temp_mean, current.humidity, current.source) == values
        ):
            unchanged += 1
            continue
        current.temp_max, current.temp_mean, current.humidity, current.source = values
        updated += 1
    session.flush()
    return added, updated, unchanged


def import_weather(*, session: Session, weather: WeatherFile) -> WeatherResult:
    """Write a checked file's days in the caller's transaction."""
    added, updated, unchanged = store_weather(
        session=session, weather=weather.days, source=weather.source
    )
    return WeatherResult(
        source=weather.source,
        name=weather.name,
        unit=weather.unit,
        added=added,
        updated=updated,
        unchanged=unchanged,
        empty_rows=weather.empty_rows,
        first=weather.days[0].day if weather.days else None,
        last=weather.days[-1].day if weather.days else None,
    )


def weather_record(row: DayWeather) -> dict[str, Any]:
    """A day's weather in the export format (docs/export-format.md)."""
    return {
        "day": row.day.isoformat(),
        "temp_max": row.temp_max,
        "temp_mean": row.temp_mean,
        "humidity": row.humidity,
        "source": row.source,
    }


def weather_day_record(record: dict[str, Any]) -> WeatherDay:
    """An exported day's weather, checked by the rules of a weather file."""
    from painlog.when import iso_day

    day = iso_day(record.get("day"))
    if day is None:
        raise BadInput(f"day {json.dumps(record.get('day'))[:40]} is not a day such as 2026-07-01.")
    check_day_not_future(day, field="day")
    source = record.get("source")
    if source not in WEATHER_SOURCES:
        raise BadInput(
            f"source {json.dumps(source)[:30]} is not one of {', '.join(WEATHER_SOURCES)}."
        )
    values: dict[str, float | None] = {}
    for name in ("temp_max", "temp_mean", "humidity"):
        value = record.get(name)
        if value is None:
            values[name] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadInput(f"{name} must be a number or null, not {json.dumps(value)[:20]}.")
        role = {"temp_max": "tmax", "temp_mean": "tmean"}.get(name, name)
        problem = value_problem(role, value, shown=f"{value:g}" + (" °C" if role != name else ""))
        if problem is not None:
            raise BadInput(problem)
        values[name] = float(value)
    if all(v is None for v in values.values()):
        raise BadInput("a weather day needs at least one of temp_max, temp_mean, humidity.")
    return WeatherDay(day, values["temp_max"], values["temp_mean"], values["humidity"], source)
