"""Analysis: trends, patterns, triggers, remedies.

pandas and matplotlib load only when one of these commands runs (inside the
service and chart functions), never for logging or listing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from painlog.analysis.period import PeriodRequest, check_lag
from painlog.analysis.rules import FOLLOW_UP_WINDOW
from painlog.cli.charts import ChartTarget, chart_target
from painlog.cli.common import (
    DbOption,
    FromOption,
    JsonOption,
    ToOption,
    day_range,
    diary_path,
    print_json,
    session_for,
)
from painlog.errors import BadInput
from painlog.render import analysis as render
from painlog.render.charts import (
    patterns_chart,
    trends_chart,
    triggers_chart,
)
from painlog.services import analysis as service
from painlog.services.vocabulary import load_vocabulary

app = typer.Typer()

WeeksOption = Annotated[
    int | None,
    typer.Option(
        "--weeks", metavar="N", help="The last N weeks (Monday to Sunday), this one included."
    ),
]
ChartOption = Annotated[
    str | None,
    typer.Option(
        "--chart", metavar="FILE", help="Also draw a chart to FILE; .png or .svg picks the format."
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the --chart file if it exists.")
]
LagOption = Annotated[
    int | None,
    typer.Option(
        "--lag",
        metavar="0|1|2",
        help="Show the model's row for the daily pain this many days after the trigger day "
        "(default: each trigger at its clearest lag).",
    ),
]


ExcludeOption = Annotated[
    str | None,
    typer.Option(
        "--exclude",
        metavar="KINDS",
        help="Leave out the days inside the events you recorded of these kinds "
        "(relapse,steroids,infection).",
    ),
]


def _excluded(text: str | None) -> tuple[str, ...]:
    from painlog.events import event_kinds

    return event_kinds(text) if text is not None else ()


def _request(weeks: int | None, start: str | None, end: str | None) -> PeriodRequest:
    first, last = day_range(start, end)
    return PeriodRequest(weeks=weeks, start=first, end=last)


def _target(chart: str | None, force: bool, db: str | None) -> ChartTarget | None:
    if chart is None:
        if force:
            raise BadInput("--force applies to --chart only; give the chart's file name.")
        return None
    return chart_target(chart, diary=diary_path(db), force=force)


def _chart(
    target: ChartTarget | None,
    has_data: bool,
    draw: Callable[[str], bytes],
    *,
    as_json: bool,
) -> None:
    """Draw the chart if one was asked for; say what happened (on stderr under --json)."""
    if target is None:
        return
    if not has_data:
        typer.echo("No chart written: there is nothing in this period to draw.", err=as_json)
        return
    replaced = target.existed
    target.write(draw(target.format))  # render.charts imports matplotlib only when it draws
    verb = "Replaced" if replaced else "Wrote"
    typer.echo(f"{verb} the chart {target.path}.", err=as_json)


@app.command("trends")
def trends_command(
    weeks: WeeksOption = None,
    start: FromOption = None,
    end: ToOption = None,
    chart: ChartOption = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Week by week: days, entries, pain, PEG, pain types and top triggers (default 12 weeks).

    Example: painlog trends --weeks 26 --chart trends.png
    """
    request = _request(weeks, start, end)
    target = _target(chart, force, db)
    with session_for(db, write=False) as session:
        result = service.trends(session=session, request=request)
        vocabulary = load_vocabulary(session=session)
    if as_json:
        print_json(render.trends_json(result.weeks))
    else:
        typer.echo(render.trends_text(result, vocabulary))
    _chart(
        target,
        result.observed_days > 0,
        lambda to: trends_chart(
            result.weeks, result.period, vocabulary, to, result.events, result.temperatures
        ),
        as_json=as_json,
    )


@app.command("patterns")
def patterns_command(
    weeks: WeeksOption = None,
    start: FromOption = None,
    end: ToOption = None,
    chart: ChartOption = None,
    force: ForceOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """When pain happens: entries by hour of the day, daily pain by weekday (default 12 weeks).

    Example: painlog patterns --weeks 52 --chart patterns.svg
    """
    request = _request(weeks, start, end)
    target = _target(chart, force, db)
    with session_for(db, write=False) as session:
        result = service.patterns(session=session, request=request)
    if as_json:
        print_json(render.patterns_json(result))
    else:
        typer.echo(render.patterns_text(result))
    _chart(
        target,
        result.patterns.observed_days > 0,
        lambda to: patterns_chart(result.patterns, result.period, to),
        as_json=as_json,
    )


@app.command("triggers")
def triggers_command(
    lag: LagOption = None,
    weeks: WeeksOption = None,
    start: FromOption = None,
    end: ToOption = None,
    chart: ChartOption = None,
    exclude: ExcludeOption = None,
    force: ForceOption = False,
    weather: Annotated[
        bool,
        typer.Option(
            "--weather",
            help="Also weigh the day's maximum temperature (imported weather), per degree.",
        ),
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Which triggers go with higher daily pain, all weighed together (default: the whole diary).

    With hot-day and humid-day set (painlog config), days of the imported weather over them
    count as extreme heat and humidity.

    Example: painlog triggers --lag 1 --from 2026-01-01 --exclude relapse,steroids,infection
    or: painlog triggers --weather
    """
    from painlog.settings import load_settings

    if lag is not None:
        check_lag(lag)
    request = _request(weeks, start, end)
    target = _target(chart, force, db)
    left_out = _excluded(exclude)
    settings = load_settings()
    with session_for(db, write=False) as session:
        result = service.triggers(
            session=session,
            request=request,
            lag=lag,
            exclude=left_out,
            hot_day=settings.hot_day,
            humid_day=settings.humid_day,
            weather=weather,
        )
        vocabulary = load_vocabulary(session=session)
    if as_json and weather:
        print_json(
            {
                "triggers": render.triggers_json(result.triggers),
                "max_temperature": render.temperature_json(result),
            }
        )
    elif as_json:
        print_json(render.triggers_json(result.triggers))
    else:
        typer.echo(render.triggers_text(result, vocabulary))
    _chart(
        target,
        bool(result.triggers),
        lambda to: triggers_chart(result.triggers, result.period, result.lag, vocabulary, to),
        as_json=as_json,
    )


@app.command("remedies")
def remedies_command(
    weeks: WeeksOption = None,
    start: FromOption = None,
    end: ToOption = None,
    exclude: ExcludeOption = None,
    follow_up_from: Annotated[
        int,
        typer.Option(
            "--follow-up-from",
            metavar="MINUTES",
            help="Count follow-ups rated at least this long after (default 30).",
        ),
    ] = FOLLOW_UP_WINDOW[0],
    follow_up_to: Annotated[
        int,
        typer.Option(
            "--follow-up-to",
            metavar="MINUTES",
            help="Count follow-ups rated at most this long after (default 720, 12 hours).",
        ),
    ] = FOLLOW_UP_WINDOW[1],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """How pain changed after each remedy, next to no remedy (default: the whole diary).

    Example: painlog remedies --weeks 26 --follow-up-to 240 --exclude relapse,steroids
    """
    request = _request(weeks, start, end)
    window = service.check_window((follow_up_from, follow_up_to))
    left_out = _excluded(exclude)
    with session_for(db, write=False) as session:
        result = service.remedies(session=session, request=request, window=window, exclude=left_out)
        vocabulary = load_vocabulary(session=session)
    if as_json:
        print_json(render.remedies_json(result.remedies))
        return
    typer.echo(render.remedies_text(result, vocabulary))
