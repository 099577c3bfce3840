"""Guidance from the reference articles: painlog guide [TOPIC] [--entry ID]."""

from __future__ import annotations

from typing import Annotated

import typer

from painlog.cli.common import DbOption, JsonOption, print_json, session_for
from painlog.errors import BadInput
from painlog.render.guide import (
    entry_guidance_json,
    entry_guidance_text,
    topic_index_json,
    topic_index_text,
    topic_json,
    topic_text,
)
from painlog.services import guidance as service
from painlog.services.vocabulary import load_vocabulary

app = typer.Typer()


@app.command("guide")
def guide_command(
    topic: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TOPIC]",
            help="A pain type, trigger or remedy, as you would type it (lhermitte, neck shock).",
            show_default=False,
        ),
    ] = None,
    entry_id: Annotated[
        int | None,
        typer.Option(
            "--entry", "-e", metavar="ID", help="The guidance for one entry of your diary."
        ),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """What the two reference articles say: every topic, one topic, or one entry's.

    With no TOPIC, lists the topics. With --entry, shows what the articles say
    about that entry's pain type, triggers and remedies, what they list that
    your diary has never recorded (to discuss with your clinician), and how
    often each trigger came up in your last 90 days.

    Example: painlog guide --entry 12
    """
    name = " ".join(topic or []).strip()
    if name and entry_id is not None:
        raise BadInput("Give a topic or --entry, not both.")
    if topic is not None and not name:
        raise BadInput("The topic is empty; painlog guide lists the topics.")
    with session_for(db, write=False) as session:
        vocabulary = load_vocabulary(session=session)
        if entry_id is not None:
            found = service.guidance_for_entry(session=session, entry_id=entry_id)
        elif name:
            about = service.topic_guidance(session=session, name=name)
        else:
            index = service.topic_index(session=session)
    if entry_id is not None:
        if as_json:
            print_json(entry_guidance_json(found))
        else:
            typer.echo(entry_guidance_text(found, vocabulary))
    elif name:
        if as_json:
            print_json(topic_json(about))
        else:
            typer.echo(topic_text(about, vocabulary))
    elif as_json:
        print_json(topic_index_json(index))
    else:
        typer.echo(topic_index_text(index))
