"""A summary of a period for the person's clinician: one ``Report``, three renderers.

``build_report`` gathers everything the PDF and the Markdown show from the
analysis functions (the same definitions and statistics as ``trends``,
``triggers`` and ``remedies``), the journal and the guidance, with every
label already resolved, so the renderers only lay it out. ``period_records``
gives the period's entries and check-ins for the CSV files, without pandas.

pandas is imported inside ``build_report`` only: checking the options and
naming the output file stay cheap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from painlog import __version__, fields
from painlog.analysis.period import Period, PeriodRequest
from painlog.doses import same_dose
from painlog.errors import BadInput
from painlog.events import KINDS, EventMark, event_details, event_marks
from painlog.guidance import Guidance, Link, Source, Statement, load_guidance
from painlog.models import DayCheckin, DayRemedy, Entry, Event, RemedyAttempt
from painlog.services.events import last_visit, list_events
from painlog.services.vocabulary import load_vocabulary
from painlog.vocab import Vocabulary
from painlog.when import local_now

if TYPE_CHECKING:
    from painlog.analysis.overview import DayLine, PeriodOverview
    from painlog.analysis.remedies import RemedyResponse
    from painlog.analysis.summaries import WeekTrend
    from painlog.analysis.triggers import TriggerAssociation
    from painlog.analysis.visit import MeasureChange, RatingsWeek

DEFAULT_WEEKS = 12
SEVERE_EPISODES = 10  # the entries with the highest pain, on the pages after the first
MAX_QUESTION_CHARS = 1_000
MAX_NAME_CHARS = 200
# The aspects of a topic's guidance that the summary shows: what to raise with a clinician.
DISCUSS_ASPECTS = ("caution", "clinician")


@dataclass(frozen=True)
class TriggerLine:
    key: str
    label: str
    days: int  # days in the period with the trigger (named in an entry or as an exposure)
    association: TriggerAssociation  # the joint model's row at the trigger's clearest lag
    together_with: tuple[str, ...] = ()  # labels of the triggers it cannot be told apart from


@dataclass(frozen=True)
class RemedyLine:
    key: str
    label: str
    doses: tuple[tuple[str | None, int], ...]  # (dose as written or None, uses), most first
    response: RemedyResponse


@dataclass(frozen=True)
class EpisodeRemedy:
    label: str
    dose: str | None
    taken_at: datetime | None
    pain_after: int | None
    pain_after_at: datetime | None


@dataclass(frozen=True)
class Episode:
    """One entry, with its labels resolved."""

    entry_id: int
    occurred_at: datetime
    intensity: int
    pain_type: str | None
    locations: tuple[str, ...]
    qualities: tuple[str, ...]
    triggers: tuple[str, ...]
    remedies: tuple[EpisodeRemedy, ...]
    duration_minutes: int | None
    note: str | None


@dataclass(frozen=True)
class DayRow:
    line: DayLine
    triggers: tuple[str, ...]  # labels
    remedies: tuple[tuple[str, int], ...]  # (label, uses that day)
    note: str | None  # the check-in's note


@dataclass(frozen=True)
class TopicNote:
    """A pain type, trigger or remedy of this period and what the articles say to discuss."""

    kind: str
    key: str
    label: str
    count: int  # entries (pain type), days (trigger) or uses (remedy) in the period
    summary: str
    sources: tuple[str, ...]
    statements: tuple[Statement, ...]
    # Pain types: remedies the articles list for it that were not used in the period.
    not_used: tuple[tuple[str, Link], ...] = ()


@dataclass(frozen=True)
class TensionNote:
    summary: str
    statements: tuple[Statement, ...]
    pain_types: tuple[str, ...]  # labels of the tension's pain types logged in the period
    triggers: tuple[str, ...]  # labels of the tension's triggers present in the period
    remedies: tuple[str, ...]  # labels of the tension's remedies used in the period


@dataclass(frozen=True)
class EventLine:
    """An event the person recorded, as the summary lists it."""

    event_id: int
    kind: str
    label: str  # the kind's label: "Steroid course"
    start_day: date
    end_day: date | None  # None: one day, or (ongoing) no end day yet
    ongoing: bool  # a relapse, steroid course or infection with no end day yet
    details: str  # its own fields: "1 g daily", "Ocrelizumab", "with Neurologist"
    note: str | None


def event_line(event: Event) -> EventLine:
    return EventLine(
        event_id=event.id,
        kind=event.kind,
        label=KINDS[event.kind].label,
        start_day=event.start_day,
        end_day=event.end_day,
        ongoing=event.end_day is None and KINDS[event.kind].span,
        details=event_details(event),
        note=event.note,
    )


@dataclass(frozen=True)
class Report:
    period: Period
    prepared_on: date
    version: str
    name: str | None
    questions: tuple[str, ...]
    overview: PeriodOverview
    pain_types: tuple[tuple[str, int], ...] = ()  # (label, entries); "No type given" last
    weeks: list[WeekTrend] = field(default_factory=list)
    triggers: list[TriggerLine] = field(default_factory=list)  # sorted as ``painlog triggers``
    remedies: list[RemedyLine] = field(default_factory=list)  # most used first
    episodes: list[Episode] = field(default_factory=list)  # highest pain first
    days: list[DayRow] = field(default_factory=list)  # every day of the period
    topics: list[TopicNote] = field(default_factory=list)
    tensions: list[TensionNote] = field(default_factory=list)
    own_terms: tuple[str, ...] = ()  # the person's own terms seen: no guidance on them
    sources: tuple[Source, ...] = ()
    events: list[EventLine] = field(default_factory=list)  # touching the period, oldest first
    marks: list[EventMark] = field(default_factory=list)  # the events the weekly chart draws
    ratings: list[RatingsWeek] = field(default_factory=list)  # spasticity, fatigue, sleep
    # With --since-visit: the visit the period starts at, and the first and last four weeks
    # compared (None when the period is under eight weeks).
    visit: EventLine | None = None
    changes: list[MeasureChange] | None = None

    @property
    def has_data(self) -> bool:
        return self.overview.observed_days > 0


NO_TYPE = "No type given"


def report_period(request: PeriodRequest, *, today: date | None = None) -> Period:
    """The days to summarise: the last 12 ISO weeks unless ``--weeks`` or ``--from``/``--to``."""
    return request.resolve(today=today or local_now().date(), default_weeks=DEFAULT_WEEKS)


def since_visit_period(*, session: Session, today: date | None = None) -> tuple[Period, Event]:
    """From the last visit recorded to today; refused when no visit is recorded."""
    visit = last_visit(session=session)
    if visit is None:
        raise BadInput(
            "No visit is recorded yet, so there is no last visit to start from; record one with "
            "painlog event add visit --from DAY --with neurologist, or give --weeks or --from."
        )
    today = today or local_now().date()
    return Period(visit.start_day, max(visit.start_day, today)), visit


def check_questions(questions: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    cleaned = []
    for question in questions or ():
        text = " ".join(question.split())
        if not text:
            raise BadInput(
                'A question is empty; write the question, such as "Is X safe?".', field="question"
            )
        if len(text) > MAX_QUESTION_CHARS:
            raise BadInput(
                f"A question is {len(text)} characters long; "
                f"keep each one under {MAX_QUESTION_CHARS}.",
                field="question",
            )
        cleaned.append(text)
    return tuple(cleaned)


def check_name(name: str | None) -> str | None:
    if name is None:
        return None
    text = " ".join(name.split())
    if not text:
        raise BadInput("The name is empty; leave it out to print no name.", field="name")
    if len(text) > MAX_NAME_CHARS:
        raise BadInput(f"The name is longer than {MAX_NAME_CHARS} characters.", field="name")
    return text


def build_report(
    *,
    session: Session,
    period: Period,
    today: date | None = None,
    name: str | None = None,
    questions: tuple[str, ...] = (),
    visit: Event | None = None,
) -> Report:
    """Everything the summary shows for ``period``; ``has_data`` is False with no observed day.

    ``visit``: the report runs from this visit (``--since-visit``); it adds the
    comparison of the period's first and last four weeks.
    """
    from painlog.analysis.frames import load_frames
    from painlog.analysis.overview import day_lines, period_overview
    from painlog.analysis.remedies import remedy_responses
    from painlog.analysis.summaries import weekly_trends
    from painlog.analysis.triggers import trigger_associations

    frames = load_frames(session=session, start=period.start, end=period.end)
    overview = period_overview(frames, period)
    report = Report(
        period=period,
        prepared_on=today or local_now().date(),
        version=__version__,
        name=name,
        questions=questions,
        overview=overview,
    )
    if not report.has_data:
        return report
    vocabulary = load_vocabulary(session=session)
    lines = day_lines(frames, period)
    trigger_day_counts: dict[str, int] = {}
    for line in lines:
        for key in line.triggers:
            trigger_day_counts[key] = trigger_day_counts.get(key, 0) + 1
    triggers = [
        TriggerLine(
            key=row.trigger,
            label=vocabulary.label("trigger", row.trigger),
            days=trigger_day_counts.get(row.trigger, row.days_with),
            association=row,
            together_with=tuple(vocabulary.label("trigger", t) for t in row.together_with),
        )
        for row in trigger_associations(frames, period)
    ]
    doses = _doses(session, period)
    remedies = [
        RemedyLine(
            key=row.remedy,
            label=vocabulary.label("remedy", row.remedy),
            doses=doses.get(row.remedy, ()),
            response=row,
        )
        for row in remedy_responses(frames, period)
    ]
    pain_types = tuple(
        (vocabulary.label("pain_type", key) if key else NO_TYPE, count)
        for key, count in overview.pain_types
    )
    guidance = load_guidance()
    topics, own_terms = _topics(guidance, vocabulary, overview, triggers, remedies)
    weeks = weekly_trends(frames, period)
    today_ = report.prepared_on
    events = list_events(session=session, start=period.start, end=period.end, today=today_)
    ratings = _ratings(session, period)
    return replace(
        report,
        events=[event_line(e) for e in events if e.id != (visit.id if visit else None)],
        marks=event_marks(events, start=period.start, end=period.end, today=today_),
        ratings=_weekly_ratings(weeks, ratings),
        visit=event_line(visit) if visit is not None else None,
        changes=_changes(period, lines, ratings) if visit is not None else None,
        pain_types=pain_types,
        weeks=weeks,
        triggers=triggers,
        remedies=remedies,
        episodes=_episodes(session, period, vocabulary),
        days=_day_rows(session, period, lines, vocabulary),
        topics=topics,
        tensions=_tensions(guidance, vocabulary, overview, triggers, remedies),
        own_terms=own_terms,
        sources=guidance.sources,
    )


_Ratings = list[tuple[date, int | None, int | None, int | None]]


def _ratings(session: Session, period: Period) -> _Ratings:
    """(day, spasticity, fatigue, sleep quality) of the period's check-ins."""
    query = select(
        DayCheckin.day, DayCheckin.spasticity, DayCheckin.fatigue, DayCheckin.sleep_quality
    ).where(DayCheckin.day >= period.start, DayCheckin.day <= period.end)
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def _weekly_ratings(weeks: list[WeekTrend], rows: _Ratings) -> list[RatingsWeek]:
    from painlog.analysis.visit import weekly_ratings

    return weekly_ratings([week.week_start for week in weeks], rows)


