"""test_paired.py — paired differences on common random numbers: the
per-path differences are the final values' differences path by path, the
interval of their median is narrower than the unpaired one, P(a > b) is the
share of paths with a > b with its Wilson interval, and pairs follow path
numbers, not rows, when paths were left out.
"""

from __future__ import annotations

import csv
import io
import math
import subprocess
from pathlib import Path

import numpy as np
import pytest

import depinsim
from depinsim import quantile


def test_paired_final_differences(shootout_h5: Path) -> None:
    with depinsim.open(shootout_h5) as r:
        pd_ = r.paired("token_price", "halving", "base")
        a, b = r.final("token_price", "halving"), r.final("token_price", "base")
        d = pd_.differences
        assert list(d.columns) == ["path", "a", "b", "difference"]
        assert d["path"].tolist() == list(range(16))
        np.testing.assert_array_equal(d["a"].to_numpy(), a.to_numpy())
        np.testing.assert_array_equal(d["difference"].to_numpy(), (a - b).to_numpy())
        assert pd_.n == 16 and pd_.dropped == 0
        assert pd_.unit == "USD/token" and pd_.day == 1095.0
        assert pd_.median == quantile(d["difference"], 0.5)
        # order statistics: n = 16 gives [x(4), x(13)], coverage 1 − 2·P(B ≤ 3) = 1 − 2·697/65536
        x = np.sort(d["difference"].to_numpy())
        assert (pd_.lo, pd_.hi) == (x[3], x[12])
        assert pd_.coverage == pytest.approx(1 - 2 * 697 / 65536, abs=1e-15)
        assert pd_.lo <= pd_.median <= pd_.hi
        # P(a > b) and its Wilson interval
        greater = int((d["difference"] > 0).sum())
        assert pd_.greater == greater and pd_.p_greater == greater / 16
        assert (pd_.p_greater_lo, pd_.p_greater_hi) == depinsim.wilson_interval(greater, 16)
        assert pd_.unpaired_median == quantile(a, 0.5) - quantile(b, 0.5)
        assert "P(halving > base)" in str(pd_)


@pytest.mark.parametrize("method", ["order", "bootstrap"])
@pytest.mark.parametrize(
    "metric,a,most",
    [("token_price", "halving", 1 / 3), ("subsidy_adjusted_ratio", "burn_and_mint", 0.8)],
)
def test_paired_is_narrower_than_unpaired(
    shootout_h5: Path, method: str, metric: str, a: str, most: float
) -> None:
    """On common random numbers a design's effect is a change on top of a
    large path-to-path spread, so the paired interval is narrower. How much
    depends on how far the design reshapes each path: a halving leaves the
    token path nearly as it was (paired width ≤ a third of unpaired), while
    burn-and-mint changes supply and so, under the market_cap valuation, the
    price path itself (measured 0.61–0.73 of the unpaired width on this file)."""
    with depinsim.open(shootout_h5) as r:
        p = r.paired(metric, a, "base", method=method)
        assert p.unpaired_lo <= p.unpaired_median <= p.unpaired_hi
        assert 0 < p.width < p.unpaired_width * most, (p.width, p.unpaired_width)


def test_paired_bootstrap_is_reproducible(shootout_h5: Path) -> None:
    with depinsim.open(shootout_h5) as r:
        p1 = r.paired("market_cap", "exp_decay", "base", method="bootstrap", seed=7)
        p2 = r.paired("market_cap", "exp_decay", "base", method="bootstrap", seed=7)
        assert (p1.lo, p1.hi, p1.unpaired_lo, p1.unpaired_hi) == (
            p2.lo,
            p2.hi,
            p2.unpaired_lo,
            p2.unpaired_hi,
        )
        assert np.isnan(p1.coverage) and p1.method == "bootstrap"
        with pytest.raises(ValueError):
            r.paired("market_cap", "exp_decay", "base", method="guess")


def test_paired_at_a_day_and_on_outcomes(shootout_h5: Path) -> None:
    with depinsim.open(shootout_h5) as r:
        day = float(r.time[51])
        p = r.paired("active_providers", "burn_and_mint", "base", day=day)
        want = (
            r.path_array("active_providers", "burn_and_mint")[:, 51]
            - r.path_array("active_providers", "base")[:, 51]
        )
        np.testing.assert_array_equal(p.differences["difference"].to_numpy(), want)
        assert p.day == day
        with pytest.raises(ValueError, match="no record at day"):
            r.paired("active_providers", "burn_and_mint", "base", day=day + 0.5)
        o = r.paired("max_drawdown", "static_buyback", "base")
        assert o.unit == "fraction of the running peak token price" and o.n == 16


def test_paired_follows_path_numbers(crn_h5: Path) -> None:
    """'base' lost paths to invalid token jumps, 'calm' kept all six. The
    demand does not depend on the token: path by path the two variants see
    the same demand (common random numbers), so every paired difference is
    exactly 0 — it would not be if rows were paired instead of paths."""
    with depinsim.open(crn_h5) as r:
        ib, ic = r.path_index("base"), r.path_index("calm")
        assert ic.tolist() == list(range(6)) and 0 < ib.size < 6
        assert not np.array_equal(ib, np.arange(ib.size))
        p = r.paired("demand_addressable", "base", "calm")
        assert p.n == ib.size and p.differences["path"].tolist() == ib.tolist()
        np.testing.assert_array_equal(p.differences["difference"].to_numpy(), np.zeros(ib.size))
        assert p.greater == 0 and p.ties == ib.size and p.median == 0.0
        rows = r.final("demand_addressable", "calm").to_numpy()
        assert np.any(
            rows[: ib.size] != r.final("demand_addressable", "base").to_numpy()
        )  # the row-wise pairing differs


@pytest.mark.parametrize("h5", ["shootout_h5", "crn_h5"])
def test_compare_against_agrees_with_paired(h5: str, bin_path: Path, request: pytest.FixtureRequest) -> None:
    """`depinsim compare --against` (sim/analysis/paired.c) and paired()
    compute the same statistics from the same file: the median paired
    difference and its order-statistic interval exactly, the coverage to
    rounding, P(variant > reference) and its Wilson interval exactly; on
    crn_h5 the pairs follow path_index."""
    path = request.getfixturevalue(h5)
    metrics = ["token_price", "subsidy_adjusted_ratio", "demand_addressable"]
    with depinsim.open(path) as r:
        ref = "base"
        out = subprocess.run(
            [str(bin_path), "compare", str(path), "--against", ref, "--format", "csv", "--metrics", ",".join(metrics)],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == (len(r.variants) - 1) * len(metrics)
        for row in rows:
            p = r.paired(row["metric"], row["variant"], ref)
            assert row["reference"] == ref and int(row["paths"]) == p.n
            assert int(row["dropped"]) == p.dropped

            def num(k: str) -> float:
                return float(row[k]) if row[k] != "" else math.nan

            for k, want in (("median_difference", p.median), ("lo", p.lo), ("hi", p.hi)):
                assert num(k) == want or (math.isnan(num(k)) and math.isnan(want)), (k, row)
            assert num("coverage") == pytest.approx(p.coverage, rel=1e-12, nan_ok=True)
            assert num("p_greater") == p.p_greater
            assert (num("p_greater_lo"), num("p_greater_hi")) == (p.p_greater_lo, p.p_greater_hi)
