"""trends, patterns, triggers and remedies through the CLI, on real diaries."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.simulate import record, simulate
from painlog.storage.diary import diary_session, open_diary
from painlog.when import local_now
from tests.conftest import TEST_TZ, CliRun

pytestmark = pytest.mark.clock

TREND_KEYS = {
    "week_start",
    "observed_days",
    "entries",
    "mean_intensity",
    "max_intensity",
    "mean_daily_pain",
    "mean_peg",
    "by_type",
    "top_triggers",
    "days_in_period",
    "pain_days",
    "thin",
}
TRIGGER_KEYS = {
    "trigger",
    "lag",
    "days_with",
    "days_without",
    "mean_with",
    "mean_without",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "q_value",
    "status",
    "together_with",
    "reason",
}
REMEDY_KEYS = {
    "remedy",
    "uses",
    "followed_up",
    "median_change",
    "responder_share",
    "median_minutes_to_follow_up",
    "status",
    "left_out",
    "mean_change",
    "responder_low",
    "responder_high",
    "comparison_status",
    "comparison_followups",
    "comparison_change",
    "difference",
    "ci_low",
    "ci_high",
    "reason",
}


@pytest.fixture(autouse=True)
def pinned_clock() -> Iterator[None]:
    """Every test here reads "now": a fixed Saturday evening, so the weeks are the same
    whatever day the suite runs."""
    with time_machine.travel(datetime(2026, 11, 21, 21, 0, tzinfo=ZoneInfo(TEST_TZ)), tick=False):
        yield


@pytest.fixture
def simulated(db_path: Path) -> Path:
    """Twelve simulated weeks up to now, written through the services."""
    now = local_now()
    opened = open_diary(db_path)
    with diary_session(opened) as session:
        record(session=session, days=list(simulate(days=84, end=now.date(), seed=3)), now=now)
    opened.engine.dispose()
    return db_path


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return result


def log(cli: CliRun, *args: str) -> None:
    ok(cli("log", "--where", "lower-back", *args))


# --- JSON shapes ------------------------------------------------------------------


def test_trends_json_has_one_object_per_iso_week(cli: CliRun, simulated: Path) -> None:
    weeks = json.loads(ok(cli("trends", "--weeks", "6", "--json")).stdout)
    assert len(weeks) == 6
    monday = local_now().date() - timedelta(days=local_now().weekday())
    assert weeks[-1]["week_start"] == monday.isoformat()
    for week in weeks:
        assert set(week) == TREND_KEYS
        assert date.fromisoformat(week["week_start"]).weekday() == 0
        assert 0 < week["observed_days"] <= 7
        if week["pain_days"]:
            assert 0 <= week["mean_daily_pain"] <= 10
        if week["entries"]:
            assert week["max_intensity"] >= week["mean_intensity"]
        else:  # a week just begun may hold only a check-in
            assert week["max_intensity"] is None and week["mean_intensity"] is None
        assert week["thin"] == (week["days_in_period"] < 7 or week["pain_days"] < 4)
        assert sum(week["by_type"].values()) == week["entries"]
        assert len(week["top_triggers"]) <= 3
    default = json.loads(ok(cli("trends", "--json")).stdout)
    assert len(default) == 12


def test_triggers_and_remedies_json(cli: CliRun, simulated: Path) -> None:
    rows = json.loads(ok(cli("triggers", "--json")).stdout)
    assert rows and all(set(row) == TRIGGER_KEYS for row in rows)
    tested = [row for row in rows if row["difference"] is not None]
    assert rows[: len(tested)] == tested  # rows without numbers (not-enough-data) come last
    for row in tested:
        assert row["status"] in ("ok", "inseparable")
        assert row["ci_low"] < row["difference"] < row["ci_high"]
        assert 0 <= row["p_value"] <= row["q_value"] <= 1  # 4 decimals: a tiny p shows as 0.0
        assert row["lag"] in (0, 1, 2)  # each trigger at its clearest lag
    for row in rows:
        assert (row["status"] == "inseparable") == bool(row["together_with"])
        assert (row["status"] == "ok") == (row["reason"] is None)
    # The simulated person's pain rises on hot days.
    heat = next(row for row in rows if row["trigger"] == "heat")
    assert heat["status"] == "ok" and heat["ci_low"] > 0
    lagged = json.loads(ok(cli("triggers", "--lag", "2", "--json")).stdout)
    assert {row["lag"] for row in lagged} == {2}

    remedies = json.loads(ok(cli("remedies", "--json")).stdout)
    assert remedies
    for row in remedies:
        assert set(row) == REMEDY_KEYS | {"by_type"}
        assert row["followed_up"] <= row["uses"]
        for part in row["by_type"]:
            assert set(part) == REMEDY_KEYS - {"remedy"} | {"pain_type"}
    baclofen = next(row for row in remedies if row["remedy"] == "baclofen")
    assert baclofen["status"] == "ok" and baclofen["median_change"] < 0


def test_insufficient_data_gives_nulls(cli: CliRun) -> None:
    for day in range(8):  # two hours before now, so the follow-up "now" comes after each
        at = (local_now() - timedelta(days=day, hours=2)).strftime("%Y-%m-%d %H:%M")
        trigger = ["--trigger", "heat"] if day < 2 else []
        log(cli, "--pain", str(3 + day % 4), "--at", at, *trigger, "--remedy", "ibuprofen")
    ok(cli("relief", "1", "--remedy", "ibuprofen", "--pain-after", "1"))
    (heat,) = json.loads(ok(cli("triggers", "--json")).stdout)
    assert heat["status"] == "not-enough-data" and "check-in" in heat["reason"]
    assert (heat["days_with"], heat["days_without"]) == (0, 0)  # no day with daily pain
    for key in TRIGGER_KEYS - {
        "trigger",
        "lag",
        "days_with",
        "days_without",
        "status",
        "reason",
        "together_with",
    }:
        assert heat[key] is None
    (ibuprofen,) = json.loads(ok(cli("remedies", "--json")).stdout)
    assert (ibuprofen["uses"], ibuprofen["followed_up"]) == (8, 1)
    assert ibuprofen["status"] == "not-enough-data" and ibuprofen["median_change"] is None
    text = ok(cli("triggers")).stdout
    assert "Not enough data" in text and "extreme heat" in text


# --- text -----------------------------------------------------------------------------


def test_text_tables_say_associated_and_end_with_the_reminder(cli: CliRun, simulated: Path) -> None:
    text = ok(cli("triggers")).stdout
    assert "is associated with higher daily pain" in text
    assert "cause" not in text.replace("not proof that a trigger causes pain", "")
    assert text.rstrip().splitlines()[-1] == (
        "Reminder: these are associations in your own diary, not proof that a trigger causes pain."
    )
    trends = ok(cli("trends", "--weeks", "4")).stdout
    assert trends.startswith("Weekly trends,") and "(4 weeks," in trends
    remedies = ok(cli("remedies")).stdout
    assert "Baclofen" in remedies and "Without (n)" in remedies and "Difference (95%)" in remedies
    patterns = ok(cli("patterns")).stdout
    assert "By hour of the day" in patterns and "Sunday" in patterns


def test_a_period_with_no_observed_days_is_said_plainly(cli: CliRun, tmp_path: Path) -> None:
    log(cli, "--pain", "4", "--at", "2026-01-05 10:00", "--trigger", "heat")
    period = ("--from", "2025-06-02", "--to", "2025-06-15")
    text = ok(cli("trends", *period, "--chart", str(tmp_path / "t.png"))).stdout
    assert text.startswith("No observed days from 2025-06-02 to 2025-06-15")
    assert "No chart written" in text and not (tmp_path / "t.png").exists()
    weeks = json.loads(ok(cli("trends", *period, "--json")).stdout)
    assert [w["week_start"] for w in weeks] == ["2025-06-02", "2025-06-09"]
    assert all(w["observed_days"] == 0 and w["mean_daily_pain"] is None for w in weeks)
    assert json.loads(ok(cli("triggers", *period, "--json")).stdout) == []
    assert json.loads(ok(cli("remedies", *period, "--json")).stdout) == []
    assert ok(cli("triggers", *period)).stdout.startswith("No observed days")
    assert ok(cli("patterns", *period)).stdout.startswith("No observed days")


# --- the person's calendar ---------------------------------------------------------


def test_entries_count_on_their_local_day_and_week_across_dst(cli: CliRun) -> None:
    # Berlin moves its clocks forward on Sunday 29 March 2026 at 02:00.
    log(cli, "--pain", "3", "--at", "2026-03-29 01:30")  # before the change, +01:00
    log(cli, "--pain", "5", "--at", "2026-03-29 23:50")  # after it, +02:00; still Sunday
    log(cli, "--pain", "7", "--at", "2026-03-30 00:10")  # Monday: the next ISO week
    log(cli, "--pain", "9", "--at", "2026-03-25T07:00+09:00")  # logged while abroad
    weeks = json.loads(
        ok(cli("trends", "--from", "2026-03-23", "--to", "2026-04-05", "--json")).stdout
    )
    first, second = weeks
    assert first["week_start"] == "2026-03-23" and second["week_start"] == "2026-03-30"
    assert (first["entries"], first["observed_days"], first["max_intensity"]) == (3, 2, 9)
    assert (second["entries"], second["max_intensity"]) == (1, 7)
    hours = json.loads(
        ok(cli("patterns", "--from", "2026-03-23", "--to", "2026-04-05", "--json")).stdout
    )["by_hour"]
    # Hours are the clock the person lived by, not UTC.
    assert {h["hour"] for h in hours if h["entries"]} == {0, 1, 7, 23}


def test_deleted_entries_are_left_out(cli: CliRun) -> None:
    for day in range(12):
        # From yesterday back: today's 10:00 is still ahead just after midnight.
        at = (local_now() - timedelta(days=day + 1)).strftime("%Y-%m-%d 10:00")
        log(cli, "--pain", "4", "--at", at, "--trigger", "heat" if day % 2 else "stress")
    log(cli, "--pain", "10", "--trigger", "tight-clothing", "--remedy", "massage")
    ok(cli("delete", "13"))
    weeks = json.loads(ok(cli("trends", "--weeks", "3", "--json")).stdout)
    assert sum(w["entries"] for w in weeks) == 12
    assert max(w["max_intensity"] or 0 for w in weeks) == 4
    triggers = {row["trigger"] for row in json.loads(ok(cli("triggers", "--json")).stdout)}
    assert triggers == {"heat", "stress"}
    assert json.loads(ok(cli("remedies", "--json")).stdout) == []


# --- options ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("trends", "--from", "2026-03-10", "--to", "2026-03-01"),
        ("trends", "--weeks", "0"),
        ("patterns", "--weeks", "-2"),
        ("trends", "--weeks", "4", "--from", "2026-01-01"),
        ("triggers", "--lag", "3"),
        ("triggers", "--lag", "-1"),
        ("remedies", "--from", "someday"),
        ("trends", "--chart", "trends.jpg"),
        ("triggers", "--chart", "no-such-folder/triggers.png"),
    ],
)
def test_bad_options_get_one_line_and_exit_2(cli: CliRun, db_path: Path, args: tuple) -> None:  # type: ignore[type-arg]
    result = cli(*args)
    assert result.exit_code == 2
    assert result.output.startswith("painlog: ") and result.output.count("\n") == 1
    assert not db_path.exists()  # refused before the diary was opened


def test_a_folder_is_not_a_chart_file(cli: CliRun, tmp_path: Path) -> None:
    (tmp_path / "chart.png").mkdir()
    result = cli("trends", "--chart", str(tmp_path / "chart.png"))
    assert result.exit_code == 2 and "is a folder" in result.output


# --- charts ------------------------------------------------------------------------------


def png_text(path: Path) -> dict[str, str]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[str, str] = {}
    offset = 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\x00")
            chunks[key.decode("latin-1")] = value.decode("latin-1")
        offset += 12 + length
    return chunks


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]


def test_trends_chart_png_and_svg(cli: CliRun, simulated: Path, tmp_path: Path) -> None:
    png = tmp_path / "trends.png"
    result = ok(cli("trends", "--weeks", "8", "--chart", str(png)))
    assert f"Wrote the chart {png}." in result.stdout
    title = png_text(png)["Title"]
    assert title.startswith("Weekly pain trends, ") and title.endswith("(8 weeks)")
    width, _ = png_size(png)
    assert 1200 <= width <= 1300  # A4 width (8.27 in) at 150 dpi
    assert png.stat().st_mode & 0o777 == 0o600  # health data: the owner's only

    svg = tmp_path / "trends.SVG"
    ok(cli("trends", "--weeks", "8", "--chart", str(svg)))
    texts = svg_texts(svg)
    assert title in texts
    for label in ("Mean daily pain", "Worst episode (highest entry pain)", "Entries"):
        assert label in texts
    refused = cli("trends", "--weeks", "8", "--chart", str(svg))
    assert refused.exit_code == 2 and "add --force to replace it" in refused.stderr
    again = ok(cli("trends", "--weeks", "8", "--chart", str(svg), "--json", "--force"))
    assert f"Replaced the chart {svg}." in again.stderr
    json.loads(again.stdout)  # the chart message stays off stdout with --json
    assert not list(tmp_path.glob(".*painlog-tmp*"))  # no temporary files left behind


def test_a_gap_week_is_marked_in_the_chart(cli: CliRun, tmp_path: Path) -> None:
    log(cli, "--pain", "4", "--at", "2026-03-02 10:00")
    log(cli, "--pain", "6", "--at", "2026-03-17 10:00")
    svg = tmp_path / "gap.svg"
    ok(cli("trends", "--from", "2026-03-02", "--to", "2026-03-22", "--chart", str(svg)))
    assert "No day recorded (a gap, not a zero)" in svg_texts(svg)


def test_a_thin_week_is_a_hollow_point_with_its_days(cli: CliRun, tmp_path: Path) -> None:
    for day in range(2, 9):  # a full week of check-ins, then two days of the next
        _day(cli, f"2026-03-0{day}", 4)
    _day(cli, "2026-03-10", 6)
    _day(cli, "2026-03-11", 5)
    svg = tmp_path / "thin.svg"
    ok(cli("trends", "--from", "2026-03-02", "--to", "2026-03-15", "--chart", str(svg)))
    texts = svg_texts(svg)
    assert "Thin week (days shown)" in texts and "2 d" in texts
    assert "1 d" not in texts and "7 d" not in texts  # the full week has no mark
    table = ok(cli("trends", "--from", "2026-03-02", "--to", "2026-03-15")).stdout
    assert "pain on 2 days" in table


def test_triggers_and_patterns_charts(cli: CliRun, simulated: Path, tmp_path: Path) -> None:
    svg = tmp_path / "triggers.svg"
    ok(cli("triggers", "--lag", "1", "--chart", str(svg)))
    texts = svg_texts(svg)
    assert any(t.startswith("Triggers and daily pain the next day, ") for t in texts)
    assert any("Associations in your own diary" in t for t in texts)
    png = tmp_path / "patterns.png"
    ok(cli("patterns", "--chart", str(png)))
    assert png_text(png)["Title"].startswith("When pain happens, ")


# --- what the quick commands load, and help ---------------------------------------------


def test_log_list_and_show_do_not_load_the_analysis_libraries(db_path: Path) -> None:
    heavy = ("pandas", "matplotlib", "numpy", "scipy", "alembic")
    probe = (
        "import sys\n"
        "from painlog.launch import main\n"
        "try:\n    main()\n"
        "except SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
        f"print('loaded:' + ','.join(m for m in {heavy!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "PAINLOG_DB": str(db_path)}

    def loaded(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1].removeprefix("loaded:")

    loaded("log", "--pain", "5", "--where", "lower-back")  # creates the diary (Alembic)
    assert loaded("log", "--pain", "6", "--where", "hip", "--trigger", "heat") == ""
    assert loaded("list") == ""
    assert loaded("show", "1") == ""
    assert "pandas" in loaded("trends", "--json")  # the probe does see them when used


@pytest.mark.parametrize("command", ["trends", "patterns", "triggers", "remedies"])
def test_analysis_commands_have_help_with_an_example(cli: CliRun, command: str) -> None:
    result = ok(cli(command, "--help"))
    assert f"Example: painlog {command}" in result.stdout


def _day(cli: CliRun, day: str, avg: int, *exposures: str) -> None:
    args = ["day", "--date", day, "--avg", str(avg)]
    for exposure in exposures:
        args += ["--exposure", exposure]
    assert cli(*args).exit_code == 0


def test_lag_weighs_the_days_before_from_against_the_pain_of_the_first_days(
    cli: CliRun,
) -> None:
    """The model's rows are the period's days; a trigger just before --from counts at lag 1."""
    from datetime import date, timedelta

    first = date(2026, 6, 1)
    hot = {o for o in range(40) if o % 4 == 0 or o % 7 == 3}  # irregular, like weather
    for offset in range(40):
        day = first + timedelta(days=offset)
        pain = (8 if offset - 1 in hot else 3) + offset % 2
        _day(cli, day.isoformat(), pain, *(["heat"] if offset in hot else []))
    start, last = 4, 30
    shown = json.loads(
        cli(
            "triggers",
            "--lag",
            "1",
            "--from",
            (first + timedelta(days=start)).isoformat(),
            "--to",
            (first + timedelta(days=last)).isoformat(),
            "--json",
        ).stdout
    )
    [heat] = [row for row in shown if row["trigger"] == "heat"]
    # Rows: days 4 to 30; day 3 (hot) is before --from but counts for day 4, and a hot
    # day 30 would only show on day 31, after --to.
    expected = sum(1 for t in range(start, last + 1) if t - 1 in hot)
    assert 3 in hot and heat["days_with"] == expected
    assert heat["days_with"] + heat["days_without"] == last - start + 1
    assert 8 <= heat["mean_with"] <= 9 and heat["difference"] > 4
    assert heat["status"] == "ok" and heat["ci_low"] < heat["ci_high"]


def test_a_lower_pain_trigger_gets_a_small_p_too(cli: CliRun) -> None:
    from datetime import date, timedelta

    first = date(2026, 6, 1)
    for offset in range(40):
        cool = offset % 4 == 0
        _day(
            cli,
            (first + timedelta(days=offset)).isoformat(),
            2 if cool else 6 + offset % 2,
            *(["cold"] if cool else []),
        )
    [cold] = json.loads(cli("triggers", "--from", first.isoformat(), "--json").stdout)
    assert cold["difference"] < -3 and cold["p_value"] < 0.01


def test_follow_up_time_counts_from_when_the_remedy_was_taken(cli: CliRun) -> None:
    for day in ("2026-06-01", "2026-06-02", "2026-06-03"):
        assert (
            cli(
                "log",
                "-p",
                "7",
                "-w",
                "neck",
                "--at",
                f"{day} 10:00",
                "--remedy",
                "baclofen@11:00",
                "--quiet",
            ).exit_code
            == 0
        )
    for entry in ("1", "2", "3"):
        assert (
            cli(
                "relief", entry, "--remedy", "baclofen", "--pain-after", "3", "--at", "12:30"
            ).exit_code
            == 0
        )
    [row] = json.loads(cli("remedies", "--json").stdout)
    assert row["median_minutes_to_follow_up"] == 90  # from 11:00, not from the entry's 10:00
