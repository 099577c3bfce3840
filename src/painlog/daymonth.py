"""Numeric days as people write them: ``03/04``, ``3.4.2026``, ``21/11/26``.

Which number is the day follows the ``locale`` setting (``painlog config set
locale en_GB``), else the environment's locale (``LC_ALL``, ``LC_TIME``,
``LANG``): month first in the United States and a few other places, day first
almost everywhere else. When neither says (``C``, ``POSIX``, plain ``en``),
a day that reads one way only (``21/11``) is taken, and one that could be
either (``03/04``) is refused with both readings offered.
"""

from __future__ import annotations

import os
import re
from datetime import date

from painlog.fields import refuse

_NUMERIC_DAY = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?$")
# Regions that write the month first (the common usage; ISO 2026-04-03 works everywhere).
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
_LOCALE = re.compile(r"^([a-zA-Z]{2,3})(?:[_-]([a-zA-Z]{2}))?(?:[.@].*)?$")


def order_of(locale: str | None) -> str | None:
    """ "md" (month first), "dm" (day first) or None (the locale does not say)."""
    match = _LOCALE.match(locale or "")
    if match is None:
        return None
    language, region = match.group(1).lower(), (match.group(2) or "").upper()
    if region:
        return "md" if region in _MONTH_FIRST else "dm"
    # A language alone: English is written both ways; other languages day first.
    return None if language in ("en", "c") else "dm"


def day_month_order() -> str | None:
    """The person's order: the locale setting first, then the environment's."""
    from painlog.settings import load_settings

    setting = load_settings().locale
    if setting:
        return order_of(setting)
    for var in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(var)
        if value:
            return order_of(value)
    return None


def _latest(day: int, month: int, year: int | None, today: date) -> date:
    """The day; without a year, the latest such day that is not after today."""
    if year is not None:
        return date(year, month, day)
    for back in range(0, 8):
        try:
            candidate = date(today.year - back, month, day)
        except ValueError:  # 29 February in a year without it
            continue
        if candidate <= today:
            return candidate
    raise ValueError("no such day")


def _said(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def numeric_day(text: str, today: date, *, field: str) -> date | None:
    """A numeric day in the person's order, or None when ``text`` is not one."""
    match = _NUMERIC_DAY.match(text)
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    year_text = match.group(3)
    year = None if year_text is None else int(year_text) + (2000 if len(year_text) == 2 else 0)
    readings: dict[str, date] = {}
    for order, (day, month) in (("dm", (first, second)), ("md", (second, first))):
        try:
            readings[order] = _latest(day, month, year, today)
        except ValueError:
            continue
    said_order = day_month_order()
    if said_order is not None:
        return readings.get(said_order)
    distinct = sorted(set(readings.values()))
    if len(distinct) <= 1:
        return distinct[0] if distinct else None
    day_first, month_first = readings["dm"], readings["md"]
    raise refuse(
        field,
        f'"{text}" could be {_said(day_first)} or {_said(month_first)}; write '
        f"{day_first.isoformat()} or {month_first.isoformat()}, or say which comes first with "
        "painlog config set locale en_GB (day first) or en_US (month first).",
    )
