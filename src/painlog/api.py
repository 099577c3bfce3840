"""painlog as a library: ``from painlog import Diary``.

One object for one diary file, in the spirit of sqlite-utils' ``Database``::

    with Diary.open("diary.db") as diary:
        entry = diary.log(pain=6, where=["lower-back"], triggers=["heat"])
        print(entry.id, entry.intensity)

Each method is one transaction: it is committed when the method returns, and
nothing is changed when it raises. Refusals are ``painlog.errors.BadInput``
with ``field`` naming the value at fault, and a sentence in the person's
words. The command line and the web page go through this class.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from painlog.models import DayCheckin, Entry, RemedyAttempt
from painlog.services import checkins as checkin_service
from painlog.services import entries as entry_service
from painlog.storage import diary as storage
from painlog.when import local_now

if TYPE_CHECKING:  # the analysis loads pandas: only the methods that need it import it
    from painlog.services.analysis import RemediesResult, TrendsResult, TriggersResult


def _remedy_inputs(
    remedies: Sequence[str | tuple[str, str | None] | entry_service.RemedyInput],
) -> list[entry_service.RemedyInput]:
    """Remedies as names, (name, dose) pairs, or RemedyInput."""
    inputs = []
    for remedy in remedies:
        if isinstance(remedy, entry_service.RemedyInput):
            inputs.append(remedy)
        elif isinstance(remedy, str):
            inputs.append(entry_service.RemedyInput(name=remedy))
        else:
            inputs.append(entry_service.RemedyInput(name=remedy[0], dose=remedy[1]))
    return inputs


class Diary:
    """One painlog diary file: log, read and analyse it from Python."""

    def __init__(self, opened: storage.Diary) -> None:
        self._opened = opened
        self.path = opened.path
        self.notices = list(opened.notices)  # e.g. "Upgraded the diary ... the old copy is at ..."

    @classmethod
    def open(cls, path: str | Path | None = None, *, write: bool = True) -> Diary:
        """Open (or create) the diary at ``path``; the default is painlog's own diary."""
        from painlog.paths import resolve_db_path

        resolved = resolve_db_path(path)
        return cls(storage.open_diary(resolved, write=write))

    def close(self) -> None:
        self._opened.engine.dispose()

    def __enter__(self) -> Diary:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session for several steps in one transaction (what each method below does)."""
        with storage.diary_session(self._opened) as session:
            yield session

    # -- entries -------------------------------------------------------------------

    def log(
        self,
        *,
        pain: int,
        where: Sequence[str],
        at: datetime | None = None,
        pain_type: str | None = None,
        qualities: Sequence[str] = (),
        triggers: Sequence[str] = (),
        remedies: Sequence[str | tuple[str, str | None] | entry_service.RemedyInput] = (),
        duration_minutes: int | None = None,
        note: str | None = None,
    ) -> Entry:
        """Record one pain episode (``at`` defaults to now) and return it, with its ``id``."""
        entry = entry_service.EntryInput(
            intensity=pain,
            occurred_at=at if at is not None else local_now(),
            locations=list(where),
            pain_type=pain_type,
            qualities=list(qualities),
            triggers=list(triggers),
            remedies=_remedy_inputs(remedies),
            duration_minutes=duration_minutes,
            note=note,
        )
        with self.transaction() as session:
            return entry_service.log_entry(session=session, entry=entry)

    def edit(self, entry_id: int, changes: entry_service.EntryChanges) -> Entry:
        with self.transaction() as session:
            return entry_service.edit_entry(session=session, entry_id=entry_id, changes=changes)

    def relief(
        self,
        entry_id: int,
        *,
        remedy: str | None,
        pain_after: int,
        at: datetime | None = None,
        replace: bool = False,
    ) -> RemedyAttempt | Entry:
        """How the pain was after a remedy the entry records (``at`` defaults to now); with
        ``remedy`` None, later on an episode where nothing was taken (returns the entry).

        A follow-up already recorded there is replaced only with ``replace``.
        """
        with self.transaction() as session:
            return entry_service.record_relief(
                session=session,
                entry_id=entry_id,
                remedy=remedy,
                pain_after=pain_after,
                at=at,
                replace=replace,
            )

    def delete(self, entry_id: int) -> Entry:
        with self.transaction() as session:
            return entry_service.delete_entry(session=session, entry_id=entry_id)

    def restore(self, entry_id: int) -> Entry:
        with self.transaction() as session:
            return entry_service.restore_entry(session=session, entry_id=entry_id)

    def entry(self, entry_id: int) -> Entry:
        with self.transaction() as session:
            return entry_service.get_entry(session=session, entry_id=entry_id)

    def entries(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        pain_type: str | None = None,
        trigger: str | None = None,
        limit: int | None = None,
        deleted: bool = False,
    ) -> list[Entry]:
        """Entries in a day range, newest first."""
        with self.transaction() as session:
            page = entry_service.list_entries(
                session=session,
                start=start,
                end=end,
                pain_type=pain_type,
                trigger=trigger,
                limit=limit,
                deleted=deleted,
            )
        return page.entries

    # -- days ----------------------------------------------------------------------

    def day(
        self,
        day: date | None = None,
        *,
        ratings: Mapping[str, int] | None = None,
        exposures: Sequence[str] = (),
        note: str | None = None,
    ) -> DayCheckin:
        """Record (or update) the check-in for ``day`` (today by default).

        ``ratings`` takes the keys of ``painlog.fields.CHECKIN_RATINGS``
        (``average_pain``, ``worst_pain``, ``enjoyment``, ``activity``,
        ``sleep_quality``, ``fatigue``, ``spasticity``).
        """
        day_input = checkin_service.DayInput(
            day=day if day is not None else local_now().date(),
            ratings=dict(ratings or {}),
            add_exposures=list(exposures),
            note=note,
        )
        with self.transaction() as session:
            return checkin_service.record_day(session=session, day_input=day_input).checkin

    def checkins(self, *, start: date | None = None, end: date | None = None) -> list[DayCheckin]:
        """Check-ins in a day range, newest first."""
        with self.transaction() as session:
            return [
                row.checkin
                for row in checkin_service.list_days(session=session, start=start, end=end)
            ]

    # -- analysis ------------------------------------------------------------------

    def trends(
        self, *, weeks: int | None = None, start: date | None = None, end: date | None = None
    ) -> TrendsResult:
        """Per ISO week: entries, pain, daily pain, PEG (the last 12 weeks by default)."""
        from painlog.analysis.period import PeriodRequest
        from painlog.services import analysis

        with self.transaction() as session:
            return analysis.trends(
                session=session, request=PeriodRequest(weeks=weeks, start=start, end=end)
            )

    def triggers(
        self,
        *,
        weeks: int | None = None,
        start: date | None = None,
        end: date | None = None,
        lag: int | None = None,
        hot_day: float | None = None,
        humid_day: float | None = None,
        weather: bool = False,
    ) -> TriggersResult:
        """Every trigger weighed together against daily pain (the whole diary by default):
        at ``lag`` days later, or each at its clearest lag when ``lag`` is None.

        ``hot_day`` (°C) and ``humid_day`` (%): imported weather days over them count as
        extreme heat and humidity; ``weather``: the day's maximum temperature, per degree."""
        from painlog.analysis.period import PeriodRequest
        from painlog.services import analysis

        with self.transaction() as session:
            return analysis.triggers(
                session=session,
                request=PeriodRequest(weeks=weeks, start=start, end=end),
                lag=lag,
                hot_day=hot_day,
                humid_day=humid_day,
                weather=weather,
            )

    def remedies(
        self, *, weeks: int | None = None, start: date | None = None, end: date | None = None
    ) -> RemediesResult:
        """Each remedy: uses, follow-ups and the change in pain after it."""
        from painlog.analysis.period import PeriodRequest
        from painlog.services import analysis

        with self.transaction() as session:
            return analysis.remedies(
                session=session, request=PeriodRequest(weeks=weeks, start=start, end=end)
            )
