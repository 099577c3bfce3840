"""One description of every field a person records, and the one set of rules for it.

Each field is described once: its key (the model attribute, the JSON key and
the export key), the person's word for it, its short label in the history and
tables, its column in the report's CSV, and what values it takes. The records,
``--json``, the export, the history view and the CSV read these descriptions;
``log``, ``edit``, ``relief``, ``day``, the JSON import and the Flaredown
import check values through the functions below, so every path accepts and
refuses the same things with the same sentence.

A refusal is a ``BadInput`` whose ``field`` is the key it is about and whose
sentence uses the person's words, never a command-line option: the CLI puts
the option in front (``--pain: Pain must be ...``), the importer the record
(``entry 12 (uid ...): Pain must be ...``), the web page the field's box.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from painlog.doses import written
from painlog.errors import BadInput

Kind = Literal["moment", "day", "rating", "minutes", "term", "terms", "text", "remedies", "flag"]


@dataclass(frozen=True)
class Field:
    key: str  # model attribute, JSON key, export key
    label: str  # the person's word, as a sentence starts with it
    short: str  # the history's and the tables' label
    kind: Kind
    vocabulary: str | None = None  # the vocabulary kind of a term field
    csv: str | None = None  # its column in the report CSV, where it has one of its own


# An entry's fields, in the order every path checks them and every record lists them.
ENTRY_FIELDS: tuple[Field, ...] = (
    Field("occurred_at", "The time it happened", "when", "moment", csv="occurred_at"),
    Field("intensity", "Pain", "pain", "rating", csv="pain"),
    Field("pain_type", "The pain type", "type", "term", "pain_type", csv="pain_type"),
    Field("locations", "Where it hurts", "where", "terms", "location", csv="locations"),
    Field("qualities", "How it felt", "felt", "terms", "quality", csv="qualities"),
    Field("triggers", "What set it off", "triggers", "terms", "trigger", csv="triggers"),
    Field("duration_minutes", "How long it lasted", "minutes", "minutes", csv="duration_minutes"),
    Field("note", "The note", "note", "text", csv="note"),
    Field("remedies", "What was tried", "tried", "remedies", "remedy", csv="remedies"),
)

# The day's 0-10 ratings, in the order people see them (PEG first).
CHECKIN_RATING_FIELDS: tuple[Field, ...] = (
    Field("average_pain", "Average pain", "avg", "rating", csv="average_pain"),
    Field("worst_pain", "Worst pain", "worst", "rating", csv="worst_pain"),
    Field(
        "enjoyment", "Interference with enjoyment of life", "enjoyment", "rating", csv="enjoyment"
    ),
    Field("activity", "Interference with general activity", "activity", "rating", csv="activity"),
    Field("sleep_quality", "Sleep quality", "sleep", "rating", csv="sleep_quality"),
    Field("fatigue", "Fatigue", "fatigue", "rating", csv="fatigue"),
    Field("spasticity", "Spasticity", "spasticity", "rating", csv="spasticity"),
)

CHECKIN_FIELDS: tuple[Field, ...] = (
    Field("day", "The day", "day", "day", csv="date"),
    *CHECKIN_RATING_FIELDS,
    Field("exposures", "The day's exposures", "exposures", "terms", "trigger", csv="exposures"),
    Field("remedies", "The day's remedies", "tried", "remedies", "remedy", csv="day_remedies"),
    Field("note", "The note", "note", "text", csv="note"),
)

REMEDY_FIELDS: tuple[Field, ...] = (
    Field("remedy", "The remedy", "remedy", "term", "remedy"),
    Field("dose", "The dose", "dose", "text"),
    Field("taken_at", "The time it was taken", "taken", "moment"),
    Field("pain_after", "Pain afterwards", "pain after", "rating"),
    Field("pain_after_at", "The time of the follow-up", "checked", "moment"),
)

# An event of the MS course (painlog.events): its days, its kind's own fields, a note.
EVENT_FIELDS: tuple[Field, ...] = (
    Field("kind", "The kind of event", "kind", "term", csv="kind"),
    Field("start_day", "The start day", "from", "day", csv="start_date"),
    Field("end_day", "The end day", "to", "day", csv="end_date"),
    Field("dose", "The dose", "dose", "text"),
    Field("therapy", "The therapy's name", "therapy", "text"),
    Field("missed", "A missed dose", "missed", "flag"),
    Field("with_whom", "Whom it was with", "with", "term"),
    Field("note", "The note", "note", "text", csv="note"),
)

# Every field by key (a key means one thing wherever it appears).
FIELDS: dict[str, Field] = {
    f.key: f for group in (EVENT_FIELDS, REMEDY_FIELDS, CHECKIN_FIELDS, ENTRY_FIELDS) for f in group
}
FIELDS["deleted_at"] = Field("deleted_at", "The time it was deleted", "deleted", "moment")
# The period an analysis or a report covers.
for _field in (
    Field("start", "The first day", "from", "day"),
    Field("end", "The last day", "to", "day"),
):
    FIELDS[_field.key] = _field

ENTRY_KEYS = tuple(f.key for f in ENTRY_FIELDS)
# An entry's optional plain values (a number or text, checked by ``check``): a new
# one needs no code of its own in the services, the importer or the records.
ENTRY_VALUES = tuple(
    f for f in ENTRY_FIELDS if f.kind in ("rating", "minutes", "text") and f.key != "intensity"
)
CHECKIN_RATINGS = tuple(f.key for f in CHECKIN_RATING_FIELDS)
CHECKIN_KEYS = tuple(f.key for f in CHECKIN_FIELDS)
REMEDY_KEYS = tuple(f.key for f in REMEDY_FIELDS)
EVENT_KEYS = tuple(f.key for f in EVENT_FIELDS)

# --- limits -------------------------------------------------------------------------

MAX_NOTE_CHARS = 5_000
MAX_DOSE_CHARS = 200
MAX_DURATION_MINUTES = 7 * 24 * 60
# A remedy belongs to its episode: taken within a day of it, either side.
REMEDY_WINDOW = timedelta(days=1)
FOLLOW_UP_WINDOW = timedelta(hours=24)  # a rating later than this says little about the remedy


def label(key: str) -> str:
    known = FIELDS.get(key)
    return known.label if known is not None else key.replace("_", " ").capitalize()


def refuse(key: str, sentence: str) -> BadInput:
    """The error for a value of ``key`` that painlog does not accept."""
    return BadInput(sentence, field=key)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value[:40]}"'
    return json.dumps(value)[:40]


# --- the rules -----------------------------------------------------------------------


def rating(value: Any, key: str = "intensity") -> int:
    """A 0-10 rating: a whole number, or its digits as text."""
    if type(value) is int and 0 <= value <= 10:
        return value  # the common case, without the text parser
    raw = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not re.fullmatch(r"[+-]?\d{1,3}", raw):
        raise refuse(key, f"{label(key)} must be a whole number from 0 to 10, not {_shown(value)}.")
    number = int(raw)
    if not 0 <= number <= 10:
        raise refuse(key, f"{label(key)} must be from 0 to 10, not {number}.")
    return number


def minutes(value: Any, key: str = "duration_minutes") -> int:
    """Minutes, as a whole number or as ``45``, ``45m``, ``2h`` or ``1h30``; at most a week."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise refuse(key, f"{label(key)} must be minutes such as 45, 45m, 2h or 1h30.")
    if isinstance(value, int):
        total = value
    else:
        raw = value.strip().lower().replace(" ", "")
        match = re.fullmatch(r"(?:(\d{1,4})h)?(?:(\d{1,6})(?:m|min|mins)?)?", raw)
        if not raw or match is None or not any(match.groups()):
            raise refuse(
                key,
                f"{label(key)} must be minutes such as 45, 45m, 2h or 1h30, not {_shown(value)}.",
            )
        total = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if total < 0:
        raise refuse(key, f"{label(key)} cannot be negative.")
    if total > MAX_DURATION_MINUTES:
        raise refuse(
            key,
            f"{label(key)} is {total} minutes, longer than a week; record it as separate episodes.",
        )
    return total


