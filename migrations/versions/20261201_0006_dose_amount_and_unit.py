"""doses as an amount and a unit beside their text

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:00:00

A dose typed as a number and a unit ("10mg", "10 mg", "0,5 g", "2 tabs") is
kept as an amount and a unit beside the text, for remedies tried in an
episode and for remedies of a day, so the report can group doses. Rows
already in the diary are filled in here, read the way painlog.doses reads
them (written out below, so that this revision stays as it was when later
code changes). Other doses keep no amount; their text is untouched.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"

_AMOUNT = re.compile(
    r"^(\d{1,6}(?:[.,]\d{1,3})?)\s*"
    r"(mg|g|mcg|µg|μg|ug|ml|tablets?|tabs?|drops?|puffs?)\.?$",
    re.IGNORECASE,
)
_UNIT = {
    "µg": "mcg",
    "μg": "mcg",
    "ug": "mcg",
    "tab": "tablet",
    "tabs": "tablet",
    "tablets": "tablet",
    "drops": "drop",
    "puffs": "puff",
}
TABLES = {"remedy_attempts": ("id",), "day_remedies": ("checkin_id", "remedy")}


def _parts(text: str) -> tuple[float, str] | None:
    found = _AMOUNT.match(text.strip())
    if found is None:
        return None
    unit = found.group(2).lower()
    return float(found.group(1).replace(",", ".")), _UNIT.get(unit, unit)


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy of the table (as in 0004).
    for table in TABLES:
        op.add_column(table, sa.Column("dose_amount", sa.Float(), nullable=True))
        op.add_column(table, sa.Column("dose_unit", sa.String(length=16), nullable=True))
    conn = op.get_bind()
    for table, keys in TABLES.items():
        columns = ", ".join(keys)
        rows = conn.execute(
            sa.text(f"SELECT {columns}, dose FROM {table} WHERE dose IS NOT NULL")
        ).fetchall()
        where = " AND ".join(f"{key} = :{key}" for key in keys)
        for row in rows:
            parts = _parts(row[-1])
            if parts is None:
                continue
            values = dict(zip(keys, row[:-1], strict=True))
            conn.execute(
                sa.text(
                    f"UPDATE {table} SET dose_amount = :amount, dose_unit = :unit WHERE {where}"
                ),
                {**values, "amount": parts[0], "unit": parts[1]},
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("dose_unit")
            batch.drop_column("dose_amount")
