"""Every test gets its own diary under tmp_path; no test can touch a real one."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from painlog.cli import build_app
from painlog.cli.common import ROOT
from painlog.storage.diary import Diary, diary_session, open_diary

# The web page's fixtures (a signed-in test client), kept beside its helpers.
pytest_plugins = ["tests.web_helpers"]

# Tests run in a fixed zone with daylight saving, so local-day rules are exercised.
TEST_TZ = os.environ.get("PAINLOG_TEST_TZ", "Europe/Berlin")
os.environ["TZ"] = TEST_TZ  # also while test modules are collected
time.tzset()

# Every test runs at one pinned moment, never the machine's clock: a Wednesday
# morning in late November unless PAINLOG_TEST_NOW names another local time
# (`make test-clocks` runs the clock-sensitive tests at the awkward ones).
TEST_NOW = datetime.fromisoformat(os.environ.get("PAINLOG_TEST_NOW", "2026-11-25T10:30:00"))
if TEST_NOW.tzinfo is None:
    TEST_NOW = TEST_NOW.replace(tzinfo=ZoneInfo(TEST_TZ))


@pytest.fixture(autouse=True)
def env_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "diary.db"
    monkeypatch.setenv("PAINLOG_DB", str(db))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PAINLOG_DEBUG", raising=False)
    monkeypatch.setenv("TZ", TEST_TZ)
    # Tables fit the terminal; tests see one fixed width and locale, whatever runs them.
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LINES", "24")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    time.tzset()
    ROOT.db = None
    ROOT.diary = None
    ROOT.debug = False
    yield db
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def pinned_now() -> Iterator[datetime]:
    """Stop the clock at TEST_NOW for the whole test; a test may travel further itself."""
    with time_machine.travel(TEST_NOW, tick=False):
        yield TEST_NOW


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests that spell out Berlin's offsets, whatever zone the suite runs in."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder, where the default file names land."""
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def db_path(env_setup: Path) -> Path:
    return env_setup


@pytest.fixture
def diary(db_path: Path) -> Iterator[Diary]:
    opened = open_diary(db_path, write=True)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def session(diary: Diary) -> Iterator[Session]:
    """A session whose work is committed when the test ends without error."""
    with diary_session(diary) as active:
        yield active


CliRun = Callable[..., Result]


def dump(path: Path) -> list[str]:
    """The diary's whole content as SQL, to compare before and after."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def count_rows(db: Path, table: str = "entries") -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def painlog_process(*args: str, db: Path) -> subprocess.Popen[bytes]:
    """The real ``painlog`` command, in its own process, on the diary ``db``."""
    env = {**os.environ, "PAINLOG_DB": str(db)}
    return subprocess.Popen(
        [sys.executable, "-m", "painlog", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def cli() -> CliRun:
    """Run painlog's CLI in-process: cli("log", "--pain", "5", ...)."""
    runner = CliRunner()
    app = build_app()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    return run


# Cases the fuzz suite tried and the ones that kept the contract, by kind (tests/test_fuzz.py).
FUZZ_TRIED: Counter[str] = Counter()
FUZZ_HELD: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: object) -> None:
    """How many fuzz cases ran and how many kept the contract."""
    if not FUZZ_TRIED:
        return
    tried, held = sum(FUZZ_TRIED.values()), sum(FUZZ_HELD.values())
    write = terminalreporter.write_line  # type: ignore[attr-defined]
    write(f"fuzz: {tried} cases tried, {held} held")
    for label in sorted(FUZZ_TRIED):
        write(f"  {label}: {FUZZ_TRIED[label]} tried, {FUZZ_HELD[label]} held")
