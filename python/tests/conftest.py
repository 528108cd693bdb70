"""conftest.py — results files written by the C program during the test run:
each fixture runs `depinsim run` once per session (small scenarios, few
paths) into a temporary directory. The binary is $DEPINSIM_BIN, default
<repo>/build/depinsim; a missing binary is an error, not a skip, so CI
cannot pass without testing anything.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable, List

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]

# token jumps of e^800 overflow the price on some paths: with
# run.on_invalid=flag those paths are left out (tests/run_limits.sh)
JUMPS = ["--set", "token.jump_rate_per_year=2", "--set", "token.jump_mean=800", "--set", "token.jump_sd=0"]


def depinsim_bin() -> Path:
    env = os.environ.get("DEPINSIM_BIN")
    b = Path(env) if env else REPO / "build" / "depinsim"
    if not b.is_absolute() and not b.exists():
        b = REPO / b  # relative to the repository when not to the working directory
    b = b.resolve()
    if not os.access(b, os.X_OK):
        raise FileNotFoundError(f"depinsim binary not found at {b}: run `make build` or set DEPINSIM_BIN")
    return b


@pytest.fixture(scope="session")
def bin_path() -> Path:
    return depinsim_bin()


Runner = Callable[..., Path]


@pytest.fixture(scope="session")
def run_depinsim(bin_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """run_depinsim(name, scenario, *args) → path of <tmp>/<name>.h5"""
    out_dir = tmp_path_factory.mktemp("results")

    def run(name: str, scenario: Path, *args: str) -> Path:
        out = out_dir / f"{name}.h5"
        cmd: List[str] = [str(bin_path), "run", str(scenario), "-o", str(out), "--quiet", "--force", *args]
        p = subprocess.run(cmd, capture_output=True, text=True)
        assert p.returncode == 0, f"{' '.join(cmd)}: exit {p.returncode}\n{p.stderr}"
        return out

    return run


@pytest.fixture(scope="session")
def small_h5(run_depinsim: Runner) -> Path:
    """tests/data/small.yaml: 6 paths, one variant, no claims."""
    return run_depinsim("small", REPO / "tests/data/small.yaml")


@pytest.fixture(scope="session")
def small_paths_h5(run_depinsim: Runner) -> Path:
    """small.yaml with whole paths kept and the capacity unit renamed."""
    return run_depinsim(
        "small_paths",
        REPO / "tests/data/small.yaml",
        "--set", "run.keep_paths=true",
        "--set", "run.unit_name=PiB-day",
    )  # fmt: skip


@pytest.fixture(scope="session")
def invalid_h5(run_depinsim: Runner) -> Path:
    """small.yaml with invalid paths left out (path_index), paths kept."""
    return run_depinsim(
        "invalid",
        REPO / "tests/data/small.yaml",
        *JUMPS,
        "--set", "run.on_invalid=flag",
        "--set", "run.keep_paths=true",
    )  # fmt: skip


@pytest.fixture(scope="session")
def crn_h5(run_depinsim: Runner, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """small.yaml with the token jumps in the base (some paths left out) and a
    variant 'calm' without them (every path kept), on common random numbers."""
    doc = yaml.safe_load((REPO / "tests/data/small.yaml").read_text(encoding="utf-8"))
    doc["name"] = "crn"
    doc.setdefault("token", {}).update({"jump_rate_per_year": 2, "jump_mean": 800, "jump_sd": 0})
    doc["variants"] = {"calm": {"token.jump_rate_per_year": 0}}
    scenario = tmp_path_factory.mktemp("scenarios") / "crn.yaml"
    scenario.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return run_depinsim("crn", scenario, "--set", "run.on_invalid=flag", "--set", "run.keep_paths=true")


@pytest.fixture(scope="session")
def default_h5(run_depinsim: Runner) -> Path:
    """scenarios/default.yaml (what `make demo` runs) with 16 paths: two
    variants, two claims."""
    return run_depinsim("default", REPO / "scenarios/default.yaml", "--paths", "16")


@pytest.fixture(scope="session")
def claims_h5(run_depinsim: Runner) -> Path:
    """scenarios/claim-60pct-of-cloud.yaml with 16 paths: four variants, three
    claims of the three kinds (always, window_mean, end)."""
    return run_depinsim("claims", REPO / "scenarios/claim-60pct-of-cloud.yaml", "--paths", "16")


@pytest.fixture(scope="session")
def shootout_h5(run_depinsim: Runner) -> Path:
    """scenarios/emission-shootout.yaml with 16 paths and paths kept: seven
    emission designs on common random numbers."""
    return run_depinsim(
        "shootout", REPO / "scenarios/emission-shootout.yaml", "--paths", "16", "--set", "run.keep_paths=true"
    )
