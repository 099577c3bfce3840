"""What the person uses most: for offering their own triggers, remedies and doses first."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from painlog.models import Entry, EntryTag, RemedyAttempt

MAX_DOSES = 5


def most_used(*, session: Session, kind: str, limit: int = 6) -> list[str]:
    """The keys of one kind (``trigger``, ``location``, ``quality`` or ``remedy``) the
    entries that are not deleted name most often, most used first."""
    if kind == "remedy":
        key_column = RemedyAttempt.remedy
        query = select(key_column, func.count()).join(Entry, Entry.id == RemedyAttempt.entry_id)
    else:
        key_column = EntryTag.key
        query = (
            select(key_column, func.count())
            .join(Entry, Entry.id == EntryTag.entry_id)
            .where(EntryTag.kind == kind)
        )
    query = (
        query.where(Entry.deleted_at.is_(None))
        .group_by(key_column)
        .order_by(func.count().desc(), key_column)
        .limit(limit)
    )
    return [row[0] for row in session.execute(query)]


def doses_used(*, session: Session) -> dict[str, list[str]]:
    """Each remedy's doses as recorded before, the most recently used first (a few each)."""
    query = (
        select(RemedyAttempt.remedy, RemedyAttempt.dose, func.max(Entry.occurred_utc))
        .join(Entry, Entry.id == RemedyAttempt.entry_id)
        .where(RemedyAttempt.dose.is_not(None), Entry.deleted_at.is_(None))
        .group_by(RemedyAttempt.remedy, RemedyAttempt.dose)
        .order_by(RemedyAttempt.remedy, func.max(Entry.occurred_utc).desc())
    )
    doses: dict[str, list[str]] = {}
    for remedy, dose, _ in session.execute(query):
        known = doses.setdefault(remedy, [])
        if dose is not None and len(known) < MAX_DOSES:
            known.append(dose)
    return doses
