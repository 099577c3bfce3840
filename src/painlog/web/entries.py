"""One entry's actions: change it, delete and restore it, and "how is it now?" (relief)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from painlog import fields
from painlog.errors import AlreadyRecorded, BadInput
from painlog.models import Entry, RemedyAttempt
from painlog.render.journal import entry_summary
from painlog.services import entries as entry_service
from painlog.services.vocabulary import load_vocabulary
from painlog.settings import load_settings
from painlog.web.entry_form import REPEATED, choices, entry_as_form, read_entry_form
from painlog.web.forms import FormState
from painlog.web.render import render, see_other
from painlog.web.security import read_form
from painlog.web.state import in_diary
from painlog.when import local_now


def _entry_id(request: Request) -> int:
    return int(request.path_params["entry_id"])


# -- change ----------------------------------------------------------------------------


def edit_page(
    request: Request, session: Session, entry_id: int, form: FormState | None, status: int = 200
) -> Response:
    entry = entry_service.get_entry(session=session, entry_id=entry_id, include_deleted=False)
    shown = form if form is not None else entry_as_form(entry, load_settings())
    context = {
        "form": shown,
        "choices": choices(session=session, form=shown),
        "action": f"/entry/{entry_id}/edit",
        "submit": "Save the changes",
        "mode": "edit",
        "today": local_now().date().isoformat(),
        "entry_id": entry_id,
    }
    return render(request, "edit.html", context, status)


async def show_edit(request: Request) -> Response:
    entry_id = _entry_id(request)
    return await in_diary(request, lambda session: edit_page(request, session, entry_id, None))


async def save_edit(request: Request) -> Response:
    entry_id = _entry_id(request)
    form = FormState.from_form(await read_form(request), repeated=REPEATED)

    def save(session: Session) -> None:
        entry = entry_service.get_entry(session=session, entry_id=entry_id, include_deleted=False)
        changes = read_entry_form(form).as_changes()
        if (form.value("date"), form.value("time")) == (
            entry.occurred_at.date().isoformat(),
            entry.occurred_at.strftime("%H:%M"),
        ):  # the time as shown: keep it to the second, and the remedies' times with it
            changes = replace(changes, occurred_at=None)
        entry_service.edit_entry(session=session, entry_id=entry_id, changes=changes)

    try:
        await in_diary(request, save, write=True)
    except BadInput as exc:
        form.refused(exc)
        return await in_diary(
            request, lambda session: edit_page(request, session, entry_id, form, 400)
        )
    return see_other(f"/week?done=edited&entry={entry_id}#entry-{entry_id}")


# -- delete and restore ----------------------------------------------------------------


def _hide_or_bring_back(
    action: Callable[..., Entry], done: str
) -> Callable[[Request], Awaitable[Response]]:
    """A POST that deletes or restores one entry, then back to the week."""

    async def endpoint(request: Request) -> Response:
        entry_id = _entry_id(request)
        await read_form(request)
        await in_diary(
            request, lambda session: action(session=session, entry_id=entry_id), write=True
        )
        return see_other(f"/week?done={done}&entry={entry_id}#entry-{entry_id}")

    return endpoint


delete = _hide_or_bring_back(entry_service.delete_entry, "deleted")
restore = _hide_or_bring_back(entry_service.restore_entry, "restored")


# -- how is it now? ----------------------------------------------------------------------


def _follow_up(target: RemedyAttempt | Entry) -> str | None:
    if target.pain_after is None or target.pain_after_at is None:
        return None
    return f"pain {target.pain_after}/10 at {target.pain_after_at:%H:%M}"


def relief_page(
    request: Request,
    session: Session,
    entry_id: int,
    form: FormState,
    status: int = 200,
    confirm: str | None = None,
) -> Response:
    entry = entry_service.get_entry(session=session, entry_id=entry_id, include_deleted=False)
    vocabulary = load_vocabulary(session=session)
    remedies = [
        (a.remedy, vocabulary.label("remedy", a.remedy), a.dose, _follow_up(a))
        for a in entry.remedies
    ]
    if remedies and not form.value("remedy"):
        form.values["remedy"] = remedies[0][0]
    context: dict[str, Any] = {
        "entry": entry,
        "summary": entry_summary(entry, vocabulary),
        "remedies": remedies,
        "untreated": _follow_up(entry),
        "form": form,
        "confirm": confirm,
    }
    return render(request, "relief.html", context, status)


async def show_relief(request: Request) -> Response:
    entry_id = _entry_id(request)
    form = FormState()
    return await in_diary(request, lambda session: relief_page(request, session, entry_id, form))


async def save_relief(request: Request) -> Response:
    """Same rules as ``painlog relief``: within 24 hours, and a follow-up already there is
    replaced only when the person says so (the confirm step below)."""
    entry_id = _entry_id(request)
    form = FormState.from_form(await read_form(request))

    def save(session: Session) -> None:
        pain = form.text("pain_after")
        if pain is None:
            raise fields.refuse("pain_after", "Choose how the pain is now, a number from 0 to 10.")
        entry_service.record_relief(
            session=session,
            entry_id=entry_id,
            remedy=form.text("remedy"),
            pain_after=fields.rating(pain, "pain_after"),
            at_text=form.text("at"),
            replace=form.value("replace") == "yes",
        )

    try:
        await in_diary(request, save, write=True)
    except AlreadyRecorded as exc:
        question = exc.message.removesuffix("replacing it must be asked for.").rstrip("; ")
        return await in_diary(
            request,
            lambda session: relief_page(
                request, session, entry_id, form, 409, confirm=f"{question}. Replace it?"
            ),
        )
    except BadInput as exc:
        form.refused(exc)
        return await in_diary(
            request, lambda session: relief_page(request, session, entry_id, form, 400)
        )
    return see_other(f"/week?done=relief&entry={entry_id}#entry-{entry_id}")


ROUTES = [
    Route("/entry/{entry_id:int}/edit", show_edit, methods=["GET"], name="edit_entry"),
    Route("/entry/{entry_id:int}/edit", save_edit, methods=["POST"], name="save_edit"),
    Route("/entry/{entry_id:int}/delete", delete, methods=["POST"], name="delete_entry"),
    Route("/entry/{entry_id:int}/restore", restore, methods=["POST"], name="restore_entry"),
    Route("/entry/{entry_id:int}/relief", show_relief, methods=["GET"], name="relief"),
    Route("/entry/{entry_id:int}/relief", save_relief, methods=["POST"], name="save_relief"),
]
