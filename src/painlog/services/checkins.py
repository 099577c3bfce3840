"""Day check-ins: one per calendar day; recording a day again updates it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from painlog import fields
from painlog.errors import BadInput
from painlog.models import CHECKIN_RATINGS, DayCheckin, Entry, utcnow
from painlog.records import checkin_record
from painlog.services.history import CHECKIN, record_change
from painlog.services.vocabulary import load_vocabulary
from painlog.when import check_day_not_future


@dataclass(frozen=True)
class DayInput:
    day: date
    ratings: Mapping[str, int | str]  # only the ratings given; keys from CHECKIN_RATINGS
    add_exposures: Sequence[str] = ()
    remove_exposures: Sequence[str] = ()
    note: str | None = None


@dataclass(frozen=True)
class DayResult:
    checkin: DayCheckin
    created: bool


def record_day(*, session: Session, day_input: DayInput) -> DayResult:
    """Create or update the check-in for one day.

    Ratings given replace the stored ones; others stay. Exposures given are
    added to the day's list (``remove_exposures`` takes some away).
    """
    check_day_not_future(day_input.day, field="day")
    unknown = sorted(set(day_input.ratings) - set(CHECKIN_RATINGS))
    if unknown:
        raise BadInput(f"{unknown[0]} is not a day rating.")
    ratings = {  # in the order of painlog.fields, as every path checks them
        name: fields.rating(day_input.ratings[name], name)
        for name in CHECKIN_RATINGS
        if name in day_input.ratings
    }
    vocabulary = load_vocabulary(session=session)
    added = vocabulary.resolve_all("trigger", day_input.add_exposures, field="exposures")
    removed = vocabulary.resolve_all("trigger", day_input.remove_exposures, field="exposures")
    both = [key for key in added if key in removed]
    if both:
        raise fields.refuse(
            "exposures", f"{both[0]} is both added and removed; do one or the other."
        )
    note = fields.note(day_input.note)
    if not ratings and not added and not removed and note is None:
        raise BadInput("Nothing to record; give at least one rating, such as the average pain.")
    checkin = session.scalar(
        select(DayCheckin)
        .where(DayCheckin.day == day_input.day)
        .options(selectinload(DayCheckin.exposure_rows), selectinload(DayCheckin.remedy_rows))
    )
    created = checkin is None
    before = None if checkin is None else checkin_record(checkin)
    if checkin is None:
        checkin = DayCheckin(day=day_input.day)
        checkin.exposure_rows = []
        checkin.remedy_rows = []
        session.add(checkin)
    for name, value in ratings.items():
        setattr(checkin, name, value)
    missing = [key for key in removed if key not in checkin.exposures]
    if missing:
        raise fields.refuse("exposures", f"{day_input.day} has no exposure {missing[0]} to remove.")
    exposures = [key for key in checkin.exposures if key not in removed]
    exposures += [key for key in added if key not in exposures]
    if exposures != checkin.exposures:
        checkin.set_exposures(exposures)
    if note is not None:
        checkin.note = note
    checkin.updated_at = utcnow()
    session.flush()
    record_change(
        session=session,
        kind=CHECKIN,
        uid=checkin.uid,
        action="create" if created else "edit",
        before=before,
        after=checkin_record(checkin),
    )
    return DayResult(checkin=checkin, created=created)


@dataclass(frozen=True)
class DayRow:
    checkin: DayCheckin
    entries: int  # entries logged that day (not deleted)


def list_days(
    *, session: Session, start: date | None = None, end: date | None = None
) -> list[DayRow]:
    """Check-ins in a day range, newest first, with how many entries each day has."""
    query = select(DayCheckin).options(
        selectinload(DayCheckin.exposure_rows), selectinload(DayCheckin.remedy_rows)
    )
    if start is not None:
        query = query.where(DayCheckin.day >= start)
    if end is not None:
        query = query.where(DayCheckin.day <= end)
    checkins = list(session.scalars(query.order_by(DayCheckin.day.desc())))
    counts: dict[date, int] = {}
    if checkins:
        count_query = (
            select(Entry.day, func.count())
            .where(
                Entry.deleted_at.is_(None),
                Entry.day.between(checkins[-1].day, checkins[0].day),
            )
            .group_by(Entry.day)
        )
        counts = {row[0]: row[1] for row in session.execute(count_query)}
    return [DayRow(checkin=c, entries=counts.get(c.day, 0)) for c in checkins]
