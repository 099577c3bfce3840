"""The weekly trends chart as inline SVG markup, for the local web page.

A pure function of the same ``WeekTrend`` rows that ``painlog trends`` prints
and draws with matplotlib: no matplotlib, numpy or pandas here, so the page
draws it in a few milliseconds even for ten years of weeks. It shows what the
PNG chart's top panels show: mean daily pain and the worst episode per week on
a 0-10 axis (lines break at weeks with nothing to average: a gap, not a zero),
thin weeks as hollow points with their days of daily pain, weeks with no day
recorded as a hatched band, the events the person recorded as bands and
markers, and the episodes logged per week as bars.

Colours are presentation attributes, never ``style`` (the page's
Content-Security-Policy allows no inline styles), and the chart carries its
own light background so it reads the same in a dark theme. Its ``<title>`` and
``<desc>`` name the period and the range of the numbers for screen readers;
the page puts the full table beside it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from painlog.analysis.rules import MIN_WEEK_DAYS
from painlog.events import KINDS, MARKER_KINDS, SPAN_KINDS, EventMark

if TYPE_CHECKING:
    from painlog.analysis.period import Period
    from painlog.analysis.summaries import WeekTrend

WIDTH = 760
LEFT = 56
RIGHT = 18
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PAIN_HEIGHT = 240
COUNT_HEIGHT = 90
FONT = 13
CHAR = 0.56 * FONT  # a rough width of one character, for laying out the legend
LONG = 60  # weeks; beyond this, weekly markers would only add clutter (as in the PNG chart)
SMOOTH_WEEKS = 13

INK = "#222222"
MUTED = "#555555"
GRID = "#dddddd"
DAILY = "#1b3a5c"
DAILY_LIGHT = "#8fa9c4"
WORST = "#555555"
BARS = "#9a9a9a"
BAR_EDGE = "#4d4d4d"
GAP_FACE = "#f3f3f3"
GAP_EDGE = "#b5b5b5"

# The same shapes and fills as the PNG chart's events, so the two read alike.
BAND_FILLS = {
    "relapse": 'fill="#8c8c8c" fill-opacity="0.35"',
    "steroids": 'fill="url(#{p}-steroids)"',
    "infection": 'fill="url(#{p}-infection)"',
}
assert set(BAND_FILLS) == set(SPAN_KINDS)


@dataclass(frozen=True)
class _Scale:
    start: date
    days: int
    plot_width: float = PLOT_WIDTH

    def x(self, day: date, offset: float = 0.0) -> float:
        return LEFT + ((day - self.start).days + offset) / self.days * self.plot_width


def _f(value: float) -> str:
    """A coordinate with one decimal, no trailing zeros: small, stable markup."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _marker(kind: str, x: float, y: float) -> str:
    xs, ys = _f(x), _f(y)
    if kind == "infusion":  # a triangle pointing down
        return f'<path d="M{_f(x - 5)} {_f(y - 4)}H{_f(x + 5)}L{xs} {_f(y + 5)}Z" fill="#111111"/>'
    if kind == "visit":  # a hollow diamond
        return (
            f'<path d="M{xs} {_f(y - 5)}L{_f(x + 5)} {ys}L{xs} {_f(y + 5)}L{_f(x - 5)} {ys}Z" '
            'fill="#ffffff" stroke="#111111" stroke-width="1.2"/>'
        )
    if kind == "mri":  # a grey square
        return (
            f'<rect x="{_f(x - 4)}" y="{_f(y - 4)}" width="8" height="8" fill="#9a9a9a" '
            'stroke="#111111" stroke-width="1"/>'
        )
    # a fall: a cross
    return (
        f'<path d="M{_f(x - 4)} {_f(y - 4)}L{_f(x + 4)} {_f(y + 4)}M{_f(x + 4)} {_f(y - 4)}'
        f'L{_f(x - 4)} {_f(y + 4)}" stroke="#111111" stroke-width="2.2"/>'
    )


def _path(points: Sequence[tuple[float, float] | None]) -> str:
    """One path through the points, broken where a point is None."""
    parts: list[str] = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{_f(point[0])} {_f(point[1])}")
        pen_down = True
    return "".join(parts)


def moving_average(values: Sequence[float | None], window: int) -> list[float | None]:
    """Centred mean over ``window`` weeks, skipping gaps; None where less than half the
    window has data (the PNG chart's rule)."""
    half = window // 2
    out: list[float | None] = []
    for i in range(len(values)):
        near = [v for v in values[max(0, i - half) : i + half + 1] if v is not None]
        out.append(sum(near) / len(near) if len(near) >= window / 2 else None)
    return out


