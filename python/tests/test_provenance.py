"""test_provenance.py — the provenance every results file records (issues 16
and 17) reaches Python as plain str and int: which binary made the file (git
commit and dirty state, compiler, flags, its SHA-256), where and how wide it
ran, and the --set options; and the binary's own word (`depinsim --version`)
agrees with the file.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import depinsim


def test_provenance_attributes(small_h5: Path, bin_path: Path) -> None:
    with depinsim.open(small_h5) as r:
        p = r.provenance
    for k in ("git_commit", "git_source", "compiler", "compiler_flags", "build_type", "host",
              "hdf5_version", "binary_sha256", "scenario_sets", "input_files"):  # fmt: skip
        assert type(p[k]) is str, k
    for k in ("git_dirty", "omp_threads", "mpi_ranks", "scenario_variants"):
        assert type(p[k]) is int, k
    assert p["git_dirty"] in (-1, 0, 1)
    assert p["mpi_ranks"] == 1 and p["omp_threads"] >= 1 and p["scenario_variants"] == 1
    assert re.fullmatch(r"[0-9a-f]{64}", p["binary_sha256"])
    assert "-ffp-contract=off" in p["compiler_flags"]  # the reproducible build's flags
    assert p["scenario_sets"] == ""  # the fixture's run gives no --set
    # the binary says the same of itself
    v = subprocess.run([str(bin_path), "--version"], capture_output=True, text=True, check=True)
    line = next(x for x in v.stdout.splitlines() if x.startswith("built from: "))
    assert line.startswith(f"built from: {p['git_commit']}")
    assert ("(dirty)" in line) == (p["git_dirty"] == 1)
    assert p["compiler"] in line


def test_sets_recorded(small_paths_h5: Path) -> None:
    with depinsim.open(small_paths_h5) as r:
        sets = r.provenance["scenario_sets"]
    assert sets == "run.keep_paths=true\nrun.unit_name=PiB-day\n"
