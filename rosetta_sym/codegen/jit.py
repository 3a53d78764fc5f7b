"""The one place that decides numba compilation options.

Generated modules print :func:`jit_options_source` into every
``@numba.njit(...)`` decorator, so the options are visible in the module and
part of its text (and of the generator version). Code outside the templates
compiles with :func:`kernel_jit`, which uses the same options.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numba

__all__ = ["JIT_OPTIONS", "jit_options_source", "kernel_jit"]

#: Options of every compiled kernel.
#:
#: - ``cache``: keep machine code next to the module between processes;
#: - ``nogil``: threads (for example a dask worker) may run kernels at once;
#: - ``error_model="numpy"``: float division by zero gives inf or NaN as in
#:   NumPy instead of raising, and drops the checks that block vectorisation;
#: - ``fastmath``: only flags that cannot change a finite result into inf or
#:   NaN: fused multiply-add (``contract``), reciprocal division (``arcp``) and
#:   ignoring the sign of zero (``nsz``). ``nnan``, ``ninf`` and ``reassoc`` stay
#:   off because the printed code relies on NaN and on the order of operations.
JIT_OPTIONS: dict[str, Any] = {
    "cache": True,
    "error_model": "numpy",
    "fastmath": frozenset({"arcp", "contract", "nsz"}),
    "nogil": True,
}


def jit_options_source() -> str:
    """Return :data:`JIT_OPTIONS` as keyword arguments in Python source.

    Returns
    -------
    str
        For example ``cache=True, error_model="numpy", ...``, sorted by name so
        that the text is deterministic.
    """
    parts = []
    for name in sorted(JIT_OPTIONS):
        value = JIT_OPTIONS[name]
        if isinstance(value, frozenset):
            text = "{" + ", ".join(f'"{flag}"' for flag in sorted(value)) + "}"
        elif isinstance(value, str):
            text = f'"{value}"'
        else:
            text = repr(value)
        parts.append(f"{name}={text}")
    return ", ".join(parts)


def kernel_jit(function: Callable) -> Callable:
    """Compile ``function`` with numba in nopython mode and :data:`JIT_OPTIONS`."""
    options = {**JIT_OPTIONS, "fastmath": set(JIT_OPTIONS["fastmath"])}
    return numba.njit(**options)(function)
