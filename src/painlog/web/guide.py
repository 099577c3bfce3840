"""The Guide page: what the two reference articles say, every topic, one topic, and the
guidance for one entry, each statement with its citation and the not-advice line.

The same services as ``painlog guide`` (``services.guidance``), laid out by
``render.guide_page``. A topic is found as forgivingly as the CLI finds one;
an unknown one gives the page again with the sentence and its suggestions.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from painlog.errors import BadInput
from painlog.models import MAX_ID
from painlog.render.guide_page import GuidePage, entry_page, index_page, topic_page
from painlog.services import guidance as service
from painlog.services.vocabulary import load_vocabulary
from painlog.web.forms import FormState
from painlog.web.render import render, see_other
from painlog.web.state import in_diary

GUIDE_FIELDS = {"": "topic", "topic": "topic", "entry": "entry"}


def _show(request: Request, page: GuidePage, form: FormState, status: int = 200) -> Response:
    return render(request, "guide.html", {"page": page, "form": form}, status)


def _index(request: Request, session: Session, form: FormState, status: int = 200) -> Response:
    return _show(request, index_page(service.topic_index(session=session)), form, status)


def _entry_id(text: str) -> int:
    cleaned = text.strip().lstrip("#")
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_ID:
        raise BadInput(
            "An entry is known by its number, such as 12 (the week page shows them), "
            f'not "{text}".',
            field="entry",
        )
    return int(cleaned)


async def show_guide(request: Request) -> Response:
    """Every topic; with ?topic= or ?entry= (the page's two boxes) the one asked for."""
    params = request.query_params
    form = FormState(values={"topic": params.get("topic", ""), "entry": params.get("entry", "")})

    def page(session: Session) -> Response:
        try:
            if form.text("entry") is not None:
                return see_other(f"/guide/entry/{_entry_id(form.value('entry'))}")
            name = form.text("topic")
            if name is not None:
                found = service.topic_guidance(session=session, name=name)
                return see_other(f"/guide/topic/{found.term.key}")
        except BadInput as exc:
            form.refused(exc, names=GUIDE_FIELDS)
            return _index(request, session, form, 400)
        return _index(request, session, form)

    return await in_diary(request, page)


async def show_topic(request: Request) -> Response:
    name = str(request.path_params["name"])
    form = FormState(values={"topic": name})

    def page(session: Session) -> Response:
        try:
            found = service.topic_guidance(session=session, name=name)
        except BadInput as exc:
            form.refused(exc, names=GUIDE_FIELDS)
            return _index(request, session, form, 404)
        return _show(request, topic_page(found, load_vocabulary(session=session)), form)

    return await in_diary(request, page)


async def show_entry_guidance(request: Request) -> Response:
    entry_id = int(request.path_params["entry_id"])

    def page(session: Session) -> Response:
        found = service.guidance_for_entry(session=session, entry_id=entry_id)
        view = entry_page(found, load_vocabulary(session=session))
        return _show(request, view, FormState(values={"entry": str(entry_id)}))

    return await in_diary(request, page)


ROUTES = [
    Route("/guide", show_guide, methods=["GET"], name="guide"),
    Route("/guide/topic/{name}", show_topic, methods=["GET"], name="guide_topic"),
    Route("/guide/entry/{entry_id:int}", show_entry_guidance, methods=["GET"], name="guide_entry"),
]
