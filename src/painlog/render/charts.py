"""Charts for trends, patterns and triggers, drawn with matplotlib into PNG or SVG bytes.

matplotlib is imported inside the drawing functions, and pyplot is never
used: a ``Figure`` rendered straight to bytes needs no display and starts
faster. The --chart file is checked and written by ``painlog.cli.charts``
(through the one writer in ``painlog.files``); this module only draws.

Every chart is sized for an A4 page's width, has labelled axes, a legend and
a title with its period, and tells its series apart by line style, marker
and hatching as well as by shade, so it reads in greyscale.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from painlog.analysis.rules import LAG_WORDS, MIN_DAYS, MIN_WEEK_DAYS
from painlog.events import KINDS, MARKER_KINDS, SPAN_KINDS, EventMark
from painlog.vocab import Vocabulary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from painlog.analysis.period import Period
    from painlog.analysis.summaries import Patterns, WeekTrend
    from painlog.analysis.triggers import TriggerAssociation
    from painlog.analysis.visit import RatingsWeek

A4_WIDTH_INCHES = 8.27
PNG_DPI = 150
# Shades from dark to light with a hatch each: distinct in colour and in greyscale.
SHADES = ["#1b3a5c", "#4f7cac", "#9dbbd9", "#d9d9d9", "#7a7a7a", "#f2f2f2", "#3d3d3d"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--"]
MAX_TYPES = 6
UNTYPED = "No type given"


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    settings: Any = {
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "legend.fontsize": 8,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "hatch.linewidth": 0.6,
        "svg.fonttype": "none",  # real text in SVG: searchable, selectable, smaller
        "svg.hashsalt": "painlog",  # the same chart gives the same file
    }
    with matplotlib.rc_context(settings):
        yield


def _render(figure: Figure, chart_format: str, title: str) -> bytes:
    """The figure as the bytes of a PNG or SVG file (the CLI writes them)."""
    import io

    metadata: dict[str, Any] = {"Title": title}
    if chart_format == "svg":
        metadata["Date"] = None
    out = io.BytesIO()
    figure.savefig(out, format=chart_format, dpi=PNG_DPI, metadata=metadata, facecolor="white")
    return out.getvalue()


def _weeks_text(count: int) -> str:
    return "1 week" if count == 1 else f"{count} weeks"


def _period_title(period: Period) -> str:
    return f"{period.start:%d %b %Y} to {period.end:%d %b %Y}"


def _date_axis(axis: Any) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
    axis.xaxis.set_major_locator(locator)
    axis.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _week_axis(axis: Any, weeks: int) -> None:
    """Mondays as ticks when there is room for them, else the usual date ticks."""
    import matplotlib.dates as mdates

    if weeks > 26:
        _date_axis(axis)
        return
    monday = mdates.WeekdayLocator(byweekday=mdates.MO, interval=1 if weeks <= 14 else 2)  # type: ignore[no-untyped-call]
    axis.xaxis.set_major_locator(monday)
    axis.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))  # type: ignore[no-untyped-call]


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


LONG = 60  # weeks; beyond this, weekly markers and bar outlines would only add clutter
SMOOTH_WEEKS = 13


def _legend_entries(axis: Any, gaps: Any, gap_label: str) -> tuple[list[Any], list[str]]:
    """The axis's own legend entries, plus the hatched gap band when the chart has gaps."""
    from matplotlib.patches import Patch

    handles, labels = axis.get_legend_handles_labels()
    if gaps:
        handles.append(Patch(facecolor=GAP_FACE, edgecolor=GAP_EDGE, hatch="///", linewidth=0))
        labels.append(gap_label)
    return list(handles), list(labels)


def _gap_bands(axes: list[Any], weeks: list[WeekTrend]) -> bool:
    """Shade the weeks with no observed day; True if there were any."""
    empty = [week.observed_days == 0 for week in weeks]
    for first, last in _runs(empty):
        for axis in axes:
            axis.axvspan(
                weeks[first].week_start,
                weeks[last].week_start + timedelta(days=7),
                facecolor=GAP_FACE,
                edgecolor=GAP_EDGE,
                hatch="///",
                linewidth=0,
                zorder=0,
            )
    return any(empty)


