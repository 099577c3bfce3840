"""Rendering pages: the templates, the navigation, and what every page is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.templating import Jinja2Templates

from painlog.web.security import SECURITY_HEADERS

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.trim_blocks = True
TEMPLATES.env.lstrip_blocks = True

# The navigation on every page: (label, path). Pages that are not served yet
# answer 404 with a plain page, never a blank one.
NAV: tuple[tuple[str, str], ...] = (
    ("Log", "/"),
    ("Week", "/week"),
    ("Check-in", "/checkin"),
    ("Trends", "/trends"),
    ("Guide", "/guide"),
    ("Report", "/report"),
    ("Export/Import", "/transfer"),
)


def _current(path: str) -> str | None:
    """The navigation entry a page belongs to (``/entry/3/edit`` belongs to none)."""
    best = None
    for _, target in NAV:
        if path == target or (target != "/" and path.startswith(target + "/")):
            best = target
    if path.startswith("/log"):
        best = "/"
    return best


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """The template ``name`` with the navigation and the CSRF token added.

    Forms write ``{{ csrf_field() }}``; the token is the running server's.
    """
    token = request.app.state.served.guard.csrf

    def csrf_field() -> Markup:
        return Markup(f'<input type="hidden" name="csrf" value="{escape(token)}">')

    page = {
        "nav": NAV,
        "current": _current(request.url.path),
        "csrf_field": csrf_field,
        "csrf_token": token,
        **(context or {}),
    }
    return TEMPLATES.TemplateResponse(request, name, page, status_code=status)


def error_page(
    request: Request, title: str, sentence: str, status: int, *, trace: str | None = None
) -> HTMLResponse:
    """A plain page for something that went wrong: what happened, and a way back."""
    context = {"title": title, "sentence": sentence, "trace": trace}
    response = render(request, "error.html", context, status)
    # The outermost error handler sits outside the security middleware: add its headers here.
    for header, value in SECURITY_HEADERS:
        response.headers[header] = value
    response.headers["cache-control"] = "no-store"
    return response


def see_other(path: str) -> RedirectResponse:
    """After a save: POST, then redirect, then GET (a reload never saves twice)."""
    return RedirectResponse(path, status_code=303)
