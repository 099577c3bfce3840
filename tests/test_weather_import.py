"""Daily weather files the person downloaded: recognised by their headers, all or nothing.

The files are written here from the documented columns of each source: Meteostat's daily
bulk CSV (date, tavg, tmin, tmax, prcp, snow, wdir, wspd, wpgt, pres, tsun; °C), an
Open-Meteo daily CSV (its location block, a blank line, then ``time`` and one column per
variable with its unit in brackets), DWD's ``produkt_klima_tag`` file (``;``-separated,
MESS_DATUM as YYYYMMDD, TXK, TMK, UPM, -999 for missing) and NOAA's daily summaries
(STATION, NAME, DATE, TAVG, TMAX, TMIN, no unit in the file).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CliRun

pytestmark = pytest.mark.clock  # days after today are refused

METEOSTAT = """date,tavg,tmin,tmax,prcp,snow,wdir,wspd,wpgt,pres,tsun
2026-07-01,22.9,15.1,29.8,0.0,,240.0,9.4,31.5,1015.2,
2026-07-02,24.1,17.3,31.0,2.1,,250.0,11.2,,1012.0,
2026-07-03,,,,,,,,,,
2026-07-04,18.0,12.4,21.5,5.3,,270.0,14.0,40.7,1008.9,
"""

OPEN_METEO_F = """latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation
52.52,13.419998,38.0,3600,Europe/Berlin,GMT+1

