"""test_example.py — examples/dashboard_numbers.py on a small run of the
default scenario prints the medians, bands and probabilities that
`depinsim compare --format csv` gives (to the 4 significant digits it
prints), its table is `depinsim compare`'s, and it saves a PNG when
matplotlib is installed.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from conftest import REPO

EXAMPLE = REPO / "python/examples/dashboard_numbers.py"
METRICS = ["token_price", "active_providers", "price_ratio", "subsidy_adjusted_ratio"]


def parse_num(s: str) -> float:
    """'0.9493', '2726', '12.35k', 'nan' → float."""
    scale = {"k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15}
    if s and s[-1] in scale:
        return float(s[:-1]) * scale[s[-1]]
    return float(s)


def close_to(printed: float, exact: float, sig: int = 0, decimals: int = -1) -> bool:
    """printed is exact rounded to `sig` significant digits, or to `decimals`
    decimals when that is given (the %.3f of probabilities)."""
    if math.isnan(exact):
        return math.isnan(printed)
    if decimals >= 0:
        tol = 0.5 * 10.0**-decimals
    else:
        tol = 0.5 * 10.0 ** (math.floor(math.log10(abs(exact))) - sig + 1) if exact else 0.0
    return abs(printed - exact) <= tol * (1 + 1e-9) + 1e-15


def table_rows(text: str) -> List[List[str]]:
    """Header and variant rows of a compare-style table (cells split on 2+ blanks)."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("-------"))
    end = lines.index("", rule)
    return [re.split(r" {2,}", line.rstrip()) for line in [lines[rule - 1], *lines[rule + 1 : end]]]


def test_example_prints_compare_numbers(default_h5: Path, bin_path: Path, tmp_path: Path) -> None:
    png = tmp_path / "fan.png"
    ex = subprocess.run(
        [sys.executable, str(EXAMPLE), str(default_h5), "--png", str(png)], capture_output=True, text=True
    )
    assert ex.returncode == 0, ex.stderr
    cmp_csv = subprocess.run(
        [str(bin_path), "compare", str(default_h5), "--format", "csv"], capture_output=True, text=True
    )
    assert cmp_csv.returncode == 0, cmp_csv.stderr
    want: Dict[str, Dict[str, str]] = {
        row["variant"]: row for row in csv.DictReader(io.StringIO(cmp_csv.stdout))
    }
    assert list(want) == ["base", "halving"]

    rows = table_rows(ex.stdout)
    header, body = rows[0], rows[1:]
    claims = [h for h in header if h not in ("variant", *METRICS, "death_spiral", "sustainability_day")]
    assert claims == ["price_le_60pct", "subsidy_adj_le_65pct"]
    assert [r[0] for r in body] == ["base", "halving"]
    checked = 0
    for row in body:
        cells = dict(zip(header, row))
        w = want[row[0]]
        for m in METRICS:
            got = re.fullmatch(r"(\S+) \[(\S+), (\S+)\]", cells[m])
            assert got, cells[m]
            for printed, key in zip(got.groups(), ("p50", "p05", "p95")):
                assert close_to(parse_num(printed), float(w[f"{m}_{key}"]), sig=4), (
                    m,
                    key,
                    printed,
                    w[f"{m}_{key}"],
                )
                checked += 1
        for col, prefix in [("death_spiral", "death_spiral"), *[(c, f"claim_{c}") for c in claims]]:
            got = re.fullmatch(r"(\S+) \[(\S+), (\S+)\]", cells[col])
            assert got, cells[col]
            p, lo, hi = (float(x) for x in got.groups())
            assert close_to(p, float(w[f"{prefix}_probability"]), decimals=3)
            assert close_to(lo, float(w[f"{prefix}_wilson_lo"]), decimals=2)
            assert close_to(hi, float(w[f"{prefix}_wilson_hi"]), decimals=2)
            checked += 3
        day = w["sustainability_day_median"]
        if day == "":  # NaN: most paths never sustainable
            assert cells["sustainability_day"] == "never"
        else:
            assert close_to(parse_num(cells["sustainability_day"]), float(day), sig=4)
    assert checked == 2 * (4 * 3 + 3 * 3)

    # and the table itself is the one `depinsim compare` prints
    cmp_table = subprocess.run([str(bin_path), "compare", str(default_h5)], capture_output=True, text=True)
    assert cmp_table.returncode == 0
    assert ex.stdout.startswith(cmp_table.stdout)

    if importlib.util.find_spec("matplotlib") is not None:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        assert f"fan chart: {png}" in ex.stdout
    else:
        assert not png.exists() and "matplotlib is not installed" in ex.stderr


def test_example_without_a_file(tmp_path: Path) -> None:
    ex = subprocess.run(
        [sys.executable, str(EXAMPLE), str(tmp_path / "none.h5")], capture_output=True, text=True
    )
    assert ex.returncode == 2 and "make demo" in ex.stderr


@pytest.mark.parametrize(
    "printed,exact,ok", [("12.35k", 12345.0, True), ("0.6623", 0.66234, True), ("2726", 2727.0, False)]
)
def test_close_to(printed: str, exact: float, ok: bool) -> None:
    assert close_to(parse_num(printed), exact, sig=4) is ok
