"""Where the summary goes, checked before any work, and how it is written.

The files are health data, so they are readable by their owner only (0600),
like the diary. Each is written to a temporary file in the same folder and
then renamed, so a failure never leaves half a file; an existing file is
replaced only with ``--force``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from painlog.analysis.period import Period
from painlog.errors import BadInput

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
    protected = set()
    if diary is not None:
        protected = {
            Path(f"{diary}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")
        }
    for path in paths:
        if path.resolve() in protected:
            raise BadInput(f"{path} is your diary; choose another name with -o.")
        parent = path.parent
        if not parent.is_dir():
            raise BadInput(f"The folder {parent} does not exist; create it or choose another -o.")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise BadInput(f"Cannot write in the folder {parent}; choose another place with -o.")
        if path.is_dir():
            raise BadInput(f"{path} is a folder; give a file name with -o.")
        if path.exists() and not force:
            raise BadInput(
                f"{path} already exists; add --force to replace it, or choose another -o."
            )
    return ReportTargets(format=fmt, paths=paths)


Content = bytes | Callable[[BinaryIO], object]  # the bytes, or a function that writes them


def write_private(files: list[tuple[Path, Content]], *, force: bool) -> None:
    """Write each file (mode 0600) through a temporary file; all or, on an error, none new."""
    temporaries: list[tuple[Path, Path]] = []
    try:
        for path, content in files:
            handle, name = tempfile.mkstemp(prefix=".painlog-report-", dir=path.parent)
            temporary = Path(name)
            temporaries.append((temporary, path))
            with os.fdopen(handle, "wb") as out:
                if isinstance(content, bytes):
                    out.write(content)
                else:
                    content(out)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
        for _, path in temporaries:
            if path.exists() and not force:  # appeared while the summary was being made
                raise BadInput(f"{path} already exists; add --force to replace it.")
        for temporary, path in temporaries:
            os.replace(temporary, path)
    finally:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
