"""history refuses INSERT OR REPLACE

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 21:20:00

SQLite's REPLACE deletes a conflicting row without firing DELETE triggers
(unless recursive_triggers is on), so ``INSERT OR REPLACE`` could overwrite
a history record despite the append-only triggers of 0002. This trigger
refuses any insert that would land on an existing record.
"""

from __future__ import annotations

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"


def upgrade() -> None:
    op.execute(
        "CREATE TRIGGER history_no_replace BEFORE INSERT ON history "
        "WHEN EXISTS (SELECT 1 FROM history WHERE id = NEW.id OR "
        "(record_kind = NEW.record_kind AND record_uid = NEW.record_uid "
        "AND version = NEW.version)) "
        "BEGIN SELECT RAISE(ABORT, 'painlog history is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS history_no_replace")