GAP_FACE = "#f3f3f3"
GAP_EDGE = "#b5b5b5"

# Events the person recorded: told apart by fill and hatch (bands) and by shape (markers),
# so they read in greyscale; no hatch of the gap band or of the pain types is reused.
BAND_STYLES: dict[str, dict[str, Any]] = {
    "relapse": {"facecolor": "#8c8c8c", "alpha": 0.35, "edgecolor": "none"},
    "steroids": {"facecolor": "none", "edgecolor": "#3d3d3d", "hatch": "++"},
    "infection": {"facecolor": "none", "edgecolor": "#6e6e6e", "hatch": "*"},
}
MARKER_STYLES: dict[str, dict[str, Any]] = {
    "infusion": {"marker": "v", "color": "#111111", "markerfacecolor": "#111111"},
    "visit": {"marker": "D", "color": "#111111", "markerfacecolor": "white"},
    "mri": {"marker": "s", "color": "#111111", "markerfacecolor": "#9a9a9a"},
    "fall": {"marker": "X", "color": "#111111", "markerfacecolor": "#111111"},
}
assert set(BAND_STYLES) == set(SPAN_KINDS) and set(MARKER_STYLES) == set(MARKER_KINDS)


def _event_marks(
    axes: list[Any], events: list[EventMark], *, long: bool
) -> tuple[list[Any], list[str]]:
    """Bands on every axis, markers along the top of the first; the legend entries they need."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    kinds = {mark.kind for mark in events}
    for mark in events:
        if mark.kind in BAND_STYLES:
            for axis in axes:
                axis.axvspan(
                    mark.first,
                    mark.last + timedelta(days=1),
                    linewidth=0,
                    zorder=0.5,
                    **BAND_STYLES[mark.kind],
                )
    top = axes[0]
    for kind, style in MARKER_STYLES.items():
        days = [datetime.combine(m.first, time(12)) for m in events if m.kind == kind]
        if not days:
            continue
        if not long:  # a thin line down to the pain lines: which week it falls in
            for day in days:
                top.axvline(day, color="#777777", linewidth=0.6, linestyle=":", zorder=0.6)
        top.plot(
            days,
            [0.955] * len(days),
            linestyle="none",
            markersize=5.5,
            markeredgewidth=0.8,
            transform=top.get_xaxis_transform(),
            clip_on=False,
            zorder=6,
            **style,
        )
    handles: list[Any] = []
    labels: list[str] = []
    for kind, style in BAND_STYLES.items():
        if kind in kinds:
            handles.append(Patch(linewidth=0.6, **style))
            labels.append(KINDS[kind].label)
    for kind, style in MARKER_STYLES.items():
        if kind in kinds:
            handles.append(Line2D([], [], linestyle="none", markersize=5.5, **style))
            labels.append(KINDS[kind].label)
    return handles, labels


def _type_shares(
    weeks: list[WeekTrend], vocabulary: Vocabulary, smooth: bool
) -> list[tuple[str, Any]]:
    """(label, share of entries in %, NaN for weeks without entries) per pain type.

    ``smooth``: shares of the entries in the ``SMOOTH_WEEKS`` weeks around each week.
    """
    import numpy as np

    def window(values: Any) -> Any:
        if not smooth:
            return values
        return np.convolve(values, np.ones(SMOOTH_WEEKS), mode="same")

    counts = window(np.array([week.entries for week in weeks], dtype=float))
    totals: dict[str, int] = {}
    for week in weeks:
        for key, n in week.by_type.items():
            totals[key] = totals.get(key, 0) + n
    ordered = sorted(totals, key=lambda key: (-totals[key], key))
    shown, rest = ordered[:MAX_TYPES], ordered[MAX_TYPES:]
    denominators = np.where(counts > 0, counts, np.nan)
    layers = [
        (
            vocabulary.label("pain_type", key),
            window(np.array([w.by_type.get(key, 0) for w in weeks])) / denominators * 100,
        )
        for key in shown
    ]
    if rest:
        other = window(np.array([sum(w.by_type.get(k, 0) for k in rest) for w in weeks]))
        layers.append(("Other types", other / denominators * 100))
    untyped = counts - window(np.array([sum(w.by_type.values()) for w in weeks]))
    if untyped.sum():
        layers.append((UNTYPED, untyped / denominators * 100))
    return layers


def trends_chart(
    weeks: list[WeekTrend],
    period: Period,
    vocabulary: Vocabulary,
    chart_format: str,
    events: list[EventMark] | None = None,
    temperatures: list[float | None] | None = None,
) -> bytes:
    """Weekly pain (mean daily and worst), entries per week and pain-type shares, with the
    events the person recorded as bands and markers, and (when the diary has weather)
    each week's mean maximum temperature on a second axis beside the pain.

    Returns the chart's title.
    """
    import numpy as np
    from matplotlib.figure import Figure

    title = f"Weekly pain trends, {_period_title(period)} ({_weeks_text(len(weeks))})"
    # Points and bars sit in the middle of their week (Thursday noon).
    centres = [datetime.combine(w.week_start, time()) + timedelta(days=3.5) for w in weeks]
    daily = np.array([np.nan if w.mean_daily_pain is None else w.mean_daily_pain for w in weeks])
    worst = np.array([np.nan if w.max_intensity is None else w.max_intensity for w in weeks])
    counts = np.array([w.entries for w in weeks])
    long = len(weeks) > LONG

    layers = _type_shares(weeks, vocabulary, long)
    legend_rows = -(-len(layers) // 3)
    bottom_band = 0.55 + 0.2 * legend_rows + 0.35  # tick labels, type legend, footnote
    marks = events or []
    kinds = len({mark.kind for mark in marks})
    pain_entries = 2 + long + any(week.observed_days == 0 for week in weeks)
    columns = 2 if not kinds else 4
    top = 0.8 + 0.18 * (-(-(pain_entries + kinds) // columns) - 1)
    with _style():
        # Placed by hand, in inches: matplotlib's automatic layouts measure every
        # label first, which costs as much as drawing the whole chart again.
        figure = Figure(figsize=(A4_WIDTH_INCHES, top + 3.4 + 1.3 + 2.4 + 0.9 + bottom_band))
        warm = temperatures is not None and any(t is not None for t in temperatures)
        pain_axis, count_axis, type_axis = _stacked_axes(
            figure,
            [3.4, 1.3, 2.4],
            top=top,
            gap=0.45,
            bottom=bottom_band,
            right=0.75 if warm else RIGHT_INCHES,
        )
        figure.suptitle(title, fontsize=12, fontweight="bold", y=1 - 0.12 / figure.get_figheight())
        gaps = _gap_bands([pain_axis, count_axis, type_axis], weeks)
        # Not on the pain types' panel: its bars have hatches of their own.
        event_handles, event_labels = _event_marks([pain_axis, count_axis], marks, long=long)

        _pain_lines(pain_axis, centres, daily, worst, long=long, weeks=weeks)
        pain_axis.set_title("Pain per week", loc="left")
        handles, labels = _legend_entries(pain_axis, gaps, "No day recorded (a gap, not a zero)")
        if warm and temperatures is not None:
            handles.append(_temperature_line(pain_axis, centres, temperatures, long=long))
            labels.append("Maximum temperature, the week's mean (°C, right)")
        pain_axis.legend(
            handles + event_handles,
            labels + event_labels,
            loc="lower right",
            bbox_to_anchor=(1, 1.01),
            ncols=columns,
            frameon=False,
            borderaxespad=0,
        )

        edges = [week.week_start for week in weeks]
        edges.append(weeks[-1].week_start + timedelta(days=7))
        if long:  # one outline for all weeks: hundreds of bars would take seconds to draw
            _steps(count_axis, edges, np.zeros(len(weeks)), counts, facecolor="#9a9a9a")
        else:
            count_axis.bar(
                centres, counts, width=6, color="#9a9a9a", edgecolor="#4d4d4d", linewidth=0.5
            )
        if not long:
            for week, centre, count in zip(weeks, centres, counts, strict=True):
                inside = (
                    min(week.week_start + timedelta(days=6), period.end)
                    - max(week.week_start, period.start)
                ).days + 1
                if inside < 7:  # a week cut by the period: say so, or it looks like a drop
                    count_axis.annotate(
                        f"{inside} of 7 days",
                        (centre, count),
                        xytext=(0, 2),
                        textcoords="offset points",
                        ha="center",
                        va="bottom",
                        fontsize=7,
                    )
        count_axis.set_ylim(0, max(1, int(counts.max())) * 1.15)
        count_axis.set_ylabel("Entries")
        count_axis.set_title("Episodes logged per week", loc="left")
        count_axis.yaxis.get_major_locator().set_params(integer=True)

        bottom = np.zeros(len(weeks))
        for index, (label, share) in enumerate(layers):
            top = bottom + np.nan_to_num(share)
            style = {
                "facecolor": SHADES[index % len(SHADES)],
                "hatch": HATCHES[index % len(HATCHES)],
                "edgecolor": "#333333",
                "label": label,
            }
            if label == UNTYPED:  # missing information, not a type: blank, lightly marked
                style.update(facecolor="white", hatch="...", edgecolor="#999999")
            if long:
                _steps(type_axis, edges, bottom, top, linewidth=0, **style)
            else:
                type_axis.bar(centres, top - bottom, bottom=bottom, width=6, linewidth=0.4, **style)
            bottom = top
        type_axis.set_ylim(0, 100)
        type_axis.set_ylabel("Share of entries (%)")
        type_axis.set_title(
            f"Pain types: share of entries, {SMOOTH_WEEKS}-week average"
            if long
            else "Pain types: share of each week's entries",
            loc="left",
        )
        height = figure.get_figheight()
        figure.legend(
            *type_axis.get_legend_handles_labels(),
            loc="upper left",
            bbox_to_anchor=(LEFT_INCHES / A4_WIDTH_INCHES, (bottom_band - 0.5) / height),
            ncols=3,
            frameon=False,
            borderaxespad=0,
        )
        type_axis.set_xlim(weeks[0].week_start, weeks[-1].week_start + timedelta(days=7))
        _week_axis(type_axis, len(weeks))
        figure.text(
            0.5,
            0.08 / height,
            "One week per point or bar, Monday to Sunday. Daily pain: the check-in's average.\n"
            f"Thin week: cut by the period, or daily pain on < {MIN_WEEK_DAYS} days."
            + (" Bands and markers: events you recorded." if marks else ""),
            ha="center",
            fontsize=7,
            color="#444444",
        )
        return _render(figure, chart_format, title)


def _temperature_line(
    axis: Any, centres: list[datetime], temperatures: list[float | None], *, long: bool
) -> Any:
    """The week's mean maximum temperature on a second y axis, in a warm colour and a dotted
    line so it never reads as pain; weeks without weather leave a gap."""
    import numpy as np

    values = np.array([np.nan if t is None else t for t in temperatures], dtype=float)
    twin = axis.twinx()
    (line,) = twin.plot(
        centres,
        values,
        linestyle=":",
        linewidth=1.6 if not long else 1.0,
        color="#b5561b",
        marker=None if long else "^",
        markersize=4,
    )
    known = values[~np.isnan(values)]
    low, high = float(known.min()), float(known.max())
    pad = max(2.0, (high - low) * 0.15)
    twin.set_ylim(low - pad, high + pad)
    twin.set_ylabel("Maximum temperature (°C)", color="#b5561b")
    twin.tick_params(axis="y", colors="#b5561b")
    twin.spines["right"].set_visible(True)
    twin.spines["right"].set_color("#b5561b")
    return line


def _pain_lines(
    axis: Any,
    centres: list[datetime],
    daily: Any,
    worst: Any,
    *,
    long: bool,
    weeks: list[WeekTrend],
) -> None:
    """Mean daily pain and the worst episode per week, on a 0-10 axis.

    Lines break at weeks with nothing to average: a gap, not a zero. A thin week
    (cut by the period, or under MIN_WEEK_DAYS days of daily pain) is a hollow point,
    with its number of days of daily pain beside it in short charts.
    """
    if long:
        axis.plot(
            centres,
            worst,
            linestyle="none",
            marker="_",
            markersize=4,
            color="#666666",
            label="Worst episode (highest entry pain)",
        )
        axis.plot(
            centres,
            daily,
            linestyle="-",
            linewidth=0.8,
            color="#8fa9c4",
            label="Mean daily pain, each week",
        )
        smooth = _moving_average(daily, SMOOTH_WEEKS)
        axis.plot(
            centres,
            smooth,
            linestyle="-",
            linewidth=2.4,
            color="#1b3a5c",
            label=f"Mean daily pain, {SMOOTH_WEEKS}-week average",
        )
    else:
        axis.plot(
            centres,
            worst,
            linestyle="--",
            linewidth=1.4,
            color="#555555",
            marker="s",
            markersize=5,
            markerfacecolor="white",
            label="Worst episode (highest entry pain)",
        )
        axis.plot(
            centres,
            daily,
            linestyle="-",
            linewidth=2.2,
            color="#1b3a5c",
            marker="o",
            markersize=5,
            label="Mean daily pain",
        )
    thin = [i for i, week in enumerate(weeks) if week.thin and week.mean_daily_pain is not None]
    if thin:
        axis.plot(
            [centres[i] for i in thin],
            [daily[i] for i in thin],
            linestyle="none",
            marker="o",
            markersize=4 if long else 7,
            markerfacecolor="white",
            markeredgecolor="#1b3a5c",
            markeredgewidth=1.4,
            label="Thin week" + ("" if long else " (days shown)"),
        )
        if not long:
            for i in thin:
                axis.annotate(
                    f"{weeks[i].pain_days} d",
                    (centres[i], daily[i]),
                    xytext=(0, -11),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    fontsize=6.5,
                    color="#1b3a5c",
                )
    axis.set_ylim(0, 10.3)
    axis.set_yticks(range(0, 11, 2))
    axis.set_ylabel("Pain, 0 (none) to 10 (worst)")


COMPACT_LEFT, COMPACT_RIGHT, COMPACT_BOTTOM = 0.5, 0.3, 0.3  # inches, the report's charts


def _compact(width: float, height: float, top: float) -> tuple[Figure, Any]:
    """A figure with one axis, placed by hand (``top`` inches above it for the legends)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    axis = figure.add_axes(
        (
            COMPACT_LEFT / width,
            COMPACT_BOTTOM / height,
            (width - COMPACT_LEFT - COMPACT_RIGHT) / width,
            (height - top - COMPACT_BOTTOM) / height,
        )
    )
    return figure, axis


