"""painlog's command line: thin commands over the services.

One error handler for every command (``PainlogGroup.main``): painlog's own
errors and Typer's usage errors become one line on stderr with a documented
exit status (0 ok, 1 error, 2 bad input, 130 interrupted); a traceback only
with ``--debug`` (or ``PAINLOG_DEBUG=1``).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from painlog import __version__
from painlog.cli.common import ROOT, DbOption
from painlog.errors import BadInput, ExitStatus, PainlogError, UnknownTerm


def _debug_requested(args: Sequence[str]) -> bool:
    return os.environ.get("PAINLOG_DEBUG") == "1" or "--debug" in args


def check_encoding(argv: Sequence[str]) -> None:
    """Refuse text that is not valid Unicode (a terminal in another encoding, stray bytes).

    Checked here once for every option, because SQLite and the files painlog
    writes can only hold real text.
    """
    for index, arg in enumerate(argv):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            name = arg.split("=", 1)[0] if arg.startswith("--") and "=" in arg else None
            if name is None and index > 0 and argv[index - 1].startswith("-"):
                name = argv[index - 1]
            what = name or "A value you typed"
            raise BadInput(
                f"{what} holds bytes that are not UTF-8 text; check your terminal's "
                "encoding and type it again."
            ) from None


def one_line(message: str) -> str:
    """The message as one printable line: a value the person typed may hold a line break,
    a control character or a lone surrogate, which are shown escaped instead."""
    return "".join(
        char
        if char.isprintable() or char == " "
        else char.encode("unicode_escape", "backslashreplace").decode("ascii")
        for char in message
    )


def _fail(message: str, status: int) -> None:
    typer.echo(f"painlog: {one_line(message)}", err=True)
    sys.exit(status)


# The option that gives each field, for errors that name a field: the services
# speak of the pain, the command line of --pain. Where a command spells an
# option its own way, its name maps to its own spellings.
FIELD_OPTIONS: dict[str, str] = {
    "occurred_at": "--at",
    "intensity": "--pain",
    "pain_type": "--type",
    "locations": "--where",
    "qualities": "--quality",
    "triggers": "--trigger",
    "duration_minutes": "--duration",
    "remedies": "--remedy",
    "remedy": "--remedy",
    "taken_at": "--remedy",
    "dose": "--remedy",
    "note": "--note",
    "clear": "--clear",
    "pain_after": "--pain-after",
    "pain_after_at": "--at",
    "day": "--date",
    "average_pain": "--avg",
    "worst_pain": "--worst",
    "enjoyment": "--enjoyment",
    "activity": "--activity",
    "sleep_quality": "--sleep",
    "fatigue": "--fatigue",
    "spasticity": "--spasticity",
    "exposures": "--exposure",
    "start": "--from",
    "end": "--to",
    "weeks": "--weeks",
    "lag": "--lag",
    "question": "--question",
    "name": "--name",
    "remedy_kind": "--kind",
    "start_day": "--from",
    "end_day": "--to",
    "therapy": "--therapy",
    "missed": "--missed",
    "with_whom": "--with",
    "again": "--again",
    "replace": "--replace",
    "version": "--to",
    "add_locations": "--add-where",
    "remove_locations": "--remove-where",
    "add_qualities": "--add-quality",
    "remove_qualities": "--remove-quality",
    "add_triggers": "--add-trigger",
    "remove_triggers": "--remove-trigger",
    "add_remedies": "--add-remedy",
    "remove_remedies": "--remove-remedy",
    "port": "--port",
}
COMMAND_OPTIONS: dict[str, dict[str, str]] = {
    "history": {"day": "--day", "version": "VERSION"},
    "event": {"dose": "--dose"},
}


def _with_option(exc: PainlogError, command: str | None) -> str:
    """The error's sentence, led by the option that gave the value it is about."""
    message = exc.message
    if isinstance(exc, UnknownTerm) and exc.kind is not None:
        kind = exc.kind.replace("_", "-")
        message = message.removesuffix(".") + (
            f"; painlog vocab {kind} lists the known ones and painlog vocab add {kind} "
            f'"{exc.name}" adds your own.'
        )
    field = getattr(exc, "field", None)
    if field is None:
        return message
    option = COMMAND_OPTIONS.get(command or "", {}).get(field) or FIELD_OPTIONS.get(field)
    return f"{option}: {message}" if option else message


