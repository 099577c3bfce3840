"""The Check-in page: how one day went (the PEG items, sleep, fatigue, spasticity,
exposures, a note). Recording the same day again updates it, as ``painlog day`` does."""

from __future__ import annotations

import contextlib
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from painlog import fields
from painlog.errors import BadInput
from painlog.models import DayCheckin
from painlog.services.checkins import DayInput, record_day
from painlog.services.usage import most_used
from painlog.services.vocabulary import load_vocabulary
from painlog.web.forms import FormState
from painlog.web.render import render, see_other
from painlog.web.security import read_form
from painlog.web.state import in_diary
from painlog.when import check_day_not_future, local_now, parse_day

# The PEG items first (Krebs 2009), then the MS ratings; hints in the person's words.
RATINGS: tuple[tuple[str, str, str], ...] = (
    ("average_pain", "Average pain today", "0 no pain, 10 the worst you can imagine"),
    ("worst_pain", "Worst pain today", "0 no pain, 10 the worst you can imagine"),
    (
        "enjoyment",
        "How much pain got in the way of enjoying life",
        "0 not at all, 10 completely",
    ),
    ("activity", "How much pain got in the way of general activity", "0 not at all, 10 completely"),
    ("sleep_quality", "Sleep last night", "0 very poor, 10 very good"),
    ("fatigue", "Fatigue", "0 none, 10 the worst"),
    ("spasticity", "Spasticity (stiffness, spasms)", "0 none, 10 the worst"),
)
assert tuple(key for key, _, _ in RATINGS) == fields.CHECKIN_RATINGS


def _checkin(session: Session, day: date) -> DayCheckin | None:
    return session.scalar(
        select(DayCheckin)
        .where(DayCheckin.day == day)
        .options(selectinload(DayCheckin.exposure_rows))
    )


def checkin_form(checkin: DayCheckin | None, day: date) -> FormState:
    form = FormState(values={"day": day.isoformat()}, lists={"exposure": []})
    if checkin is not None:
        for key in fields.CHECKIN_RATINGS:
            value = getattr(checkin, key)
            form.values[key] = "" if value is None else str(value)
        form.values["note"] = checkin.note or ""
        form.lists["exposure"] = checkin.exposures
    return form


def checkin_page(
    request: Request,
    session: Session,
    day: date,
    form: FormState | None,
    status: int = 200,
) -> Response:
    checkin = _checkin(session, day)
    shown = form if form is not None else checkin_form(checkin, day)
    vocabulary = load_vocabulary(session=session)
    terms = [(t.key, t.label) for t in vocabulary.terms("trigger")]
    top = set(most_used(session=session, kind="trigger", limit=6))
    # The person's usual triggers first, then the rest in the vocabulary's order.
    terms.sort(key=lambda term: term[0] not in top)
    context = {
        "form": shown,
        "day": day,
        "recorded": checkin is not None,
        "ratings": RATINGS,
        "exposures": terms,
        "today": local_now().date().isoformat(),
    }
    return render(request, "checkin.html", context, status)


async def show_checkin(request: Request) -> Response:
    today = local_now().date()
    asked = request.query_params.get("day")
    try:
        day = check_day_not_future(parse_day(asked, field="day")) if asked else today
    except BadInput as exc:
        form = FormState(values={"day": asked or ""}).refused(exc)
        return await in_diary(
            request, lambda session: checkin_page(request, session, today, form, 400)
        )
    return await in_diary(request, lambda session: checkin_page(request, session, day, None))


async def save_checkin(request: Request) -> Response:
    form = FormState.from_form(await read_form(request), repeated=("exposure",))
    typed_day = form.text("day")

    def save(session: Session) -> date:
        if typed_day is None:
            raise fields.refuse("day", "Give the day this check-in is for.")
        day = parse_day(typed_day, field="day")
        ratings: dict[str, int | str] = {
            key: value for key in fields.CHECKIN_RATINGS if (value := form.value(key).strip())
        }
        current = _checkin(session, day)
        had = current.exposures if current is not None else []
        vocabulary = load_vocabulary(session=session)
        ticked = vocabulary.resolve_all("trigger", form.many("exposure"), field="exposures")
        record_day(
            session=session,
            day_input=DayInput(
                day=day,
                ratings=ratings,
                add_exposures=[key for key in ticked if key not in had],
                remove_exposures=[key for key in had if key not in ticked],
                note=form.text("note"),
            ),
        )
        return day

    try:
        day = await in_diary(request, save, write=True)
    except BadInput as exc:
        form.refused(exc)
        shown_day = local_now().date()
        with contextlib.suppress(BadInput):  # a bad day shows today's form, the day kept
            shown_day = check_day_not_future(parse_day(typed_day or "", field="day"))
        return await in_diary(
            request, lambda session: checkin_page(request, session, shown_day, form, 400)
        )
    return see_other(f"/week?done=checkin&day={day.isoformat()}#day-{day.isoformat()}")


ROUTES = [
    Route("/checkin", show_checkin, methods=["GET"], name="checkin"),
    Route("/checkin", save_checkin, methods=["POST"], name="save_checkin"),
]
