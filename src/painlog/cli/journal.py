"""Entries: log, edit, relief, delete, restore, list, show."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any, TypeVar

import typer

from painlog import fields
from painlog.cli.common import (
    ROOT,
    DbOption,
    EntryArg,
    FromOption,
    JsonOption,
    ToOption,
    clear_option,
    day_range,
    print_json,
    session_for,
    split_names,
)
from painlog.cli.prompts import ask_until_valid as _ask
from painlog.errors import AlreadyRecorded, BadInput, PainlogError
from painlog.inputs import RemedySpec, parse_remedy_spec
from painlog.models import Entry, RemedyAttempt
from painlog.render.guide_brief import brief_block, diary_sentence
from painlog.render.journal import entries_table, entry_detail, entry_json, entry_summary
from painlog.services import entries as service
from painlog.services import quick
from painlog.services.guidance_brief import (
    brief_lines,
    recent_trigger_tallies,
    remedies_in_diary,
)
from painlog.services.vocabulary import load_vocabulary
from painlog.settings import load_settings, usual_doses, with_defaults
from painlog.vocab import Vocabulary
from painlog.when import local_now, parse_at

app = typer.Typer()

PainOpt = Annotated[
    str | None,
    typer.Option("--pain", "-p", metavar="0-10", help="How bad, 0 (none) to 10 (worst)."),
]
TypeOpt = Annotated[
    str | None, typer.Option("--type", "-t", help="Pain type, e.g. spasticity, neuropathic.")
]
WhereOpt = Annotated[
    list[str] | None,
    typer.Option("--where", "-w", help="Where it hurts (repeat, or separate with commas)."),
]
QualityOpt = Annotated[
    list[str] | None, typer.Option("--quality", "-Q", help="How it feels: sharp, burning, tight...")
]
TriggerOpt = Annotated[
    list[str] | None,
    typer.Option("--trigger", "-T", help="What seemed to set it off (repeatable)."),
]
RemedyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--remedy",
        "-r",
        metavar="NAME[:DOSE][@TIME]",
        help='What you tried, e.g. "baclofen:10 mg" or "stretching" (repeatable).',
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it happened: 21:30, 9pm, last night, monday 9pm, 2h ago, 2026-11-20 21:30.",
    ),
]
DurationOpt = Annotated[
    str | None, typer.Option("--duration", "-d", help="How long it lasted: 45, 45m, 1h30.")
]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help="Anything else worth keeping.")]
PainArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[PAIN]",
        help="How bad, 0-10: painlog log 6 is painlog log --pain 6.",
        show_default=False,
    ),
]


def on_terminal() -> bool:
    """Whether a person is there to answer a question."""
    return sys.stdin.isatty()


def _one_pain(positional: str | None, option: str | None) -> str | None:
    """The pain, given as ``painlog log 6`` or as ``--pain 6`` (not as two different numbers)."""
    if positional is not None and option is not None and positional != option:
        raise BadInput(
            f"The pain is given twice, as {positional} and as {option}; give it once.",
            field="intensity",
        )
    return positional if positional is not None else option


T = TypeVar("T")


def _remedies(values: list[str] | None) -> list[service.RemedyInput] | None:
    if values is None:
        return None
    specs: list[RemedySpec] = [parse_remedy_spec(v) for v in values]
    # A remedy's time is read by the service, near the episode it belongs to.
    return [service.RemedyInput(name=s.name, dose=s.dose, when=s.when) for s in specs]


def _given(
    pain: str | None,
    pain_type: str | None,
    where: list[str] | None,
    quality: list[str] | None,
    trigger: list[str] | None,
    remedy: list[str] | None,
    at: str | None,
    duration: str | None,
    note: str | None,
    clear: list[str] | None = None,
) -> service.EntryChanges:
    """The entry options as typed, checked and parsed; ``None`` where not given.

    A blank value (``--trigger ""``, ``--note "  "``) is refused rather than
    read as "none": clearing a field takes ``--clear``.
    """
    if pain_type is not None and not pain_type.strip():
        raise BadInput("Give a pain type with --type, or use --clear type.")
    if note is not None and not note.strip():
        raise BadInput("--note needs some text; to remove a note use --clear note.")
    if at is not None and not at.strip():
        raise BadInput("--at needs a time, such as 21:30 or 2h ago.")
    split_names(remedy, what="remedy")  # refuses a blank one; the specs are read below
    return service.EntryChanges(
        intensity=fields.rating(pain, "intensity") if pain is not None else None,
        occurred_at=parse_at(at) if at else None,
        locations=split_names(where, what="where"),
        pain_type=pain_type,
        qualities=split_names(quality, what="quality"),
        triggers=split_names(trigger, what="trigger"),
        remedies=_remedies(remedy),
        duration_minutes=fields.minutes(duration) if duration is not None else None,
        note=note,
        clear=frozenset(split_names(clear) or []),
    )


@app.command("log")
def log_command(
    pain_value: PainArg = None,
    pain: PainOpt = None,
    pain_type: TypeOpt = None,
    where: WhereOpt = None,
    quality: QualityOpt = None,
    trigger: TriggerOpt = None,
    remedy: RemedyOpt = None,
    at: AtOpt = None,
    duration: DurationOpt = None,
    note: NoteOpt = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask for each field in turn.")
    ] = False,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            "-a",
            help="Like the last entry (type, places, qualities, triggers, remedies), "
            "with a new pain and time.",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Do not show what the articles say about this entry."),
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log a pain episode. With no options on a terminal, asks for each field.

    Afterwards a few lines show what the reference articles say about this
    entry (--quiet leaves them out; painlog guide --entry N has the rest).

    The pain can come first, on its own: painlog log 6 -w lower-back. With
    --again, the rest is as in the last entry: painlog log --again 5.

    Example: painlog log 7 -t spasticity -w lower-back -Q tight -T heat
    -r "baclofen:10 mg" --at "last night" -d 45
    """
    pain = _one_pain(pain_value, pain)
    given = _given(pain, pain_type, where, quality, trigger, remedy, at, duration, note)
    settings = load_settings()
    if not again:  # the last entry's values come before the defaults
        given = with_defaults(given, settings)
    if again:
        entry_input: service.EntryInput | None = None
    elif interactive or (pain is None and sys.stdin.isatty()):
        with session_for(db, write=False) as session:
            vocabulary = load_vocabulary(session=session)
        entry_input = _ask_for_entry(vocabulary, given)
    else:
        if given.intensity is None:
            raise BadInput(
                "Say how bad the pain is, a whole number from 0 to 10: painlog log 6, or --pain 6."
            )
        if given.locations is None:
            raise BadInput(
                "Say where it hurts, for example lower-back; "
                "painlog config set where lower-back makes it your default.",
                field="locations",
            )
        entry_input = service.EntryInput(
            intensity=given.intensity,
            occurred_at=given.occurred_at or local_now().replace(microsecond=0),
            locations=given.locations or [],
            pain_type=given.pain_type,
            qualities=given.qualities or [],
            triggers=given.triggers or [],
            remedies=given.remedies or [],
            duration_minutes=given.duration_minutes,
            note=given.note,
        )
    show_guidance = not (quiet or as_json)
    with session_for(db, write=True) as session:
        if entry_input is None:
            entry = quick.log_again(
                session=session, changes=given, now=local_now().replace(microsecond=0)
            )
        else:
            doses = usual_doses(entry_input.remedies, load_vocabulary(session=session), settings)
            entry = service.log_entry(session=session, entry=replace(entry_input, remedies=doses))
        vocabulary = load_vocabulary(session=session)
        remedies_used: set[str] = set()
        tallies: tuple[int, list[tuple[str, int]]] = (0, [])
        if show_guidance:
            remedies_used = remedies_in_diary(session=session)
            tallies = recent_trigger_tallies(session=session, entry=entry)
    if as_json:
        print_json(entry_json(entry))
        return
    typer.echo(f"Logged entry {entry.id}: {entry_summary(entry, vocabulary)}")
    if show_guidance:
        # After the commit, and never fatal: the entry is saved whatever happens here.
        try:
            lines = brief_lines(entry=entry, vocabulary=vocabulary, remedies_used=remedies_used)
            total, counts = tallies
            labelled = [(vocabulary.label("trigger", key).lower(), n) for key, n in counts]
            typer.echo(brief_block(lines, entry.id, diary_sentence(total, labelled)))
        except Exception as exc:
            if ROOT.debug:
                raise
            reason = exc.message if isinstance(exc, PainlogError) else type(exc).__name__
            typer.echo(
                f"painlog: the entry is saved, but its guidance could not be shown ({reason}); "
                f"painlog guide --entry {entry.id} tries again.",
                err=True,
            )


