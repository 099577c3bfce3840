"""What a weather import did, as text."""

from __future__ import annotations

from painlog.services.weather import WeatherResult

SOURCE_NAMES = {
    "meteostat": "Meteostat daily",
    "open-meteo": "Open-Meteo daily",
    "dwd": "DWD daily (Germany)",
    "noaa": "NOAA daily summaries",
    "columns": "columns named with --columns",
    "flaredown": "Flaredown",
}


def weather_import_text(result: WeatherResult) -> str:
    r = result
    span = f"{r.first.isoformat()} to {r.last.isoformat()}" if r.first and r.last else "no days"
    unit = ", °F kept as °C" if r.unit == "F" else ""
    count = r.added + r.updated + r.unchanged
    lines = [
        f"Imported the weather of {count:,} day{'' if count == 1 else 's'} ({span}) from "
        f"{r.name} ({SOURCE_NAMES.get(r.source, r.source)}{unit}):",
        f"  days   {r.added:,} added · {r.updated:,} updated · {r.unchanged:,} unchanged",
    ]
    if r.empty_rows:
        lines.append(f"  empty  {r.empty_rows:,} rows without any value, skipped")
    lines.append(
        "  painlog config set hot-day 27 and humid-day 80 count days over them as exposures."
    )
    return "\n".join(lines)
