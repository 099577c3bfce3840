"""The schema revisions this painlog knows, without importing Alembic.

Every command checks the diary's stored revision against the head revision.
Importing Alembic for that would slow down logging, so the chain is written
here as a constant; ``tests/test_migrations.py`` holds it against Alembic's
own reading of ``migrations/versions``, so a new migration cannot be
forgotten here.
"""

from __future__ import annotations

from dataclasses import dataclass

# Every revision in migrations/versions, oldest first.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")


@dataclass(frozen=True)
class RevisionChain:
    ordered: tuple[str, ...]  # oldest first

    @property
    def head(self) -> str:
        return self.ordered[-1]

    def knows(self, revision: str) -> bool:
        return revision in self.ordered


def revision_chain() -> RevisionChain:
    return RevisionChain(REVISIONS)
