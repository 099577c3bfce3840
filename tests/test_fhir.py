"""painlog export --format fhir: one FHIR R4 Bundle that validates with fhir.resources (R4B models).

A small diary made through the services holds every kind of record (episodes
with places, type, qualities, triggers, a medicine with its dose and a
follow-up, a therapy, a self-care remedy, a follow-up with nothing taken, a
deleted entry, day check-ins over two weeks, a day's exposure, remedy and
note, and each kind of event); the sixteen-week event diary shows a bigger
export validating too.
"""

from __future__ import annotations

import json
import stat
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError
from sqlalchemy.orm import Session

from painlog.services.checkins import DayInput, record_day
from painlog.services.entries import (
    EntryInput,
    RemedyInput,
    delete_entry,
    log_entry,
    record_relief,
)
from painlog.services.events import EventInput, add_event
from painlog.services.fhir import Window, fhir_resources
from painlog.storage.diary import Diary, diary_session
from tests.conftest import CliRun

pytestmark = pytest.mark.clock

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 25)  # the suite's pinned day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def build_small_diary(session: Session) -> None:
    """Two weeks (Mon 9 to Sun 22 November 2026) holding every kind of record once or more."""
    first = log_entry(
        session=session,
        entry=EntryInput(
            intensity=7,
            occurred_at=at(date(2026, 11, 10), 21, 30),
            locations=["lower-back", "leg"],
            pain_type="neuropathic",
            qualities=["burning", "shooting"],
            triggers=["heat", "stress"],
            duration_minutes=45,
            note="after the bus ride",
            remedies=[
                RemedyInput(name="baclofen", dose="10 mg", taken_at=at(date(2026, 11, 10), 21, 40)),
                RemedyInput(name="massage"),
                RemedyInput(name="stretching"),
            ],
        ),
    )
    record_relief(
        session=session,
        entry_id=first.id,
        remedy="baclofen",
        pain_after=4,
        at=at(date(2026, 11, 10), 23, 0),
    )
    second = log_entry(
        session=session,
        entry=EntryInput(
            intensity=5,
            occurred_at=at(date(2026, 11, 18), 8, 15),
            locations=["neck"],
            pain_type="lhermitte",
        ),
    )
    record_relief(
        session=session, entry_id=second.id, remedy=None, pain_after=2, at=at(date(2026, 11, 18), 9)
    )
    gone = log_entry(
        session=session,
        entry=EntryInput(intensity=9, occurred_at=at(date(2026, 11, 12), 12), locations=["hip"]),
    )
    delete_entry(session=session, entry_id=gone.id)
    # Outside the --from/--to window of the window test: the week before.
    log_entry(
        session=session,
        entry=EntryInput(intensity=3, occurred_at=at(date(2026, 11, 3), 10), locations=["neck"]),
    )
    week_one = {  # Mon 9 .. Wed 11 November: PEG items and the MS ratings
        date(2026, 11, 9): {"average_pain": 4, "enjoyment": 5, "activity": 6, "spasticity": 3},
        date(2026, 11, 10): {"average_pain": 6, "enjoyment": 7, "activity": 8, "fatigue": 7},
        # Not all three PEG items: counted in the day ratings, not in the week's PEG.
        date(2026, 11, 11): {"average_pain": 9, "sleep_quality": 2, "worst_pain": 9},
    }
    week_two = {date(2026, 11, 18): {"average_pain": 2, "enjoyment": 2, "activity": 2}}
    for day, ratings in {**week_one, **week_two}.items():
        record_day(
            session=session,
            day_input=DayInput(
                day=day,
                ratings=ratings,
                add_exposures=["humidity"] if day == date(2026, 11, 10) else (),
                note="a long day" if day == date(2026, 11, 9) else None,
            ),
        )
    events = [
        EventInput(kind="visit", start_day=date(2026, 11, 2), with_whom="neurologist", note="MRI?"),
        EventInput(kind="infusion", start_day=date(2026, 11, 12), therapy="Ocrelizumab"),
        EventInput(
            kind="dmt-dose", start_day=date(2026, 11, 14), therapy="Interferon", missed=True
        ),
        EventInput(
            kind="relapse", start_day=date(2026, 11, 15), end_day=date(2026, 11, 20), note="legs"
        ),
        EventInput(
            kind="steroids",
            start_day=date(2026, 11, 16),
            end_day=date(2026, 11, 18),
            dose="1 g daily",
        ),
        EventInput(kind="mri", start_day=date(2026, 11, 19)),
        EventInput(kind="fall", start_day=date(2026, 11, 21), note="tripped"),
        EventInput(kind="infection", start_day=date(2026, 11, 20)),  # no end day yet
        EventInput(kind="other", start_day=date(2026, 1, 5)),  # long before the window
    ]
    for event in events:
        add_event(session=session, event=event, today=TODAY)


