"""history of changes, day remedies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 19:49:53.161050

``history`` keeps every change to an entry or a check-in; two triggers make it
append-only, so not even a bug in painlog can rewrite it. A later migration
that rebuilds this table (batch mode) must create the triggers again.
``day_remedies`` holds treatments taken on a day as a whole (Flaredown imports).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"

APPEND_ONLY = ("UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=16), nullable=False),
        sa.Column("record_uid", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.Column("before", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "action IN ('create', 'edit', 'relief', 'delete', 'restore', 'revert', "
            "'import', 'baseline')",
            name=op.f("ck_history_action"),
        ),
        sa.CheckConstraint(
            "record_kind IN ('entry', 'checkin')", name=op.f("ck_history_record_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history")),
        sa.UniqueConstraint(
            "record_kind",
            "record_uid",
            "version",
            name=op.f("uq_history_record_kind_record_uid_version"),
        ),
        sqlite_autoincrement=True,
    )
    for event in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER history_no_{event.lower()} BEFORE {event} ON history "
            "BEGIN SELECT RAISE(ABORT, 'painlog history is append-only'); END"
        )

    op.create_table(
        "day_remedies",
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("remedy", sa.String(length=64), nullable=False),
        sa.Column("dose", sa.String(length=200), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["day_checkins.id"],
            name=op.f("fk_day_remedies_checkin_id_day_checkins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkin_id", "remedy", name=op.f("pk_day_remedies")),
    )
    with op.batch_alter_table("day_remedies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_remedies_remedy"), ["remedy"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("day_remedies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_day_remedies_remedy"))
    op.drop_table("day_remedies")
    for event in APPEND_ONLY:
        op.execute(f"DROP TRIGGER IF EXISTS history_no_{event.lower()}")
    op.drop_table("history")
