"""The observable of a rung (its first declared output) and its time unit name."""

from __future__ import annotations

import functools

import numpy as np

from rosetta_sym.analysis.numeric import lambdify_expressions
from rosetta_sym.model import Model

__all__ = ["observable_name", "observable_along", "time_unit_name"]


def time_unit_name(model: Model) -> str:
    """Return the time unit for labels: ``"s"``, ``"ms"`` or ``"time unit"``."""
    return "time unit" if model.time_unit == "1" else model.time_unit


def observable_name(model: Model) -> str:
    """Return the name of the rung's observable, its first declared output."""
    return next(iter(model.outputs))


@functools.lru_cache(maxsize=64)
def _compiled_observable(model: Model):

    arguments = [list(model.state_symbols), list(model.parameter_symbols)]
    return lambdify_expressions(arguments, [model.observable])


def observable_along(
    model: Model, states: np.ndarray, parameter: str | None, values: np.ndarray | None
) -> tuple[str, np.ndarray]:
    """Evaluate the observable at each row of ``states``.

    Parameters
    ----------
    model : Model
    states : ndarray, shape (n_points, n_states)
    parameter : str or None
        Parameter that takes ``values[k]`` at row ``k``; None keeps defaults.
    values : ndarray, shape (n_points,) or None

    Returns
    -------
    name : str
        Name of the observable.
    observable : ndarray, shape (n_points,)
    """
    function = _compiled_observable(model)
    base = model.parameter_vector.astype(np.float64)
    index = model.parameter_names.index(parameter) if parameter else None
    result = np.empty(len(states))
    for k, state in enumerate(np.asarray(states, dtype=np.float64)):
        p = base.copy()
        if index is not None:
            p[index] = values[k]
        result[k] = np.asarray(function(state, p), dtype=np.float64).ravel()[0]
    return observable_name(model), result
