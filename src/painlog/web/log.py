"""The Log page (the first page), and an entry's page with its guidance after saving."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from painlog.errors import BadInput, PainlogError
from painlog.models import Entry
from painlog.render.guide_brief import DISCLAIMER, cite, diary_sentence
from painlog.render.journal import entry_summary, minutes_text, remedy_text, when_text
from painlog.services import entries as entry_service
from painlog.services.guidance_brief import brief_lines, recent_trigger_tallies, remedies_in_diary
from painlog.services.vocabulary import load_vocabulary
from painlog.settings import load_settings
from painlog.vocab import Vocabulary
from painlog.web.entry_form import REPEATED, blank_form, choices, read_entry_form
from painlog.web.forms import FormState
from painlog.web.render import render, see_other
from painlog.web.security import read_form
from painlog.web.state import in_diary, served
from painlog.when import local_now


def log_page(request: Request, session: Session, form: FormState, status: int = 200) -> Response:
    settings = load_settings()
    vocabulary = load_vocabulary(session=session)
    defaults = [vocabulary.label("location", key).lower() for key in settings.where]
    if settings.pain_type:
        defaults.append(vocabulary.label("pain_type", settings.pain_type).lower())
    context = {
        "form": form,
        "choices": choices(session=session, form=form),
        "action": "/log",
        "submit": "Save the entry",
        "mode": "log",
        "today": local_now().date().isoformat(),
        "defaults": ", ".join(defaults),
    }
    return render(request, "log.html", context, status)


async def show_log(request: Request) -> Response:
    form = blank_form(load_settings())
    return await in_diary(request, lambda session: log_page(request, session, form))


async def _sent_before(request: Request, key: str) -> int | None:
    """The entry a form with this key saved already (a second tap on Save), else None
    once the key is claimed for this sending."""
    for _ in range(200):  # a first sending still being saved is waited for, up to ~10 s
        fresh, entry_id = served(request).claim(key)
        if fresh or entry_id is not None:
            return entry_id
        await asyncio.sleep(0.05)
    return None


async def save_entry(request: Request) -> Response:
    form = FormState.from_form(await read_form(request), repeated=REPEATED)
    key = form.text("once")
    if key is not None:
        earlier = await _sent_before(request, key)
        if earlier is not None:
            return see_other(f"/entry/{earlier}?saved=1")

    def save(session: Session) -> int:
        entry = entry_service.log_entry(session=session, entry=read_entry_form(form).as_input())
        return entry.id

    entry_id: int | None = None
    try:
        entry_id = await in_diary(request, save, write=True)
    except BadInput as exc:
        form.refused(exc)
        return await in_diary(request, lambda session: log_page(request, session, form, 400))
    finally:
        if key is not None:
            served(request).settle(key, entry_id)
    return see_other(f"/entry/{entry_id}?saved=1")


def entry_rows(entry: Entry, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """The entry in full, as ``painlog show`` lists it."""

    def labels(kind: str, keys: list[str]) -> str:
        return ", ".join(vocabulary.label(kind, key) for key in keys) or "-"

    tried = []
    for attempt in entry.remedies:
        text = remedy_text(vocabulary, attempt)
        if attempt.pain_after is not None and attempt.pain_after_at is not None:
            text += f" → pain {attempt.pain_after}/10 at {attempt.pain_after_at:%H:%M}"
        tried.append(text)
    rows = [
        ("When", when_text(entry.occurred_at)),
        ("Pain", f"{entry.intensity}/10"),
        ("Type", vocabulary.label("pain_type", entry.pain_type) if entry.pain_type else "-"),
        ("Where", labels("location", entry.locations)),
        ("Felt", labels("quality", entry.qualities)),
        (
            "Lasted",
            minutes_text(entry.duration_minutes) if entry.duration_minutes is not None else "-",
        ),
        ("Triggers", labels("trigger", entry.triggers)),
        ("Tried", "; ".join(tried) or "-"),
    ]
    if entry.pain_after is not None and entry.pain_after_at is not None:
        rows.append(("Later", f"pain {entry.pain_after}/10 at {entry.pain_after_at:%H:%M}"))
    rows.append(("Note", entry.note or "-"))
    return rows


def guidance(session: Session, entry: Entry, vocabulary: Vocabulary) -> dict[str, Any]:
    """The guidance block ``painlog log`` prints after saving, as the page shows it."""
    lines = brief_lines(
        entry=entry, vocabulary=vocabulary, remedies_used=remedies_in_diary(session=session)
    )
    total, counts = recent_trigger_tallies(session=session, entry=entry)
    labelled = [(vocabulary.label("trigger", key).lower(), n) for key, n in counts]
    return {
        "lines": [(text, cite(sources)) for text, sources in lines],
        "diary": diary_sentence(total, labelled).strip(),
        "disclaimer": DISCLAIMER,
    }


async def show_entry(request: Request) -> Response:
    entry_id = int(request.path_params["entry_id"])
    saved = request.query_params.get("saved") == "1"

    def page(session: Session) -> Response:
        entry = entry_service.get_entry(session=session, entry_id=entry_id)
        vocabulary = load_vocabulary(session=session)
        try:
            block: dict[str, Any] | None = guidance(session, entry, vocabulary)
            failed = None
        except PainlogError as exc:  # never fatal: the entry is saved whatever happens here
            block, failed = None, exc.message
        context = {
            "entry": entry,
            "summary": entry_summary(entry, vocabulary),
            "rows": entry_rows(entry, vocabulary),
            "guidance": block,
            "guidance_failed": failed,
            "saved": saved,
        }
        return render(request, "entry.html", context)

    return await in_diary(request, page)


ROUTES = [
    Route("/", show_log, methods=["GET"], name="log"),
    Route("/log", save_entry, methods=["POST"], name="save_entry"),
    Route("/entry/{entry_id:int}", show_entry, methods=["GET"], name="entry"),
]