time,temperature_2m_max (°F),temperature_2m_mean (°F),relative_humidity_2m_mean (%)
2026-07-01,86.0,73.4,61
2026-07-02,89.6,77.0,55
2026-07-03,75.2,66.2,
"""

DWD_COLUMNS = (
    "STATIONS_ID;MESS_DATUM;QN_3;  FX;  FM;QN_4; RSK;RSKF; SDK;SHK_TAG;  NM; VPM;  PM; TMK; UPM;"
    " TXK; TNK; TGK;eor"
)
DWD = f"""{DWD_COLUMNS}
433;20260701;10;12.3;3.1;3;0.0;0;12.5;0;2.1;15.2;1010.40; 22.4; 58.00; 28.9; 15.8; 13.1;eor
433;20260702;10;-999;3.4;3;1.2;6;8.0;0;5.3;16.8;1008.10; 20.1; 74.00; -999; 16.2; 14.0;eor
"""

NOAA = """"STATION","NAME","DATE","TAVG","TMAX","TMIN"
"GME00127786","BERLIN TEMPELHOF, GM","2026-07-01","73","86","62"
"GME00127786","BERLIN TEMPELHOF, GM","2026-07-02","77","90","65"
"""


def _weather(db: Path) -> list[tuple[str, float | None, float | None, float | None, str]]:
    if not db.exists():  # a refused first import creates no diary
        return []
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT day, temp_max, temp_mean, humidity, source FROM day_weather ORDER BY day"
        ).fetchall()
    return [tuple(row) for row in rows]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_meteostat_daily_file_imports(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    path = _write(tmp_path, "10384.csv", METEOSTAT)
    result = cli("import", str(path), "--format", "weather")
    assert result.exit_code == 0, result.output
    assert "Imported the weather of 3 days (2026-07-01 to 2026-07-04)" in result.output
    assert "(Meteostat daily)" in result.output
    assert "1 rows without any value, skipped" in result.output
    assert _weather(db_path) == [
        ("2026-07-01", 29.8, 22.9, None, "meteostat"),
        ("2026-07-02", 31.0, 24.1, None, "meteostat"),
        ("2026-07-04", 21.5, 18.0, None, "meteostat"),
    ]
    again = cli("import", str(path), "--format", "weather")
    assert again.exit_code == 0, again.output
    assert "0 added · 0 updated · 3 unchanged" in again.output


def test_an_open_meteo_file_in_fahrenheit_is_kept_in_celsius(
    cli: CliRun, tmp_path: Path, db_path: Path
) -> None:
    path = _write(tmp_path, "open-meteo-52.52N13.42E38m.csv", OPEN_METEO_F)
    result = cli("import", str(path), "-f", "weather")
    assert result.exit_code == 0, result.output
    assert "(Open-Meteo daily, °F kept as °C)" in result.output
    assert _weather(db_path) == [
        ("2026-07-01", 30.0, 23.0, 61.0, "open-meteo"),
        ("2026-07-02", 32.0, 25.0, 55.0, "open-meteo"),
        ("2026-07-03", 24.0, 19.0, None, "open-meteo"),
    ]


def test_a_dwd_file_and_its_missing_values(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    path = _write(tmp_path, "produkt_klima_tag_20250101_20261231_00433.txt", DWD)
    result = cli("import", str(path), "--format", "weather")
    assert result.exit_code == 0, result.output
    assert _weather(db_path) == [
        ("2026-07-01", 28.9, 22.4, 58.0, "dwd"),
        ("2026-07-02", None, 20.1, 74.0, "dwd"),
    ]


def test_a_noaa_file_needs_its_unit(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    path = _write(tmp_path, "3925931.csv", NOAA)
    refused = cli("import", str(path), "--format", "weather")
    assert refused.exit_code == 2
    assert "add --units C or --units F" in refused.stderr
    assert _weather(db_path) == []
    result = cli("import", str(path), "--format", "weather", "--units", "F")
    assert result.exit_code == 0, result.output
    assert _weather(db_path) == [
        ("2026-07-01", 30.0, 22.78, None, "noaa"),
        ("2026-07-02", 32.22, 25.0, None, "noaa"),
    ]


def test_other_files_name_their_columns(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    path = _write(tmp_path, "mine.csv", "Day,High (°C),RH\n20260701,27.5,81\n2026-07-02,26,79\n")
    result = cli(
        "import", str(path), "--format", "weather", "--columns", "date=Day,tmax=High,humidity=RH"
    )
    assert result.exit_code == 0, result.output
    assert _weather(db_path) == [
        ("2026-07-01", 27.5, None, 81.0, "columns"),
        ("2026-07-02", 26.0, None, 79.0, "columns"),
    ]


def test_one_bad_row_imports_nothing(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    cli("import", str(_write(tmp_path, "a.csv", METEOSTAT)), "--format", "weather")
    before = _weather(db_path)
    bad = METEOSTAT.replace("2026-07-04,18.0", "2026-07-04,eighteen")
    result = cli("import", str(_write(tmp_path, "b.csv", bad)), "--format", "weather")
    assert result.exit_code == 2
    assert 'b.csv line 5: mean temperature "eighteen" is not a number.' in result.stderr
    assert _weather(db_path) == before


def test_the_weather_travels_in_the_export(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    cli("import", str(_write(tmp_path, "om.csv", OPEN_METEO_F)), "--format", "weather")
    target = tmp_path / "out.json"
    result = cli("export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "3 days of weather" in result.output
    document = json.loads(target.read_text())
    assert document["format_version"] == 3
    assert document["weather"][0] == {
        "day": "2026-07-01",
        "temp_max": 30.0,
        "temp_mean": 23.0,
        "humidity": 61.0,
        "source": "open-meteo",
    }
    other = tmp_path / "other.db"
    back = cli("--db", str(other), "import", str(target))
    assert back.exit_code == 0, back.output
    assert "weather          3 added" in back.output
    assert _weather(other) == _weather(db_path)
    # A record out of range in an export is refused like a row of a weather file.
    document["weather"][1]["humidity"] = 140
    target.write_text(json.dumps(document))
    refused = cli("--db", str(other), "import", str(target))
    assert refused.exit_code == 2
    assert (
        "weather day 2" in refused.stderr
        and "humidity 140 is not a percentage from 0 to 100" in (refused.stderr)
    )


def _diary_with_weather(db: Path, *, hot_effect: float, days: int = 240) -> None:
    """Check-ins and a weather file straight into a fresh diary, with a hot-day effect."""
    from painlog.models import DayCheckin, DayWeather
    from tests.exchange_helpers import session_on

    rng = np.random.default_rng(11)
    end = date(2026, 10, 31)
    noise = 0.0
    warm = 0.0
    with session_on(db) as session:
        for i in range(days):
            day = end - timedelta(days=days - 1 - i)
            season = np.cos((day.timetuple().tm_yday - 200) / 365 * 2 * np.pi)
            warm = 0.7 * warm + rng.normal(0, 2.5)
            tmax = round(float(16 + 10 * season + warm), 1)
            noise = 0.6 * noise + rng.normal(0, 0.8)
            pain = 4 + noise + season + (hot_effect if tmax > 27 else 0.0)
            session.add(DayWeather(day=day, temp_max=tmax, humidity=70.0, source="meteostat"))
            if rng.random() < 0.85:
                session.add(DayCheckin(day=day, average_pain=int(min(10, max(0, round(pain))))))


def test_triggers_with_the_weather(cli: CliRun, db_path: Path) -> None:
    assert cli("log", "3", "-w", "neck", "--at", "2026-10-30 20:00", "-q").exit_code == 0
    _diary_with_weather(db_path, hot_effect=2.0)
    assert cli("config", "set", "hot-day", "27").exit_code == 0
    result = cli("triggers", "--weather")
    assert result.exit_code == 0, result.output
    assert "Extreme heat (+ weather)" in result.output
    assert "days of the imported weather with a maximum temperature over 27 °C" in result.output
    assert "points of daily pain per °C" in result.output
    heat = next(line for line in result.output.splitlines() if line.startswith("Extreme heat"))
    assert "clear" in result.output and "+" in heat
    as_json = cli("triggers", "--weather", "--json")
    document = json.loads(as_json.output)
    assert document["max_temperature"]["days_with"] > 150
    (row,) = [r for r in document["triggers"] if r["trigger"] == "heat"]
    assert row["ci_low"] > 0  # the planted 2 points on hot days, found


def test_triggers_without_enough_weather_say_so(cli: CliRun, db_path: Path) -> None:
    assert cli("day", "--date", "2026-11-20", "--avg", "4").exit_code == 0
    result = cli("triggers", "--weather")
    assert result.exit_code == 0, result.output
    assert "Maximum temperature: not enough data: 0 of the days with daily pain" in result.output


def test_flaredown_weather_goes_to_the_day_weather(cli: CliRun, db_path: Path) -> None:
    from tests.test_flaredown import SAMPLE, _day

    kept = _write(db_path.parent, "dwd.csv", DWD.replace("20260701", "20170302"))
    assert cli("import", str(kept), "--format", "weather").exit_code == 0
    result = cli("import", str(SAMPLE), "--format", "flaredown", "--user", "QEVuQwEAx7")
    assert result.exit_code == 0, result.output
    assert "4 days' maximum temperature and humidity kept as the day's weather" in result.output
    weather = {row[0]: row for row in _weather(db_path)}
    # 46 °F and 95% on 3 March 2017; the DWD file's 2 March stays as it was.
    assert weather["2017-03-03"] == ("2017-03-03", 7.78, None, 95.0, "flaredown")
    assert weather["2017-03-02"] == ("2017-03-02", 28.9, 22.4, 58.0, "dwd")
    note = _day(db_path, "2017-03-03").note or ""
    assert "temperature_max" not in note and "humidity" not in note
    assert "Weather: icon rain; temperature_min 40.0" in note


def test_the_trends_chart_shows_the_weeks_temperature(
    cli: CliRun, tmp_path: Path, db_path: Path
) -> None:
    from painlog.analysis.frames import make_frames
    from painlog.analysis.weather import weekly_temperatures

    frames = make_frames(
        weather=[("2026-06-29", 20.0, None, None), ("2026-07-01", 30.0, None, 50.0)]
    )
    weeks = [date(2026, 6, 22), date(2026, 6, 29)]
    assert weekly_temperatures(frames, weeks) == [None, 25.0]  # the week of Monday 29 June
    assert weekly_temperatures(make_frames(), weeks) == []

    _diary_with_weather(db_path, hot_effect=1.0, days=120)
    chart = tmp_path / "trends.png"
    result = cli("trends", "--from", "2026-07-01", "--to", "2026-10-31", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


_CELSIUS = st.one_of(st.none(), st.floats(min_value=-90, max_value=60).map(lambda v: round(v, 1)))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.dictionaries(
        st.dates(min_value=date(1950, 1, 1), max_value=date(2026, 11, 24)),
        st.tuples(_CELSIUS, _CELSIUS, st.one_of(st.none(), st.integers(0, 100))),
        min_size=1,
        max_size=30,
    ),
    fahrenheit=st.booleans(),
)
def test_any_open_meteo_file_reads_back_as_written(
    tmp_path: Path,
    rows: dict[date, tuple[float | None, float | None, int | None]],
    fahrenheit: bool,
) -> None:
    from painlog.errors import BadInput
    from painlog.services.weather import read_weather

    unit = "°F" if fahrenheit else "°C"

    def shown(value: float | None) -> str:
        if value is None:
            return ""
        return f"{value * 9 / 5 + 32:.4f}" if fahrenheit else f"{value}"

    lines = [
        "latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation",
        "52.52,13.41,38.0,3600,Europe/Berlin,GMT+1",
        "",
        f"time,temperature_2m_max ({unit}),temperature_2m_mean ({unit}),"
        "relative_humidity_2m_mean (%)",
    ]
    for day, (tmax, tmean, humidity) in sorted(rows.items()):
        lines.append(f"{day},{shown(tmax)},{shown(tmean)},{'' if humidity is None else humidity}")
    path = tmp_path / "om.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = {d: v for d, v in rows.items() if any(x is not None for x in v)}
    if not expected:
        with pytest.raises(BadInput, match="has no day with weather values"):
            read_weather(path=path)
        return
    read = read_weather(path=path)
    assert [w.day for w in read.days] == sorted(expected)
    assert read.empty_rows == len(rows) - len(expected)
    for weather in read.days:
        tmax, tmean, humidity = expected[weather.day]
        for got, wanted in ((weather.temp_max, tmax), (weather.temp_mean, tmean)):
            assert (got is None) == (wanted is None)
            if got is not None and wanted is not None:
                assert abs(got - wanted) <= 0.01
        assert weather.humidity == (None if humidity is None else float(humidity))


def test_flaredown_weather_out_of_range_imports_nothing(
    cli: CliRun, tmp_path: Path, db_path: Path
) -> None:
    from tests.test_flaredown import SAMPLE

    bad = _write(tmp_path, "fd.csv", SAMPLE.read_text().replace("humidity,95.0", "humidity,140"))
    result = cli("import", str(bad), "--format", "flaredown", "--user", "QEVuQwEAx7")
    assert result.exit_code == 2
    assert 'fd.csv line 46: humidity "140" is not a percentage from 0 to 100.' in result.stderr
    assert _weather(db_path) == []


def test_an_hourly_file_is_refused_as_one(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    hourly = "time,temperature_2m (°C)\n2026-07-01T00:00,18.2\n2026-07-01T01:00,17.9\n"
    path = _write(tmp_path, "hourly.csv", hourly.replace("temperature_2m", "temperature_2m_max"))
    result = cli("import", str(path), "--format", "weather")
    assert result.exit_code == 2
    assert "is a time of day: this is an hourly file; painlog takes daily files" in result.stderr
    assert _weather(db_path) == []


def test_a_weather_import_keeps_a_safety_copy_only_when_it_changed_the_diary(
    cli: CliRun, tmp_path: Path, db_path: Path
) -> None:
    assert cli("log", "5", "--where", "neck").exit_code == 0
    path = _write(tmp_path, "10384.csv", METEOSTAT)

    def copies() -> list[Path]:
        return sorted(db_path.parent.glob("*-before-import-*"))

    first = cli("import", str(path), "--format", "weather")
    assert first.exit_code == 0, first.output
    assert len(copies()) == 1 and "is kept at" in first.output
    again = cli("import", str(path), "--format", "weather")  # nothing new in it
    assert again.exit_code == 0, again.output
    assert len(copies()) == 1 and "is kept at" not in again.output
    warmer = _write(tmp_path, "warmer.csv", METEOSTAT.replace("29.8", "30.4"))
    changed = cli("import", str(warmer), "--format", "weather")
    assert changed.exit_code == 0, changed.output
    assert "0 added · 1 updated" in changed.output and len(copies()) == 2
