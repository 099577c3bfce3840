"""Which days an analysis covers: ``--weeks N`` or ``--from``/``--to``, and the defaults.

No pandas here: the CLI checks the options before anything heavy is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from painlog.analysis.rules import LAGS
from painlog.errors import BadInput


@dataclass(frozen=True)
class Period:
    """A span of calendar days, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def first_monday(self) -> date:
        return monday_of(self.start)

    def week_starts(self) -> list[date]:
        """The Monday of every ISO week that has at least one day in the period."""
        weeks = []
        monday = self.first_monday
        while monday <= self.end:
            weeks.append(monday)
            monday += timedelta(days=7)
        return weeks

    def text(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


# Periods stay within years a diary can hold (parse_day refuses days before 1900).
MAX_WEEKS = 6_500  # about 125 years
LATEST_DAY = date(2100, 12, 31)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class PeriodRequest:
    """The period options as given; ``resolve`` turns them into days."""

    weeks: int | None = None
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.weeks is not None:
            if self.weeks <= 0:
                raise BadInput(
                    f"The number of weeks must be 1 or more, not {self.weeks}.", field="weeks"
                )
            if self.weeks > MAX_WEEKS:
                raise BadInput(
                    f"{self.weeks} weeks reach back before 1900; give at most {MAX_WEEKS}.",
                    field="weeks",
                )
            if self.start is not None or self.end is not None:
                raise BadInput(
                    "Give either a number of weeks or a first and last day, not both.",
                    field="weeks",
                )
        if self.end is not None and self.end > LATEST_DAY:
            raise BadInput(
                f"The last day, {self.end.isoformat()}, is after {LATEST_DAY.year}; "
                "check the year.",
                field="end",
            )
        if self.start is not None and self.end is not None and self.start > self.end:
            raise BadInput(
                f"The first day, {self.start.isoformat()}, is after the last day, "
                f"{self.end.isoformat()}.",
                field="start",
            )

    @property
    def given(self) -> bool:
        return self.weeks is not None or self.start is not None or self.end is not None

    def resolve(
        self, *, today: date, default_weeks: int | None, diary: Period | None = None
    ) -> Period:
        """The days to analyse.

        ``--weeks N``: the current ISO week and the N-1 before it, up to today.
        ``--from`` alone runs to today; ``--to`` alone starts ``default_weeks``
        ISO weeks before it. With nothing given: the last ``default_weeks``
        weeks, or, when ``default_weeks`` is None, the whole ``diary`` (its
        first to its last observed day).
        """
        latest = max(today, diary.end) if diary else today
        if self.start is not None or self.end is not None:
            end = self.end or max(latest, self.start or latest)
            if self.start is not None:
                start = self.start
            elif default_weeks is not None:
                start = monday_of(end) - timedelta(weeks=default_weeks - 1)
            else:
                start = min(diary.start, end) if diary else end
            return Period(start, end)
        if self.weeks is not None or default_weeks is not None:
            weeks = self.weeks or default_weeks or 1
            return Period(monday_of(today) - timedelta(weeks=weeks - 1), today)
        if diary is None:
            return Period(today, today)
        return diary


def check_lag(lag: int) -> int:
    if lag not in LAGS:
        raise BadInput(
            f"The lag must be 0, 1 or 2 (days after the trigger day), not {lag}.", field="lag"
        )
    return lag