def _compact_png(figure: Figure, axis: Any, week_starts: list[date], dpi: int) -> bytes:
    """Week axis from the first Monday to the end of the last week, then the PNG's bytes."""
    import io

    axis.set_xlim(week_starts[0], week_starts[-1] + timedelta(days=7))
    _week_axis(axis, len(week_starts))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


EVENT_ROW = 0.2  # inches: the events' own legend, one row above the chart's


def _events_legend(figure: Figure, handles: list[Any], labels: list[str]) -> None:
    """The events' legend across the top of a compact chart, when it draws any."""
    if not handles:
        return
    width, height = figure.get_size_inches()
    figure.legend(
        handles,
        ["You recorded: " + labels[0], *labels[1:]],
        loc="upper left",
        bbox_to_anchor=(COMPACT_LEFT / width, 1 - 0.03 / height),
        ncols=len(handles),
        frameon=False,
        borderaxespad=0,
        handlelength=1.6,
        columnspacing=1.2,
    )


def weekly_pain_png(
    weeks: list[WeekTrend],
    *,
    events: list[EventMark] | None = None,
    width_inches: float = 7.1,
    height_inches: float = 2.3,
    dpi: int = 200,
) -> bytes:
    """A compact weekly pain chart as PNG bytes, drawn in memory (the summary's page 1).

    The pain panel of ``trends_chart`` (mean daily pain and the worst episode
    per week, gaps hatched) with the weekly mean PEG where check-ins rate it.
    """

    import numpy as np

    centres = [datetime.combine(w.week_start, time()) + timedelta(days=3.5) for w in weeks]
    daily = np.array([np.nan if w.mean_daily_pain is None else w.mean_daily_pain for w in weeks])
    worst = np.array([np.nan if w.max_intensity is None else w.max_intensity for w in weeks])
    peg = np.array([np.nan if w.mean_peg is None else w.mean_peg for w in weeks])
    long = len(weeks) > LONG
    has_peg = not np.isnan(peg).all()
    has_gaps = any(week.observed_days == 0 for week in weeks)
    marks = events or []
    kinds = len({mark.kind for mark in marks})
    legend_columns = 2 if long else 3
    has_thin = any(week.thin and week.mean_daily_pain is not None for week in weeks)
    legend_rows = -(-(2 + long + has_peg + has_gaps + has_thin) // legend_columns)
    event_row = EVENT_ROW if kinds else 0.0
    with _style():
        top, bottom = 0.22 + 0.18 * legend_rows + event_row, COMPACT_BOTTOM
        figure, axis = _compact(width_inches, height_inches, top)
        gaps = _gap_bands([axis], weeks)
        event_handles, event_labels = _event_marks([axis], marks, long=long)
        _pain_lines(axis, centres, daily, worst, long=long, weeks=weeks)
        if has_peg:
            axis.plot(
                centres,
                _moving_average(peg, SMOOTH_WEEKS) if long else peg,
                linestyle=":",
                linewidth=1.8,
                color="#4f7cac",
                marker=None if long else "^",
                markersize=4,
                label=f"Mean PEG, {SMOOTH_WEEKS}-week average" if long else "Mean PEG",
            )
        # The long label only where the axis is tall enough to hold it.
        tall = height_inches - top - bottom >= 1.3
        axis.set_ylabel("0 (none) to 10 (worst)" if tall else "0 to 10")
        handles, labels = _legend_entries(axis, gaps, "No day recorded")
        axis.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncols=legend_columns,
            frameon=False,
            borderaxespad=0,
            handlelength=2.4,
            columnspacing=1.2,
        )
        _events_legend(figure, event_handles, event_labels)
        return _compact_png(figure, axis, [week.week_start for week in weeks], dpi)


