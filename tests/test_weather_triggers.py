"""The weather in the trigger model, on diaries that behave like real ones (fixed seeds).

The weather file has seasons and spells of warm and cool days; the diaries carry pain over,
drift with the seasons, miss days and hold other triggers in spells. The person records
extreme heat on some of the hot days themselves, so the weather's days and theirs overlap.
Each test counts how often something is flagged ("clear": 95% interval excluding 0 and
q < 0.05) where nothing was planted, and how often a planted effect is found; the figures
are in docs/methods.md.
"""

from __future__ import annotations

import pytest

from painlog.analysis.frames import DiaryFrames
from painlog.analysis.period import Period
from painlog.analysis.triggers import TriggerModel, trigger_model
from painlog.analysis.weather import with_weather_exposures
from tests.analysis_diaries import RealPlan, Spell, Weather, realistic

HOT_DAY = 27.0


def _others(seed: int) -> dict[str, Spell]:
    return {
        "stress": Spell(share=0.25, mean_run=3 + seed % 8),
        "cold": Spell(share=0.2, mean_run=4 + seed % 5),
    }


def _model(frames: DiaryFrames, period: Period, *, hot_day: float | None) -> TriggerModel:
    frames, _ = with_weather_exposures(frames, hot_day=hot_day, humid_day=None)
    return trigger_model(frames, period, temperature=True)


def _heat_flagged(model: TriggerModel) -> bool:
    return any(
        row.is_clear for lag in (0, 1, 2) for row in model.rows[lag] if row.trigger == "heat"
    )


@pytest.mark.slow
def test_seasonal_heat_with_no_effect_is_rarely_flagged() -> None:
    """80 half-year and 30 two-year diaries whose pain is 2 points higher in summer, when the
    hot days are: neither the heat exposure nor the temperature per degree may take it."""
    heat = temperature = diaries = 0
    for days, seeds in ((180, range(100, 180)), (730, range(200, 230))):
        for seed in seeds:
            plan = RealPlan(
                days=days, season=2.0, triggers=_others(seed), weather=Weather(recorded=0.3)
            )
            frames, period = realistic(plan, seed=seed)
            model = _model(frames, period, hot_day=HOT_DAY)
            assert model.temperature is not None and model.temperature.per_degree is not None
            heat += _heat_flagged(model)
            temperature += model.temperature.is_clear
            diaries += 1
    print(
        f"\nseasonal heat, no effect: heat flagged {heat} of {diaries}, "
        f"temperature per degree flagged {temperature} of {diaries}"
    )
    assert diaries == 110
    assert heat <= 0.07 * diaries
    assert temperature <= 0.07 * diaries


@pytest.mark.slow
def test_a_hot_day_effect_is_found() -> None:
    """A year's diary, pain 1.5 points higher on days over 27 °C: found as extreme heat."""
    found = 0
    seeds = range(300, 350)
    for seed in seeds:
        plan = RealPlan(
            days=365, triggers=_others(seed), weather=Weather(hot_effect=1.5, recorded=0.3)
        )
        frames, period = realistic(plan, seed=seed)
        model = _model(frames, period, hot_day=HOT_DAY)
        found += _heat_flagged(model)
    print(f"\nhot-day effect 1.5 points: found {found} of {len(seeds)}")
    assert found >= 0.7 * len(seeds)


@pytest.mark.slow
def test_an_effect_per_degree_is_found_with_an_honest_interval() -> None:
    """0.1 points per °C of the day's maximum: found, and its interval covers the truth."""
    found = covered = 0
    seeds = range(400, 450)
    for seed in seeds:
        plan = RealPlan(days=365, triggers=_others(seed), weather=Weather(per_degree=0.1))
        frames, period = realistic(plan, seed=seed)
        effect = _model(frames, period, hot_day=None).temperature
        assert effect is not None and effect.ci_low is not None and effect.ci_high is not None
        found += effect.is_clear and effect.ci_low > 0
        covered += effect.ci_low <= 0.1 <= effect.ci_high
    print(f"\n0.1 per °C: found {found} of {len(seeds)}, interval covers 0.1 in {covered}")
    assert found >= 0.7 * len(seeds)
    assert covered >= 0.9 * len(seeds)


def test_a_recorded_hot_day_and_the_weather_count_once() -> None:
    plan = RealPlan(days=240, weather=Weather(mean=18.0, recorded=1.0, missing=0.0))
    frames, _ = realistic(plan, seed=7)
    recorded = set(frames.exposures.loc[frames.exposures["trigger"] == "heat", "day"])
    assert recorded  # the person recorded some hot days themselves
    joined, uses = with_weather_exposures(frames, hot_day=HOT_DAY, humid_day=80)
    heat_days = joined.exposures.loc[joined.exposures["trigger"] == "heat", "day"]
    assert heat_days.is_unique
    hot = set(frames.weather.loc[frames.weather["temp_max"] > HOT_DAY, "day"])
    assert set(heat_days) == hot | recorded
    heat = next(u for u in uses if u.trigger == "heat")
    assert heat.weather_days == len(hot)
    assert heat.also_recorded == len(hot & recorded)
    humid = next(u for u in uses if u.trigger == "humidity")
    assert humid.weather_days == int((frames.weather["humidity"] > 80).sum())


def test_too_little_weather_says_so() -> None:
    plan = RealPlan(days=120, weather=Weather(missing=0.9))
    frames, period = realistic(plan, seed=3)
    effect = trigger_model(frames, period, temperature=True).temperature
    assert effect is not None and effect.per_degree is None
    assert effect.reason is not None and "at least 30" in effect.reason
