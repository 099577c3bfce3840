"""Which diary file a command uses: ``--db``, else ``PAINLOG_DB``, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "PAINLOG_DB"


def default_db_path() -> Path:
    import platformdirs  # small, but only needed when no path was given

    return Path(platformdirs.user_data_dir("painlog", appauthor=False)) / "painlog.db"


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def cache_dir() -> Path:
    """Where painlog keeps files it can always rebuild (never health data)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("painlog", appauthor=False))