def weekly_ratings_png(
    weeks: list[RatingsWeek],
    *,
    events: list[EventMark] | None = None,
    width_inches: float = 7.1,
    height_inches: float = 1.9,
    dpi: int = 200,
) -> bytes:
    """Weekly mean spasticity, fatigue and sleep quality (0-10), apart from pain, as PNG bytes.

    Three line styles and markers, so the series read in greyscale; weeks without a
    rating break the line. The events the person recorded are drawn as on the pain chart.
    """

    import numpy as np

    centres = [datetime.combine(w.week_start, time()) + timedelta(days=3.5) for w in weeks]
    long = len(weeks) > LONG
    series = (
        ("Spasticity", [w.spasticity for w in weeks], "-", "o", "#1b3a5c"),
        ("Fatigue", [w.fatigue for w in weeks], "--", "s", "#555555"),
        ("Sleep quality", [w.sleep for w in weeks], ":", "^", "#4f7cac"),
    )
    with _style():
        marks = events or []
        figure, axis = _compact(width_inches, height_inches, 0.4 + (EVENT_ROW if marks else 0))
        event_handles, event_labels = _event_marks([axis], marks, long=long)
        for label, values, style, marker, colour in series:
            data = np.array([np.nan if v is None else v for v in values], dtype=float)
            axis.plot(
                centres,
                _moving_average(data, SMOOTH_WEEKS) if long else data,
                linestyle=style,
                linewidth=1.8,
                color=colour,
                marker=None if long else marker,
                markersize=4,
                markerfacecolor="white" if marker == "s" else colour,
                label=f"{label}, {SMOOTH_WEEKS}-week average" if long else label,
            )
        axis.set_ylim(0, 10.3)
        axis.set_yticks(range(0, 11, 2))
        axis.set_ylabel("0 to 10")
        axis.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncols=3,
            frameon=False,
            borderaxespad=0,
            handlelength=2.4,
        )
        _events_legend(figure, event_handles, event_labels)
        return _compact_png(figure, axis, [week.week_start for week in weeks], dpi)


