"""Rows an import writes before it holds the diary's write lock.

A large import spends most of its time reading and checking the file. Its new
rows go first to temporary tables on the import's own connection (SQLite's
``temp`` database: a file that is deleted as it is opened, never beside the
diary), while the diary itself is only read. At the end one ``INSERT ...
SELECT`` per table moves them into the diary in the same transaction, so the
write lock is held for that last step alone (about a second for 50,000
entries) and a killed or failed import still leaves nothing behind.

If another painlog changed the diary in the meantime, SQLite refuses the last
step (``SQLITE_BUSY_SNAPSHOT``) and the import starts again from the file.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, MetaData, Table

from painlog.models import (
    Change,
    CustomTerm,
    DayCheckin,
    DayExposure,
    DayRemedy,
    Entry,
    EntryTag,
    RemedyAttempt,
)

# Parents before children, as the foreign keys want them.
STAGED = (CustomTerm, DayCheckin, DayExposure, DayRemedy, Entry, EntryTag, RemedyAttempt, Change)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


class Staging:
    """Temporary copies of the diary's tables on one connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.metadata = MetaData()
        self.tables: dict[str, Table] = {}
        for model in STAGED:
            table = _table(model)
            name = f"painlog_staged_{table.name}"
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS temp."{name}"')
            connection.exec_driver_sql(
                f'CREATE TEMP TABLE "{name}" AS SELECT * FROM main."{table.name}" WHERE 0'
            )
            self.tables[table.name] = table.to_metadata(self.metadata, schema="temp", name=name)

    def table(self, model: Any) -> Table:
        """Where rows for ``model``'s table go until ``publish``."""
        return self.tables[_table(model).name]

    def publish(self) -> None:
        """Move every staged row into the diary (this takes the write lock), then drop them."""
        for model in STAGED:
            table = _table(model)
            staged = self.tables[table.name]
            columns = ", ".join(f'"{column.name}"' for column in table.columns)
            self.connection.exec_driver_sql(
                f'INSERT INTO main."{table.name}" ({columns}) '
                f'SELECT {columns} FROM temp."{staged.name}" ORDER BY rowid'
            )
            self.connection.exec_driver_sql(f'DROP TABLE temp."{staged.name}"')
