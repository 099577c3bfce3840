"""The Report page: choose the period (or since the last visit) and download the summary
as PDF or Markdown, or the period's data as CSV, made by ``painlog report``'s own services
and renderers.

The downloads are GET requests (they change nothing) answered with the file
as an attachment; nothing is written on this computer besides what the
browser saves. With nothing recorded in the period, or a value that cannot
be used, the form comes back with one sentence.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from painlog.analysis.period import Period
from painlog.cli.report_files import check_paper, default_names
from painlog.errors import BadInput
from painlog.models import Event
from painlog.render.analysis import no_observed_days
from painlog.render.events import day_text
from painlog.services import report as service
from painlog.services.events import last_visit
from painlog.web.forms import FormState
from painlog.web.periods import CHOICES, PERIOD_FIELDS, read_period, typed
from painlog.web.render import render
from painlog.web.state import in_diary

VISIT = "visit"
# What each download button gives: (file name's index among default_names, media type).
DOWNLOADS: dict[str, tuple[str, int, str]] = {
    "pdf": ("pdf", 0, "application/pdf"),
    "md": ("md", 0, "text/markdown; charset=utf-8"),
    "entries": ("csv", 0, "text/csv; charset=utf-8"),
    "days": ("csv", 1, "text/csv; charset=utf-8"),
    "events": ("csv", 2, "text/csv; charset=utf-8"),
}
REPORT_FIELDS = {**PERIOD_FIELDS, "question": "questions", "name": "name", "paper": "paper"}


@dataclass(frozen=True)
class Asked:
    """A download as asked for, every value checked."""

    download: str
    period: Period
    visit: Event | None
    name: str | None
    questions: tuple[str, ...]
    paper: str


def report_form(params: QueryParams) -> FormState:
    choice, start, end = typed(params)
    values = {"weeks": choice, "from": start, "to": end}
    for key in ("name", "questions", "paper"):
        values[key] = params.get(key, "")
    values["paper"] = values["paper"] or "a4"
    return FormState(values=values)


def _choices(visit: Event | None) -> list[tuple[str, str]]:
    choices = list(CHOICES)
    if visit is not None:
        choices.append((VISIT, f"Since your last visit ({day_text(visit.start_day)})"))
    return choices


def read_asked(session: Session, params: QueryParams) -> Asked:
    """The download, the period and the summary's options; BadInput naming the box at fault."""
    download = params.get("format", "pdf")
    if download not in DOWNLOADS:
        raise BadInput(
            f'Choose one of the download buttons (PDF, Markdown or CSV), not "{download}".'
        )
    questions = service.check_questions(
        [line for line in params.get("questions", "").splitlines() if line.strip()]
    )
    name = service.check_name(params.get("name") or None)
    try:
        paper = check_paper(params.get("paper", "a4") or "a4")
    except BadInput as exc:
        raise BadInput("The paper must be A4 or Letter.", field="paper") from exc
    if params.get("weeks") == VISIT:
        period, visit = service.since_visit_period(session=session)
        return Asked(download, period, visit, name, questions, paper)
    chosen = read_period(params)
    period = service.report_period(chosen.request)
    if chosen.whole_diary:
        from painlog.analysis.frames import diary_span

        period = diary_span(session=session) or period
    return Asked(download, period, None, name, questions, paper)


def _file(session: Session, asked: Asked) -> tuple[bytes, str] | None:
    """The file's bytes and name, or None when nothing is recorded in the period."""
    fmt, index, _ = DOWNLOADS[asked.download]
    filename = default_names(fmt, asked.period)[index]
    if fmt == "csv":
        from painlog.render.report_csv import write_days, write_entries, write_events

        records = service.period_records(session=session, period=asked.period)
        if not records.has_data:
            return None
        writers: dict[str, Callable[[BinaryIO], object]] = {
            "entries": lambda out: write_entries(
                out,
                service.period_entries(session=session, period=asked.period),
                records.vocabulary,
            ),
            "days": lambda out: write_days(out, records),
            "events": lambda out: write_events(out, records),
        }
        buffer = io.BytesIO()
        writers[asked.download](buffer)
        return buffer.getvalue(), filename
    report = service.build_report(
        session=session,
        period=asked.period,
        name=asked.name,
        questions=asked.questions,
        visit=asked.visit,
    )
    if not report.has_data:
        return None
    from painlog.render.report_doc import build_document

    document = build_document(report)
    if fmt == "md":
        from painlog.render.report_md import render_markdown

        return render_markdown(document).encode("utf-8"), filename
    from painlog.render.report_pdf import render_pdf

    return render_pdf(document, paper=asked.paper, version=report.version).data, filename


def _page(
    request: Request, session: Session, form: FormState, status: int = 200, notice: str = ""
) -> Response:
    visit = last_visit(session=session)
    context: dict[str, Any] = {
        "form": form,
        "choices": _choices(visit),
        "notice": notice,
    }
    return render(request, "report.html", context, status)


async def show_report(request: Request) -> Response:
    form = report_form(request.query_params)
    return await in_diary(request, lambda session: _page(request, session, form))


async def download(request: Request) -> Response:
    params = request.query_params
    form = report_form(params)

    def work(session: Session) -> Response:
        try:
            asked = read_asked(session, params)
        except BadInput as exc:
            form.refused(exc, names=REPORT_FIELDS)
            return _page(request, session, form, 400)
        made = _file(session, asked)
        if made is None:
            return _page(request, session, form, notice=f"{no_observed_days(asked.period)}")
        data, filename = made
        return Response(
            data,
            media_type=DOWNLOADS[asked.download][2],
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )

    return await in_diary(request, work)


ROUTES = [
    Route("/report", show_report, methods=["GET"], name="report"),
    Route("/report/download", download, methods=["GET"], name="report_download"),
]
