"""painlog report: a summary of a period for your clinician, as PDF, Markdown or CSV.

Every option is checked, and the output files too, before the diary is read;
pandas, matplotlib and the PDF library load only once the report is made.
"""

from __future__ import annotations

from typing import Annotated

import typer

from painlog.analysis.period import Period, PeriodRequest
from painlog.cli.analysis import WeeksOption
from painlog.cli.common import DbOption, FromOption, ToOption, day_range, diary_path, session_for
from painlog.cli.report_files import ReportTargets, check_format, check_paper, report_targets
from painlog.files import write_private
from painlog.render.analysis import no_observed_days
from painlog.services import report as service

app = typer.Typer()


@app.command("report")
def report_command(
    weeks: WeeksOption = None,
    start: FromOption = None,
    end: ToOption = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write (default: painlog-summary-FROM-TO.pdf here); a folder works too.",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="pdf|md|csv",
            help="pdf (default), md (Markdown, to paste into a message) or csv (two files: "
            "entries and day check-ins). Also read from the ending of -o.",
        ),
    ] = None,
    questions: Annotated[
        list[str] | None,
        typer.Option(
            "--question",
            metavar="TEXT",
            help="A question for your clinician, shown on page 1 (repeat for more).",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="TEXT", help="Your name on every page (default: none)."),
    ] = None,
    paper: Annotated[
        str, typer.Option("--paper", metavar="a4|letter", help="PDF page size.")
    ] = "a4",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    db: DbOption = None,
) -> None:
    """A summary for your doctor: page 1 readable in a minute, details after (default 12 weeks).

    Example: painlog report --weeks 12 --question "Could the evening spasms be the heat?"
    """
    chosen = check_format(fmt, output)
    paper = check_paper(paper)
    asked = service.check_questions(questions)
    person = service.check_name(name)
    first, last = day_range(start, end)
    period = service.report_period(PeriodRequest(weeks=weeks, start=first, end=last))
    diary = diary_path(db)
    targets = report_targets(fmt=chosen, output=output, period=period, force=force, diary=diary)

    if chosen == "csv":
        _write_csv(db, period, targets, force=force)
    else:
        _write_summary(db, period, targets, paper=paper, name=person, questions=asked, force=force)


def _nothing(period: Period) -> None:
    typer.echo(f"{no_observed_days(period)} No file written.")


def _write_csv(db: str | None, period: Period, targets: ReportTargets, *, force: bool) -> None:
    from painlog.render.report_csv import write_days, write_entries

    entries_path, days_path = targets.paths
    with session_for(db, write=False) as session:
        records = service.period_records(session=session, period=period)
        if not records.has_data:
            _nothing(period)
            return
        entries = service.period_entries(session=session, period=period)
        write_private(
            [
                (entries_path, lambda out: write_entries(out, entries, records.vocabulary)),
                (days_path, lambda out: write_days(out, records)),
            ],
            force=force,
        )
    typer.echo(f"Wrote {records.entries} entries to {entries_path.resolve()}")
    typer.echo(f"Wrote {len(records.checkins)} day check-ins to {days_path.resolve()}")


def _write_summary(
    db: str | None,
    period: Period,
    targets: ReportTargets,
    *,
    paper: str,
    name: str | None,
    questions: tuple[str, ...],
    force: bool,
) -> None:
    with session_for(db, write=False) as session:
        report = service.build_report(
            session=session, period=period, name=name, questions=questions
        )
    if not report.has_data:
        _nothing(period)
        return
    from painlog.render.report_doc import build_document

    document = build_document(report)
    path = targets.paths[0]
    if targets.format == "md":
        from painlog.render.report_md import render_markdown

        write_private([(path, render_markdown(document).encode("utf-8"))], force=force)
        typer.echo(f"Wrote the summary (Markdown) to {path.resolve()}")
        return
    from painlog.render.report_pdf import render_pdf

    rendered = render_pdf(document, paper=paper, version=report.version)
    write_private([(path, rendered.data)], force=force)
    pages = "1 page" if rendered.pages == 1 else f"{rendered.pages} pages"
    typer.echo(f"Wrote the summary ({pages}, {paper.upper()}) to {path.resolve()}")
    if rendered.missing:
        typer.echo(
            f"Note: the PDF's font has no letters for {' '.join(rendered.missing)}; they show "
            "as empty boxes there. The Markdown (--format md) keeps them.",
            err=True,
        )