LEFT_INCHES = 0.8
RIGHT_INCHES = 0.3


def _stacked_axes(
    figure: Figure,
    heights: list[float],
    *,
    top: float,
    gap: float,
    bottom: float,
    right: float = RIGHT_INCHES,
) -> list[Any]:
    """Axes one above the other sharing the x axis, at fixed sizes in inches."""
    width, height = figure.get_size_inches()
    axes: list[Any] = []
    y = height - top
    for index, size in enumerate(heights):
        y -= size + (gap if index else 0)
        rect = (
            LEFT_INCHES / width,
            y / height,
            (width - LEFT_INCHES - right) / width,
            size / height,
        )
        axis = figure.add_axes(rect, sharex=axes[0] if axes else None)
        if index < len(heights) - 1:
            axis.tick_params(labelbottom=False)
        axes.append(axis)
    return axes


def _steps(axis: Any, edges: list[date], bottom: Any, top: Any, **style: Any) -> None:
    """A filled band that steps at each week's edges (one polygon, quick to draw)."""
    import numpy as np

    axis.fill_between(
        edges, np.append(bottom, bottom[-1]), np.append(top, top[-1]), step="post", **style
    )


def _moving_average(values: Any, window: int) -> Any:
    """Centred mean over ``window`` weeks, skipping gaps.

    NaN where less than half of the window has data.
    """
    import numpy as np

    present = ~np.isnan(values)
    filled = np.where(present, values, 0.0)
    kernel = np.ones(window)
    sums = np.convolve(filled, kernel, mode="same")
    counts = np.convolve(present.astype(float), kernel, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts >= window / 2, sums / counts, np.nan)