def _ask_for_entry(vocabulary: Vocabulary, given: service.EntryChanges) -> service.EntryInput:
    """Ask for each field the options did not give."""
    typer.echo("Logging a pain episode (Enter skips a question that is optional).")

    def names(kind: str) -> Callable[[str], list[str]]:
        def parse(text: str) -> list[str]:
            return vocabulary.resolve_all(kind, split_names([text]) or [])

        return parse

    def keys(kind: str) -> list[str]:
        return sorted(term.key for term in vocabulary.terms(kind))

    def ask(
        value: T | None,
        question: str,
        parse: Callable[[str], T],
        required: bool = False,
        kind: str | None = None,
    ) -> T | None:
        if value is not None:
            return value
        return _ask(question, parse, required=required, words=keys(kind) if kind else ())

    typer.echo("Tab completes a name; the arrow keys move along the line and back to answers.")
    intensity = ask(
        given.intensity, "Pain now, 0-10", lambda t: fields.rating(t, "intensity"), True
    )
    pain_type = ask(
        given.pain_type,
        "Pain type (e.g. spasticity, neuropathic)",
        lambda t: vocabulary.resolve("pain_type", t).key,
        kind="pain_type",
    )
    locations = ask(
        given.locations, "Where (e.g. lower-back, hip)", names("location"), True, "location"
    )
    qualities = ask(
        given.qualities, "How it feels (e.g. tight, burning)", names("quality"), kind="quality"
    )
    triggers = ask(given.triggers, "Triggers (e.g. heat, stress)", names("trigger"), kind="trigger")
    moment = given.occurred_at
    if moment is None:
        moment = _ask(
            "When? (e.g. 21:30, 9pm, last night, 2h ago)", lambda t: parse_at(t), default="now"
        )
    occurred_at = moment or local_now().replace(microsecond=0)

    def remedies(text: str) -> list[service.RemedyInput]:
        items = _remedies([part for part in text.split(",") if part.strip()]) or []
        for item in items:
            vocabulary.resolve("remedy", item.name)
            if item.when is not None:
                parse_at(item.when, anchor=occurred_at, field="taken_at")
        return items

    tried = ask(
        given.remedies, "Remedies tried (name:dose, separated by commas)", remedies, kind="remedy"
    )
    duration = ask(given.duration_minutes, "How long, in minutes", lambda t: fields.minutes(t))
    note = ask(given.note, "Note", lambda t: t)
    assert intensity is not None and locations is not None
    return service.EntryInput(
        intensity=intensity,
        occurred_at=occurred_at,
        locations=locations,
        pain_type=pain_type,
        qualities=qualities or [],
        triggers=triggers or [],
        remedies=tried or [],
        duration_minutes=duration,
        note=note,
    )