def unicode_text(value: str, key: str) -> str:
    """Text SQLite can keep: no unpaired surrogates (JSON escapes and odd terminals make them)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise refuse(
            key, f"{label(key)} holds a character that is not valid text (a lone surrogate)."
        ) from None
    return value


def note(value: Any, key: str = "note") -> str | None:
    """A note: trimmed, valid text, at most MAX_NOTE_CHARS; blank means none."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise refuse(key, f"{label(key)} must be text, not {_shown(value)}.")
    cleaned = unicode_text(value, key).strip()
    if len(cleaned) > MAX_NOTE_CHARS:
        raise refuse(
            key,
            f"{label(key)} is {len(cleaned)} characters long; the most it holds is "
            f"{MAX_NOTE_CHARS}.",
        )
    return cleaned or None


def dose(value: Any, key: str = "dose") -> str | None:
    """A dose as the person wrote it (text of at most MAX_DOSE_CHARS).

    A number with a unit is written one way, so that "10mg", "10 mg" and
    "10 MG" are one dose: "10 mg" (``painlog.doses``). Anything else stays as typed.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise refuse(key, f"{label(key)} must be text, not {_shown(value)}.")
    cleaned = unicode_text(value, key).strip()
    if len(cleaned) > MAX_DOSE_CHARS:
        raise refuse(key, f"{label(key)} is longer than {MAX_DOSE_CHARS} characters.")
    return written(cleaned) or None


def _minute(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def remedy_time(remedy: str, taken: datetime, episode: datetime) -> datetime:
    """A remedy belongs to its episode: taken within REMEDY_WINDOW of it, either side."""
    if abs(taken - episode) > REMEDY_WINDOW:
        raise refuse(
            "taken_at",
            f"{remedy} was taken at {_minute(taken)}, more than a day away from the episode "
            f"({_minute(episode)}); record it with an episode of its own.",
        )
    return taken


def follow_up_time(remedy: str, after: datetime, taken: datetime) -> datetime:
    """A follow-up rating comes after the remedy it follows, within FOLLOW_UP_WINDOW."""
    if after < taken:
        raise refuse(
            "pain_after_at",
            f"The follow-up for {remedy} ({_minute(after)}) would come before it was taken "
            f"({_minute(taken)}).",
        )
    if after - taken > FOLLOW_UP_WINDOW:
        hours = round((after - taken).total_seconds() / 3600)
        raise refuse(
            "pain_after_at",
            f"The follow-up for {remedy} ({_minute(after)}) would come {hours} hours after it "
            f"was taken ({_minute(taken)}); a follow-up tells how the remedy worked, so give "
            "one within 24 hours of it.",
        )
    return after


def check(field: Field, value: Any) -> Any:
    """``value`` for a plain field (a rating, minutes or text), checked by its rule."""
    if value is None:
        return None
    if field.kind == "rating":
        return rating(value, field.key)
    if field.kind == "minutes":
        return minutes(value, field.key)
    if field.kind == "text":
        return note(value, field.key)
    raise ValueError(f"{field.key} is not a plain field")


def check_clear(
    clear: frozenset[str], clearable: Sequence[str], fields_by_name: Mapping[str, str], given: Any
) -> None:
    """An edit's ``--clear`` names: each one clearable, none also given a new value."""
    unknown = clear - set(clearable)
    if unknown:
        raise refuse(
            "clear",
            f"Only {', '.join(clearable)} can be cleared; not {', '.join(sorted(unknown))}.",
        )
    both = sorted(name for name in clear if getattr(given, fields_by_name[name]) is not None)
    if both:
        raise refuse(
            fields_by_name[both[0]], f"{both[0]} is both given and cleared; do one or the other."
        )


def places(keys: list[str]) -> list[str]:
    """An entry says where it hurts."""
    if not keys:
        raise refuse("locations", "Say where it hurts, for example lower-back.")
    return keys
