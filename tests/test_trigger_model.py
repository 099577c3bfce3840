"""The joint trigger model on diaries that behave like real ones, with fixed seeds.

Real diaries carry pain over from one day to the next, exposures come in
spells (3 to 10 days), pain drifts with the seasons, days are missed, and
entries are written mostly on bad days. ``realistic`` builds such diaries
straight as analysis tables (no database), so a few hundred take seconds.

Each test counts how often the model flags something ("clear": 95% interval
excluding 0 and q < 0.05) where nothing was planted, and how often it finds
what was.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from painlog.analysis.frames import make_frames
from painlog.analysis.period import Period
from painlog.analysis.triggers import TriggerAssociation, trigger_associations, trigger_model
from tests.analysis_diaries import RealPlan, Spell, realistic

NULLS = ("cold", "stress", "tight-clothing", "poor-posture")


def rows_of(model_rows: dict[int, list[TriggerAssociation]], name: str) -> list[TriggerAssociation]:
    return [row for lag in (0, 1, 2) for row in model_rows[lag] if row.trigger == name]


def _next_day_diary(seed: int, carry: float) -> tuple[RealPlan, int]:
    runs = [3 + (seed * k) % 8 for k in (1, 3, 5, 7, 2)]  # spells of 3 to 10 days
    plan = RealPlan(
        days=180,
        carry=carry,
        triggers={
            "heat": Spell(share=0.3, mean_run=runs[0], effect=1.5, lag=1),
            **{
                name: Spell(share=0.2 + 0.05 * i, mean_run=runs[i + 1])
                for i, name in enumerate(NULLS)
            },
        },
    )
    return plan, seed


@pytest.mark.slow
def test_null_triggers_are_rarely_flagged_and_a_next_day_effect_is_found_at_lag_1() -> None:
    """120 diaries of 180 days, half with carry-over 0.6 and half 0.8: 480 null triggers."""
    null_tests = null_flagged = raw_small = raw_tests = 0
    found_next_day = flagged_same_day = diaries = 0
    for carry in (0.6, 0.8):
        for seed in range(60):
            plan, seed = _next_day_diary(seed, carry)
            frames, period = realistic(plan, seed=int(carry * 1000) + seed)
            model = trigger_model(frames, period)
            for name in NULLS:
                rows = rows_of(model.rows, name)
                if any(row.status != "ok" for row in rows):
                    continue  # by chance on too few days to weigh (2 of the 480)
                null_tests += 1
                null_flagged += any(row.is_clear for row in rows)
                raw_tests += len(rows)
                raw_small += sum(row.p_value is not None and row.p_value < 0.05 for row in rows)
            heat = {row.lag: row for row in rows_of(model.rows, "heat")}
            diaries += 1
            found_next_day += (
                heat[1].is_clear and heat[1].difference is not None and (heat[1].difference > 0)
            )
            flagged_same_day += heat[0].is_clear
    print(
        f"null triggers flagged {null_flagged}/{null_tests}, per-lag p < 0.05 "
        f"{raw_small}/{raw_tests}, next-day effect found at lag 1 {found_next_day}/{diaries}, "
        f"flagged at lag 0 {flagged_same_day}/{diaries}"
    )
    assert null_tests >= 470
    assert null_flagged / null_tests <= 0.07, f"{null_flagged} of {null_tests} nulls flagged"
    # Before any adjustment, each lag's p < 0.05 should happen about 5% of the time.
    assert raw_small / raw_tests <= 0.08, f"p < 0.05 in {raw_small} of {raw_tests}"
    assert found_next_day / diaries >= 0.80, f"found at lag 1 in {found_next_day}/{diaries}"
    assert flagged_same_day / diaries <= 0.20, f"flagged at lag 0 in {flagged_same_day}"


@pytest.mark.slow
def test_a_summer_only_exposure_with_no_effect_is_rarely_flagged_when_pain_peaks_then() -> None:
    """70 two-year diaries, pain 2 points higher at midsummer: 210 seasonal nulls."""
    tests = flagged = 0
    for seed in range(70):
        plan = RealPlan(
            days=730,
            carry=0.6 if seed % 2 else 0.8,
            season=2.0,
            triggers={
                "heat": Spell(share=0.3, mean_run=3 + seed % 8, summer=True),
                "humidity": Spell(share=0.25, mean_run=3 + (seed * 3) % 8, summer=True),
                "tight-clothing": Spell(share=0.2, mean_run=3 + (seed * 5) % 8, summer=True),
                "stress": Spell(share=0.3, mean_run=4, effect=1.0),
            },
        )
        frames, period = realistic(plan, seed=5000 + seed)
        model = trigger_model(frames, period)
        assert model.smooth_bends > 0  # two years: the drift/season term is in the model
        for name in ("heat", "humidity", "tight-clothing"):
            tests += 1
            flagged += any(row.is_clear for row in rows_of(model.rows, name))
    print(f"seasonal nulls flagged {flagged}/{tests}")
    assert tests >= 200
    assert flagged / tests <= 0.10, f"{flagged} of {tests} seasonal nulls flagged"


def test_twins_are_reported_as_inseparable_with_a_shared_estimate() -> None:
    for seed in range(10):
        plan = RealPlan(
            days=365,
            triggers={
                "heat": Spell(share=0.3, mean_run=3 + seed % 8, effect=1.0),
                "humidity": Spell(copy_of="heat", flip=0.005),
                "cold": Spell(share=0.2, mean_run=4),
            },
        )
        frames, period = realistic(plan, seed=700 + seed)
        model = trigger_model(frames, period)
        assert model.groups == [("heat", "humidity")]
        for lag in (0, 1, 2):
            rows = {row.trigger: row for row in model.at_lag(lag)}
            heat, humidity = rows["heat"], rows["humidity"]
            assert heat.status == humidity.status == "inseparable"
            assert heat.together_with == ("humidity",) and humidity.together_with == ("heat",)
            assert heat.difference == humidity.difference  # one shared estimate
            assert heat.reason is not None and "shared" in heat.reason
            assert rows["cold"].status == "ok" and rows["cold"].together_with == ()


@pytest.mark.slow
def test_a_trigger_named_only_in_entries_written_on_bad_days_is_rarely_flagged() -> None:
    """Entries come mostly on bad days; the trigger is named in half of that day's entries."""
    tests = flagged = found = 0
    for seed in range(50):
        plan = RealPlan(
            days=365,
            carry=0.6 if seed % 2 else 0.8,
            entry_slope=1.0,
            triggers={
                name: Spell(share=0.3, mean_run=3 + (seed * k) % 8, in_entries=0.6)
                for k, name in ((1, "position-change"), (3, "sudden-movement"), (5, "neck-flexion"))
            }
            | {"heat": Spell(share=0.3, mean_run=4, effect=1.5)},
        )
        frames, period = realistic(plan, seed=9000 + seed)
        model = trigger_model(frames, period)
        for name in ("position-change", "sudden-movement", "neck-flexion"):
            rows = rows_of(model.rows, name)
            assert {row.status for row in rows} == {"ok"}
            tests += 1
            flagged += any(row.is_clear for row in rows)
        heat = next(row for row in model.at_lag(0) if row.trigger == "heat")
        found += heat.is_clear
    print(f"entry-only nulls flagged {flagged}/{tests}, exposure effect found {found}/50")
    assert flagged / tests <= 0.07, f"{flagged} of {tests} entry-only nulls flagged"
    assert found / 50 >= 0.9  # the exposure's real effect is still seen


