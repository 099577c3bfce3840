"""Which diary file a command uses: ``--db``, else ``PAINLOG_DB``, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from painlog.errors import BadInput

ENV_VAR = "PAINLOG_DB"


def default_db_path() -> Path:
    import platformdirs  # small, but only needed when no path was given

    return Path(platformdirs.user_data_dir("painlog", appauthor=False)) / "painlog.db"


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    if option is not None:
        if not str(option).strip():
            raise BadInput("--db was given an empty path; give the diary file to use.")
        return _not_a_side_file(Path(option).expanduser(), "--db")
    from_env = os.environ.get(ENV_VAR)
    if from_env is not None:
        if not from_env.strip():
            raise BadInput(f"{ENV_VAR} is set but empty; unset it or give the diary file to use.")
        return _not_a_side_file(Path(from_env).expanduser(), ENV_VAR)
    return default_db_path()


def _not_a_side_file(path: Path, what: str) -> Path:
    """Refuse one of the files SQLite keeps beside a database (diary.db-wal) as a diary."""
    for suffix in ("-wal", "-shm", "-journal"):
        base = Path(str(path)[: -len(suffix)]) if str(path).endswith(suffix) else None
        if base is not None and base.is_file():
            raise BadInput(
                f"{what} {path} is a file SQLite keeps beside {base}; give the diary itself."
            )
    return path


def cache_dir() -> Path:
    """Where painlog keeps files it can always rebuild (never health data)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("painlog", appauthor=False))
