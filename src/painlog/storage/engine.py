"""Engines from a factory: every connection gets painlog's SQLite settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import NullPool

# Long enough to outwait a large import (100,000 entries take about 10 s here).
BUSY_TIMEOUT_MS = 60_000


def cannot_keep_side_files(path: Path) -> bool:
    """True when SQLite could not create its -shm file beside the diary to read it.

    In a folder painlog cannot write, or on a full disk, nobody can be writing
    the diary either, so with no write-ahead log waiting to be read it is safe
    to read the file as it stands (SQLite's ``immutable`` mode).
    """
    import os

    folder = path.parent
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    if not os.access(folder, os.W_OK | os.X_OK):
        return True
    try:
        return os.statvfs(folder).f_bavail == 0
    except (OSError, AttributeError):
        return False


def read_uri(path: Path) -> str:
    """An SQLite URI that reads the diary and never writes beside it."""
    extra = "&immutable=1" if cannot_keep_side_files(path) else ""
    return f"{path.resolve().as_uri()}?mode=ro{extra}"


def make_engine(path: Path, *, write: bool = True, foreign_keys: bool = True) -> Engine:
    """An engine for the diary at ``path``.

    ``write`` engines start every transaction with BEGIN IMMEDIATE: the write
    lock is taken up front, so a second painlog process waits (busy timeout)
    instead of failing with "database is locked" when it upgrades a read lock.
    Migrations ask for ``foreign_keys=False`` because SQLite table rebuilds
    would otherwise cascade deletes into child tables.
    """
    # URL.create, not an f-string: a path with "?" or "%20" must stay that path.
    url = URL.create("sqlite", database=str(path))
    if not write and cannot_keep_side_files(path):
        url = URL.create("sqlite", database=read_uri(path), query={"uri": "true"})
    engine = create_engine(
        url,
        poolclass=NullPool,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous = FULL")
        # REPLACE then fires DELETE triggers too, which keep the history append-only.
        cursor.execute("PRAGMA recursive_triggers = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
