"""Moving data in and out: export, import."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from painlog.cli.common import DbOption, diary_path, session_for
from painlog.errors import BadInput, DiaryBusy

if TYPE_CHECKING:
    from painlog.services.exchange import ImportSummary

app = typer.Typer()

FORMATS = ("painlog", "flaredown", "weather")


@app.command("export")
def export_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (default: print to stdout)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """Export everything to painlog's JSON format (entries, check-ins, your own terms).

    The format is documented in docs/export-format.md; painlog import reads it back.

    Example: painlog export -o painlog-2026-11-21.json
    """
    from painlog.files import check_target, private_text_file
    from painlog.render.exchange import export_text
    from painlog.services.exchange import export_diary

    if output is not None:
        check_target(output, diary=diary_path(db), force=force)
    with session_for(db, write=False) as session:
        if output is None:
            summary = export_diary(session=session, out=sys.stdout)
            typer.echo(export_text(summary, "stdout"), err=True)
            return
        with private_text_file(output, force=force, diary=diary_path(db)) as handle:
            summary = export_diary(session=session, out=handle)
    typer.echo(export_text(summary, str(output)))


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A painlog export or a CSV.")],
    file_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="painlog (JSON, the default), flaredown or weather (a daily weather CSV).",
        ),
    ] = "painlog",
    user: Annotated[
        str | None,
        typer.Option("--user", metavar="ID", help="Flaredown: whose rows to import."),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="ROLE=HEADER,...",
            help="Weather: which columns hold date, tmax, tmean, humidity (date=Day,tmax=High).",
        ),
    ] = None,
    units: Annotated[
        str | None,
        typer.Option("--units", metavar="C|F", help="Weather: the file's temperature unit."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import a painlog export, a Flaredown CSV or a daily weather CSV; all of it, or none.

    Importing the same file again adds nothing. A weather file (Meteostat, Open-Meteo,
    DWD or NOAA daily, recognised by its header) is one you downloaded: painlog never
    fetches weather.

    Example: painlog import painlog-2026-11-21.json
    or: painlog import flaredown.csv --format flaredown --user 4f1c
    or: painlog import berlin-2026.csv --format weather
    """
    chosen = file_format.strip().lower()
    if chosen not in FORMATS:
        raise BadInput(f'--format takes painlog, flaredown or weather, not "{file_format}".')
    if chosen != "weather" and (columns is not None or units is not None):
        raise BadInput("--columns and --units apply to --format weather only.")
    if chosen != "flaredown" and user is not None:
        raise BadInput("--user applies to --format flaredown only.")
    if chosen == "weather":
        _import_weather(db, file, columns=columns, units=units)
        return
    if chosen == "painlog" and file.suffix.lower() == ".csv":
        raise BadInput(
            f"{file.name} looks like a CSV; for a Flaredown export add --format flaredown, "
            "for a daily weather file --format weather."
        )
    if not file.is_file():
        raise BadInput(f"There is no file {file}; give the export to import.")
    with _kept_copy(diary_path(db)) as copy:
        if chosen == "painlog":
            from painlog.render.exchange import import_text

            typer.echo(import_text(_import_painlog(db, file)))
        else:
            from painlog.render.flaredown import flaredown_text, users_text
            from painlog.services.flaredown import ChooseUser, import_flaredown

            try:
                with session_for(db, write=True) as session:
                    result = import_flaredown(session=session, path=file, user=user)
            except ChooseUser as exc:
                typer.echo(users_text(exc.users), err=True)
                raise BadInput(exc.message) from None
            typer.echo(flaredown_text(result))
    if copy is not None:
        typer.echo(f"The diary as it was before this import is kept at {copy}.")


def _import_weather(db: str | None, file: Path, *, columns: str | None, units: str | None) -> None:
    """The whole file is read and checked first; the diary is written in one short step."""
    from painlog.render.weather import weather_import_text
    from painlog.services.weather import import_weather, read_weather

    weather = read_weather(path=file, columns=columns, units=units)
    with _kept_copy(diary_path(db)) as copy, session_for(db, write=True) as session:
        result = import_weather(session=session, weather=weather)
    typer.echo(weather_import_text(result))
    if copy is not None:
        typer.echo(f"The diary as it was before this import is kept at {copy}.")


def _import_painlog(db: str | None, file: Path) -> ImportSummary:
    """Read and check the file without the diary's write lock, then write in one short step.

    If another painlog writes meanwhile, or holds the lock at that last step (SQLite
    does not wait for a lock a reading transaction asks for), the import starts
    again; the third try holds the lock from the start, waiting for it as every
    command does, so a busy diary cannot keep the import going round for ever.
    """
    from painlog.services.exchange import import_diary

    for attempt in range(3):
        try:
            with session_for(db, write=True, lock_first=attempt == 2) as session:
                return import_diary(session=session, path=file, staged=attempt < 2)
        except DiaryBusy:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@contextmanager
def _kept_copy(diary: Path) -> Iterator[Path | None]:
    """A copy of the diary before an import, so even a successful import can be undone.

    A failed import changes nothing, so its copy is removed again.
    """
    from painlog.storage.maintenance import snapshot

    copy = snapshot(diary, "import")
    try:
        yield copy
    except BaseException:
        if copy is not None:
            copy.unlink(missing_ok=True)
        raise
