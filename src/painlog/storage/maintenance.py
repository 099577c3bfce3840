"""Keeping the diary file safe: consistent backups and an integrity check."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from painlog.errors import BadInput, DamagedDiary, DiaryError
from painlog.files import clean_stale_temporaries, is_diary_file
from painlog.oserrors import name_too_long, os_error_sentence, sqlite_error
from painlog.storage.diary import copy_database, inspect_diary, is_read_only, unique_stamp
from painlog.storage.engine import BUSY_TIMEOUT_MS, cannot_keep_side_files, read_uri


def default_backup_path(diary: Path, target: Path | None = None) -> Path:
    """``target`` as given, or a time-stamped name beside the diary (or inside a folder)."""
    name = f"{diary.stem}-backup-{unique_stamp()}{diary.suffix or '.db'}"
    too_long = name_too_long(target) if target is not None else None
    if too_long:
        raise BadInput(too_long)
    if target is None:
        return diary.with_name(name)
    if target.is_dir():
        return target / name
    return target


def snapshot(diary: Path, reason: str) -> Path | None:
    """A copy of the diary beside it before a big change (None when there is nothing yet).

    Named ``<diary>-before-<reason>-<time>.db``; private like the diary.
    """
    if inspect_diary(diary).is_new:
        return None
    stamp = unique_stamp()
    target = diary.with_name(f"{diary.stem}-before-{reason}-{stamp}{diary.suffix or '.db'}")
    try:
        copy_database(diary, target)
    except OSError as exc:
        raise DiaryError(
            f"Could not keep a copy of the diary before the {reason}: "
            f"{os_error_sentence(exc, target, doing='write')}"
        ) from exc
    except sqlite3.Error as exc:
        raise sqlite_error(exc, diary) from exc
    return target


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    check: CheckReport


def backup_diary(diary: Path, target: Path) -> Backup:
    """Copy the diary through SQLite's online backup, then check the copy.

    The copy is one consistent moment of the diary even while another painlog
    writes to it; the new file is readable by its owner only.
    """
    state = inspect_diary(diary)
    if state.is_new:
        raise DiaryError(f"There is no diary at {diary} to back up yet.")
    clean_stale_temporaries(target.parent)
    too_long = name_too_long(target)
    if too_long:
        raise BadInput(too_long)
    if is_diary_file(target, diary):
        raise BadInput(f"{target} is your diary; give another name for the backup.")
    if target.exists() or target.is_symlink():
        raise DiaryError(f"{target} already exists; painlog does not overwrite it.")
    if not target.parent.is_dir():
        raise DiaryError(f"The folder {target.parent} does not exist.")
    try:
        copy_database(diary, target)  # removes only a file it created itself
    except FileExistsError as exc:
        raise DiaryError(f"{target} already exists; painlog does not overwrite it.") from exc
    except OSError as exc:
        raise DiaryError(
            f"Could not back up: {os_error_sentence(exc, target, doing='write')}"
        ) from exc
    except sqlite3.Error as exc:
        raise sqlite_error(exc, diary) from exc
    return Backup(path=target, size=target.stat().st_size, check=check_diary(target))


@dataclass
class CheckReport:
    path: Path
    revision: str | None
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return not self.problems


# What the check counts: label, table, and the rows of it that count.
_COUNTS = (
    ("entries", "entries", "1"),
    ("deleted entries", "entries", "deleted_at IS NOT NULL"),
    ("check-ins", "day_checkins", "1"),
    ("own terms", "custom_terms", "1"),
    ("history records", "history", "1"),
    ("events", "events", "1"),
    ("event history records", "event_history", "1"),
)


def check_diary(path: Path) -> CheckReport:
    """SQLite's full integrity check and foreign-key check, and what the diary holds.

    Changes nothing in the diary (opening it may fold its write-ahead log into
    the file, as any SQLite reader may); a damaged file is reported, never
    repaired behind the person's back.
    """
    state = inspect_diary(path)  # refuses files that are not painlog diaries
    if state.is_new:
        raise DiaryError(f"There is no diary at {path} yet.")
    report = CheckReport(path=path, revision=state.revision)
    # Only reads happen. A read-only connection to a WAL diary would leave its
    # -wal and -shm files behind, so a writable diary is opened normally.
    # On a full disk or in a folder painlog cannot write, the file is read as it stands.
    if is_read_only(path) or cannot_keep_side_files(path):
        uri = read_uri(path)
    else:
        uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise sqlite_error(exc, path) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # At most 20 problems; SQLite may pack several lines into one row.
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        integrity = [line for row in rows for line in str(row).splitlines() if line.strip()]
        if integrity != ["ok"]:
            report.problems += [f"integrity: {line}" for line in integrity[:20]]
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        for table, rowid, parent, _ in broken[:20]:
            report.problems.append(f"links: row {rowid} of {table} points to a missing {parent}")
        if len(broken) > 20:
            report.problems.append(f"links: {len(broken) - 20} more broken links")
        if report.healthy:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            for label, table, where in _COUNTS:
                if table in tables:
                    query = f"SELECT count(*) FROM {table} WHERE {where}"
                    report.counts[label] = conn.execute(query).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        refusal = sqlite_error(exc, path)
        if not isinstance(refusal, DamagedDiary):  # a full disk, a permission: not damage
            raise refusal from exc
        report.problems.append(f"integrity: SQLite cannot read the file ({exc})")
    finally:
        conn.close()
    return report


KEPT_COPIES = 5  # the newest safety copies of one kind kept beside the diary


# What change_mark reads, table by table: a table the diary's revision lacks counts as None.
_CHANGE_MARKS = (
    ("history", "SELECT coalesce(max(id), 0) FROM history"),
    ("event_history", "SELECT coalesce(max(id), 0) FROM event_history"),
    ("custom_terms", "SELECT count(*), coalesce(max(id), 0) FROM custom_terms"),
    # The weather keeps no history: its rows and values stand for it.
    (
        "day_weather",
        "SELECT count(*), total(temp_max), total(temp_mean), total(humidity), "
        "coalesce(max(updated_at), '') FROM day_weather",
    ),
)


def change_mark(diary: Path) -> tuple[object, ...] | None:
    """Where the diary's history, own terms and weather stand: equal before and after
    a command that changed nothing (every change to a record is kept in the history,
    an own term as a row of its own). None when there is no diary yet; an upgrade
    of an older diary (new tables) counts as a change."""
    if inspect_diary(diary).is_new:
        return None
    try:
        conn = sqlite3.connect(read_uri(diary), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {
                str(name)
                for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            return tuple(
                tuple(conn.execute(query).fetchone()) if table in tables else None
                for table, query in _CHANGE_MARKS
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise sqlite_error(exc, diary) from exc


def prune_copies(diary: Path, reason: str, keep: int = KEPT_COPIES) -> list[Path]:
    """Remove all but the ``keep`` newest ``<diary>-before-<reason>-*`` copies; the removed."""
    pattern = f"{diary.stem}-before-{reason}-*{diary.suffix or '.db'}"
    copies = sorted(
        (path for path in diary.parent.glob(pattern) if path.is_file()),
        key=lambda path: (path.stat().st_mtime_ns, path.name),
        reverse=True,
    )
    removed = copies[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
