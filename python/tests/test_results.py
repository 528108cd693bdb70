"""test_results.py — the package against files the C program wrote in this
run: the xarray view equals raw h5py reads, final values reproduce the
file's quantiles, units and provenance come out as str, left-out paths keep
their original numbers. Exact comparisons unless a line says why not.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import h5py
import numpy as np
import pytest
import yaml

import depinsim
from depinsim import quantile

from conftest import REPO


def test_provenance_is_plain_python(small_h5: Path) -> None:
    with depinsim.open(small_h5) as r:
        prov = r.provenance
        with h5py.File(small_h5) as f:
            assert set(prov) == set(f.attrs)  # every root attribute
        for k, v in prov.items():
            assert type(v) in (str, int, float), f"{k}: {type(v).__name__}"
        assert prov["format"] == "depinsim-results-1"
        assert prov["scenario_name"] == "small" == r.scenario_name
        assert prov["seed"] == 11 and prov["paths"] == 6 and prov["steps"] == 120
        assert prov["records"] == 12 == r.records
        assert prov["step_days"] == 1.0
        assert prov["backend"] in ("cpu", "cuda")
        assert prov["complete"] == 1 and r.complete
        assert prov["unit_name"] == "heq-h" == r.unit_name


def test_scenario_text_and_dict(small_h5: Path) -> None:
    source = (REPO / "tests/data/small.yaml").read_text(encoding="utf-8")
    with depinsim.open(small_h5) as r:
        assert r.scenario_text == source  # the full text, its non-ASCII dash included
        assert r.scenario == yaml.safe_load(source)
        assert r.scenario["run"]["seed"] == 11
        assert hashlib.sha256(r.scenario_text.encode("utf-8")).hexdigest() == r.provenance["scenario_sha256"]


def test_dataset_equals_raw_reads(claims_h5: Path) -> None:
    with depinsim.open(claims_h5) as r, h5py.File(claims_h5) as f:
        ds = r.dataset()
        assert list(ds["variant"].values) == ["base", "bear_2022", "vs_spot", "usd_price_list"]
        assert ds.sizes == {"variant": 4, "time": f["time_days"].shape[0], "level": 5}
        np.testing.assert_array_equal(ds["time"].values, f["time_days"][()])
        assert ds["time"].attrs["units"] == "days"
        np.testing.assert_array_equal(ds["level"].values, [0.05, 0.25, 0.5, 0.75, 0.95])
        n = 0
        for v in r.variants:
            for m in f[f"variants/{v}/quantiles"]:
                q = f[f"variants/{v}/quantiles/{m}"]
                np.testing.assert_array_equal(ds[m].sel(variant=v).values, q[()])
                np.testing.assert_array_equal(
                    ds[f"{m}_mean"].sel(variant=v).values, f[f"variants/{v}/mean/{m}"][()]
                )
                assert ds[m].attrs["units"] == q.attrs["units"]  # str: variable-length UTF-8
                np.testing.assert_array_equal(ds[m].attrs["levels"], q.attrs["levels"])
                n += 1
        assert n == 4 * len(r.metrics) and len(r.metrics) >= 29
        assert int(ds["paths"].sel(variant="base")) == 16
        assert "token.start=bear" in str(ds["overrides"].sel(variant="bear_2022").values)
        assert ds.attrs["scenario_name"] == "claim-60pct-of-cloud"


def test_finals_reproduce_last_quantiles(claims_h5: Path) -> None:
    """Quantiles of the final values, computed as sim/stats.c does, equal the
    quantile dataset's last record bit for bit; numpy's own type-7 quantile
    agrees to rounding (it interpolates from the upper neighbour above 0.5)."""
    with depinsim.open(claims_h5) as r:
        ds = r.dataset()
        fin = r.finals()
        levels = ds["level"].values
        checked = 0
        for (v, m), g in fin.groupby(["variant", "metric"], sort=False):
            stored = ds[m].sel(variant=v).isel(time=-1).values
            mine = np.array([quantile(g["value"], lv) for lv in levels])
            np.testing.assert_array_equal(mine, stored, err_msg=f"{v}/{m}")
            x = g["value"].to_numpy()
            x = x[np.isfinite(x)]
            if x.size:
                np.testing.assert_allclose(np.quantile(x, levels), stored, rtol=1e-12, atol=0)
            checked += 1
        assert checked == len(r.variants) * len(r.metrics)
        # the median column of compare/info: summary/<metric>_final_median
        summ = r.summary()
        for v in r.variants:
            assert (
                summ.loc[v, "token_price_final_median"]
                == ds["token_price"].sel(variant=v, level=0.5).values[-1]
            )


def test_finals_frame_equals_raw(claims_h5: Path) -> None:
    with depinsim.open(claims_h5) as r, h5py.File(claims_h5) as f:
        fin = r.finals()
        assert list(fin.columns) == ["variant", "path", "metric", "value", "unit"]
        assert len(fin) == 4 * 16 * len(r.metrics)
        for v in r.variants:
            for m in ("token_price", "capacity", "subsidy_adjusted_ratio"):
                d = f[f"variants/{v}/final/{m}"]
                rows = fin[(fin["variant"] == v) & (fin["metric"] == m)]
                np.testing.assert_array_equal(rows["value"].to_numpy(), d[()])
                np.testing.assert_array_equal(rows["path"].to_numpy(), np.arange(16))
                assert set(rows["unit"]) == {d.attrs["units"]}
        sub = r.finals(metrics="token_price", variants=["vs_spot"])
        assert len(sub) == 16 and set(sub["variant"]) == {"vs_spot"}
        with pytest.raises(KeyError):
            r.finals(metrics=["no_such_metric"])


def test_paths_agree_with_quantiles_and_finals(small_paths_h5: Path) -> None:
    """Whole paths: the last record is the final value; each record's
    quantiles recomputed from the paths equal the stored ones exactly, and
    the means to rounding (the C sums in path order; numpy's sum is
    pairwise, so 1e-12 relative)."""
    with depinsim.open(small_paths_h5) as r:
        assert r.has_paths
        ds = r.dataset()
        p = r.paths()
        assert list(p.columns) == ["variant", "path", "metric", "time", "value", "unit"]
        assert len(p) == 6 * r.records * len(r.metrics)
        for m in r.metrics:
            arr = r.path_array(m, "base")  # [paths × records]
            assert arr.shape == (6, r.records)
            rows = p[p["metric"] == m]
            np.testing.assert_array_equal(rows["value"].to_numpy(), arr.ravel())
            np.testing.assert_array_equal(arr[:, -1], r.final(m, "base").to_numpy())
            for t in range(r.records):
                col = arr[:, t]
                want = ds[m].sel(variant="base").values[t]
                np.testing.assert_array_equal([quantile(col, lv) for lv in r.levels], want)
                fin = col[np.isfinite(col)]
                if fin.size:
                    np.testing.assert_allclose(
                        fin.mean(), ds[f"{m}_mean"].sel(variant="base").values[t], rtol=1e-12
                    )
        first = p[(p["path"] == 2) & (p["metric"] == "token_price")]
        np.testing.assert_array_equal(first["time"].to_numpy(), r.time)


def test_no_paths_is_a_clear_error(small_h5: Path) -> None:
    with depinsim.open(small_h5) as r:
        assert not r.has_paths
        with pytest.raises(LookupError, match="keep_paths"):
            r.paths()


def test_units(small_h5: Path, small_paths_h5: Path) -> None:
    with depinsim.open(small_h5) as r:
        assert r.units["token_price"] == "USD/token"
        assert r.units["capacity"] == "heq-h/day online"
        assert r.units["active_providers"] == "providers"
        assert r.units["death_spiral"] == "1 if the path spiralled, else 0"
        assert r.dataset()["capacity"].attrs["units"] == "heq-h/day online"
    # run.unit_name renames the capacity unit in every units attribute
    with depinsim.open(small_paths_h5) as r:
        assert r.unit_name == "PiB-day"
        assert r.units["capacity"] == "PiB-day/day online"
        assert not any("heq-h" in u for u in r.units.values())
        assert r.dataset()["capacity"].attrs["units"] == "PiB-day/day online"
        fin = r.finals(metrics=["capacity", "token_price"])
        assert set(fin.loc[fin["metric"] == "capacity", "unit"]) == {"PiB-day/day online"}
        assert set(fin.loc[fin["metric"] == "token_price", "unit"]) == {"USD/token"}
        assert set(r.paths(metrics=["capacity"])["unit"]) == {"PiB-day/day online"}


def test_claims_probability_and_wilson(claims_h5: Path) -> None:
    z = 1.959963984540054
    with depinsim.open(claims_h5) as r, h5py.File(claims_h5) as f:
        c = r.claims()
        assert len(c) == 4 * 3
        assert list(c["claim"][:3]) == ["price_le_60pct", "subsidy_adj_le_60pct", "subsidy_adj_le_60pct_end"]
        assert list(c["when"][:3]) == ["always", "window_mean", "end"]
        for row in c.itertuples():
            per_path = f[f"variants/{row.variant}/claims/{row.claim}/per_path"][()]
            assert row.paths == 16 == per_path.size
            assert row.holds == int(per_path.sum()) and row.fails == 16 - row.holds
            assert row.probability == row.holds / row.paths
            # the Wilson score interval by hand
            n, p = row.paths, row.holds / row.paths
            centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
            lo = 0.0 if row.holds == 0 else centre - half
            hi = 1.0 if row.holds == n else centre + half
            assert row.wilson_lo == pytest.approx(lo, abs=1e-12)
            assert row.wilson_hi == pytest.approx(hi, abs=1e-12)
            assert (row.wilson_lo, row.wilson_hi) == pytest.approx(
                depinsim.wilson_interval(row.holds, n), abs=1e-15
            )
        w = c[c["when"] == "window_mean"].iloc[0]
        assert (w["window_start_day"], w["window_end_day"]) == (730.0, 1095.0)
        assert np.isnan(c[c["when"] == "end"].iloc[0]["window_start_day"])
        # per-path verdicts add up to the counts
        verdicts = r.claim_verdicts()
        counts = verdicts.groupby(["variant", "claim"], sort=False)["holds"].sum()
        for row in c.itertuples():
            assert counts[(row.variant, row.claim)] == row.holds


def test_outcomes(claims_h5: Path) -> None:
    with depinsim.open(claims_h5) as r:
        o = r.outcomes()
        assert list(o.columns) == ["variant", "path", "outcome", "value", "unit"]
        assert set(o["outcome"]) == {
            "death_spiral",
            "max_drawdown",
            "min_active_providers",
            "prospects_exhausted",
            "slots_short",
            "sustainability_day",
        }
        summ = r.summary()
        for v in r.variants:
            ds = o[(o["variant"] == v) & (o["outcome"] == "death_spiral")]["value"].to_numpy()
            assert set(np.unique(ds)) <= {0.0, 1.0}
            assert summ.loc[v, "death_spiral_probability"] == ds.sum() / ds.size
            lo, hi = depinsim.wilson_interval(int(ds.sum()), ds.size)
            assert summ.loc[v, "death_spiral_wilson_lo"] == pytest.approx(lo, abs=1e-15)
            assert summ.loc[v, "death_spiral_wilson_hi"] == pytest.approx(hi, abs=1e-15)
            # no prospect pool in this file: never exhausted, never short
            for name in ("prospects_exhausted", "slots_short"):
                flags = o[(o["variant"] == v) & (o["outcome"] == name)]["value"].to_numpy()
                assert flags.size == ds.size and not flags.any()
            dd = o[(o["variant"] == v) & (o["outcome"] == "max_drawdown")]["value"]
            assert summ.loc[v, "max_drawdown_median"] == quantile(dd, 0.5)


def test_left_out_paths_keep_their_numbers(invalid_h5: Path, small_paths_h5: Path) -> None:
    """Paths made invalid by huge token jumps are left out; the rest keep
    their original numbers. Addressable demand does not depend on the token,
    so each kept path must equal the same-numbered path of the run without
    jumps — a row-for-row reading would pair path 4 with path 3."""
    with depinsim.open(invalid_h5) as r, h5py.File(invalid_h5) as f:
        idx = r.path_index("base")
        np.testing.assert_array_equal(idx, f["variants/base/path_index"][()])
        summ = r.summary().loc["base"]
        assert 0 < summ["paths_invalid"] < 6 and summ["paths_run"] == 6
        assert idx.size == summ["paths"] == r.variant_paths("base") == 6 - summ["paths_invalid"]
        assert list(idx) == sorted(set(idx)) and set(idx) < set(range(6))
        assert not np.array_equal(idx, np.arange(idx.size))  # a gap: the test below can tell rows from paths
        fin = r.finals(metrics=["demand_addressable"])
        np.testing.assert_array_equal(fin["path"].to_numpy(), idx)
        assert set(r.paths(metrics=["token_price"])["path"]) == set(idx)
        assert set(r.outcomes()["path"]) == set(idx)
        with depinsim.open(small_paths_h5) as full:
            assert full.path_index("base").tolist() == list(range(6))
            want = full.final("demand_addressable", "base")
            assert want.nunique() == 6  # paths differ, so a shifted row would show
            got = r.final("demand_addressable", "base")
            np.testing.assert_array_equal(got.to_numpy(), want.loc[idx].to_numpy())
            np.testing.assert_array_equal(
                r.path_array("demand_addressable", "base"), full.path_array("demand_addressable", "base")[idx]
            )


def test_not_a_results_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        depinsim.open(tmp_path / "missing.h5")
    junk = tmp_path / "junk.h5"
    junk.write_bytes(b"not hdf5 at all\n")
    with pytest.raises(depinsim.FormatError, match="not an HDF5 file"):
        depinsim.open(junk)
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f.attrs["format"] = "something-else"
    with pytest.raises(depinsim.FormatError, match="not a depinsim results file"):
        depinsim.open(other)


def test_unknown_variant(small_h5: Path) -> None:
    with depinsim.open(small_h5) as r:
        with pytest.raises(KeyError, match="no variant 'nope'"):
            r.final("token_price", "nope")
        assert r.overrides("base") == {}
