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
        return Path(option).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env is not None:
        if not from_env.strip():
            raise BadInput(f"{ENV_VAR} is set but empty; unset it or give the diary file to use.")
        return Path(from_env).expanduser()
    return default_db_path()
