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

from painlog.fields import CHECKIN_FIELDS, ENTRY_FIELDS, Field
from painlog.models import DayCheckin, Entry, RemedyAttempt
from painlog.services.report import PeriodRecords
from painlog.vocab import Vocabulary

# Columns from the field descriptions (painlog.fields), with what a spreadsheet
# needs beside them: the entry's id, day and clock time; each follow-up under
# ``relief`` after ``remedies``; a day's PEG after its three items, and how many
# entries it has before its note.
_AFTER = {
    "remedies": ("relief",),
    "activity": ("peg",),
    "spasticity": (),
    "day_remedies": ("entries",),
}


def _columns(described: Sequence[Field], lead: tuple[str, ...]) -> tuple[str, ...]:
    names = list(lead)
    for f in described:
        assert f.csv is not None
        names += [f.csv, *_AFTER.get(f.csv, ())]
    return tuple(names)


ENTRY_COLUMNS = _columns(ENTRY_FIELDS, ("entry_id", "date", "time"))
DAY_COLUMNS = _columns(CHECKIN_FIELDS, ())
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


def _cell(field: Field, value: object, vocabulary: Vocabulary) -> Cell:
    """A simple field's value as a spreadsheet shows it: labels for terms, ISO for times."""
    if value is None:
        return None
    if field.kind == "moment":
        assert isinstance(value, datetime)
        return value.isoformat(timespec="seconds")
    if field.kind == "day":
        assert isinstance(value, date)
        return value.isoformat()
    if field.kind == "term":
        assert field.vocabulary is not None and isinstance(value, str)
        return vocabulary.label(field.vocabulary, value)
    if field.kind == "terms":
        assert field.vocabulary is not None and isinstance(value, list)
        return _labels(vocabulary, field.vocabulary, value)
    assert isinstance(value, str | int | float)
    return value


def entry_row(entry: Entry, vocabulary: Vocabulary) -> list[Cell]:
    day = entry.day
    cells: dict[str, Cell] = {
        "entry_id": entry.id,
        "date": day.isoformat(),
        "time": f"{entry.occurred_at:%H:%M}",
    }
    for f in ENTRY_FIELDS:
        assert f.csv is not None
        if f.kind == "remedies":
            cells[f.csv] = SEPARATOR.join(_remedy(a, vocabulary, day) for a in entry.remedies)
            relief = [r for a in entry.remedies if (r := _relief(a, vocabulary, day)) is not None]
            cells["relief"] = SEPARATOR.join(relief)
        else:
            cells[f.csv] = _cell(f, getattr(entry, f.key), vocabulary)
    return [cells[name] for name in ENTRY_COLUMNS]


def day_row(checkin: DayCheckin, entries: int, vocabulary: Vocabulary) -> list[Cell]:
    cells: dict[str, Cell] = {"peg": checkin.peg, "entries": entries}
    for f in CHECKIN_FIELDS:
        assert f.csv is not None
        if f.kind == "remedies":
            cells[f.csv] = SEPARATOR.join(
                vocabulary.label("remedy", r.remedy) + (f": {r.dose}" if r.dose else "")
                for r in checkin.remedy_rows
            )
        else:
            cells[f.csv] = _cell(f, getattr(checkin, f.key), vocabulary)
    return [cells[name] for name in DAY_COLUMNS]


def write_entries(out: BinaryIO, entries: Iterable[Entry], vocabulary: Vocabulary) -> int:
    return _write(out, ENTRY_COLUMNS, (entry_row(e, vocabulary) for e in entries))


def write_days(out: BinaryIO, records: PeriodRecords) -> int:
    vocabulary = records.vocabulary
    rows = (day_row(r.checkin, r.entries, vocabulary) for r in records.checkins)
    return _write(out, DAY_COLUMNS, rows)
