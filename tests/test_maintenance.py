"""Backups and the integrity check."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CliRun, count_rows
from tests.exchange_helpers import synthetic_export

pytestmark = pytest.mark.clock


def test_backup_beside_the_diary_private_and_checked(cli: CliRun, db_path: Path) -> None:
    cli("log", "--pain", "5", "--where", "neck")
    result = cli("db", "backup")
    assert result.exit_code == 0, result.output
    assert "passed the integrity check" in result.stdout
    (copy,) = db_path.parent.glob("diary-backup-*.db")
    assert copy.stat().st_mode & 0o777 == 0o600
    assert count_rows(copy) == 1
    assert not list(db_path.parent.glob("diary-backup-*.db-*"))  # one self-contained file
    shown = cli("show", "1", "--db", str(copy))
    assert shown.exit_code == 0 and "Neck" in shown.stdout


def test_backup_into_a_folder_and_never_over_a_file(cli: CliRun, tmp_path: Path) -> None:
    cli("log", "--pain", "5", "--where", "neck")
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli("db", "backup", str(folder)).exit_code == 0
    (copy,) = folder.glob("*.db")
    again = cli("db", "backup", str(copy))
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_backup_is_consistent_while_another_painlog_writes(cli: CliRun, db_path: Path) -> None:
    cli("log", "--pain", "5", "--where", "neck")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from painlog.cli import build_app\n"
            "app = build_app('log')\n"
            "for i in range(80):\n"
            "    try:\n"
            "        app(['log', '--pain', str(i % 11), '--where', 'hip', '--note', 'x' * 4000],"
            " standalone_mode=False)\n"
            "    except SystemExit as exc:\n"
            "        if exc.code: sys.exit(exc.code)\n",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    copies: list[Path] = []
    try:
        while count_rows(db_path) < 5:  # the writer is under way
            time.sleep(0.02)
        for n in range(6):
            target = db_path.parent / f"copy-{n}.db"
            result = cli("db", "backup", str(target))
            assert result.exit_code == 0, result.output
            copies.append(target)
            time.sleep(0.05)
    finally:
        _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err.decode()
    counts = [count_rows(copy) for copy in copies]
    assert counts == sorted(counts)
    assert 5 <= counts[0] < count_rows(db_path) == 81  # taken while the writer was writing
    for copy in copies:
        check = cli("db", "check", "--db", str(copy))
        assert check.exit_code == 0, check.output


def test_check_reports_a_healthy_diary(cli: CliRun) -> None:
    cli("log", "--pain", "5", "--where", "neck")
    result = cli("db", "check")
    assert result.exit_code == 0, result.output
    assert "integrity: ok" in result.stdout
    assert "1 entries" in result.stdout
    assert result.stdout.rstrip().endswith("The diary is healthy.")


def test_check_finds_damage(cli: CliRun, db_path: Path, tmp_path: Path) -> None:
    export = tmp_path / "many.json"
    export.write_text(synthetic_export(3000))
    assert cli("import", str(export)).exit_code == 0
    with db_path.open("r+b") as handle:
        size = handle.seek(0, 2)
        handle.seek(size // 2)
        handle.write(b"\x00\xff" * 8192)  # a disk error in the middle of the file
    result = cli("db", "check")
    assert result.exit_code == 1, result.output
    assert "The diary is damaged" in result.stdout


def test_check_finds_broken_links(cli: CliRun, db_path: Path) -> None:
    cli("log", "--pain", "5", "--where", "neck")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("INSERT INTO entry_tags VALUES (99, 'location', 'hip', 0)")
    conn.close()
    result = cli("db", "check")
    assert result.exit_code == 1
    assert "row 2 of entry_tags points to a missing entries" in result.stdout


def test_check_refuses_what_is_not_a_diary(cli: CliRun, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    result = cli("db", "check", "--db", str(other))
    assert result.exit_code == 1
    assert "not a painlog diary" in result.stderr


def test_a_backup_onto_a_dangling_link_removes_nothing(
    cli: CliRun, db_path: Path, tmp_path: Path
) -> None:
    assert cli("log", "-p", "5", "-w", "neck", "--quiet").exit_code == 0
    link = tmp_path / "dangle.db"
    link.symlink_to(tmp_path / "nothing-here")
    result = cli("db", "backup", str(link))
    assert result.exit_code != 0
    assert "already exists" in result.stderr
    assert link.is_symlink()  # still there: painlog removes only what it created
