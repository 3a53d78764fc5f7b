"""Linear stability of equilibria: eigenvalues and their classification."""

from __future__ import annotations

import numpy as np

__all__ = ["eigenvalues", "classify", "is_stable", "FIXED_POINT_TYPES"]

#: Every label :func:`classify` returns.
FIXED_POINT_TYPES = (
    "stable node",
    "stable focus",
    "unstable node",
    "unstable focus",
    "saddle",
    "saddle-focus",
    "centre",
    "non-hyperbolic",
)


def eigenvalues(matrix: np.ndarray) -> np.ndarray:
    """Return the eigenvalues of ``matrix`` sorted by decreasing real part.

    Parameters
    ----------
    matrix : ndarray, shape (n, n)

    Returns
    -------
    ndarray of complex, shape (n,)
        Ties in the real part are ordered by decreasing imaginary part.
    """
    values = np.linalg.eigvals(np.asarray(matrix, dtype=np.float64)).astype(complex)
    order = np.lexsort((-values.imag, -values.real))
    return values[order]


def _tolerance(values: np.ndarray) -> float:
    scale = float(np.max(np.abs(values))) if values.size else 1.0
    return 1e-9 * max(1.0, scale)


def is_stable(values: np.ndarray) -> bool:
    """Return True when every eigenvalue has a strictly negative real part."""
    values = np.asarray(values, dtype=complex)
    return bool(np.all(values.real < -_tolerance(values)))


def classify(values: np.ndarray) -> str:
    """Classify an equilibrium from the eigenvalues of its Jacobian.

    The planar names extend to n dimensions:

    - "stable node" / "unstable node": every real part has the same sign and
      every eigenvalue is real;
    - "stable focus" / "unstable focus": the same, with at least one complex
      pair;
    - "saddle": real parts of both signs, every eigenvalue real;
    - "saddle-focus": real parts of both signs and at least one complex pair;
    - "centre": every eigenvalue is a purely imaginary, non-zero pair;
    - "non-hyperbolic": any other case with an eigenvalue on the imaginary axis
      (a zero eigenvalue, or an imaginary pair next to non-zero real parts).

    Real parts within ``1e-9 * max(1, max |lambda|)`` of zero count as zero.

    Parameters
    ----------
    values : array_like of complex, shape (n,)

    Returns
    -------
    str
        One of :data:`FIXED_POINT_TYPES`.
    """
    values = np.asarray(values, dtype=complex)
    tol = _tolerance(values)
    negative = values.real < -tol
    positive = values.real > tol
    complex_pair = bool(np.any(np.abs(values.imag) > tol))
    if np.all(negative | positive):
        if np.all(negative) or np.all(positive):
            side = "stable" if np.all(negative) else "unstable"
            return f"{side} {'focus' if complex_pair else 'node'}"
        return "saddle-focus" if complex_pair else "saddle"
    on_axis = ~(negative | positive)
    if np.all(on_axis) and np.all(np.abs(values.imag) > tol):
        return "centre"
    return "non-hyperbolic"
