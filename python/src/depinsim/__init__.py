"""depinsim — read the HDF5 results files of the depinsim Monte Carlo
simulator (DESIGN.md §5) into xarray and pandas:

    import depinsim
    with depinsim.open("results/default.h5") as r:
        ds = r.dataset()                    # quantiles/means: variant × time × level
        fin = r.finals()                    # tidy per-path final values with units
        print(r.claims()[["variant", "claim", "probability", "wilson_lo", "wilson_hi"]])
        print(r.paired("subsidy_adjusted_ratio", "halving", "base"))

It reads only; runs are made by the C program (`depinsim run`).
"""

from ._attrs import AttrValue, decode
from ._results import FormatError, PairedDifference, Results, open
from ._stats import (
    median_interval_bootstrap,
    median_interval_order,
    quantile,
    wilson_interval,
)

__version__ = "0.1.0"

__all__ = [
    "AttrValue",
    "FormatError",
    "PairedDifference",
    "Results",
    "decode",
    "median_interval_bootstrap",
    "median_interval_order",
    "open",
    "quantile",
    "wilson_interval",
]
