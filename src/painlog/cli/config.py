"""Settings: defaults for a quick painlog log 6."""

from __future__ import annotations

from typing import Annotated

import typer

from painlog.cli.common import DbOption, JsonOption, print_json, session_for
from painlog.services.settings import set_setting, unset_setting
from painlog.settings import KEYS, load_settings, settings_path

app = typer.Typer(
    help="Your defaults, so that painlog log 6 is a whole entry.\n\n"
    "Example: painlog config set where lower-back",
    invoke_without_command=True,
)


@app.callback()
def config_root(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List your settings: where, type, dose.NAME, locale, checkin-time, hot-day, humid-day.

    Example: painlog config
    """
    if ctx.invoked_subcommand is not None:
        return
    settings = load_settings()
    if as_json:
        print_json(dict(settings.items()))
        return
    rows = settings.items()
    if not rows:
        typer.echo(f"No settings yet; painlog config set KEY VALUE sets one ({', '.join(KEYS)}).")
        return
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        typer.echo(f"{key.ljust(width)}  {value}")
    typer.echo(f"\n(in {settings_path()})")


@app.command("set")
def set_command(
    key: Annotated[
        str,
        typer.Argument(help="where, type, dose.NAME, locale, checkin-time, hot-day or humid-day."),
    ],
    value: Annotated[str, typer.Argument(help='The value: lower-back, spasticity, "10 mg"...')],
    db: DbOption = None,
) -> None:
    """Set a default: where and type fill in painlog log, dose.NAME a remedy's usual dose.

    hot-day (°C) and humid-day (%) make days of the imported weather over them count
    as the exposures extreme heat and humidity.

    Example: painlog config set dose.baclofen "10 mg"
    """
    with session_for(db, write=False) as session:
        name, stored = set_setting(session=session, key=key, value=value)
    typer.echo(f"Set {name} to {stored}.")


@app.command("unset")
def unset_command(
    key: Annotated[str, typer.Argument(help="The setting to remove, as painlog config lists it.")],
) -> None:
    """Remove a setting.

    Example: painlog config unset type
    """
    typer.echo(f"Removed {unset_setting(key=key)}.")
