"""Entries and check-ins through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from painlog.errors import BadInput, NotFound, UnknownTerm
from painlog.services import checkins, entries
from painlog.services.entries import EntryChanges, EntryInput, RemedyInput
from painlog.when import as_local, local_now

pytestmark = pytest.mark.clock


def at(text: str) -> datetime:
    return as_local(datetime.fromisoformat(text))


def log(session: Session, **overrides: object) -> entries.Entry:
    fields: dict[str, object] = {
        "intensity": 6,
        "occurred_at": at("2026-11-20 21:30"),
        "locations": ["lower back"],
    }
    fields.update(overrides)
    return entries.log_entry(session=session, entry=EntryInput(**fields))  # type: ignore[arg-type]


def test_log_resolves_names_to_keys_and_keeps_order(session: Session) -> None:
    entry = log(
        session,
        pain_type="Spasticity",
        locations=["lower back", "hip", "Lower-Back"],
        qualities=["tight"],
        triggers=["tight clothing", "hot weather"],
        remedies=[
            RemedyInput("Baclofen", "10 mg"),
            RemedyInput("stretching", None, at("2026-11-20 22:00")),
        ],
        duration_minutes=45,
        note="  evening  ",
    )
    assert entry.pain_type == "spasticity"
    assert entry.locations == ["lower-back", "hip"]
    assert entry.triggers == ["tight-clothing", "heat"]
    assert [(r.remedy, r.dose) for r in entry.remedies] == [
        ("baclofen", "10 mg"),
        ("stretching", None),
    ]
    assert entry.remedies[0].taken_at == entry.occurred_at  # default: when it happened
    assert entry.remedies[1].taken_at == at("2026-11-20 22:00")
    assert entry.day == date(2026, 11, 20)
    assert entry.note == "evening"


def test_log_needs_a_location_and_known_names(session: Session) -> None:
    with pytest.raises(BadInput, match="Say where it hurts"):
        log(session, locations=[])
    with pytest.raises(UnknownTerm):
        log(session, triggers=["moonlight"])
    with pytest.raises(BadInput, match="given twice"):
        log(session, remedies=[RemedyInput("baclofen"), RemedyInput("Baclofen", "5 mg")])
    with pytest.raises(BadInput, match="future"):
        log(session, occurred_at=local_now() + timedelta(days=2))


def test_edit_replaces_lists_and_keeps_recorded_relief(session: Session) -> None:
    entry = log(session, triggers=["heat"], remedies=[RemedyInput("baclofen", "10 mg")], note="x")
    entries.record_relief(
        session=session,
        entry_id=entry.id,
        remedy="baclofen",
        pain_after=2,
        at=at("2026-11-20 23:00"),
    )
    changed = entries.edit_entry(
        session=session,
        entry_id=entry.id,
        changes=EntryChanges(
            intensity=8,
            triggers=["stress", "humidity"],
            remedies=[RemedyInput("ibuprofen", "400 mg"), RemedyInput("baclofen")],
            clear=frozenset({"note"}),
        ),
    )
    assert changed.intensity == 8
    assert changed.triggers == ["stress", "humidity"]
    assert [r.remedy for r in changed.remedies] == ["ibuprofen", "baclofen"]
    kept = changed.remedies[1]
    assert (kept.dose, kept.pain_after) == ("10 mg", 2)
    assert changed.note is None
    assert changed.locations == ["lower-back"]


def test_edit_refuses_nothing_and_unknown_clear(session: Session) -> None:
    entry = log(session)
    with pytest.raises(BadInput, match="Nothing to change"):
        entries.edit_entry(session=session, entry_id=entry.id, changes=EntryChanges())
    with pytest.raises(BadInput, match="can be cleared"):
        entries.edit_entry(
            session=session, entry_id=entry.id, changes=EntryChanges(clear=frozenset({"where"}))
        )


def test_moving_an_entry_moves_its_day(session: Session) -> None:
    entry = log(session)
    entries.edit_entry(
        session=session, entry_id=entry.id, changes=EntryChanges(occurred_at=at("2026-11-19 00:15"))
    )
    assert entry.day == date(2026, 11, 19)


def test_relief_rules(session: Session) -> None:
    entry = log(session, remedies=[RemedyInput("baclofen", "10 mg")])
    with pytest.raises(BadInput, match="has no remedy ibuprofen"):
        entries.record_relief(session=session, entry_id=entry.id, remedy="ibuprofen", pain_after=3)
    with pytest.raises(BadInput, match="would come before it was taken"):
        entries.record_relief(
            session=session,
            entry_id=entry.id,
            remedy="baclofen",
            pain_after=3,
            at=at("2026-11-20 20:00"),
        )
    with pytest.raises(NotFound):
        entries.record_relief(session=session, entry_id=999, remedy="baclofen", pain_after=3)
    attempt = entries.record_relief(
        session=session,
        entry_id=entry.id,
        remedy="Baclofen",
        pain_after=3,
        at=at("2026-11-20 22:30"),
    )
    assert (attempt.pain_after, attempt.pain_after_at) == (3, at("2026-11-20 22:30"))


def test_delete_and_restore(session: Session) -> None:
    entry = log(session)
    entries.delete_entry(session=session, entry_id=entry.id)
    assert entries.list_entries(session=session).total == 0
    assert [e.id for e in entries.list_entries(session=session, deleted=True).entries] == [entry.id]
    with pytest.raises(BadInput, match="already deleted"):
        entries.delete_entry(session=session, entry_id=entry.id)
    with pytest.raises(NotFound, match="deleted"):
        entries.edit_entry(session=session, entry_id=entry.id, changes=EntryChanges(intensity=1))
    entries.restore_entry(session=session, entry_id=entry.id)
    assert entries.list_entries(session=session).total == 1
    with pytest.raises(BadInput, match="not deleted"):
        entries.restore_entry(session=session, entry_id=entry.id)


def test_list_filters_and_order(session: Session) -> None:
    a = log(session, occurred_at=at("2026-11-01 09:00"), pain_type="spasticity", triggers=["heat"])
    b = log(
        session, occurred_at=at("2026-11-05 09:00"), pain_type="neuropathic", triggers=["stress"]
    )
    c = log(
        session,
        occurred_at=at("2026-11-05 22:00"),
        pain_type="spasticity",
        triggers=["heat", "stress"],
    )
    ids = lambda page: [e.id for e in page.entries]  # noqa: E731
    assert ids(entries.list_entries(session=session)) == [c.id, b.id, a.id]
    assert ids(entries.list_entries(session=session, start=date(2026, 11, 5))) == [c.id, b.id]
    assert ids(entries.list_entries(session=session, end=date(2026, 11, 4))) == [a.id]
    assert ids(entries.list_entries(session=session, pain_type="spasticity")) == [c.id, a.id]
    assert ids(entries.list_entries(session=session, trigger="stress")) == [c.id, b.id]
    page = entries.list_entries(session=session, limit=2)
    assert (ids(page), page.total) == ([c.id, b.id], 3)


def test_day_checkins_update_and_merge(session: Session) -> None:
    day = date(2026, 11, 20)
    first = checkins.record_day(
        session=session,
        day_input=checkins.DayInput(
            day=day,
            ratings={"average_pain": 4, "enjoyment": "5"},
            add_exposures=["heat"],
            note="hot",
        ),
    )
    assert first.created
    assert first.checkin.peg is None  # activity missing
    second = checkins.record_day(
        session=session,
        day_input=checkins.DayInput(
            day=day, ratings={"activity": 6, "average_pain": 5}, add_exposures=["humidity", "heat"]
        ),
    )
    assert not second.created
    assert second.checkin.id == first.checkin.id
    assert (second.checkin.average_pain, second.checkin.enjoyment, second.checkin.activity) == (
        5,
        5,
        6,
    )
    assert second.checkin.exposures == ["heat", "humidity"]
    assert second.checkin.note == "hot"
    assert second.checkin.peg == round((5 + 5 + 6) / 3, 1)
    third = checkins.record_day(
        session=session, day_input=checkins.DayInput(day=day, ratings={}, remove_exposures=["heat"])
    )
    assert third.checkin.exposures == ["humidity"]
    with pytest.raises(BadInput, match="no exposure"):
        checkins.record_day(
            session=session,
            day_input=checkins.DayInput(day=day, ratings={}, remove_exposures=["cold"]),
        )


def test_day_checkin_refusals(session: Session) -> None:
    today = local_now().date()
    with pytest.raises(BadInput, match=r"^Average pain must be from 0 to 10"):
        checkins.record_day(
            session=session, day_input=checkins.DayInput(day=today, ratings={"average_pain": 11})
        )
    with pytest.raises(BadInput, match="Nothing to record"):
        checkins.record_day(session=session, day_input=checkins.DayInput(day=today, ratings={}))
    with pytest.raises(BadInput, match="future"):
        checkins.record_day(
            session=session,
            day_input=checkins.DayInput(day=today + timedelta(days=3), ratings={"average_pain": 2}),
        )


def test_days_list_counts_entries(session: Session) -> None:
    log(session, occurred_at=at("2026-11-20 09:00"))
    log(session, occurred_at=at("2026-11-20 23:50"))
    log(session, occurred_at=at("2026-11-21 00:10"))
    for day in (date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 19)):
        checkins.record_day(
            session=session, day_input=checkins.DayInput(day=day, ratings={"average_pain": 3})
        )
    rows = checkins.list_days(session=session)
    assert [(r.checkin.day.day, r.entries) for r in rows] == [(21, 1), (20, 2), (19, 0)]
    assert [
        r.checkin.day.day for r in checkins.list_days(session=session, start=date(2026, 11, 20))
    ] == [21, 20]


def test_a_remedy_time_is_read_near_its_episode(session: Session) -> None:
    entry = log(
        session,
        occurred_at=at("2026-11-10 23:30"),
        remedies=[
            RemedyInput("baclofen", "10 mg", when="00:15"),
            RemedyInput("stretching", when="23:40"),
        ],
    )
    assert [r.taken_at for r in entry.remedies] == [at("2026-11-11 00:15"), at("2026-11-10 23:40")]
    attempt = entries.record_relief(
        session=session, entry_id=entry.id, remedy="baclofen", pain_after=3, at_text="01:30"
    )
    assert attempt.pain_after_at == at("2026-11-11 01:30")
    with pytest.raises(BadInput, match="more than a day"):
        log(
            session,
            occurred_at=at("2026-11-10 21:30"),
            remedies=[RemedyInput("baclofen", taken_at=at("2026-11-12 09:00"))],
        )


def test_moving_an_entry_takes_its_remedies_and_relief_along(session: Session) -> None:
    entry = log(
        session, occurred_at=at("2026-11-10 21:30"), remedies=[RemedyInput("baclofen", "10 mg")]
    )
    entries.record_relief(
        session=session, entry_id=entry.id, remedy="baclofen", pain_after=2, at_text="22:30"
    )
    entries.edit_entry(
        session=session, entry_id=entry.id, changes=EntryChanges(occurred_at=at("2026-11-20 21:30"))
    )
    [attempt] = entry.remedies
    assert (attempt.taken_at, attempt.pain_after_at) == (
        at("2026-11-20 21:30"),
        at("2026-11-20 22:30"),
    )
    with pytest.raises(BadInput, match="would come before it was taken"):
        entries.record_relief(
            session=session,
            entry_id=entry.id,
            remedy="baclofen",
            pain_after=2,
            at=at("2026-11-15 10:00"),
        )
    with pytest.raises(BadInput, match="would come before it was taken"):
        entries.edit_entry(
            session=session,
            entry_id=entry.id,
            changes=EntryChanges(remedies=[RemedyInput("baclofen", when="23:00")]),
        )


def test_a_field_cannot_be_set_and_cleared_at_once(session: Session) -> None:
    entry = log(session, remedies=[RemedyInput("naproxen")], note="keep")
    with pytest.raises(BadInput, match="remedy is both given and cleared"):
        entries.edit_entry(
            session=session,
            entry_id=entry.id,
            changes=EntryChanges(remedies=[RemedyInput("naproxen")], clear=frozenset({"remedy"})),
        )
    with pytest.raises(BadInput, match="note is both given and cleared"):
        entries.edit_entry(
            session=session,
            entry_id=entry.id,
            changes=EntryChanges(note="new", clear=frozenset({"note"})),
        )
    assert entry.note == "keep" and [r.remedy for r in entry.remedies] == ["naproxen"]
