"""Closed-form equilibria of polynomial and rational vector fields.

The numerators of the right-hand sides are reduced to a lexicographic Groebner
basis, which is triangular: its last polynomial involves the last state only.
Its roots are computed with ``Poly.nroots`` (17 digits) and substituted back
one state at a time. When that fails, ``sympy.solve`` is tried. Both run
under a time limit and only for models with at most :data:`MAX_STATES`
states. The constant ``pi`` is replaced by the rational of its float64 value
before elimination, because SymPy's Groebner bases over ``QQ(pi)`` are slow.
Every candidate is then checked against the original equations by Newton
polishing, which drops spurious roots (zeros of a denominator, say).
"""

from __future__ import annotations

import logging

import mpmath
import numpy as np
import sympy as sp

from rosetta_sym.analysis.derivatives import autonomous_rhs
from rosetta_sym.analysis.symbolic_solve import SolveTimeout, solve_limited, time_limit
from rosetta_sym.model import Model

__all__ = ["closed_form_equilibria"]

logger = logging.getLogger(__name__)

#: Time limits in seconds of ``sympy.solve`` and of the Groebner route.
SOLVE_SECONDS = 1.5
GROEBNER_SECONDS = 5.0

#: Largest number of states for which the closed-form tier is attempted.
MAX_STATES = 4

#: Largest number of candidate equilibria followed through back-substitution.
MAX_CANDIDATES = 256


def closed_form_equilibria(model: Model, p: np.ndarray) -> list[np.ndarray] | None:
    """Return candidate equilibria of a polynomial or rational model, or None.

    Parameters
    ----------
    model : Model
    p : ndarray, shape (n_parameters,)

    Returns
    -------
    list of ndarray or None
        Real candidates, shape (n_states,) each, still to be polished; None
        when the system is not rational in the states or both methods fail.
    """
    values = {
        symbol: sp.Rational(repr(float(v)))
        for symbol, v in zip(model.parameter_symbols, p, strict=True)
    }
    if model.n_states > MAX_STATES:
        return None
    pi = {sp.pi: sp.Rational(repr(float(sp.pi)))}
    equations = [e.xreplace(values).xreplace(pi) for e in autonomous_rhs(model)]
    states = model.state_symbols
    if not all(e.is_rational_function(*states) for e in equations):
        return None
    try:
        with time_limit(GROEBNER_SECONDS):
            points = _groebner(equations, states)
    except SolveTimeout:
        logger.debug("Groebner route timed out after %s s", GROEBNER_SECONDS)
        points = None
    if points is not None:
        return points
    solutions = solve_limited(equations, states, SOLVE_SECONDS)
    if solutions:
        return _from_solutions(solutions, states)
    return None


def _from_solutions(solutions, states) -> list[np.ndarray] | None:
    points = []
    for solution in solutions:
        if any(s not in solution for s in states):
            # NOTE: a family of equilibria (a free state) is not reported; the
            # other tiers then look for isolated equilibria.
            return None
        try:
            vector = np.array([complex(sp.N(solution[s])) for s in states])
        except TypeError:
            return None
        if _is_real(vector):
            points.append(vector.real)
    return points


def _is_real(vector: np.ndarray) -> bool:
    return bool(np.max(np.abs(vector.imag)) <= 1e-8 * max(1.0, np.max(np.abs(vector))))


def _groebner(equations, states) -> list[np.ndarray] | None:
    numerators = [sp.numer(sp.together(e)) for e in equations]
    try:
        basis = sp.groebner(numerators, *states, order="lex")
    except (sp.PolificationFailed, sp.GeneratorsNeeded) as error:
        logger.debug("Groebner basis failed: %s", error)
        return None
    polynomials = [sp.Poly(g, *states) for g in basis.exprs]
    if any(g.is_ground and not g.is_zero for g in polynomials):
        return []
    partial: list[dict] = [{}]
    # Lexicographic order eliminates the first states first, so the last
    # basis polynomials involve only the last states.
    for state in reversed(states):
        extended = []
        for known in partial:
            roots = _roots_for(polynomials, state, known)
            if roots is None:
                return None
            extended.extend({**known, state: root} for root in roots)
        partial = extended[:MAX_CANDIDATES]
    points = []
    for candidate in partial:
        vector = np.array([complex(candidate[s]) for s in states])
        if _is_real(vector):
            points.append(vector.real)
    return points


def _roots_for(polynomials, state, known) -> list[complex] | None:
    """Return the roots in ``state`` of the first basis polynomial that
    involves only ``state`` and the already known states."""
    known_symbols = set(known)
    for poly in polynomials:
        degrees = zip(poly.gens, poly.degree_list(), strict=True)
        generators = {g for g, degree in degrees if degree > 0}
        if state not in generators or not generators <= known_symbols | {state}:
            continue
        numbers = {k: _sympy_number(v) for k, v in known.items()}
        substituted = poly.as_expr().subs(numbers)
        univariate = sp.Poly(sp.expand(substituted), state)
        if univariate.is_zero:
            continue
        if univariate.degree() == 0:
            return []
        try:
            return [complex(root) for root in univariate.nroots(n=17, maxsteps=200)]
        except (mpmath.libmp.NoConvergence, sp.polys.polyerrors.PolynomialError):
            # No roots to this precision: the caller falls through to the
            # numeric tier.
            return None
    return None


def _sympy_number(value: complex) -> sp.Expr:
    value = complex(value)
    if value.imag == 0:
        return sp.Float(value.real, 17)
    return sp.Float(value.real, 17) + sp.I * sp.Float(value.imag, 17)
