"""The breaks an attack on painlog found (issue 10), one section per numbered break.

Each test here failed before its fix. The fuzz suite (tests/test_fuzz.py) tries
many more inputs against the same contract.
"""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from painlog.errors import BadInput
from painlog.jsonstream import JsonReader, JsonStreamError
from painlog.render.report_csv import neutralise
from painlog.storage import migrate
from painlog.storage.revisions import revision_chain
from painlog.when import parse_at
from tests.conftest import FUZZ_HELD, FUZZ_TRIED, CliRun, dump, painlog_process
from tests.exchange_helpers import synthetic_export

BERLIN = ZoneInfo("Europe/Berlin")


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("painlog: ")
    assert "unexpected problem" not in lines[0] and "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def logged(cli: CliRun, db_path: Path) -> Path:
    result = cli(
        "log",
        "-p",
        "6",
        "-w",
        "lower-back",
        "--trigger",
        "heat",
        "--trigger",
        "stress",
        "-Q",
        "tight",
        "--note",
        "my note",
        "--at",
        "2026-11-20 21:30",
    )
    assert result.exit_code == 0, result.output
    return db_path


# -- 1. one writer for every file, charts too --------------------------------------------


def test_a_chart_named_like_the_diary_leaves_the_diary_alone(cli: CliRun, tmp_path: Path) -> None:
    diary = tmp_path / "mydiary.svg"
    assert cli("--db", str(diary), "log", "-p", "5", "-w", "neck", "--at", "2026-11-20 10:00")
    before = dump(diary)
    for extra in ([], ["--force"]):
        result = cli(
            "--db",
            str(diary),
            "trends",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--chart",
            str(diary),
            *extra,
        )
        assert result.exit_code == 2, result.output
        assert "is your diary" in one_line(result.stderr)
    assert dump(diary) == before


@pytest.mark.parametrize("command", ["trends", "patterns", "triggers"])
def test_a_chart_never_replaces_a_link_a_pipe_or_an_existing_file(
    cli: CliRun, logged: Path, tmp_path: Path, command: str
) -> None:
    span = ["--from", "2026-11-01", "--to", "2026-11-30"]
    link = tmp_path / "link.png"
    link.symlink_to(logged)
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)
    other = tmp_path / "other.png"
    other.write_bytes(b"keep me")
    aside = tmp_path / "aside.png"
    aside.write_bytes(b"keep me too")
    link_to_other = tmp_path / "to-other.svg"
    link_to_other.symlink_to(aside)
    before = dump(logged)
    for target, extra, said in (
        (link, ["--force"], "is your diary"),
        (link_to_other, ["--force"], "link"),
        (pipe, ["--force"], "not an ordinary file"),
        (other, [], "already exists; add --force"),
    ):
        result = cli(command, *span, "--chart", str(target), *extra)
        assert result.exit_code == 2, result.output
        assert said in one_line(result.stderr)
    assert pipe.is_fifo() and link.is_symlink() and link_to_other.is_symlink()
    assert other.read_bytes() == b"keep me" and aside.read_bytes() == b"keep me too"
    assert dump(logged) == before


def test_a_chart_replaces_an_ordinary_file_with_force_privately(
    cli: CliRun, logged: Path, tmp_path: Path
) -> None:
    chart = tmp_path / "trends.png"
    chart.write_bytes(b"old")
    chart.chmod(0o644)
    result = cli(
        "trends", "--from", "2026-11-01", "--to", "2026-11-30", "--chart", str(chart), "--force"
    )
    assert result.exit_code == 0, result.output
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert stat.S_IMODE(chart.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if "painlog-tmp" in p.name]


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_no_output_goes_to_the_files_sqlite_keeps_beside_the_diary(
    cli: CliRun, logged: Path, suffix: str
) -> None:
    side = Path(f"{logged}{suffix}")
    for args in (
        ["export", "-o", str(side), "--force"],
        ["report", "-o", f"{side}.pdf", "--format", "pdf", "--force"],
    ):
        target = Path(args[2])
        if target != side:  # the report needs its ending; point a link at the side file
            target.symlink_to(side)
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "is your diary" in one_line(result.stderr)


