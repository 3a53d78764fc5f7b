"""Symbolic derivatives of a model's vector field.

All derivatives are of the autonomous system: every input symbol is set to
zero, because inputs carry forcing, noise and network coupling, which are
absent when a node is analysed alone. Auxiliary functions stay applied by name
and differentiate through their bodies, and the ``logistic`` primitive
differentiates to ``logistic * (1 - logistic)``, so the entries keep the
derivative-friendly sigmoid form and never turn into exponentials.
"""

from __future__ import annotations

import itertools

import sympy as sp

from rosetta_sym.analysis.caching import cached_by_structure
from rosetta_sym.model import TIME, Model, ModelError

__all__ = [
    "autonomous_rhs",
    "jacobian",
    "parameter_jacobian",
    "second_derivatives",
    "third_derivatives",
    "tidy",
]


def tidy(expr: sp.Expr) -> sp.Expr:
    """Pull out common factors without rewriting functions.

    ``sympy.simplify`` may rewrite ``logistic`` in terms of ``exp``; collecting
    common factors keeps every function application as it is.
    """
    return sp.factor_terms(expr)


def autonomous_rhs(model: Model) -> tuple[sp.Expr, ...]:
    """Return the right-hand sides with every input set to zero.

    Raises
    ------
    ModelError
        When an equation depends on time explicitly: such a model has no
        equilibria in the usual sense.
    """
    return _autonomous_rhs(model)


@cached_by_structure
def _autonomous_rhs(model: Model) -> tuple[sp.Expr, ...]:
    zero_inputs = {symbol: sp.S.Zero for symbol in model.input_symbols}
    result = tuple(expr.xreplace(zero_inputs) for expr in model.rhs)
    for name, expr in zip(model.state_names, result, strict=True):
        if expr.has(TIME):
            raise ModelError(
                f"model {model.name!r}: the equation for {name!r} depends on time "
                "t explicitly; equilibrium analysis needs an autonomous system, so "
                "move the time dependence into an input"
            )
    return result


def jacobian(model: Model) -> sp.Matrix:
    """Return the symbolic Jacobian ``d f_i / d x_j`` of the autonomous system.

    Returns
    -------
    Matrix, shape (n_states, n_states)
        Entries in the state, parameter and auxiliary-function symbols of
        ``model``, in units of 1 / (model time unit) times state units.
    """
    return _jacobian(model)


@cached_by_structure
def _jacobian(model: Model) -> sp.Matrix:
    rhs = autonomous_rhs(model)
    states = model.state_symbols
    return sp.ImmutableMatrix([[tidy(sp.diff(f, x)) for x in states] for f in rhs])


def parameter_jacobian(model: Model) -> sp.Matrix:
    """Return the derivatives ``d f_i / d p_k`` with respect to every parameter.

    Returns
    -------
    Matrix, shape (n_states, n_parameters)
        Columns in parameter declaration order. Parameters used inside an
        auxiliary function's body are included.
    """
    return _parameter_jacobian(model)


@cached_by_structure
def _parameter_jacobian(model: Model) -> sp.Matrix:
    rhs = autonomous_rhs(model)
    return sp.ImmutableMatrix(
        [[tidy(sp.diff(f, p)) for p in model.parameter_symbols] for f in rhs]
    )


@cached_by_structure
def second_derivatives(model: Model) -> dict[tuple[int, int, int], sp.Expr]:
    """Return the non-zero second derivatives ``d^2 f_i / dx_j dx_k``.

    The multilinear form is ``B(u, v)_i = sum_jk T[i, j, k] u_j v_k``.

    Returns
    -------
    dict
        ``(i, j, k) -> expression`` for every non-zero entry, including both
        orders ``(j, k)`` and ``(k, j)``.
    """
    jac = jacobian(model)
    states = model.state_symbols
    n = len(states)
    entries: dict[tuple[int, int, int], sp.Expr] = {}
    for i, j in itertools.product(range(n), range(n)):
        if jac[i, j] == 0:
            continue
        for k in range(j, n):
            value = sp.diff(jac[i, j], states[k])
            if value != 0:
                entries[(i, j, k)] = value
                entries[(i, k, j)] = value
    return entries


@cached_by_structure
def third_derivatives(model: Model) -> dict[tuple[int, int, int, int], sp.Expr]:
    """Return the non-zero third derivatives ``d^3 f_i / dx_j dx_k dx_l``.

    The multilinear form is ``C(u, v, w)_i = sum_jkl T[i, j, k, l] u_j v_k w_l``.

    Returns
    -------
    dict
        ``(i, j, k, l) -> expression`` for every non-zero entry and every
        permutation of ``(j, k, l)``.
    """
    second = second_derivatives(model)
    states = model.state_symbols
    n = len(states)
    entries: dict[tuple[int, int, int, int], sp.Expr] = {}
    for (i, j, k), expr in second.items():
        if k < j:
            continue
        for m in range(k, n):
            value = sp.diff(expr, states[m])
            if value == 0:
                continue
            for order in set(itertools.permutations((j, k, m))):
                entries[(i, *order)] = value
    return entries
