"""The analysis functions on generated diaries with known, planted effects."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from painlog.analysis.frames import make_frames
from painlog.analysis.period import Period, PeriodRequest
from painlog.analysis.remedies import remedy_responses, responded
from painlog.analysis.stats import benjamini_hochberg, bootstrap_means, permuted_differences
from painlog.analysis.summaries import observed_days, patterns, weekly_trends
from painlog.analysis.triggers import trigger_associations, trigger_model
from painlog.errors import BadInput
from tests.analysis_diaries import Plan, generate


def by_trigger(rows: list, name: str):  # type: ignore[no-untyped-def]
    return next(row for row in rows if row.trigger == name)


# --- observed days and daily pain -------------------------------------------


def test_daily_pain_is_the_check_in_average_and_entries_never_change_its_scale() -> None:
    frames = make_frames(
        entries=[
            (1, "2026-03-02", 9, 8, "spasticity"),  # check-in day: the average is daily pain
            (2, "2026-03-03", 9, 3, None),  # entries only: observed, but no daily pain
            (3, "2026-03-03", 21, 6, "neuropathic"),
        ],
        checkins=[
            ("2026-03-02", 3, 8, 4, 5),
            ("2026-03-04", None, None, 2, 2),  # a check-in without pain: observed, no pain
        ],
    )
    days = observed_days(frames)
    assert list(days.index.strftime("%Y-%m-%d")) == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert days.loc["2026-03-02", "daily_pain"] == 3
    assert math.isnan(days.loc["2026-03-03", "daily_pain"])  # not the worst entry, 6
    assert days.loc["2026-03-03", "max_intensity"] == 6
    assert math.isnan(days.loc["2026-03-04", "daily_pain"])
    assert days.loc["2026-03-02", "peg"] == pytest.approx(4.0)  # (3 + 4 + 5) / 3
    assert math.isnan(days.loc["2026-03-04", "peg"])  # PEG needs all three ratings
    assert "2026-03-05" not in days.index  # no check-in, no entry: missing, not zero


def test_stopping_check_ins_does_not_make_pain_rise() -> None:
    """Four weeks with check-ins (average 4), then four with the same entries and none."""
    first = date(2026, 3, 2)
    days = [first + timedelta(days=i) for i in range(56)]
    frames = make_frames(
        entries=[(i, d, 18, 7, "spasticity") for i, d in enumerate(days)],
        checkins=[(d, 4, 7, None, None) for d in days[:28]],
    )
    weeks = weekly_trends(frames, Period(days[0], days[-1]))
    assert [w.mean_daily_pain for w in weeks] == [4, 4, 4, 4, None, None, None, None]
    assert [w.thin for w in weeks] == [False] * 4 + [True] * 4  # no daily pain: marked


def test_partial_and_thin_weeks_are_marked() -> None:
    frames = make_frames(
        checkins=[(date(2026, 3, 2) + timedelta(days=i), 4, None, None, None) for i in range(12)]
        + [("2026-03-16", 5, None, None, None)],
    )
    weeks = weekly_trends(frames, Period(date(2026, 3, 4), date(2026, 3, 22)))
    cut, full, sparse = weeks
    assert (cut.days_in_period, cut.pain_days, cut.thin) == (5, 5, True)
    assert cut.note() == "5 of 7 days"
    assert (full.days_in_period, full.pain_days, full.thin) == (7, 5, False)
    assert sparse.thin and sparse.note() == "pain on 1 day"


def test_weeks_without_observed_days_are_gaps_not_zeros() -> None:
    frames = make_frames(
        entries=[(1, "2026-03-02", 9, 5, "spasticity"), (2, "2026-03-16", 9, 7, "spasticity")],
        checkins=[("2026-03-16", 7, None, None, None)],
    )
    weeks = weekly_trends(frames, Period(date(2026, 3, 2), date(2026, 3, 22)))
    assert [w.week_start for w in weeks] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    gap = weeks[1]
    assert (gap.observed_days, gap.entries) == (0, 0)
    assert gap.mean_daily_pain is None and gap.mean_intensity is None
    assert gap.max_intensity is None and gap.mean_peg is None
    assert gap.by_type == {} and gap.top_triggers == []
    assert weeks[2].mean_daily_pain == 7


def test_weeks_start_on_monday_across_a_year_boundary() -> None:
    frames = make_frames(
        entries=[
            (1, "2025-12-28", 9, 2, "spasticity"),  # Sunday: the week of Mon 22 Dec
            (2, "2025-12-29", 9, 4, "spasticity"),  # Monday of ISO week 2026-W01
            (3, "2026-01-01", 9, 6, "neuropathic"),
            (4, "2026-01-04", 9, 8, "neuropathic"),  # Sunday, still 2026-W01
            (5, "2026-01-05", 9, 1, "neuropathic"),
        ],
        entry_triggers=[("2025-12-29", "cold"), ("2026-01-01", "cold"), ("2026-01-04", "stress")],
    )
    weeks = weekly_trends(frames, Period(date(2025, 12, 22), date(2026, 1, 11)))
    assert [w.week_start.isoformat() for w in weeks] == ["2025-12-22", "2025-12-29", "2026-01-05"]
    new_year = weeks[1]
    assert new_year.entries == 3 and new_year.observed_days == 3
    assert new_year.max_intensity == 8 and new_year.mean_intensity == pytest.approx(6.0)
    assert new_year.by_type == {"neuropathic": 2, "spasticity": 1}
    assert new_year.top_triggers == ["cold", "stress"]  # by days: cold on 2, stress on 1


def test_a_week_cut_by_the_period_counts_only_its_days_inside() -> None:
    frames = make_frames(
        entries=[(1, "2026-03-02", 9, 9, None), (2, "2026-03-05", 9, 3, None)],
    )
    weeks = weekly_trends(frames, Period(date(2026, 3, 4), date(2026, 3, 8)))
    assert [w.week_start for w in weeks] == [date(2026, 3, 2)]
    assert weeks[0].entries == 1 and weeks[0].max_intensity == 3


def test_patterns_count_entries_by_hour_and_weekday() -> None:
    frames = make_frames(
        entries=[
            (1, "2026-03-02", 23, 6, None),  # Monday
            (2, "2026-03-02", 8, 2, None),
            (3, "2026-03-03", 23, 4, None),  # Tuesday
        ],
        checkins=[
            ("2026-03-02", 6, None, None, None),
            ("2026-03-03", 4, None, None, None),
            ("2026-03-04", 5, None, None, None),  # Wednesday, no entries
        ],
    )
    found = patterns(frames, Period(date(2026, 3, 2), date(2026, 3, 8)))
    assert found.by_hour[23].entries == 2 and found.by_hour[23].mean_intensity == 5
    assert found.by_hour[0].entries == 0 and found.by_hour[0].mean_intensity is None
    monday, tuesday, wednesday = found.by_weekday[:3]
    assert (monday.weekday, monday.entries, monday.mean_daily_pain) == ("Monday", 2, 6)
    assert (tuesday.observed_days, tuesday.mean_daily_pain) == (1, 4)
    assert (wednesday.observed_days, wednesday.entries, wednesday.mean_daily_pain) == (1, 0, 5)
    assert found.by_weekday[6].observed_days == 0 and found.by_weekday[6].mean_daily_pain is None


# --- periods ------------------------------------------------------------------


def test_weeks_counts_back_whole_iso_weeks_from_today() -> None:
    today = date(2026, 11, 19)  # a Thursday
    period = PeriodRequest(weeks=2).resolve(today=today, default_weeks=12)
    assert period == Period(date(2026, 11, 9), today)
    assert PeriodRequest().resolve(today=today, default_weeks=12).start == date(2026, 8, 31)
    whole = Period(date(2020, 1, 1), date(2026, 11, 18))
    assert PeriodRequest().resolve(today=today, default_weeks=None, diary=whole) == whole
    only_to = PeriodRequest(end=date(2026, 6, 1)).resolve(
        today=today, default_weeks=None, diary=whole
    )
    assert only_to == Period(date(2020, 1, 1), date(2026, 6, 1))


@pytest.mark.parametrize(
    "request_args",
    [
        {"weeks": 0},
        {"weeks": -3},
        {"weeks": 4, "start": date(2026, 1, 1)},
        {"start": date(2026, 2, 1), "end": date(2026, 1, 1)},
    ],
)
def test_bad_periods_are_refused(request_args: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(BadInput):
        PeriodRequest(**request_args)


# --- the resampling shortcuts agree with the textbook versions -----------------


def test_bootstrap_by_counts_matches_resampling_values() -> None:
    rng = np.random.default_rng(1)
    values = rng.integers(0, 11, size=40).astype(float)
    fast = bootstrap_means(values, 20_000, np.random.default_rng(2))
    slow = rng.choice(values, size=(20_000, len(values))).mean(axis=1)
    assert fast.mean() == pytest.approx(slow.mean(), abs=0.02)
    assert fast.std() == pytest.approx(slow.std(), rel=0.03)


def test_permutation_by_counts_matches_shuffling_labels() -> None:
    rng = np.random.default_rng(3)
    with_values = rng.integers(2, 9, size=12).astype(float)
    without_values = rng.integers(0, 8, size=30).astype(float)
    fast = permuted_differences(with_values, without_values, 20_000, np.random.default_rng(4))
    pooled = np.concatenate([with_values, without_values])
    slow = []
    for _ in range(20_000):
        shuffled = rng.permutation(pooled)
        slow.append(shuffled[:12].mean() - shuffled[12:].mean())
    assert fast.mean() == pytest.approx(np.mean(slow), abs=0.03)
    assert fast.std() == pytest.approx(np.std(slow), rel=0.03)


def test_benjamini_hochberg_matches_a_worked_example() -> None:
    # m = 4: sorted p 0.01, 0.02, 0.03, 0.5 -> 0.04, 0.04, 0.04, 0.5
    assert benjamini_hochberg([0.03, 0.5, 0.01, 0.02]) == pytest.approx([0.04, 0.5, 0.04, 0.04])
    assert benjamini_hochberg([0.9, 0.95]) == pytest.approx([0.95, 0.95])
    assert benjamini_hochberg([]) == []


# --- triggers ---------------------------------------------------------------------


def test_a_trigger_that_adds_two_points_is_found() -> None:
    frames, period = generate(Plan(exposures={"heat": (0.3, 2.0), "cold": (0.3, 0.0)}), seed=11)
    model = trigger_model(frames, period)
    heat = by_trigger(model.at_lag(0), "heat")
    assert heat.status == "ok"
    assert heat.ci_low > 0  # the interval excludes 0
    assert 1.4 < heat.difference < 2.6
    assert heat.mean_with > heat.mean_without
    assert heat.p_value < 0.01 and heat.q_value < 0.01
    assert model.at_lag(0)[0].trigger == "heat"  # clear ones first, largest difference first
    assert heat.days_with + heat.days_without == model.days
    assert by_trigger(model.at_lag(1), "heat").ci_low <= 0  # nothing planted the next day


def test_a_trigger_named_only_in_entries_is_found() -> None:
    frames, period = generate(Plan(entry_triggers={"stress": (0.3, 2.0)}), seed=12)
    stress = by_trigger(trigger_associations(frames, period, lag=0), "stress")
    assert stress.status == "ok" and stress.ci_low > 0


def test_a_trigger_with_no_effect_covers_zero_in_at_least_90_percent_of_200_diaries() -> None:
    covered = 0
    for seed in range(200):
        frames, period = generate(
            Plan(days=90, exposures={"cold": (0.25, 0.0), "heat": (0.25, 2.0)}), seed=1000 + seed
        )
        cold = by_trigger(trigger_associations(frames, period, lag=0), "cold")
        assert cold.status == "ok"
        covered += cold.ci_low <= 0 <= cold.ci_high
    assert covered >= 180, f"the interval covered 0 in only {covered} of 200 diaries"


def test_the_same_diary_gives_the_same_numbers() -> None:
    frames, period = generate(Plan(exposures={"heat": (0.3, 1.0), "cold": (0.3, 0.0)}), seed=5)
    assert trigger_associations(frames, period) == trigger_associations(frames, period)


def test_lag_finds_an_effect_planted_one_day_later() -> None:
    frames, period = generate(Plan(days=150, delayed={"infection": (0.2, 2.5, 1)}), seed=21)
    same_day = by_trigger(trigger_associations(frames, period, lag=0), "infection")
    next_day = by_trigger(trigger_associations(frames, period, lag=1), "infection")
    assert same_day.ci_low <= 0 <= same_day.ci_high
    assert abs(same_day.difference) < 0.8
    assert next_day.ci_low > 1.0
    assert next_day.lag == 1 and same_day.lag == 0
    assert by_trigger(trigger_associations(frames, period), "infection").lag == 1  # clearest


def test_lag_k_counts_the_days_whose_trigger_came_k_days_before() -> None:
    rng = np.random.default_rng(8)
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(40)]
    exposed = {d for d in days if rng.random() < 0.35}
    checkins = [
        (
            d,
            (7 if d - timedelta(days=2) in exposed else 2) + int(rng.integers(0, 2)),
            None,
            None,
            None,
        )
        for d in days
    ]
    frames = make_frames(checkins=checkins, exposures=[(d, "heat") for d in sorted(exposed)])
    period = Period(days[2], days[-1])
    (row,) = trigger_associations(frames, period, lag=2)
    rows = days[2:]
    assert row.days_with == sum(1 for d in rows if d - timedelta(days=2) in exposed)
    assert row.days_with + row.days_without == len(rows)
    assert row.difference == pytest.approx(5, abs=0.6) and row.ci_low > 3


def test_bad_lags_are_refused() -> None:
    frames, period = generate(Plan(days=10), seed=1)
    with pytest.raises(BadInput):
        trigger_associations(frames, period, lag=3)


def _trigger_on(days_with: int, total: int = 40) -> list:  # type: ignore[type-arg]
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(total)]
    rng = np.random.default_rng(days_with)
    hot = set(rng.choice(np.arange(2, total), size=days_with, replace=False).tolist())
    return [
        make_frames(
            checkins=[(d, int(rng.integers(2, 8)), None, None, None) for d in days],
            exposures=[(d, "heat") for i, d in enumerate(days) if i in hot],
        ),
        Period(days[2], days[-1]),
    ]


@pytest.mark.parametrize(
    ("days_with", "status"),
    [(3, "not-enough-data"), (8, "ok"), (30, "ok"), (36, "not-enough-data")],
)
def test_five_days_with_and_without_are_needed_at_every_lag(days_with: int, status: str) -> None:
    frames, period = _trigger_on(days_with)
    (row,) = trigger_associations(frames, period, lag=0)
    assert row.status == status
    assert (row.days_with, row.days_without) == (days_with, 38 - days_with)
    numbers = (row.mean_with, row.difference, row.ci_low, row.ci_high, row.p_value, row.q_value)
    if status == "ok":
        assert all(n is not None for n in numbers)
        assert row.ci_low < row.ci_high  # never a zero-width interval
    else:
        assert all(n is None for n in numbers)
        assert row.reason is not None and "at least 5" in row.reason


# --- remedies ----------------------------------------------------------------------


def test_a_remedy_that_drops_pain_three_points_has_responders_near_one() -> None:
    frames, period = generate(
        Plan(
            base=6.0,
            remedies={"baclofen": (0.6, 3.0, 0.8), "meditation": (0.4, 0.0, 0.8)},
        ),
        seed=31,
    )
    rows = {row.remedy: row for row in remedy_responses(frames, period)}
    baclofen, meditation = rows["baclofen"], rows["meditation"]
    assert baclofen.status == "ok" and baclofen.followed_up >= 50
    assert baclofen.responder_share >= 0.9
    assert baclofen.median_change == pytest.approx(-3, abs=0.5)
    assert baclofen.median_minutes_to_follow_up == 90
    assert meditation.responder_share < 0.2
    assert baclofen.followed_up < baclofen.uses  # some uses had no follow-up
    assert {part.pain_type for part in baclofen.by_type} == {"spasticity", "neuropathic"}
    assert sum(part.uses for part in baclofen.by_type) == baclofen.uses


def test_a_meaningful_response_is_thirty_percent_and_two_points() -> None:
    import pandas as pd

    before = pd.Series([8, 8, 3, 3, 10, 0, 1])
    after = pd.Series([6, 5, 1, 3, 7, 0, 0])
    assert responded(before, after).tolist() == [False, True, True, False, True, False, False]


def _remedy_uses(followed: int) -> list:  # type: ignore[type-arg]
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return [
        {
            "entry_id": i,
            "day": "2026-03-02",
            "remedy": "ibuprofen",
            "pain_type": None,
            "before": 6,
            "after": 3 if i < followed else None,
            "started_at": moment,
            "followed_up_at": moment + timedelta(minutes=30 * (i + 1)) if i < followed else None,
        }
        for i in range(5)
    ]


@pytest.mark.parametrize(("followed", "status"), [(2, "not-enough-data"), (3, "ok")])
def test_three_followed_up_uses_are_needed(followed: int, status: str) -> None:
    frames = make_frames(remedies=_remedy_uses(followed))
    (row,) = remedy_responses(frames)
    assert (row.uses, row.followed_up, row.status) == (5, followed, status)
    if status == "ok":
        assert row.median_change == -3 and row.responder_share == 1
        assert row.median_minutes_to_follow_up == 60
    else:
        assert row.median_change is None and row.responder_share is None
        assert row.median_minutes_to_follow_up is None
    assert [part.pain_type for part in row.by_type] == [None]


def test_the_interval_keeps_its_coverage_with_only_five_days() -> None:
    """A percentile bootstrap covered 0 in about 87% of these; the studentized one near 95%."""
    from painlog.analysis.stats import compare

    rng = np.random.default_rng(11)
    covered = 0
    for i in range(300):
        values = rng.integers(2, 7, size=5 + 40).astype(np.float64)  # no effect: one population
        result = compare(
            values[:5], values[5:], rng=np.random.default_rng(i), resamples=2000, permutations=99
        )
        covered += result.ci_low <= 0 <= result.ci_high
    assert covered / 300 >= 0.92
