"""The import benchmark's baseline: the same rows, inserted with sqlite3 executemany.

``bench/run.py`` imports a 100,000-entry export with painlog once, dumps every
row that import wrote (entries, tags, remedies, check-ins, history...) to a
pickle, and times this script inserting exactly those rows into the same
empty diary, with the same pragmas, in one transaction. The ratio of the two
is painlog's overhead: reading JSON, checking every record, SQLAlchemy.

Usage: python bench/import_baseline.py ROWS.pickle DIARY.db
"""

from __future__ import annotations

import pickle
import sqlite3
import sys

# Parents before children, as the foreign keys need.
TABLES = (
    "custom_terms",
    "day_checkins",
    "day_exposures",
    "day_remedies",
    "entries",
    "entry_tags",
    "remedy_attempts",
    "history",
)


def main(rows_path: str, diary: str) -> None:
    with open(rows_path, "rb") as handle:
        tables: dict[str, tuple[list[str], list[tuple[object, ...]]]] = pickle.load(handle)
    conn = sqlite3.connect(diary, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        columns, rows = tables[table]
        if rows:
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    conn.execute("COMMIT")
    conn.close()


def dump_rows(diary: str, rows_path: str) -> dict[str, int]:
    """Every row of the tables an import writes, for ``main`` to insert again."""
    conn = sqlite3.connect(diary)
    tables = {}
    for table in TABLES:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        names = ", ".join(f'"{c}"' for c in columns)
        tables[table] = (columns, conn.execute(f"SELECT {names} FROM {table}").fetchall())
    conn.close()
    with open(rows_path, "wb") as handle:
        pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {table: len(rows) for table, (_, rows) in tables.items()}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
