"""Logging stays light: log, list and show never load the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliRun

HEAVY = (
    "pandas",
    "matplotlib",
    "numpy",
    "scipy",
    "alembic",
    "fpdf",
    "fontTools",
    "PIL",
    "icalendar",  # painlog remind only
    "fhir",  # the tests' FHIR validator: painlog itself never loads it
)

PROBE = """
import sys
sys.argv = ["painlog", *{args!r}]
from painlog.launch import main
try:
    main()
except SystemExit as exc:
    status = exc.code
else:
    status = 0
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print("STATUS", status, "HEAVY", ",".join(heavy) or "-")
"""


def _probe(args: list[str]) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = done.stdout.strip().splitlines()[-1].split()
    return last[1], last[3]


@pytest.mark.parametrize(
    "args",
    [
        [
            "log",
            "--pain",
            "5",
            "--type",
            "spasticity",
            "--where",
            "lower-back",
            "--trigger",
            "heat",
            "--remedy",
            "baclofen:10 mg",
        ],
        ["list"],
        ["list", "--json"],
        ["show", "1"],
        ["show", "1", "--json"],
        ["event", "add", "fall", "--from", "yesterday"],
        ["event", "list", "--json"],
        ["export", "--format", "fhir"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_light_commands_import_nothing_heavy(cli: CliRun, db_path: Path, args: list[str]) -> None:
    assert cli("log", "--pain", "3", "--where", "neck").exit_code == 0  # diary exists, at head
    status, heavy = _probe(args)
    assert status == "0"
    assert heavy == "-"


def test_the_probe_would_notice_a_heavy_import(db_path: Path) -> None:
    # First use creates the diary through Alembic: the probe must see that.
    status, heavy = _probe(["list"])
    assert status == "0"
    assert "alembic" in heavy.split(",")


def test_log_6_with_settings_and_a_spoken_time_imports_nothing_heavy(cli: CliRun) -> None:
    assert cli("config", "set", "where", "lower-back").exit_code == 0
    assert cli("config", "set", "dose.baclofen", "10 mg").exit_code == 0
    status, heavy = _probe(["log", "6", "--at", "last night", "-r", "baclofen", "-q"])
    assert status == "0"
    assert heavy == "-"


def test_remind_loads_icalendar_and_nothing_else_heavy(tmp_path: Path) -> None:
    status, heavy = _probe(["remind", "--checkin", "21:00", "-o", str(tmp_path / "r.ics")])
    assert status == "0"
    assert heavy == "icalendar"