def _add(option: str, what: str) -> Any:
    return typer.Option(option, help=f"Add {what} to the entry's list (repeatable).")


def _remove(option: str, what: str) -> Any:
    return typer.Option(option, help=f"Take {what} off the entry's list (repeatable).")


@app.command("edit")
def edit_command(
    entry_id: EntryArg,
    pain: PainOpt = None,
    pain_type: TypeOpt = None,
    where: WhereOpt = None,
    quality: QualityOpt = None,
    trigger: TriggerOpt = None,
    remedy: RemedyOpt = None,
    at: AtOpt = None,
    duration: DurationOpt = None,
    note: NoteOpt = None,
    clear: Annotated[list[str] | None, clear_option(service.CLEARABLE)] = None,
    add_where: Annotated[list[str] | None, _add("--add-where", "a place")] = None,
    remove_where: Annotated[list[str] | None, _remove("--remove-where", "a place")] = None,
    add_quality: Annotated[list[str] | None, _add("--add-quality", "a quality")] = None,
    remove_quality: Annotated[list[str] | None, _remove("--remove-quality", "a quality")] = None,
    add_trigger: Annotated[list[str] | None, _add("--add-trigger", "a trigger")] = None,
    remove_trigger: Annotated[list[str] | None, _remove("--remove-trigger", "a trigger")] = None,
    add_remedy: Annotated[
        list[str] | None, _add("--add-remedy", "a remedy (NAME[:DOSE][@TIME])")
    ] = None,
    remove_remedy: Annotated[list[str] | None, _remove("--remove-remedy", "a remedy")] = None,
    db: DbOption = None,
) -> None:
    """Change an entry. Options given replace what was there; lists are replaced whole
    (--trigger, --where, --quality, --remedy), or added to and taken from one name at a
    time (--add-trigger, --remove-trigger and the same for the others).

    Example: painlog edit 12 --pain 6 --add-trigger stress --remove-trigger heat --clear note
    """
    changes = _given(
        pain, pain_type, where, quality, trigger, remedy, at, duration, note, clear=clear
    )
    lists = quick.ListEdits(
        add={
            "locations": split_names(add_where) or [],
            "qualities": split_names(add_quality) or [],
            "triggers": split_names(add_trigger) or [],
        },
        remove={
            "locations": split_names(remove_where) or [],
            "qualities": split_names(remove_quality) or [],
            "triggers": split_names(remove_trigger) or [],
            "remedies": split_names(remove_remedy) or [],
        },
        add_remedies=_remedies(add_remedy) or [],
    )
    with session_for(db, write=True) as session:
        entry = quick.edit_with_lists(
            session=session, entry_id=entry_id, changes=changes, lists=lists
        )
        vocabulary = load_vocabulary(session=session)
    typer.echo(f"Changed entry {entry.id}: {entry_summary(entry, vocabulary)}")