def _ticks(weeks: list[WeekTrend], end: date, most: int = 9) -> list[tuple[date, str, str]]:
    """(day, label, second line) for the x axis: Mondays for short charts, months or years
    for long ones; the year is written under the first label and where it changes."""
    first = weeks[0].week_start
    if len(weeks) <= LONG:
        step = max(1, math.ceil(len(weeks) / most))
        days = [week.week_start for week in weeks[::step]]
        ticks = []
        year = None
        for day in days:
            ticks.append((day, f"{day.day} {day:%b}", str(day.year) if day.year != year else ""))
            year = day.year
        return ticks
    months = (end.year - first.year) * 12 + end.month - first.month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= most + 1)
    # The first month start on or after the first week, on the step's rhythm
    # (January for yearly steps, so the labels are round years).
    index = first.year * 12 + first.month - 1 + (first.day > 1)
    index += -index % step
    ticks = []
    while True:
        day = date(index // 12, index % 12 + 1, 1)
        if day > end:
            return ticks
        if step >= 12:
            ticks.append((day, str(day.year), ""))
        else:
            ticks.append((day, f"{day:%b}", str(day.year) if day.month == 1 or not ticks else ""))
        index += step


def _legend(
    items: list[tuple[str, str]], top: float, width: int = WIDTH
) -> tuple[list[str], float]:
    """Swatch-and-label pairs laid out in rows across the width; returns the markup and
    the y below the last row."""
    out: list[str] = []
    x, y = float(LEFT), top
    for swatch, label in items:
        room = 30 + len(label) * CHAR + 18
        if x + room > width - RIGHT and x > LEFT:
            x, y = float(LEFT), y + 22
        out.append(f'<g transform="translate({_f(x)} {_f(y)})">{swatch}')
        out.append(
            f'<text x="30" y="4.5" font-size="{FONT}" fill="{INK}">{escape(label)}</text></g>'
        )
        x += room
    return out, y + 14


def _swatch_line(colour: str, width: float, dash: str = "", marker: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<path d="M0 0H24" stroke="{colour}" stroke-width="{width}"{dashed} fill="none"/>{marker}'
    )


def _point_data(week: WeekTrend) -> str:
    """The week and its number on a daily-pain point, and the same as a tooltip."""
    value = week.mean_daily_pain or 0.0
    thin = f" (thin week: {week.note()})" if week.thin else ""
    return (
        f'data-week="{week.week_start}" data-daily="{value:.2f}">'
        f"<title>Week of {week.week_start:%d %b %Y}: mean daily pain {value:.1f}{thin}</title>"
    )


def _description(weeks: list[WeekTrend], period: Period) -> str:
    daily = [w.mean_daily_pain for w in weeks if w.mean_daily_pain is not None]
    worst = [w.max_intensity for w in weeks if w.max_intensity is not None]
    entries = sum(w.entries for w in weeks)
    parts = [
        f"{len(weeks)} week{'s' if len(weeks) != 1 else ''} from "
        f"{period.start:%a %d %b %Y} to {period.end:%a %d %b %Y}, {entries} entries."
    ]
    if daily:
        parts.append(
            f"Mean daily pain per week from {min(daily):.1f} to {max(daily):.1f} out of 10"
            + (f"; {daily[-1]:.1f} in the last week with a check-in." if daily else ".")
        )
    else:
        parts.append("No week has a daily pain: no check-in recorded an average pain.")
    if worst:
        parts.append(f"Worst episode per week from {min(worst)} to {max(worst)}.")
    thin = sum(1 for w in weeks if w.thin and w.observed_days)
    gaps = sum(1 for w in weeks if w.observed_days == 0)
    if thin:
        parts.append(f"{thin} thin week{'s' if thin != 1 else ''}.")
    if gaps:
        parts.append(f"{gaps} week{'s' if gaps != 1 else ''} with no day recorded.")
    parts.append("The table below the chart has every number.")
    return " ".join(parts)


def trends_svg(
    weeks: list[WeekTrend],
    period: Period,
    events: list[EventMark] | None = None,
    *,
    id_prefix: str = "trends",
    width: int = WIDTH,
) -> str:
    """The weekly chart as one ``<svg>`` element (a string of markup, safe to embed).

    ``weeks`` is ``TrendsResult.weeks``, oldest first, at least one. ``width``: the
    drawing's width in its own units (the text keeps its size, so a narrow chart for a
    phone has larger text once scaled to the screen); under 600 the title, the legend and
    the note take more lines.
    """
    if not weeks:
        raise ValueError("trends_svg needs at least one week")
    p = escape(id_prefix)
    marks = events or []
    long = len(weeks) > LONG
    end_day = weeks[-1].week_start + timedelta(days=7)
    if width < 360:
        raise ValueError("trends_svg needs a width of at least 360")
    right = width - RIGHT
    narrow = width < 600
    scale = _Scale(weeks[0].week_start, (end_day - weeks[0].week_start).days, right - LEFT)
    title = (
        f"Weekly pain trends, {period.start:%d %b %Y} to {period.end:%d %b %Y} "
        f"({len(weeks)} week{'s' if len(weeks) != 1 else ''})"
    )

    hollow = f'<circle cx="12" cy="0" r="4.5" fill="#ffffff" stroke="{DAILY}" stroke-width="1.8"/>'
    legend_items: list[tuple[str, str]] = []
    if long:
        legend_items.append((_swatch_line(DAILY_LIGHT, 1.2), "Mean daily pain, each week"))
        legend_items.append(
            (_swatch_line(DAILY, 3), f"Mean daily pain, {SMOOTH_WEEKS}-week average")
        )
        legend_items.append((_swatch_line(WORST, 1.2, "1 3"), "Worst episode (highest entry pain)"))
    else:
        legend_items.append(
            (
                _swatch_line(DAILY, 2.5, marker=f'<circle cx="12" cy="0" r="4" fill="{DAILY}"/>'),
                "Mean daily pain",
            )
        )
        legend_items.append(
            (
                _swatch_line(
                    WORST,
                    1.6,
                    "5 3",
                    f'<rect x="8" y="-4" width="8" height="8" fill="#ffffff" stroke="{WORST}" '
                    'stroke-width="1.4"/>',
                ),
                "Worst episode (highest entry pain)",
            )
        )
    if any(w.thin and w.mean_daily_pain is not None for w in weeks):
        legend_items.append(
            (_swatch_line("none", 0, marker=hollow), "Thin week" + ("" if long else " (days)"))
        )
    if any(w.observed_days == 0 for w in weeks):
        legend_items.append(
            (
                f'<rect x="0" y="-7" width="24" height="14" fill="url(#{p}-gap)" '
                f'stroke="{GAP_EDGE}" stroke-width="0.6"/>',
                "No day recorded (a gap, not a zero)",
            )
        )
    kinds_seen = {mark.kind for mark in marks}
    for kind in SPAN_KINDS:
        if kind in kinds_seen:
            fill = BAND_FILLS[kind].format(p=p)
            legend_items.append(
                (
                    f'<rect x="0" y="-7" width="24" height="14" {fill} stroke="#6e6e6e" '
                    'stroke-width="0.6"/>',
                    KINDS[kind].label,
                )
            )
    for kind in MARKER_KINDS:
        if kind in kinds_seen:
            legend_items.append((_marker(kind, 12, 0), KINDS[kind].label))

    title_lines = ["Weekly pain trends", title.split(", ", 1)[1]] if narrow else [title]
    legend, below_legend = _legend(legend_items, 34 + 24 * len(title_lines), width)
    pain_top = below_legend + 40
    pain_bottom = pain_top + PAIN_HEIGHT
    count_top = pain_bottom + 44
    count_bottom = count_top + COUNT_HEIGHT
    note_width = int((width - LEFT) / (0.56 * 12))
    notes = (
        textwrap.wrap(
            "One week per point or bar, Monday to Sunday. Daily pain: the check-in's average. "
            f"Thin week: cut by the period, or daily pain on fewer than {MIN_WEEK_DAYS} days."
            + (" Bands and markers: events you recorded." if marks else ""),
            note_width,
        )
        if narrow
        else [
            "One week per point or bar, Monday to Sunday. Daily pain: the check-in's average.",
            f"Thin week: cut by the period, or daily pain on fewer than {MIN_WEEK_DAYS} days."
            + (" Bands and markers: events you recorded." if marks else ""),
        ]
    )
    height = count_bottom + 64 + 17 * len(notes) - 4

    def y_pain(value: float) -> float:
        return pain_bottom - value / 10.3 * PAIN_HEIGHT

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_f(height)}" '
        f'width="{width}" height="{_f(height)}" role="img" class="trends-chart" '
        f'aria-labelledby="{p}-title {p}-desc" font-family="inherit">',
        f'<title id="{p}-title">{escape(title)}</title>',
        f'<desc id="{p}-desc">{escape(_description(weeks, period))}</desc>',
        "<defs>",
        f'<pattern id="{p}-gap" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{GAP_FACE}"/>'
        f'<path d="M0 0V6" stroke="{GAP_EDGE}" stroke-width="1.2"/></pattern>',
        f'<pattern id="{p}-steroids" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<path d="M4 1V7M1 4H7" stroke="#3d3d3d" stroke-width="0.9"/></pattern>',
        f'<pattern id="{p}-infection" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<circle cx="3.5" cy="3.5" r="1.1" fill="#6e6e6e"/></pattern>',
        "</defs>",
        f'<rect width="{width}" height="{_f(height)}" fill="#ffffff" rx="6"/>',
        *(
            f'<text x="{LEFT}" y="{30 + 22 * i}" font-size="{15 if narrow else 17}" '
            f'font-weight="bold" fill="{INK}">{escape(line)}</text>'
            for i, line in enumerate(title_lines)
        ),
        *legend,
    ]

    # Bands first, under everything: gaps, then the events that last.
    empty = [w.observed_days == 0 for w in weeks]
    i = 0
    while i < len(weeks):
        if empty[i]:
            j = i
            while j + 1 < len(weeks) and empty[j + 1]:
                j += 1
            x0 = scale.x(weeks[i].week_start)
            x1 = scale.x(weeks[j].week_start + timedelta(days=7))
            for top, bottom in ((pain_top, pain_bottom), (count_top, count_bottom)):
                out.append(
                    f'<rect x="{_f(x0)}" y="{_f(top)}" width="{_f(x1 - x0)}" '
                    f'height="{_f(bottom - top)}" fill="url(#{p}-gap)"/>'
                )
            i = j + 1
        else:
            i += 1
    for mark in marks:
        if mark.kind in BAND_FILLS:
            x0 = scale.x(max(mark.first, scale.start))
            x1 = scale.x(min(mark.last + timedelta(days=1), end_day))
            fill = BAND_FILLS[mark.kind].format(p=p)
            for top, bottom in ((pain_top, pain_bottom), (count_top, count_bottom)):
                out.append(
                    f'<rect x="{_f(x0)}" y="{_f(top)}" width="{_f(max(x1 - x0, 1))}" '
                    f'height="{_f(bottom - top)}" {fill}/>'
                )

    # The pain panel: grid, axis, lines.
    out.append(
        f'<text x="{LEFT}" y="{_f(pain_top - 12)}" font-size="14" font-weight="bold" '
        f'fill="{INK}">Pain per week</text>'
    )
    for value in range(0, 11, 2):
        y = y_pain(value)
        out.append(
            f'<path d="M{LEFT} {_f(y)}H{right}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{_f(y + 4.5)}" font-size="{FONT}" fill="{INK}" '
            f'text-anchor="end">{value}</text>'
        )
    out.append(
        f'<text transform="translate(16 {_f((pain_top + pain_bottom) / 2)}) rotate(-90)" '
        f'font-size="{FONT}" fill="{INK}" text-anchor="middle">Pain, 0 to 10</text>'
    )
    centres = [scale.x(w.week_start, 3.5) for w in weeks]
    daily = [w.mean_daily_pain for w in weeks]
    worst = [None if w.max_intensity is None else float(w.max_intensity) for w in weeks]

    def points(values: Sequence[float | None]) -> list[tuple[float, float] | None]:
        return [None if v is None else (c, y_pain(v)) for c, v in zip(centres, values, strict=True)]

    if long:
        out.append(
            f'<path class="series-worst" d="{_path(points(worst))}" fill="none" stroke="{WORST}" '
            'stroke-width="1.2" stroke-dasharray="1 3"/>'
        )
        out.append(
            f'<path class="series-daily" d="{_path(points(daily))}" fill="none" '
            f'stroke="{DAILY_LIGHT}" stroke-width="1.2"/>'
        )
        smooth = moving_average(daily, SMOOTH_WEEKS)
        out.append(
            f'<path class="series-smooth" d="{_path(points(smooth))}" fill="none" '
            f'stroke="{DAILY}" stroke-width="3"/>'
        )
    else:
        out.append(
            f'<path class="series-worst" d="{_path(points(worst))}" fill="none" stroke="{WORST}" '
            'stroke-width="1.6" stroke-dasharray="5 3"/>'
        )
        for week, point in zip(weeks, points(worst), strict=True):
            if point is not None:
                out.append(
                    f'<rect x="{_f(point[0] - 4)}" y="{_f(point[1] - 4)}" width="8" height="8" '
                    f'fill="#ffffff" stroke="{WORST}" stroke-width="1.4" '
                    f'data-week="{week.week_start}" data-worst="{week.max_intensity}">'
                    f"<title>Week of {week.week_start:%d %b %Y}: worst episode "
                    f"{week.max_intensity}</title></rect>"
                )
        out.append(
            f'<path class="series-daily" d="{_path(points(daily))}" fill="none" '
            f'stroke="{DAILY}" stroke-width="2.5"/>'
        )
        for week, point in zip(weeks, points(daily), strict=True):
            if point is not None and not week.thin:
                out.append(
                    f'<circle cx="{_f(point[0])}" cy="{_f(point[1])}" r="4" fill="{DAILY}" '
                    f"{_point_data(week)}</circle>"
                )
    for week, point in zip(weeks, points(daily), strict=True):
        if point is None or not week.thin:
            continue
        radius = 3 if long else 5
        out.append(
            f'<circle cx="{_f(point[0])}" cy="{_f(point[1])}" r="{radius}" fill="#ffffff" '
            f'stroke="{DAILY}" stroke-width="1.8" data-thin="{week.pain_days}" '
            f"{_point_data(week)}</circle>"
        )
        if not long:
            out.append(
                f'<text x="{_f(point[0])}" y="{_f(point[1] + 19)}" font-size="11" '
                f'fill="{DAILY}" text-anchor="middle">{week.pain_days} d</text>'
            )
    for kind in MARKER_KINDS:
        for mark in marks:
            if mark.kind == kind:
                x = scale.x(mark.first, 0.5)
                if not long:
                    out.append(
                        f'<path d="M{_f(x)} {_f(pain_top + 8)}V{_f(pain_bottom)}" '
                        'stroke="#777777" stroke-width="1" stroke-dasharray="1 2"/>'
                    )
                out.append(_marker(kind, x, pain_top + 2))
    out.append(
        f'<path d="M{LEFT} {_f(pain_top)}V{_f(pain_bottom)}H{right}" fill="none" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )

    # The count panel: episodes logged per week.
    most = max(1, max(w.entries for w in weeks))
    out.append(
        f'<text x="{LEFT}" y="{_f(count_top - 12)}" font-size="14" font-weight="bold" '
        f'fill="{INK}">Episodes logged per week</text>'
    )
    for value in (0, most):
        y = count_bottom - value / (most * 1.15) * COUNT_HEIGHT
        out.append(
            f'<path d="M{LEFT} {_f(y)}H{right}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{_f(y + 4.5)}" font-size="{FONT}" fill="{INK}" '
            f'text-anchor="end">{value}</text>'
        )
    week_width = (right - LEFT) / len(weeks)
    bar = max(week_width * (6 / 7), 0.8)
    for week, centre in zip(weeks, centres, strict=True):
        if not week.entries:
            continue
        h = week.entries / (most * 1.15) * COUNT_HEIGHT
        edge = f' stroke="{BAR_EDGE}" stroke-width="0.6"' if not long else ""
        out.append(
            f'<rect x="{_f(centre - bar / 2)}" y="{_f(count_bottom - h)}" width="{_f(bar)}" '
            f'height="{_f(h)}" fill="{BARS}"{edge}/>'
        )
        if not long and week.partial and week_width >= 34:
            label = f"{week.days_in_period} of 7 days"
            half = len(label) * 0.56 * 10 / 2  # kept inside the plot at either end
            x = min(max(centre, LEFT + half), right - half)
            out.append(
                f'<text x="{_f(x)}" y="{_f(count_bottom - h - 4)}" font-size="10" '
                f'fill="{INK}" text-anchor="middle">{label}</text>'
            )
    out.append(
        f'<path d="M{LEFT} {_f(count_top)}V{_f(count_bottom)}H{right}" fill="none" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )

    # The x axis, under the count panel.
    for day, label, second in _ticks(weeks, end_day, max(3, int((right - LEFT) / 75))):
        x = scale.x(day)
        out.append(
            f'<path d="M{_f(x)} {_f(count_bottom)}V{_f(count_bottom + 5)}" stroke="{MUTED}"/>'
            f'<text x="{_f(x)}" y="{_f(count_bottom + 20)}" font-size="{FONT}" fill="{INK}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
        if second:
            out.append(
                f'<text x="{_f(x)}" y="{_f(count_bottom + 36)}" font-size="{FONT}" '
                f'fill="{INK}" text-anchor="middle">{escape(second)}</text>'
            )
    for i, line in enumerate(notes):
        out.append(
            f'<text x="{LEFT}" y="{_f(count_bottom + 64 + 17 * i)}" font-size="12" '
            f'fill="{MUTED}">{escape(line)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
