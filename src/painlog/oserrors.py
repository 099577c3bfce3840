"""One translation of operating-system and SQLite errors into sentences.

Each sentence names the real cause (a full disk, a folder painlog cannot
write, a missing permission, a name too long) and never the health data in
an SQL statement's parameters. A diary is called damaged only when SQLite
itself says so (``SQLITE_CORRUPT`` or ``SQLITE_NOTADB``): telling someone to
put an old backup over a healthy diary would lose what they logged since.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from painlog.errors import (
    BadInput,
    DamagedDiary,
    DiaryBusy,
    DiaryChanged,
    DiaryError,
    PainlogError,
    ReadOnlyDiary,
)

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_TOOBIG = 18
SQLITE_NOTADB = 26
SQLITE_BUSY_SNAPSHOT = SQLITE_BUSY | (2 << 8)
MAX_NAME_BYTES = 255


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 120 else f"{text[:60]}…{text[-40:]}"


def name_too_long(path: Path) -> str | None:
    """A sentence when a part of ``path`` is longer than file systems allow, else None."""
    for part in path.parts:
        if len(os.fsencode(part)) > MAX_NAME_BYTES:
            return (
                f'The file name "{part[:40]}…" is {len(os.fsencode(part))} bytes long; '
                f"file systems allow at most {MAX_NAME_BYTES}, so choose a shorter one."
            )
    return None


def _disk_full(folder: Path) -> bool:
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return info.f_bavail == 0


def _folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def os_error_sentence(exc: OSError, path: Path | None = None, *, doing: str = "use") -> str:
    """What went wrong with ``path``, in the person's words."""
    where = Path(exc.filename) if path is None and exc.filename else path
    shown = _short(where) if where is not None else "the file"
    folder = where.parent if where is not None else Path(".")
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (
            f"The disk holding {_short(folder)} is full, so painlog could not {doing} {shown}; "
            "free some space and try again. Nothing was changed."
        )
    if code == errno.ENAMETOOLONG and where is not None:
        return name_too_long(where) or (
            f"The path {shown} is too long for the file system; choose a shorter one."
        )
    if code in (errno.EACCES, errno.EPERM):
        if where is not None and not where.exists() and not _folder_writable(folder):
            return (
                f"You have no permission to write in the folder {_short(folder)}; "
                "choose another place or change the folder's permissions. Nothing was changed."
            )
        return (
            f"You have no permission to {doing} {shown} (it may belong to another user); "
            "nothing was changed."
        )
    if code == errno.EROFS:
        return f"{shown} is on a read-only disk, so painlog could not {doing} it."
    if code == errno.ENOENT:
        return f"The folder {_short(folder)} does not exist; create it or choose another place."
    if code == errno.ENOTDIR:
        return f"A part of {shown} is a file, not a folder; check the path."
    if code == errno.EISDIR:
        return f"{shown} is a folder; give a file name."
    if code == errno.EIO:
        return (
            f"The disk reported a read or write error on {shown}; check the disk and try "
            "again. Nothing was changed."
        )
    reason = exc.strerror or type(exc).__name__
    return f"Could not {doing} {shown}: {reason}."


def sqlite_error(exc: sqlite3.Error, path: Path, *, writing: bool = True) -> PainlogError:
    """The error to raise for an SQLite failure on the diary at ``path``."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    shown = _short(path)
    folder = path.parent
    reason = str(exc)[:80]  # SQLite's own short message; never the statement or its values
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedDiary(
            f'{shown} is damaged: SQLite reports "{reason}". painlog left it untouched and '
            "will not write to it; painlog db check shows what is wrong."
        )
    if primary == SQLITE_FULL or (primary == SQLITE_IOERR and _disk_full(folder)):
        return DiaryError(
            f"The disk holding {_short(folder)} is full, so painlog could not use the diary; "
            "free some space and try again. The diary was not changed."
        )
    if primary in (SQLITE_READONLY, SQLITE_PERM) or (
        primary in (SQLITE_CANTOPEN, SQLITE_IOERR) and not _folder_writable(folder)
    ):
        if not _folder_writable(folder):
            return ReadOnlyDiary(
                f"painlog cannot write in the folder {_short(folder)}, and SQLite needs to keep "
                "small files beside the diary there; make the folder writable or move the "
                "diary. The diary was not changed."
            )
        return ReadOnlyDiary(
            f"{shown} is read-only, so painlog cannot change it; nothing was changed."
        )
    if code == SQLITE_BUSY_SNAPSHOT:
        return DiaryChanged(
            f"Another painlog changed the diary at {shown} while this one was reading it; "
            "nothing was changed, try again."
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return DiaryBusy(
            f"The diary at {shown} stayed busy with another painlog for too long; "
            "nothing was changed, try again."
        )
    if primary == SQLITE_CANTOPEN:
        too_long = name_too_long(path)
        if too_long:
            return BadInput(too_long)
        if path.exists() and not os.access(path, os.R_OK):
            return DiaryError(
                f"You have no permission to read {shown} (it may belong to another user)."
            )
        return DiaryError(f"SQLite cannot open the diary at {shown}; check the path and try again.")
    if primary == SQLITE_IOERR:
        return DiaryError(
            f"The disk reported a read or write error on {shown} (SQLite: {reason}); the diary "
            "itself is not known to be damaged. Check the disk and try again."
        )
    if primary in (SQLITE_NOMEM, SQLITE_TOOBIG):
        return DiaryError(f"SQLite ran out of memory working on {shown}; nothing was changed.")
    return DiaryError(f"SQLite could not use the diary at {shown} ({reason}); nothing was changed.")


def translate(exc: BaseException, diary: Path | None) -> PainlogError | None:
    """A PainlogError for an OS, SQLite or SQLAlchemy error, or None for anything else."""
    orig: BaseException | None = exc
    try:
        from sqlalchemy.exc import DBAPIError
    except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
        DBAPIError = ()  # type: ignore[assignment,misc]
    if isinstance(exc, DBAPIError):
        orig = exc.orig
    if isinstance(orig, sqlite3.Error):
        return sqlite_error(orig, diary or Path("the diary"))
    if isinstance(orig, OSError):
        if orig.errno == errno.ENAMETOOLONG:  # a name the person typed: bad input
            return BadInput(os_error_sentence(orig))
        return PainlogError(os_error_sentence(orig))
    return None
