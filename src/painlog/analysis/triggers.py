"""Which triggers go with worse daily pain: one regression for the whole period.

Plain words first (docs/methods.md has the long version): every day with a
check-in's average pain is one row. The model weighs all triggers of the
period at once, each on the same day, one day before and two days before,
so a trigger that only comes with another one, or only the day after
another, does not take its credit. A slow drift or season is allowed for
when the period is long enough, and pain carrying over from one day to the
next is allowed for in the uncertainty, so long spells of similar days do
not look like more evidence than they are.

Technically: feasible generalised least squares with AR(1) errors, as
statsmodels' GLSAR does, but with the calendar gaps of missed days in the
whitening (Prais-Winsten: each row minus rho to the power of the gap times
the row before; rho re-estimated from the residuals of consecutive days, four
rounds). statsmodels' OLS then fits the whitened rows and gives t intervals
and p-values; Benjamini-Hochberg (1995) adjusts over every trigger and lag
reported together. statsmodels is imported only here.

Two kinds of trigger, never mixed in one comparison:

- an *exposure* (recorded on a day check-in, ``painlog day --exposure``) is
  compared across check-in days: present when the check-in records it;
- a trigger named *only in entries* is compared among days that have
  entries: the model also holds how many entries each day had (0, 1, 2,
  3 or more, at each lag), so "a day with an entry" and "a day with more
  entries" are not read as the trigger.

Triggers present together on nearly every day, or whose estimates the others
explain almost entirely (a huge variance inflation), are weighed as one group
and reported as ``inseparable``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from painlog.analysis.frames import DiaryFrames
from painlog.analysis.period import Period, check_lag
from painlog.analysis.rules import INSEPARABLE, INSUFFICIENT, LAGS, MIN_DAYS, OK
from painlog.analysis.stats import benjamini_hochberg
from painlog.analysis.summaries import within

TOGETHER_SHARE = 0.9  # present together on at least 9 in 10 of the days either is present
MAX_VIF = 30.0  # beyond this, the others explain a trigger's days almost entirely
MIN_DEGREES = 20  # days beyond the number of things the model estimates
SMOOTH_FROM_DAYS = 84  # twelve weeks: shorter periods get a straight line at most
DAYS_PER_KNOT = 45  # within a year, the drift/season term may bend every six or seven weeks
DAYS_PER_LONG_KNOT = 182  # from a year on: a bend every half year, plus a yearly cycle
YEAR_DAYS = 365
MAX_RHO = 0.95
RANK_TOLERANCE = 1e-10  # of the largest entry of X'X: below it, a direction carries nothing
ENTRY_COUNTS = (1, 2, 3)  # entries that day: 0 (the reference), 1, 2, 3 or more
MIN_WEATHER_DAYS = 30  # fewer compared days with a maximum temperature: no estimate per degree
TEMPERATURE = "__max_temperature__"  # its key among the estimates


@dataclass(frozen=True)
class TemperatureEffect:
    """The day's maximum temperature as a continuous input: points of daily pain per degree
    Celsius, all triggers held; None unless there was enough weather (``reason`` says why)."""

    days_with: int  # days with daily pain whose maximum temperature is known
    days_without: int  # days with daily pain and no weather: left out of the model
    low: float | None = None  # the coolest and hottest of those days, °C
    high: float | None = None
    per_degree: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    reason: str | None = None

    @property
    def is_clear(self) -> bool:
        return (
            self.ci_low is not None
            and self.ci_high is not None
            and (self.ci_low > 0 or self.ci_high < 0)
            and self.q_value is not None
            and self.q_value < 0.05
        )


@dataclass(frozen=True)
class TriggerAssociation:
    """One trigger at one lag. ``difference`` and its interval are the model's estimate
    (points of daily pain with the trigger ``lag`` days before, all else held);
    they are None unless ``status`` is ``ok`` or ``inseparable``."""

    trigger: str
    lag: int
    days_with: int
    days_without: int
    mean_with: float | None = None
    mean_without: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    status: str = INSUFFICIENT
    together_with: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def has_estimate(self) -> bool:
        return self.difference is not None

    @property
    def interval_excludes_zero(self) -> bool:
        return (
            self.ci_low is not None
            and self.ci_high is not None
            and (self.ci_low > 0 or self.ci_high < 0)
        )

    @property
    def could_be_chance(self) -> bool:
        """The interval excludes 0, but with this many tests together q is 0.05 or more."""
        return self.interval_excludes_zero and (self.q_value is None or self.q_value >= 0.05)

    @property
    def is_clear(self) -> bool:
        """A difference the diary shows clearly: interval excluding 0 and q below 0.05."""
        return self.interval_excludes_zero and not self.could_be_chance


@dataclass(frozen=True)
class TriggerModel:
    """The joint model's rows for every trigger and lag, and what it rested on."""

    rows: dict[int, list[TriggerAssociation]]  # lag -> one row per trigger
    days: int  # days with a check-in's average pain that the model compares
    reason: str | None = None  # why there are no numbers at all, if so
    carry_over: float | None = None  # the AR(1) coefficient of the residuals
    smooth_bends: int = 0  # 0: no drift/season term; else its number of bends
    groups: list[tuple[str, ...]] = field(default_factory=list)  # inseparable groups
    temperature: TemperatureEffect | None = None  # with --weather only

    def at_lag(self, lag: int) -> list[TriggerAssociation]:
        return self.rows.get(check_lag(lag), [])

    def clearest(self) -> list[TriggerAssociation]:
        """Per trigger, the lag with the clearest association (smallest p); lag 0 without one."""
        best: dict[str, TriggerAssociation] = {}
        for lag in LAGS:
            for row in self.rows.get(lag, []):
                current = best.get(row.trigger)
                if current is None or _clearer(row, current):
                    best[row.trigger] = row
        return _sorted(list(best.values()))


