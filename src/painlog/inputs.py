"""Checking values at the edge: each parser returns a clean value or raises BadInput.

The CLI uses these on what people type; importers use them on what files hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from painlog.errors import BadInput

MAX_NOTE_CHARS = 5_000
MAX_DOSE_CHARS = 200
MAX_DURATION_MINUTES = 7 * 24 * 60


def parse_rating(text: str | int, what: str = "--pain") -> int:
    """A 0-10 rating given as a whole number."""
    raw = str(text).strip()
    if not re.fullmatch(r"[+-]?\d{1,3}", raw):
        raise BadInput(f'{what} must be a whole number from 0 to 10, not "{text}".')
    value = int(raw)
    if not 0 <= value <= 10:
        raise BadInput(f"{what} must be from 0 to 10, not {value}.")
    return value


def parse_duration(text: str | int, what: str = "--duration") -> int:
    """Minutes, given as ``45``, ``45m``, ``2h`` or ``1h30``."""
    raw = str(text).strip().lower().replace(" ", "")
    match = re.fullmatch(r"(?:(\d{1,4})h)?(?:(\d{1,6})(?:m|min|mins)?)?", raw)
    if not raw or match is None or not any(match.groups()):
        raise BadInput(f'{what} must be minutes such as 45, 45m, 2h or 1h30, not "{text}".')
    minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if minutes > MAX_DURATION_MINUTES:
        raise BadInput(
            f"{what} of {minutes} minutes is longer than a week; log it as separate episodes."
        )
    return minutes


def check_note(text: str | None, what: str = "--note") -> str | None:
    if text is None:
        return None
    cleaned = text.strip()
    if len(cleaned) > MAX_NOTE_CHARS:
        raise BadInput(
            f"{what} is {len(cleaned)} characters long; the most a note holds is {MAX_NOTE_CHARS}."
        )
    return cleaned or None


@dataclass(frozen=True)
class RemedySpec:
    """What ``--remedy NAME[:DOSE][@WHEN]`` says, before names and times are checked."""

    name: str
    dose: str | None = None
    when: str | None = None


REMEDY_FORM = 'NAME, NAME:DOSE or NAME:DOSE@TIME (for example "baclofen:10 mg@21:00")'


def parse_remedy_spec(text: str) -> RemedySpec:
    raw = text.strip()
    when: str | None = None
    if "@" in raw:
        raw, when = (part.strip() for part in raw.rsplit("@", 1))
        if not when:
            raise BadInput(f'--remedy "{text}" has an empty time after "@"; use {REMEDY_FORM}.')
    name, sep, dose = raw.partition(":")
    name, dose = name.strip(), dose.strip()
    if not name:
        raise BadInput(f'--remedy "{text}" has no remedy name; use {REMEDY_FORM}.')
    if sep and not dose:
        raise BadInput(f'--remedy "{text}" has an empty dose after ":"; use {REMEDY_FORM}.')
    if ":" in dose:
        raise BadInput(f'--remedy "{text}" has more than one ":"; use {REMEDY_FORM}.')
    if len(dose) > MAX_DOSE_CHARS:
        raise BadInput(f"The dose in --remedy is longer than {MAX_DOSE_CHARS} characters.")
    return RemedySpec(name=name, dose=dose or None, when=when)
