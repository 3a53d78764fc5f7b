"""Numerical evaluation of the vector field and its derivatives.

Expressions are compiled with ``sympy.lambdify`` into NumPy code. Auxiliary
functions are replaced by their bodies first, and ``logistic`` is evaluated
with ``scipy.special.expit``, which does not overflow for large arguments.
Every function takes the state vector and the full parameter vector, so one
compiled object serves every parameter value.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy as sp
from scipy.special import expit

from rosetta_sym.analysis.caching import cached_by_structure
from rosetta_sym.analysis.derivatives import (
    autonomous_rhs,
    jacobian,
    parameter_jacobian,
    second_derivatives,
    third_derivatives,
)
from rosetta_sym.model import Model, ModelError, expand_auxiliary

__all__ = ["NumericModel", "numeric_model", "lambdify_expressions", "parameter_vector"]

#: Namespace that lambdified code uses for the logistic primitive.
LAMBDIFY_MODULES = [{"logistic": expit}, "numpy"]


def lambdify_expressions(arguments, expressions):
    """Compile SymPy expressions into one NumPy function of ``arguments``.

    Auxiliary functions are expanded and ``logistic`` maps to
    ``scipy.special.expit``. Common subexpressions are shared.
    """
    expanded = [expand_auxiliary(sp.sympify(e)) for e in expressions]
    return sp.lambdify(arguments, expanded, modules=LAMBDIFY_MODULES, cse=True)


class NumericModel:
    """Compiled vector field, Jacobians and derivative tensors of a model.

    Parameters
    ----------
    model : Model
        The model; inputs are set to zero (autonomous system). Instances are
        shared between models with the same equations (see
        :func:`numeric_model`), so parameter values always come as arguments.

    Notes
    -----
    Every method takes ``y`` with shape (n_states,) and ``p`` with shape
    (n_parameters,), both float64 in model order.
    """

    def __init__(self, model: Model) -> None:
        self.model = model
        self.n_states = model.n_states
        self.n_parameters = len(model.parameters)
        arguments = [list(model.state_symbols), list(model.parameter_symbols)]
        self._arguments = arguments
        self._rhs = lambdify_expressions(arguments, autonomous_rhs(model))
        jac = jacobian(model)
        self._jac = lambdify_expressions(arguments, list(jac))
        self._jac_p = lambdify_expressions(arguments, list(parameter_jacobian(model)))
        self._second = None
        self._third = None

    def rhs(self, y: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Return ``f(y, p)``, shape (n_states,)."""
        return np.array(self._rhs(y, p), dtype=np.float64)

    def jacobian(self, y: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Return ``df/dy``, shape (n_states, n_states)."""
        values = np.array(self._jac(y, p), dtype=np.float64)
        return values.reshape(self.n_states, self.n_states)

    def parameter_jacobian(self, y: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Return ``df/dp``, shape (n_states, n_parameters)."""
        values = np.array(self._jac_p(y, p), dtype=np.float64)
        return values.reshape(self.n_states, self.n_parameters)

    def second_tensor(self, y: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Return ``d^2 f_i / dy_j dy_k``, shape (n, n, n)."""
        if self._second is None:
            self._second = _compile_tensor(
                self._arguments, second_derivatives(self.model)
            )
        return _evaluate_tensor(self._second, y, p, (self.n_states,) * 3)

    def third_tensor(self, y: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Return ``d^3 f_i / dy_j dy_k dy_l``, shape (n, n, n, n)."""
        if self._third is None:
            self._third = _compile_tensor(
                self._arguments, third_derivatives(self.model)
            )
        return _evaluate_tensor(self._third, y, p, (self.n_states,) * 4)

    def bilinear(self, y, p):
        """Return ``B(u, v)`` at ``(y, p)`` as a function of complex vectors."""
        tensor = self.second_tensor(y, p)
        return lambda u, v: np.einsum("ijk,j,k->i", tensor, u, v)

    def trilinear(self, y, p):
        """Return ``C(u, v, w)`` at ``(y, p)`` as a function of complex vectors."""
        tensor = self.third_tensor(y, p)
        return lambda u, v, w: np.einsum("ijkl,j,k,l->i", tensor, u, v, w)


def parameter_vector(model: Model, overrides: Mapping[str, float] | None = None):
    """Return ``model``'s parameter vector with ``overrides`` applied.

    Returns
    -------
    ndarray, shape (n_parameters,)

    Raises
    ------
    ModelError
        When a name is not a parameter or a value is out of bounds.
    """
    try:
        return model.parameter_vector_with(dict(overrides or {}))
    except ValueError as error:
        raise ModelError(str(error)) from None


def _compile_tensor(arguments, entries):
    indices = list(entries)
    if not indices:
        return indices, None
    return indices, lambdify_expressions(arguments, [entries[i] for i in indices])


def _evaluate_tensor(compiled, y, p, shape):
    indices, function = compiled
    tensor = np.zeros(shape, dtype=np.float64)
    if function is None:
        return tensor
    values = function(y, p)
    for index, value in zip(indices, values, strict=True):
        tensor[index] = value
    return tensor


@cached_by_structure
def numeric_model(model: Model) -> NumericModel:
    """Return the :class:`NumericModel` of ``model``, cached by its equations."""
    return NumericModel(model)
