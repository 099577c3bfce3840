"""painlog week, plain painlog on a terminal, and colour only where it belongs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliRun

pytestmark = pytest.mark.usefixtures("fixed_wednesday")  # its days are written for that moment

ESC = "\x1b["


def ok(cli: CliRun, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def week(cli: CliRun) -> None:
    ok(cli, "log", "7", "-w", "lower-back", "-T", "heat,stress", "--at", "2026-11-24 20:00")
    ok(cli, "log", "3", "-w", "neck", "-T", "heat", "--at", "2026-11-24 08:00")
    ok(cli, "log", "4", "-w", "neck", "--at", "2026-11-21 08:00")
    ok(cli, "day", "--date", "2026-11-24", "--avg", "5", "--worst", "8")
    ok(cli, "day", "--date", "2026-11-19", "--avg", "2")  # the day before the week: left out


@pytest.mark.usefixtures("week")
def test_week_shows_seven_days_with_bars_and_missing_check_ins(cli: CliRun) -> None:
    lines = ok(cli, "week").splitlines()
    assert lines[0] == "Your week: Thu 19 Nov to Wed 25 Nov 2026"
    days = lines[3:10]
    assert [line.split("  ")[0] for line in days] == [
        "Thu 19 Nov",
        "Fri 20 Nov",
        "Sat 21 Nov",
        "Sun 22 Nov",
        "Mon 23 Nov",
        "Tue 24 Nov",
        "today",
    ]
    tuesday = days[5].split()
    # The worst of the day: the check-in's 8 beats the entries' 7.
    assert tuesday[3:6] == ["████████··", "8", "2"]
    assert "extreme heat, stress" in days[5]
    assert days[5].endswith("done (avg 5, worst 8)")
    assert "done (avg 2)" in days[0]
    assert days[2].split()[3:6] == ["████······", "4", "1"]
    assert days[1].endswith("none: painlog day --date 2026-11-20")
    assert days[6].endswith("not yet: painlog day")
    assert lines[10] == "5 of 7 days without a check-in; each line gives the command to add one."
    assert ESC not in "\n".join(lines)  # not a terminal: no colour


@pytest.mark.usefixtures("week")
def test_week_says_when_todays_check_in_is_due(cli: CliRun) -> None:
    ok(cli, "config", "set", "checkin-time", "21:30")
    assert ok(cli, "week").splitlines()[9].endswith("due at 21:30: painlog day")
    ok(cli, "config", "set", "checkin-time", "09:00")  # the pinned clock says 10:30
    assert ok(cli, "week").splitlines()[9].endswith("not yet: painlog day")


def test_an_empty_week_says_how_to_start(cli: CliRun) -> None:
    out = ok(cli, "week")
    assert out.strip().endswith("Nothing logged this week: painlog log 6 records a pain of 6.")


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run painlog with a pseudo-terminal as stdin and stdout; return what it printed."""
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "painlog", *args],
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closes when painlog ends
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    finally:
        os.close(leader)
    return b"".join(chunks).decode()


def test_plain_painlog_shows_the_week_on_a_terminal_and_help_elsewhere(db_path: Path) -> None:
    env = {**os.environ, "PAINLOG_DB": str(db_path), "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    shown = _on_a_terminal(env=env)
    assert "Your week:" in shown
    assert f"{ESC}1mDay{ESC}0m" in shown  # bold header: colour on a terminal
    plain = _on_a_terminal(env={**env, "NO_COLOR": "1"})
    assert "Your week:" in plain
    assert ESC not in plain
    piped = subprocess.run(
        [sys.executable, "-m", "painlog"], capture_output=True, text=True, env=env, check=False
    )
    assert "Usage: painlog" in piped.stdout
    assert "Your week" not in piped.stdout