def _changes(period: Period, lines: list[DayLine], rows: _Ratings) -> list[MeasureChange] | None:
    from painlog.analysis.visit import first_and_last_weeks

    values: dict[str, dict[date, float]] = {
        "daily_pain": {x.day: x.daily_pain for x in lines if x.daily_pain is not None},
        "peg": {x.day: x.peg for x in lines if x.peg is not None},
        "spasticity": {day: float(v) for day, v, _, _ in rows if v is not None},
        "fatigue": {day: float(v) for day, _, v, _ in rows if v is not None},
    }
    return first_and_last_weeks(period, values)


def _doses(session: Session, period: Period) -> dict[str, tuple[tuple[str | None, int], ...]]:
    """Each remedy's doses and how often each was taken. A dose stored as an amount
    and a unit is grouped by them (1 g and 1000 mg are one dose, shown as it was
    typed most often); other doses by their text."""
    query = (
        select(
            RemedyAttempt.remedy,
            RemedyAttempt.dose,
            RemedyAttempt.dose_amount,
            RemedyAttempt.dose_unit,
            func.count(),
        )
        .join(Entry, Entry.id == RemedyAttempt.entry_id)
        .where(Entry.deleted_at.is_(None), Entry.day >= period.start, Entry.day <= period.end)
        .group_by(
            RemedyAttempt.remedy,
            RemedyAttempt.dose,
            RemedyAttempt.dose_amount,
            RemedyAttempt.dose_unit,
        )
    )
    for_days = (
        select(
            DayRemedy.remedy,
            DayRemedy.dose,
            DayRemedy.dose_amount,
            DayRemedy.dose_unit,
            func.count(),
        )
        .join(DayCheckin, DayCheckin.id == DayRemedy.checkin_id)
        .where(DayCheckin.day >= period.start, DayCheckin.day <= period.end)
        .group_by(DayRemedy.remedy, DayRemedy.dose, DayRemedy.dose_amount, DayRemedy.dose_unit)
    )
    tally: dict[str, dict[object, dict[str | None, int]]] = {}
    for remedy, typed, amount, unit, count in [*session.execute(query), *session.execute(for_days)]:
        # As typed (a dose from before doses were written one way, "10mg", written so).
        shown = fields.dose(typed) if typed else None
        group: object = same_dose(amount, unit) if unit and amount is not None else shown
        spellings = tally.setdefault(remedy, {}).setdefault(group, {})
        spellings[shown] = spellings.get(shown, 0) + count
    found = {
        remedy: [
            (max(spellings, key=lambda s: (spellings[s], s or "")), sum(spellings.values()))
            for spellings in groups.values()
        ]
        for remedy, groups in tally.items()
    }
    return {
        remedy: tuple(sorted(items, key=lambda item: (item[0] is None, -item[1], item[0] or "")))
        for remedy, items in found.items()
    }


