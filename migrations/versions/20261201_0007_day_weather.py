"""the weather of each day, from a file the person downloaded

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 11:45:00

``painlog import FILE.csv --format weather`` (and a Flaredown import's weather
rows) fill ``day_weather``: one row per day, temperatures in degrees Celsius,
the mean relative humidity in percent, and the kind of file they came from.
A table of its own: no existing table is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"


def upgrade() -> None:
    op.create_table(
        "day_weather",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("temp_max", sa.Float(), nullable=True),
        sa.Column("temp_mean", sa.Float(), nullable=True),
        sa.Column("humidity", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "temp_max IS NULL OR (temp_max BETWEEN -90 AND 60)",
            name=op.f("ck_day_weather_temp_max_real"),
        ),
        sa.CheckConstraint(
            "temp_mean IS NULL OR (temp_mean BETWEEN -90 AND 60)",
            name=op.f("ck_day_weather_temp_mean_real"),
        ),
        sa.CheckConstraint(
            "humidity IS NULL OR (humidity BETWEEN 0 AND 100)",
            name=op.f("ck_day_weather_humidity_0_100"),
        ),
        sa.CheckConstraint(
            "source IN ('meteostat', 'open-meteo', 'dwd', 'noaa', 'columns', 'flaredown')",
            name=op.f("ck_day_weather_source"),
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_day_weather")),
    )


def downgrade() -> None:
    op.drop_table("day_weather")
