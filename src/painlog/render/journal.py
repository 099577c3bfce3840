"""Entries and check-ins as text and as JSON-ready dictionaries.

The JSON shapes here are the stable interface documented in the README.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from painlog.models import DayCheckin, Entry, RemedyAttempt
from painlog.records import checkin_record, entry_record
from painlog.render.colour import HEADER, pain_style, paint
from painlog.render.table import render_table, terminal_width
from painlog.vocab import Vocabulary


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


# What --json leaves out of a record: the export's bookkeeping and its stable uid.
_NOT_SHOWN = frozenset({"uid", "created_at", "updated_at", "deleted_at"})


def entry_json(entry: Entry) -> dict[str, Any]:
    """The entry's record (painlog.fields describes each key), with its id for the CLI."""
    record = entry_record(entry)
    return {"id": entry.id, **{k: v for k, v in record.items() if k not in _NOT_SHOWN}}


def day_json(checkin: DayCheckin) -> dict[str, Any]:
    record = checkin_record(checkin)
    return {**{k: v for k, v in record.items() if k not in _NOT_SHOWN}, "peg": checkin.peg}


def when_text(moment: datetime) -> str:
    return moment.strftime("%a %d %b %Y %H:%M")


def minutes_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if not hours:
        return f"{mins} min"
    return f"{hours} h" if not mins else f"{hours} h {mins} min"


def _labels(vocabulary: Vocabulary, kind: str, keys: list[str]) -> str:
    return ", ".join(vocabulary.label(kind, key) for key in keys)


def remedy_text(vocabulary: Vocabulary, attempt: RemedyAttempt) -> str:
    text = vocabulary.label("remedy", attempt.remedy)
    if attempt.dose:
        text += f" {attempt.dose}"
    return text


def entry_summary(entry: Entry, vocabulary: Vocabulary) -> str:
    """One line: when, how bad, what kind, where, triggers and what was tried."""
    parts = [
        when_text(entry.occurred_at),
        paint(f"pain {entry.intensity}/10", pain_style(entry.intensity)),
    ]
    if entry.pain_type:
        parts.append(vocabulary.label("pain_type", entry.pain_type).lower())
    parts.append(_labels(vocabulary, "location", entry.locations).lower())
    if entry.qualities:
        parts.append(_labels(vocabulary, "quality", entry.qualities).lower())
    if entry.duration_minutes is not None:
        parts.append(minutes_text(entry.duration_minutes))
    if entry.triggers:
        parts.append("triggers: " + _labels(vocabulary, "trigger", entry.triggers).lower())
    if entry.remedies:
        parts.append("tried: " + ", ".join(remedy_text(vocabulary, r) for r in entry.remedies))
    return " · ".join(parts)


def _clock(moment: datetime, episode: datetime) -> str:
    """A time of day, with its date when it falls on another day than the episode."""
    return f"{moment:%H:%M}" if moment.date() == episode.date() else f"{moment:%a %d %b %H:%M}"


def entry_detail(entry: Entry, vocabulary: Vocabulary) -> str:
    offset = entry.occurred_at.isoformat()[-6:]
    lines = [paint(f"Entry {entry.id}  {when_text(entry.occurred_at)} (UTC{offset})", HEADER)]
    if entry.is_deleted:
        lines.append(f"  (deleted; painlog restore {entry.id} brings it back)")

    def row(label: str, value: str) -> None:
        lines.append(f"  {label:<10}{value}")

    row("Pain", paint(f"{entry.intensity}/10", pain_style(entry.intensity)))
    row("Type", vocabulary.label("pain_type", entry.pain_type) if entry.pain_type else "-")
    row("Where", _labels(vocabulary, "location", entry.locations) or "-")
    row("Felt", _labels(vocabulary, "quality", entry.qualities) or "-")
    row(
        "Lasted",
        minutes_text(entry.duration_minutes) if entry.duration_minutes is not None else "-",
    )
    row("Triggers", _labels(vocabulary, "trigger", entry.triggers) or "-")
    if not entry.remedies:
        row("Tried", "-")
    for i, attempt in enumerate(entry.remedies):
        text = remedy_text(vocabulary, attempt)
        if attempt.taken_at is not None:
            text += f" at {_clock(attempt.taken_at, entry.occurred_at)}"
        if attempt.pain_after is not None and attempt.pain_after_at is not None:
            after = _clock(attempt.pain_after_at, entry.occurred_at)
            text += f" → pain {attempt.pain_after}/10 at {after}"
            start = attempt.taken_at or entry.occurred_at
            elapsed = int((attempt.pain_after_at - start).total_seconds() // 60)
            if elapsed >= 0:
                text += f" ({minutes_text(elapsed)} later)"
        row("Tried" if i == 0 else "", text)
    row("Note", entry.note or "-")
    return "\n".join(lines)


def entries_table(entries: list[Entry], vocabulary: Vocabulary, *, width: int | None = None) -> str:
    """The list: one entry a row (more lines where a cell wraps), pain coloured by
    severity on a terminal, and the start of the note where the width leaves room."""
    width = width or terminal_width()
    # On a narrow terminal the year goes when every entry is in the current one.
    this_year = datetime.now().year
    when = (
        "%a %d %b %H:%M"
        if width < 110 and all(e.occurred_at.year == this_year for e in entries)
        else "%a %Y-%m-%d %H:%M"
    )
    notes = any(e.note for e in entries)
    rows = [
        [
            str(e.id),
            e.occurred_at.strftime(when),
            str(e.intensity),
            vocabulary.label("pain_type", e.pain_type) if e.pain_type else "-",
            _labels(vocabulary, "location", e.locations),
            _labels(vocabulary, "trigger", e.triggers) or "-",
            ", ".join(remedy_text(vocabulary, r) for r in e.remedies) or "-",
            *([e.note or ""] if notes else []),
        ]
        for e in entries
    ]
    styles: list[list[str | None]] = [[None, None, pain_style(e.intensity)] for e in entries]
    return render_table(
        ["ID", "When", "Pain", "Type", "Where", "Triggers", "Tried", *(["Note"] if notes else [])],
        rows,
        align_right=(0, 2),
        flexible=(3, 4, 5, 6),
        optional=(7,) if notes else (),
        width=width,
        styles=styles,
        wrap=True,
    )


def _rating(value: int | None) -> str:
    return "-" if value is None else str(value)


def days_table(
    days: list[tuple[DayCheckin, int]], vocabulary: Vocabulary, *, show_entries: bool = True
) -> str:
    rows = [
        [
            c.day.strftime("%a %Y-%m-%d"),
            _rating(c.average_pain),
            _rating(c.worst_pain),
            _rating(c.enjoyment),
            _rating(c.activity),
            "-" if c.peg is None else f"{c.peg:.1f}",
            _rating(c.sleep_quality),
            _rating(c.fatigue),
            _rating(c.spasticity),
            str(count),
            _labels(vocabulary, "trigger", c.exposures) or "-",
            c.note or "",
        ]
        for c, count in days
    ]
    styles: list[list[str | None]] = [
        [None, pain_style(c.average_pain), pain_style(c.worst_pain)] for c, _ in days
    ]
    headers = ["Day", "Avg", "Worst", "Enjoy", "Activ", "PEG", "Sleep", "Fatig", "Spast"]
    headers += ["Entries", "Exposures", "Note"]
    if not show_entries:
        del headers[9]
        for row in rows:
            del row[9]
    return render_table(
        headers,
        rows,
        align_right=range(1, 10 if show_entries else 9),
        flexible=(len(headers) - 2, len(headers) - 1),
        styles=styles,
    )