def episode_of(entry: Entry, vocabulary: Vocabulary) -> Episode:
    return Episode(
        entry_id=entry.id,
        occurred_at=entry.occurred_at,
        intensity=entry.intensity,
        pain_type=vocabulary.label("pain_type", entry.pain_type) if entry.pain_type else None,
        locations=tuple(vocabulary.label("location", k) for k in entry.locations),
        qualities=tuple(vocabulary.label("quality", k) for k in entry.qualities),
        triggers=tuple(vocabulary.label("trigger", k) for k in entry.triggers),
        remedies=tuple(
            EpisodeRemedy(
                label=vocabulary.label("remedy", attempt.remedy),
                dose=attempt.dose,
                taken_at=attempt.taken_at,
                pain_after=attempt.pain_after,
                pain_after_at=attempt.pain_after_at,
            )
            for attempt in entry.remedies
        ),
        duration_minutes=entry.duration_minutes,
        note=entry.note,
    )


def _episodes(session: Session, period: Period, vocabulary: Vocabulary) -> list[Episode]:
    query = (
        select(Entry)
        .where(Entry.deleted_at.is_(None), Entry.day >= period.start, Entry.day <= period.end)
        .order_by(Entry.intensity.desc(), Entry.occurred_utc.desc(), Entry.id.desc())
        .limit(SEVERE_EPISODES)
        .options(selectinload(Entry.tags), selectinload(Entry.remedies))
    )
    return [episode_of(entry, vocabulary) for entry in session.scalars(query)]