def triggers_chart(
    rows: list[TriggerAssociation],
    period: Period,
    lag: int | None,
    vocabulary: Vocabulary,
    chart_format: str,
) -> bytes:
    """Each trigger's estimate from the joint model with its 95% interval; returns the title.

    ``lag`` None: each trigger at its clearest lag, named under it.
    """
    import textwrap

    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    when = "(each at its clearest lag)" if lag is None else LAG_WORDS[lag]
    title = f"Triggers and daily pain {when}, {_period_title(period)}"
    tested = [row for row in rows if row.has_estimate]
    untested = [row for row in rows if not row.has_estimate]
    clear_style: dict[str, Any] = {"color": "#1b3a5c", "markerfacecolor": "#1b3a5c"}
    unclear_style: dict[str, Any] = {"color": "#777777", "markerfacecolor": "white"}
    with _style():
        figure = Figure(
            figsize=(A4_WIDTH_INCHES, 2.4 + 0.5 * max(len(tested), 1)), layout="constrained"
        )
        axis = figure.subplots()
        figure.suptitle(title, fontsize=11, fontweight="bold")
        positions = list(range(len(tested)))[::-1]
        for y, row in zip(positions, tested, strict=True):
            assert row.difference is not None and row.ci_low is not None
            assert row.ci_high is not None
            axis.errorbar(
                row.difference,
                y,
                xerr=[[row.difference - row.ci_low], [row.ci_high - row.difference]],
                fmt="o",
                markersize=7,
                capsize=4,
                linewidth=1.6,
                **(clear_style if row.is_clear else unclear_style),
            )
        axis.axvline(0, color="#333333", linestyle="--", linewidth=1)
        axis.set_yticks(
            positions,
            [
                f"{vocabulary.label('trigger', row.trigger)}"
                + (f" ({LAG_WORDS[row.lag]})" if lag is None else "")
                + (
                    "\nwith "
                    + ", ".join(vocabulary.label("trigger", t) for t in row.together_with)
                    + ", inseparable"
                    if row.together_with
                    else ""
                )
                + f"\n{row.days_with} days with, {row.days_without} without"
                for row in tested
            ],
        )
        axis.set_ylim(-0.7, max(len(tested), 1) - 0.3)
        axis.set_xlabel(
            "Difference in daily pain with the trigger, all triggers and lags weighed together\n"
            "(points on the 0-10 scale; the bar is the 95% interval; see docs/methods.md)\n"
            "Associations in your own diary, not proof that a trigger causes pain."
        )
        axis.grid(axis="y", visible=False)
        axis.legend(
            handles=[
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="-",
                    label="Clear: interval excludes 0 and q < 0.05",
                    **clear_style,
                ),
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="-",
                    label="Not clear: interval includes 0, or could be chance",
                    **unclear_style,
                ),
            ],
            loc="lower right",
            bbox_to_anchor=(1, 1.0),
            frameon=False,
            borderaxespad=0.2,
        )
        if untested:
            names = ", ".join(vocabulary.label("trigger", row.trigger).lower() for row in untested)
            figure.supxlabel(
                textwrap.fill(
                    f"Not enough data (at least {MIN_DAYS} days with and without, and enough "
                    f"days for the model): {names}.",
                    140,
                ),
                fontsize=7,
                color="#444444",
            )
        if not tested:
            axis.set_yticks([])
            axis.text(
                0.5,
                0.5,
                "No trigger has enough data yet.",
                transform=axis.transAxes,
                ha="center",
                va="center",
            )
        return _render(figure, chart_format, title)


