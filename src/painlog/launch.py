"""The ``painlog`` console command.

Starting painlog creates many long-lived objects (modules, classes, mappers);
the cyclic garbage collector would walk them again and again for nothing. It
is paused while painlog starts, then the start-up objects are frozen out of
its sight and it runs as usual for the command itself.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    if sys.argv[1:2] == ["__complete"]:  # a Tab in the shell: answered without the CLI
        from painlog.complete import main as complete

        complete(sys.argv[2:])
        return
    gc.disable()
    from painlog.cli import build_app, command_name

    args = sys.argv[1:]
    if not args and sys.stdin.isatty() and sys.stdout.isatty():
        # Plain painlog on a terminal shows the week; in a script or a pipe, the help.
        args = ["week"]
    app = build_app(command_name(args))
    gc.freeze()
    gc.enable()
    app(args=args)
