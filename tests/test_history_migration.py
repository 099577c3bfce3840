"""Migration 0002: the history and day remedies.

tests/test_migrations.py checks that models and migrations agree and that
upgrades lose nothing; this file checks what 0002 itself promises.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from painlog.models import Change, Entry
from painlog.storage.diary import diary_session, open_diary
from painlog.storage.migrate import upgrade_to_head

pytestmark = pytest.mark.clock


def test_upgrade_from_0001_keeps_entries_and_starts_history(db_path: Path) -> None:
    db_path.touch(mode=0o600)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    upgrade_to_head(db_path, target="0001")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO entries (id, uid, occurred_at, occurred_utc, day, intensity, pain_type,"
            " created_at, updated_at) VALUES (1, 'a1', '2026-03-01T21:30:00+01:00',"
            " '2026-03-01 20:30:00.000000', '2026-03-01', 6, 'spasticity',"
            " '2026-03-01 20:31:00.000000', '2026-03-01 20:31:00.000000')"
        )
        conn.execute(
            "INSERT INTO entry_tags (entry_id, kind, key, position) VALUES (1, 'location',"
            " 'lower-back', 0)"
        )
    conn.close()

    diary = open_diary(db_path)  # upgrades, keeping a copy beside it
    assert any("Upgraded" in notice for notice in diary.notices)
    assert list(db_path.parent.glob("diary-0001-*.db"))
    from painlog.services import entries

    with diary_session(diary) as session:
        entry = session.scalars(select(Entry)).one()
        assert entry.locations == ["lower-back"]
        entries.edit_entry(session=session, entry_id=1, changes=entries.EntryChanges(intensity=4))
    with diary_session(diary) as session:
        changes = session.scalars(select(Change).order_by(Change.version)).all()
        # The pre-history state is kept as version 1, so the edit can be undone.
        assert [(c.version, c.action) for c in changes] == [(1, "baseline"), (2, "edit")]
        assert changes[0].after["intensity"] == 6
    diary.engine.dispose()


def test_history_is_append_only(db_path: Path) -> None:
    from painlog.services import entries
    from painlog.when import local_now

    diary = open_diary(db_path)
    with diary_session(diary) as session:
        entries.log_entry(
            session=session,
            entry=entries.EntryInput(intensity=5, occurred_at=local_now(), locations=["neck"]),
        )
    diary.engine.dispose()
    conn = sqlite3.connect(db_path)  # a plain connection: recursive_triggers off
    row = conn.execute("SELECT id, record_kind, record_uid, version FROM history").fetchone()
    for statement in (
        "UPDATE history SET action = 'edit'",
        "DELETE FROM history",
        # REPLACE deletes the old row without firing DELETE triggers: refused too.
        "INSERT OR REPLACE INTO history (id, record_kind, record_uid, version, action, "
        f"changed_at, after) VALUES ({row[0]}, 'entry', 'x', 1, 'create', '2020-01-01', '{{}}')",
        "INSERT OR REPLACE INTO history (record_kind, record_uid, version, action, changed_at, "
        f"after) VALUES ('{row[1]}', '{row[2]}', {row[3]}, 'create', '2020-01-01', '{{}}')",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(statement)
    assert conn.execute("SELECT record_uid FROM history").fetchall() == [(row[2],)]
    conn.close()
