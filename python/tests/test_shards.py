"""test_shards.py — files of a split run (issue 16) read as a single run's:
two shards of `run --paths-range` carry their paths' original numbers
(path_index), the shards' rows together are the single run's rows, and the
`depinsim merge` of them reads back as the single run, with its provenance.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import depinsim

from conftest import REPO, Runner

SCEN = REPO / "tests/data/small.yaml"
ARGS = ("--paths", "12", "--set", "run.keep_paths=true")


@pytest.fixture(scope="module")
def split(run_depinsim: Runner, bin_path: Path) -> dict:
    whole = run_depinsim("shards_whole", SCEN, *ARGS)
    a = run_depinsim("shard_0_5", SCEN, *ARGS, "--paths-range", "0:5")
    b = run_depinsim("shard_5_12", SCEN, *ARGS, "--paths-range", "5:12")
    merged = whole.with_name("shards_merged.h5")
    cmd = [str(bin_path), "merge", str(b), str(a), "-o", str(merged), "-q", "--force"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return {"whole": whole, "a": a, "b": b, "merged": merged}


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["variant", "metric", "path"]).reset_index(drop=True)


def test_shard_rows_are_the_runs(split: dict) -> None:
    with depinsim.open(split["b"]) as r:
        assert list(r.path_index("base")) == list(range(5, 12))
        assert r.provenance["shard_first"] == 5 and r.provenance["shard_end"] == 12
    with depinsim.open(split["a"]) as ra, depinsim.open(split["b"]) as rb:
        parts = pd.concat([ra.finals(), rb.finals()], ignore_index=True)
    with depinsim.open(split["whole"]) as r:
        whole = r.finals()
    assert len(whole) == 12 * len(whole["metric"].unique())
    pd.testing.assert_frame_equal(_sorted(parts), _sorted(whole))  # exact: the same doubles


def test_merged_is_the_single_run(split: dict) -> None:
    with depinsim.open(split["merged"]) as m, depinsim.open(split["whole"]) as w:
        pd.testing.assert_frame_equal(m.finals(), w.finals())
        pd.testing.assert_frame_equal(m.outcomes(), w.outcomes())
        dm, dw = m.dataset(), w.dataset()
        assert set(dm.data_vars) == set(dw.data_vars)
        for k in dw.data_vars:  # quantiles and means: the same doubles
            np.testing.assert_array_equal(dm[k].values, dw[k].values)
        merged_from = m.provenance["merged_from"]
        assert type(merged_from) is str
        lines = merged_from.splitlines()
        assert [x.split(" ", 1)[0] for x in lines] == ["0:5", "5:12"]  # in path order
        assert "shard_first" not in m.provenance  # the merged file is no shard
        assert m.provenance["git_commit"] == w.provenance["git_commit"]
