"""Conversion of report results to JSON-compatible values."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

__all__ = ["to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Convert ``value`` into lists, dicts, floats, ints, strings and None.

    NumPy arrays become nested lists, complex numbers become ``[re, im]`` (as
    in the ``rosetta analyze --json`` output), dataclasses become dicts, and
    non-finite floats become ``None`` because JSON has no NaN or infinity.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
        }
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(item) for item in value.tolist()]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (complex, np.complexfloating)):
        return [_finite(value.real), _finite(value.imag)]
    if isinstance(value, (float, np.floating)):
        return _finite(value)
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