@pytest.fixture
def small(diary: Diary) -> Diary:
    with diary_session(diary) as session:
        build_small_diary(session)
    return diary


def resources_of(diary: Diary, window: Window = Window(), name: str | None = None) -> list[Any]:
    with diary_session(diary) as session:
        return list(fhir_resources(session=session, window=window, name=name))


def bundle_of(diary: Diary, window: Window = Window(), name: str | None = None) -> dict[str, Any]:
    import io

    from painlog.services.fhir import export_fhir

    out = io.StringIO()
    with diary_session(diary) as session:
        export_fhir(session=session, out=out, window=window, name=name)
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def validate(bundle: dict[str, Any]) -> None:
    """The bundle through fhir.resources' R4B models, every resource in it as its own type."""
    parsed = Bundle.model_validate(bundle)
    entries = parsed.entry or []
    assert len(entries) == len(bundle["entry"])
    for entry, raw in zip(entries, bundle["entry"], strict=True):
        model = get_fhir_model_class(raw["resource"]["resourceType"])
        assert type(entry.resource) is model


def by_id(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["fullUrl"]: entry["resource"] for entry in bundle["entry"]}


def references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [ref for value in node.values() for ref in references(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in references(value)]
    return []


def code_of(resource: dict[str, Any]) -> str | None:
    codings = resource.get("code", {}).get("coding", [])
    return codings[0]["code"] if codings else None


def episodes(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        r
        for r in by_id(bundle).values()
        if r["resourceType"] == "Observation" and code_of(r) == "72514-3" and "derivedFrom" not in r
    ]


def test_the_bundle_and_every_resource_validate(small: Diary) -> None:
    bundle = bundle_of(small)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    validate(bundle)
    kinds = Counter(entry["resource"]["resourceType"] for entry in bundle["entry"])
    assert kinds["Patient"] == 1
    assert kinds["Encounter"] == 1
    assert kinds["MedicationStatement"] == 4  # baclofen, infusion, missed DMT dose, steroids
    assert kinds["Procedure"] == 3  # massage, stretching, the MRI


def test_the_validator_would_refuse_a_broken_resource(small: Diary) -> None:
    """The check above can fail: R4 gives an Observation one bodySite, not a list."""
    bundle = bundle_of(small)
    episode = episodes(bundle)[0]
    broken = dict(episode, bodySite=[episode["bodySite"]])
    with pytest.raises(ValidationError):
        get_fhir_model_class("Observation").model_validate(broken)
    with pytest.raises(ValidationError):  # inside the bundle as well
        Bundle.model_validate(dict(bundle, entry=[{"fullUrl": "urn:uuid:x", "resource": broken}]))
    with pytest.raises(ValidationError):  # nor two effective times
        get_fhir_model_class("Observation").model_validate(
            dict(episode, effectivePeriod={"start": "2026-11-10"})
        )


# The R4 status codes (required bindings), which the models leave unchecked.
STATUSES = {
    "Observation": {"registered", "preliminary", "final", "amended"},
    "MedicationStatement": {"active", "completed", "intended", "stopped", "on-hold", "not-taken"},
    "Procedure": {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed"},
    "Encounter": {"planned", "arrived", "triaged", "in-progress", "onleave", "finished"},
}


def test_every_status_is_an_r4_code(small: Diary) -> None:
    for entry in bundle_of(small)["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] in STATUSES:
            assert resource["status"] in STATUSES[resource["resourceType"]], resource


def test_every_reference_resolves_inside_the_bundle_to_an_allowed_type(small: Diary) -> None:
    bundle = bundle_of(small)
    resources = by_id(bundle)
    assert all(url.startswith("urn:uuid:") for url in resources)
    assert len(resources) == len(bundle["entry"])  # no fullUrl twice
    for url, resource in resources.items():
        assert url == f"urn:uuid:{resource['id']}"
        for target in references(resource):
            assert target in resources, (resource["resourceType"], target)
    # What R4 allows each link to point at.
    allowed = {
        ("MedicationStatement", "reasonReference"): {"Observation"},
        ("Procedure", "reasonReference"): {"Observation"},
        ("Observation", "partOf"): {"MedicationStatement", "Procedure"},
        ("Observation", "derivedFrom"): {"Observation"},
        ("Observation", "subject"): {"Patient"},
        ("Observation", "encounter"): {"Encounter"},
    }
    seen = set()
    for resource in resources.values():
        for (kind, element), types in allowed.items():
            if resource["resourceType"] != kind or element not in resource:
                continue
            links = resource[element]
            for link in links if isinstance(links, list) else [links]:
                assert resources[link["reference"]]["resourceType"] in types
                seen.add((kind, element))
    assert seen == set(allowed)


def test_episodes_carry_the_loinc_code_the_offset_and_the_persons_words(small: Diary) -> None:
    bundle = bundle_of(small)
    found = episodes(bundle)
    assert len(found) == 3  # the deleted entry is left out
    first = next(r for r in found if r["valueInteger"] == 7)
    assert first["status"] == "final"
    assert first["category"][0]["coding"][0]["code"] == "survey"
    coding = first["code"]["coding"][0]
    assert coding == {
        "system": "http://loinc.org",
        "code": "72514-3",
        "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    }
    assert first["effectiveDateTime"] == "2026-11-10T21:30:00+01:00"  # Berlin in winter
    assert first["bodySite"]["text"] == "Lower back, Leg"
    assert first["note"] == [{"text": "after the bus ride"}]
    parts = [
        (c["code"]["text"], c.get("valueCodeableConcept", {}).get("text"))
        for c in first["component"]
    ]
    trigger = "What seemed to set it off (as the person recorded)"
    assert parts[:5] == [
        ("Pain type", "Neuropathic (nerve) pain"),
        ("Pain quality", "Burning"),
        ("Pain quality", "Shooting"),
        (trigger, "Extreme heat"),
        (trigger, "Stress"),
    ]
    duration = next(c for c in first["component"] if "valueQuantity" in c)
    assert duration["valueQuantity"]["value"] == 45 and duration["valueQuantity"]["code"] == "min"


def test_a_summer_episode_keeps_its_summer_offset(diary: Diary) -> None:
    with diary_session(diary) as session:
        log_entry(
            session=session,
            entry=EntryInput(
                intensity=4, occurred_at=at(date(2026, 7, 1), 22, 5), locations=["neck"]
            ),
        )
    (episode,) = episodes(bundle_of(diary))
    assert episode["effectiveDateTime"] == "2026-07-01T22:05:00+02:00"


def test_remedies_link_to_their_episode_and_follow_ups_to_the_remedy(small: Diary) -> None:
    bundle = bundle_of(small)
    resources = by_id(bundle)
    first = next(r for r in episodes(bundle) if r["valueInteger"] == 7)
    linked = [
        r
        for r in resources.values()
        if {"reference": f"urn:uuid:{first['id']}"} in r.get("reasonReference", [])
    ]
    names = {
        (r["resourceType"], (r.get("medicationCodeableConcept") or r["code"])["text"])
        for r in linked
    }
    assert names == {
        ("MedicationStatement", "Baclofen"),
        ("Procedure", "Massage"),
        ("Procedure", "Gentle stretching"),
    }
    baclofen = next(r for r in linked if r["resourceType"] == "MedicationStatement")
    assert baclofen["dosage"] == [{"text": "10 mg"}]
    assert baclofen["effectiveDateTime"] == "2026-11-10T21:40:00+01:00"
    categories = {r["category"]["text"] for r in linked if r["resourceType"] == "Procedure"}
    assert categories == {"Therapy", "Self-care"}
    (follow_up,) = [
        r
        for r in resources.values()
        if {"reference": f"urn:uuid:{baclofen['id']}"} in r.get("partOf", [])
    ]
    assert follow_up["valueInteger"] == 4
    assert code_of(follow_up) == "72514-3"
    assert follow_up["effectiveDateTime"] == "2026-11-10T23:00:00+01:00"
    untreated = [
        r
        for r in resources.values()
        if r["resourceType"] == "Observation" and "derivedFrom" in r and "partOf" not in r
    ]
    assert [(r["valueInteger"], r["effectiveDateTime"]) for r in untreated] == [
        (2, "2026-11-18T09:00:00+01:00")
    ]


def test_the_weekly_peg_is_the_mean_of_the_weeks_whole_days(small: Diary) -> None:
    bundle = bundle_of(small)
    pegs = [r for r in by_id(bundle).values() if code_of(r) == "91147-9"]
    assert [p["effectivePeriod"] for p in pegs] == [
        {"start": "2026-11-09", "end": "2026-11-15"},
        {"start": "2026-11-16", "end": "2026-11-22"},
    ]
    first = pegs[0]
    # Days 9 and 10 have all three items; day 11 (pain only) is not in the PEG.
    assert first["valueQuantity"]["value"] == pytest.approx((4 + 5 + 6 + 6 + 7 + 8) / 6, abs=0.01)
    items = {
        (c["code"].get("coding") or [{"code": None}])[0]["code"]: c["valueQuantity"]["value"]
        for c in first["component"]
    }
    assert items == {None: 5.0, "91145-3": 6.0, "91146-1": 7.0}
    assert pegs[1]["valueQuantity"]["value"] == 2.0


def test_the_week_still_going_ends_today(diary: Diary, fixed_wednesday: datetime) -> None:
    with diary_session(diary) as session:
        ratings = {"average_pain": 3, "enjoyment": 4, "activity": 5}
        record_day(session=session, day_input=DayInput(day=date(2026, 11, 24), ratings=ratings))
    (peg,) = [r for r in by_id(bundle_of(diary)).values() if code_of(r) == "91147-9"]
    assert peg["effectivePeriod"] == {"start": "2026-11-23", "end": "2026-11-25"}  # Mon to today
    assert peg["valueQuantity"]["value"] == 4.0


def test_day_ratings_exposures_remedies_and_notes_are_day_observations(small: Diary) -> None:
    from painlog.models import DayCheckin

    with diary_session(small) as session:
        checkin = session.query(DayCheckin).filter_by(day=date(2026, 11, 9)).one()
        checkin.set_remedies([("ibuprofen", "400 mg"), ("yoga", None)])
    bundle = bundle_of(small)
    day_texts = {
        (r["code"]["text"], r.get("valueInteger"), r.get("effectiveDateTime"))
        for r in by_id(bundle).values()
        if r["resourceType"] == "Observation" and "coding" not in r["code"]
    }
    assert ("Spasticity of the day (0-10)", 3, "2026-11-09") in day_texts
    assert ("Fatigue of the day (0-10)", 7, "2026-11-10") in day_texts
    assert ("Sleep quality of the night before the day (0-10)", 2, "2026-11-11") in day_texts
    assert ("Worst pain of the day (0-10)", 9, "2026-11-11") in day_texts
    resources = list(by_id(bundle).values())
    exposure = next(
        r for r in resources if r.get("code", {}).get("text", "").startswith("Present during")
    )
    assert exposure["effectiveDateTime"] == "2026-11-10"
    assert "humid" in exposure["valueCodeableConcept"]["text"].lower()
    note = next(r for r in resources if r.get("code", {}).get("text") == "Note on the day")
    assert note["valueString"] == "a long day"
    ibuprofen = next(
        r for r in resources if r.get("medicationCodeableConcept", {}).get("text") == "Ibuprofen"
    )
    assert ibuprofen["effectiveDateTime"] == "2026-11-09" and "reasonReference" not in ibuprofen
    assert ibuprofen["dosage"] == [{"text": "400 mg"}]
    assert any(
        r["resourceType"] == "Procedure" and r["code"] == {"text": "Yoga"} for r in resources
    )


def test_each_kind_of_event_becomes_its_resource(small: Diary) -> None:
    resources = list(by_id(bundle_of(small)).values())

    def recorded(kind_label: str) -> list[dict[str, Any]]:
        wanted = f"{kind_label} (as the person recorded it)"
        return [
            r
            for r in resources
            if r.get("code", {}).get("text") == wanted
            or (isinstance(r.get("category"), dict) and r["category"].get("text") == wanted)
        ]

    (relapse,) = recorded("Relapse")
    assert relapse["resourceType"] == "Observation"
    assert relapse["effectivePeriod"] == {"start": "2026-11-15", "end": "2026-11-20"}
    assert relapse["note"] == [{"text": "legs"}]
    (infection,) = recorded("Infection")
    assert infection["effectivePeriod"] == {"start": "2026-11-20"}  # still going
    (fall,) = recorded("Fall")
    assert fall["resourceType"] == "Observation" and fall["effectiveDateTime"] == "2026-11-21"
    (steroids,) = recorded("Steroid course")
    assert steroids["resourceType"] == "MedicationStatement"
    assert steroids["dosage"] == [{"text": "1 g daily"}]
    (infusion,) = recorded("Infusion")
    assert infusion["medicationCodeableConcept"] == {"text": "Ocrelizumab"}
    assert infusion["status"] == "completed"
    (dmt,) = recorded("DMT dose")
    assert dmt["status"] == "not-taken"  # the person recorded a missed dose
    (mri,) = recorded("MRI")
    assert mri["resourceType"] == "Procedure" and mri["performedDateTime"] == "2026-11-19"
    (visit,) = [r for r in resources if r["resourceType"] == "Encounter"]
    assert visit["type"] == [{"text": "Visit with Neurologist"}]
    assert visit["class"]["code"] == "AMB" and visit["period"] == {"start": "2026-11-02"}
    (visit_note,) = [
        r for r in resources if r.get("encounter") == {"reference": f"urn:uuid:{visit['id']}"}
    ]
    assert visit_note["valueString"] == "MRI?"


def test_the_window_keeps_only_its_days(small: Diary) -> None:
    window = Window(date(2026, 11, 10), date(2026, 11, 18))
    bundle = bundle_of(small, window)
    validate(bundle)
    days = {r["effectiveDateTime"][:10] for r in episodes(bundle)}
    assert days == {"2026-11-10", "2026-11-18"}  # not the 3rd
    pegs = [r for r in by_id(bundle).values() if code_of(r) == "91147-9"]
    # The weeks are cut to the window: the 9th (a whole PEG day) is left out.
    assert [p["effectivePeriod"] for p in pegs] == [
        {"start": "2026-11-10", "end": "2026-11-15"},
        {"start": "2026-11-16", "end": "2026-11-18"},
    ]
    assert pegs[0]["valueQuantity"]["value"] == 7.0
    dated = [
        r.get("effectiveDateTime") or r.get("performedDateTime") or ""
        for r in by_id(bundle).values()
    ]
    assert all(d == "" or "2026-11-10" <= d[:10] <= "2026-11-18" for d in dated)
    kept = {r.get("code", {}).get("text") for r in by_id(bundle).values()}
    assert "Other event (as the person recorded it)" not in kept  # January
    assert "Infection (as the person recorded it)" not in kept  # starts after the window
    assert "Relapse (as the person recorded it)" in kept  # overlaps it


def test_the_patient_is_minimal_unless_named(small: Diary) -> None:
    (patient,) = [r for r in resources_of(small) if r["resourceType"] == "Patient"]
    assert set(patient) == {"resourceType", "id"}
    (named,) = [
        r for r in resources_of(small, name="Ada Example") if r["resourceType"] == "Patient"
    ]
    assert named["name"] == [{"text": "Ada Example"}]
    assert named["id"] == patient["id"]


def test_ids_are_stable_between_exports(small: Diary) -> None:
    first = [r["id"] for r in resources_of(small)]
    second = [r["id"] for r in resources_of(small)]
    assert first == second and len(set(first)) == len(first)


def test_the_cli_writes_a_private_file_and_refuses_to_overwrite(
    small: Diary, cli: CliRun, tmp_path: Path
) -> None:
    target = tmp_path / "clinic.json"
    result = cli(
        "export", "--format", "fhir", "--from", "2026-11-10", "--to", "2026-11-18",
        "--name", "Ada Example", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Exported 2 episodes and 2 weeks of PEG" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    bundle = json.loads(target.read_text(encoding="utf-8"))
    validate(bundle)
    assert len(episodes(bundle)) == 2
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert patient["name"] == [{"text": "Ada Example"}]
    before = target.read_bytes()
    again = cli("export", "--format", "fhir", "-o", str(target))
    assert again.exit_code == 2 and "already exists; add --force" in again.stderr
    assert target.read_bytes() == before
    forced = cli("export", "--format", "fhir", "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert len(episodes(json.loads(target.read_text(encoding="utf-8")))) == 3


def test_without_a_file_the_bundle_goes_to_stdout(small: Diary, cli: CliRun) -> None:
    result = cli("export", "--format", "FHIR", "--to", "2026-11-12")
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.stdout)
    validate(bundle)
    assert len(episodes(bundle)) == 2  # the 3rd and the 10th
    assert result.stderr.startswith("Exported 2 episodes and 1 week of PEG to stdout")


@pytest.mark.slow
def test_the_sixteen_week_event_diary_validates(diary: Diary) -> None:
    from tests import event_diary

    with diary_session(diary) as session:
        event_diary.build_event_diary(session)
    bundle = bundle_of(diary)
    validate(bundle)
    assert len(episodes(bundle)) > 20
    assert sum(code_of(e["resource"]) == "91147-9" for e in bundle["entry"]) >= 15
