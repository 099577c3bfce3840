"""The period a person chooses on the Trends and Report pages, read from the page's address.

The choices are the CLI's options in buttons: ``weeks`` is 4, 12, 26 or 52
(``--weeks N``), ``all`` (the whole diary) or ``days`` (``--from``/``--to``,
typed in the two day boxes). The days are read by the CLI's own rules
(``painlog.when``), so ``2026-09-01``, ``1 Sep`` and ``yesterday`` all work.
A refusal names the box it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from starlette.datastructures import QueryParams

from painlog.analysis.period import PeriodRequest
from painlog.errors import BadInput
from painlog.when import check_range, parse_day

WEEK_CHOICES = ("4", "12", "26", "52")
CHOICES: tuple[tuple[str, str], ...] = (
    *((n, f"{n} weeks") for n in WEEK_CHOICES),
    ("all", "Whole diary"),
    ("days", "Between two days"),
)
DEFAULT = "12"
# A refusal's field (from the period rules and the day parser) -> the box on the page.
PERIOD_FIELDS = {"weeks": "weeks", "start": "from", "end": "to"}


@dataclass(frozen=True)
class ChosenPeriod:
    """What the person chose, as typed (to show the form again) and as a request."""

    choice: str  # one of CHOICES' keys
    start_text: str
    end_text: str
    request: PeriodRequest  # for "all": nothing given (the caller widens it to the diary)

    @property
    def whole_diary(self) -> bool:
        return self.choice == "all"

    def cli_options(self, start: date | None = None, end: date | None = None) -> str:
        """The CLI options that give the same numbers (``start``/``end``: the days used)."""
        if self.choice in WEEK_CHOICES:
            return f"--weeks {self.choice}"
        if start is not None and end is not None:
            return f"--from {start.isoformat()} --to {end.isoformat()}"
        return ""


def typed(params: QueryParams) -> tuple[str, str, str]:
    """The choice and the two day boxes as typed, for showing the form again."""
    choice = params.get("weeks", DEFAULT).strip() or DEFAULT
    return choice, params.get("from", "").strip(), params.get("to", "").strip()


def read_period(params: QueryParams, *, today: date | None = None) -> ChosenPeriod:
    """The period in the page's address; BadInput (field weeks, start or end) when it is wrong."""
    choice, start_text, end_text = typed(params)
    if choice in WEEK_CHOICES:
        request = PeriodRequest(weeks=int(choice))
    elif choice == "all":
        request = PeriodRequest()
    elif choice == "days":
        if not start_text and not end_text:
            raise BadInput(
                "Give a first day, a last day or both (such as 2026-09-01), "
                "or choose a number of weeks.",
                field="start",
            )
        first = parse_day(start_text, today=today, field="start") if start_text else None
        last = parse_day(end_text, today=today, field="end") if end_text else None
        check_range(first, last)
        request = PeriodRequest(start=first, end=last)
    else:
        raise BadInput(
            "The period must be 4, 12, 26 or 52 weeks, the whole diary or two days, "
            f'not "{choice}".',
            field="weeks",
        )
    return ChosenPeriod(choice, start_text, end_text, request)
