"""_results.py — one depinsim results file (DESIGN.md §5) opened for analysis:
quantiles and means as an xarray Dataset; final values, whole paths, outcomes
and claims as tidy pandas frames; the scenario, the provenance, and paired
differences between variants. Reads only; the file is what `depinsim run`
wrote, and nothing here recomputes what the file states except to check it.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import h5py
import numpy as np
import numpy.typing as npt
import pandas as pd
import xarray as xr
import yaml

from ._attrs import AttrValue, attr_float, attr_str, decode, decode_all
from ._stats import (
    median_difference_bootstrap,
    median_interval_bootstrap,
    median_interval_order,
    quantile,
    wilson_interval,
)

FORMAT_PREFIX = "depinsim-results-"

PathLike = Union[str, "os.PathLike[str]"]


class FormatError(ValueError):
    """The file is not a depinsim results file, or it is damaged."""


@dataclass(frozen=True)
class PairedDifference:
    """``a − b`` of one metric between two variants, path by path. Variants of
    one run share their random numbers (common random numbers: path i of
    every variant sees the same demand, market and provider draws), so the
    per-path difference carries the design's effect without most of the
    path-to-path noise, and its interval is narrower than that of the
    difference of two medians taken apart (``unpaired_*``)."""

    metric: str
    a: str
    b: str
    unit: str
    day: float  # the record the values are from (the horizon for final values and outcomes)
    differences: (
        pd.DataFrame
    )  # columns path, a, b, difference (= a − b); pairs with a non-finite value left out
    n: int  # pairs used
    dropped: int  # pairs left out: a value not finite on either side
    median: float  # median of the differences
    lo: float  # its interval
    hi: float
    method: str  # "order" (order statistics) or "bootstrap" (percentile bootstrap)
    confidence: float  # nominal level of [lo, hi]
    coverage: float  # exact coverage of an order-statistic interval (≥ confidence); NaN for the bootstrap
    greater: int  # pairs with a > b
    ties: int  # pairs with a == b
    p_greater: float  # P(a > b) = greater / n
    p_greater_lo: float  # its 95% Wilson interval
    p_greater_hi: float
    unpaired_median: float  # median(a) − median(b) over the same paths
    unpaired_lo: float  # bootstrap interval resampling a and b independently
    unpaired_hi: float

    @property
    def width(self) -> float:
        return self.hi - self.lo

    @property
    def unpaired_width(self) -> float:
        return self.unpaired_hi - self.unpaired_lo

    def __str__(self) -> str:
        return (
            f"{self.metric} {self.a} − {self.b}: median {self.median:.4g} "
            f"[{self.lo:.4g}, {self.hi:.4g}] {self.unit} over {self.n} paired paths "
            f"(unpaired {self.unpaired_median:.4g} [{self.unpaired_lo:.4g}, {self.unpaired_hi:.4g}]); "
            f"P({self.a} > {self.b}) = {self.p_greater:.3f} "
            f"[{self.p_greater_lo:.3f}, {self.p_greater_hi:.3f}]"
        )


def open(path: PathLike) -> Results:  # shadows the builtin on purpose: depinsim.open
    """Open a results file written by ``depinsim run``."""
    return Results(path)


class Results:
    """A results file, open for reading. Use as a context manager or call
    :meth:`close`; the file stays open (a consistent snapshot) until then."""

    def __init__(self, path: PathLike) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such file")
        try:
            self._file = h5py.File(self.path, "r")
        except OSError as e:
            raise FormatError(f"{self.path}: not an HDF5 file ({e})") from e
        try:
            self._load_header()
        except Exception:
            self._file.close()
            raise
        self._dataset: Optional[xr.Dataset] = None
        self._scenario: Optional[Dict[str, Any]] = None

    def _load_header(self) -> None:
        f = self._file
        fmt = attr_str(f.attrs, "format")
        if not fmt.startswith(FORMAT_PREFIX):
            raise FormatError(f"{self.path}: not a depinsim results file (no 'format' attribute)")
        if "variants" not in f or "time_days" not in f:
            raise FormatError(f"{self.path}: damaged: no /variants or /time_days")
        self.provenance: Dict[str, AttrValue] = decode_all(f.attrs)
        """Every attribute of the file's root, decoded (str, int, float)."""
        self.time: npt.NDArray[np.float64] = np.asarray(f["time_days"][()], dtype=np.float64)
        """Day of each record [records]."""
        self.variants: Tuple[str, ...] = tuple(str(v) for v in f["variants"])
        """Variant names in the scenario's order (base first)."""
        metrics: Dict[str, str] = {}
        outcomes: Dict[str, str] = {}
        for v in self.variants:
            g = self._group(v)
            for sub, into in (("quantiles", metrics), ("final", metrics), ("outcomes", outcomes)):
                if sub in g:
                    for name in g[sub]:
                        if name not in into:
                            into[name] = attr_str(g[sub][name].attrs, "units")
        self.units: Dict[str, str] = {**metrics, **outcomes}
        """Unit of every metric and outcome, from the datasets' units attributes."""
        self.metrics: Tuple[str, ...] = tuple(metrics)
        self.outcome_names: Tuple[str, ...] = tuple(outcomes)

    # -- the file and its header ------------------------------------------

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Results":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        part = "" if self.complete else ", partial"
        return (
            f"<depinsim.Results {str(self.path)!r}: {self.scenario_name}, "
            f"{len(self.variants)} variant(s), {self.provenance.get('paths')} paths, "
            f"{self.records} records{part}>"
        )

    @property
    def scenario_name(self) -> str:
        return str(self.provenance.get("scenario_name", ""))

    @property
    def scenario_text(self) -> str:
        """The scenario file's full text, as the run read it."""
        return str(self.provenance.get("scenario_yaml", ""))

    @property
    def scenario(self) -> Dict[str, Any]:
        """The scenario parsed with PyYAML (command-line ``--set`` overrides
        are not in it; each variant's are in :meth:`overrides`)."""
        if self._scenario is None:
            parsed = yaml.safe_load(self.scenario_text)
            self._scenario = parsed if isinstance(parsed, dict) else {}
        return self._scenario

    @property
    def complete(self) -> bool:
        """False for a ``--partial`` file of an interrupted run."""
        return int(self.provenance.get("complete", 1)) != 0  # type: ignore[arg-type]

    @property
    def unit_name(self) -> str:
        """The capacity unit (``heq-h``, or what ``run.unit_name`` set)."""
        return str(self.provenance.get("unit_name", "heq-h"))

    @property
    def records(self) -> int:
        return int(self.time.size)

    @property
    def horizon_days(self) -> float:
        return float(self.time[-1])

    @property
    def levels(self) -> npt.NDArray[np.float64]:
        """Quantile levels of the quantile datasets (0.05 0.25 0.5 0.75 0.95)."""
        for v in self.variants:
            g = self._group(v)
            if "quantiles" in g:
                for name in g["quantiles"]:
                    return np.asarray(g["quantiles"][name].attrs["levels"], dtype=np.float64)
        raise FormatError(f"{self.path}: no quantile datasets")

    @property
    def has_paths(self) -> bool:
        """Whether the run kept whole paths (``run.keep_paths: true``)."""
        return any("paths" in self._group(v) for v in self.variants)

    def overrides(self, variant: str) -> Dict[str, str]:
        """A variant's overrides of the base scenario, key → value text."""
        text = attr_str(self._group(variant).attrs, "overrides")
        out: Dict[str, str] = {}
        for line in text.splitlines():
            if "=" in line:
                k, _, val = line.partition("=")
                out[k] = val
        return out

    def variant_paths(self, variant: str) -> int:
        """Paths written for a variant (fewer than run when some were left out)."""
        g = self._group(variant)
        if "paths" in g.attrs:
            return int(decode(g.attrs["paths"]))  # type: ignore[arg-type]
        return int(g["final"][next(iter(g["final"]))].shape[0])

    def path_index(self, variant: str) -> npt.NDArray[np.int64]:
        """The original path number of each row of a variant's per-path
        datasets: 0 … paths−1 unless paths were left out (``run.on_invalid:
        flag``, or an interrupted ``--partial`` run), when the file says."""
        g = self._group(variant)
        if "path_index" in g:
            idx = np.asarray(g["path_index"][()], dtype=np.int64)
        else:
            idx = np.arange(self.variant_paths(variant), dtype=np.int64)
        if idx.size != self.variant_paths(variant):
            raise FormatError(
                f"{self.path}: {variant}: path_index has {idx.size} rows, not {self.variant_paths(variant)}"
            )
        return idx

    # -- quantiles and means ------------------------------------------------

    def dataset(self) -> xr.Dataset:
        """Quantiles and means over paths as an ``xarray.Dataset``: for each
        metric a variable ``<metric>`` [variant × time × level] (quantiles) and
        ``<metric>_mean`` [variant × time], with ``units`` and the quantile
        ``levels`` as attributes; coordinates variant, time (days) and level,
        and per variant its paths and overrides; the provenance as the
        Dataset's attributes. NaN where a variant lacks a metric."""
        if self._dataset is not None:
            return self._dataset
        levels = self.levels
        V, R, Q = len(self.variants), self.records, levels.size
        data_vars: Dict[str, Any] = {}
        for m in self.metrics:
            q = np.full((V, R, Q), np.nan)
            mean = np.full((V, R), np.nan)
            for i, v in enumerate(self.variants):
                g = self._group(v)
                if "quantiles" in g and m in g["quantiles"]:
                    d = g["quantiles"][m]
                    if d.shape != (R, Q):
                        raise FormatError(f"{self.path}: {v}/quantiles/{m} has shape {d.shape}, not {(R, Q)}")
                    if not np.array_equal(np.asarray(d.attrs["levels"], dtype=np.float64), levels):
                        raise FormatError(f"{self.path}: {v}/quantiles/{m}: quantile levels differ")
                    q[i] = d[()]
                if "mean" in g and m in g["mean"]:
                    d = g["mean"][m]
                    if d.shape != (R,):
                        raise FormatError(f"{self.path}: {v}/mean/{m} has shape {d.shape}, not {(R,)}")
                    mean[i] = d[()]
            unit = self.units.get(m, "")
            data_vars[m] = (
                ("variant", "time", "level"),
                q,
                {"units": unit, "levels": levels, "long_name": f"{m}: quantiles over paths"},
            )
            data_vars[f"{m}_mean"] = (
                ("variant", "time"),
                mean,
                {"units": unit, "long_name": f"{m}: mean over paths"},
            )
        coords = {
            "variant": ("variant", list(self.variants)),
            "time": ("time", self.time, {"units": "days", "long_name": "day of the record"}),
            "level": ("level", levels, {"long_name": "quantile level"}),
            "paths": ("variant", [self.variant_paths(v) for v in self.variants]),
            "overrides": ("variant", [attr_str(self._group(v).attrs, "overrides") for v in self.variants]),
        }
        ds = xr.Dataset(data_vars, coords=coords)
        ds.attrs.update(self.provenance)
        self._dataset = ds
        return ds

    # -- per-path values ------------------------------------------------------

    def finals(
        self, metrics: Optional[Iterable[str]] = None, variants: Optional[Iterable[str]] = None
    ) -> pd.DataFrame:
        """Every path's value at the last record, tidy: columns variant, path
        (the original path number), metric, value, unit."""
        rows = []
        for v in self._pick_variants(variants):
            idx = self.path_index(v)
            for m in self._pick(metrics, self.metrics, "metric"):
                vals = self._per_path(v, "final", m)
                if vals is not None:
                    rows.append(_tidy(v, idx, "metric", m, vals, self.units.get(m, "")))
        return _concat(rows, ["variant", "path", "metric", "value", "unit"])

    def outcomes(self, variants: Optional[Iterable[str]] = None) -> pd.DataFrame:
        """Per-path outcomes (death_spiral, max_drawdown, min_active_providers,
        sustainability_day — NaN: never), tidy: columns variant, path,
        outcome, value, unit."""
        rows = []
        for v in self._pick_variants(variants):
            idx = self.path_index(v)
            for o in self.outcome_names:
                vals = self._per_path(v, "outcomes", o)
                if vals is not None:
                    rows.append(_tidy(v, idx, "outcome", o, vals, self.units.get(o, "")))
        return _concat(rows, ["variant", "path", "outcome", "value", "unit"])

    def paths(
        self, metrics: Optional[Iterable[str]] = None, variants: Optional[Iterable[str]] = None
    ) -> pd.DataFrame:
        """Every kept path record (``run.keep_paths: true``), tidy: columns
        variant, path, metric, time (days), value, unit. Raises LookupError
        when the run did not keep paths."""
        if not self.has_paths:
            raise LookupError(f"{self.path}: no paths/ (run with --set run.keep_paths=true)")
        rows = []
        R = self.records
        for v in self._pick_variants(variants):
            g = self._group(v)
            if "paths" not in g:
                continue
            idx = self.path_index(v)
            for m in self._pick(metrics, self.metrics, "metric"):
                if m not in g["paths"]:
                    continue
                d = g["paths"][m]
                if d.shape != (idx.size, R):
                    raise FormatError(f"{self.path}: {v}/paths/{m} has shape {d.shape}, not {(idx.size, R)}")
                vals = np.asarray(d[()], dtype=np.float64)
                rows.append(
                    pd.DataFrame(
                        {
                            "variant": v,
                            "path": np.repeat(idx, R),
                            "metric": m,
                            "time": np.tile(self.time, idx.size),
                            "value": vals.ravel(),
                            "unit": self.units.get(m, ""),
                        }
                    )
                )
        return _concat(rows, ["variant", "path", "metric", "time", "value", "unit"])

    def path_array(self, metric: str, variant: str) -> npt.NDArray[np.float64]:
        """One metric's kept paths of one variant, raw: [paths × records]."""
        g = self._group(variant)
        if "paths" not in g or metric not in g["paths"]:
            raise LookupError(f"{self.path}: {variant} has no paths/{metric} (run.keep_paths)")
        return np.asarray(g["paths"][metric][()], dtype=np.float64)

    def final(self, metric: str, variant: str) -> pd.Series:
        """One metric's final values (or one outcome) of one variant, indexed
        by original path number."""
        for group in ("final", "outcomes"):
            vals = self._per_path(variant, group, metric)
            if vals is not None:
                return pd.Series(vals, index=pd.Index(self.path_index(variant), name="path"), name=metric)
        raise KeyError(f"{self.path}: {variant} has no final value or outcome {metric!r}")

    # -- claims and summaries -------------------------------------------------

    def claims(self) -> pd.DataFrame:
        """One row per variant and claim: the statement (text, metric, op,
        threshold, when, window), the per-path verdict counts (paths, holds,
        fails, from per_path) and the probability with its 95% Wilson
        interval as the run reported them."""
        rows: List[Dict[str, Any]] = []
        for v in self.variants:
            g = self._group(v)
            if "claims" not in g:
                continue
            for name in g["claims"]:
                c = g["claims"][name]
                a = c.attrs
                if "per_path" in c:
                    verdict = np.asarray(c["per_path"][()])
                    paths, holds = int(verdict.size), int(np.count_nonzero(verdict))
                    if "holds" in a and int(decode(a["holds"])) != holds:  # type: ignore[arg-type]
                        raise FormatError(
                            f"{self.path}: {v}/claims/{name}: holds attribute disagrees with per_path"
                        )
                else:
                    paths, holds = int(attr_float(a, "paths")), int(attr_float(a, "holds"))
                rows.append(
                    {
                        "variant": v,
                        "claim": str(name),
                        "text": attr_str(a, "text"),
                        "metric": attr_str(a, "metric"),
                        "op": attr_str(a, "op"),
                        "threshold": attr_float(a, "threshold"),
                        "when": attr_str(a, "when"),
                        "window_start_day": attr_float(a, "window_start_day"),
                        "window_end_day": attr_float(a, "window_end_day"),
                        "paths": paths,
                        "holds": holds,
                        "fails": paths - holds,
                        "probability": attr_float(a, "probability"),
                        "wilson_lo": attr_float(a, "wilson_lo"),
                        "wilson_hi": attr_float(a, "wilson_hi"),
                    }
                )
        cols = [
            "variant", "claim", "text", "metric", "op", "threshold", "when", "window_start_day",
            "window_end_day", "paths", "holds", "fails", "probability", "wilson_lo", "wilson_hi",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=cols)

    def claim_verdicts(self) -> pd.DataFrame:
        """Each claim's verdict on each path, tidy: columns variant, path,
        claim, holds (bool) — to cross claims with outcomes or final values."""
        rows = []
        for v in self.variants:
            g = self._group(v)
            if "claims" not in g:
                continue
            idx = self.path_index(v)
            for name in g["claims"]:
                c = g["claims"][name]
                if "per_path" not in c:
                    continue
                verdict = np.asarray(c["per_path"][()]) != 0
                rows.append(pd.DataFrame({"variant": v, "path": idx, "claim": str(name), "holds": verdict}))
        return _concat(rows, ["variant", "path", "claim", "holds"])

    def summary(self) -> pd.DataFrame:
        """Each variant's summary/ attributes (final medians and 5–95% bands,
        death-spiral probability and interval, sustainability), one row per
        variant."""
        rows = {}
        for v in self.variants:
            g = self._group(v)
            rows[v] = decode_all(g["summary"].attrs) if "summary" in g else {}
        df = pd.DataFrame.from_dict(rows, orient="index")
        df.index.name = "variant"
        return df

    # -- paired differences ------------------------------------------------

    def paired(
        self,
        metric: str,
        a: str,
        b: str,
        *,
        day: Optional[float] = None,
        method: str = "order",
        confidence: float = 0.95,
        resamples: int = 4000,
        seed: int = 0,
    ) -> PairedDifference:
        """``a − b`` path by path for one metric (its final value, an outcome,
        or with ``day`` its value at that record, from kept paths), paired on
        the original path number: the median difference with an interval
        (``method="order"``: distribution-free, from order statistics;
        ``"bootstrap"``: percentile bootstrap), P(a > b) with its Wilson
        interval, and the unpaired difference of medians for comparison."""
        if method not in ("order", "bootstrap"):
            raise ValueError(f"method must be 'order' or 'bootstrap', not {method!r}")
        sa, sb = self._values_at(metric, a, day), self._values_at(metric, b, day)
        both = pd.concat([sa.rename("a"), sb.rename("b")], axis=1, join="inner").sort_index()
        both["difference"] = both["a"] - both["b"]
        ok = np.isfinite(both["a"].to_numpy()) & np.isfinite(both["b"].to_numpy())
        dropped = int((~ok).sum())
        both = both[ok].reset_index()
        d = both["difference"].to_numpy(dtype=np.float64)
        va, vb = both["a"].to_numpy(dtype=np.float64), both["b"].to_numpy(dtype=np.float64)
        n = int(d.size)
        if method == "order":
            lo, hi, coverage = median_interval_order(d, confidence)
        else:
            lo, hi = median_interval_bootstrap(d, confidence, resamples, seed)
            coverage = math.nan
        greater, ties = int((d > 0).sum()), int((d == 0).sum())
        p_lo, p_hi = wilson_interval(greater, n)
        u_lo, u_hi = median_difference_bootstrap(va, vb, confidence, resamples, seed)
        return PairedDifference(
            metric=metric,
            a=a,
            b=b,
            unit=self.units.get(metric, ""),
            day=self.horizon_days if day is None else float(day),
            differences=both[["path", "a", "b", "difference"]],
            n=n,
            dropped=dropped,
            median=quantile(d, 0.5),
            lo=lo,
            hi=hi,
            method=method,
            confidence=confidence,
            coverage=coverage,
            greater=greater,
            ties=ties,
            p_greater=greater / n if n else math.nan,
            p_greater_lo=p_lo,
            p_greater_hi=p_hi,
            unpaired_median=quantile(va, 0.5) - quantile(vb, 0.5),
            unpaired_lo=u_lo,
            unpaired_hi=u_hi,
        )

    # -- internals -------------------------------------------------------

    def _group(self, variant: str) -> h5py.Group:
        try:
            return self._file["variants"][variant]
        except KeyError:
            raise KeyError(
                f"{self.path}: no variant {variant!r} (variants: {', '.join(self.variants)})"
            ) from None

    def _pick_variants(self, variants: Optional[Iterable[str]]) -> Sequence[str]:
        return self._pick(variants, self.variants, "variant")

    @staticmethod
    def _pick(chosen: Optional[Iterable[str]], known: Sequence[str], what: str) -> Sequence[str]:
        if chosen is None:
            return known
        if isinstance(chosen, str):
            chosen = [chosen]
        out = list(chosen)
        unknown = [c for c in out if c not in known]
        if unknown:
            raise KeyError(f"unknown {what}(s) {', '.join(unknown)}")
        return out

    def _per_path(self, variant: str, group: str, name: str) -> Optional[npt.NDArray[np.float64]]:
        g = self._group(variant)
        if group not in g or name not in g[group]:
            return None
        vals = np.asarray(g[group][name][()], dtype=np.float64)
        if vals.shape != (self.variant_paths(variant),):
            raise FormatError(f"{self.path}: {variant}/{group}/{name} has shape {vals.shape}")
        return vals

    def _values_at(self, metric: str, variant: str, day: Optional[float]) -> pd.Series:
        if day is None:
            return self.final(metric, variant)
        hits = np.flatnonzero(np.isclose(self.time, day, rtol=0.0, atol=1e-9))
        if hits.size == 0:
            days = ", ".join(f"{t:g}" for t in self.time[:3])
            raise ValueError(f"{self.path}: no record at day {day} (records at days {days}, …)")
        rows = self.path_array(metric, variant)[:, hits[0]]
        return pd.Series(rows, index=pd.Index(self.path_index(variant), name="path"), name=metric)


def _tidy(
    variant: str, idx: npt.NDArray[np.int64], column: str, name: str, vals: npt.NDArray[np.float64], unit: str
) -> pd.DataFrame:
    return pd.DataFrame({"variant": variant, "path": idx, column: name, "value": vals, "unit": unit})


def _concat(frames: List[pd.DataFrame], columns: List[str]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame({c: [] for c in columns})
    return pd.concat(frames, ignore_index=True)[columns]
