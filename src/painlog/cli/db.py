"""The diary file: where it is, its schema revision, upgrades."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from painlog.cli.common import DbOption, diary_path
from painlog.errors import ExitStatus
from painlog.storage.diary import inspect_diary, is_read_only, upgrade_with_backup
from painlog.storage.revisions import revision_chain

app = typer.Typer(
    help="The diary file: where it is, its schema, upgrades, backups and checks.\n\n"
    "Example: painlog db backup"
)


@app.command("path")
def path_command(db: DbOption = None) -> None:
    """Print the path of the diary file in use (it may not exist yet).

    Example: painlog db path
    """
    typer.echo(str(diary_path(db)))


@app.command("current")
def current_command(db: DbOption = None) -> None:
    """Show the diary's schema revision and whether it is up to date.

    Example: painlog db current
    """
    path = diary_path(db)
    state = inspect_diary(path)
    head = revision_chain().head
    if state.is_new:
        typer.echo(f"No diary at {path} yet; it is created at schema {head} on first use.")
    elif state.revision == head:
        typer.echo(f"{state.revision} (head): the diary at {path} is up to date.")
    elif state.revision is not None and revision_chain().knows(state.revision):
        typer.echo(
            f"{state.revision}: behind head {head}; painlog db upgrade brings it up to date."
        )
    else:
        typer.echo(f"{state.revision}: newer than this painlog knows (head {head}).")


@app.command("upgrade")
def upgrade_command(db: DbOption = None) -> None:
    """Bring the diary's schema up to date, keeping a copy of the old file beside it.

    Example: painlog db upgrade
    """
    from painlog.cli.common import open_for

    path = diary_path(db)
    state = inspect_diary(path)
    head = revision_chain().head
    if state.revision == head:
        typer.echo(f"The diary at {path} is already at schema {head}; nothing to do.")
        return
    if (
        state.revision is not None
        and revision_chain().knows(state.revision)
        and not is_read_only(path)
    ):
        typer.echo(upgrade_with_backup(path, state.revision))
        return
    # New, too new or read-only: opening explains or creates, the same way every command does.
    open_for(db, write=True).engine.dispose()
    typer.echo(f"The diary at {path} is at schema {head}.")


@app.command("backup")
def backup_command(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            help="Where to write the copy: a file or a folder (default: beside the diary).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Copy the diary safely, even while painlog is writing to it, and check the copy.

    Uses SQLite's online backup; the copy is readable by you only.

    Example: painlog db backup ~/Backups/
    """
    from painlog.render.maintenance import backup_text
    from painlog.storage.maintenance import backup_diary, default_backup_path

    diary = diary_path(db)
    backup = backup_diary(diary, default_backup_path(diary, path))
    typer.echo(backup_text(backup))
    if not backup.check.healthy:
        raise typer.Exit(ExitStatus.ERROR)


@app.command("check")
def check_command(db: DbOption = None) -> None:
    """Check the diary file for damage (SQLite integrity and links between records).

    Reads only; exits with status 1 when the diary is damaged.

    Example: painlog db check
    """
    from painlog.render.maintenance import check_text
    from painlog.storage.maintenance import check_diary

    report = check_diary(diary_path(db))
    typer.echo(check_text(report))
    if not report.healthy:
        raise typer.Exit(ExitStatus.ERROR)
