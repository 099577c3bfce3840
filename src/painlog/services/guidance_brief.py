"""The few lines of guidance shown after ``painlog log``.

This runs on every log, so it stays cheap: it reads the small generated index
``reference/guidance-brief.json`` (never ``guidance.toml``, ~10 ms to parse),
asks the diary one small question, and defines no dataclasses (each costs about
half a millisecond to create at import).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from painlog.errors import PainlogError
from painlog.models import Entry
from painlog.resources import reference_dir
from painlog.vocab import Vocabulary
from painlog.when import local_now

MAX_LINES = 3

# One line of the block: its text and the source ids it cites.
BriefLine = tuple[str, tuple[str, ...]]


@cache
def brief_index() -> dict[str, Any]:
    path = reference_dir() / "guidance-brief.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PainlogError(
            f"painlog's reference file {path.name} is missing or damaged ({exc}); "
            "reinstall painlog."
        ) from exc
    return data


def remedies_in_diary(*, session: Session) -> set[str]:
    """Every remedy key the person has logged in any entry that is not deleted."""
    # Plain SQL: building the same query with select() costs ~1 ms more per log.
    query = text(
        "SELECT DISTINCT r.remedy FROM remedy_attempts AS r"
        " JOIN entries AS e ON e.id = r.entry_id WHERE e.deleted_at IS NULL"
    )
    return set(session.scalars(query))


# "How often did this trigger come up lately": the last 90 days, today included.
WINDOW_DAYS = 90


def trigger_tallies(
    *, session: Session, triggers: list[str], first_day: date, last_day: date
) -> tuple[int, dict[str, int]]:
    """Entries (not deleted) between the two days, and how many of them name each trigger."""
    # Plain SQL, like remedies_in_diary: it runs after every log.
    window = "e.deleted_at IS NULL AND e.day >= :first AND e.day <= :last"
    days = {"first": first_day.isoformat(), "last": last_day.isoformat()}
    total = session.scalar(text(f"SELECT count(*) FROM entries AS e WHERE {window}"), days) or 0
    counts: dict[str, int] = {}
    for key in dict.fromkeys(triggers):
        counts[key] = (
            session.scalar(
                text(
                    "SELECT count(*) FROM entry_tags AS t JOIN entries AS e ON e.id = t.entry_id"
                    f" WHERE t.kind = 'trigger' AND t.key = :key AND {window}"
                ),
                {**days, "key": key},
            )
            or 0
        )
    return total, counts


def recent_trigger_tallies(
    *, session: Session, entry: Entry, today: date | None = None
) -> tuple[int, list[tuple[str, int]]]:
    """For the block after logging: the 90-day window ending today."""
    last = today or local_now().date()
    total, counts = trigger_tallies(
        session=session,
        triggers=entry.triggers,
        first_day=last - timedelta(days=WINDOW_DAYS - 1),
        last_day=last,
    )
    return total, [(key, counts[key]) for key in entry.triggers]


def _note(text: str) -> str:
    """A link's note as a clause: no full stop, a lower-case first word."""
    text = text.rstrip(".")
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def brief_lines(
    *, entry: Entry, vocabulary: Vocabulary, remedies_used: set[str]
) -> list[BriefLine]:
    """At most ``MAX_LINES`` lines, most relevant first.

    Order: a tension between a trigger here and a remedy the person uses; the
    pain type; remedies the articles list for it that the diary has never
    seen; each trigger; each remedy tried; else the overview. The person's
    own terms have no guidance and are left to ``painlog guide --entry``.
    """
    index = brief_index()
    topics: dict[str, dict[str, Any]] = index["topics"]
    lines: list[BriefLine] = []
    triggers = entry.triggers
    covered: set[str] = set()
    for tension in index["tensions"]:
        hit = [t for t in triggers if t in tension["triggers"]]
        if hit and remedies_used & set(tension["remedies"]):
            lines.append((f"Pulls two ways: {tension['summary']}", tuple(tension["sources"])))
            covered.update(hit)
    pain_type = entry.pain_type
    if pain_type and pain_type in topics["pain_type"]:
        topic = topics["pain_type"][pain_type]
        label = vocabulary.label("pain_type", pain_type)
        lines.append((f"{label}: {topic['summary']}", tuple(topic["sources"])))
        links = [
            link
            for link in index["listed_for"].get(pain_type, [])
            if link["remedy"] not in remedies_used
        ]
        if links:
            lines.append(_discuss_line(links, vocabulary))
    for trigger in triggers:
        if trigger not in covered and trigger in topics["trigger"]:
            topic = topics["trigger"][trigger]
            label = vocabulary.label("trigger", trigger)
            lines.append((f"{label}: {topic['summary']}", tuple(topic["sources"])))
    for attempt in entry.remedies:
        if attempt.remedy in topics["remedy"]:
            topic = topics["remedy"][attempt.remedy]
            label = vocabulary.label("remedy", attempt.remedy)
            lines.append((f"{label}: {topic['summary']}", tuple(topic["sources"])))
    if not lines:
        overview = index["overview"]
        lines.append((f"Back pain in MS: {overview['summary']}", tuple(overview["sources"])))
    return lines[:MAX_LINES]


def _discuss_line(links: list[dict[str, Any]], vocabulary: Vocabulary) -> BriefLine:
    shown = links[:MAX_LINES]
    groups: dict[str | None, list[str]] = {}
    for link in shown:
        groups.setdefault(link["note"], []).append(vocabulary.label("remedy", link["remedy"]))
    parts = [
        ", ".join(labels) + (f" ({_note(note)})" if note else "") for note, labels in groups.items()
    ]
    text = "To discuss with your clinician: " + "; ".join(parts)
    if len(links) > len(shown):
        text += f"; and {len(links) - len(shown)} more"
    sources = tuple(dict.fromkeys(s for link in shown for s in link["sources"]))
    return text, sources
