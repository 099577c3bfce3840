"""The schema revisions this painlog knows, read without importing Alembic.

Every command checks the diary's stored revision against the head revision.
Importing Alembic for that would slow down logging, so the revision chain is
read straight from the migration files' ``revision``/``down_revision`` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from painlog.resources import migrations_dir

_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([0-9a-zA-Z_]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(None|['\"]([0-9a-zA-Z_]+)['\"])", re.M)


@dataclass(frozen=True)
class RevisionChain:
    ordered: tuple[str, ...]  # oldest first

    @property
    def head(self) -> str:
        return self.ordered[-1]

    def knows(self, revision: str) -> bool:
        return revision in self.ordered


@cache
def revision_chain() -> RevisionChain:
    parents: dict[str, str | None] = {}
    for path in sorted((migrations_dir() / "versions").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            continue
        parents[rev.group(1)] = down.group(2)
    children = {parent: rev for rev, parent in parents.items()}
    if len(children) != len(parents):
        raise RuntimeError("painlog's migrations branch; they must form one line")
    ordered: list[str] = []
    current = children.get(None)
    while current is not None:
        ordered.append(current)
        current = children.get(current)
    if len(ordered) != len(parents):
        raise RuntimeError("painlog's migrations do not form one unbroken chain")
    return RevisionChain(tuple(ordered))