def patterns_chart(found: Patterns, period: Period, chart_format: str) -> bytes:
    """Entries by hour of the day and daily pain by weekday; returns the title."""
    from matplotlib.figure import Figure

    title = f"When pain happens, {_period_title(period)}"
    with _style():
        figure = Figure(figsize=(A4_WIDTH_INCHES, 6.5), layout="constrained")
        hour_axis, day_axis = figure.subplots(2, 1)
        figure.suptitle(title, fontsize=12, fontweight="bold")
        hours = [row.hour for row in found.by_hour]
        hour_axis.bar(
            hours,
            [row.entries for row in found.by_hour],
            width=0.8,
            color="#9a9a9a",
            edgecolor="#333333",
            linewidth=0.5,
            label="Entries",
        )
        hour_axis.set_xticks(range(0, 24, 2), [f"{h:02d}:00" for h in range(0, 24, 2)])
        hour_axis.set_xlim(-0.6, 23.6)
        hour_axis.set_xlabel("Hour of the day (your clock when the episode began)")
        hour_axis.set_ylabel("Entries")
        hour_axis.set_title("Episodes by hour of the day", loc="left")
        hour_axis.legend(loc="upper left", frameon=False)

        names = [row.weekday[:3] for row in found.by_weekday]
        means = [row.mean_daily_pain or 0.0 for row in found.by_weekday]
        bars = day_axis.bar(
            names,
            means,
            width=0.6,
            color="#4f7cac",
            hatch="//",
            edgecolor="#1b3a5c",
            linewidth=0.6,
            label="Mean daily pain",
        )
        for bar, row in zip(bars, found.by_weekday, strict=True):
            text = "no days" if row.mean_daily_pain is None else f"{row.mean_daily_pain:.1f}"
            day_axis.annotate(
                f"{text}\n{row.observed_days} days",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7,
            )
        day_axis.set_ylim(0, 11.5)
        day_axis.set_yticks(range(0, 11, 2))
        day_axis.set_xlabel("Weekday")
        day_axis.set_ylabel("Mean daily pain, 0-10")
        day_axis.set_title("Daily pain by weekday", loc="left")
        day_axis.legend(loc="upper left", frameon=False)
        return _render(figure, chart_format, title)
