"""Events of the MS course: recording, history, export, analysis, charts and the visit page."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from painlog.analysis.period import Period, PeriodRequest
from painlog.analysis.visit import first_and_last_weeks, meaningful_drop, weekly_ratings
from painlog.events import event_days, event_marks
from painlog.models import EventChange
from painlog.services import analysis, events
from painlog.services import exchange as exchange_service
from painlog.services.events import EventInput
from painlog.storage.diary import diary_session, open_diary
from tests.conftest import CliRun
from tests.event_diary import (
    INFECTION,
    INFUSIONS,
    NOW,
    RELAPSE,
    STEROIDS,
    TODAY,
    VISIT,
    ZONE,
    build_event_diary,
)
from tests.exchange_helpers import empty_diary, export_doc, export_text, session_on

PINNED = datetime(2026, 11, 20, 18, 0, tzinfo=ZONE)


@pytest.fixture
def pinned() -> Iterator[None]:
    with time_machine.travel(PINNED, tick=False):
        yield


@pytest.fixture
def visit_diary(db_path: Path) -> Iterator[Path]:
    """The sixteen-week diary of tests/event_diary.py, with "now" pinned to its last day."""
    with time_machine.travel(NOW, tick=False):
        opened = open_diary(db_path)
        with diary_session(opened) as session:
            build_event_diary(session)
        opened.engine.dispose()
        yield db_path


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return result


def pdf_pages(path: Path) -> list[str]:
    return [
        " ".join((page.extract_text() or "").replace("\xa0", " ").split())
        for page in PdfReader(path).pages
    ]


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# --- recording ------------------------------------------------------------------------------


def test_add_list_show_edit_delete_restore(cli: CliRun, pinned: None) -> None:
    added = ok(cli("event", "add", "steroid", "--from", "2026-11-03", "--to", "2026-11-05",
                   "--dose", "1 g daily"))  # fmt: skip
    assert added.stdout.startswith("Added event 1: steroid course (as you recorded it)")
    assert "Tue 3 Nov 2026 to Thu 5 Nov 2026 (3 days) · 1 g daily" in added.stdout
    ok(cli("event", "add", "visit", "--from", "2026-10-01", "--with", "MS nurse"))
    ok(cli("event", "add", "relapse", "--from", "2026-11-10", "--note", "numb left foot"))
    listed = json.loads(ok(cli("event", "list", "--json")).stdout)
    assert [e["kind"] for e in listed] == ["visit", "steroids", "relapse"]  # oldest first
    assert listed[0]["with_whom"] == "ms-nurse"
    assert listed[2]["end_day"] is None and listed[2]["last_day"] == "2026-11-20"  # still going
    touching = json.loads(ok(cli("event", "list", "--from", "2026-11-06", "--json")).stdout)
    assert [e["kind"] for e in touching] == ["relapse"]
    only = json.loads(ok(cli("event", "list", "--kind", "visit,steroids", "--json")).stdout)
    assert [e["kind"] for e in only] == ["visit", "steroids"]
    table = ok(cli("event", "list")).stdout
    assert "You recorded" in table and "from Tue 10 Nov 2026, no end day yet" in table
    shown = ok(cli("event", "show", "2")).stdout
    assert "Event 2: Visit, as you recorded it" in shown and "With      MS nurse" in shown

    changed = ok(cli("event", "edit", "3", "--to", "2026-11-18", "--clear", "note"))
    assert "Tue 10 Nov 2026 to Wed 18 Nov 2026 (9 days)" in changed.stdout
    ok(cli("event", "delete", "3"))
    assert [e["id"] for e in json.loads(ok(cli("event", "list", "--json")).stdout)] == [2, 1]
    assert "No events match." in ok(cli("event", "list", "--kind", "relapse")).stdout
    ok(cli("event", "restore", "3"))
    history = ok(cli("history", "--event", "3")).stdout
    assert "4 versions" in history
    assert "to - → 2026-11-18" in history and "deleted" in history and "restored" in history
    recent = ok(cli("history")).stdout
    assert "event 3" in recent and "event 1" in recent
    brought = ok(cli("revert", "--event", "3", "--to", "1"))
    assert "saved as version 5" in brought.stdout
    assert json.loads(ok(cli("event", "show", "3", "--json")).stdout)["end_day"] is None


def test_events_are_never_labelled_by_painlog(cli: CliRun, pinned: None) -> None:
    outputs = [
        ok(cli("event", "add", "relapse", "--from", "2026-11-01", "--to", "2026-11-09")).stdout,
        ok(cli("event", "add", "infection", "--from", "2026-11-02")).stdout,
        ok(cli("event", "list")).stdout,
        ok(cli("event", "show", "1")).stdout,
    ]
    text = "\n".join(outputs).lower()
    assert "you recorded" in text
    for label in ("pseudo", "this was", "is a relapse", "diagnos"):
        assert label not in text


def test_a_missed_dmt_dose_and_an_infusion(session: Session, pinned: None) -> None:
    dose = events.add_event(
        session=session,
        event=EventInput(
            kind="dmt-dose", start_day=date(2026, 11, 2), therapy="Dimethyl fumarate", missed=True
        ),
    )
    assert (dose.therapy, dose.missed) == ("Dimethyl fumarate", True)
    changed = events.edit_event(
        session=session, event_id=dose.id, changes=events.EventChanges(missed=False)
    )
    assert changed.missed is False
    versions = session.scalars(select(EventChange).where(EventChange.record_uid == dose.uid))
    assert [(c.version, c.action) for c in versions] == [(1, "create"), (2, "edit")]


def test_history_of_events_is_append_only(session: Session, pinned: None) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    events.add_event(session=session, event=EventInput(kind="fall", start_day=date(2026, 11, 2)))
    session.flush()
    with pytest.raises(IntegrityError, match="append-only"):
        session.execute(text("UPDATE event_history SET action = 'edit'"))


def test_list_events_takes_the_spans_that_touch_the_days(session: Session, pinned: None) -> None:
    def add(kind: str, first: date, last: date | None = None) -> None:
        events.add_event(
            session=session, event=EventInput(kind=kind, start_day=first, end_day=last)
        )

    add("infection", date(2026, 10, 1), date(2026, 10, 10))
    add("relapse", date(2026, 10, 20))  # no end day yet: reaches today
    add("mri", date(2026, 10, 5))
    found = events.list_events(session=session, start=date(2026, 10, 8), end=date(2026, 11, 1))
    assert [e.kind for e in found] == ["infection", "relapse"]
    later = events.list_events(session=session, start=date(2026, 11, 15), end=date(2026, 11, 20))
    assert [e.kind for e in later] == ["relapse"]
    days = event_days(found, start=date(2026, 10, 8), end=date(2026, 10, 25), today=PINNED.date())
    assert len(days) == 3 + 6  # 8-10 Oct of the infection, 20-25 Oct of the relapse


def test_marks_are_clipped_to_the_period() -> None:
    from painlog.models import Event

    rows = [
        Event(kind="relapse", start_day=date(2026, 5, 20), end_day=date(2026, 6, 10)),
        Event(kind="visit", start_day=date(2026, 5, 30)),  # before the period: no marker
        Event(kind="infusion", start_day=date(2026, 6, 15)),
        Event(kind="dmt-dose", start_day=date(2026, 6, 16)),  # neither band nor marker
        Event(kind="steroids", start_day=date(2026, 6, 28)),  # still going: to the period's end
    ]
    marks = event_marks(rows, start=date(2026, 6, 1), end=date(2026, 6, 30), today=TODAY)
    assert [(m.kind, m.first, m.last) for m in marks] == [
        ("relapse", date(2026, 6, 1), date(2026, 6, 10)),
        ("infusion", date(2026, 6, 15), date(2026, 6, 15)),
        ("steroids", date(2026, 6, 28), date(2026, 6, 30)),
    ]


def test_a_closed_relapse_may_be_followed_by_another(session: Session, pinned: None) -> None:
    first = events.add_event(
        session=session,
        event=EventInput(kind="relapse", start_day=date(2026, 9, 1), end_day=date(2026, 9, 20)),
    )
    events.add_event(session=session, event=EventInput(kind="relapse", start_day=date(2026, 11, 1)))
    from painlog.errors import BadInput

    with pytest.raises(BadInput, match="no end day"):  # reopening the first would overlap
        events.edit_event(
            session=session,
            event_id=first.id,
            changes=events.EventChanges(clear=frozenset({"to"})),
        )


# --- export and import ---------------------------------------------------------------------


def test_export_import_export_is_identical_with_events(tmp_path: Path) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    with time_machine.travel(NOW, tick=False):
        empty_diary(source)
        with session_on(source) as session:
            build_event_diary(session)
            fall = events.add_event(
                session=session,
                event=EventInput(kind="fall", start_day=date(2026, 9, 1), note="kitchen"),
            )
            events.delete_event(session=session, event_id=fall.id)
        exported = tmp_path / "a.json"
        exported.write_text(export_text(source), encoding="utf-8")
        empty_diary(target)
        with session_on(target) as session:
            summary = exchange_service.import_diary(session=session, path=exported)
        assert summary.events.added == 7
        assert export_doc(target) == export_doc(source)
        document = export_doc(source)
        assert document["format_version"] == 2
        kinds = [e["kind"] for e in document["events"]]
        assert kinds == [
            "visit",
            "infusion",
            "relapse",
            "steroids",
            "infection",
            "infusion",
            "fall",
        ]
        assert document["events"][-1]["deleted_at"] is not None
        with session_on(target) as session:
            again = exchange_service.import_diary(session=session, path=exported)
            history = session.scalar(select(func.count()).select_from(EventChange))
        assert (again.events.added, again.events.unchanged) == (0, 7)
        assert history == 7  # one import version each, nothing for the unchanged second time


def test_a_version_1_file_still_imports(cli: CliRun, tmp_path: Path) -> None:
    from tests.exchange_helpers import synthetic_export

    path = tmp_path / "old.json"
    path.write_text(synthetic_export(3), encoding="utf-8")
    assert '"format_version": 1' in path.read_text()
    result = ok(cli("import", str(path)))
    assert re.search(r"entries +3 added", result.stdout)
    assert re.search(r"events +0 added", result.stdout)


def test_an_impossible_event_in_a_file_is_refused(cli: CliRun, tmp_path: Path) -> None:
    from tests.exchange_helpers import synthetic_export

    document = json.loads(synthetic_export(1))
    document["format_version"] = 2
    document["events"] = [
        {"uid": "e" * 32, "kind": "relapse", "start_day": "2026-03-05", "end_day": "2026-03-01"}
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert "event 1 (uid eeee" in result.stderr and "before the start day" in result.stderr
    assert "Nothing was imported." in result.stderr
    assert "No events match." in ok(cli("event", "list")).stdout
    assert "No entries match." in ok(cli("list")).stdout


# --- the analysis ------------------------------------------------------------------------


def test_exclude_leaves_out_the_days_inside_the_spans(visit_diary: Path) -> None:
    request = PeriodRequest(start=VISIT, end=TODAY)
    opened = open_diary(visit_diary, write=False)
    with time_machine.travel(NOW, tick=False), diary_session(opened) as session:
        whole = analysis.triggers(session=session, request=request)
        left = analysis.triggers(
            session=session, request=request, exclude=("relapse", "steroids", "infection")
        )
        remedies = analysis.remedies(session=session, request=request, exclude=("infection",))
    opened.engine.dispose()
    span_days = (RELAPSE[1] - RELAPSE[0]).days + 1 + (INFECTION[1] - INFECTION[0]).days + 1
    assert whole.observed_days - left.observed_days == span_days  # the steroids lie in the relapse
    assert left.events is not None and len(left.events.excluded_days) == span_days
    assert whole.events is not None and whole.events.span_days == span_days
    heat_whole = next(t for t in whole.triggers if t.trigger == "heat")
    heat_left = next(t for t in left.triggers if t.trigger == "heat")
    assert heat_whole.days_with + heat_whole.days_without == whole.observed_days
    assert heat_left.days_with + heat_left.days_without == left.observed_days
    assert remedies.events is not None and remedies.events.excluded == ("infection",)


def test_triggers_text_says_when_events_overlap(cli: CliRun, visit_diary: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        text = ok(cli("triggers")).stdout
        left = ok(cli("triggers", "--exclude", "relapse,steroids,infection")).stdout
        remedies = ok(cli("remedies", "--exclude", "relapse")).stdout
    assert (
        "You recorded events in this period: 1 relapse, 1 steroid course, 2 infusions, "
        "1 infection and 1 visit." in text
    )
    assert "26 days fall inside a relapse, steroid course or infection" in text
    assert "Left out, as you asked: the 26 days inside the relapses, steroid courses and " in left
    assert "Left out, as you asked: the 21 days inside the relapses you recorded" in remedies


def test_without_days_drops_every_table_on_those_days() -> None:
    from painlog.analysis.exclude import without_days
    from painlog.analysis.frames import make_frames

    frames = make_frames(
        entries=[(1, "2026-03-01", 9, 5, None), (2, "2026-03-02", 9, 6, None)],
        entry_triggers=[("2026-03-01", "heat"), ("2026-03-02", "heat")],
        checkins=[("2026-03-01", 4, 6, 3, 3), ("2026-03-03", 2, 3, 1, 1)],
    )
    kept = without_days(frames, {date(2026, 3, 1)})
    assert kept.entries["entry_id"].tolist() == [2]
    assert len(kept.entry_triggers) == 1
    assert [d.day for d in kept.checkins["day"]] == [3]
    assert without_days(frames, set()) is frames


# --- the visit -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "met"),
    [(5.0, 3.5, True), (5.0, 3.6, False), (10.0, 8.0, True), (3.0, 2.1, True), (2.0, 1.5, False)],
)
def test_the_two_point_thirty_percent_rule(before: float, after: float, met: bool) -> None:
    assert meaningful_drop(before, after) is met


def test_first_and_last_four_weeks() -> None:
    period = Period(date(2026, 1, 5), date(2026, 3, 1))  # 56 days: just enough
    pain = {period.start + timedelta(days=i): 6.0 if i < 28 else 3.0 for i in range(56)}
    fatigue = {period.start + timedelta(days=i): 4.0 for i in range(0, 56, 2)}
    changes = first_and_last_weeks(period, {"daily_pain": pain, "fatigue": fatigue})
    assert changes is not None
    by = {c.measure: c for c in changes}
    assert (by["daily_pain"].first, by["daily_pain"].last, by["daily_pain"].change) == (6, 3, -3)
    assert by["daily_pain"].meaningful_drop and not by["fatigue"].meaningful_drop
    assert (by["fatigue"].first_days, by["fatigue"].last_days) == (14, 14)
    assert by["peg"].first is None and by["peg"].change is None
    assert first_and_last_weeks(Period(period.start, period.end - timedelta(days=1)), {}) is None


def test_weekly_ratings_average_each_week() -> None:
    monday = date(2026, 3, 2)
    rows = [
        (monday, 4, None, 6),
        (monday + timedelta(days=1), 6, 5, None),
        (monday, None, None, None),
    ]
    first, second = weekly_ratings([monday, monday + timedelta(days=7)], rows)
    assert (first.spasticity, first.fatigue, first.sleep, first.days) == (5, 5, 6, 2)
    assert (second.spasticity, second.days) == (None, 0)


def test_report_since_visit_lists_the_events_on_page_one(
    cli: CliRun, visit_diary: Path, here: Path, tmp_path: Path
) -> None:
    with time_machine.travel(NOW, tick=False):
        result = ok(cli("report", "--since-visit", "--question", "Is the weak leg new?"))
        ok(cli("report", "--since-visit", "-o", "visit.md"))
        ok(cli("report", "--since-visit", "-o", "visit.csv"))
    name = f"painlog-summary-{VISIT.isoformat()}-{TODAY.isoformat()}.pdf"
    assert name in result.stdout
    first = pdf_pages(here / name)[0]
    assert "Since your last visit" in first
    assert f"From the last visit you recorded ({day_text(VISIT)}, with Neurologist)" in first
    relapse = f"{day_text(RELAPSE[0])} to {day_text(RELAPSE[1])} (21 days) Relapse left leg weak"
    steroids = f"{day_text(STEROIDS[0])} to {day_text(STEROIDS[1])} (3 days) Steroid course"
    rows = [
        f"{day_text(INFUSIONS[0])} Infusion Ocrelizumab",
        relapse,
        steroids + " 1 g daily",
        f"{day_text(INFECTION[0])} to {day_text(INFECTION[1])} (5 days) Infection",
        f"{day_text(INFUSIONS[1])} Infusion Ocrelizumab",
    ]
    positions = [first.index(row) for row in rows]
    assert positions == sorted(positions)  # in date order
    assert "Is the weak leg new?" in first
    pain_row = re.search(
        r"Daily pain (\d\.\d) \(\d+ days\) (\d\.\d) \(\d+ days\) (-?\d\.\d) (met|not)", first
    )
    assert pain_row is not None
    start, end, change, rule = pain_row.groups()
    assert float(change) == pytest.approx(float(end) - float(start))
    assert (rule == "met") == meaningful_drop(float(start), float(end))
    assert rule == "met"  # the diary's pain falls by more than 2 points
    for measure in ("PEG", "Spasticity", "Fatigue"):
        assert re.search(measure + r" \d\.\d \(\d+ days\) \d\.\d", first), measure
    assert "Bands and markers: events you recorded." in first
    everything = " ".join(pdf_pages(here / name))
    assert "Spasticity, fatigue and sleep" in everything

    markdown = (here / "visit.md").read_text(encoding="utf-8")
    assert "## Since your last visit" in markdown
    for row in ("| Relapse | left leg weak |", "| Steroid course | 1 g daily |", "| Infusion |"):
        assert row in markdown, row
    assert "| Spasticity | Fatigue | Sleep quality |" in markdown

    with (here / "visit-events.csv").open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert [r["kind"] for r in csv_rows] == [
        "visit", "infusion", "relapse", "steroids", "infection", "infusion"
    ]  # fmt: skip
    assert csv_rows[3]["details"] == "1 g daily" and csv_rows[2]["end_date"] == "2026-07-26"


def test_since_visit_without_a_visit_says_so(cli: CliRun, here: Path, pinned: None) -> None:
    ok(cli("day", "--date", "2026-11-19", "--avg", "4"))
    result = cli("report", "--since-visit")
    assert result.exit_code == 2
    assert "No visit is recorded yet" in result.stderr
    assert list(here.iterdir()) == []
    refused = cli("report", "--since-visit", "--weeks", "4")
    assert refused.exit_code == 2 and "leave out --weeks" in refused.stderr


def test_a_short_period_since_the_visit_is_not_compared(
    cli: CliRun, here: Path, pinned: None
) -> None:
    ok(cli("event", "add", "visit", "--from", "2026-11-01", "--with", "gp"))
    for day in range(1, 20):
        ok(cli("day", "--date", f"2026-11-{day:02d}", "--avg", "4", "--spasticity", "5"))
    ok(cli("report", "--since-visit", "-o", "short.md"))
    markdown = (here / "short.md").read_text(encoding="utf-8")
    assert "(Sun 1 Nov 2026, with GP)" in markdown
    assert "You recorded no other events in this period." in markdown
    assert "shorter than eight weeks" in markdown


def test_the_trends_chart_draws_the_events(cli: CliRun, visit_diary: Path, tmp_path: Path) -> None:
    from PIL import Image

    with time_machine.travel(NOW, tick=False):
        ok(cli("trends", "--from", VISIT.isoformat(), "--chart", str(tmp_path / "with.png")))
        for event_id in range(1, 7):
            ok(cli("event", "delete", str(event_id)))
        ok(cli("trends", "--from", VISIT.isoformat(), "--chart", str(tmp_path / "without.png")))
    with Image.open(tmp_path / "with.png") as drawn, Image.open(tmp_path / "without.png") as bare:
        assert drawn.size[1] > bare.size[1]  # a row of legend for the events

        # The relapse band darkens the pain panel: more grey pixels than without it.
        def grey(image: Image.Image) -> int:
            return sum(image.convert("L").histogram()[150:226])

        assert grey(drawn) > grey(bare) * 1.2


def test_a_long_list_of_events_keeps_page_one_short(cli: CliRun, here: Path, pinned: None) -> None:
    for day in range(1, 15):
        ok(cli("event", "add", "fall", "--from", f"2026-11-{day:02d}", "--note", f"fall {day}"))
        ok(cli("day", "--date", f"2026-11-{day:02d}", "--avg", "3"))
    ok(cli("report", "--from", "2026-11-01", "--to", "2026-11-20", "-o", "falls.md"))
    markdown = (here / "falls.md").read_text(encoding="utf-8")
    page_one, details = markdown.split("## All events you recorded")
    assert "## Events you recorded" in page_one
    assert "fall 3 |" in page_one and "fall 2 |" not in page_one  # the latest twelve
    assert "The latest 12; 2 earlier events are under All events you recorded" in page_one
    assert all(f"fall {day} |" in details for day in range(1, 15))
