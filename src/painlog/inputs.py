"""The command line's own syntax for a remedy: ``NAME[:DOSE][@WHEN]``.

The rules for the values themselves (ratings, minutes, notes, doses) live in
``painlog.fields``, shared by every way into the diary.
"""

from __future__ import annotations

from dataclasses import dataclass

from painlog.fields import MAX_DOSE_CHARS, refuse


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
            raise refuse("remedies", f'"{text}" has an empty time after "@"; use {REMEDY_FORM}.')
    name, sep, dose = raw.partition(":")
    name, dose = name.strip(), dose.strip()
    if not name:
        raise refuse("remedies", f'"{text}" has no remedy name; use {REMEDY_FORM}.')
    if sep and not dose:
        raise refuse("remedies", f'"{text}" has an empty dose after ":"; use {REMEDY_FORM}.')
    if ":" in dose:
        raise refuse("remedies", f'"{text}" has more than one ":"; use {REMEDY_FORM}.')
    if len(dose) > MAX_DOSE_CHARS:
        raise refuse("dose", f"The dose is longer than {MAX_DOSE_CHARS} characters.")
    return RemedySpec(name=name, dose=dose or None, when=when)