def _day_rows(
    session: Session, period: Period, lines: list[DayLine], vocabulary: Vocabulary
) -> list[DayRow]:
    query = select(DayCheckin.day, DayCheckin.note).where(
        DayCheckin.note.is_not(None), DayCheckin.day >= period.start, DayCheckin.day <= period.end
    )
    notes: dict[date, str | None] = {day: note for day, note in session.execute(query)}
    return [
        DayRow(
            line=line,
            triggers=tuple(sorted(vocabulary.label("trigger", k) for k in line.triggers)),
            remedies=tuple(sorted((vocabulary.label("remedy", k), n) for k, n in line.remedies)),
            note=notes.get(line.day),
        )
        for line in lines
    ]


def _topics(
    guidance: Guidance,
    vocabulary: Vocabulary,
    overview: PeriodOverview,
    triggers: list[TriggerLine],
    remedies: list[RemedyLine],
) -> tuple[list[TopicNote], tuple[str, ...]]:
    """Pain types by entries, triggers by days, remedies by uses: each most first."""
    used = {line.key for line in remedies}
    seen: list[tuple[str, str, int]] = [
        ("pain_type", key, count) for key, count in overview.pain_types if key is not None
    ]
    seen += sorted(
        (("trigger", line.key, line.days) for line in triggers), key=lambda t: (-t[2], t[1])
    )
    seen += [("remedy", line.key, line.response.uses) for line in remedies]
    topics: list[TopicNote] = []
    own: list[str] = []
    for kind, key, count in seen:
        term = vocabulary.get(kind, key)
        topic = guidance.topic(kind, key) if term is None or not term.own else None
        label = vocabulary.label(kind, key)
        if topic is None:
            own.append(label)
            continue
        not_used: tuple[tuple[str, Link], ...] = ()
        if kind == "pain_type":
            not_used = tuple(
                (vocabulary.label("remedy", link.from_key), link)
                for link in guidance.listed_for(key)
                if link.from_key not in used
            )
        topics.append(
            TopicNote(
                kind=kind,
                key=key,
                label=label,
                count=count,
                summary=topic.summary,
                sources=topic.summary_sources,
                statements=tuple(s for s in topic.statements if s.aspect in DISCUSS_ASPECTS),
                not_used=not_used,
            )
        )
    return topics, tuple(own)


