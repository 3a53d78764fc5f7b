"""Linear response of a rung around a stable equilibrium.

With ``u' = J u + b f(t)`` for small deviations ``u`` from the equilibrium and a
forcing ``f`` on the forcing input, the transfer function to the observable is
``G(w) = c^T H(w) b`` with ``H(w) = (i w I - J)^{-1}``, ``b = df/dF`` and
``c = d(observable)/dy`` at the equilibrium. A forcing ``A sin(w t)`` gives a
steady oscillation of the observable of amplitude ``A |G(w)|``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from rosetta_sym.analysis import eigenvalues, numeric_model
from rosetta_sym.analysis.numeric import lambdify_expressions
from rosetta_sym.model import Model

__all__ = [
    "OperatingPoint",
    "transfer_function",
    "input_vector",
    "choose_operating_point",
]


@dataclass(frozen=True)
class OperatingPoint:
    """A stable focus at which the linear response is evaluated.

    Attributes
    ----------
    parameters : dict of str to float
        Parameter values that differ from the rung's defaults.
    state : ndarray, shape (n_states,)
        The equilibrium.
    jacobian : ndarray, shape (n_states, n_states)
    eigenvalues : ndarray of complex, shape (n_states,)
        Sorted by decreasing real part.
    """

    parameters: dict
    state: np.ndarray
    jacobian: np.ndarray
    eigenvalues: np.ndarray

    @property
    def natural_angular_frequency(self) -> float:
        """``|Im lambda|`` of the leading eigenvalue pair, rad per time unit."""
        return float(abs(self.eigenvalues[0].imag))

    @property
    def decay_time(self) -> float:
        """``-1 / Re lambda`` of the leading eigenvalue, in model time units."""
        return float(-1.0 / self.eigenvalues[0].real)


@functools.lru_cache(maxsize=64)
def _input_and_output_derivatives(model: Model, input_name: str):

    zero = {symbol: sp.S.Zero for symbol in model.input_symbols}
    forcing = model.symbols[input_name]
    b = [sp.diff(expr, forcing).xreplace(zero) for expr in model.rhs]
    c = [sp.diff(model.observable, symbol) for symbol in model.state_symbols]
    arguments = [list(model.state_symbols), list(model.parameter_symbols)]
    return lambdify_expressions(arguments, b), lambdify_expressions(arguments, c)


def input_vector(model: Model, input_name: str, state, parameters) -> tuple:
    """Return ``b = df/dF`` and ``c = d(observable)/dy`` at an equilibrium.

    Returns
    -------
    b, c : ndarray, shape (n_states,)
    """
    b_function, c_function = _input_and_output_derivatives(model, input_name)
    shape = (model.n_states,)
    b = np.broadcast_to(np.asarray(b_function(state, parameters), dtype=float), shape)
    c = np.broadcast_to(np.asarray(c_function(state, parameters), dtype=float), shape)
    return np.array(b), np.array(c)


def transfer_function(
    jacobian: np.ndarray, b: np.ndarray, c: np.ndarray, angular: np.ndarray
) -> np.ndarray:
    """Evaluate ``G(w) = c^T (i w I - J)^{-1} b`` at each angular frequency.

    Parameters
    ----------
    jacobian : ndarray, shape (n, n)
    b, c : ndarray, shape (n,)
    angular : ndarray, shape (m,)
        Angular frequencies in rad per model time unit.

    Returns
    -------
    ndarray of complex, shape (m,)
    """
    identity = np.eye(jacobian.shape[0])
    return np.array(
        [c @ np.linalg.solve(1j * w * identity - jacobian, b) for w in angular]
    )


def choose_operating_point(model: Model, fixed_points, continuation, max_decay: float):
    """Pick the stable focus with the sharpest resonance that still settles.

    Candidates are the stable foci at the default parameters and, when a
    continuation is given, every stable point on it with a complex leading
    pair. The chosen one has the largest quality factor ``|Im l| / |Re l|``
    among those whose decay time ``-1 / Re l`` is at most ``max_decay``, so the
    simulated transient dies out within the discarded part of the run.

    Returns
    -------
    OperatingPoint or None
        None when no candidate exists.
    """

    numeric = numeric_model(model)
    candidates = []
    for point in fixed_points:
        candidates.append(({}, point.vector))
    if continuation is not None:
        for value, state, stable in zip(
            continuation.values, continuation.states, continuation.stable, strict=True
        ):
            if stable:
                candidates.append(({continuation.parameter: float(value)}, state))
    best, best_quality = None, -np.inf
    for overrides, state in candidates:
        p = model.parameter_vector_with(overrides)
        jac = numeric.jacobian(np.asarray(state, dtype=float), p)
        values = eigenvalues(jac)
        leading = values[0]
        if leading.real >= 0.0 or abs(leading.imag) < 1e-9:
            continue
        if -1.0 / leading.real > max_decay:
            continue
        quality = abs(leading.imag) / abs(leading.real)
        if quality > best_quality:
            best_quality = quality
            best = OperatingPoint(
                overrides, np.asarray(state, dtype=float), jac, values
            )
    return best
