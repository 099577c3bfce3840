"""Trends, patterns, triggers and remedies as text tables and JSON.

The JSON shapes here are the stable interface documented in the README:
numbers are rounded (means to 2 decimals, p- and q-values to 4) and are
null where there is nothing to report.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from painlog.analysis.rules import (
    DAILY_PAIN,
    INSEPARABLE,
    LAG_WORDS,
    MIN_FOLLOWED_UP,
    MIN_WEEK_DAYS,
    NO_COMPARISON,
    OK,
)
from painlog.render.journal import minutes_text
from painlog.render.table import render_table
from painlog.vocab import Vocabulary

if TYPE_CHECKING:
    from painlog.analysis.period import Period
    from painlog.analysis.remedies import RemedyResponse
    from painlog.analysis.summaries import Patterns, WeekTrend
    from painlog.analysis.triggers import TriggerAssociation
    from painlog.services.analysis import (
        PatternsResult,
        RemediesResult,
        TrendsResult,
        TriggersResult,
    )
    from painlog.services.events import EventOverlap

REMINDER = (
    "Reminder: these are associations in your own diary, not proof that a trigger causes pain."
)
TRIGGER_HEADERS = (
    "Trigger",
    "With",
    "Without",
    "Mean with",
    "without",
    "Diff",
    "95% interval",
    "p",
    "q",
)


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _num(value: float | None, places: int = 1, *, sign: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.{places}f}" if sign else f"{value:.{places}f}"


def _p(value: float | None) -> str:
    if value is None:
        return "-"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _events_line(overlap: EventOverlap | None) -> str:
    from painlog.render.events import events_words

    words = events_words(overlap)
    return f"\n{words}" if words else ""


def period_words(period: Period, *, whole_diary: bool = False) -> str:
    span = f"{period.start:%a %d %b %Y} to {period.end:%a %d %b %Y}"
    return f"your whole diary, {span}" if whole_diary else span


# --- trends ----------------------------------------------------------------


def trends_json(weeks: list[WeekTrend]) -> list[dict[str, Any]]:
    return [
        {
            "week_start": week.week_start.isoformat(),
            "observed_days": week.observed_days,
            "entries": week.entries,
            "mean_intensity": _round(week.mean_intensity),
            "max_intensity": week.max_intensity,
            "mean_daily_pain": _round(week.mean_daily_pain),
            "mean_peg": _round(week.mean_peg),
            "by_type": dict(week.by_type),
            "top_triggers": list(week.top_triggers),
            "days_in_period": week.days_in_period,
            "pain_days": week.pain_days,
            "thin": week.thin,
        }
        for week in weeks
    ]


def no_observed_days(period: Period) -> str:
    return (
        f"No observed days from {period.start.isoformat()} to {period.end.isoformat()}: "
        "no check-ins or entries were recorded then, so there is nothing to show."
    )


TRENDS_HEADERS = (
    "Week of",
    "Days",
    "Entries",
    "Mean",
    "Worst",
    "Daily",
    "PEG",
    "Pain types",
    "Triggers",
    "Thin week",
)


def trends_heading(result: TrendsResult) -> str:
    period = result.period
    return (
        f"Weekly trends, {period_words(period)} "
        f"({len(result.weeks)} week{'s' if len(result.weeks) != 1 else ''}, "
        f"{result.observed_days} observed days)"
    )


def trends_rows(result: TrendsResult) -> list[list[str]]:
    """The cells of the trends table, one row per week (the text table and the web page)."""
    return [
        [
            f"{week.week_start:%Y-%m-%d}",
            str(week.observed_days),
            str(week.entries),
            _num(week.mean_intensity),
            "-" if week.max_intensity is None else str(week.max_intensity),
            _num(week.mean_daily_pain),
            _num(week.mean_peg),
            # Keys, not labels: short, and what the person types after --type and --trigger.
            ", ".join(f"{key} {count}" for key, count in week.by_type.items()) or "-",
            ", ".join(week.top_triggers) or "-",
            week.note() if week.observed_days else "",
        ]
        for week in result.weeks
    ]


TRENDS_KEY = (
    "Days: observed days (a check-in or an entry). Mean, Worst: entry pain 0-10.",
    f"Daily: mean daily pain ({DAILY_PAIN}; days without a check-in have none).",
    "PEG: pain, enjoyment and activity, 0-10. Triggers: the most frequent, by days.",
    f"Thin week: cut by the period, or daily pain on fewer than {MIN_WEEK_DAYS} days; "
    "read it with care.",
    "A dash means nothing was recorded to average; it is not a zero.",
)


def trends_text(result: TrendsResult, vocabulary: Vocabulary) -> str:
    period = result.period
    heading = trends_heading(result)
    if result.observed_days == 0:
        return no_observed_days(period)
    table = render_table(
        list(TRENDS_HEADERS),
        trends_rows(result),
        align_right=(1, 2, 3, 4, 5, 6),
        flexible=(7, 8),
    )
    key = "\n".join(TRENDS_KEY)
    return f"{heading}\n\n{table}\n\n{key}"


# --- patterns --------------------------------------------------------------


def patterns_json(result: PatternsResult) -> dict[str, Any]:
    found: Patterns = result.patterns
    return {
        "from": result.period.start.isoformat(),
        "to": result.period.end.isoformat(),
        "by_hour": [
            {
                "hour": row.hour,
                "entries": row.entries,
                "mean_intensity": _round(row.mean_intensity),
            }
            for row in found.by_hour
        ],
        "by_weekday": [
            {
                "weekday": row.weekday,
                "observed_days": row.observed_days,
                "mean_daily_pain": _round(row.mean_daily_pain),
                "entries": row.entries,
                "mean_intensity": _round(row.mean_intensity),
            }
            for row in found.by_weekday
        ],
    }


def _bar(count: int, most: int, width: int = 30) -> str:
    if most == 0 or count == 0:
        return ""
    return "#" * max(1, round(count / most * width))


HOUR_HEADERS = ("Hour", "Entries", "Mean pain")
WEEKDAY_HEADERS = ("Weekday", "Days", "Daily pain", "Entries", "Mean entry pain")


def patterns_heading(result: PatternsResult) -> str:
    found = result.patterns
    return (
        f"When pain happens, {period_words(result.period)}: "
        f"{found.entries} entries on {found.observed_days} observed days"
    )


def hour_rows(result: PatternsResult) -> list[list[str]]:
    return [
        [f"{row.hour:02d}:00-{row.hour:02d}:59", str(row.entries), _num(row.mean_intensity)]
        for row in result.patterns.by_hour
    ]


def weekday_rows(result: PatternsResult) -> list[list[str]]:
    return [
        [
            row.weekday,
            str(row.observed_days),
            _num(row.mean_daily_pain),
            str(row.entries),
            _num(row.mean_intensity),
        ]
        for row in result.patterns.by_weekday
    ]


def patterns_text(result: PatternsResult) -> str:
    found = result.patterns
    if found.observed_days == 0:
        return no_observed_days(result.period)
    heading = patterns_heading(result)
    most = max(row.entries for row in found.by_hour)
    hours = render_table(
        [*HOUR_HEADERS, ""],
        [
            [*cells, _bar(row.entries, most)]
            for cells, row in zip(hour_rows(result), found.by_hour, strict=True)
        ],
        align_right=(1, 2),
    )
    days = render_table(list(WEEKDAY_HEADERS), weekday_rows(result), align_right=(1, 2, 3, 4))
    return (
        f"{heading}\n\nBy hour of the day (your clock when the episode began)\n{hours}\n\n"
        f"By weekday (Days: observed days; Daily pain: their mean daily pain)\n{days}"
    )


# --- triggers --------------------------------------------------------------


def triggers_json(rows: list[TriggerAssociation]) -> list[dict[str, Any]]:
    return [
        {
            "trigger": row.trigger,
            "lag": row.lag,
            "days_with": row.days_with,
            "days_without": row.days_without,
            "mean_with": _round(row.mean_with),
            "mean_without": _round(row.mean_without),
            "difference": _round(row.difference),
            "ci_low": _round(row.ci_low),
            "ci_high": _round(row.ci_high),
            "p_value": _round(row.p_value, 4),
            "q_value": _round(row.q_value, 4),
            "status": row.status,
            "together_with": list(row.together_with),
            "reason": row.reason,
        }
        for row in rows
    ]


def signed(value: float) -> str:
    """A difference or a bound: one decimal, two when one would round it onto zero ("+0.0")."""
    places = 1
    while value != 0 and round(value, places) == 0 and places < 3:
        places += 1
    return _num(value, places, sign=True)


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "-"
    return f"{signed(low)} to {signed(high)}"


def lag_phrase(lag: int) -> str:
    """ "the same day", "the next day", "two days later": when the pain came after the trigger."""
    return LAG_WORDS[lag]


def trigger_reading(row: TriggerAssociation, label: str) -> str | None:
    """One plain sentence for a trigger with a clear association; None otherwise.

    Always "associated with", never "causes": this is one person's observational diary.
    """
    if row.status != OK or not row.interval_excludes_zero or row.difference is None:
        return None
    direction = "higher" if row.difference > 0 else "lower"
    when = "the same day" if row.lag == 0 else lag_phrase(row.lag)
    sentence = (
        f"{label} is associated with {direction} daily pain {when}: "
        f"{abs(row.difference):.1f} points on average "
        f"(95% interval {_interval(row.ci_low, row.ci_high)}), the other triggers held equal"
    )
    if row.could_be_chance:
        sentence += ", but with this many triggers and lags tested it could be chance (q >= 0.05)"
    return sentence + "."


def group_reading(rows: list[TriggerAssociation], label: Any) -> list[str]:
    """One sentence per inseparable group: their association is shared."""
    seen: set[tuple[str, ...]] = set()
    sentences = []
    for row in rows:
        if row.status != INSEPARABLE:
            continue
        members = tuple(sorted((row.trigger, *row.together_with)))
        if members in seen:
            continue
        seen.add(members)
        names = [label(name) for name in members]
        named = ", ".join(names[:-1]) + " and " + names[-1]
        sentence = (
            f"{named} were present together on nearly every day, so the diary cannot tell "
            "them apart: their association is shared"
        )
        if row.difference is not None:
            clear = "clear" if row.is_clear else "not clear"
            sentence += (
                f" ({signed(row.difference)} points {lag_phrase(row.lag)}, 95% interval "
                f"{_interval(row.ci_low, row.ci_high)}, {clear})"
            )
        sentences.append(sentence + ".")
    return sentences


def _note(row: TriggerAssociation, label: Any) -> str:
    if row.status == INSEPARABLE:
        return "together with " + ", ".join(label(name).lower() for name in row.together_with)
    if row.status != OK:
        return "not enough data"
    return ""


def triggers_heading(result: TriggersResult) -> str:
    """What the table covers (without the events line)."""
    span = period_words(result.period, whole_diary=result.whole_diary)
    if result.lag is None:
        return f"Triggers and daily pain, each at its clearest lag (0, 1 or 2 days), {span}"
    return f"Triggers and daily pain {lag_phrase(result.lag)} (lag {result.lag}), {span}"


def triggers_table(
    result: TriggersResult, vocabulary: Vocabulary
) -> tuple[list[str], list[list[str]]]:
    """The headers and cells of the triggers table (the text table and the web page)."""
    from_weather = {use.trigger for use in result.weather_exposures if use.weather_days}

    def label(name: str) -> str:
        return vocabulary.label("trigger", name)

    def shown(name: str) -> str:
        return label(name) + (" (+ weather)" if name in from_weather else "")

    plain = result.lag is None
    headers = list(TRIGGER_HEADERS)
    if plain:
        headers.insert(1, "Pain came")
    headers.append("Note")
    rows = []
    for row in result.triggers:
        cells = [
            shown(row.trigger),
            str(row.days_with),
            str(row.days_without),
            _num(row.mean_with),
            _num(row.mean_without),
            _num(row.difference, sign=True),
            _interval(row.ci_low, row.ci_high),
            _p(row.p_value),
            _p(row.q_value),
            _note(row, label),
        ]
        if plain:
            cells.insert(1, lag_phrase(row.lag) if row.has_estimate else "-")
        rows.append(cells)
    return headers, rows


def triggers_readings(result: TriggersResult, vocabulary: Vocabulary) -> list[str]:
    """The sentences under the triggers table: what is clear, what is not, weather, model."""

    def label(name: str) -> str:
        return vocabulary.label("trigger", name)

    readings = [
        reading
        for row in result.triggers
        if (reading := trigger_reading(row, label(row.trigger))) is not None
    ]
    readings += group_reading(result.triggers, label)
    unclear = [
        label(r.trigger).lower()
        for r in result.triggers
        if r.status == OK and not r.interval_excludes_zero
    ]
    if unclear:
        readings.append(f"No clear difference: {', '.join(unclear)}.")
    for row in result.triggers:
        if row.status not in (OK, INSEPARABLE):
            readings.append(f"Not enough data for {label(row.trigger).lower()}: {row.reason}.")
    readings += weather_readings(result, label)
    if result.reason is None and result.days:
        carry = (
            "" if result.carry_over is None else f", day-to-day carry-over {result.carry_over:.2f}"
        )
        drift = "with a slow drift/season term" if result.smooth_bends else "no drift term"
        readings.append(
            f"The model weighed {result.days} days with a check-in's average pain ({drift}{carry})."
        )
    return readings


def triggers_key(result: TriggersResult) -> str:
    lags = "at its clearest lag" if result.lag is None else f"{lag_phrase(result.lag)}"
    return (
        f"With, without: days the model compares with and without the trigger ({lags}).\n"
        f"Mean: {DAILY_PAIN}, 0-10 (days without a check-in are not compared).\n"
        "Diff: the model's estimate with every trigger at lags 0-2 weighed together, a slow "
        "drift allowed for,\n  and pain carrying over between days in the 95% interval.\n"
        "p, q: q adjusts p over every trigger and lag together (Benjamini-Hochberg). "
        "How: docs/methods.md."
    )


def triggers_text(result: TriggersResult, vocabulary: Vocabulary) -> str:
    heading = triggers_heading(result) + _events_line(result.events)
    if result.observed_days == 0:
        return no_observed_days(result.period)
    if not result.triggers:
        none = (
            f"{heading}\n\nNo triggers were recorded in this period "
            f"({result.observed_days} observed days); add them with painlog log --trigger "
            "or painlog day --exposure."
        )
        weather = weather_readings(result, lambda name: vocabulary.label("trigger", name))
        if not weather:
            return none
        wrapped = "\n".join(textwrap.fill(line, 100, subsequent_indent="  ") for line in weather)
        return f"{none}\n\n{wrapped}\n{REMINDER}"
    headers, rows = triggers_table(result, vocabulary)
    shift = 1 if result.lag is None else 0
    table = render_table(
        headers,
        rows,
        align_right=tuple(i + shift for i in (1, 2, 3, 4, 5, 7, 8)),
        flexible=(0, len(headers) - 1),
    )
    readings = triggers_readings(result, vocabulary)
    wrapped = "\n".join(textwrap.fill(line, 100, subsequent_indent="  ") for line in readings)
    return "\n\n".join([heading, table, wrapped, triggers_key(result)]) + "\n" + REMINDER


def weather_readings(result: TriggersResult, label: Any) -> list[str]:
    """Where the weather came in: the exposures it added, and the temperature per degree."""
    lines = []
    for use in result.weather_exposures:
        over = "maximum temperature" if use.unit == "°C" else "mean humidity"
        line = (
            f"{label(use.trigger)} (+ weather): {use.weather_days} days of the imported weather "
            f"with a {over} over {use.threshold:g}{' ' if use.unit == '°C' else ''}{use.unit} "
            "count as this exposure"
        )
        if use.also_recorded:
            line += f" ({use.also_recorded} of them you recorded too, counted once)"
        if use.recorded_only:
            line += f"; {use.recorded_only} days you recorded it were under the threshold"
        lines.append(line + ".")
    effect = result.temperature
    if effect is not None:
        if effect.per_degree is None:
            lines.append(f"Maximum temperature: not enough data: {effect.reason}.")
        else:
            clear = "clear" if effect.is_clear else "no clear association"
            lines.append(
                f"Maximum temperature, the same day: {signed(effect.per_degree)} points of daily "
                f"pain per °C ({clear}; 95% interval "
                f"{_interval(effect.ci_low, effect.ci_high)}, p {_p(effect.p_value)}, "
                f"q {_p(effect.q_value)}), from {effect.days_with} days between "
                f"{effect.low:.0f} and {effect.high:.0f} °C with every trigger held"
                + (
                    f"; {effect.days_without} days without weather were left out of the model"
                    if effect.days_without
                    else ""
                )
                + "."
            )
    return lines


def temperature_json(result: TriggersResult) -> dict[str, Any] | None:
    effect = result.temperature
    if effect is None:
        return None
    return {
        "days_with": effect.days_with,
        "days_without": effect.days_without,
        "per_degree": _round(effect.per_degree, 3),
        "ci_low": _round(effect.ci_low, 3),
        "ci_high": _round(effect.ci_high, 3),
        "p_value": _round(effect.p_value, 4),
        "q_value": _round(effect.q_value, 4),
        "reason": effect.reason,
    }


# --- remedies --------------------------------------------------------------


def _remedy_json(row: RemedyResponse) -> dict[str, Any]:
    return {
        "uses": row.uses,
        "followed_up": row.followed_up,
        "median_change": _round(row.median_change),
        "responder_share": _round(row.responder_share),
        "median_minutes_to_follow_up": _round(row.median_minutes_to_follow_up, 1),
        "status": row.status,
        "left_out": row.left_out,
        "mean_change": _round(row.mean_change),
        "responder_low": _round(row.responder_low),
        "responder_high": _round(row.responder_high),
        "comparison_status": row.comparison_status,
        "comparison_followups": row.comparison_followups,
        "comparison_change": _round(row.comparison_change),
        "difference": _round(row.difference),
        "ci_low": _round(row.ci_low),
        "ci_high": _round(row.ci_high),
        "reason": row.reason,
    }


def remedies_json(rows: list[RemedyResponse]) -> list[dict[str, Any]]:
    return [
        {
            "remedy": row.remedy,
            **_remedy_json(row),
            "by_type": [
                {"pain_type": part.pain_type, **_remedy_json(part)} for part in row.by_type
            ],
        }
        for row in rows
    ]


def _share(row: RemedyResponse) -> str:
    if row.responder_share is None or row.responder_low is None or row.responder_high is None:
        return "-"
    return f"{row.responder_share:.0%} ({row.responder_low:.0%}-{row.responder_high:.0%})"


def _minutes(value: float | None) -> str:
    return "-" if value is None else minutes_text(round(value))


def _against(row: RemedyResponse) -> tuple[str, str, str]:
    """Without a remedy: its mean change, the difference and its interval, or why not."""
    if row.status != OK:
        return "-", "-", "not enough data"
    if row.comparison_status == NO_COMPARISON:
        return "-", "-", "no comparison yet"
    without = f"{_num(row.comparison_change, sign=True)} ({row.comparison_followups})"
    if row.comparison_status != OK or row.difference is None:
        return without, "-", "too few to compare"
    return without, f"{signed(row.difference)} ({_interval(row.ci_low, row.ci_high)})", ""


def _window_words(window: tuple[int, int]) -> str:
    return f"{minutes_text(window[0])} to {minutes_text(window[1])}"


REMEDY_HEADERS = (
    "Remedy",
    "Uses",
    "Followed up",
    "Change",
    "Without (n)",
    "Difference (95%)",
    "Responders (95%)",
    "Follow-up after",
    "Note",
)


def remedies_heading(result: RemediesResult) -> str:
    """What the table covers (without the events line)."""
    return f"Remedies and relief, {period_words(result.period, whole_diary=result.whole_diary)}"


def remedies_rows(result: RemediesResult, vocabulary: Vocabulary) -> list[list[str]]:
    """The cells of the remedies table; a remedy's rows per pain type start with two spaces."""

    def cells(label: str, row: RemedyResponse) -> list[str]:
        without, difference, note = _against(row)
        return [
            label,
            str(row.uses),
            str(row.followed_up),
            _num(row.mean_change, sign=True),
            without,
            difference,
            _share(row),
            _minutes(row.median_minutes_to_follow_up),
            note,
        ]

    rows = []
    for row in result.remedies:
        rows.append(cells(vocabulary.label("remedy", row.remedy), row))
        if len(row.by_type) > 1 or (row.by_type and row.by_type[0].pain_type is None):
            for part in row.by_type:
                kind = part.pain_type
                label = vocabulary.label("pain_type", kind).lower() if kind else "no type given"
                rows.append(cells(f"  {label}", part))
    return rows


