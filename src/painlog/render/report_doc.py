"""The summary's content, once: its words, numbers and order, as a list of blocks.

``report_pdf`` and ``report_md`` lay the same blocks out, so the PDF and the
Markdown cannot drift apart; only the weekly chart differs (a picture in the
PDF, its numbers in words in the Markdown). Nothing here imports pandas,
matplotlib or the PDF library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from painlog.analysis.rules import INSEPARABLE, NO_COMPARISON, OK
from painlog.render.analysis import signed
from painlog.render.guide_brief import DISCLAIMER, OWN_NOTE, cite
from painlog.render.journal import minutes_text

if TYPE_CHECKING:
    from painlog.analysis.overview import PegWeek
    from painlog.analysis.period import Period
    from painlog.analysis.summaries import WeekTrend
    from painlog.analysis.visit import MeasureChange, RatingsWeek
    from painlog.events import EventMark
    from painlog.guidance import Link, Statement
    from painlog.services.report import (
        DayRow,
        Episode,
        EventLine,
        RemedyLine,
        Report,
        TopicNote,
        TriggerLine,
    )

TOP_TRIGGERS = 5  # on page 1; the others are named below the table
EVENTS_ON_PAGE_1 = 12  # the latest; a longer list follows page 1 in full
TOP_REMEDIES = 8
TITLE = "Pain summary"


# --- blocks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1: the title, 2: a section, 3: a part of a section


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str | None = None  # shown in bold before the text
    small: bool = False  # a note under a table or chart


@dataclass(frozen=True)
class Facts:
    """Label and value pairs: the key figures of page 1."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """Rows shorter than the headers end with a cell that spans the remaining columns."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the page width, summing to 1
    right: frozenset[int] = frozenset()  # columns aligned right (numbers)


@dataclass(frozen=True)
class Item:
    text: str
    lead: str | None = None  # bold, before the text
    details: tuple[str, ...] = ()  # indented lines under the item


@dataclass(frozen=True)
class Items:
    items: tuple[Item, ...]
    numbered: bool = False


@dataclass(frozen=True)
class WeeklyChart:
    """The weekly pain chart (PDF); the Markdown shows ``words`` instead."""

    weeks: list[WeekTrend]
    words: str
    events: list[EventMark] = field(default_factory=list)  # bands and markers


@dataclass(frozen=True)
class RatingsChart:
    """The weekly spasticity, fatigue and sleep chart (PDF); the Markdown shows ``table``."""

    weeks: list[RatingsWeek]
    table: Table
    events: list[EventMark] = field(default_factory=list)  # bands and markers


@dataclass(frozen=True)
class PageBreak:
    """A new page in the PDF; nothing in the Markdown."""


Block = Heading | Paragraph | Facts | Table | Items | WeeklyChart | RatingsChart | PageBreak


@dataclass(frozen=True)
class Document:
    running_head: str  # the top of every PDF page: what this is and its period
    name: str | None
    blocks: list[Block] = field(default_factory=list)


# --- words and numbers -----------------------------------------------------------------


