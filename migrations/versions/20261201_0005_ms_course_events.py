"""events of the MS course, and their history

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01 08:40:00

``events`` holds what the person records about their MS course (relapses,
steroid courses, infusions, infections, falls, visits, MRIs). ``event_history``
keeps every change to an event, append-only like ``history``; it is a table of
its own so that this migration touches nothing but the event tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"

APPEND_ONLY = ("UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=True),
        sa.Column("dose", sa.String(length=200), nullable=True),
        sa.Column("therapy", sa.String(length=200), nullable=True),
        sa.Column("missed", sa.Boolean(), nullable=False),
        sa.Column("with_whom", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('relapse', 'steroids', 'infusion', 'dmt-dose', 'infection', 'fall', "
            "'visit', 'mri', 'other')",
            name=op.f("ck_events_kind"),
        ),
        sa.CheckConstraint(
            "end_day IS NULL OR end_day >= start_day", name=op.f("ck_events_end_not_before_start")
        ),
        sa.CheckConstraint(
            "with_whom IS NULL OR with_whom IN ('neurologist', 'gp', 'physio', 'ms-nurse')",
            name=op.f("ck_events_with_whom"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("uid", name=op.f("uq_events_uid")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_start_day"), ["start_day"], unique=False)

    op.create_table(
        "event_history",
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
            "action IN ('create', 'edit', 'delete', 'restore', 'revert', 'import', 'baseline')",
            name=op.f("ck_event_history_action"),
        ),
        sa.CheckConstraint("record_kind = 'event'", name=op.f("ck_event_history_record_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_history")),
        sa.UniqueConstraint(
            "record_uid", "version", name=op.f("uq_event_history_record_uid_version")
        ),
        sqlite_autoincrement=True,
    )
    for event in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER event_history_no_{event.lower()} BEFORE {event} ON event_history "
            "BEGIN SELECT RAISE(ABORT, 'painlog history is append-only'); END"
        )
    op.execute(
        "CREATE TRIGGER event_history_no_replace BEFORE INSERT ON event_history "
        "WHEN EXISTS (SELECT 1 FROM event_history WHERE id = NEW.id OR "
        "(record_uid = NEW.record_uid AND version = NEW.version)) "
        "BEGIN SELECT RAISE(ABORT, 'painlog history is append-only'); END"
    )


def downgrade() -> None:
    for name in ("update", "delete", "replace"):
        op.execute(f"DROP TRIGGER IF EXISTS event_history_no_{name}")
    op.drop_table("event_history")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_start_day"))
        batch_op.drop_index(batch_op.f("ix_events_kind"))
    op.drop_table("events")
