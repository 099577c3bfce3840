"""Schema upgrades through Alembic (imported only when a diary needs one)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from painlog.errors import DiaryError
from painlog.resources import migrations_dir
from painlog.storage.engine import make_engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade_to_head(path: Path, target: str = "head") -> None:
    """Migrate the diary at ``path`` in one transaction; any failure leaves it as it was."""
    engine = make_engine(path, write=True, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if broken:
                raise DiaryError(
                    f"Upgrading {path} would break {len(broken)} links between records; "
                    "the diary was left as it was."
                )
    finally:
        engine.dispose()


def current_revision(path: Path) -> str | None:
    engine = make_engine(path, write=False)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
