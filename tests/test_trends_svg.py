"""The web page's weekly chart: inline SVG from the same weeks ``painlog trends`` prints."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from painlog.analysis.period import Period, PeriodRequest
from painlog.analysis.summaries import WeekTrend
from painlog.render.analysis import trends_json
from painlog.render.trends_svg import moving_average, trends_svg
from painlog.services.analysis import trends
from painlog.services.events import EventInput, add_event
from painlog.simulate import record, simulate

SVG = "{http://www.w3.org/2000/svg}"
END = date(2026, 11, 25)  # a Wednesday: the last week is cut by the period
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
GAP = (date(2026, 10, 5), date(2026, 10, 18))  # two whole weeks with nothing recorded


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _diary(session: Session, *, weeks: int, gap: bool = True) -> None:
    days = [
        day
        for day in simulate(days=7 * weeks, end=END, entries_per_day=2, checkin_rate=0.8, seed=4)
        if not (gap and GAP[0] <= day.day <= GAP[1])
    ]
    record(session=session, days=days, now=NOW)
    session.flush()


def test_points_carry_the_numbers_painlog_trends_prints(session: Session) -> None:
    _diary(session, weeks=16)
    result = trends(session=session, request=PeriodRequest(weeks=16), today=END)
    svg = _parse(trends_svg(result.weeks, result.period, result.events))
    printed = {row["week_start"]: row for row in trends_json(result.weeks)}

    points = {c.get("data-week"): c for c in svg.iter(f"{SVG}circle") if c.get("data-week")}
    with_pain = {week for week, row in printed.items() if row["mean_daily_pain"] is not None}
    assert set(points) == with_pain and len(with_pain) >= 12
    for week, circle in points.items():
        assert float(circle.get("data-daily", "")) == pytest.approx(
            printed[week]["mean_daily_pain"], abs=0.005
        )
    # Higher pain is higher on the page (a smaller y), in proportion.
    by_pain = sorted(points.values(), key=lambda c: float(c.get("data-daily", "")))
    low, high = by_pain[0], by_pain[-1]
    assert float(low.get("cy", "")) > float(high.get("cy", ""))
    worst = {r.get("data-week"): r.get("data-worst") for r in svg.iter(f"{SVG}rect")}
    for week, row in printed.items():
        if row["max_intensity"] is not None:
            assert worst[week] == str(row["max_intensity"])


def test_title_desc_and_no_inline_style(session: Session) -> None:
    _diary(session, weeks=16)
    result = trends(session=session, request=PeriodRequest(weeks=16), today=END)
    markup = trends_svg(result.weeks, result.period, result.events)
    svg = _parse(markup)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "trends-title trends-desc"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "trends-title"
    assert title.text == "Weekly pain trends, 10 Aug 2026 to 25 Nov 2026 (16 weeks)"
    assert desc is not None and desc.text is not None
    daily = [w.mean_daily_pain for w in result.weeks if w.mean_daily_pain is not None]
    assert f"from {min(daily):.1f} to {max(daily):.1f} out of 10" in desc.text
    assert "2 weeks with no day recorded" in desc.text
    # The page's Content-Security-Policy allows no inline style and no script.
    assert "style=" not in markup and "<style" not in markup and "<script" not in markup
    for text in ("Pain per week", "Episodes logged per week", "Mean daily pain", "Pain, 0 to 10"):
        assert text in markup


def test_gap_weeks_are_a_hatched_band_not_a_zero(session: Session) -> None:
    _diary(session, weeks=16)
    result = trends(session=session, request=PeriodRequest(weeks=16), today=END)
    svg = _parse(trends_svg(result.weeks, result.period))
    bands = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "url(#trends-gap)"]
    assert len(bands) == 3  # the legend swatch, and one run of empty weeks on both panels
    gap_weeks = [w for w in result.weeks if w.observed_days == 0]
    assert [w.week_start for w in gap_weeks] == [GAP[0], GAP[0] + timedelta(days=7)]
    # The daily-pain line breaks there: two pieces, so two moves of the pen.
    lines = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "series-daily"]
    assert len(lines) == 1 and lines[0].get("d", "").count("M") == 2
    assert "No day recorded (a gap, not a zero)" in ET.tostring(svg, encoding="unicode")


def _week(start: date, daily: float | None, pain_days: int, days_in_period: int = 7) -> WeekTrend:
    return WeekTrend(
        week_start=start,
        observed_days=max(pain_days, 1),
        entries=3,
        mean_intensity=5.0,
        max_intensity=7,
        mean_daily_pain=daily,
        mean_peg=None,
        days_in_period=days_in_period,
        pain_days=pain_days,
    )


def test_thin_weeks_are_hollow_with_their_days() -> None:
    monday = date(2026, 11, 2)
    weeks = [
        _week(monday, 4.0, 7),
        _week(monday + timedelta(days=7), 5.0, 2),  # daily pain on 2 days: thin
        _week(monday + timedelta(days=14), 3.0, 3, days_in_period=3),  # cut by the period
    ]
    period = Period(monday, monday + timedelta(days=16))
    markup = trends_svg(weeks, period)
    svg = _parse(markup)
    hollow = {
        c.get("data-week"): c.get("data-thin")
        for c in svg.iter(f"{SVG}circle")
        if c.get("data-week")
    }
    assert hollow == {"2026-11-02": None, "2026-11-09": "2", "2026-11-16": "3"}
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "2 d" in labels and "3 d" in labels
    assert "3 of 7 days" in labels
    assert "Thin week (days)" in labels


def test_events_are_bands_and_markers_with_a_legend(session: Session) -> None:
    _diary(session, weeks=12, gap=False)
    add_event(
        session=session,
        event=EventInput(kind="relapse", start_day=date(2026, 10, 1), end_day=date(2026, 10, 14)),
        today=END,
    )
    add_event(
        session=session,
        event=EventInput(kind="visit", start_day=date(2026, 11, 2), with_whom="neurologist"),
        today=END,
    )
    result = trends(session=session, request=PeriodRequest(weeks=12), today=END)
    markup = trends_svg(result.weeks, result.period, result.events)
    svg = _parse(markup)
    relapse = [r for r in svg.iter(f"{SVG}rect") if r.get("fill-opacity") == "0.35"]
    assert len(relapse) == 3  # the legend's swatch and a band on each panel
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Relapse" in labels and "Visit" in labels
    assert "Bands and markers: events you recorded." in markup


def test_ten_years_draw_a_smoothed_line_and_year_ticks() -> None:
    monday = date(2016, 11, 28)
    weeks = [
        _week(monday + timedelta(weeks=i), None if i % 50 == 7 else 3 + (i % 13) / 4, 7)
        for i in range(522)
    ]
    period = Period(monday, monday + timedelta(weeks=522) - timedelta(days=1))
    svg = _parse(trends_svg(weeks, period))
    assert not [c for c in svg.iter(f"{SVG}circle") if c.get("data-week")]  # no weekly points
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Mean daily pain, 13-week average" in labels
    smooth = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "series-smooth"]
    assert len(smooth) == 1 and smooth[0].get("d", "").count("L") > 500
    years = [label for label in labels if label and label.isdigit() and len(label) == 4]
    assert years == [str(year) for year in range(2018, 2027, 2)]


def test_moving_average_skips_gaps_and_needs_half_the_window() -> None:
    values: list[float | None] = [1.0, 2.0, None, 4.0, 5.0]
    assert moving_average(values, 3) == [1.5, 1.5, 3.0, 4.5, 4.5]
    assert moving_average([1.0, None, None, None, 5.0], 3) == [None] * 5
    assert moving_average([None, None, 4.0], 5) == [None, None, None]


def test_no_weeks_is_refused() -> None:
    with pytest.raises(ValueError):
        trends_svg([], Period(END, END))


def test_drawing_loads_no_plotting_or_table_library() -> None:
    # WeekTrend sits beside pandas code; the renderer needs only its attributes.
    probe = (
        "import sys, dataclasses\n"
        "from datetime import date\n"
        "from painlog.analysis.period import Period\n"
        "from painlog.render.trends_svg import trends_svg\n"
        "Week = dataclasses.make_dataclass('Week', ['week_start', 'observed_days', 'entries', "
        "'max_intensity', 'mean_daily_pain', 'pain_days', 'days_in_period', 'thin', 'partial'])\n"
        "w = Week(date(2026, 11, 23), 3, 4, 6, 4.5, 3, 7, True, False)\n"
        "w.note = lambda: 'pain on 3 days'\n"
        "svg = trends_svg([w], Period(date(2026, 11, 23), date(2026, 11, 29)))\n"
        "assert svg.startswith('<svg')\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_narrow_drawing_for_phones_keeps_everything_inside(session: Session) -> None:
    _diary(session, weeks=16)
    result = trends(session=session, request=PeriodRequest(weeks=16), today=END)
    svg = _parse(trends_svg(result.weeks, result.period, result.events, width=420))
    assert svg.get("viewBox", "").startswith("0 0 420 ")
    texts = [t for t in svg.iter(f"{SVG}text") if t.get("x")]
    # Left-aligned lines fit in 420 units at about 0.56 em a character.
    for text in texts:
        if text.get("text-anchor") is None:
            size = float(text.get("font-size", "13"))
            assert float(text.get("x", "0")) + len(text.text or "") * 0.56 * size <= 425, text.text
    assert [t.text for t in texts[:2]] == [
        "Weekly pain trends",
        "10 Aug 2026 to 25 Nov 2026 (16 weeks)",
    ]
    with pytest.raises(ValueError):
        trends_svg(result.weeks, result.period, width=200)