def test_plain_triggers_shows_each_trigger_at_its_clearest_lag() -> None:
    plan, _ = _next_day_diary(4, 0.6)
    frames, period = realistic(plan, seed=4)
    model = trigger_model(frames, period)
    clearest = {row.trigger: row for row in trigger_associations(frames, period)}
    assert set(clearest) == {"heat", *NULLS}
    assert clearest["heat"].lag == 1 and clearest["heat"].is_clear
    for name, row in clearest.items():
        smallest = min(r.p_value for r in rows_of(model.rows, name) if r.p_value is not None)
        assert row.p_value == smallest
    assert trigger_associations(frames, period, lag=2) == model.at_lag(2)
    # One Benjamini-Hochberg over all triggers and lags: q is never below p.
    for row in (r for lag in (0, 1, 2) for r in model.at_lag(lag)):
        assert row.q_value is not None and row.p_value is not None
        assert row.q_value >= row.p_value
    assert trigger_model(frames, period) == model  # the same diary, the same numbers


def _flat_days(days: int) -> tuple[list[date], Period]:
    first = date(2026, 3, 1)
    span = [first + timedelta(days=i) for i in range(days)]
    return span, Period(span[2], span[-1])


def test_no_spread_gives_not_enough_data_with_a_reason_never_a_zero_width_interval() -> None:
    span, period = _flat_days(40)
    frames = make_frames(
        checkins=[(d, 4, None, None, None) for d in span],
        exposures=[(d, "heat") for d in span[::3]],
    )
    (row,) = trigger_associations(frames, period, lag=0)
    assert row.status == "not-enough-data" and row.difference is None and row.ci_low is None
    assert row.reason is not None and "4 on every one" in row.reason


