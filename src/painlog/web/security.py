"""Private by construction: who may use the page, and what every answer carries.

- The address ``painlog serve`` prints carries a random token (as Jupyter's does).
  It works once: the first request with it gets an HttpOnly, SameSite=Strict
  session cookie and is sent on to the same page without the token, so the
  token never stays in the address bar or the history. Without the cookie
  every page answers 403.
- The Host header must be ``127.0.0.1:PORT`` or ``localhost:PORT``: a page
  elsewhere that points its own name at 127.0.0.1 (DNS rebinding) is refused.
- Every form that changes something carries a CSRF token, checked by
  ``read_form``; a request that says it comes from another site is refused.
- Every answer carries a Content-Security-Policy of ``default-src 'self'`` and
  the usual headers; there are no CORS headers, so no other origin may read.
- Request bodies are counted as they arrive and refused past a limit.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import FormData, Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# A form's fields are small; an upload route passes its own, larger limit.
FORM_LIMIT = 256 * 1024

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    (
        "content-security-policy",
        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Guard:
    """The secrets of one running server: its token, its session cookie and its CSRF token."""

    def __init__(self, *, token: str, port: int) -> None:
        self.token = token
        self.port = port
        self.token_used = False
        self.session = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        # Cookies do not keep ports apart: two servers on one computer need two names.
        self.cookie = f"painlog_{port}"
        self.hosts = frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})

    def signed_in(self, cookie: str | None) -> bool:
        return cookie is not None and secrets.compare_digest(cookie, self.session)

    def csrf_ok(self, value: object) -> bool:
        return isinstance(value, str) and secrets.compare_digest(value, self.csrf)


def _page(title: str, sentence: str) -> str:
    """A small page for a refusal, without the templates (it must work whatever they do)."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} - painlog</title>"
        '<link rel="stylesheet" href="/static/painlog.css"></head>'
        f'<body><main id="main"><h1>{html.escape(title)}</h1>'
        f"<p>{html.escape(sentence)}</p></main></body></html>"
    )


def forbidden(sentence: str) -> Response:
    return Response(
        _page("Not allowed", sentence),
        status_code=403,
        media_type="text/html",
        headers={"cache-control": "no-store"},
    )


class SecurityMiddleware:
    """The token, the cookie, the Host check, the origin check and the headers, for every route."""

    def __init__(self, app: ASGIApp, *, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode("latin-1").lower() not in _ADDED
                ]
                headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS]
                if not path.startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        response = self._refusal(scope)
        if response is not None:
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> Response | None:
        """The answer for a request that may not go on, or None when it may."""
        guard = self.guard
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if host not in guard.hosts:
            return forbidden(
                f"painlog answers only at http://127.0.0.1:{guard.port}/ on this computer."
            )
        method = scope.get("method", "GET")
        if method in UNSAFE_METHODS and not _same_origin(headers, host):
            return forbidden("This form was sent from another site, so painlog ignored it.")
        path: str = scope.get("path", "/")
        if path.startswith("/static/"):
            return None  # painlog's own CSS and script: nothing private in them
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        token = next((value for name, value in query if name == "token"), None)
        if token is not None:
            return self._sign_in(token, path, query)
        cookie = _cookie(headers, guard.cookie)
        if not guard.signed_in(cookie):
            return forbidden(
                "Open the address painlog serve printed in your terminal (it carries a "
                "one-time key); to start again, stop painlog serve and run it once more."
            )
        return None

    def _sign_in(self, token: str, path: str, query: list[tuple[str, str]]) -> Response:
        guard = self.guard
        if guard.token_used or not secrets.compare_digest(token, guard.token):
            return forbidden(
                "This key has been used already or is not the one painlog serve printed; "
                "to get a new one, stop painlog serve and run it again."
            )
        guard.token_used = True
        rest = urlencode([(name, value) for name, value in query if name != "token"])
        # Only a path on this server ("//elsewhere" would leave it).
        target = "/" + path.lstrip("/") + ("?" + rest if rest else "")
        response = Response(status_code=303, headers={"location": target})
        response.set_cookie(guard.cookie, guard.session, httponly=True, samesite="strict", path="/")
        return response


_ADDED = frozenset(name for name, _ in SECURITY_HEADERS) | {"cache-control"}


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _same_origin(headers: Headers, host: str) -> bool:
    """False when the browser says the request comes from another site."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    # Under Referrer-Policy no-referrer, Chromium sends a form's Origin as "null"; then the
    # browser's own Sec-Fetch-Site (which no page can set) is what tells the sites apart.
    if origin == "null" and site == "same-origin":
        return True
    return origin is None or origin == f"http://{host}"


class TooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413, f"What was sent is larger than painlog takes here ({limit // 1024} KB at most)."
        )


def limited(request: Request, max_bytes: int) -> Request:
    """The request with its body counted as it streams in, refused past ``max_bytes``.

    An upload route reads ``limited(request, LIMIT).stream()`` (or ``.form()``)
    and never holds more than it was allowed.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(max_bytes)
    seen = 0
    upstream = request.receive

    async def receive() -> MutableMapping[str, Any]:
        nonlocal seen
        message = await upstream()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > max_bytes:
                raise TooLarge(max_bytes)
        return message

    return Request(request.scope, receive)


async def read_form(request: Request, *, max_bytes: int = FORM_LIMIT) -> FormData:
    """The posted form, size-limited, after its CSRF token is checked (403 when wrong)."""
    form = await limited(request, max_bytes).form(max_files=1, max_fields=2000)
    guard: Guard = request.app.state.guard
    if not guard.csrf_ok(form.get("csrf")):
        raise HTTPException(
            403,
            "This form is out of date (painlog serve was started again since it was shown); "
            "go back, reload the page and send it once more.",
        )
    return form


Endpoint = Callable[[Request], Awaitable[Response]]
