"""The Week page: today and the six days before, entries and check-ins, each one tap from
being changed, deleted, restored or followed up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from painlog.fields import CHECKIN_RATING_FIELDS
from painlog.models import DayCheckin, Entry
from painlog.render.journal import entry_summary
from painlog.services.checkins import list_days
from painlog.services.entries import list_entries
from painlog.services.vocabulary import load_vocabulary
from painlog.vocab import Vocabulary
from painlog.web.render import render
from painlog.web.state import in_diary
from painlog.when import iso_day, local_now

DAYS = 7


@dataclass
class Item:
    """One entry as the week shows it."""

    id: int
    time: str
    what: str
    follow_ups: list[str]
    deleted: bool


@dataclass
class Day:
    day: date
    title: str
    items: list[Item] = field(default_factory=list)
    checkin: str | None = None


def day_title(day: date, today: date) -> str:
    if day == today:
        return f"Today, {day:%a %d %b}"
    if day == today - timedelta(days=1):
        return f"Yesterday, {day:%a %d %b}"
    return f"{day:%A %d %b}"


def _item(entry: Entry, vocabulary: Vocabulary) -> Item:
    follow_ups = []
    for attempt in entry.remedies:
        if attempt.pain_after is not None and attempt.pain_after_at is not None:
            name = vocabulary.label("remedy", attempt.remedy)
            follow_ups.append(
                f"after {name}: pain {attempt.pain_after}/10 at {attempt.pain_after_at:%H:%M}"
            )
    if entry.pain_after is not None and entry.pain_after_at is not None:
        follow_ups.append(
            f"with nothing taken: pain {entry.pain_after}/10 at {entry.pain_after_at:%H:%M}"
        )
    # The summary without its date: the day is the heading above it.
    what = entry_summary(entry, vocabulary).split(" · ", 1)[1]
    return Item(
        id=entry.id,
        time=f"{entry.occurred_at:%H:%M}",
        what=what,
        follow_ups=follow_ups,
        deleted=entry.is_deleted,
    )


def checkin_text(checkin: DayCheckin, vocabulary: Vocabulary) -> str:
    """The day's check-in in one line: each rating recorded, PEG, exposures, note."""
    parts = [
        f"{f.short} {getattr(checkin, f.key)}"
        for f in CHECKIN_RATING_FIELDS
        if getattr(checkin, f.key) is not None
    ]
    if checkin.peg is not None:
        parts.append(f"PEG {checkin.peg:.1f}")
    if checkin.exposures:
        labels = ", ".join(vocabulary.label("trigger", key) for key in checkin.exposures)
        parts.append(f"exposures: {labels.lower()}")
    if checkin.note:
        parts.append(f"note: {checkin.note}")
    return " · ".join(parts)


def week(*, session: Session, today: date) -> list[Day]:
    """The last ``DAYS`` days, newest first, each with its entries (deleted ones too)."""
    first = today - timedelta(days=DAYS - 1)
    vocabulary = load_vocabulary(session=session)
    days = {first + timedelta(days=n): Day(first + timedelta(days=n), "") for n in range(DAYS)}
    for shown in days.values():
        shown.title = day_title(shown.day, today)
    entries = [
        *list_entries(session=session, start=first, end=today).entries,
        *list_entries(session=session, start=first, end=today, deleted=True).entries,
    ]
    entries.sort(key=lambda e: (e.occurred_utc, e.id), reverse=True)
    for entry in entries:
        if entry.day in days:
            days[entry.day].items.append(_item(entry, vocabulary))
    for row in list_days(session=session, start=first, end=today):
        days[row.checkin.day].checkin = checkin_text(row.checkin, vocabulary)
    return sorted(days.values(), key=lambda d: d.day, reverse=True)


def done_sentence(request: Request) -> str | None:
    """What the last save did, after the redirect here (a code, never text from the address)."""
    done = request.query_params.get("done")
    entry = request.query_params.get("entry", "")
    entry_id = int(entry) if entry.isdigit() else None
    day = iso_day(request.query_params.get("day"))
    if done == "checkin" and day is not None:
        return f"Recorded the check-in for {day:%a %d %b %Y}."
    if entry_id is None:
        return None
    sentences = {
        "deleted": f"Deleted entry {entry_id}; its Restore button brings it back.",
        "restored": f"Restored entry {entry_id}.",
        "edited": f"Changed entry {entry_id}.",
        "relief": f"Recorded how entry {entry_id} is now.",
    }
    return sentences.get(done or "")


async def show_week(request: Request) -> Response:
    today = local_now().date()

    def page(session: Session) -> Response:
        context: dict[str, Any] = {
            "days": week(session=session, today=today),
            "done": done_sentence(request),
        }
        return render(request, "week.html", context)

    return await in_diary(request, page)


ROUTES = [Route("/week", show_week, methods=["GET"], name="week")]
