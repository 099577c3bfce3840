"""What every command shares: the --db and --json options, sessions, output helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from painlog.api import Diary as PublicDiary
from painlog.errors import BadInput
from painlog.models import MAX_ID
from painlog.paths import resolve_db_path
from painlog.storage.diary import Diary, open_diary, remember_checked
from painlog.when import check_range, parse_day


@dataclass
class RootState:
    """Options given before the command name (``painlog --db X list``)."""

    db: str | None = None
    debug: bool = False
    diary: Path | None = None  # the diary this command uses, for error sentences


ROOT = RootState()

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Diary file to use (default: $PAINLOG_DB, else your user data folder).",
        show_default=False,
    ),
]
EntryArg = Annotated[
    int,
    typer.Argument(metavar="ENTRY", min=1, max=MAX_ID, help="The entry's id (see painlog list)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
FromOption = Annotated[
    str | None, typer.Option("--from", metavar="DAY", help="First day (2026-11-01, yesterday...).")
]
ToOption = Annotated[str | None, typer.Option("--to", metavar="DAY", help="Last day.")]


def clear_option(fields: Iterable[str]) -> Any:
    """``--clear FIELD`` (repeatable) for an edit command whose blankable fields are ``fields``."""
    return typer.Option(
        "--clear", metavar="FIELD", help=f"Blank a field: {', '.join(fields)} (repeatable)."
    )


def diary_path(db: str | None) -> Path:
    """The diary a command uses: its own --db, else painlog's --db, else the defaults."""
    path = resolve_db_path(db if db is not None else ROOT.db)
    ROOT.diary = path
    return path


def open_for(db: str | None, *, write: bool, lock_first: bool = True) -> Diary:
    diary = open_diary(diary_path(db), write=write, lock_first=lock_first)
    for notice in diary.notices:
        typer.echo(notice, err=True)
    return diary


@contextmanager
def session_for(db: str | None, *, write: bool, lock_first: bool = True) -> Iterator[Session]:
    """One command, one transaction on the chosen diary, through the library's Diary."""
    opened = open_for(db, write=write, lock_first=lock_first)
    with PublicDiary(opened) as diary, diary.transaction() as session:
        yield session
    if write:  # only after success: a command that met damage leaves the mark unset
        remember_checked(opened.path)


def day_range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    first = parse_day(start, field="start") if start else None
    last = parse_day(end, field="end") if end else None
    check_range(first, last)
    return first, last


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def split_names(values: list[str] | None, *, what: str | None = None) -> list[str] | None:
    """Repeated options and comma-separated lists alike: ``-w "lower back,hip" -w leg``.

    With ``what`` (the field's --clear word), an option given with nothing in
    it is refused: a blank value must never erase a list by accident.
    """
    if values is None:
        return None
    names = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if what is not None and (not names or any(not value.strip() for value in values)):
        if what == "where":
            raise BadInput("Give at least one place where it hurts with --where.")
        raise BadInput(f"Give at least one {what}, or use --clear {what}.")
    return names
