"""Alembic owns the schema: models and migrations agree, and upgrades lose nothing."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from painlog.models import Base
from painlog.services import checkins, entries
from painlog.services.vocabulary import load_vocabulary
from painlog.storage import diary as diary_module
from painlog.storage import migrate, revisions
from painlog.storage.diary import diary_session, inspect_diary, open_diary
from painlog.storage.engine import make_engine
from painlog.storage.revisions import revision_chain


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    path = tmp_path / "head.db"
    open_diary(path).engine.dispose()
    engine = make_engine(path, write=False)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_revision_chain_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    oldest_first = tuple(reversed([r.revision for r in script.walk_revisions()]))
    assert revision_chain().ordered == oldest_first  # revisions.REVISIONS is complete
    assert revision_chain().head == script.get_current_head()


# Rows written with plain SQL in the shape of the FIRST revision, so this test
# keeps checking the whole upgrade path as migrations are added.
FIRST_REVISION_ROWS = """
INSERT INTO entries (id, uid, occurred_at, occurred_utc, day, intensity, pain_type,
    duration_minutes, note, created_at, updated_at, deleted_at)
VALUES
 (1, 'u1', '2026-03-01T23:30:00+01:00', '2026-03-01 22:30:00', '2026-03-01', 7, 'spasticity',
  45, 'late night', '2026-03-01 22:31:00', '2026-03-01 22:31:00', NULL),
 (2, 'u2', '2026-03-02T08:00:00+01:00', '2026-03-02 07:00:00', '2026-03-02', 3, NULL,
  NULL, NULL, '2026-03-02 07:01:00', '2026-03-02 07:01:00', '2026-03-03 10:00:00');
INSERT INTO entry_tags (entry_id, kind, key, position) VALUES
 (1, 'location', 'lower-back', 0), (1, 'location', 'hip', 1), (1, 'quality', 'tight', 0),
 (1, 'trigger', 'heat', 0), (1, 'trigger', 'my-own', 1), (2, 'location', 'neck', 0);
INSERT INTO remedy_attempts (id, entry_id, remedy, dose, taken_at, pain_after, pain_after_at,
    position)
VALUES (1, 1, 'baclofen', '10 mg', '2026-03-01T23:35:00+01:00', 3, '2026-03-02T00:35:00+01:00', 0);
INSERT INTO day_checkins (id, uid, day, average_pain, worst_pain, enjoyment, activity,
    sleep_quality, fatigue, spasticity, note, created_at, updated_at)
VALUES (1, 'c1', '2026-03-01', 4, 7, 5, 6, 5, 6, 5, 'hot', '2026-03-01 20:00:00',
    '2026-03-01 20:00:00');
INSERT INTO day_exposures (checkin_id, "trigger", position) VALUES (1, 'heat', 0),
    (1, 'humidity', 1);
INSERT INTO custom_terms (id, kind, key, label, aliases, remedy_kind, created_at)
VALUES (1, 'trigger', 'my-own', 'My own', '["mine"]', NULL, '2026-03-01 10:00:00');
"""


def _check_first_revision_rows(path: Path) -> None:
    opened = open_diary(path, write=False)
    with diary_session(opened) as session:
        first = entries.get_entry(session=session, entry_id=1)
        assert first.day == date(2026, 3, 1)
        assert first.occurred_at.isoformat() == "2026-03-01T23:30:00+01:00"
        assert (first.intensity, first.pain_type, first.duration_minutes) == (7, "spasticity", 45)
        assert first.locations == ["lower-back", "hip"]
        assert first.qualities == ["tight"]
        assert first.triggers == ["heat", "my-own"]
        [attempt] = first.remedies
        assert (attempt.remedy, attempt.dose, attempt.pain_after) == ("baclofen", "10 mg", 3)
        second = entries.get_entry(session=session, entry_id=2)
        assert second.is_deleted
        [day] = checkins.list_days(session=session)
        assert day.checkin.exposures == ["heat", "humidity"]
        assert day.checkin.peg == 5.0
        assert load_vocabulary(session=session).resolve("trigger", "mine").key == "my-own"
    opened.engine.dispose()


def test_upgrade_from_the_first_revision_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first = revision_chain().ordered[0]
    path.touch(mode=0o600)
    migrate.upgrade_to_head(path, target=first)
    conn = sqlite3.connect(path)
    conn.executescript(FIRST_REVISION_ROWS)
    conn.close()
    assert inspect_diary(path).revision == first
    migrate.upgrade_to_head(path)
    assert inspect_diary(path).revision == revision_chain().head
    _check_first_revision_rows(path)


EXTRA_REVISION = '''
"""test-only revision: rebuilds the entries table"""

import sqlalchemy as sa
from alembic import op

revision: str = "9999test"
down_revision: str | None = "{down}"


def upgrade() -> None:
    with op.batch_alter_table("entries", recreate="always") as batch:
        batch.add_column(sa.Column("test_flag", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries", recreate="always") as batch:
        batch.drop_column("test_flag")
'''


def test_a_diary_behind_head_is_copied_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a newer migration set, opening the diary backs it up and upgrades it.

    The extra revision rebuilds the entries table, which would cascade-delete
    tags and remedies if foreign keys were on during the upgrade.
    """
    path = tmp_path / "diary.db"
    path.touch(mode=0o600)
    migrate.upgrade_to_head(path)
    conn = sqlite3.connect(path)
    conn.executescript(FIRST_REVISION_ROWS)
    conn.close()
    old_head = revision_chain().head

    newer = tmp_path / "migrations"
    shutil.copytree(migrate.migrations_dir(), newer)
    (newer / "versions" / "9999_test.py").write_text(EXTRA_REVISION.format(down=old_head))
    monkeypatch.setattr(revisions, "REVISIONS", (*revisions.REVISIONS, "9999test"))
    monkeypatch.setattr(migrate, "migrations_dir", lambda: newer)
    try:
        opened = diary_module.open_diary(path)
        opened.engine.dispose()
        assert inspect_diary(path).revision == "9999test"
        [notice] = opened.notices
        [backup] = [p for p in tmp_path.iterdir() if p.name.startswith(f"diary-{old_head}-")]
        assert str(backup) in notice and old_head in notice
        assert inspect_diary(backup).revision == old_head
        _check_first_revision_rows(path)
    finally:
        monkeypatch.undo()
