#!/usr/bin/env python3
"""dashboard_numbers.py — the numbers `depinsim compare` prints (the README's
demo table: final medians with their 5–95% band, the death-spiral and claim
probabilities with 95% Wilson intervals, the median sustainability day),
read from a results file with the depinsim package, and one fan chart of a
metric over time saved as a PNG with matplotlib.

    make demo        # writes results/default.h5
    python python/examples/dashboard_numbers.py [results/default.h5]
        [--metric token_price] [--variant base] [--png FILE]

matplotlib is the package's optional 'examples' extra; without it the
numbers are printed and the figure is skipped.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import List, Optional

import depinsim

# the columns of `depinsim compare`
COMPARE_METRICS = ["token_price", "active_providers", "price_ratio", "subsidy_adjusted_ratio"]
DASH = "\u2014"  # a value the file does not have


def fmt_num(x: float) -> str:
    """A number as `depinsim compare` prints it: 4 significant digits, with
    k/M/G/T/P instead of an exponent from 10^4 up (sim/io/results_format.c, results_fmt_num)."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    ax = abs(x)
    if ax < 1e4:
        return "%.4g" % x
    k, y = 0, x
    while ax >= 999.95 and k < 5:
        ax /= 1000.0
        y /= 1000.0
        k += 1
    if ax >= 999.95:
        return "%.4g" % x
    return "%.4g%s" % (y, "kMGTP"[k - 1])


def fmt_prob(p: float, lo: float, hi: float) -> str:
    if math.isnan(p):
        return DASH
    if math.isnan(lo) or math.isnan(hi):
        return "%.3f" % p
    return "%.3f [%.2f, %.2f]" % (p, lo, hi)


def compare_table(r: depinsim.Results) -> List[List[str]]:
    """Header row and one row per variant, cells as `depinsim compare` has them."""
    last = r.dataset().isel(time=-1)
    summary = r.summary().to_dict(orient="index")  # variant → {attribute: value}
    claims = r.claims()
    claim_names = list(dict.fromkeys(claims["claim"]))  # first appearance order
    rows = [["variant", *COMPARE_METRICS, "death_spiral", *claim_names, "sustainability_day"]]
    for v in r.variants:
        row = [v]
        for m in COMPARE_METRICS:
            if m not in last:
                row.append(DASH)
                continue
            q = last[m].sel(variant=v)
            med, lo, hi = (float(q.sel(level=lv)) for lv in (0.5, 0.05, 0.95))
            row.append(f"{fmt_num(med)} [{fmt_num(lo)}, {fmt_num(hi)}]")
        s = summary[v]
        spiral = [
            float(s.get(k, math.nan))
            for k in ("death_spiral_probability", "death_spiral_wilson_lo", "death_spiral_wilson_hi")
        ]
        has_outcomes = not math.isnan(spiral[0])  # files without per-path outcomes have a dash here
        row.append(fmt_prob(*spiral))
        for c in claim_names:
            hit = claims[(claims["variant"] == v) & (claims["claim"] == c)]
            row.append(
                DASH if hit.empty else fmt_prob(*hit[["probability", "wilson_lo", "wilson_hi"]].iloc[0])
            )
        day = float(s.get("sustainability_day_median", math.nan))
        row.append(DASH if not has_outcomes else "never" if math.isnan(day) else fmt_num(day))
        rows.append(row)
    return rows


def print_table(r: depinsim.Results, rows: List[List[str]]) -> None:
    part = ""
    if not r.complete:
        done, asked = r.variant_paths(r.variants[0]), r.provenance.get("paths_requested")
        part = f" (partial: {done} of {asked} paths, an interrupted run)"
    days = r.horizon_days
    print(
        f"{r.scenario_name or r.path}: {r.provenance['paths']} paths{part}, "
        f"final values at day {days:.6g} ({days / 365:.2f} years)"
    )
    print("median [5%, 95%] over paths; probabilities: P [95% Wilson interval]\n")
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths)) + "  " + row[-1])
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print()
    for m in COMPARE_METRICS:
        print(f"  {m}: {r.units.get(m, '(not in this file)')}")
    print("  death_spiral: probability that a path spirals, [95% Wilson interval]")
    claims = r.claims().drop_duplicates("claim")
    for name, text in zip(claims["claim"], claims["text"]):
        print(f'  {name}: probability that "{text or name}" holds, [95% Wilson interval]')
    print(
        "  sustainability_day: median day from which fees cover the USD value of emissions"
        " (never: most paths never get there)"
    )


def fan_chart(r: depinsim.Results, metric: str, variant: str, png: Path) -> bool:
    """One variant's fan chart of a metric: the median with its 25–75% and
    5–95% bands over time, and the other variants' medians as dashed lines
    (on common random numbers their bands would mostly overlap). False when
    matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    da = r.dataset()[metric]
    years = da["time"].values / 365.0
    q = da.sel(variant=variant)
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    ax.fill_between(years, q.sel(level=0.05), q.sel(level=0.95), color="C0", alpha=0.15, lw=0, label="5–95%")
    ax.fill_between(years, q.sel(level=0.25), q.sel(level=0.75), color="C0", alpha=0.35, lw=0, label="25–75%")
    ax.plot(years, q.sel(level=0.5), color="C0", lw=1.8, label=f"{variant}: median")
    others = [v for v in r.variants if v != variant]
    for i, v in enumerate(others):
        ax.plot(
            years, da.sel(variant=v, level=0.5), color=f"C{1 + i % 9}", lw=1.2, ls="--", label=f"{v}: median"
        )
    lo, hi = float(q.sel(level=0.05).min()), float(q.sel(level=0.95).max())
    if lo > 0 and hi / lo > 50:
        ax.set_yscale("log")
    ax.set_xlabel("years")
    ax.set_ylabel(f"{metric} ({da.attrs['units']})")
    ax.set_title(f"{r.scenario_name}, {variant}: {metric} over {r.variant_paths(variant)} paths", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.tight_layout()
    fig.savefig(png)
    plt.close(fig)
    return True


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "results",
        nargs="?",
        default="results/default.h5",
        help="results file (default: results/default.h5, as `make demo` writes)",
    )
    ap.add_argument("--metric", default="token_price", help="metric of the fan chart (default: token_price)")
    ap.add_argument("--variant", help="variant of the fan chart (default: the first, base)")
    ap.add_argument(
        "--png",
        type=Path,
        help="where to save the fan chart (default: beside the results, <stem>_<metric>_fan.png)",
    )
    args = ap.parse_args(argv)
    path = Path(args.results)
    if not path.exists():
        print(f"{path}: no such file (run `make demo` first, or name a results file)", file=sys.stderr)
        return 2
    with depinsim.open(path) as r:
        if args.metric not in r.metrics:
            print(f"{path}: no metric {args.metric!r}", file=sys.stderr)
            return 2
        variant = args.variant or r.variants[0]
        if variant not in r.variants:
            print(f"{path}: no variant {variant!r} (variants: {', '.join(r.variants)})", file=sys.stderr)
            return 2
        print_table(r, compare_table(r))
        png = args.png or path.with_name(f"{path.stem}_{args.metric}_fan.png")
        if fan_chart(r, args.metric, variant, png):
            print(f"\nfan chart: {png}")
        else:
            print(
                "\nmatplotlib is not installed (pip install './python[examples]'): no figure", file=sys.stderr
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
