"""Alembic environment for painlog.

painlog runs migrations itself (``painlog.storage.migrate``) and hands over an
open connection in ``config.attributes["connection"]``, inside a transaction
it owns, with foreign keys off so SQLite table rebuilds cannot cascade.
For developers, ``alembic`` on the command line falls back to the diary that
``PAINLOG_DB`` (or the default location) names.
"""

from __future__ import annotations

from alembic import context

from painlog.models import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; rebuild tables instead
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    from painlog.paths import resolve_db_path
    from painlog.storage.engine import make_engine

    engine = make_engine(resolve_db_path(), write=True, foreign_keys=False)
    with engine.connect() as conn:
        _configure_and_run(conn)


if context.is_offline_mode():
    raise SystemExit("painlog migrations run online only.")
run_migrations_online()
