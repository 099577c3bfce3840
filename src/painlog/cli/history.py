"""The history of changes: history, revert."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from painlog.cli.common import DbOption, JsonOption, print_json, session_for
from painlog.errors import BadInput
from painlog.models import MAX_ID, Change, Entry, Event, EventChange
from painlog.render.history import (
    change_json,
    change_text,
    recent_text,
    versions_text,
)
from painlog.services import history as service
from painlog.services.vocabulary import load_vocabulary
from painlog.when import parse_day

app = typer.Typer()


def version_number(text: str) -> int:
    """A version as history prints it (``v2``) or as a plain number (``2``)."""
    cleaned = text.strip().lower().removeprefix("v")
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_ID:
        raise BadInput(
            f'"{text}" is not a version; give one as painlog history prints it, such as v2.',
            field="version",
        )
    return int(cleaned)


OptionalEntryArg = Annotated[
    int | None,
    typer.Argument(
        metavar="[ENTRY]",
        min=1,
        max=MAX_ID,
        help="The entry's id (see painlog list).",
        show_default=False,
    ),
]
EventOpt = Annotated[
    int | None,
    typer.Option(
        "--event", metavar="EVENT", min=1, max=MAX_ID, help="An event instead of an entry."
    ),
]
DayOpt = Annotated[
    str | None,
    typer.Option("--day", metavar="DAY", help="The check-in of this day instead of an entry."),
]


@app.command("history")
def history_command(
    entry_id: OptionalEntryArg = None,
    version: Annotated[
        str | None,
        typer.Argument(
            metavar="[VERSION]", help="Only this version (v2, as listed).", show_default=False
        ),
    ] = None,
    day: DayOpt = None,
    event: EventOpt = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", min=0, max=10**9, help="Without ENTRY: how many recent changes; 0 all."
        ),
    ] = 20,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show every version of an entry, a day's check-in or an event, or the latest changes.

    Example: painlog history 12   (or: painlog history 12 v2, --day 2026-11-20, --event 3)
    """
    if sum(x is not None for x in (entry_id, day, event)) > 1:
        raise BadInput("Give one of an entry, --day or --event, not more.")
    wanted = version_number(version) if version is not None else None
    changes: Sequence[Change | EventChange]
    with session_for(db, write=False) as session:
        vocabulary = load_vocabulary(session=session)
        if entry_id is not None:
            found = service.entry_history(session=session, entry_id=entry_id)
            changes, title = found.changes, f"Entry {entry_id}"
            hint = f"painlog revert {entry_id} --to VERSION brings a version back."
        elif day is not None:
            the_day = parse_day(day, field="day")
            checkin = service.checkin_history(session=session, day=the_day)
            changes, title = checkin.changes, f"Check-in for {the_day:%a %d %b %Y}"
            hint = f"painlog revert --day {the_day.isoformat()} --to VERSION brings a version back."
        elif event is not None:
            found_event = service.event_history(session=session, event_id=event)
            changes, title = found_event.changes, f"Event {event}"
            hint = f"painlog revert --event {event} --to VERSION brings a version back."
        else:
            recent = service.recent_changes(session=session, limit=limit or None)
            if as_json:
                print_json(
                    [
                        {
                            **change_json(r.change),
                            "entry_id": r.entry_id,
                            "day": r.day.isoformat() if r.day else None,
                            "event_id": r.event_id,
                        }
                        for r in recent
                    ]
                )
                return
            typer.echo(recent_text(recent, vocabulary))
            return
    if wanted is not None:
        changes = [c for c in changes if c.version == wanted]
        if not changes:
            raise BadInput(
                f"{title} has no version v{wanted}; painlog history lists its versions.",
                field="version",
            )
    if as_json:
        print_json([change_json(c) for c in changes])
        return
    typer.echo(versions_text(title, changes, vocabulary, hint))


@app.command("revert")
def revert_command(
    entry_id: OptionalEntryArg = None,
    to: Annotated[
        str | None,
        typer.Option("--to", metavar="VERSION", help="The version to bring back: v2 (or 2)."),
    ] = None,
    day: DayOpt = None,
    event: EventOpt = None,
    db: DbOption = None,
) -> None:
    """Bring back an earlier version of an entry, a check-in or an event; kept in history.

    Example: painlog revert 12 --to v2   (or: painlog revert --day 2026-11-20 --to v1)
    """
    if to is None:
        raise BadInput("Say which version to bring back with --to; painlog history lists them.")
    version = version_number(to)
    if sum(x is not None for x in (entry_id, day, event)) != 1:
        raise BadInput("Give an entry id, --day DAY or --event EVENT (one of them).")
    with session_for(db, write=True) as session:
        if entry_id is not None:
            result = service.revert_entry(session=session, entry_id=entry_id, version=version)
            what = f"entry {entry_id}"
        elif event is not None:
            result = service.revert_event(session=session, event_id=event, version=version)
            what = f"event {event}"
        else:
            the_day = parse_day(day or "", field="day")
            result = service.revert_checkin(session=session, day=the_day, version=version)
            what = f"the check-in for {the_day:%a %d %b %Y}"
        vocabulary = load_vocabulary(session=session)
    hidden = ""
    if isinstance(result.record, Entry) and result.record.is_deleted:
        hidden = f" It is deleted in that version; painlog restore {entry_id} brings it back."
    elif isinstance(result.record, Event) and result.record.is_deleted:
        hidden = f" It is deleted in that version; painlog event restore {event} brings it back."
    typer.echo(
        f"Brought {what} back to version {result.to_version} "
        f"(saved as version {result.change.version}): "
        f"{change_text(result.change, vocabulary)}.{hidden}"
    )
