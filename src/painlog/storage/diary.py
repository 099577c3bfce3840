"""Opening a diary file: create it, recognise it, bring it up to date, or refuse it.

This runs before every command, so the common case (an existing diary at the
head revision) costs one small query and never imports Alembic.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from painlog.errors import DiaryError, DiaryTooNew, NotAPainlogDatabase, ReadOnlyDiary
from painlog.storage.engine import make_engine
from painlog.storage.revisions import revision_chain

# Stamped into the SQLite header (PRAGMA application_id) so painlog can tell
# its own files from any other SQLite database. Bytes spell "PLOG".
APPLICATION_ID = 0x504C4F47
_SQLITE_MAGIC = b"SQLite format 3\x00"


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
            magic = header[: len(_SQLITE_MAGIC)]
    except OSError as exc:
        raise DiaryError(f"Cannot read the diary at {path}: {exc.strerror}.") from exc
    if magic != _SQLITE_MAGIC:
        raise NotAPainlogDatabase(
            f"{path} is not a painlog diary (it is not an SQLite database); it was left untouched."
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
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
    except sqlite3.DatabaseError as exc:
        # The application id sits at bytes 68-71 of the header, readable without SQLite.
        if header[68:72] == APPLICATION_ID.to_bytes(4, "big"):
            raise DiaryError(
                f"{path} is a painlog diary that SQLite cannot read ({exc}); it was left "
                "untouched. Restore your latest backup (painlog db backup makes them)."
            ) from exc
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


def open_diary(path: Path, *, write: bool = True, upgrade: bool = True) -> Diary:
    """Return a ready engine for the diary at ``path``, creating or upgrading it first."""
    state = inspect_diary(path)
    notices: list[str] = []
    chain = revision_chain()
    if state.is_new:
        _create(path)
        from painlog.storage.migrate import upgrade_to_head  # Alembic only on first use

        upgrade_to_head(path)
    elif state.revision != chain.head:
        assert state.revision is not None
        if not chain.knows(state.revision):
            raise DiaryTooNew(
                f"{path} was written by a newer painlog (schema {state.revision}); "
                "install a newer painlog to open it. The diary was left untouched."
            )
        if not upgrade:
            raise DiaryError(f"{path} needs an upgrade; run: painlog db upgrade")
        if is_read_only(path):
            raise ReadOnlyDiary(
                f"{path} is read-only and needs an upgrade this painlog must write."
            )
        notices.append(upgrade_with_backup(path, state.revision))
    if write and is_read_only(path):
        raise ReadOnlyDiary(
            f"{path} is read-only, so painlog cannot change it; nothing was changed."
        )
    return Diary(path=path, engine=make_engine(path, write=write), notices=notices)


def upgrade_with_backup(path: Path, old_revision: str) -> str:
    """Copy the diary beside itself, then migrate it to head; return the line to show."""
    from painlog.storage.migrate import upgrade_to_head

    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    backup = path.with_name(f"{path.stem}-{old_revision}-{stamp}{path.suffix or '.db'}")
    copy_database(path, backup)
    upgrade_to_head(path)
    return (
        f"Upgraded the diary at {path} from schema {old_revision} to {revision_chain().head}; "
        f"the old copy is at {backup}."
    )


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's online backup, safe while others write.

    ``target`` must not exist (not even as a dangling link); if the copy fails,
    the file this call created is removed, and nothing else.
    """
    fd = os.open(
        target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
    )  # O_EXCL: fails on any existing name, links too
    os.close(fd)
    try:
        src = sqlite3.connect(source)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except BaseException:
        target.unlink(missing_ok=True)  # ours: created above with O_EXCL
        raise


def _create(path: Path) -> None:
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
    except OSError as exc:
        raise DiaryError(
            f"Cannot create the diary at {path}: {exc.strerror or exc}; "
            "choose another place with --db or PAINLOG_DB."
        ) from exc
    if is_read_only(path):
        raise ReadOnlyDiary(f"{path} is read-only, so painlog cannot set up a diary there.")
    conn = sqlite3.connect(path)
    try:
        # WAL survives in the file; it lets readers and one writer work at once.
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


@contextmanager
def diary_session(diary: Diary) -> Iterator[Session]:
    """One transaction for one command: committed on success, rolled back on any error."""
    try:
        with Session(diary.engine, expire_on_commit=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        message = str(exc.orig).lower()
        if "readonly" in message or "read-only" in message:
            raise ReadOnlyDiary(
                f"{diary.path} is read-only, so painlog cannot change it; nothing was changed."
            ) from exc
        if "locked" in message or "busy" in message:
            raise DiaryError(
                f"The diary at {diary.path} stayed busy with another painlog for too long; "
                "nothing was changed, try again."
            ) from exc
        raise
