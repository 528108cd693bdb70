"""test_strings.py — string attributes come out as str whether the file
stores them variable-length UTF-8 (today's writer, issue 17: h5py returns
them as str) or fixed-length (files of earlier versions, which h5py returns
as bytes): a copy of a real file with every string attribute rewritten as
fixed-length UTF-8 reads back identically.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import List

import h5py
import numpy as np
import pandas as pd

import depinsim
from depinsim import decode


def _string_attrs(f: h5py.File) -> List[tuple[str, str]]:
    """(object path, attribute name) of every string attribute in the file."""
    found: List[tuple[str, str]] = []

    def visit(name: str, obj: h5py.HLObject) -> None:
        for a in obj.attrs:
            if h5py.check_string_dtype(obj.attrs.get_id(a).dtype) is not None:
                found.append((name, a))

    visit("/", f)
    f.visititems(visit)
    return found


def _to_fixed(src: Path, dst: Path) -> int:
    """A copy of src with every string attribute as the writer stored them
    before issue 17: fixed-length, NUL-terminated UTF-8."""
    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        found = _string_attrs(f)
        for obj, a in found:
            text = f[obj].attrs[a]
            assert isinstance(text, str)  # variable-length: str
            raw = text.encode("utf-8") + b"\0"
            del f[obj].attrs[a]
            f[obj].attrs.create(a, np.bytes_(raw), dtype=h5py.string_dtype("utf-8", len(raw)))
        for obj, a in found:
            info = h5py.check_string_dtype(f[obj].attrs.get_id(a).dtype)
            assert info is not None and info.length is not None and info.encoding == "utf-8"
            assert isinstance(f[obj].attrs[a], bytes)
    return len(found)


def test_fixed_and_vlen_strings_read_alike(claims_h5: Path, tmp_path: Path) -> None:
    fixed = tmp_path / "fixed.h5"
    with h5py.File(claims_h5) as f:
        info = h5py.check_string_dtype(f.attrs.get_id("scenario_yaml").dtype)
        assert info is not None and info.length is None  # today's files: variable length
        assert info.encoding == "utf-8" and isinstance(f.attrs["scenario_yaml"], str)
    n = _to_fixed(claims_h5, fixed)
    assert n > 100  # root, variants, every dataset's units, claims
    with depinsim.open(fixed) as a, depinsim.open(claims_h5) as b:
        assert a.provenance == b.provenance
        assert all(type(v) in (str, int, float) for v in b.provenance.values())
        assert a.scenario_text == b.scenario_text and "—" in b.scenario_text  # UTF-8 survives
        assert a.scenario == b.scenario
        assert a.units == b.units
        assert a.overrides("bear_2022") == b.overrides("bear_2022") != {}
        pd.testing.assert_frame_equal(a.claims(), b.claims())
        pd.testing.assert_frame_equal(a.finals(), b.finals())
        pd.testing.assert_frame_equal(a.outcomes(), b.outcomes())
        pd.testing.assert_frame_equal(a.summary(), b.summary())
        da, db = a.dataset(), b.dataset()
        assert da.identical(db)
        assert db["token_price"].attrs["units"] == "USD/token"


def test_decode_values() -> None:
    assert decode(np.bytes_(b"USD/token")) == "USD/token"
    assert decode(b"caf\xc3\xa9\0\0") == "café"  # NUL padding of a NULLPAD string
    assert decode("heq-h") == "heq-h"
    v = decode(np.int32(7))
    assert v == 7 and type(v) is int
    v = decode(np.uint32(11))
    assert v == 11 and type(v) is int
    v = decode(np.float64(0.5))
    assert v == 0.5 and type(v) is float
    assert decode(np.array([0.05, 0.5])) == [0.05, 0.5]
    assert decode(np.array([b"a", b"b"])) == ["a", "b"]
    assert decode(np.array(3)) == 3
    assert decode(np.bool_(True)) is True
