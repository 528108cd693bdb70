"""_attrs.py — HDF5 attribute values as plain Python values. The C program
writes string attributes as fixed-length UTF-8 (h5py returns ``numpy.bytes_``)
and a later format will write variable-length UTF-8 (h5py returns ``str``):
both come out as ``str`` here, numbers as ``int``/``float``, arrays as lists.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Union

import numpy as np

#: what an attribute decodes to
AttrValue = Union[str, int, float, bool, List[Any]]


def decode(value: Any) -> AttrValue:
    """One attribute value as str / int / float / bool, or a list of them."""
    if isinstance(value, (bytes, np.bytes_)):
        # fixed-length strings: h5py already drops the NUL padding, but a
        # NULLPAD string written by another tool may still carry some
        return bytes(value).rstrip(b"\0").decode("utf-8")
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return decode(value[()])
        return [decode(v) for v in value.tolist()]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [decode(v) for v in value]
    raise TypeError(f"attribute value of unexpected type {type(value).__name__}")


def decode_all(attrs: Mapping[str, Any]) -> dict[str, AttrValue]:
    """Every attribute of an HDF5 object, decoded, in the file's order."""
    return {str(k): decode(v) for k, v in attrs.items()}


def attr_str(attrs: Mapping[str, Any], name: str, default: str = "") -> str:
    """A string attribute, or ``default`` when absent."""
    if name not in attrs:
        return default
    v = decode(attrs[name])
    return v if isinstance(v, str) else str(v)


def attr_float(attrs: Mapping[str, Any], name: str, default: float = float("nan")) -> float:
    """A numeric attribute as float, or ``default`` when absent."""
    if name not in attrs:
        return default
    v = decode(attrs[name])
    if isinstance(v, (int, float)):
        return float(v)
    raise TypeError(f"attribute {name!r} is not a number: {v!r}")
