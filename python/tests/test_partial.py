"""test_partial.py — a `--partial` file of an interrupted run: complete is
False, fewer paths than requested, and the per-path rows carry the numbers
of the paths that completed. The run is interrupted once it has reported a
completed path (as tests/run_limits.sh does), so it is mid-way however fast
the machine.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

import depinsim

from conftest import REPO


def r_paths(scenario: Path) -> int:
    """run.paths of a scenario file (tests/data/long.yaml sets it)."""
    return int(yaml.safe_load(scenario.read_text(encoding="utf-8"))["run"]["paths"])


@pytest.fixture(scope="module")
def partial_h5(bin_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("partial") / "partial.h5"
    cmd = [str(bin_path), "run", str(REPO / "tests/data/long.yaml"), "-o", str(out), "--threads", "2",
           "--partial", "--progress", "log"]  # fmt: skip
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert p.stderr is not None
    deadline = time.monotonic() + 300
    for line in p.stderr:
        if "paths done" in line:
            p.send_signal(signal.SIGINT)
            break
        assert time.monotonic() < deadline, "no path completed within 5 minutes"
    p.stderr.read()
    rc = p.wait(timeout=300)
    if rc == 0:
        pytest.skip("the run finished before the interrupt reached it")
    assert rc == 1, f"interrupted --partial run: exit {rc}, want 1"
    assert out.exists(), "--partial wrote no file"
    return out


def test_partial_file(partial_h5: Path) -> None:
    requested = r_paths(REPO / "tests/data/long.yaml")  # run.paths of the scenario run
    with depinsim.open(partial_h5) as r:
        assert r.complete is False and r.provenance["complete"] == 0
        assert r.provenance["paths_requested"] == requested
        n = r.variant_paths("base")
        assert 0 < n < requested  # the root attribute paths stays the number run
        idx = r.path_index("base")
        assert idx.size == n and list(idx) == sorted(set(idx)) and set(idx) <= set(range(requested))
        fin = r.finals(metrics=["token_price"])
        np.testing.assert_array_equal(fin["path"].to_numpy(), idx)
        assert "partial" in repr(r)
