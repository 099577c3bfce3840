"""painlog week: the last seven days at a glance."""

from __future__ import annotations

import typer

from painlog.cli.common import DbOption, session_for
from painlog.render.week import week_text
from painlog.services.vocabulary import load_vocabulary
from painlog.services.week import last_seven_days
from painlog.settings import load_settings
from painlog.when import clock_time, local_now

app = typer.Typer()


@app.command("week")
def week_command(db: DbOption = None) -> None:
    """The last seven days, one line a day: a bar of the worst pain, how many entries, the
    triggers named, and the days still without a check-in with the command to add one.
    Plain painlog on a terminal shows this too.

    Example: painlog week
    """
    settings = load_settings()
    now = local_now()
    with session_for(db, write=False) as session:
        days = last_seven_days(session=session, today=now.date())
        vocabulary = load_vocabulary(session=session)
        text = week_text(
            days,
            vocabulary,
            now=now,
            checkin_time=clock_time(settings.checkin_time) if settings.checkin_time else None,
        )
    typer.echo(text)