def day_text(day: date, *, year: bool = True) -> str:
    """``Mon 3 Nov 2026``."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day:%Y}" if year else text


def period_text(period: Period) -> str:
    return f"{day_text(period.start)} to {day_text(period.end)}"


def _one(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _time(moment: datetime, day: date | None = None) -> str:
    """``21:30``, or with its day when that is not ``day``."""
    if day is not None and moment.date() != day:
        return f"{day_text(moment.date(), year=False)} {moment:%H:%M}"
    return f"{moment:%H:%M}"


# --- page 1 ------------------------------------------------------------------------------


def _facts(report: Report) -> Facts:
    o = report.overview
    rows = [
        (
            "Days observed",
            f"{o.observed_days} of {o.period_days} days ({_share(o.observed_days, o.period_days)})"
            f"; {o.checkin_days} with a day check-in",
        ),
        (
            "Pain episodes logged",
            f"{o.entries}"
            + (f" ({o.entries / o.observed_days:.1f} per observed day)" if o.entries else ""),
        ),
        (
            "Mean daily pain",
            "-" if o.mean_daily_pain is None else f"{o.mean_daily_pain:.1f} out of 10",
        ),
        (
            "Worst pain",
            "-"
            if o.worst_pain is None
            else f"{o.worst_pain} out of 10, on {_plural(o.worst_pain_days, 'day')}",
        ),
        (
            "Days when pain reached 7+",
            f"{o.severe_days} of {o.rated_days} "
            + ("observed days" if o.rated_days == o.observed_days else "days with a pain rating")
            + f" ({_share(o.severe_days, o.rated_days)})",
        ),
        ("PEG (pain, enjoyment, activity)", _peg_text(report)),
        (
            "Pain types (entries)",
            ", ".join(f"{label} {count}" for label, count in report.pain_types) or "-",
        ),
    ]
    return Facts(tuple(rows))


def _peg_week(point: PegWeek, *, year: bool = False) -> str:
    week = day_text(point.week_start, year=year).partition(" ")[2]
    return f"{point.mean_peg:.1f} (week of {week}, {_plural(point.days, 'day')})"


def _peg_text(report: Report) -> str:
    first, last = report.overview.peg_first, report.overview.peg_last
    if first is None:
        return "not recorded (a day check-in with --avg, --enjoyment and --activity gives one)"
    if last is None:
        return f"{_peg_week(first)}; no other week has one"
    years = first.week_start.year != last.week_start.year  # a long period: say which year
    return (
        f"{_peg_week(first, year=years)} → {_peg_week(last, year=years)}; "
        f"change {signed(last.mean_peg - first.mean_peg)} (lower is better)"
    )


CHART_WORDS_WEEKS = 26  # beyond this, the list of weekly means is too long to read


def _chart_words(weeks: list[WeekTrend]) -> str:
    if len(weeks) > CHART_WORDS_WEEKS:
        return f"The {len(weeks)} weeks' mean daily pain is under Week by week, below."
    values = ", ".join(
        _one(w.mean_daily_pain) + (f" ({w.pain_days} days, thin)" if w.thin else "") for w in weeks
    )
    return (
        f"Mean daily pain per week, oldest first: {values} "
        "(- means no day was recorded that week). Week by week, below, has every number."
    )


def _trigger_reading(line: TriggerLine) -> str:
    """The lag with the clearest association ("same day", "next day"), or why there is none."""
    row = line.association
    if row.difference is None:
        return "not enough data"
    together = ""
    if row.status == INSEPARABLE:
        together = f"; inseparable from {', '.join(line.together_with).lower()}"
    if not row.interval_excludes_zero:
        return "no clear difference" + together
    when = {0: "same day", 1: "next day", 2: "two days later"}[row.lag]
    reading = f"{when}: {'higher' if row.difference > 0 else 'lower'}"
    if row.could_be_chance:
        reading += "; could be chance*"
    return reading + together


def _trigger_rows(lines: Sequence[TriggerLine]) -> tuple[tuple[str, ...], ...]:
    rows = []
    for line in lines:
        row = line.association
        if row.difference is not None:
            assert row.ci_low is not None and row.ci_high is not None
            means = f"{_one(row.mean_with)} / {_one(row.mean_without)}"
            difference = f"{signed(row.difference)} ({signed(row.ci_low)} to {signed(row.ci_high)})"
        else:
            means = difference = "-"
        rows.append(
            (
                line.label,
                f"{row.days_with} / {row.days_without}",
                means,
                difference,
                _trigger_reading(line),
            )
        )
    return tuple(rows)


def _triggers(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Triggers and daily pain")]
    if not report.triggers:
        blocks.append(Paragraph("No triggers were recorded in this period."))
        return blocks
    shown, others = report.triggers[:TOP_TRIGGERS], report.triggers[TOP_TRIGGERS:]
    blocks.append(
        Table(
            headers=(
                "Trigger",
                "Days with / without",
                "Mean pain with / without",
                "Difference (95% interval)",
                "Reading",
            ),
            rows=_trigger_rows(shown),
            widths=(0.25, 0.15, 0.17, 0.23, 0.20),
        )
    )
    notes = []
    if others:
        by_days = sorted(others, key=lambda line: (-line.days, line.label))
        named = ", ".join(f"{line.label} ({_plural(line.days, 'day')})" for line in by_days)
        notes.append(f"Also recorded: {named}.")
    notes.append(
        "Difference: one model weighs all triggers together at 0, 1 and 2 days, allowing for "
        "drift and day-to-day carry-over; each row is the trigger's clearest lag (0-10 scale). "
        "An interval including 0: no clear difference. Inseparable: together on nearly every "
        "day, the association shared."
    )
    if any("*" in _trigger_reading(line) for line in shown):
        notes.append(
            "* With this many triggers and lags tested, a difference this size could be chance "
            "(q of 0.05 or more)."
        )
    blocks.append(Paragraph(" ".join(notes), small=True))
    blocks.append(
        Paragraph("These are associations in this diary, not proof that a trigger causes pain.")
    )
    return blocks


def _doses(line: RemedyLine) -> str:
    if all(dose is None for dose, _ in line.doses):
        return "none recorded"
    return ", ".join(f"{dose or 'no dose given'} ({count})" for dose, count in line.doses)


def _remedy_row(line: RemedyLine) -> tuple[str, ...]:
    row = line.response
    if row.status != OK or row.mean_change is None or row.responder_share is None:
        change, against, relief = "-", "-", "not enough data"
    else:
        change = signed(row.mean_change)
        if row.comparison_status == NO_COMPARISON:
            against = "no comparison yet"
        elif row.difference is None or row.ci_low is None or row.ci_high is None:
            against = "too few to compare"
        else:
            against = f"{signed(row.difference)} ({signed(row.ci_low)} to {signed(row.ci_high)})"
        relief = f"{row.responder_share:.0%} of {row.followed_up}"
    return (line.label, _doses(line), str(row.uses), str(row.followed_up), change, against, relief)


def _remedies(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Remedies tried")]
    if not report.remedies:
        blocks.append(Paragraph("No remedies were recorded in this period."))
        return blocks
    shown, others = report.remedies[:TOP_REMEDIES], report.remedies[TOP_REMEDIES:]
    blocks.append(
        Table(
            headers=(
                "Remedy",
                "Doses recorded (uses)",
                "Uses",
                "Followed up",
                "Change",
                "Against no remedy (95%)",
                "Responders",
            ),
            rows=tuple(_remedy_row(line) for line in shown),
            widths=(0.24, 0.16, 0.07, 0.1, 0.09, 0.2, 0.14),
            right=frozenset({2, 3, 4}),
        )
    )
    also = ""
    if others:
        named = ", ".join(f"{line.label} ({line.response.uses})" for line in others)
        also = f"Also used (uses): {named}. "
    blocks.append(
        Paragraph(
            also + "Followed up: rated 30 minutes to 12 hours after. Change: mean pain after minus "
            "before. Against no remedy: that change minus the change when nothing was taken "
            "(same pain type, a similar wait); pain logged at a peak eases anyway. Responders: "
            "fell by 30% and 2 points or more (Farrar 2001). Under 3 follow-ups: not enough data.",
            small=True,
        )
    )
    return blocks


def _event_days(line: EventLine) -> str:
    if line.end_day is None:
        return (
            f"{day_text(line.start_day)}, no end day yet"
            if line.ongoing
            else day_text(line.start_day)
        )
    if line.end_day == line.start_day:
        return day_text(line.start_day)
    count = (line.end_day - line.start_day).days + 1
    return f"{day_text(line.start_day)} to {day_text(line.end_day)} ({count} days)"


def event_rows(lines: Sequence[EventLine]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            _event_days(line),
            line.label,
            " · ".join(part for part in (line.details, line.note or "") if part),
        )
        for line in lines
    )


MEASURES = {
    "daily_pain": "Daily pain",
    "peg": "PEG",
    "spasticity": "Spasticity",
    "fatigue": "Fatigue",
}


def _change_rows(changes: Sequence[MeasureChange]) -> tuple[tuple[str, ...], ...]:
    rows = []
    for change in changes:
        difference = change.change
        rule = ""
        if change.measure == "daily_pain" and difference is not None:
            rule = "met: 2+ points or 30%+ lower" if change.meaningful_drop else "not met"
        rows.append(
            (
                MEASURES[change.measure],
                f"{_one(change.first)} ({_plural(change.first_days, 'day')})",
                f"{_one(change.last)} ({_plural(change.last_days, 'day')})",
                "-" if difference is None else signed(difference),
                rule,
            )
        )
    return tuple(rows)


def _events_table(lines: Sequence[EventLine]) -> Table:
    return Table(
        headers=("When", "You recorded", "Details and note"),
        rows=event_rows(lines),
        widths=(0.4, 0.18, 0.42),
    )


def _all_events(report: Report) -> list[Block]:
    if len(report.events) <= EVENTS_ON_PAGE_1:
        return []
    return [Heading("All events you recorded"), _events_table(report.events)]


def _events_block(report: Report) -> list[Block]:
    """Since your last visit (with --since-visit), else the events recorded in the period."""
    blocks: list[Block] = []
    if report.visit is not None:
        visit = report.visit
        who = f", {visit.details}" if visit.details else ""
        blocks += [
            Heading("Since your last visit"),
            Paragraph(
                f"From the last visit you recorded ({day_text(visit.start_day)}{who}) to "
                f"{day_text(report.period.end)}."
            ),
        ]
    elif report.events:
        blocks.append(Heading("Events you recorded"))
    if report.events:
        shown = report.events[-EVENTS_ON_PAGE_1:]
        blocks.append(_events_table(shown))
        if len(shown) < len(report.events):
            earlier = len(report.events) - len(shown)
            blocks.append(
                Paragraph(
                    f"The latest {len(shown)}; {_plural(earlier, 'earlier event')} are under "
                    "All events you recorded, after page 1.",
                    small=True,
                )
            )
    elif report.visit is not None:
        blocks.append(Paragraph("You recorded no other events in this period."))
    if report.visit is None:
        return blocks
    if report.changes is None:
        blocks.append(
            Paragraph(
                "The period is shorter than eight weeks, so its first and last four weeks "
                "cannot be compared.",
                small=True,
            )
        )
        return blocks
    blocks.append(
        Table(
            headers=("Mean, 0-10", "First 4 weeks", "Last 4 weeks", "Change", "2-point / 30% rule"),
            rows=_change_rows(report.changes),
            widths=(0.17, 0.2, 0.2, 0.13, 0.3),
            right=frozenset({3}),
        )
    )
    blocks.append(
        Paragraph(
            "First and last four weeks of the period; days: those with a rating. For pain, a drop "
            "of 2 points or 30% is the usual threshold for a meaningful change (Farrar 2001). "
            "Spasticity and fatigue come from the day check-ins.",
            small=True,
        )
    )
    return blocks


def _ratings_block(report: Report) -> list[Block]:
    if not any(week.days for week in report.ratings):
        return []
    rows = tuple(
        (
            day_text(week.week_start),
            str(week.days),
            _one(week.spasticity),
            _one(week.fatigue),
            _one(week.sleep),
        )
        for week in report.ratings
    )
    table = Table(
        headers=("Week of (Monday)", "Days rated", "Spasticity", "Fatigue", "Sleep quality"),
        rows=rows,
        widths=(0.28, 0.18, 0.18, 0.18, 0.18),
        right=frozenset({1, 2, 3, 4}),
    )
    return [
        Heading("Spasticity, fatigue and sleep"),
        RatingsChart(report.ratings, table, report.marks),
        Paragraph(
            "Weekly means of the day check-ins' 0-10 ratings, apart from pain; a gap means no "
            "rating that week."
            + (" Bands and markers: events you recorded." if report.marks else ""),
            small=True,
        ),
    ]


def _first_page(report: Report) -> list[Block]:
    blocks: list[Block] = [
        Heading(f"{TITLE}: {report.name}" if report.name else TITLE, level=1),
        Paragraph(
            f"{period_text(report.period)} ({_plural(report.period.days, 'day')}), from the "
            f"person's own painlog diary, prepared on {day_text(report.prepared_on)}. "
            "Everything here is self-reported; it is not medical advice.",
        ),
        _facts(report),
        *_events_block(report),
        *_questions(report),
        Heading("Weekly pain"),
        WeeklyChart(report.weeks, _chart_words(report.weeks), report.marks),
        Paragraph(
            "One point per week, Monday to Sunday; daily pain is the check-in's average. Hollow: "
            "a thin week (cut by the period, or pain on under 4 days), its days beside it."
            + (" Bands and markers: events you recorded." if report.marks else ""),
            small=True,
        ),
        *_triggers(report),
        *_remedies(report),
    ]
    return blocks


def _questions(report: Report) -> list[Block]:
    # Near the top: they are the visit's agenda, and they must not slip off page 1.
    if not report.questions:
        return []
    return [
        Heading("Questions for this visit"),
        Items(tuple(Item(q) for q in report.questions), numbered=True),
    ]


# --- the following pages ----------------------------------------------------------------


def _episode(episode: Episode) -> Item:
    parts = []
    if episode.pain_type:
        parts.append(episode.pain_type)
    parts.append(", ".join(episode.locations).lower() or "-")
    if episode.qualities:
        parts.append(", ".join(episode.qualities).lower())
    if episode.duration_minutes is not None:
        parts.append(f"lasted {minutes_text(episode.duration_minutes)}")
    if episode.triggers:
        parts.append("triggers: " + ", ".join(episode.triggers).lower())
    day = episode.occurred_at.date()
    tried = []
    for remedy in episode.remedies:
        text = remedy.label + (f" {remedy.dose}" if remedy.dose else "")
        if remedy.taken_at is not None:
            text += f" at {_time(remedy.taken_at, day)}"
        if remedy.pain_after is not None:
            text += f", then pain {remedy.pain_after}/10"
            if remedy.pain_after_at is not None:
                text += f" at {_time(remedy.pain_after_at, day)}"
        tried.append(text)
    if tried:
        parts.append("tried: " + "; ".join(tried))
    return Item(
        lead=f"{day_text(day)}, {episode.occurred_at:%H:%M}: pain {episode.intensity}/10.",
        text=" · ".join(parts),
        details=(f"Note: {episode.note}",) if episode.note else (),
    )


def _episodes(report: Report) -> list[Block]:
    if not report.episodes:
        return []
    count = len(report.episodes)
    return [
        Heading("Most severe episodes"),
        Paragraph(
            f"The {_plural(count, 'entry', 'entries')} with the highest pain in the period, "
            "highest first (the most recent first among equals), with the person's notes."
        ),
        Items(tuple(_episode(e) for e in report.episodes)),
    ]


def _statement(statement: Statement) -> str:
    if statement.own:  # painlog's pointer to a clinician, never passed off as an article's
        return f"{statement.text} {OWN_NOTE}"
    return f"{statement.text} {cite(statement.sources, statement.part)}"


def _not_used(items: Sequence[tuple[str, Link]]) -> str:
    by_citation: dict[str, list[str]] = {}
    for label, link in items:
        by_citation.setdefault(cite(link.sources, link.part), []).append(label)
    groups = [
        f"{', '.join(sorted(labels, key=str.casefold))} {citation}"
        for citation, labels in by_citation.items()
    ]
    return "Listed for it in the articles, not used in this period: " + "; ".join(groups)


COUNT_WORDS = {
    "pain_type": ("entry", "entries"),
    "trigger": ("day", "days"),
    "remedy": ("use", "uses"),
}
KIND_HEADINGS = {"pain_type": "Pain types", "trigger": "Triggers", "remedy": "Remedies"}


def _topic(topic: TopicNote) -> Item:
    one, many = COUNT_WORDS[topic.kind]
    details = [_statement(s) for s in topic.statements]
    if topic.not_used:
        details.append(_not_used(topic.not_used))
    return Item(
        lead=f"{topic.label} ({_plural(topic.count, one, many)}):",
        text=f"{topic.summary}. {cite(topic.sources)}",
        details=tuple(details),
    )


def _guidance(report: Report) -> list[Block]:
    blocks: list[Block] = [
        Heading("Topics to discuss"),
        Paragraph(
            "What the two reference articles say about the pain types, triggers and remedies of "
            "this period, in painlog's own words, with the article and part each point comes "
            "from (sources at the end of this section). They are topics to talk through with a "
            "clinician, not advice."
        ),
    ]
    for kind, heading in KIND_HEADINGS.items():
        topics = [t for t in report.topics if t.kind == kind]
        if topics:
            blocks.append(Heading(heading, level=3))
            blocks.append(Items(tuple(_topic(t) for t in topics)))
    if report.tensions:
        blocks.append(Heading("Where the articles pull two ways", level=3))
        items = []
        for tension in report.tensions:
            logged = []
            if tension.pain_types:
                logged.append("logged: " + ", ".join(tension.pain_types).lower())
            if tension.triggers:
                logged.append("recorded: " + ", ".join(tension.triggers).lower())
            if tension.remedies:
                logged.append("used: " + ", ".join(tension.remedies))
            items.append(
                Item(
                    lead=f"{tension.summary}.",
                    text=f"In this period, {'; '.join(logged)}." if logged else "",
                    details=tuple(_statement(s) for s in tension.statements),
                )
            )
        blocks.append(Items(tuple(items)))
    if report.own_terms:
        blocks.append(
            Paragraph(
                "The person's own terms, on which the articles have no guidance: "
                + ", ".join(report.own_terms)
                + "."
            )
        )
    blocks.append(Heading("Sources", level=3))
    blocks.append(Items(tuple(Item(lead=f"[{s.id}]", text=s.title) for s in report.sources)))
    blocks.append(Paragraph(DISCLAIMER, small=True))
    return blocks


METHODS = (
    "painlog is a personal diary kept on the person's own computer. Every number here comes from "
    "what they recorded; it is not a medical record, and this summary is not medical advice.",
    "An observed day is a day with a day check-in or at least one entry. Days with neither are "
    "missing: they are left out of every figure, never counted as zero.",
    "Daily pain is the day check-in's average pain (0-10); a day with entries but no check-in "
    "has none, so the measure never changes scale. A day's worst pain is the highest of its "
    'entries and its check-in\'s worst pain; "days when pain reached 7+" counts the days '
    "whose worst pain was 7 or more, "
    "so it can be high while the mean daily pain is moderate.",
    "PEG is the mean of three 0-10 ratings from the day check-in: pain, interference with "
    "enjoyment of life and with general activity (Krebs 2009). Its change compares like with "
    "like: the first and the last full week with a PEG on at least 4 days. Weeks cut by the "
    "period or with fewer than 4 days of daily pain are marked (hollow points, day counts).",
    "Triggers: one regression of daily pain on every trigger at once, the same day, the next "
    "day and two days later, with a slow drift or season allowed for and errors that carry "
    "over from day to day (AR(1), Prais-Winsten). A check-in exposure is compared across "
    "check-in days; a trigger named only in entries among days with entries. q adjusts over "
    "every trigger and lag (Benjamini-Hochberg 1995).",
    "Association is not causation. Triggers present together on nearly every day are "
    "reported as inseparable: their association is shared. A clear association is something "
    "to discuss, not proof.",
    "Remedies: each is set against episodes where nothing was taken and pain was rated later, "
    "since pain logged at a peak often eases on its own.",
    "Every method, its limits and its references: docs/methods.md in painlog.",
    "The guidance is drawn from two articles on back pain in MS, paraphrased and cited; it is "
    "general information, not advice for this person.",
)


def _methods(report: Report) -> list[Block]:
    return [
        Heading("How to read this summary"),
        Items(tuple(Item(text) for text in METHODS)),
        Paragraph(f"Made with painlog {report.version}.", small=True),
    ]


def _weeks(report: Report) -> list[Block]:
    rows = tuple(
        (
            day_text(week.week_start),
            str(week.observed_days),
            str(week.entries),
            _one(week.mean_daily_pain),
            "-" if week.max_intensity is None else str(week.max_intensity),
            _one(week.mean_peg),
            week.note() if week.observed_days else "",
        )
        for week in report.weeks
    )
    return [
        Heading("Week by week"),
        Table(
            headers=(
                "Week of (Monday)",
                "Observed days",
                "Entries",
                "Mean daily pain",
                "Worst episode",
                "Mean PEG",
                "Thin week",
            ),
            rows=rows,
            widths=(0.18, 0.1, 0.09, 0.12, 0.11, 0.1, 0.3),
            right=frozenset({1, 2, 3, 4, 5}),
        ),
        Paragraph(
            "A dash means nothing was recorded to average; it is not a zero. Thin week: cut by "
            "the period, or daily pain on fewer than 4 days; read it with care.",
            small=True,
        ),
    ]


def _day_cells(row: DayRow) -> tuple[str, ...]:
    line = row.line
    remedies = ", ".join(label if n == 1 else f"{label} ({n})" for label, n in row.remedies)
    return (
        day_text(line.day),
        _one(line.daily_pain) if line.daily_pain is None else f"{line.daily_pain:.0f}",
        "-" if line.worst_pain is None else str(line.worst_pain),
        _one(line.peg),
        str(line.entries),
        ", ".join(row.triggers),
        remedies,
        row.note or "",
    )


def _day_rows(days: Sequence[DayRow]) -> tuple[tuple[str, ...], ...]:
    """One row per observed day; a run of unobserved days is one row."""
    rows: list[tuple[str, ...]] = []
    index = 0
    while index < len(days):
        if days[index].line.observed:
            rows.append(_day_cells(days[index]))
            index += 1
            continue
        end = index
        while end + 1 < len(days) and not days[end + 1].line.observed:
            end += 1
        first, last = days[index].line.day, days[end].line.day
        span = day_text(first) if first == last else f"{day_text(first)} to {day_text(last)}"
        days_text = "" if first == last else f" ({_plural(end - index + 1, 'day')})"
        rows.append((span, f"nothing recorded{days_text}"))
        index = end + 1
    return tuple(rows)


def _days(report: Report) -> list[Block]:
    return [
        Heading("Day by day"),
        Table(
            headers=("Day", "Pain", "Worst", "PEG", "Entries", "Triggers", "Remedies", "Day note"),
            rows=_day_rows(report.days),
            widths=(0.15, 0.055, 0.07, 0.055, 0.085, 0.21, 0.205, 0.17),
            right=frozenset({1, 2, 3, 4}),
        ),
        Paragraph(
            "Pain: daily pain. Worst: the day's worst pain. Remedies: (2) means used in two "
            "entries that day.",
            small=True,
        ),
    ]


def build_document(report: Report) -> Document:
    """The summary's blocks in reading order: page 1, then the details.

    The long day-by-day table comes last, so that over a long period it does not
    push the episodes, the topics to discuss and the methods far back.
    """
    head = f"{TITLE}, {period_text(report.period)}"
    blocks = [
        *_first_page(report),
        PageBreak(),
        *_all_events(report),
        *_ratings_block(report),
        *_episodes(report),
        *_guidance(report),
        *_methods(report),
        *_weeks(report),
        *_days(report),
    ]
    return Document(running_head=head, name=report.name, blocks=blocks)
