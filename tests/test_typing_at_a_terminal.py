"""A person at a real terminal (a pseudo-terminal driven by pexpect) types an
interactive log and day check-in: arrow keys, Backspace, Tab and a typo."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pexpect

from tests.conftest import CliRun

LEFT = "\x1b[D"
BACKSPACE = "\x7f"
TAB = "\t"
ENTER = "\r"


def spawn(db: Path, *args: str) -> Any:
    env = {**os.environ, "PAINLOG_DB": str(db), "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("PAINLOG_DEBUG", None)
    child = pexpect.spawn(
        sys.executable, ["-m", "painlog", *args], env=env, encoding="utf-8", timeout=60
    )
    child.setwinsize(40, 120)
    return child


def answer(child: Any, question: str, keys: str) -> None:
    child.expect_exact(question)
    child.send(keys)


def finish(child: Any) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def test_an_interactive_log_and_day_are_saved_as_meant(cli: CliRun, db_path: Path) -> None:
    child = spawn(db_path, "log")
    answer(child, "Pain now, 0-10", "6" + ENTER)
    answer(child, "Pain type", "spas" + TAB + ENTER)  # Tab completes spasticity
    answer(child, "Where", "lower-b" + TAB + ENTER)  # and lower-back
    answer(child, "How it feels", "tigt" + LEFT + "h" + ENTER)  # back one, mend it: tight
    answer(child, "Triggers", "heta" + ENTER)  # a typo...
    answer(child, "did you mean Extreme heat? [Y/n]", "y" + ENTER)  # ...offered as a question
    answer(child, "When? (e.g. 21:30, 9pm, last night, 2h ago) [now]", ENTER)
    answer(child, "Remedies tried", "bacl" + TAB + ENTER)
    answer(child, "How long, in minutes", ENTER)
    answer(child, "Note", "legs heavy" + ENTER)
    child.expect_exact("Logged entry 1")
    status, _ = finish(child)
    assert status == 0

    entry = json.loads(cli("show", "1", "--json").stdout)
    assert entry["intensity"] == 6
    assert entry["pain_type"] == "spasticity"
    assert entry["locations"] == ["lower-back"]
    assert entry["qualities"] == ["tight"]
    assert entry["triggers"] == ["heat"]
    assert [r["remedy"] for r in entry["remedies"]] == ["baclofen"]
    assert entry["note"] == "legs heavy"

    child = spawn(db_path, "day")
    answer(child, "Average pain today", "4" + ENTER)
    answer(child, "Worst pain today", "87" + LEFT + BACKSPACE + ENTER)  # the 8 taken back: 7
    answer(child, "enjoying life", ENTER)  # Enter skips
    answer(child, "general activity", "11" + ENTER)  # out of range: asked again
    answer(child, "must be from 0 to 10, not 11", "")
    answer(child, "general activity", ENTER)
    answer(child, "Sleep quality", "5" + ENTER)
    answer(child, "Fatigue", ENTER)
    answer(child, "Spasticity", ENTER)
    answer(child, "Triggers present today", "humi" + TAB + ENTER)
    answer(child, "Note", ENTER)
    child.expect_exact("Recorded the check-in")
    status, _ = finish(child)
    assert status == 0

    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT average_pain, worst_pain, enjoyment, activity, sleep_quality, fatigue, "
            "spasticity, note FROM day_checkins"
        ).fetchall()
        exposures = conn.execute('SELECT "trigger" FROM day_exposures').fetchall()
    assert rows == [(4, 7, None, None, 5, None, None, None)]
    assert exposures == [("humidity",)]


def test_ctrl_c_in_the_middle_saves_nothing(db_path: Path) -> None:
    child = spawn(db_path, "log")
    answer(child, "Pain now, 0-10", "6" + ENTER)
    answer(child, "Pain type", "spasticity" + ENTER)
    answer(child, "Where", "neck")
    child.expect_exact("neck")  # on the screen: readline has the half-typed answer
    child.sendintr()
    status, out = finish(child)
    assert status == 130
    assert "interrupted; nothing more was changed" in out
    if db_path.exists():
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT count(*) FROM entries").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM history").fetchone() == (0,)
