"""A diary like a real one for the web page's tests: 16 weeks ending on a fixed day."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from painlog.services.events import EventInput, add_event
from painlog.simulate import record, simulate
from painlog.storage.diary import diary_session, open_diary

END = date(2026, 11, 22)  # a Sunday: the diary's last day, before the suite's pinned "now"
NOW = datetime(2026, 11, 22, 23, 0, tzinfo=ZoneInfo("Europe/Berlin"))
START = date(2026, 8, 3)  # a Monday, 16 weeks before END
GAP = (date(2026, 10, 5), date(2026, 10, 11))  # one week with nothing recorded


def seed(db: Path, *, weeks: int = 16, visit: bool = True) -> None:
    """Entries (triggers, remedies, follow-ups), check-ins, a gap week and a few events."""
    days = [
        day
        for day in simulate(days=7 * weeks, end=END, entries_per_day=2.5, checkin_rate=0.9, seed=13)
        if not GAP[0] <= day.day <= GAP[1]
    ]
    opened = open_diary(db, write=True)
    with diary_session(opened) as session:
        record(session=session, days=days, now=NOW)
        add_event(
            session=session,
            event=EventInput(kind="relapse", start_day=date(2026, 9, 1), end_day=date(2026, 9, 14)),
            today=END,
        )
        if visit:
            add_event(
                session=session,
                event=EventInput(
                    kind="visit", start_day=date(2026, 9, 28), with_whom="neurologist"
                ),
                today=END,
            )
    opened.engine.dispose()


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The body cells of the table ``table_id`` on ``page``, as text."""
    import html
    import re

    found = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S)
    assert found, f"no table {table_id} on the page"
    body = found.group(1).split("<tbody>", 1)[1]
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(
            r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]  # fmt: skip


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded diary, built once per test session (it takes seconds through the services)."""
    import time_machine

    path = tmp_path_factory.mktemp("seeded") / "diary.db"
    with time_machine.travel(NOW, tick=False):  # written before the suite's pinned "now"
        seed(path)
    return path


def copy_diary(source_path: Path, target_path: Path) -> None:
    """A copy through SQLite's backup, so a diary in WAL mode is copied whole; private."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    os.chmod(target_path, 0o600)


@pytest.fixture
def seeded(db_path: Path, seeded_template: Path) -> Path:
    """A fresh copy of the seeded diary as this test's own diary."""
    copy_diary(seeded_template, db_path)
    return db_path
