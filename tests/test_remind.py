"""painlog remind: an .ics file that parses back with icalendar and holds what was asked for."""

from __future__ import annotations

import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from tests.conftest import CliRun, dump

pytestmark = pytest.mark.clock  # "today" is the first day of the reminders


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(calendar: Calendar) -> list[object]:
    return list(calendar.walk("VEVENT"))


def test_a_daily_checkin_reminder(
    cli: CliRun, tmp_path: Path, db_path: Path, fixed_wednesday: datetime
) -> None:
    target = tmp_path / "painlog.ics"
    result = cli("remind", "--checkin", "21:00", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Wrote {target}: a check-in every day at 21:00.")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not db_path.exists()  # reminders need no diary, and open none
    (event,) = events(read(target))
    start = event.decoded("dtstart")
    assert start == datetime(2026, 11, 25, 21, 0)  # today, floating: no time zone
    assert start.tzinfo is None
    assert event["rrule"]["FREQ"] == ["DAILY"]
    assert "INTERVAL" not in event["rrule"]
    assert str(event["summary"]) == "Diary check-in"
    (alarm,) = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(0)


def test_a_dose_every_n_days_from_a_day(cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "doses.ics"
    result = cli(
        "remind", "--checkin", "9pm", "--dmt", "Copaxone  injection", "--every", "28d",
        "--from", "2026-12-03", "--dose-at", "8:30", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    checkin, dose = events(read(target))
    assert checkin.decoded("dtstart").time() == time(21, 0)
    assert str(dose["summary"]) == "Copaxone injection"  # as typed, spaces tidied
    assert dose.decoded("dtstart") == datetime(2026, 12, 3, 8, 30)
    assert dose["rrule"]["FREQ"] == ["DAILY"] and dose["rrule"]["INTERVAL"] == [28]
    assert len(dose.walk("VALARM")) == 1
    assert checkin["uid"] != dose["uid"]


def test_weeks_and_plain_numbers_are_days_too(
    cli: CliRun, tmp_path: Path, fixed_wednesday: datetime
) -> None:
    for every, days in (("2w", 14), ("14", 14), ("3 days", 3)):
        target = tmp_path / f"every-{days}-{every.replace(' ', '')}.ics"
        result = cli("remind", "--dmt", "Injection", "--every", every, "-o", str(target))
        assert result.exit_code == 0, result.output
        (dose,) = events(read(target))
        assert dose["rrule"]["INTERVAL"] == [days]
        assert dose.decoded("dtstart").date() == date(2026, 11, 25)  # --from defaults to today


def test_the_events_hold_nothing_but_what_was_typed(
    cli: CliRun, tmp_path: Path, db_path: Path
) -> None:
    logged = cli("log", "--pain", "8", "--where", "neck", "--note", "very private words")
    assert logged.exit_code == 0
    target = tmp_path / "painlog.ics"
    made = cli("remind", "--checkin", "21:00", "--dmt", "Pill", "--every", "1", "-o", str(target))
    assert made.exit_code == 0, made.output
    text = target.read_text(encoding="utf-8")
    assert "private" not in text and "neck" not in text.lower() and "8/10" not in text
    texts = {
        str(component[key])
        for component in read(target).walk()
        for key in ("SUMMARY", "DESCRIPTION")
        if key in component
    }
    assert texts == {"Diary check-in", "painlog day", "Pill"}


def test_uids_are_stable_so_a_new_file_updates_the_calendar(cli: CliRun, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    made = cli("remind", "--checkin", "21:00", "--dmt", "Pill", "--every", "2", "-o", str(first))
    assert made.exit_code == 0, made.output
    args = ("--checkin", "20:00", "--dmt", "pill", "--every", "3", "-o", str(second))
    assert cli("remind", *args).exit_code == 0
    uids = [[str(e["uid"]) for e in events(read(path))] for path in (first, second)]
    assert uids[0] == uids[1]


def test_the_checkin_time_setting_is_the_default(
    cli: CliRun,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fixed_wednesday: datetime,
) -> None:
    monkeypatch.setenv("PAINLOG_CONFIG", str(tmp_path / "config.toml"))
    assert cli("config", "set", "checkin-time", "21:30").exit_code == 0
    target = tmp_path / "painlog.ics"
    result = cli("remind", "-o", str(target))
    assert result.exit_code == 0, result.output
    (event,) = events(read(target))
    assert event.decoded("dtstart") == datetime(2026, 11, 25, 21, 30)


def test_an_existing_file_is_kept_unless_forced(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    target = tmp_path / "painlog.ics"
    target.write_text("my own calendar\n")
    assert cli("log", "--pain", "3", "--where", "neck").exit_code == 0
    before = dump(db_path)
    refused = cli("remind", "--checkin", "21:00", "-o", str(target))
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        f"painlog: {target} already exists; add --force to replace it, or choose another -o."
    )
    assert target.read_text() == "my own calendar\n"
    assert dump(db_path) == before
    forced = cli("remind", "--checkin", "21:00", "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert len(events(read(target))) == 1


def test_the_dose_day_may_be_tomorrow_or_the_last_dose(
    cli: CliRun, tmp_path: Path, fixed_wednesday: datetime
) -> None:
    # Wednesday 25 November: tomorrow is the 26th, "monday" the dose two days ago.
    for typed, first in (("tomorrow", date(2026, 11, 26)), ("monday", date(2026, 11, 23))):
        target = tmp_path / f"{typed}.ics"
        args = ("--dmt", "Pill", "--every", "2", "--from", typed, "-o", str(target))
        result = cli("remind", *args)
        assert result.exit_code == 0, result.output
        (dose,) = events(read(target))
        assert dose.decoded("dtstart") == datetime.combine(first, time(9, 0))


@given(number=st.integers(0, 2000), unit=st.sampled_from(["", "d", " days", "w", " weeks"]))
def test_every_reads_days_and_weeks_and_refuses_the_rest(number: int, unit: str) -> None:
    from painlog.errors import BadInput
    from painlog.services.reminders import MAX_EVERY_DAYS, parse_every

    days = number * (7 if unit.strip().startswith("w") else 1)
    if 1 <= days <= MAX_EVERY_DAYS and number < 10_000:
        assert parse_every(f"{number}{unit}") == days
    else:
        with pytest.raises(BadInput) as refused:
            parse_every(f"{number}{unit}")
        assert refused.value.field == "every"
