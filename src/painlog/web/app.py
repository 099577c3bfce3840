"""The web application: its routes, its security, and its error pages.

Each page module exports ``ROUTES``; ``page_routes`` joins them in one list
(a new page adds one line there). Every route sits behind
``SecurityMiddleware``. Errors never show a stack trace or a blank page: a
refusal shows its sentence, anything unexpected a plain page (the traceback
only with ``painlog --debug serve``).
"""

from __future__ import annotations

import traceback
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from painlog.errors import BadInput, NotFound, PainlogError
from painlog.web import checkin, entries, guide, log, report, transfer, trends, week
from painlog.web.render import HERE, error_page
from painlog.web.security import Guard, SecurityMiddleware
from painlog.web.state import Served

_TITLES = {
    400: "That could not be used",
    403: "Not allowed",
    404: "Not found",
    405: "Not possible here",
    409: "Already recorded",
    413: "Too large",
}


def page_routes() -> list[BaseRoute]:
    """Every page's routes, then painlog's own CSS and script."""
    return [
        *log.ROUTES,
        *week.ROUTES,
        *entries.ROUTES,
        *checkin.ROUTES,
        *trends.ROUTES,
        *guide.ROUTES,
        *report.ROUTES,
        *transfer.ROUTES,
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404 and exc.detail == "Not Found":
        sentence = "There is no page at this address; the menu above lists the pages."
    elif exc.status_code == 405:
        sentence = "This address does not take that kind of request; use the page's own buttons."
    else:
        sentence = str(exc.detail)
    return error_page(
        request, _TITLES.get(exc.status_code, "Not possible"), sentence, exc.status_code
    )


async def _refused(request: Request, exc: Exception) -> Response:
    """painlog's own errors: their sentence, as the CLI prints it."""
    assert isinstance(exc, PainlogError)
    if isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, BadInput):
        status = 400
    else:
        status = 503  # the diary cannot be used just now: busy, read-only, damaged
    title = "That could not be done" if status != 404 else "Not found"
    return error_page(request, title, exc.message, status)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """Anything else: a plain page, never a traceback (except with --debug)."""
    served: Served = request.app.state.served
    from painlog.oserrors import translate

    translated = translate(exc, served.path)
    if translated is not None:
        return error_page(request, "That could not be done", translated.message, 503)
    return error_page(
        request,
        "Something went wrong",
        f"painlog met an unexpected problem ({type(exc).__name__}). A change counts only if the "
        "page confirmed it; the week page shows what is saved. Running painlog --debug serve "
        "shows the details.",
        500,
        trace="".join(traceback.format_exception(exc)) if served.debug else None,
    )


def create_app(*, db_path: Path, token: str, port: int, debug: bool = False) -> Starlette:
    """The application serving the diary at ``db_path`` on 127.0.0.1:``port``.

    ``token`` is the one-time key in the address ``painlog serve`` prints.
    The diary is opened (created or upgraded) here, before the first request.
    """
    guard = Guard(token=token, port=port)
    served = Served.open(db_path, guard=guard, debug=debug)
    app = Starlette(
        routes=page_routes(),
        middleware=[Middleware(SecurityMiddleware, guard=guard)],
        exception_handlers={
            HTTPException: _http_error,
            PainlogError: _refused,
            Exception: _unexpected,
        },
    )
    app.state.served = served
    app.state.guard = guard
    return app
