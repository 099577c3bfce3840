"""journal: entries, check-ins, own vocabulary

Revision ID: 0001
Revises:
Create Date: 2026-11-21 19:35:04.907213
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None


# painlog's mark in the SQLite header ("PLOG"); see painlog.storage.diary.
APPLICATION_ID = 0x504C4F47


def upgrade() -> None:
    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    op.create_table(
        "custom_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("remedy_kind", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('pain_type', 'trigger', 'remedy', 'location', 'quality')",
            name=op.f("ck_custom_terms_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_terms")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_custom_terms_kind_key")),
    )
    op.create_table(
        "day_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("average_pain", sa.Integer(), nullable=True),
        sa.Column("worst_pain", sa.Integer(), nullable=True),
        sa.Column("enjoyment", sa.Integer(), nullable=True),
        sa.Column("activity", sa.Integer(), nullable=True),
        sa.Column("sleep_quality", sa.Integer(), nullable=True),
        sa.Column("fatigue", sa.Integer(), nullable=True),
        sa.Column("spasticity", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "activity IS NULL OR (activity BETWEEN 0 AND 10)",
            name=op.f("ck_day_checkins_activity_0_10"),
        ),
        sa.CheckConstraint(
            "average_pain IS NULL OR (average_pain BETWEEN 0 AND 10)",
            name=op.f("ck_day_checkins_average_pain_0_10"),
        ),
        sa.CheckConstraint(
            "enjoyment IS NULL OR (enjoyment BETWEEN 0 AND 10)",
            name=op.f("ck_day_checkins_enjoyment_0_10"),
        ),
        sa.CheckConstraint(
            "fatigue IS NULL OR (fatigue BETWEEN 0 AND 10)",
            name=op.f("ck_day_checkins_fatigue_0_10"),
        ),
        sa.CheckConstraint(
            "sleep_quality IS NULL OR (sleep_quality BETWEEN 0 AND 10)",
            name=op.f("ck_day_checkins_sleep_quality_0_10"),
        ),
        sa.CheckConstraint(
            "spasticity IS NULL OR (spasticity BETWEEN 0 AND 10)",
            name=op.f("ck_day_checkins_spasticity_0_10"),
        ),
        sa.CheckConstraint(
            "worst_pain IS NULL OR (worst_pain BETWEEN 0 AND 10)",
            name=op.f("ck_day_checkins_worst_pain_0_10"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_checkins")),
        sa.UniqueConstraint("day", name=op.f("uq_day_checkins_day")),
        sa.UniqueConstraint("uid", name=op.f("uq_day_checkins_uid")),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.String(length=32), nullable=False),
        sa.Column("occurred_utc", sa.DateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=False),
        sa.Column("pain_type", sa.String(length=64), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes >= 0",
            name=op.f("ck_entries_duration_not_negative"),
        ),
        sa.CheckConstraint("intensity BETWEEN 0 AND 10", name=op.f("ck_entries_intensity_0_10")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
        sa.UniqueConstraint("uid", name=op.f("uq_entries_uid")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entries_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_entries_occurred_utc"), ["occurred_utc"], unique=False)

    op.create_table(
        "day_exposures",
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["day_checkins.id"],
            name=op.f("fk_day_exposures_checkin_id_day_checkins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkin_id", "trigger", name=op.f("pk_day_exposures")),
    )
    with op.batch_alter_table("day_exposures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_exposures_trigger"), ["trigger"], unique=False)

    op.create_table(
        "entry_tags",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('location', 'quality', 'trigger')", name=op.f("ck_entry_tags_kind")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_entry_tags_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "kind", "key", name=op.f("pk_entry_tags")),
    )
    with op.batch_alter_table("entry_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entry_tags_key"), ["key"], unique=False)

    op.create_table(
        "remedy_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("remedy", sa.String(length=64), nullable=False),
        sa.Column("dose", sa.String(length=200), nullable=True),
        sa.Column("taken_at", sa.String(length=32), nullable=True),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.Column("pain_after_at", sa.String(length=32), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "pain_after IS NULL OR (pain_after BETWEEN 0 AND 10)",
            name=op.f("ck_remedy_attempts_pain_after_0_10"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_remedy_attempts_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remedy_attempts")),
        sa.UniqueConstraint("entry_id", "remedy", name=op.f("uq_remedy_attempts_entry_id_remedy")),
    )
    with op.batch_alter_table("remedy_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_remedy_attempts_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_remedy_attempts_remedy"), ["remedy"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("remedy_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remedy_attempts_remedy"))
        batch_op.drop_index(batch_op.f("ix_remedy_attempts_entry_id"))

    op.drop_table("remedy_attempts")
    with op.batch_alter_table("entry_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_tags_key"))

    op.drop_table("entry_tags")
    with op.batch_alter_table("day_exposures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_day_exposures_trigger"))

    op.drop_table("day_exposures")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entries_occurred_utc"))
        batch_op.drop_index(batch_op.f("ix_entries_day"))

    op.drop_table("entries")
    op.drop_table("day_checkins")
    op.drop_table("custom_terms")
