"""Moving data in and out: export, import."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from painlog.cli.common import DbOption, FromOption, ToOption, day_range, diary_path, session_for
from painlog.errors import BadInput, DiaryBusy

if TYPE_CHECKING:
    from painlog.services.exchange import ImportSummary

app = typer.Typer()

FORMATS = ("painlog", "flaredown", "weather")
EXPORT_FORMATS = ("painlog", "fhir")


@app.command("export")
def export_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE (default: print to stdout)."
        ),
    ] = None,
    file_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="painlog (JSON, the default) or fhir (a FHIR R4 Bundle for a clinic's system).",
        ),
    ] = "painlog",
    start: FromOption = None,
    end: ToOption = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", metavar="TEXT", help="fhir: your name on the Patient (default: none)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """Export everything to painlog's JSON format, or to FHIR R4 with --format fhir.

    The painlog format (docs/export-format.md) holds everything and painlog import
    reads it back; --format fhir (docs/fhir.md) writes one FHIR Bundle of your
    episodes, day ratings, weekly PEG, remedies and events, optionally --from/--to.

    Example: painlog export -o painlog-2026-11-21.json
    or: painlog export --format fhir --from 2026-09-01 -o for-the-clinic.json
    """
    from painlog.files import check_target, private_text_file

    chosen = file_format.strip().lower()
    if chosen not in EXPORT_FORMATS:
        raise BadInput(f'--format takes painlog or fhir, not "{file_format}".')
    if chosen == "fhir":
        _export_fhir(output, start=start, end=end, name=name, force=force, db=db)
        return
    if start is not None or end is not None or name is not None:
        raise BadInput("--from, --to and --name apply to --format fhir only.")
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


def _export_fhir(
    output: Path | None,
    *,
    start: str | None,
    end: str | None,
    name: str | None,
    force: bool,
    db: str | None,
) -> None:
    from painlog.files import check_target, private_text_file
    from painlog.render.exchange import fhir_text
    from painlog.services.fhir import Window, export_fhir
    from painlog.services.report import check_name

    first, last = day_range(start, end)
    person = check_name(name)
    window = Window(first, last)
    if output is not None:
        check_target(output, diary=diary_path(db), force=force)
    with session_for(db, write=False) as session:
        if output is None:
            summary = export_fhir(session=session, out=sys.stdout, window=window, name=person)
            typer.echo(fhir_text(summary, "stdout"), err=True)
            return
        with private_text_file(output, force=force, diary=diary_path(db)) as handle:
            summary = export_fhir(session=session, out=handle, window=window, name=person)
    typer.echo(fhir_text(summary, str(output)))


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
    with _kept_copy(diary_path(db)) as kept:
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
    for copy in kept:
        typer.echo(f"The diary as it was before this import is kept at {copy}.")


def _import_weather(db: str | None, file: Path, *, columns: str | None, units: str | None) -> None:
    """The whole file is read and checked first; the diary is written in one short step."""
    from painlog.render.weather import weather_import_text
    from painlog.services.weather import import_weather, read_weather

    weather = read_weather(path=file, columns=columns, units=units)
    with _kept_copy(diary_path(db)) as kept:
        with session_for(db, write=True) as session:
            result = import_weather(session=session, weather=weather)
        typer.echo(weather_import_text(result))
    for copy in kept:
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
def _kept_copy(diary: Path) -> Iterator[list[Path]]:
    """A copy of the diary before an import, so even a successful import can be undone.

    Yields the copies kept: none when there was no diary yet, and the copy is
    removed again when the import failed or changed nothing. Of the copies
    before imports, the newest KEPT_COPIES are kept.
    """
    from painlog.storage.maintenance import change_mark, prune_copies, snapshot

    before = change_mark(diary)
    copy = snapshot(diary, "import")
    kept = [] if copy is None else [copy]
    try:
        yield kept
    except BaseException:
        if copy is not None:
            copy.unlink(missing_ok=True)
        raise
    if copy is not None and change_mark(diary) == before:
        copy.unlink(missing_ok=True)
        kept.clear()
    elif copy is not None:
        prune_copies(diary, "import")
