"""Engines from a factory: every connection gets painlog's SQLite settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import NullPool

# Long enough to outwait a large import (100,000 entries take about 10 s here).
BUSY_TIMEOUT_MS = 60_000


def make_engine(path: Path, *, write: bool = True, foreign_keys: bool = True) -> Engine:
    """An engine for the diary at ``path``.

    ``write`` engines start every transaction with BEGIN IMMEDIATE: the write
    lock is taken up front, so a second painlog process waits (busy timeout)
    instead of failing with "database is locked" when it upgrades a read lock.
    Migrations ask for ``foreign_keys=False`` because SQLite table rebuilds
    would otherwise cascade deletes into child tables.
    """
    engine = create_engine(
        # URL.create, not an f-string: a path with "?" or "%20" must stay that path.
        URL.create("sqlite", database=str(path)),
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
