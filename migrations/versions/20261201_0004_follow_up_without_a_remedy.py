"""a follow-up rating for an episode where nothing was taken

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00

``painlog relief ENTRY --pain-after N`` without ``--remedy`` records how the
pain was later when no remedy was taken. Remedies are compared with these
untreated follow-ups, since pain logged at a peak often eases on its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy of the table: a copy would leave the old
    # pages free inside the file, and the file would no longer grow only as data does.
    op.execute(
        "ALTER TABLE entries ADD COLUMN pain_after INTEGER "
        "CONSTRAINT ck_entries_pain_after_0_10 "
        "CHECK (pain_after IS NULL OR (pain_after BETWEEN 0 AND 10))"
    )
    op.add_column("entries", sa.Column("pain_after_at", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("pain_after_at")
        batch.drop_column("pain_after")
