"""Colour for a terminal, through Rich's styles; plain text everywhere else.

Colour is on only when standard output is a terminal, ``NO_COLOR`` is unset
or empty (https://no-color.org) and ``TERM`` is not ``dumb``. Rich is imported
only then, so a pipe, a test or a script never pays for it.
"""

from __future__ import annotations

import os
import sys
from functools import cache


def colour_on() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdout
        return False


@cache
def _style(style: str) -> object:
    from rich.style import Style

    return Style.parse(style)


def paint(text: str, style: str | None) -> str:
    """``text`` in a Rich style ("bold", "red", "bold yellow") when colour is on."""
    if not style or not text or not colour_on():
        return text
    from rich.color import ColorSystem

    rich_style = _style(style)
    return rich_style.render(text, color_system=ColorSystem.STANDARD)  # type: ignore[attr-defined, no-any-return]


def pain_style(pain: int | None) -> str | None:
    """Pain on the 0-10 scale by severity: mild green, moderate yellow, severe red."""
    if pain is None:
        return None
    if pain <= 3:
        return "green"
    if pain <= 6:
        return "yellow"
    return "bold red" if pain >= 9 else "red"


HEADER = "bold"
