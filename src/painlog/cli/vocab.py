"""The vocabulary: list terms, add your own."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from painlog.cli.common import DbOption, JsonOption, print_json, session_for
from painlog.render.vocab import terms_json, terms_text
from painlog.services.vocabulary import add_term, load_vocabulary
from painlog.vocab import KIND_LABELS, parse_kind


class VocabGroup(TyperGroup):
    """``painlog vocab trigger`` reads as ``painlog vocab list trigger``."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args.insert(0, "list")
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=VocabGroup,
    help="The terms painlog understands, and your own.\n\nExample: painlog vocab trigger",
    invoke_without_command=True,
)


@app.callback()
def vocab_root(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """The terms painlog understands: pain types, triggers, remedies, locations, qualities.

    Example: painlog vocab trigger
    """
    if ctx.invoked_subcommand is None:
        _list(None, db, as_json)


@app.command("list")
def list_command(
    kind: Annotated[
        str | None,
        typer.Argument(help="pain-type, trigger, remedy, location or quality (default: all)."),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List the terms of one kind, or of every kind.

    Example: painlog vocab list remedy
    """
    _list(kind, db, as_json)


def _list(kind_text: str | None, db: str | None, as_json: bool) -> None:
    kinds = [parse_kind(kind_text)] if kind_text else list(KIND_LABELS)
    with session_for(db, write=False) as session:
        vocabulary = load_vocabulary(session=session)
    if as_json:
        print_json(terms_json(vocabulary, kinds))
    else:
        typer.echo(terms_text(vocabulary, kinds))


@app.command("add")
def add_command(
    kind: Annotated[str, typer.Argument(help="pain-type, trigger, remedy, location or quality.")],
    name: Annotated[str, typer.Argument(help="The new term, as you would type it.")],
    alias: Annotated[
        list[str] | None, typer.Option("--alias", "-a", help="Another name for it (repeatable).")
    ] = None,
    remedy_kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="For a remedy: otc-medicine, prescription-medicine, therapy, self-care or device.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Add your own term; it has no guidance from the articles and is shown as your own.

    Example: painlog vocab add trigger "cold shower" --alias "cold water"
    """
    parsed_kind = parse_kind(kind)
    with session_for(db, write=True) as session:
        term = add_term(
            session=session,
            kind=parsed_kind,
            name=name,
            aliases=alias,
            remedy_kind=remedy_kind,
        )
    typer.echo(f'Added your own {KIND_LABELS[term.kind]} "{term.label}" (key {term.key}).')
