"""The report command's options: where the summary goes, checked before any work.

The files are health data, so they are readable by their owner only (0600),
like the diary. Each is written to a temporary file in the same folder and
then renamed, so a failure never leaves half a file; an existing file is
replaced only with ``--force``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from painlog.analysis.period import Period
from painlog.errors import BadInput
from painlog.files import check_target

FORMATS = {"pdf": ".pdf", "md": ".md", "csv": ".csv"}
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class ReportTargets:
    format: str
    paths: tuple[Path, ...]  # pdf, md: the summary; csv: the entries, then the check-ins


def check_format(text: str | None, output: str | None) -> str:
    """``--format``, else the ending of ``-o`` (.pdf, .md, .csv), else pdf."""
    ending = Path(output).suffix.lower() if output else ""
    implied = next((name for name, suffix in FORMATS.items() if suffix == ending), None)
    if text is None:
        if ending and implied is None and not Path(output or "").expanduser().is_dir():
            raise BadInput(
                f"-o {output} ends in {ending}; end it in .pdf, .md or .csv, or say --format."
            )
        return implied or "pdf"
    wanted = text.strip().lower()
    if wanted == "markdown":
        wanted = "md"
    if wanted not in FORMATS:
        raise BadInput(f'--format must be pdf, md or csv, not "{text}".')
    if implied is not None and implied != wanted:
        raise BadInput(f"-o {output} ends in {ending} but --format is {wanted}; make them agree.")
    return wanted


def check_paper(text: str) -> str:
    paper = text.strip().lower()
    if paper not in PAPERS:
        raise BadInput(f'--paper must be a4 or letter, not "{text}".')
    return paper


def default_names(fmt: str, period: Period) -> tuple[str, ...]:
    span = f"{period.start.isoformat()}-{period.end.isoformat()}"
    if fmt == "csv":
        return (f"painlog-entries-{span}.csv", f"painlog-days-{span}.csv")
    return (f"painlog-summary-{span}{FORMATS[fmt]}",)


def report_targets(
    *,
    fmt: str,
    output: str | None,
    period: Period,
    force: bool,
    diary: Path | None = None,
    folder: Path | None = None,
) -> ReportTargets:
    """The files to write, refused now if their folder is missing or they exist without --force.

    No ``-o``: default names in the current folder. ``-o FOLDER``: default names there.
    ``-o FILE`` for CSV: FILE holds the entries and FILE-days.csv (beside it) the check-ins.
    The ``diary`` file (and SQLite's files beside it) is never a target, even with --force.
    """
    names = default_names(fmt, period)
    if output is None:
        base = folder or Path.cwd()
        paths = tuple(base / name for name in names)
    else:
        given = Path(output).expanduser()
        if given.is_dir():
            paths = tuple(given / name for name in names)
        elif fmt == "csv":
            paths = (given, given.with_name(f"{given.stem}-days{given.suffix or '.csv'}"))
        else:
            paths = (given,)
    for path in paths:
        check_target(path, diary=diary, force=force)
    return ReportTargets(format=fmt, paths=paths)
