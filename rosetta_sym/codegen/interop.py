"""Generated kernels as plain Python callables for SciPy.

:func:`scipy_functions` wraps ``rhs`` and ``jacobian`` for
``scipy.integrate.solve_ivp`` (``fun`` and ``jac``), for example with the implicit
``Radau`` and ``BDF`` methods, which use the analytic Jacobian.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np

from rosetta_sym.codegen.cache import load_kernels
from rosetta_sym.model import Model, ModelError

__all__ = ["ScipyFunctions", "scipy_functions"]


class ScipyFunctions(NamedTuple):
    """Right-hand side and Jacobian in the calling convention of SciPy.

    Attributes
    ----------
    fun : callable
        ``fun(t, y) -> dydt``, ``y`` and ``dydt`` of shape ``(n_states,)``.
    jac : callable
        ``jac(t, y) -> J``, ``J`` of shape ``(n_states, n_states)`` with
        ``J[r, c] = d f_r / d y_c``.
    """

    fun: Callable[[float, np.ndarray], np.ndarray]
    jac: Callable[[float, np.ndarray], np.ndarray]


def scipy_functions(
    model: Model,
    parameters: Mapping[str, float] | np.ndarray | None = None,
    inputs: Mapping[str, float] | np.ndarray | None = None,
) -> ScipyFunctions:
    """Return ``fun`` and ``jac`` of ``model`` for ``scipy.integrate.solve_ivp``.

    Parameters
    ----------
    model : Model
        The model.
    parameters : mapping or ndarray, shape (n_params,), optional
        Parameter values: a mapping overrides some defaults, an array gives all
        of them in declaration order. Defaults to the model's defaults.
    inputs : mapping or ndarray, shape (n_inputs,), optional
        Constant input values (a mapping gives some, the rest are zero).
        Defaults to zero.

    Returns
    -------
    ScipyFunctions
        ``(fun, jac)``; both copy nothing from the model at call time.

    Examples
    --------
    >>> from scipy.integrate import solve_ivp
    >>> fun, jac = scipy_functions(model)  # doctest: +SKIP
    >>> solve_ivp(fun, (0, 1), model.initial_state, method="Radau", jac=jac)
    ... # doctest: +SKIP
    """
    kernels = load_kernels(model)
    p = _parameter_vector(model, parameters)
    u = _input_vector(model, inputs)
    n_states = len(model.states)

    def fun(t: float, y: np.ndarray) -> np.ndarray:
        dydt = np.empty(n_states)
        kernels.rhs(float(t), np.ascontiguousarray(y, dtype=np.float64), p, u, dydt)
        return dydt

    def jac(t: float, y: np.ndarray) -> np.ndarray:
        matrix = np.empty((n_states, n_states))
        y = np.ascontiguousarray(y, dtype=np.float64)
        kernels.jacobian(float(t), y, p, u, matrix)
        return matrix

    return ScipyFunctions(fun, jac)


def _parameter_vector(model: Model, parameters) -> np.ndarray:
    if parameters is None:
        return model.parameter_vector
    if isinstance(parameters, Mapping):
        return model.parameter_vector_with(parameters)
    vector = np.ascontiguousarray(parameters, dtype=np.float64)
    if vector.shape != (len(model.parameters),):
        raise ModelError(
            f"parameters of model {model.name!r} must have shape "
            f"({len(model.parameters)},) in the order {list(model.parameter_names)}; "
            f"got shape {vector.shape}"
        )
    return vector


def _input_vector(model: Model, inputs) -> np.ndarray:
    n_inputs = len(model.inputs)
    if inputs is None:
        return np.zeros(n_inputs)
    if isinstance(inputs, Mapping):
        vector = np.zeros(n_inputs)
        for name, value in inputs.items():
            if name not in model.input_names:
                raise ModelError(
                    f"{name!r} is not an input of model {model.name!r} "
                    f"(inputs: {', '.join(model.input_names) or 'none'})"
                )
            vector[model.input_names.index(name)] = float(value)
        return vector
    vector = np.ascontiguousarray(inputs, dtype=np.float64)
    if vector.shape != (n_inputs,):
        raise ModelError(
            f"inputs of model {model.name!r} must have shape ({n_inputs},) in the "
            f"order {list(model.input_names)}; got shape {vector.shape}"
        )
    return vector
