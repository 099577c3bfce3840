"""Day check-ins: day, days."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from painlog.cli.common import (
    DbOption,
    FromOption,
    JsonOption,
    ToOption,
    day_range,
    print_json,
    session_for,
)
from painlog.errors import BadInput
from painlog.render.journal import day_json, days_table
from painlog.services import checkins as service
from painlog.services.vocabulary import load_vocabulary
from painlog.when import parse_day

app = typer.Typer()


def _rating_option(flag: str, text: str) -> Any:
    return typer.Option(flag, metavar="0-10", help=text)


@app.command("day")
def day_command(
    date: Annotated[
        str | None, typer.Option("--date", help="Which day (default today): 2026-11-20, yesterday.")
    ] = None,
    avg: Annotated[str | None, _rating_option("--avg", "Average pain today, 0-10.")] = None,
    worst: Annotated[str | None, _rating_option("--worst", "Worst pain today, 0-10.")] = None,
    enjoyment: Annotated[
        str | None,
        _rating_option("--enjoyment", "How much pain got in the way of enjoying life, 0-10."),
    ] = None,
    activity: Annotated[
        str | None,
        _rating_option("--activity", "How much pain got in the way of general activity, 0-10."),
    ] = None,
    sleep: Annotated[
        str | None, _rating_option("--sleep", "Sleep quality, 0 (very poor) to 10 (very good).")
    ] = None,
    fatigue: Annotated[
        str | None, _rating_option("--fatigue", "Fatigue, 0 (none) to 10 (worst).")
    ] = None,
    spasticity: Annotated[
        str | None,
        _rating_option("--spasticity", "Spasticity (stiffness), 0 (none) to 10 (worst)."),
    ] = None,
    exposure: Annotated[
        list[str] | None,
        typer.Option("--exposure", "-e", help="A trigger present today, e.g. heat (repeatable)."),
    ] = None,
    remove_exposure: Annotated[
        list[str] | None,
        typer.Option("--remove-exposure", help="Take an exposure off this day (repeatable)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="A note about the day.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Record how a day went; recording the same day again updates it.

    Example: painlog day --avg 4 --worst 7 --enjoyment 5 --activity 6 --sleep 5
    --fatigue 6 --spasticity 5 --exposure heat --note "hot and humid"
    """
    given = {
        "average_pain": avg,
        "worst_pain": worst,
        "enjoyment": enjoyment,
        "activity": activity,
        "sleep_quality": sleep,
        "fatigue": fatigue,
        "spasticity": spasticity,
    }
    # A blank value is refused rather than read as "nothing", as on `log`.
    if note is not None and not note.strip():
        raise BadInput('--note needs some text, such as --note "hot and humid".')
    for value in [*(exposure or []), *(remove_exposure or [])]:
        if not value.strip(" ,"):
            raise BadInput("An exposure needs a name, such as --exposure heat.")
    day_input = service.DayInput(
        day=parse_day(date, field="day") if date else parse_day("today"),
        ratings={name: value for name, value in given.items() if value is not None},
        add_exposures=[p.strip() for v in exposure or [] for p in v.split(",") if p.strip()],
        remove_exposures=[
            p.strip() for v in remove_exposure or [] for p in v.split(",") if p.strip()
        ],
        note=note,
    )
    with session_for(db, write=True) as session:
        result = service.record_day(session=session, day_input=day_input)
        vocabulary = load_vocabulary(session=session)
    if as_json:
        print_json(day_json(result.checkin))
        return
    verb = "Recorded" if result.created else "Updated"
    typer.echo(f"{verb} the check-in for {result.checkin.day:%a %d %b %Y}.")
    typer.echo(days_table([(result.checkin, 0)], vocabulary, show_entries=False))


@app.command("days")
def days_command(
    start: FromOption = None,
    end: ToOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List day check-ins, newest first, with PEG and the day's entry count.

    Example: painlog days --from 2026-11-01 --to 2026-11-30
    """
    first, last = day_range(start, end)
    with session_for(db, write=False) as session:
        rows = service.list_days(session=session, start=first, end=last)
        vocabulary = load_vocabulary(session=session)
    if as_json:
        print_json([day_json(row.checkin) for row in rows])
        return
    if not rows:
        typer.echo("No check-ins in that period; painlog day records one.")
        return
    typer.echo(days_table([(row.checkin, row.entries) for row in rows], vocabulary))