def remedies_notes(result: RemediesResult, vocabulary: Vocabulary) -> list[str]:
    """The sentences under the remedies table: what was left out, whether there is a comparison."""
    window = _window_words(result.window)
    untreated = result.untreated
    lines = []
    left = [
        f"{vocabulary.label('remedy', row.remedy).lower()} {row.left_out}"
        for row in result.remedies
        if row.left_out
    ]
    if untreated.left_out:
        left.append(f"nothing taken {untreated.left_out}")
    if left:
        lines.append(
            f"Left out (rated outside {window} after the remedy or episode): "
            + ", ".join(left)
            + "."
        )
    if untreated.followed_up == 0:
        lines.append(
            "No comparison yet: no episode where nothing was taken has a later rating. "
            "Record one with painlog relief ENTRY --pain-after N (no --remedy)."
        )
    return lines


def remedies_key(result: RemediesResult) -> str:
    window = _window_words(result.window)
    return (
        f"Followed up: uses with a pain-after rating {window} after (painlog relief).\n"
        "Change: mean pain after minus pain before, so relief is negative.\n"
        "Without: the mean change on episodes where nothing was taken (same pain type, a "
        "similar wait); n of them.\n"
        "Difference: change with the remedy minus without, 95% interval; pain logged at a peak "
        "eases anyway.\n"
        "Responders: share with a drop of at least 30% and at least 2 points (2 -> 1 is not), "
        "95% Wilson interval.\n"
        f"Not enough data: fewer than {MIN_FOLLOWED_UP} follow-ups. How: docs/methods.md."
    )


def remedies_text(result: RemediesResult, vocabulary: Vocabulary) -> str:
    heading = remedies_heading(result) + _events_line(result.events)
    if not result.remedies:
        return (
            f"{heading}\n\nNo remedies were recorded in this period; "
            'add them with painlog log --remedy "name:dose".'
        )
    table = render_table(
        list(REMEDY_HEADERS),
        remedies_rows(result, vocabulary),
        align_right=(1, 2, 3, 4, 5, 6, 7),
        flexible=(0,),
    )
    lines = remedies_notes(result, vocabulary)
    wrapped = "\n".join(textwrap.fill(line, 100, subsequent_indent="  ") for line in lines)
    return "\n\n".join(part for part in (heading, table, wrapped, remedies_key(result)) if part)
