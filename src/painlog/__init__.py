"""painlog: a private, local pain and trigger diary for people with MS.

From Python: ``from painlog import Diary`` (see ``painlog.api``).
"""

from __future__ import annotations

# Not typing.TYPE_CHECKING: importing typing costs a Tab completion (painlog.complete)
# more than the rest of its work; mypy reads this name as true all the same.
TYPE_CHECKING = False

# Read by the build (pyproject's [tool.hatch.version]); kept here rather than
# looked up through importlib.metadata, which costs every command ~25 ms.
__version__ = "0.1.0"

if TYPE_CHECKING:
    from typing import Any

    from painlog.api import Diary

__all__ = ["Diary", "__version__"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the command line imports this package on every run.
    if name == "Diary":
        from painlog.api import Diary

        return Diary
    raise AttributeError(f"module 'painlog' has no attribute {name!r}")