def _clearer(row: TriggerAssociation, than: TriggerAssociation) -> bool:
    if row.p_value is None:
        return False
    return than.p_value is None or row.p_value < than.p_value


def _sorted(rows: list[TriggerAssociation]) -> list[TriggerAssociation]:
    """Estimates first (clear ones first, then by difference), then the rest by days seen."""
    return sorted(
        rows,
        key=lambda row: (
            not row.has_estimate,
            not row.is_clear,
            -(row.difference or 0.0),
            -row.days_with,
            row.trigger,
        ),
    )


# --- the day table -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """What the model weighs: one trigger, or an inseparable group of them."""

    members: tuple[str, ...]
    kind: str  # "exposure" or "entry"
    present: NDArray[np.float64]  # per calendar day: 1 present, 0 absent


def _calendar(frames: DiaryFrames, period: Period) -> pd.DatetimeIndex:
    first = pd.Timestamp(period.start) - pd.Timedelta(days=max(LAGS))
    return pd.date_range(first, pd.Timestamp(period.end), freq="D")


def _indicator(days: pd.Series, calendar: pd.DatetimeIndex) -> NDArray[np.float64]:
    return np.asarray(calendar.isin(pd.DatetimeIndex(days.unique())), dtype=np.float64)


def _shifted(values: NDArray[np.float64], lag: int) -> NDArray[np.float64]:
    """The value ``lag`` days before each day (NaN where that is before the calendar)."""
    if lag == 0:
        return values
    out = np.full(len(values), np.nan)
    out[lag:] = values[:-lag]
    return out


