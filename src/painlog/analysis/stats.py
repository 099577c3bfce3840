"""The statistics behind ``painlog triggers``: bootstrap interval, permutation p-value, BH.

Daily pain takes few distinct values (whole numbers 0-10), which makes the
exact resampling distributions cheap to draw:

- resampling n values with replacement is drawing how many times each
  distinct value is picked, a multinomial over the distinct values with
  their observed shares (the ordinary bootstrap, same distribution);
- shuffling the with/without labels is drawing how many of each distinct
  value land in the "with" group, a multivariate hypergeometric (the
  ordinary permutation test, same distribution).

Both cost the same for 10 days or 10,000. Seeds are fixed, so the same diary
gives the same numbers every time.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

RESAMPLES = 10_000
PERMUTATIONS = 9_999
SEED = 20_260_401


@dataclass(frozen=True)
class Comparison:
    mean_with: float
    mean_without: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float


def rng_for(*names: str | int) -> np.random.Generator:
    """A generator seeded from ``SEED`` and the names, so one trigger's numbers
    do not depend on which other triggers were tested."""
    words = [SEED, *(zlib.crc32(str(name).encode()) for name in names)]
    return np.random.default_rng(np.random.SeedSequence(words))


def _tallies(values: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    distinct, counts = np.unique(values, return_counts=True)
    return distinct.astype(np.float64), counts.astype(np.int64)


def bootstrap_means(
    values: NDArray[np.float64], resamples: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Means of ``resamples`` bootstrap samples (n draws with replacement) of ``values``."""
    distinct, counts = _tallies(values)
    n = int(counts.sum())
    picks = rng.multinomial(n, counts / n, size=resamples)
    means: NDArray[np.float64] = picks @ distinct / n
    return means


def permuted_differences(
    with_values: NDArray[np.float64],
    without_values: NDArray[np.float64],
    permutations: int,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """Differences in means after shuffling the with/without labels ``permutations`` times."""
    pooled = np.concatenate([with_values, without_values])
    distinct, counts = _tallies(pooled)
    n_with, n_without = len(with_values), len(without_values)
    total = float(pooled.sum())
    picked = rng.multivariate_hypergeometric(counts, n_with, size=permutations)
    sum_with = picked @ distinct
    differences: NDArray[np.float64] = sum_with / n_with - (total - sum_with) / n_without
    return differences


def compare(
    with_values: NDArray[np.float64],
    without_values: NDArray[np.float64],
    *,
    rng: np.random.Generator,
    resamples: int = RESAMPLES,
    permutations: int = PERMUTATIONS,
) -> Comparison:
    """Difference in means (with minus without): 95% percentile bootstrap interval,
    two-sided permutation p-value."""
    mean_with = float(with_values.mean())
    mean_without = float(without_values.mean())
    difference = mean_with - mean_without
    boot = bootstrap_means(with_values, resamples, rng) - bootstrap_means(
        without_values, resamples, rng
    )
    ci_low, ci_high = (float(x) for x in np.quantile(boot, [0.025, 0.975]))
    shuffled = permuted_differences(with_values, without_values, permutations, rng)
    # A small tolerance so that ties, computed in a different order, count as ties.
    extreme = int(np.count_nonzero(np.abs(shuffled) >= abs(difference) - 1e-9))
    p_value = (extreme + 1) / (permutations + 1)
    return Comparison(mean_with, mean_without, difference, ci_low, ci_high, p_value)


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the order given."""
    m = len(p_values)
    if m == 0:
        return []
    p = np.asarray(p_values, dtype=np.float64)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return [float(x) for x in q]