@app.command("relief")
def relief_command(
    entry_id: EntryArg,
    pain_after: Annotated[
        str, typer.Option("--pain-after", metavar="0-10", help="Pain afterwards, 0-10.")
    ],
    remedy: Annotated[
        str | None,
        typer.Option(
            "--remedy",
            "-r",
            help="The remedy, as logged; leave it out for an episode where nothing was taken.",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="When you rated it (default now); 22:40 means near the dose."),
    ] = None,
    replace_old: Annotated[
        bool,
        typer.Option("--replace", help="Replace a follow-up already recorded for this remedy."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Record how the pain was later: after a remedy the entry records, or with no remedy.

    A rating for an episode where nothing was taken is what painlog remedies
    compares each remedy with, since pain logged at a peak often eases anyway.
    A follow-up comes within 24 hours; one already recorded is replaced only
    when you say so: asked on a terminal, --replace otherwise.

    Example: painlog relief 12 --remedy baclofen --pain-after 3 --at "today 22:30"
    """
    rating = fields.rating(pain_after, "pain_after")

    def record(replace_it: bool) -> tuple[Entry, str]:
        with session_for(db, write=True) as session:
            done = service.record_relief(
                session=session,
                entry_id=entry_id,
                remedy=remedy,
                pain_after=rating,
                at_text=at,
                replace=replace_it,
            )
            if isinstance(done, RemedyAttempt):
                name = load_vocabulary(session=session).label("remedy", done.remedy)
                return done.entry, f"after {name}"
            return done, "with nothing taken"

    try:
        entry, after = record(replace_old)
    except AlreadyRecorded as exc:
        if not on_terminal():
            raise
        question = exc.message.removesuffix("replacing it must be asked for.") + "replace it?"
        if not typer.confirm(question, default=False):
            typer.echo("Nothing changed.")
            return
        entry, after = record(True)
    change = rating - entry.intensity
    typer.echo(f"Entry {entry.id}: {after}, pain {entry.intensity} → {rating} ({change:+d}).")


@app.command("delete")
def delete_command(entry_id: EntryArg, db: DbOption = None) -> None:
    """Hide an entry from lists and analysis; painlog restore brings it back.

    Example: painlog delete 12
    """
    with session_for(db, write=True) as session:
        entry = service.delete_entry(session=session, entry_id=entry_id)
    typer.echo(f"Deleted entry {entry.id}; painlog restore {entry.id} brings it back.")


@app.command("restore")
def restore_command(entry_id: EntryArg, db: DbOption = None) -> None:
    """Bring back a deleted entry.

    Example: painlog restore 12
    """
    with session_for(db, write=True) as session:
        entry = service.restore_entry(session=session, entry_id=entry_id)
        vocabulary = load_vocabulary(session=session)
    typer.echo(f"Restored entry {entry.id}: {entry_summary(entry, vocabulary)}")


@app.command("list")
def list_command(
    start: FromOption = None,
    end: ToOption = None,
    pain_type: Annotated[
        str | None, typer.Option("--type", "-t", help="Only this pain type.")
    ] = None,
    trigger: Annotated[
        str | None, typer.Option("--trigger", help="Only entries with this trigger.")
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", min=0, max=10**9, help="At most this many, newest first; 0 for all."
        ),
    ] = 20,
    deleted: Annotated[
        bool, typer.Option("--deleted", help="List deleted entries instead.")
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List entries, newest first.

    Example: painlog list --from 2026-11-01 --trigger heat --limit 50
    """
    first, last = day_range(start, end)
    with session_for(db, write=False) as session:
        vocabulary = load_vocabulary(session=session)
        page = service.list_entries(
            session=session,
            start=first,
            end=last,
            pain_type=vocabulary.resolve("pain_type", pain_type).key if pain_type else None,
            trigger=vocabulary.resolve("trigger", trigger).key if trigger else None,
            limit=limit or None,
            deleted=deleted,
        )
    if as_json:
        print_json([entry_json(e) for e in page.entries])
        return
    if not page.entries:
        typer.echo("No entries match." if page.total == 0 else "No entries to show.")
        return
    typer.echo(entries_table(page.entries, vocabulary))
    if page.total > len(page.entries):
        typer.echo(f"\n{len(page.entries)} of {page.total} entries shown; --limit 0 shows all.")


@app.command("show")
def show_command(entry_id: EntryArg, as_json: JsonOption = False, db: DbOption = None) -> None:
    """Show one entry in full.

    Example: painlog show 12 --json
    """
    with session_for(db, write=False) as session:
        entry = service.get_entry(session=session, entry_id=entry_id)
        vocabulary = load_vocabulary(session=session)
    if as_json:
        print_json(entry_json(entry))
        return
    typer.echo(entry_detail(entry, vocabulary))
