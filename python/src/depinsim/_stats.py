"""_stats.py — the statistics the package computes itself: quantiles as the C
program computes them (sim/stats.c, bit for bit), the 95% Wilson interval,
and intervals for a median (order statistics, distribution-free; or the
percentile bootstrap). No simulation and no file reading here.
"""

from __future__ import annotations

import math
from typing import Tuple

import numpy as np
import numpy.typing as npt

#: the z of a two-sided 95% interval, as sim/stats.c writes it
Z95 = 1.959963984540054

FloatArray = npt.NDArray[np.float64]


def quantile(values: npt.ArrayLike, level: float) -> float:
    """Quantile of the finite values by linear interpolation between order
    statistics (Hyndman & Fan type 7, R's and numpy's default), computed as
    sim/stats.c does (``x[lo] + (h - lo) * (x[lo+1] - x[lo])``), so it equals
    the file's quantiles exactly, not only to rounding. NaN when no value is
    finite; non-finite values (an undefined ratio) are left out, as there."""
    x = np.sort(_finite(values))
    n = x.size
    if n == 0:
        return math.nan
    h = (n - 1) * float(level)
    lo = int(math.floor(h))
    if lo + 1 >= n:
        return float(x[n - 1])
    return float(x[lo] + (h - lo) * (x[lo + 1] - x[lo]))


def wilson_interval(k: int, n: int, z: float = Z95) -> Tuple[float, float]:
    """Wilson score interval for k successes in n trials (95% by default), as
    sim/stats.c computes it: exactly 0 at k = 0 and 1 at k = n; (NaN, NaN)
    when n is 0."""
    if n <= 0:
        return (math.nan, math.nan)
    p = k / n
    z2n = z * z / n
    centre = (p + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * math.sqrt(p * (1.0 - p) / n + z2n / (4.0 * n))
    lo = 0.0 if k == 0 else max(centre - half, 0.0)
    hi = 1.0 if k == n else min(centre + half, 1.0)
    return (lo, hi)


def _binom_half_cdf(k: int, n: int) -> float:
    """P(B <= k) for B ~ Binomial(n, 1/2), exactly (integer arithmetic)."""
    if k < 0:
        return 0.0
    return sum(math.comb(n, i) for i in range(0, min(k, n) + 1)) / 2.0**n


def median_interval_order(values: npt.ArrayLike, confidence: float = 0.95) -> Tuple[float, float, float]:
    """Distribution-free interval for the median: ``[x_(k), x_(n-k+1)]`` with
    the largest k such that P(Binomial(n, 1/2) <= k - 1) <= (1 - confidence)/2.
    Returns (lo, hi, coverage), coverage the interval's exact probability of
    holding the median (at least ``confidence``). With too few values for
    that confidence (n < 6 at 95%) there is no such interval: (NaN, NaN, NaN).
    Non-finite values are left out."""
    x = np.sort(_finite(values))
    n = x.size
    tail = (1.0 - confidence) / 2.0
    k = 0
    while k + 1 <= (n + 1) // 2 and _binom_half_cdf(k, n) <= tail:
        k += 1
    if k == 0:
        return (math.nan, math.nan, math.nan)
    coverage = 1.0 - 2.0 * _binom_half_cdf(k - 1, n)
    return (float(x[k - 1]), float(x[n - k]), coverage)


def median_interval_bootstrap(
    values: npt.ArrayLike, confidence: float = 0.95, resamples: int = 4000, seed: int = 0
) -> Tuple[float, float]:
    """Percentile-bootstrap interval for the median of the finite values:
    ``resamples`` resamples with replacement drawn from numpy's default
    generator seeded with ``seed`` (so the interval is reproducible)."""
    x = _finite(values)
    if x.size == 0:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    medians = np.median(x[rng.integers(0, x.size, size=(resamples, x.size))], axis=1)
    tail = (1.0 - confidence) / 2.0
    lo, hi = np.quantile(medians, [tail, 1.0 - tail])
    return (float(lo), float(hi))


def median_difference_bootstrap(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    confidence: float = 0.95,
    resamples: int = 4000,
    seed: int = 0,
) -> Tuple[float, float]:
    """Percentile-bootstrap interval for median(a) − median(b) when a and b
    are resampled independently: the interval one gets without common random
    numbers (or when ignoring them)."""
    xa, xb = _finite(a), _finite(b)
    if xa.size == 0 or xb.size == 0:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    ma = np.median(xa[rng.integers(0, xa.size, size=(resamples, xa.size))], axis=1)
    mb = np.median(xb[rng.integers(0, xb.size, size=(resamples, xb.size))], axis=1)
    tail = (1.0 - confidence) / 2.0
    lo, hi = np.quantile(ma - mb, [tail, 1.0 - tail])
    return (float(lo), float(hi))


def _finite(values: npt.ArrayLike) -> FloatArray:
    x = np.asarray(values, dtype=np.float64).ravel()
    return x[np.isfinite(x)]
