"""This week at a glance: the last seven days, one summary a day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from painlog.models import DayCheckin, Entry


@dataclass(frozen=True)
class WeekDay:
    day: date
    entries: int
    worst_pain: int | None  # the worst of the day's entries and its check-in
    triggers: list[str]  # trigger keys, most often named first
    checkin: DayCheckin | None


def last_seven_days(*, session: Session, today: date) -> list[WeekDay]:
    """The seven days ending ``today``, oldest first (deleted entries left out)."""
    first = today - timedelta(days=6)
    entries = list(
        session.scalars(
            select(Entry)
            .where(Entry.deleted_at.is_(None), Entry.day >= first, Entry.day <= today)
            .options(selectinload(Entry.tags))
        )
    )
    checkins = {
        c.day: c
        for c in session.scalars(
            select(DayCheckin)
            .where(DayCheckin.day >= first, DayCheckin.day <= today)
            .options(selectinload(DayCheckin.exposure_rows))
        )
    }
    days: list[WeekDay] = []
    for offset in range(7):
        day = first + timedelta(days=offset)
        own = [e for e in entries if e.day == day]
        checkin = checkins.get(day)
        pains = [e.intensity for e in own]
        if checkin is not None and checkin.worst_pain is not None:
            pains.append(checkin.worst_pain)
        named: Counter[str] = Counter(key for e in own for key in e.triggers)
        if checkin is not None:
            named.update(key for key in checkin.exposures if key not in named)
        days.append(
            WeekDay(
                day=day,
                entries=len(own),
                worst_pain=max(pains) if pains else None,
                triggers=[key for key, _ in named.most_common()],
                checkin=checkin,
            )
        )
    return days
