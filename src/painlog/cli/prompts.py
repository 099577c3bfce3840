"""Prompts a person can type in: line editing, history and Tab completion of names.

The standard library's ``readline`` gives the arrow keys, Home/End, Ctrl-A/E,
the Up key for earlier answers of this run and Tab completion; it is imported
only when a question is asked, so no other command pays for it. Nothing here
is written to disk: what someone typed about their pain stays in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TypeVar

import typer

from painlog.errors import BadInput, UnknownTerm

T = TypeVar("T")

_readline: ModuleType | None = None
_ready = False


def _line_editing() -> ModuleType | None:
    global _readline, _ready
    if not _ready:
        _ready = True
        try:
            import readline
        except ImportError:  # a Python built without it: plain prompts still work
            return None
        if "libedit" in (readline.__doc__ or ""):
            readline.parse_and_bind("bind ^I rl_complete")
        else:
            readline.parse_and_bind("tab: complete")
        # A list is typed with commas: complete the name after the last one.
        readline.set_completer_delims(",")
        _readline = readline
    return _readline


def completer(words: Sequence[str]) -> Callable[[str, int], str | None]:
    """Readline's completer over ``words``: what is typed after the last comma, by prefix."""

    def complete(text: str, state: int) -> str | None:
        typed = text.lstrip()
        lead = text[: len(text) - len(typed)]
        matches = [lead + word for word in words if word.startswith(typed.lower())]
        return matches[state] if state < len(matches) else None

    return complete


def ask_line(question: str, *, words: Sequence[str] = (), default: str | None = None) -> str:
    """One answer, with line editing; Tab completes ``words``; Enter gives ``default``."""
    readline = _line_editing()
    if readline is not None:
        readline.set_completer(completer(words) if words else None)
    try:
        answer: str = typer.prompt(
            question, default=default or "", show_default=default is not None
        )
    finally:
        if readline is not None:
            readline.set_completer(None)
    return answer.strip()


def ask_until_valid(
    question: str,
    parse: Callable[[str], T],
    *,
    required: bool = False,
    words: Sequence[str] = (),
    default: str | None = None,
) -> T | None:
    """Ask until the answer parses; Enter skips an optional question (or gives ``default``).

    An unknown name is asked about as on the command line (the nearest name, or
    your own new term), then the same answer is read again.
    """
    while True:
        answer = ask_line(question, words=words, default=default)
        if not answer:
            if required:
                typer.echo("  This one is needed.", err=True)
                continue
            return None
        try:
            try:
                return parse(answer)
            except UnknownTerm as exc:
                from painlog.cli.ask import forgive
                from painlog.cli.common import ROOT

                if not forgive(exc, str(ROOT.diary) if ROOT.diary else ROOT.db):
                    raise
                return parse(answer)
        except BadInput as exc:
            typer.echo(f"  {exc.message}", err=True)
