"""painlog serve: the diary as a private web page on this computer."""

from __future__ import annotations

import contextlib
import errno
import secrets
import socket
from typing import Annotated

import typer

from painlog.cli.common import ROOT, DbOption, diary_path
from painlog.errors import BadInput, PainlogError

app = typer.Typer()

HOST = "127.0.0.1"  # loopback only: nothing outside this computer can reach the page


def _listening_socket(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1 and listening, on ``port`` or (0) a free one.

    Bound here rather than by uvicorn, so that the address printed holds the
    port really in use, and so that a browser opened at once finds it ready.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: without it a page's body waits ~40 ms for the
        # browser's delayed ACK of its headers on every kept-alive request.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise BadInput(
                f"Port {port} is already in use on this computer; leave out --port and "
                "painlog picks a free one.",
                field="port",
            ) from None
        if exc.errno == errno.EACCES:
            raise BadInput(
                f"Port {port} needs special permissions; choose one from 1024 to 65535, or "
                "leave out --port.",
                field="port",
            ) from None
        raise PainlogError(f"Cannot listen on {HOST}:{port}: {exc.strerror or exc}.") from exc
    return sock


@app.command("serve")
def serve_command(
    port: Annotated[
        int,
        typer.Option(
            "--port",
            min=0,
            max=65535,
            metavar="N",
            help="The port to listen on (default: a free one).",
            show_default=False,
        ),
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser; print the address only.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Open the diary as a private web page in your browser, served by this computer to
    itself alone (127.0.0.1). The address carries a one-time key; Ctrl-C stops it.

    Example: painlog serve --port 8765 --no-browser
    """
    import uvicorn  # only here: painlog log never loads the web stack

    from painlog.web.app import create_app

    path = diary_path(db)
    token = secrets.token_urlsafe(24)
    sock = _listening_socket(port)
    try:
        bound = sock.getsockname()[1]
        app = create_app(db_path=path, token=token, port=bound, debug=ROOT.debug)
        for notice in app.state.served.writer.notices:
            typer.echo(notice, err=True)
        address = f"http://{HOST}:{bound}/?token={token}"
        typer.echo(f"painlog is serving the diary {path} at\n\n    {address}\n")
        typer.echo(
            "The address works once, in one browser (it signs that browser in). "
            "Press Ctrl-C here to stop."
        )
        if not no_browser:
            import webbrowser

            if not webbrowser.open(address):
                typer.echo("No browser could be opened; open the address above yourself.")
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", server_header=False
        )
        server = uvicorn.Server(config)
        # uvicorn stops cleanly on Ctrl-C, then raises it again: stopping is what was asked.
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[sock])
        app.state.served.close()
    finally:
        sock.close()
    typer.echo("Stopped painlog serve; everything the page saved is in the diary.")
