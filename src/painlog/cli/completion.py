"""painlog completion: the shell's Tab completion script."""

from __future__ import annotations

from typing import Annotated

import typer

from painlog.errors import BadInput

app = typer.Typer()


@app.command("completion")
def completion_command(
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh or fish.")],
) -> None:
    """Print the Tab completion script for your shell: commands, options, and the names of
    pain types, places, qualities, triggers and remedies (yours too) after --type, --where,
    --quality, --trigger and --remedy. In ~/.bashrc: eval "$(painlog completion bash)"
    (zsh alike, in ~/.zshrc); for fish, save it as ~/.config/fish/completions/painlog.fish.

    Example: painlog completion bash > ~/.painlog-completion.bash
    """
    from painlog.complete import SCRIPTS

    script = SCRIPTS.get(shell.strip().lower())
    if script is None:
        raise BadInput(f'"{shell}" is not a shell painlog completes; use bash, zsh or fish.')
    typer.echo(script, nl=False)
