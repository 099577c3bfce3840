"""The period's entries and day check-ins as two CSV files, for a spreadsheet.

UTF-8 with a byte-order mark (so Excel reads accents and arrows right; pandas,
LibreOffice and Python's ``utf-8-sig`` skip it), a header row, CRLF line ends
(RFC 4180). Names are the labels a person reads ("Extreme heat"); a cell with
several values separates them with "; ".

Entries: one row per entry, oldest first. Its remedies fit in two cells:
``remedies`` lists ``Name: dose at HH:MM`` and ``relief`` lists each
follow-up as ``Name: pain N at HH:MM`` (a day is added when it is not the
entry's day).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and some also after leading spaces, a tab or a line break, so a
*text* cell that starts that way (after any leading whitespace), or that
starts with a tab or a carriage return, gets a leading apostrophe: the
spreadsheet then shows it as text. Number cells are never changed, so they
stay numbers; the only text that could start with "-" is a note or a dose.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import BinaryIO

from painlog.models import Entry, RemedyAttempt
from painlog.services.report import PeriodRecords
from painlog.vocab import Vocabulary

ENTRY_COLUMNS = (
    "entry_id",
    "date",
    "time",
    "occurred_at",
    "pain",
    "pain_type",
    "locations",
    "qualities",
    "duration_minutes",
    "triggers",
    "remedies",
    "relief",
    "note",
)
DAY_COLUMNS = (
    "date",
    "average_pain",
    "worst_pain",
    "enjoyment",
    "activity",
    "peg",
    "sleep_quality",
    "fatigue",
    "spasticity",
    "exposures",
    "day_remedies",
    "entries",
    "note",
)
FORMULA_STARTS = ("=", "+", "-", "@")
SEPARATOR = "; "

Cell = str | int | float | None


def neutralise(value: Cell) -> Cell:
    """A text cell a spreadsheet would run as a formula, made plain text; others unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "\t\r" or _first_visible(value) in FORMULA_STARTS:
        return "'" + value
    return value


def _first_visible(value: str) -> str:
    """The first character a spreadsheet acts on: past spaces and invisible format characters
    (a zero-width space), and in its plain form (a full-width equals sign, U+FF1D, counts as =)."""
    for char in value:
        if char.isspace() or unicodedata.category(char) in ("Cf", "Zs", "Cc"):
            continue
        return unicodedata.normalize("NFKC", char)[:1]
    return ""


def _write(out: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write the CSV to ``out`` row by row; returns the number of rows."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
        count += 1
    text.flush()
    text.detach()  # ``out`` stays open: its owner syncs and closes it
    return count


def _clock(moment: datetime, day: date) -> str:
    return f"{moment:%H:%M}" if moment.date() == day else f"{moment:%Y-%m-%d %H:%M}"


def _remedy(attempt: RemedyAttempt, vocabulary: Vocabulary, day: date) -> str:
    text = vocabulary.label("remedy", attempt.remedy)
    if attempt.dose:
        text += f": {attempt.dose}"
    if attempt.taken_at is not None:
        text += f" at {_clock(attempt.taken_at, day)}"
    return text


def _relief(attempt: RemedyAttempt, vocabulary: Vocabulary, day: date) -> str | None:
    if attempt.pain_after is None:
        return None
    text = f"{vocabulary.label('remedy', attempt.remedy)}: pain {attempt.pain_after}"
    if attempt.pain_after_at is not None:
        text += f" at {_clock(attempt.pain_after_at, day)}"
    return text


def _labels(vocabulary: Vocabulary, kind: str, keys: Sequence[str]) -> str:
    return SEPARATOR.join(vocabulary.label(kind, key) for key in keys)


def entry_row(entry: Entry, vocabulary: Vocabulary) -> list[Cell]:
    day = entry.day
    relief = [r for a in entry.remedies if (r := _relief(a, vocabulary, day)) is not None]
    return [
        entry.id,
        day.isoformat(),
        f"{entry.occurred_at:%H:%M}",
        entry.occurred_at.isoformat(timespec="seconds"),
        entry.intensity,
        vocabulary.label("pain_type", entry.pain_type) if entry.pain_type else None,
        _labels(vocabulary, "location", entry.locations),
        _labels(vocabulary, "quality", entry.qualities),
        entry.duration_minutes,
        _labels(vocabulary, "trigger", entry.triggers),
        SEPARATOR.join(_remedy(a, vocabulary, day) for a in entry.remedies),
        SEPARATOR.join(relief),
        entry.note,
    ]


def write_entries(out: BinaryIO, entries: Iterable[Entry], vocabulary: Vocabulary) -> int:
    return _write(out, ENTRY_COLUMNS, (entry_row(e, vocabulary) for e in entries))


def write_days(out: BinaryIO, records: PeriodRecords) -> int:
    vocabulary = records.vocabulary
    rows = (
        [
            c.day.isoformat(),
            c.average_pain,
            c.worst_pain,
            c.enjoyment,
            c.activity,
            c.peg,
            c.sleep_quality,
            c.fatigue,
            c.spasticity,
            _labels(vocabulary, "trigger", c.exposures),
            SEPARATOR.join(
                vocabulary.label("remedy", r.remedy) + (f": {r.dose}" if r.dose else "")
                for r in c.remedy_rows
            ),
            record.entries,
            c.note,
        ]
        for record in records.checkins
        for c in (record.checkin,)
    )
    return _write(out, DAY_COLUMNS, rows)