def trigger_model(
    frames: DiaryFrames, period: Period, *, temperature: bool = False
) -> TriggerModel:
    """The joint model of daily pain on every trigger seen in ``period``, at lags 0, 1 and 2.

    ``frames`` may hold the two days before the period, for the lags of its first days.
    ``temperature``: the day's maximum temperature is a continuous input as well (same day,
    per degree); the model then compares only the days with weather, if there are enough.
    """
    calendar = _calendar(frames, period)
    checkins = frames.checkins[frames.checkins["day"].isin(calendar)].set_index("day")
    pain = checkins["average_pain"].reindex(calendar).to_numpy(dtype=np.float64)
    checked = np.asarray(calendar.isin(checkins.index), dtype=bool)
    in_period = np.asarray(calendar >= pd.Timestamp(period.start), dtype=bool)
    entries = frames.entries[frames.entries["day"].isin(calendar)]
    entry_count = (
        entries.groupby("day").size().reindex(calendar, fill_value=0).to_numpy(dtype=np.float64)
    )

    exposures = within(frames.exposures, period)
    named = within(frames.entry_triggers, period)
    exposure_names = sorted(set(exposures["trigger"].astype(str)))
    entry_names = sorted(set(named["trigger"].astype(str)) - set(exposure_names))
    all_exposures = frames.exposures[frames.exposures["day"].isin(calendar)]
    all_named = frames.entry_triggers[frames.entry_triggers["day"].isin(calendar)]
    presence: dict[str, tuple[str, NDArray[np.float64]]] = {}
    for name in exposure_names:
        days = all_exposures.loc[all_exposures["trigger"] == name, "day"]
        presence[name] = ("exposure", _indicator(days, calendar))
    for name in entry_names:
        days = all_named.loc[all_named["trigger"] == name, "day"]
        presence[name] = ("entry", _indicator(days, calendar))

    # A row is a day of the period with a check-in's average pain. Its exposures one or two
    # days before are unknown when that day had no check-in: they count as absent, and a
    # column per lag marks those rows, so an unknown day is never read as a day without.
    rows = np.flatnonzero(in_period & ~np.isnan(pain))
    heat: TemperatureEffect | None = None
    tmax: NDArray[np.float64] | None = None
    if temperature:
        # The temperature term compares the days with weather only: a day without it is left
        # out (the whitening allows for the gap), never given a made-up temperature.
        heat, tmax = _temperature(frames, calendar, rows)
        if tmax is not None:
            rows = rows[~np.isnan(tmax[rows])]
    n = len(rows)
    empty: dict[int, list[TriggerAssociation]] = {lag: [] for lag in LAGS}
    if not presence and not temperature:
        return TriggerModel(rows=empty, days=n)

    def columns(values: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        return [_shifted(values, lag)[rows] for lag in LAGS]

    y = pain[rows]
    if n == 0 or np.ptp(y) == 0:
        reason = (
            "daily pain comes from the day check-in's average pain (painlog day --avg), "
            "and no day of this period has one with the lags the model needs"
            if n == 0
            else f"daily pain was {y[0]:g} on every one of the {n} days, so nothing varies with it"
        )
        return TriggerModel(
            rows=_no_numbers(presence, columns, reason), days=n, reason=reason, temperature=heat
        )

    # Too few days with or without a trigger at any lag: left out of the model.
    small: dict[str, str] = {}
    for name, (_, values) in presence.items():
        seen = [int(c.sum()) for c in columns(values)]
        if min(seen) < MIN_DAYS or n - max(seen) < MIN_DAYS:
            small[name] = (
                f"present on {seen[0]} of the {n} days compared; at least {MIN_DAYS} "
                f"days with it and {MIN_DAYS} without are needed"
            )

    units = _group({k: v for k, v in presence.items() if k not in small}, rows, columns, n_rows=n)
    bends = _bends(period.days)
    trend = _smooth(rows, bends, calendar[rows], period.days)
    counts = [
        (_shifted(entry_count, lag)[rows] >= k).astype(np.float64)
        if k == 3
        else (_shifted(entry_count, lag)[rows] == k).astype(np.float64)
        for lag in LAGS
        for k in ENTRY_COUNTS
    ]
    has_entry_units = any(u.kind == "entry" for u in units)
    needed = 1 + trend.shape[1] + 3 * len(units) + (len(counts) if has_entry_units else 0)
    if units and n - needed < MIN_DEGREES:
        reason = (
            f"{n} days with a check-in's average pain are too few to weigh "
            f"{sum(len(u.members) for u in units)} triggers at three lags together "
            f"(about {needed + MIN_DEGREES} are needed)"
        )
        small.update({m: reason for u in units for m in u.members})
        units = []

    unknown = [
        1.0 - _shifted(checked.astype(np.float64), lag)[rows] for lag in LAGS[1:] if exposure_names
    ]
    base = [np.ones(n), *trend.T, *(c for c in unknown if c.any())]
    heat_at: int | None = None  # the column of the centred maximum temperature
    if heat is not None and tmax is not None:
        values = tmax[rows]
        if np.ptp(values) == 0:
            heat = replace(heat, reason="the maximum temperature was the same on every day")
        elif units and n - needed - 1 < MIN_DEGREES:
            heat = replace(heat, reason="too few days to weigh the triggers and the temperature")
        else:
            heat_at = len(base)
            base = [*base, values - values.mean()]
    units = _weighable(units, base, counts, columns, small)
    estimates: dict[tuple[tuple[str, ...], int], tuple[float, float, float, float, float]] = {}
    rho: float | None = None
    exposure_units = [u for u in units if u.kind == "exposure"]
    entry_units = [u for u in units if u.kind == "entry"]
    days = calendar[rows]
    if heat_at is not None and not units:
        # No trigger to weigh: the temperature's own fit.
        fit, rho = _fit(y, np.column_stack(base), days)
        estimates[((TEMPERATURE,), 0)] = fit[heat_at]
    if units:
        # Exposures: check-in days, no entry counts (they follow the pain, not the weather).
        if exposure_units:
            design = base + [c for u in exposure_units for c in columns(u.present)]
            fit, rho = _fit(y, np.column_stack(design), days)
            if heat_at is not None:
                estimates[((TEMPERATURE,), 0)] = fit[heat_at]
            start = len(base)
            for i, unit in enumerate(exposure_units):
                for lag in LAGS:
                    estimates[(unit.members, lag)] = fit[start + 3 * i + lag]
        # Triggers named in entries: among days with entries, entry counts held.
        if entry_units:
            ordered = exposure_units + entry_units
            design = base + counts + [c for u in ordered for c in columns(u.present)]
            fit, entry_rho = _fit(y, np.column_stack(design), days)
            rho = entry_rho if rho is None else rho
            if heat_at is not None and not exposure_units:
                estimates[((TEMPERATURE,), 0)] = fit[heat_at]
            start = len(base) + len(counts) + 3 * len(exposure_units)
            for i, unit in enumerate(entry_units):
                for lag in LAGS:
                    estimates[(unit.members, lag)] = fit[start + 3 * i + lag]

    keys = sorted(estimates)
    q_values = dict(zip(keys, benjamini_hochberg([estimates[k][3] for k in keys]), strict=True))
    member_of = {m: u for u in units for m in u.members}
    if heat is not None and ((TEMPERATURE,), 0) in estimates:
        est, low, high, p, se = estimates[((TEMPERATURE,), 0)]
        if math.isfinite(se) and se > 0:
            heat = replace(
                heat,
                per_degree=est,
                ci_low=low,
                ci_high=high,
                p_value=p,
                q_value=q_values[((TEMPERATURE,), 0)],
            )
        else:
            heat = replace(heat, reason="no spread left to weigh it by")
    result: dict[int, list[TriggerAssociation]] = {}
    for lag in LAGS:
        out = []
        for name, (_, values) in presence.items():
            column = _shifted(values, lag)[rows]
            with_days = int(column.sum())
            common: dict[str, Any] = {
                "trigger": name,
                "lag": lag,
                "days_with": with_days,
                "days_without": n - with_days,
            }
            if name in small or name not in member_of:
                out.append(TriggerAssociation(**common, reason=small.get(name)))
                continue
            unit = member_of[name]
            est, low, high, p, se = estimates[(unit.members, lag)]
            together = tuple(m for m in unit.members if m != name)
            if not (math.isfinite(se) and se > 0):
                out.append(
                    TriggerAssociation(
                        **common,
                        together_with=together,
                        reason="no spread left to weigh it by (the model fits these days exactly)",
                    )
                )
                continue
            mask = column == 1
            out.append(
                TriggerAssociation(
                    **common,
                    mean_with=float(y[mask].mean()) if mask.any() else None,
                    mean_without=float(y[~mask].mean()) if (~mask).any() else None,
                    difference=est,
                    ci_low=low,
                    ci_high=high,
                    p_value=p,
                    q_value=q_values[(unit.members, lag)],
                    status=INSEPARABLE if together else OK,
                    together_with=together,
                    reason=(
                        "present together on nearly every day with "
                        + ", ".join(together)
                        + ": the association is shared and cannot be split between them"
                    )
                    if together
                    else None,
                )
            )
        result[lag] = _sorted(out)
    return TriggerModel(
        rows=result,
        days=n,
        carry_over=rho,
        smooth_bends=bends,
        groups=[u.members for u in units if len(u.members) > 1],
        temperature=heat,
    )


def _temperature(
    frames: DiaryFrames, calendar: pd.DatetimeIndex, rows: NDArray[np.int64]
) -> tuple[TemperatureEffect, NDArray[np.float64] | None]:
    """The maximum temperature of each calendar day (NaN without weather), or None when
    too few of the days with daily pain have one; with what that leaves to compare."""
    weather = frames.weather.dropna(subset=["temp_max"]).drop_duplicates("day", keep="last")
    values = weather.set_index("day")["temp_max"].reindex(calendar).to_numpy(dtype=np.float64)
    t = values[rows]
    known = t[~np.isnan(t)]
    effect = TemperatureEffect(days_with=len(known), days_without=len(t) - len(known))
    if len(known) < MIN_WEATHER_DAYS:
        reason = (
            f"{len(known)} of the days with daily pain have a maximum temperature; at least "
            f"{MIN_WEATHER_DAYS} are needed (painlog import FILE.csv --format weather)"
        )
        return replace(effect, reason=reason), None
    return replace(effect, low=float(known.min()), high=float(known.max())), values


def _no_numbers(
    presence: dict[str, tuple[str, NDArray[np.float64]]],
    columns: Any,
    reason: str,
) -> dict[int, list[TriggerAssociation]]:
    out: dict[int, list[TriggerAssociation]] = {}
    for lag in LAGS:
        rows = []
        for name, (_, values) in presence.items():
            column = columns(values)[lag]
            with_days = int(column.sum())
            rows.append(
                TriggerAssociation(name, lag, with_days, len(column) - with_days, reason=reason)
            )
        out[lag] = _sorted(rows)
    return out


def _group(
    presence: dict[str, tuple[str, NDArray[np.float64]]],
    rows: NDArray[np.int64],
    columns: Any,
    *,
    n_rows: int,
) -> list[_Unit]:
    """Triggers as the model weighs them: inseparable ones joined into one group."""
    names = list(presence)
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    def join(a: str, b: str) -> None:
        parent[root(b)] = root(a)

    same_day = {name: columns(values)[0] for name, (_, values) in presence.items()}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if presence[a][0] != presence[b][0]:
                continue
            either = np.logical_or(same_day[a], same_day[b]).sum()
            both = np.logical_and(same_day[a], same_day[b]).sum()
            if either and both / either >= TOGETHER_SHARE:
                join(a, b)
    # A huge variance inflation: the other triggers' days explain this one's almost entirely.
    if len(names) > 1:
        matrix = np.column_stack([same_day[name] for name in names])
        centred = matrix - matrix.mean(axis=0)
        for j, name in enumerate(names):
            others = np.delete(centred, j, axis=1)
            target = centred[:, j]
            total = float(target @ target)
            if total == 0:
                continue
            coef = _least_squares(others, target)
            left = float(((target - others @ coef) ** 2).sum())
            if left <= 0 or total / left > MAX_VIF:
                partner = int(np.argmax(np.abs(coef)))
                join(name, [n for k, n in enumerate(names) if k != j][partner])
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(root(name), []).append(name)
    units = []
    for members in groups.values():
        members.sort()
        kind = presence[members[0]][0]
        present = np.max(np.vstack([presence[m][1] for m in members]), axis=0)
        units.append(_Unit(tuple(members), kind, present))
    units.sort(key=lambda u: u.members)
    return units


def _weighable(
    units: list[_Unit],
    base: list[NDArray[np.float64]],
    counts: list[NDArray[np.float64]],
    columns: Any,
    small: dict[str, str],
) -> list[_Unit]:
    """The units whose lag columns the others do not reproduce exactly (a full-rank design).

    Rarely needed: when a trigger's days, shifted by a day or two, add up to another's.
    Units are taken most-seen first; one that adds no new information is left out.
    """

    def rank(parts: list[NDArray[np.float64]]) -> int:
        matrix = np.column_stack(parts)
        gram = matrix.T @ matrix
        return int(
            np.linalg.matrix_rank(gram, tol=RANK_TOLERANCE * np.abs(gram).max(), hermitian=True)
        )

    extra = counts if any(u.kind == "entry" for u in units) else []
    everything = base + extra + [c for u in units for c in columns(u.present)]
    if not units or rank(everything) == len(everything):
        return units
    kept: list[_Unit] = []
    parts = base + extra
    for unit in sorted(units, key=lambda u: (-float(u.present.sum()), u.members)):
        trial = parts + columns(unit.present)
        if rank(trial) == len(trial):
            kept.append(unit)
            parts = trial
            continue
        for member in unit.members:
            small[member] = (
                "its days, on the same day or a day or two later, add up to other "
                "triggers' days, so the model cannot weigh it on its own"
            )
    return sorted(kept, key=lambda u: u.members)


def _bends(days: int) -> int:
    """How many times the drift term may bend: none under twelve weeks; every six or seven
    weeks within a year; from a year on, every half year (a seasonal term takes the rest)."""
    if days < SMOOTH_FROM_DAYS:
        return 0
    if days < YEAR_DAYS:
        return max(1, round(days / DAYS_PER_KNOT) - 1)
    return max(1, round(days / DAYS_PER_LONG_KNOT) - 1)


def _smooth(
    rows: NDArray[np.int64], bends: int, days: pd.DatetimeIndex, period_days: int
) -> NDArray[np.float64]:
    """A straight line plus a hinge at every knot (a continuous, piecewise-linear drift),
    and, for a year or more, the yearly cycle (two sine-cosine pairs)."""
    if len(rows) == 0:
        return np.empty((0, 0))
    if bends == 0 and (rows[-1] - rows[0]) < SMOOTH_FROM_DAYS / 2:
        return np.empty((len(rows), 0))
    t = (rows - rows[0]) / max(rows[-1] - rows[0], 1)
    knots = np.linspace(0, 1, bends + 2)[1:-1]
    terms = [t, *(np.maximum(t - k, 0) for k in knots)]
    if period_days >= YEAR_DAYS:
        angle = 2 * np.pi * np.asarray(days.day_of_year, dtype=np.float64) / 365.25
        terms += [f(h * angle) for h in (1, 2) for f in (np.sin, np.cos)]
    return np.column_stack(terms)


def _whiten(
    values: NDArray[np.float64], gaps: NDArray[np.float64], rho: float
) -> NDArray[np.float64]:
    """AR(1) with day gaps: each row minus rho**gap times the row before, rescaled."""
    if rho <= 0:
        return values
    carry = rho**gaps
    scale = np.sqrt(1 - carry**2)
    out = values.copy()
    out[0] *= math.sqrt(1 - rho**2)
    out[1:] = (values[1:] - carry[:, None] * values[:-1]) / scale[:, None] * math.sqrt(1 - rho**2)
    return out


def _least_squares(design: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """Least squares through the small square system: numpy's tall-matrix solver can be
    a hundred times slower when several threads compete for two cores."""
    gram = design.T @ design
    try:
        solution = np.linalg.solve(gram, design.T @ y)
    except np.linalg.LinAlgError:  # a singular design: the minimum-norm solution
        solution = np.linalg.pinv(gram, hermitian=True) @ (design.T @ y)
    return np.asarray(solution, dtype=np.float64)


def _ols(y: NDArray[np.float64], design: NDArray[np.float64]) -> Any:
    """statsmodels' OLS results for ``y`` on ``design`` (full rank, intercept included).

    The estimate comes from the small square system X'X, as ``OLS.fit`` would give it,
    and statsmodels' results give the standard errors, t intervals and p-values: its own
    ``fit`` decomposes the whole tall design, which takes seconds on a ten-year diary
    when the machine's cores are busy.
    """
    from statsmodels.regression.linear_model import OLS, OLSResults

    model = OLS(y, design, hasconst=True)
    unscaled = np.linalg.pinv(design.T @ design, hermitian=True)
    params = unscaled @ (design.T @ y)
    model.rank = design.shape[1]
    model.df_model = model.rank - 1
    model.df_resid = model.nobs - model.rank
    return OLSResults(model, params, normalized_cov_params=unscaled, use_t=True)


def _fit(
    y: NDArray[np.float64], design: NDArray[np.float64], days: pd.DatetimeIndex
) -> tuple[list[tuple[float, float, float, float, float]], float]:
    """(estimate, 95% low, 95% high, p, standard error) per column, and the carry-over."""
    gaps = np.diff(days.to_numpy()).astype("timedelta64[D]").astype(np.float64)
    both = np.column_stack([y, design])
    rho = 0.0
    coef = _least_squares(design, y)
    for _ in range(4):
        residuals = y - design @ coef
        next_day = gaps == 1
        previous, current = residuals[:-1][next_day], residuals[1:][next_day]
        denominator = float(previous @ previous)
        rho = float(np.clip(previous @ current / denominator, 0.0, MAX_RHO)) if denominator else 0.0
        white = _whiten(both, gaps, rho)
        coef = _least_squares(white[:, 1:], white[:, 0])
    white = _whiten(both, gaps, rho)
    # On whitened rows the errors are (nearly) independent: plain OLS standard errors and
    # t intervals. Newey-West on top was tried and flagged 9-10% of null triggers in
    # 180-day diaries (it is too optimistic with this few days); see docs/methods.md.
    fitted = _ols(white[:, 0], white[:, 1:])
    params = np.asarray(fitted.params, dtype=np.float64)
    errors = np.asarray(fitted.bse, dtype=np.float64)
    p_values = np.asarray(fitted.pvalues, dtype=np.float64)
    bounds = np.asarray(fitted.conf_int(alpha=0.05), dtype=np.float64)
    out = [
        (
            float(params[j]),
            float(bounds[j, 0]),
            float(bounds[j, 1]),
            float(p_values[j]),
            float(errors[j]),
        )
        for j in range(design.shape[1])
    ]
    return out, rho


def trigger_associations(
    frames: DiaryFrames, period: Period, *, lag: int | None = None
) -> list[TriggerAssociation]:
    """One row per trigger seen in ``period``: at ``lag``, or at its clearest lag if None."""
    model = trigger_model(frames, period)
    return model.clearest() if lag is None else model.at_lag(lag)
