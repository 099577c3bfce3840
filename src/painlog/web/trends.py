"""The Trends page: the weekly chart, the tables of ``painlog trends``, ``patterns``,
``triggers`` and ``remedies`` for the period the person chooses, with the same numbers.

The page calls the same services with the same period the CLI options give
(the page says which options), and fills its tables with the CLI's own cells
(``painlog.render.analysis``); the chart is inline SVG (``render.trends_svg``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from painlog.analysis.period import PeriodRequest
from painlog.errors import BadInput
from painlog.render import analysis as tables
from painlog.render.events import events_words
from painlog.render.trends_svg import trends_svg
from painlog.services import analysis as service
from painlog.services.vocabulary import load_vocabulary
from painlog.web.forms import FormState
from painlog.web.periods import CHOICES, PERIOD_FIELDS, ChosenPeriod, read_period, typed
from painlog.web.render import render
from painlog.web.state import in_diary


def period_form(request: Request) -> FormState:
    choice, start, end = typed(request.query_params)
    return FormState(values={"weeks": choice, "from": start, "to": end})


def trends_view(session: Session, chosen: ChosenPeriod) -> dict[str, Any]:
    """Everything the page shows: the four analyses on one period, as the CLI's cells."""
    request = chosen.request
    if chosen.whole_diary:  # trends and patterns default to 12 weeks; triggers do not
        from painlog.analysis.frames import diary_span

        span = diary_span(session=session)
        if span is not None:
            request = PeriodRequest(start=span.start, end=span.end)
    vocabulary = load_vocabulary(session=session)
    trends = service.trends(session=session, request=request)
    period = trends.period
    same = PeriodRequest(start=period.start, end=period.end)
    patterns = service.patterns(session=session, request=same)
    # Triggers and remedies take the whole diary when no period is given, as the CLI does.
    triggers = service.triggers(session=session, request=chosen.request)
    remedies = service.remedies(session=session, request=chosen.request)
    observed = trends.observed_days
    trigger_headers, trigger_rows = tables.triggers_table(triggers, vocabulary)
    options = chosen.cli_options(period.start, period.end)
    return {
        "period": period,
        "options": options,
        "observed": observed,
        "nothing": tables.no_observed_days(period) if observed == 0 else None,
        # Two drawings: one for wide screens, one with fewer ticks and larger text for phones
        # (the style sheet shows one of them).
        "chart": trends_svg(trends.weeks, period, trends.events) if observed else None,
        "chart_narrow": (
            trends_svg(trends.weeks, period, trends.events, id_prefix="trends-narrow", width=420)
            if observed
            else None
        ),
        "trends_heading": tables.trends_heading(trends),
        "trends_headers": tables.TRENDS_HEADERS,
        "trends_rows": tables.trends_rows(trends),
        "trends_key": tables.TRENDS_KEY,
        "patterns_heading": tables.patterns_heading(patterns),
        "hour_headers": tables.HOUR_HEADERS,
        "hour_rows": [row for row in tables.hour_rows(patterns) if row[1] != "0"],
        "weekday_headers": tables.WEEKDAY_HEADERS,
        "weekday_rows": tables.weekday_rows(patterns),
        "triggers_heading": tables.triggers_heading(triggers),
        "triggers_events": events_words(triggers.events),
        "trigger_headers": trigger_headers,
        "trigger_rows": trigger_rows,
        "trigger_numeric": tuple(
            i + (triggers.lag is None) for i in (1, 2, 3, 4, 5, 7, 8)
        ),  # as the text table aligns them
        "trigger_readings": tables.triggers_readings(triggers, vocabulary),
        "triggers_key": tables.triggers_key(triggers).replace("\n  ", " ").splitlines(),
        "reminder": tables.REMINDER,
        "remedies_heading": tables.remedies_heading(remedies),
        "remedies_events": events_words(remedies.events),
        "remedy_headers": tables.REMEDY_HEADERS,
        "remedy_rows": tables.remedies_rows(remedies, vocabulary),
        "remedy_notes": tables.remedies_notes(remedies, vocabulary),
        "remedies_key": tables.remedies_key(remedies).splitlines(),
    }


async def show_trends(request: Request) -> Response:
    form = period_form(request)
    labels = dict(CHOICES)
    context: dict[str, Any] = {
        "form": form,
        "choices": CHOICES,
        "view": None,
        "choice_label": labels.get(form.value("weeks"), form.value("weeks")),
    }
    try:
        chosen = read_period(request.query_params)
        context["view"] = await in_diary(request, lambda session: trends_view(session, chosen))
    except BadInput as exc:
        form.refused(exc, names=PERIOD_FIELDS)
        return render(request, "trends.html", context, 400)
    return render(request, "trends.html", context)


ROUTES = [Route("/trends", show_trends, methods=["GET"], name="trends")]
