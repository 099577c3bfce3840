"""Where the reference data and the migrations live.

In a wheel they ship inside the package (``painlog/reference``,
``painlog/migrations``); in a source checkout or an editable install they sit
at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from painlog.errors import PainlogError

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise PainlogError(
        f"painlog's {name} folder is missing from this installation; reinstall painlog."
    )


def reference_dir() -> Path:
    return resource_dir("reference")


def migrations_dir() -> Path:
    return resource_dir("migrations")
