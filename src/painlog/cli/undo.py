"""painlog undo: reverse the latest change."""

from __future__ import annotations

import typer

from painlog.cli.common import DbOption, session_for
from painlog.render.undo import undone_text
from painlog.services.undo import undo_last

app = typer.Typer()


@app.command("undo")
def undo_command(db: DbOption = None) -> None:
    """Reverse the latest change (a log, edit, delete, restore, relief, check-in, event or
    import); undo again to go further back. The undo is kept in the history too.

    Example: painlog undo
    """
    with session_for(db, write=True) as session:
        undone = undo_last(session=session)
        text = undone_text(undone)
    typer.echo(text)
