"""``painlog serve``: the diary as a private web page on the person's own computer.

Starlette routes, Jinja2 templates and one CSS file, all served from this
package. Each page module exports ``ROUTES``; ``app.create_app`` joins them and
wraps them in the security middleware (``security.py``), so every page gets
the token check, the Host check and the headers without asking. Like the CLI,
a route parses the form, calls the ``Diary`` facade or one service in one short
session, and renders a template. Nothing here is imported by ``painlog log``.
"""
