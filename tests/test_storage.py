"""The diary file: where it lives, how it is created, what it refuses."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from painlog.errors import DiaryError, DiaryTooNew, NotAPainlogDatabase, ReadOnlyDiary
from painlog.paths import resolve_db_path
from painlog.storage.diary import inspect_diary, open_diary
from painlog.storage.header import APPLICATION_ID
from painlog.storage.revisions import revision_chain
from tests.conftest import CliRun

pytestmark = pytest.mark.clock


def test_new_diary_has_private_modes_and_safe_settings(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "painlog.db"
    diary = open_diary(path)
    with diary.engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in (
                "journal_mode",
                "synchronous",
                "foreign_keys",
                "busy_timeout",
                "application_id",
            )
        }
    diary.engine.dispose()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["synchronous"] == 2  # FULL
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] >= 5000
    assert pragmas["application_id"] == APPLICATION_ID
    assert inspect_diary(path).revision == revision_chain().head


def test_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINLOG_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(str(tmp_path / "opt.db")) == tmp_path / "opt.db"
    assert resolve_db_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("PAINLOG_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_db_path(None) == tmp_path / "data" / "painlog" / "painlog.db"


def test_db_path_command_reports_each_source(cli: CliRun, tmp_path: Path, db_path: Path) -> None:
    assert cli("db", "path").stdout.strip() == str(db_path)
    assert cli("db", "path", "--db", str(tmp_path / "x.db")).stdout.strip() == str(
        tmp_path / "x.db"
    )
    assert cli("--db", str(tmp_path / "y.db"), "db", "path").stdout.strip() == str(
        tmp_path / "y.db"
    )


def test_db_current_and_upgrade_on_a_current_diary(cli: CliRun, db_path: Path) -> None:
    head = revision_chain().head
    assert "yet" in cli("db", "current").stdout
    assert not db_path.exists()  # asking does not create
    assert cli("log", "--pain", "3", "--where", "neck").exit_code == 0
    assert cli("db", "current").stdout.startswith(f"{head} (head)")
    result = cli("db", "upgrade")
    assert result.exit_code == 0
    assert "already" in result.stdout


def _snapshot(path: Path) -> bytes:
    return path.read_bytes()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 20)
    before = _snapshot(path)
    with pytest.raises(NotAPainlogDatabase):
        open_diary(path)
    assert _snapshot(path) == before


def test_another_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    before = _snapshot(path)
    with pytest.raises(NotAPainlogDatabase):
        open_diary(path)
    assert _snapshot(path) == before


def test_an_empty_sqlite_file_becomes_a_diary(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # zero bytes
    open_diary(path).engine.dispose()
    assert inspect_diary(path).revision == revision_chain().head


def test_a_diary_from_a_newer_painlog_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_diary(path).engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()
    before = _snapshot(path)
    with pytest.raises(DiaryTooNew, match="newer painlog"):
        open_diary(path)
    assert _snapshot(path) == before


def test_read_only_diary_is_refused_for_writing_but_readable(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    open_diary(path).engine.dispose()
    path.chmod(0o400)
    try:
        with pytest.raises(ReadOnlyDiary):
            open_diary(path, write=True)
        reader = open_diary(path, write=False)
        with reader.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM entries").scalar() == 0
        reader.engine.dispose()
    finally:
        path.chmod(0o600)


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DiaryError, match="Cannot create"):
        open_diary(blocker / "sub" / "painlog.db")


@pytest.mark.parametrize("name", ["q?x.db", "p%20x.db", "with space#1.db"])
def test_odd_characters_in_the_path_are_that_path(tmp_path: Path, name: str) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "diaries"
    folder.mkdir()
    path = folder / name
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "painlog",
            "log",
            "-p",
            "5",
            "-w",
            "neck",
            "--quiet",
            "--db",
            str(path),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PAINLOG_DB": str(tmp_path / "other.db")},
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        name
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 1


def test_an_empty_painlog_db_variable_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from painlog.errors import BadInput

    monkeypatch.setenv("PAINLOG_DB", "")
    with pytest.raises(BadInput, match="PAINLOG_DB is set but empty"):
        resolve_db_path(None)


def test_a_damaged_painlog_diary_is_called_damaged_not_foreign(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    open_diary(path).engine.dispose()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's content, after the header
    path.write_bytes(bytes(data))
    with pytest.raises(DiaryError, match="is damaged: SQLite reports") as caught:
        open_diary(path)
    assert not isinstance(caught.value, NotAPainlogDatabase)
    assert path.read_bytes() == bytes(data)
