"""Doses as an amount and a unit beside their text: stored, backfilled, grouped."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from painlog.analysis.period import Period
from painlog.doses import dose_parts, same_dose
from painlog.storage import migrate
from tests.conftest import CliRun

pytestmark = pytest.mark.usefixtures("fixed_wednesday")  # its days are written for that moment


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("10 mg", (10.0, "mg")),
        ("10mg", (10.0, "mg")),
        ("10 MG", (10.0, "mg")),
        ("0,5 g", (0.5, "g")),
        ("2.5ml", (2.5, "ml")),
        ("250 µg", (250.0, "mcg")),
        ("250 ug", (250.0, "mcg")),
        ("1 tablet", (1.0, "tablet")),
        ("2 tabs", (2.0, "tablet")),
        ("3 drops", (3.0, "drop")),
        ("2 puffs", (2.0, "puff")),
        ("one after dinner", (None, None)),
        ("10 mg twice", (None, None)),
        ("half", (None, None)),
        (None, (None, None)),
    ],
)
def test_dose_parts(text: str | None, parts: tuple[float | None, str | None]) -> None:
    assert dose_parts(text) == parts


def test_one_dose_in_other_units() -> None:
    assert same_dose(1, "g") == same_dose(1000, "mg") == same_dose(1_000_000, "mcg")
    assert same_dose(2, "tablet") != same_dose(2, "mg")


def _rows(db: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT dose, dose_amount, dose_unit FROM {table}").fetchall()


def test_logged_doses_keep_amount_and_unit(cli: CliRun, db_path: Path) -> None:
    result = cli(
        "log", "6", "-w", "neck", "-r", "baclofen:10MG", "-r", "massage:after dinner", "-q"
    )
    assert result.exit_code == 0, result.output
    assert sorted(_rows(db_path, "remedy_attempts"), key=str) == [
        ("10 mg", 10.0, "mg"),
        ("after dinner", None, None),
    ]
    assert cli("edit", "1", "--remedy", "baclofen:2 tabs").exit_code == 0
    assert _rows(db_path, "remedy_attempts") == [("2 tablets", 2.0, "tablet")]


def test_day_remedies_keep_amount_and_unit(session: Session) -> None:
    from painlog.models import DayCheckin

    checkin = DayCheckin(day=date(2026, 11, 20))
    checkin.exposure_rows = []
    checkin.remedy_rows = []
    checkin.set_remedies([("ibuprofen", "400 mg"), ("yoga", None)])
    assert [(r.dose_amount, r.dose_unit) for r in checkin.remedy_rows] == [
        (400.0, "mg"),
        (None, None),
    ]


def test_the_migration_fills_in_the_doses_already_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    migrate.upgrade_to_head(path, target="0005")
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            INSERT INTO entries (id, uid, occurred_at, occurred_utc, day, intensity,
                created_at, updated_at)
            VALUES (1, 'u1', '2026-03-01T21:00:00+01:00', '2026-03-01 20:00:00', '2026-03-01',
                6, '2026-03-01 20:00:00', '2026-03-01 20:00:00');
            INSERT INTO remedy_attempts (id, entry_id, remedy, dose, position) VALUES
                (1, 1, 'baclofen', '10mg', 0), (2, 1, 'ibuprofen', '0,4 G', 1),
                (3, 1, 'massage', 'long one', 2), (4, 1, 'yoga', NULL, 3);
            INSERT INTO day_checkins (id, uid, day, created_at, updated_at)
            VALUES (1, 'c1', '2026-03-01', '2026-03-01 20:00:00', '2026-03-01 20:00:00');
            INSERT INTO day_remedies (checkin_id, remedy, dose, position) VALUES
                (1, 'gabapentin', '300 mg', 0), (1, 'stretching', 'a little', 1);
            """
        )
    migrate.upgrade_to_head(path)
    assert _rows(path, "remedy_attempts") == [
        ("10mg", 10.0, "mg"),  # the text itself stays as it was kept
        ("0,4 G", 0.4, "g"),
        ("long one", None, None),
        (None, None, None),
    ]
    assert _rows(path, "day_remedies") == [("300 mg", 300.0, "mg"), ("a little", None, None)]


def test_the_report_groups_one_dose_written_in_other_units(cli: CliRun) -> None:
    from tests.test_report import _report_for

    for at, dose in (
        ("2026-11-20 21:00", "1 g"),
        ("2026-11-21 21:00", "1000 mg"),
        ("2026-11-22 09:00", "1000mg"),
        ("2026-11-22 21:00", "500 mg"),
        ("2026-11-19 21:00", "with food"),
    ):
        result = cli("log", "6", "-w", "neck", "-r", f"ibuprofen:{dose}", "--at", at, "-q")
        assert result.exit_code == 0, result.output
    report = _report_for(Period(date(2026, 11, 16), date(2026, 11, 22)), today=date(2026, 11, 23))
    (ibuprofen,) = report.remedies
    assert ibuprofen.doses == (("1000 mg", 3), ("500 mg", 1), ("with food", 1))