def test_no_output_replaces_another_painlog_diary(
    cli: CliRun, logged: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "log", "-p", "3", "-w", "neck").exit_code == 0
    before = other.read_bytes()
    for args in (
        ["export", "-o", str(other), "--force"],
        ["--db", f"{other}-wal", "export", "-o", str(other), "--force"],
    ):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        one_line(result.stderr)
    assert other.read_bytes() == before


# -- 2. errors name the real cause; "damaged" only when SQLite says so ------------------


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's real SQLITE_FULL: every connection may not grow the file by one more page."""
    from sqlalchemy import event

    from painlog.storage import diary as diary_module

    real = diary_module.make_engine

    def limited(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        engine = real(path, **kwargs)  # type: ignore[arg-type]

        @event.listens_for(engine, "connect")
        def _cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        return engine

    monkeypatch.setattr(diary_module, "make_engine", limited)


def test_a_full_disk_is_called_full_not_damaged(
    cli: CliRun, logged: Path, full_disk: None, tmp_path: Path
) -> None:
    before = dump(logged)
    secret = "private words about my pain " * 150
    result = cli("log", "-p", "4", "-w", "neck", "--note", secret)
    assert result.exit_code == 1, result.output
    line = one_line(result.stderr)
    assert "full" in line and "damaged" not in line and "backup" not in line.lower()
    assert "private words" not in line
    export = tmp_path / "in.json"
    export.write_text(synthetic_export(300))
    result = cli("import", str(export))
    assert result.exit_code == 1, result.output
    line = one_line(result.stderr)
    assert "full" in line and "INSERT" not in line and "damaged" not in line
    assert dump(logged) == before


def _error(code: int, message: str) -> sqlite3.Error:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


def test_an_io_error_on_a_full_disk_says_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Full:
        f_bavail = 0

    from painlog.oserrors import sqlite_error

    monkeypatch.setattr(os, "statvfs", lambda _: Full())
    message = sqlite_error(_error(10, "disk I/O error"), tmp_path / "d.db").message
    assert "full" in message and "damaged" not in message


def test_on_a_full_disk_the_diary_can_still_be_read_and_checked(
    cli: CliRun, logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Full:
        f_bavail = 0

    monkeypatch.setattr(os, "statvfs", lambda _: Full())
    side = [Path(f"{logged}{suffix}") for suffix in ("-wal", "-shm")]
    for path in side:
        path.unlink(missing_ok=True)
    listed = cli("list")
    assert listed.exit_code == 0, listed.output
    assert "Lower back" in listed.stdout
    checked = cli("db", "check")
    assert checked.exit_code == 0, checked.output
    assert "The diary is healthy." in checked.stdout
    assert not any(path.exists() for path in side)  # nothing written beside it


def test_an_io_error_is_not_called_damage(tmp_path: Path) -> None:
    from painlog.oserrors import sqlite_error

    message = sqlite_error(_error(10 | (3 << 8), "disk I/O error"), tmp_path / "d.db").message
    assert "not known to be damaged" in message and "Restore" not in message


def test_a_folder_painlog_cannot_write_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painlog.oserrors import sqlite_error

    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == tmp_path else real(p, m))
    for code in (14, 10, 8):  # cannot open, I/O error, read-only: what SQLite says there
        message = sqlite_error(_error(code, "unable to open database file"), tmp_path / "d.db")
        assert "cannot write in the folder" in message.message
        assert "damaged" not in message.message


def test_permission_and_long_names_are_named() -> None:
    from painlog.oserrors import os_error_sentence

    denied = os_error_sentence(PermissionError(errno.EACCES, "Permission denied"), Path("/x/d.db"))
    assert "no permission" in denied
    long = os_error_sentence(OSError(errno.ENAMETOOLONG, "too long"), Path("/x/" + "a" * 300))
    assert "at most 255" in long
    full = os_error_sentence(OSError(errno.ENOSPC, "No space"), Path("/x/out.json"))
    assert "full" in full


def test_only_corruption_is_called_damage(tmp_path: Path) -> None:
    from painlog.oserrors import sqlite_error

    assert "is damaged" in sqlite_error(_error(11, "malformed"), tmp_path / "d.db").message
    assert "is damaged" in sqlite_error(_error(26, "not a database"), tmp_path / "d.db").message


# -- 3. a damaged diary is refused for writing -----------------------------------------


def _flip_middle_page(path: Path) -> None:
    header = path.read_bytes()[:100]
    page_size = int.from_bytes(header[16:18], "big")
    pages = path.stat().st_size // page_size
    with path.open("r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(b"\xff" * 16)


def test_a_damaged_diary_takes_no_writes(cli: CliRun, db_path: Path, tmp_path: Path) -> None:
    export = tmp_path / "in.json"
    export.write_text(synthetic_export(2000))
    assert cli("import", str(export)).exit_code == 0
    for kept in tmp_path.glob("diary-before-import-*"):
        kept.unlink()
    _flip_middle_page(db_path)
    before = db_path.read_bytes()
    for args in (["log", "-p", "5", "-w", "neck"], ["day", "--avg", "3"], ["delete", "1"]):
        result = cli(*args)
        assert result.exit_code == 1, result.output
        line = one_line(result.stderr)
        assert "is damaged" in line and "painlog db check" in line
    assert db_path.read_bytes() == before
    assert cli("db", "check").exit_code == 1


def test_a_healthy_diary_is_checked_once_then_trusted(
    cli: CliRun, logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painlog.storage import diary as diary_module

    checks: list[Path] = []
    real = sqlite3.connect

    def counting(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[arg-type]
        checks.append(Path(str(args[0])))
        return conn

    monkeypatch.setattr(diary_module.sqlite3, "connect", counting)
    assert cli("log", "-p", "5", "-w", "neck").exit_code == 0
    full_reads = [path for path in checks if "mode=ro" not in str(path)]  # not the inspection
    assert full_reads == []  # painlog's last write left it as it is: no full read
    os.utime(logged, ns=(1, 1))  # someone else changed the file: check it again
    assert cli("log", "-p", "5", "-w", "neck").exit_code == 0
    assert [path for path in checks if "mode=ro" not in str(path)] == [logged]


# -- 4. private modes ------------------------------------------------------------------


def test_a_touched_file_becomes_a_private_diary(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    path.touch()
    path.chmod(0o644)
    assert cli("--db", str(path), "log", "-p", "5", "-w", "neck").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_diary_is_made_private_again(cli: CliRun, logged: Path) -> None:
    logged.chmod(0o644)
    assert cli("log", "-p", "5", "-w", "neck").exit_code == 0
    assert stat.S_IMODE(logged.stat().st_mode) == 0o600


def test_new_folders_are_0700_whatever_the_umask(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "d.db"
    old = os.umask(0)
    try:
        result = cli("--db", str(path), "log", "-p", "5", "-w", "neck")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "other users" not in result.stderr


def test_an_open_folder_gets_one_warning_line(cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    result = cli("--db", str(folder / "d.db"), "log", "-p", "5", "-w", "neck", "--quiet")
    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if "other users" in line]
    assert len(warning) == 1 and "chmod 700" in warning[0]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755  # told, not changed behind their back


# -- 5. blank values never erase --------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--trigger", "", "Give at least one trigger, or use --clear trigger"),
        ("--trigger", " ", "Give at least one trigger, or use --clear trigger"),
        ("--trigger", "\t", "Give at least one trigger, or use --clear trigger"),
        ("--trigger", ",", "Give at least one trigger, or use --clear trigger"),
        ("--quality", "", "Give at least one quality, or use --clear quality"),
        ("--remedy", " ", "Give at least one remedy, or use --clear remedy"),
        ("--where", "", "Give at least one place"),
        ("--type", " ", "or use --clear type"),
        ("--note", "   ", "use --clear note"),
    ],
)
def test_a_blank_value_erases_nothing(
    cli: CliRun, logged: Path, option: str, value: str, said: str
) -> None:
    before = dump(logged)
    result = cli("edit", "1", option, value)
    assert result.exit_code == 2, result.output
    assert said in one_line(result.stderr)
    assert dump(logged) == before


def test_clear_still_clears(cli: CliRun, logged: Path) -> None:
    assert cli("edit", "1", "--clear", "trigger", "--clear", "note").exit_code == 0
    shown = cli("show", "1").stdout
    assert "Heat" not in shown and "my note" not in shown


# -- 6. sentences, not "unexpected problem" ---------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["log", "-p", "5", "-w", "neck", "--note", "\udcff\udcfe"],
        ["day", "--avg", "3", "--note", "\udcff\udcfe"],
        ["vocab", "add", "trigger", "\udcff\udcfe"],
        ["report", "--name", "\udcff\udcfe"],
        ["report", "--question", "\udcff\udcfe"],
        ["edit", "1", "--note", "\udcff\udcfe"],
        ["history", "--limit", "99999999999999999999"],
        ["trends", "--from", "9999-12-31"],
        ["patterns", "--from", "9999-12-31"],
        ["export", "-o", "x" * 300 + ".json"],
        ["report", "-o", "x" * 300 + ".pdf"],
        ["--db", "x" * 300 + ".db", "list"],
        ["db", "backup", "x" * 300 + ".db"],
        ["--db", ":memory:", "log", "-p", "5", "-w", "neck"],
        ["--db", ":memory:", "list"],
    ],
)
def test_odd_input_gets_a_sentence(
    cli: CliRun, logged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    before = dump(logged)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    one_line(result.stderr)
    assert dump(logged) == before
    assert not (tmp_path / ":memory:").exists()


def test_another_users_diary_gets_a_sentence(
    cli: CliRun, logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painlog.storage import diary as diary_module

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(logged))

    monkeypatch.setattr(diary_module, "inspect_diary", denied)
    result = cli("list")
    assert result.exit_code == 1
    assert "no permission" in one_line(result.stderr)


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00", "2101-01-01T10:00:00Z"]
)
@pytest.mark.parametrize("field", ["occurred_at", "created_at"])
def test_import_times_beyond_the_years_get_a_sentence(
    cli: CliRun, logged: Path, tmp_path: Path, moment: str, field: str
) -> None:
    export = json.loads(synthetic_export(2))
    export["entries"][1][field] = moment
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(export))
    before = dump(logged)
    result = cli("import", str(path))
    assert result.exit_code == 2, result.output
    line = one_line(result.stderr)
    assert "entry 2" in line and "check the year" in line
    assert dump(logged) == before


# -- 7. side files appear whole or not at all -------------------------------------------


def test_stale_temporaries_are_cleaned_and_live_ones_kept(tmp_path: Path) -> None:
    from painlog.files import clean_stale_temporaries

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".bk.db.painlog-tmp-{dead_pid}-abc123"
    stale_journal = tmp_path / f".bk.db.painlog-tmp-{dead_pid}-abc123-journal"
    live = tmp_path / f".out.json.painlog-tmp-{os.getpid()}-xyz.json"
    mine = tmp_path / "notes.painlog-tmp-1-a.txt"  # not a name painlog makes
    for path in (stale, stale_journal, live, mine):
        path.write_text("x")
    assert sorted(clean_stale_temporaries(tmp_path)) == sorted([stale, stale_journal])
    assert live.exists() and mine.exists()


def test_the_next_run_cleans_up_after_a_killed_one(cli: CliRun, logged: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = logged.with_name(f".diary-backup-x.db.painlog-tmp-{int(dead.stdout)}-q1w2e3")
    stale.write_bytes(b"")
    assert cli("list").exit_code == 0
    assert not stale.exists()


def test_safety_copies_have_unique_names(cli: CliRun, logged: Path, tmp_path: Path) -> None:
    export = tmp_path / "in.json"
    for count in (1, 2, 3):  # each adds an entry: a copy is kept only when an import changes
        export.write_text(synthetic_export(count))
        assert cli("import", str(export)).exit_code == 0
    copies = sorted(tmp_path.glob("diary-before-import-*"))
    assert len(copies) == 3
    assert all(f"-{os.getpid()}" in copy.name and "." in copy.stem for copy in copies)


def test_a_backup_never_takes_an_existing_name(cli: CliRun, logged: Path, tmp_path: Path) -> None:
    target = tmp_path / "bk.db"
    assert cli("db", "backup", str(target)).exit_code == 0
    again = cli("db", "backup", str(target))
    assert again.exit_code == 1 and "already exists" in one_line(again.stderr)
    assert not [p for p in tmp_path.iterdir() if "painlog-tmp" in p.name]


# -- 8. concurrent first use ------------------------------------------------------------


def _race(db: Path, count: int = 8) -> list[tuple[int, str]]:
    runs = [
        painlog_process(
            "log", "-p", str(i), "-w", "neck", "--note", f"writer {i}", "--quiet", db=db
        )
        for i in range(count)
    ]
    results = []
    for run in runs:
        _, err = run.communicate(timeout=300)
        results.append((run.returncode, err.decode()))
    return results


RACE_ROUNDS = int(os.environ.get("PAINLOG_RACE_ROUNDS", "1"))  # make fuzz: many more


@pytest.mark.slow
def test_eight_writers_on_a_diary_that_needs_an_upgrade(tmp_path: Path) -> None:
    chain = revision_chain().ordered
    for round_ in range(RACE_ROUNDS):
        FUZZ_TRIED["8 writers and a first-use upgrade"] += 1
        folder = tmp_path / f"round-{round_}"
        folder.mkdir()
        db = folder / "old.db"
        db.touch(mode=0o600)
        migrate.upgrade_to_head(db, target=chain[-2])
        results = _race(db)
        assert all(code == 0 for code, _ in results), results
        conn = sqlite3.connect(db)
        notes = sorted(row[0] for row in conn.execute("SELECT note FROM entries"))
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        assert notes == sorted(f"writer {i}" for i in range(8)) and version == chain[-1]
        assert integrity == "ok"
        copies = list(folder.glob(f"old-{chain[-2]}-*"))
        assert len(copies) == 1  # one upgrade, one copy: the others waited and found it done
        assert sum("Upgraded the diary" in err for _, err in results) == 1
        FUZZ_HELD["8 writers and a first-use upgrade"] += 1


@pytest.mark.slow
def test_eight_writers_creating_a_new_diary(tmp_path: Path) -> None:
    db = tmp_path / "new" / "diary.db"
    results = _race(db)
    assert all(code == 0 for code, _ in results), results
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 8
    conn.close()


# -- 9. imports: linear, short lock, bounded records ------------------------------------


def test_own_terms_import_in_one_pass(
    cli: CliRun, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painlog import vocab

    builds = 0
    real = vocab.Vocabulary.__init__

    def counted(self: vocab.Vocabulary, terms: object) -> None:
        nonlocal builds
        builds += 1
        real(self, terms)  # type: ignore[arg-type]

    monkeypatch.setattr(vocab.Vocabulary, "__init__", counted)
    terms = [
        {"kind": "trigger", "key": f"own-{i}", "label": f"own {i}", "aliases": []}
        for i in range(500)
    ]
    path = tmp_path / "terms.json"
    path.write_text(
        json.dumps(
            {"format": "painlog-export", "format_version": 1, "vocabulary": terms, "entries": []}
        )
    )
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    assert builds <= 3  # not once per term: that made 20,000 terms take hours


def test_a_log_during_an_import_is_not_kept_waiting(
    cli: CliRun, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the import reads its file the diary is not locked: another writer goes first
    (with no busy wait at all), and the import then starts again and completes."""
    from painlog.services import exchange

    assert cli("days").exit_code == 0
    export = tmp_path / "in.json"
    export.write_text(synthetic_export(400))
    real = exchange._Importer._entries
    writes: list[int] = []

    def meanwhile(self: exchange._Importer, items: object) -> None:
        if not writes:
            other = sqlite3.connect(db_path, timeout=0)
            other.execute(
                "INSERT INTO custom_terms (kind, key, label, aliases, created_at) "
                "VALUES ('trigger', 'meanwhile', 'meanwhile', '[]', '2026-11-01 10:00:00')"
            )
            other.commit()
            other.close()
            writes.append(1)
        real(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(exchange._Importer, "_entries", meanwhile)
    result = cli("import", str(export))
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 400
    assert conn.execute("SELECT count(*) FROM custom_terms").fetchone()[0] == 1
    conn.close()


def test_an_import_that_meets_a_held_lock_tries_again(
    cli: CliRun, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite does not wait for a lock a reading transaction asks for: the import must
    start again (and wait for the lock at its last try) rather than fail."""
    import threading

    from painlog.storage import staging

    assert cli("days").exit_code == 0
    export = tmp_path / "in.json"
    export.write_text(synthetic_export(50))
    real = staging.Staging.publish
    holders: list[threading.Thread] = []

    def locked_first(self: staging.Staging) -> None:
        if not holders:
            other = sqlite3.connect(
                db_path, timeout=0, isolation_level=None, check_same_thread=False
            )
            other.execute("BEGIN IMMEDIATE")

            def release() -> None:
                time.sleep(0.5)
                other.execute("COMMIT")
                other.close()

            holders.append(threading.Thread(target=release))
            holders[0].start()
        real(self)

    monkeypatch.setattr(staging.Staging, "publish", locked_first)
    result = cli("import", str(export))
    holders[0].join()
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 50
    conn.close()


class CountingText(io.StringIO):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.taken = 0

    def read(self, size: int | None = -1) -> str:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def test_a_huge_record_is_refused_while_it_is_read() -> None:
    note = "x" * (30 << 20)
    handle = CountingText('{"entries": [{"note": "' + note + '"}]}')
    reader = JsonReader(handle)
    with pytest.raises(JsonStreamError, match="larger than 1 MB"):
        for key in reader.object_keys():
            list(reader.array_items()) if key == "entries" else reader.value()
    assert handle.taken < 5 << 20  # refused after a few megabytes, not after all thirty


# -- 10. Flaredown headers and spreadsheet formulas -------------------------------------


def test_a_flaredown_file_with_a_repeated_column_is_refused(
    cli: CliRun, db_path: Path, tmp_path: Path
) -> None:
    sample = (Path(__file__).parent / "data" / "flaredown-sample.csv").read_text()
    header, rest = sample.split("\n", 1)
    columns = header.split(",")
    path = tmp_path / "dup.csv"
    path.write_text(
        ",".join([*columns, columns[-1]])
        + "\n"
        + "\n".join(line + "," + line.split(",")[-1] for line in rest.splitlines() if line)
    )
    result = cli("import", str(path), "--format", "flaredown")
    assert result.exit_code == 2, result.output
    assert "more than once" in one_line(result.stderr)


@pytest.mark.parametrize(
    "value",
    [
        "\u200b=HYPERLINK(1)",
        "\ufeff=1+1",
        "\uff1dcmd|' /C calc'!A0",
        "\u200b\uff0b1",
        "\u2060@SUM(1)",
        " \u00a0=1",
    ],
)
def test_hidden_formula_starts_are_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value


# -- 11. clock times daylight saving skips ----------------------------------------------


def test_a_skipped_clock_time_is_refused_with_the_nearest_real_ones() -> None:
    with time_machine.travel(datetime(2026, 4, 2, 12, 0, tzinfo=BERLIN), tick=False):
        with pytest.raises(BadInput) as caught:
            parse_at("2026-03-29 02:30")
        assert "01:59 or 03:00" in caught.value.message
        assert caught.value.field == "occurred_at"
        assert caught.value.message.startswith("The time it happened, 2026-03-29 02:30, never")
        assert parse_at("2026-03-29 03:00").utcoffset().total_seconds() == 7200  # type: ignore[union-attr]


def test_a_bare_clock_time_in_the_gap_is_refused() -> None:
    with (
        time_machine.travel(datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN), tick=False),
        pytest.raises(BadInput, match="never happened"),
    ):
        parse_at("02:15")


def test_a_repeated_autumn_time_keeps_its_first_offset() -> None:
    with time_machine.travel(datetime(2026, 10, 30, 12, 0, tzinfo=BERLIN), tick=False):
        moment = parse_at("2026-10-25 02:30")
        assert moment.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
