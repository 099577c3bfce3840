"""Opening a diary file: create it, recognise it, bring it up to date, or refuse it.

This runs before every command, so the common case (an existing diary at the
head revision) costs one small query and never imports Alembic.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from painlog.errors import (
    BadInput,
    DamagedDiary,
    DiaryError,
    DiaryTooNew,
    NotAPainlogDatabase,
    ReadOnlyDiary,
)
from painlog.files import clean_stale_temporaries, put_in_place, temporary_beside
from painlog.oserrors import name_too_long, os_error_sentence, sqlite_error
from painlog.storage.engine import BUSY_TIMEOUT_MS, make_engine, read_uri
from painlog.storage.header import APPLICATION_ID, SQLITE_MAGIC, is_painlog_header
from painlog.storage.revisions import revision_chain


@dataclass
class DiaryState:
    path: Path
    exists: bool
    revision: str | None = None  # None for a diary that does not exist yet or is empty

    @property
    def is_new(self) -> bool:
        return self.revision is None


@dataclass
class Diary:
    path: Path
    engine: Engine
    notices: list[str] = field(default_factory=list)


def inspect_diary(path: Path) -> DiaryState:
    """What is at ``path``: nothing yet, a painlog diary (and its revision), or refuse it."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return DiaryState(path, exists=path.exists())
    if not path.is_file():
        raise NotAPainlogDatabase(f"{path} is not a file, so it cannot be a painlog diary.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
            magic = header[: len(SQLITE_MAGIC)]
    except OSError as exc:
        raise DiaryError(os_error_sentence(exc, path, doing="read")) from exc
    if magic != SQLITE_MAGIC:
        raise NotAPainlogDatabase(
            f"{path} is not a painlog diary (it is not an SQLite database); it was left untouched."
        )
    try:
        conn = sqlite3.connect(read_uri(path), uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        # The application id sits at bytes 68-71 of the header, readable without SQLite.
        if is_painlog_header(header) or not _is_damage(exc):
            raise sqlite_error(exc, path) from exc
        raise NotAPainlogDatabase(
            f"{path} is not a painlog diary ({exc}); it was left untouched."
        ) from exc
    if app_id != APPLICATION_ID:
        if not tables:
            return DiaryState(path, exists=True)
        raise NotAPainlogDatabase(
            f"{path} is an SQLite database but not a painlog diary; it was left untouched."
        )
    if revision is None:
        raise NotAPainlogDatabase(f"{path} is a damaged painlog diary (it has no schema revision).")
    return DiaryState(path, exists=True, revision=revision)


def _is_damage(exc: sqlite3.Error) -> bool:
    return isinstance(sqlite_error(exc, Path(".")), DamagedDiary)


def is_read_only(path: Path) -> bool:
    """True when painlog must not write ``path``.

    The owner-write bit is honoured even for root, who could write anyway: a
    person who made their diary read-only meant it.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    folder = path.parent
    return (
        not os.access(path, os.W_OK)
        or not mode & stat.S_IWUSR
        or not os.access(folder, os.W_OK | os.X_OK)
    )


def open_diary(
    path: Path, *, write: bool = True, upgrade: bool = True, lock_first: bool = True
) -> Diary:
    """Return a ready engine for the diary at ``path``, creating or upgrading it first.

    A ``write`` engine takes the write lock when each transaction begins, unless
    ``lock_first`` is False: then it reads first and takes the lock on its first
    write (an import, see ``painlog.storage.staging``).
    """
    too_long = name_too_long(path)
    if too_long:
        raise BadInput(too_long)
    if str(path) == ":memory:" or str(path).startswith("file:"):
        raise BadInput(
            f'--db "{path}" is not a file; the diary must be a file on disk, such as ~/pain.db.'
        )
    clean_stale_temporaries(path.parent)
    state = inspect_diary(path)
    notices: list[str] = []
    chain = revision_chain()
    if state.is_new or state.revision != chain.head:
        if state.revision is not None and not chain.knows(state.revision):
            raise DiaryTooNew(
                f"{path} was written by a newer painlog (schema {state.revision}); "
                "install a newer painlog to open it. The diary was left untouched."
            )
        if not state.is_new and not upgrade:
            raise DiaryError(f"{path} needs an upgrade; run: painlog db upgrade")
        if not state.is_new and is_read_only(path):
            raise ReadOnlyDiary(
                f"{path} is read-only and needs an upgrade this painlog must write."
            )
        notices += prepare(path)
    if write and is_read_only(path):
        raise ReadOnlyDiary(
            f"{path} is read-only, so painlog cannot change it; nothing was changed."
        )
    if write:
        keep_private(path)
        check_health(path)
    engine = make_engine(path, write=write and lock_first)
    return Diary(path=path, engine=engine, notices=notices)


def prepare(path: Path) -> list[str]:
    """Create or upgrade the diary, one painlog at a time; return the lines to show.

    Several painlogs started at once on a new diary or one that needs an
    upgrade take turns through a lock on the file; each looks again once it
    holds the lock, so only the first creates or upgrades it.
    """
    notices: list[str] = []
    _create_file(path)
    with _exclusive(path):
        state = inspect_diary(path)
        if state.is_new:
            _set_up(path)
            from painlog.storage.migrate import upgrade_to_head  # Alembic only on first use

            upgrade_to_head(path)
            notices += _folder_warning(path.parent)
        elif state.revision != revision_chain().head:
            assert state.revision is not None
            notices.append(_upgrade_with_backup(path, state.revision))
    return notices


def upgrade_with_backup(path: Path, old_revision: str) -> str:
    """Copy the diary beside itself, then migrate it to head; return the line to show."""
    with _exclusive(path):
        state = inspect_diary(path)
        if state.revision == revision_chain().head:  # another painlog did it meanwhile
            return f"The diary at {path} is at schema {revision_chain().head}."
        return _upgrade_with_backup(path, state.revision or old_revision)


def _upgrade_with_backup(path: Path, old_revision: str) -> str:
    from painlog.storage.migrate import upgrade_to_head

    backup = path.with_name(f"{path.stem}-{old_revision}-{unique_stamp()}{path.suffix or '.db'}")
    copy_database(path, backup)
    upgrade_to_head(path)
    return (
        f"Upgraded the diary at {path} from schema {old_revision} to {revision_chain().head}; "
        f"the old copy is at {backup}."
    )


_STAMPS = itertools.count(1)


def unique_stamp() -> str:
    """Time to the microsecond and the process id: no two painlogs make the same name.

    A process that makes several (a library user, the tests under a stopped
    clock) adds a count from its second name on.
    """
    count = next(_STAMPS)
    again = f"-{count}" if count > 1 else ""
    return f"{datetime.now():%Y%m%dT%H%M%S.%f}-{os.getpid()}{again}"


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's online backup, safe while others write.

    The copy is made under a temporary name beside ``target`` and appears under
    its real name only when it is complete; ``target`` must not exist (not even
    as a dangling link).
    """
    temporary = temporary_beside(target)
    try:
        src = sqlite3.connect(source)
        dst = sqlite3.connect(temporary)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        put_in_place(temporary, target, force=False)
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)


def keep_private(path: Path) -> None:
    """The diary and SQLite's files beside it are readable by their owner only."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        side = Path(f"{path}{suffix}")
        with contextlib.suppress(OSError):
            info = side.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
                os.chmod(side, 0o600)


def _fingerprint(path: Path) -> str | None:
    """Size, time and inode of the diary file, while no write-ahead log holds changes."""
    try:
        info = path.stat()
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
    except OSError:
        return None
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def _fingerprint_file(path: Path) -> Path:
    from painlog.paths import cache_dir

    digest = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / "checked" / digest[:32]


def _header_consistent(path: Path) -> bool:
    """SQLite's header agrees with the file's size (a cheap test, no page is read)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    return (
        len(header) == 100
        and page_size >= 512
        and header[24:28] == header[92:96]  # the page count is valid
        and pages * page_size == size
    )


def check_health(path: Path) -> None:
    """Refuse to write to a diary SQLite finds damaged.

    ``PRAGMA quick_check`` reads every page (about 165 ms on a 10-year,
    41 MB diary), too slow for every ``painlog log``; the header check costs
    nothing but misses damage inside the file. So the quick check runs when
    the file is not exactly as painlog left it after its last command (size,
    time and inode, kept in the cache folder) or when its header disagrees with
    its size; damage that appears later on the disk itself is caught by SQLite
    when a page is read, and refused the same way (``sqlite_error``).
    """
    fingerprint = _fingerprint(path)
    stored = _fingerprint_file(path)
    if fingerprint is not None and _header_consistent(path):
        with contextlib.suppress(OSError):
            if stored.read_text(encoding="ascii") == fingerprint:
                return
    try:
        conn = sqlite3.connect(path)  # read-only would leave -wal and -shm behind
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            rows = conn.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise sqlite_error(exc, path) from exc
    if rows != [("ok",)]:
        found = " ".join(str(rows[0][0]).replace("*** in database main ***", "").split())
        raise DamagedDiary(
            f'{path} is damaged: SQLite reports "{found[:80]}". painlog left it '
            "untouched and will not write to it; painlog db check shows what is wrong."
        )
    remember_checked(path)


def remember_checked(path: Path) -> None:
    """After painlog's own work: the file as it is now counts as checked."""
    fingerprint = _fingerprint(path)
    if fingerprint is None:
        return
    stored = _fingerprint_file(path)
    with contextlib.suppress(OSError):
        make_private_folder(stored.parent)
        temporary = stored.with_name(f".{stored.name}.{os.getpid()}")
        temporary.write_text(fingerprint, encoding="ascii")
        os.replace(temporary, stored)


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on the diary file (SQLite's own locks are separate)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: SQLite's own locks must do
        yield
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise DiaryError(os_error_sentence(exc, path, doing="open")) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each 0700 whatever the umask."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another painlog made it a moment ago
        os.chmod(new, 0o700)


def _folder_warning(folder: Path) -> list[str]:
    with contextlib.suppress(OSError):
        if folder.stat().st_mode & 0o044:
            return [
                f"Note: other users can see the names in the folder {folder} (mode "
                f"{stat.S_IMODE(folder.stat().st_mode):o}); the diary itself is private, "
                f"but chmod 700 {folder} keeps even its name to you."
            ]
    return []


def _create_file(path: Path) -> None:
    """Make the diary's folder and an empty private file, unless it is there already."""
    folder = path.parent
    try:
        if not folder.exists():
            make_private_folder(folder)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        return  # there already (perhaps made by another painlog just now)
    except OSError as exc:
        raise DiaryError(
            f"Cannot create the diary: {os_error_sentence(exc, path, doing='create')}"
        ) from exc


def _set_up(path: Path) -> None:
    if is_read_only(path):
        raise ReadOnlyDiary(f"{path} is read-only, so painlog cannot set up a diary there.")
    keep_private(path)  # an empty file made by someone else (touch) may be 0644
    try:
        conn = sqlite3.connect(path)
        try:
            # WAL survives in the file; it lets readers and one writer work at once.
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise sqlite_error(exc, path) from exc


@contextmanager
def diary_session(diary: Diary) -> Iterator[Session]:
    """One transaction for one command: committed on success, rolled back on any error."""
    try:
        with Session(diary.engine, expire_on_commit=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        if isinstance(exc.orig, sqlite3.Error):
            raise sqlite_error(exc.orig, diary.path) from None  # never the SQL's values
        raise
    except DatabaseError as exc:
        if isinstance(exc.orig, sqlite3.DatabaseError) and not isinstance(
            exc.orig, sqlite3.IntegrityError
        ):
            raise sqlite_error(exc.orig, diary.path) from None
        raise