class PainlogGroup(TyperGroup):
    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = _debug_requested(argv)
        try:
            check_encoding(argv)
            result = super().main(
                args=argv,
                prog_name=prog_name or "painlog",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except PainlogError as exc:
            if debug:
                raise
            _fail(_with_option(exc, command_name(argv)), exc.exit_status)
        except click.exceptions.ClickException as exc:
            if debug:
                raise
            hint = ""
            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                hint = f" (see {ctx.command_path} --help)"
            _fail(f"{exc.format_message().rstrip('.')}{hint}.", ExitStatus.BAD_INPUT)
        except (KeyboardInterrupt, typer.Abort):
            _fail("interrupted; nothing more was changed.", ExitStatus.INTERRUPTED)
        except Exception as exc:
            if debug:
                raise
            from painlog.oserrors import translate

            translated = translate(exc, ROOT.diary)
            if translated is not None:
                _fail(translated.message, translated.exit_status)
            _fail(
                f"unexpected problem ({type(exc).__name__}: {exc}). A change counts only if "
                "painlog confirmed it above; run again with --debug for the details.",
                ExitStatus.ERROR,
            )
        if result == ExitStatus.INTERRUPTED:  # Typer turns Ctrl-C into this exit status
            _fail("interrupted; nothing more was changed.", ExitStatus.INTERRUPTED)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else ExitStatus.OK)


# The module that holds each command. painlog.launch imports and builds only the one
# asked for: Typer inspects every registered command's signature on each run,
# which would cost every quick ``painlog log`` a few milliseconds per command.
COMMANDS: dict[str, tuple[str, str | None]] = {
    "log": ("painlog.cli.journal", None),
    "edit": ("painlog.cli.journal", None),
    "relief": ("painlog.cli.journal", None),
    "delete": ("painlog.cli.journal", None),
    "restore": ("painlog.cli.journal", None),
    "list": ("painlog.cli.journal", None),
    "show": ("painlog.cli.journal", None),
    "day": ("painlog.cli.days", None),
    "days": ("painlog.cli.days", None),
    "guide": ("painlog.cli.guide", None),
    "trends": ("painlog.cli.analysis", None),
    "patterns": ("painlog.cli.analysis", None),
    "triggers": ("painlog.cli.analysis", None),
    "remedies": ("painlog.cli.analysis", None),
    "report": ("painlog.cli.report", None),
    "vocab": ("painlog.cli.vocab", "vocab"),
    "db": ("painlog.cli.db", "db"),
    "export": ("painlog.cli.exchange", None),
    "import": ("painlog.cli.exchange", None),
    "history": ("painlog.cli.history", None),
    "revert": ("painlog.cli.history", None),
    "event": ("painlog.cli.events", "event"),
    "config": ("painlog.cli.config", "config"),
    "serve": ("painlog.cli.serve", None),
}


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"painlog {__version__}")
        raise typer.Exit()


def root(
    db: DbOption = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when something fails.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_show_version, help="Show painlog's version."
        ),
    ] = False,
) -> None:
    """A private, local pain and trigger diary for people with MS who live with back pain.

    Example: painlog log --pain 6 --type spasticity --where lower-back --trigger heat
    """
    ROOT.db = db
    ROOT.debug = debug


def build_app(command: str | None = None) -> typer.Typer:
    """The painlog app with every command, or with just the module that holds ``command``."""
    app = typer.Typer(
        cls=PainlogGroup,
        name="painlog",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    wanted = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module_name, group_name in dict.fromkeys(wanted):
        module_app = importlib.import_module(module_name).app
        if group_name:
            app.add_typer(module_app, name=group_name)
            continue
        app.registered_commands.extend(
            info
            for info in module_app.registered_commands
            if command not in COMMANDS or info.name == command
        )
    return app


def command_name(args: Sequence[str]) -> str | None:
    """The command word in ``args``, skipping the root options before it."""
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
        elif arg == "--db":
            skip_next = True
        elif not arg.startswith("-"):
            return arg
    return None


def __getattr__(name: str) -> typer.Typer:
    # ``from painlog.cli import app`` (tests, documentation) gets every command.
    if name == "app":
        return build_app()
    raise AttributeError(name)
