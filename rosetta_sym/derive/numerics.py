"""Numerical helpers of the reductions: an independent integrator and cycle sizes.

These integrate the autonomous vector field (inputs set to zero) with
``scipy.integrate.solve_ivp`` on lambdified SymPy expressions, independently of
the generated numba kernels, so they can serve as a check on both.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy as sp
from scipy.integrate import solve_ivp
from scipy.special import expit

from rosetta_sym.analysis import numeric_model
from rosetta_sym.analysis.numeric import parameter_vector
from rosetta_sym.model import Model
from rosetta_sym.model.functions import expand_auxiliary

__all__ = [
    "parameter_vector",
    "lambdify",
    "vector_field",
    "integrate",
    "cycle_amplitudes",
]


def lambdify(arguments, expressions):
    """Compile SymPy expressions to one NumPy function returning a list.

    Auxiliary functions are expanded and ``logistic`` maps to
    ``scipy.special.expit``.
    """
    expanded = [expand_auxiliary(sp.sympify(e)) for e in expressions]
    modules = [{"logistic": expit}, "numpy"]
    return sp.lambdify(arguments, expanded, modules=modules, cse=True)


def vector_field(model: Model, parameters: Mapping[str, float] | None = None):
    """Return ``(f, jac)``: ``f(t, y)`` and ``jac(t, y)`` at fixed parameters.

    ``y`` has shape (n_states,); inputs are zero.
    """
    nm = numeric_model(model)
    p = parameter_vector(model, parameters)
    return (lambda t, y: nm.rhs(y, p)), (lambda t, y: nm.jacobian(y, p))


def integrate(
    model: Model,
    parameters: Mapping[str, float] | None,
    y0: np.ndarray,
    duration: float,
    *,
    samples: int = 2000,
    record_from: float = 0.0,
    rtol: float = 1e-8,
    atol: float = 1e-10,
    method: str = "LSODA",
):
    """Integrate the autonomous model from ``y0`` for ``duration`` time units.

    Returns
    -------
    (ndarray, ndarray)
        Times, shape (samples,), evenly spaced in ``[record_from, duration]``,
        and states, shape (samples, n_states).
    """
    f, jac = vector_field(model, parameters)
    times = np.linspace(record_from, duration, samples)
    kwargs = {"jac": jac} if method in ("LSODA", "BDF", "Radau") else {}
    solution = solve_ivp(
        f,
        (0.0, duration),
        np.asarray(y0, float),
        method=method,
        t_eval=times,
        rtol=rtol,
        atol=atol,
        **kwargs,
    )
    if not solution.success:
        raise RuntimeError(f"integration of {model.name} failed: {solution.message}")
    return solution.t, solution.y.T


def cycle_amplitudes(states: np.ndarray) -> np.ndarray:
    """Half the peak-to-peak range of each state, shape (n_states,)."""
    return 0.5 * (states.max(axis=0) - states.min(axis=0))