def _tensions(
    guidance: Guidance,
    vocabulary: Vocabulary,
    overview: PeriodOverview,
    triggers: list[TriggerLine],
    remedies: list[RemedyLine],
) -> list[TensionNote]:
    """The tensions that name a pain type, trigger or remedy of this period."""
    types = {key for key, _ in overview.pain_types if key is not None}
    present = {line.key for line in triggers}
    used = {line.key for line in remedies}
    notes = []
    for tension in guidance.tensions:
        named_types = [k for k in tension.pain_types if k in types]
        named_triggers = [k for k in tension.triggers if k in present]
        named_remedies = [k for k in tension.remedies if k in used]
        if not (named_types or named_triggers or named_remedies):
            continue
        notes.append(
            TensionNote(
                summary=tension.summary,
                statements=tension.statements,
                pain_types=tuple(vocabulary.label("pain_type", k) for k in named_types),
                triggers=tuple(vocabulary.label("trigger", k) for k in named_triggers),
                remedies=tuple(vocabulary.label("remedy", k) for k in named_remedies),
            )
        )
    return notes


# --- the rows behind the CSV files ------------------------------------------------------


@dataclass(frozen=True)
class CheckinRecord:
    checkin: DayCheckin
    entries: int  # entries logged that day (not deleted)


@dataclass(frozen=True)
class PeriodRecords:
    """The period's day check-ins and how many entries it has; the entries come one by
    one from ``period_entries``, so that twenty years of them never sit in memory at once."""

    period: Period
    entries: int  # entries (not deleted) in the period
    checkins: list[CheckinRecord]  # oldest first
    vocabulary: Vocabulary
    events: list[EventLine] = field(default_factory=list)  # touching the period, oldest first

    @property
    def has_data(self) -> bool:
        return bool(self.entries or self.checkins)


def _in_period(period: Period) -> tuple[Any, ...]:
    return (Entry.deleted_at.is_(None), Entry.day >= period.start, Entry.day <= period.end)


def period_records(*, session: Session, period: Period) -> PeriodRecords:
    """The period's check-ins, oldest first, and its number of entries, for the CSV files."""
    from painlog.services.checkins import list_days

    entries = session.scalar(select(func.count(Entry.id)).where(*_in_period(period))) or 0
    days = list_days(session=session, start=period.start, end=period.end)
    events = list_events(session=session, start=period.start, end=period.end)
    return PeriodRecords(
        period=period,
        entries=entries,
        checkins=[CheckinRecord(row.checkin, row.entries) for row in reversed(days)],
        vocabulary=load_vocabulary(session=session),
        events=[event_line(e) for e in events],
    )


def period_entries(*, session: Session, period: Period, chunk: int = 1_000) -> Iterator[Entry]:
    """The period's entries (not deleted), oldest first, read ``chunk`` at a time."""
    query = (
        select(Entry)
        .where(*_in_period(period))
        .order_by(Entry.occurred_utc, Entry.id)
        .options(selectinload(Entry.tags), selectinload(Entry.remedies))
        .execution_options(yield_per=chunk)
    )
    yield from session.scalars(query)
