"""painlog remind: reminders as an iCalendar file for your own calendar app."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from painlog.cli.common import diary_path
from painlog.errors import BadInput

if TYPE_CHECKING:
    from painlog.services.reminders import ReminderPlan

app = typer.Typer()


def _clock(text: str, option: str) -> time:
    from painlog.when import clock_time

    clock = clock_time(text)
    if clock is None:
        raise BadInput(f'{option}: "{text}" is not a time of day; give one such as 21:00 or 9pm.')
    return clock


@app.command("remind")
def remind_command(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="The .ics file to write."),
    ],
    checkin: Annotated[
        str | None,
        typer.Option(
            "--checkin",
            metavar="TIME",
            help="A daily reminder to check in at TIME (21:00, 9pm; default: your "
            "checkin-time setting).",
        ),
    ] = None,
    dmt: Annotated[
        str | None,
        typer.Option(
            "--dmt",
            metavar="TEXT",
            help="A dose reminder with your own words (its title in the calendar).",
        ),
    ] = None,
    every: Annotated[
        str | None,
        typer.Option("--every", metavar="N", help="Days between doses: 28d, 2w, 14."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DAY",
            help="The day of a dose, the last or the next (2026-12-03, tomorrow; default: today).",
        ),
    ] = None,
    dose_at: Annotated[
        str,
        typer.Option("--dose-at", metavar="TIME", help="The dose reminder's time of day."),
    ] = "09:00",
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write reminders to an .ics file to import into any calendar app (no background process).

    The events hold only what you type here, nothing from your diary.

    Example: painlog remind --checkin 21:00 --dmt "Copaxone injection" --every 2d -o painlog.ics
    """
    from painlog.files import check_target, write_private
    from painlog.services.reminders import (
        DoseReminder,
        ReminderPlan,
        check_text,
        dose_day,
        parse_every,
        reminder_calendar,
    )
    from painlog.when import local_now

    today = local_now().date()
    if checkin is None and dmt is None:
        from painlog.settings import load_settings

        checkin = load_settings().checkin_time
        if checkin is None:
            raise BadInput(
                "Say what to be reminded of: --checkin TIME for a daily check-in, "
                '--dmt "TEXT" --every N for doses, or both.'
            )
    checkin_at = _clock(checkin, "--checkin") if checkin is not None else None
    dose = None
    if dmt is not None:
        if every is None:
            raise BadInput("--dmt needs --every: how many days apart the doses are (28d, 2w).")
        first = dose_day(start, today=today) if start else today
        dose = DoseReminder(
            check_text(dmt), parse_every(every), first, _clock(dose_at, "--dose-at")
        )
    elif every is not None or start is not None:
        raise BadInput('--every and --from apply to a dose reminder; add --dmt "TEXT".')
    plan = ReminderPlan(checkin=checkin_at, first_day=today, dose=dose)
    diary = diary_path(None)
    check_target(output, diary=diary, force=force)
    write_private([(output, reminder_calendar(plan))], force=force, diary=diary)
    typer.echo(_written_text(plan, output))


def _written_text(plan: ReminderPlan, output: Path) -> str:
    parts = []
    if plan.checkin is not None:
        parts.append(f"a check-in every day at {plan.checkin.strftime('%H:%M')}")
    if plan.dose is not None:
        dose = plan.dose
        parts.append(
            f'"{dose.text}" every {dose.every_days} days at {dose.at.strftime("%H:%M")} '
            f"from {dose.first_day.strftime('%a %d %b %Y')}"
        )
    return (
        f"Wrote {output}: {' and '.join(parts)}. Import it into your calendar app; "
        "it holds nothing from your diary."
    )
