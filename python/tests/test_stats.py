"""test_stats.py — the package's own statistics against known answers:
quantiles as numpy's type 7, the Wilson interval as `depinsim compare`
prints it, the order-statistic interval's exact coverage.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from depinsim import median_interval_bootstrap, median_interval_order, quantile, wilson_interval


def test_quantile_type7() -> None:
    x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]
    for level in (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0):
        assert quantile(x, level) == pytest.approx(float(np.quantile(x, level)), rel=1e-15)
    assert quantile([1.0, math.nan, 3.0, math.inf], 0.5) == 2.0  # non-finite left out
    assert math.isnan(quantile([math.nan], 0.5))
    assert quantile([7.0], 0.95) == 7.0


def test_wilson_known_values() -> None:
    # 0 of 16: compare prints death_spiral_wilson_hi = 0.1936076805344365
    assert wilson_interval(0, 16) == (0.0, pytest.approx(0.1936076805344365, abs=1e-16))
    assert wilson_interval(16, 16) == (pytest.approx(0.8063923194655637, abs=1e-16), 1.0)
    # 77 of 128: P = 0.602 [0.515, 0.682], as compare printed it for such a claim
    lo, hi = wilson_interval(77, 128)
    assert (round(lo, 3), round(hi, 3)) == (0.515, 0.682)
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


def test_order_interval() -> None:
    x = np.arange(1.0, 17.0)  # 16 values: [x(4), x(13)]
    lo, hi, cov = median_interval_order(x[::-1])
    assert (lo, hi) == (4.0, 13.0)
    assert cov == pytest.approx(1 - 2 * 697 / 2**16, abs=1e-15)
    lo, hi, cov = median_interval_order(np.arange(6.0))  # smallest n at 95%: the range, 1 − 2/64
    assert (lo, hi, cov) == (0.0, 5.0, 1 - 2 / 64)
    assert all(math.isnan(v) for v in median_interval_order(np.arange(5.0)))


def test_bootstrap_interval() -> None:
    x = np.random.default_rng(3).normal(size=200)
    lo, hi = median_interval_bootstrap(x, seed=1)
    olo, ohi, _ = median_interval_order(x)
    assert lo < np.median(x) < hi
    assert abs((hi - lo) - (ohi - olo)) < 0.5 * (ohi - olo)  # the two methods agree roughly
    assert median_interval_bootstrap(x, seed=1) == (lo, hi)
