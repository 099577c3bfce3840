"""Events of the MS course: event add, list, show, edit, delete, restore."""

from __future__ import annotations

from typing import Annotated

import typer

from painlog.cli.common import (
    DbOption,
    FromOption,
    JsonOption,
    ToOption,
    clear_option,
    day_range,
    print_json,
    session_for,
    split_names,
)
from painlog.errors import BadInput
from painlog.events import event_kind, event_kinds, visit_with
from painlog.models import MAX_ID
from painlog.render.events import event_detail, event_json, event_summary, events_table
from painlog.services import events as service
from painlog.when import local_now, parse_day

app = typer.Typer(
    help="Your MS course beside the pain: relapses, steroid courses, infusions, visits...\n\n"
    "Example: painlog event add relapse --from 2026-11-02",
    no_args_is_help=True,
)

EventArg = Annotated[
    int,
    typer.Argument(
        metavar="EVENT", min=1, max=MAX_ID, help="The event's id (see painlog event list)."
    ),
]
StartOpt = Annotated[
    str | None,
    typer.Option("--from", metavar="DAY", help="The first day (2026-11-02, yesterday...)."),
]
EndOpt = Annotated[
    str | None,
    typer.Option(
        "--to", metavar="DAY", help="The last day; leave it out for one day, or while it goes on."
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help="Anything worth keeping.")]
DoseOpt = Annotated[
    str | None, typer.Option("--dose", help='Steroids: the dose as you write it ("1 g daily").')
]
TherapyOpt = Annotated[
    str | None,
    typer.Option("--therapy", help="Infusion or DMT dose: the therapy's name."),
]
WithOpt = Annotated[
    str | None,
    typer.Option("--with", metavar="WHO", help="Visit: neurologist, GP, physio or MS nurse."),
]

KIND_HELP = (
    "relapse, steroids, infusion, dmt-dose, infection, fall, visit, mri or other "
    "(as you or your team called it)."
)


@app.command("add")
def add_command(
    kind: Annotated[str, typer.Argument(metavar="KIND", help=KIND_HELP)],
    start: StartOpt = None,
    end: EndOpt = None,
    dose: DoseOpt = None,
    therapy: TherapyOpt = None,
    missed: Annotated[
        bool, typer.Option("--missed", help="Infusion or DMT dose: the dose was missed.")
    ] = False,
    with_whom: WithOpt = None,
    note: NoteOpt = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Record an event of your MS course, as you or your team called it.

    Example: painlog event add steroids --from 2026-11-03 --to 2026-11-05 --dose "1 g daily"
    """
    key = event_kind(kind)
    if start is None:
        raise BadInput("Say when it started with --from DAY, for example --from 2026-11-02.")
    first = parse_day(start, field="start_day")
    last = parse_day(end, field="end_day") if end is not None else None
    event_input = service.EventInput(
        kind=key,
        start_day=first,
        end_day=last,
        note=note,
        dose=dose,
        therapy=therapy,
        missed=missed,
        with_whom=visit_with(with_whom) if with_whom is not None else None,
    )
    with session_for(db, write=True) as session:
        event = service.add_event(session=session, event=event_input)
    today = local_now().date()
    if as_json:
        print_json(event_json(event, today))
        return
    typer.echo(f"Added event {event.id}: {event_summary(event, today)}")


@app.command("list")
def list_command(
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", help="Only these kinds (repeat, or separate with commas)."),
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    deleted: Annotated[
        bool, typer.Option("--deleted", help="List deleted events instead.")
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List the events you recorded, oldest first; --from/--to keep those touching the days.

    Example: painlog event list --kind relapse,steroids --from 2026-01-01
    """
    kinds = event_kinds(",".join(split_names(kind) or [])) if kind else ()
    first, last = day_range(start, end)
    with session_for(db, write=False) as session:
        events = service.list_events(
            session=session, kinds=kinds, start=first, end=last, deleted=deleted
        )
    today = local_now().date()
    if as_json:
        print_json([event_json(e, today) for e in events])
        return
    if not events:
        typer.echo("No events match.")
        return
    typer.echo(events_table(events, today))


@app.command("show")
def show_command(event_id: EventArg, as_json: JsonOption = False, db: DbOption = None) -> None:
    """Show one event in full.

    Example: painlog event show 3
    """
    with session_for(db, write=False) as session:
        event = service.get_event(session=session, event_id=event_id)
    today = local_now().date()
    if as_json:
        print_json(event_json(event, today))
        return
    typer.echo(event_detail(event, today))


@app.command("edit")
def edit_command(
    event_id: EventArg,
    start: StartOpt = None,
    end: EndOpt = None,
    dose: DoseOpt = None,
    therapy: TherapyOpt = None,
    missed: Annotated[
        bool | None,
        typer.Option("--missed/--taken", help="Infusion or DMT dose: missed, or given after all."),
    ] = None,
    with_whom: WithOpt = None,
    note: NoteOpt = None,
    clear: Annotated[list[str] | None, clear_option(service.CLEARABLE)] = None,
    db: DbOption = None,
) -> None:
    """Change an event; the options given replace what was there.

    Example: painlog event edit 3 --to 2026-11-20 --note "walking better again"
    """
    changes = service.EventChanges(
        start_day=parse_day(start, field="start_day") if start is not None else None,
        end_day=parse_day(end, field="end_day") if end is not None else None,
        note=note,
        dose=dose,
        therapy=therapy,
        missed=missed,
        with_whom=visit_with(with_whom) if with_whom is not None else None,
        clear=frozenset(split_names(clear) or []),
    )
    with session_for(db, write=True) as session:
        event = service.edit_event(session=session, event_id=event_id, changes=changes)
    typer.echo(f"Changed event {event.id}: {event_summary(event, local_now().date())}")


@app.command("delete")
def delete_command(event_id: EventArg, db: DbOption = None) -> None:
    """Hide an event from lists, charts and reports; painlog event restore brings it back.

    Example: painlog event delete 3
    """
    with session_for(db, write=True) as session:
        event = service.delete_event(session=session, event_id=event_id)
    typer.echo(f"Deleted event {event.id}; painlog event restore {event.id} brings it back.")


@app.command("restore")
def restore_command(event_id: EventArg, db: DbOption = None) -> None:
    """Bring back a deleted event.

    Example: painlog event restore 3
    """
    with session_for(db, write=True) as session:
        event = service.restore_event(session=session, event_id=event_id)
    typer.echo(f"Restored event {event.id}: {event_summary(event, local_now().date())}")