def test_too_few_days_with_a_trigger_says_so() -> None:
    span, period = _flat_days(40)
    rng = np.random.default_rng(3)
    frames = make_frames(
        checkins=[(d, int(rng.integers(2, 8)), None, None, None) for d in span],
        exposures=[(d, "heat") for d in span if rng.random() < 0.4]
        + [(d, "cold") for d in span[5:8]],
    )
    rows = {row.trigger: row for row in trigger_associations(frames, period, lag=0)}
    assert rows["cold"].status == "not-enough-data"
    assert rows["cold"].reason is not None and "at least 5" in rows["cold"].reason
    assert rows["heat"].status == "ok" and rows["heat"].ci_low < rows["heat"].ci_high


def test_too_many_triggers_for_the_days_says_so() -> None:
    span, period = _flat_days(30)
    rng = np.random.default_rng(5)
    names = [f"t{i}" for i in range(8)]
    frames = make_frames(
        checkins=[(d, int(rng.integers(2, 8)), None, None, None) for d in span],
        exposures=[(d, n) for d in span for n in names if rng.random() < 0.4],
    )
    rows = trigger_associations(frames, period, lag=0)
    assert {row.status for row in rows} == {"not-enough-data"}
    assert all(row.reason and "too few to weigh" in row.reason for row in rows)


def test_without_check_ins_there_is_no_daily_pain_and_it_says_why() -> None:
    span, period = _flat_days(30)
    frames = make_frames(
        entries=[(i, d, 12, 3 + i % 5, None) for i, d in enumerate(span)],
        entry_triggers=[(d, "stress") for d in span[::2]],
    )
    (row,) = trigger_associations(frames, period, lag=0)
    assert row.status == "not-enough-data"
    assert row.reason is not None and "check-in" in row.reason


def test_days_with_entries_but_no_check_in_never_enter_the_outcome() -> None:
    plan, _ = _next_day_diary(9, 0.6)
    frames, period = realistic(plan, seed=9)
    before = trigger_model(frames, period)
    # The same diary plus a very painful entry on every day without a check-in.
    checked = {stamp.date() for stamp in frames.checkins["day"]}
    missed = [period.start + timedelta(days=k) for k in range(period.days)]
    extra = [(10_000 + i, day, 20, 10, None) for i, day in enumerate(missed) if day not in checked]
    assert extra
    more = make_frames(
        entries=[*frames.entries.itertuples(index=False), *extra],
        entry_triggers=list(frames.entry_triggers.itertuples(index=False)),
        checkins=list(frames.checkins.itertuples(index=False)),
        exposures=list(frames.exposures.itertuples(index=False)),
    )
    after = trigger_model(more, period)
    assert after.days == before.days
    assert after.at_lag(1) == before.at_lag(1)
