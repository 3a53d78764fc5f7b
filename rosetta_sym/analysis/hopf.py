"""Hopf conditions: symbolic (trace/determinant, Hurwitz) and numerical tests.

A Hopf point is an equilibrium with a simple pair of purely imaginary
eigenvalues ``+-i omega`` (``omega > 0``). In two dimensions that is
``tr J = 0`` with ``det J > 0``, and then ``omega^2 = det J``. A point with
``tr J = 0`` and ``det J < 0`` has the real pair ``+-sqrt(-det J)``: a neutral
saddle, not a Hopf point.

In n dimensions, write the characteristic polynomial as
``det(lambda I - J) = lambda^n + a_1 lambda^(n-1) + ... + a_n`` and let
``Delta_k`` be the leading k-by-k minors of its Hurwitz matrix
``H[i, j] = a_(2j - i)`` (1-based, ``a_0 = 1``, ``a_k = 0`` outside 0..n).
Hopf points satisfy ``Delta_(n-1) = 0`` with ``a_n > 0`` and
``Delta_1, ..., Delta_(n-2) > 0``, and then
``omega^2 = a_n Delta_(n-3) / Delta_(n-2)`` with ``Delta_0 = 1``. The tests
check both against companion matrices with known roots for n = 3, 4 and 5.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.polys.matrices import DomainMatrix

from rosetta_sym.analysis.caching import cached_by_structure
from rosetta_sym.analysis.derivatives import jacobian, tidy
from rosetta_sym.io import print_expression
from rosetta_sym.model import Model

__all__ = [
    "HopfCondition",
    "hopf_condition",
    "hurwitz_matrix",
    "hurwitz_determinants",
    "hopf_test_function",
    "critical_pair",
]


@dataclass(frozen=True)
class HopfCondition:
    """Analytic Hopf condition of a model.

    Attributes
    ----------
    equation : Expr
        Vanishes at a Hopf point: ``tr J`` in two dimensions, the Hurwitz
        determinant ``Delta_(n-1)`` in n dimensions (and ``J[0, 0]`` in one
        dimension, which has no Hopf points: the list of inequalities then
        contains the unsatisfiable ``-1``).
    inequalities : tuple of Expr
        Each is positive at a Hopf point.
    omega_squared : Expr
        Square of the angular frequency at a Hopf point.
    coefficients : dict of Symbol to Expr
        Characteristic polynomial coefficients ``a_k`` used by ``equation``
        and ``inequalities`` (empty in two dimensions, which use ``J``).
    """

    equation: sp.Expr
    inequalities: tuple[sp.Expr, ...]
    omega_squared: sp.Expr
    coefficients: dict[sp.Symbol, sp.Expr]

    def as_strings(self) -> list[str]:
        """Return the condition as readable lines, one relation per line."""
        text = print_expression
        lines = [f"{s} = {text(e)}" for s, e in self.coefficients.items()]
        lines.append(f"{text(self.equation)} = 0")
        lines.extend(f"{text(e)} > 0" for e in self.inequalities)
        lines.append(f"omega**2 = {text(self.omega_squared)}")
        return lines


def hurwitz_matrix(coefficients) -> sp.Matrix:
    """Return the Hurwitz matrix of ``lambda^n + a_1 lambda^(n-1) + ... + a_n``.

    Parameters
    ----------
    coefficients : sequence, length n
        ``a_1, ..., a_n`` (symbols, expressions or numbers).
    """
    a = [sp.S.One, *coefficients]
    n = len(coefficients)

    def entry(i: int, j: int):
        index = 2 * (j + 1) - (i + 1)
        return a[index] if 0 <= index <= n else sp.S.Zero

    return sp.Matrix(n, n, entry)


def hurwitz_determinants(coefficients, count: int | None = None) -> list[sp.Expr]:
    """Return ``[Delta_1, ..., Delta_count]`` of the Hurwitz matrix (expanded).

    ``count`` defaults to n, the degree.
    """
    matrix = hurwitz_matrix(coefficients)
    count = matrix.shape[0] if count is None else count
    determinants = []
    for k in range(1, count + 1):
        # Fraction-free elimination over the polynomial ring of the entries is
        # much faster than expanding a symbolic determinant.
        block = DomainMatrix.from_Matrix(matrix[:k, :k])
        determinants.append(block.domain.to_sympy(block.det()))
    return determinants


def hopf_condition(model: Model) -> HopfCondition:
    """Derive the analytic Hopf condition of ``model`` (inputs set to zero).

    Returns
    -------
    HopfCondition
        In two dimensions: ``tr J = 0``, ``det J > 0``, ``omega^2 = det J`` in
        the model's symbols. In n >= 3 dimensions: the Hurwitz conditions in the
        characteristic polynomial coefficients ``a_k``, which are given as
        expressions of the Jacobian entries.
    """
    return _hopf_condition(model)


@cached_by_structure
def _hopf_condition(model: Model) -> HopfCondition:
    jac = sp.Matrix(jacobian(model))
    n = jac.shape[0]
    if n == 1:
        return HopfCondition(jac[0, 0], (sp.S.NegativeOne,), sp.S.Zero, {})
    if n == 2:
        trace = tidy(jac.trace())
        det = tidy(jac[0, 0] * jac[1, 1] - jac[0, 1] * jac[1, 0])
        return HopfCondition(trace, (det,), det, {})
    polynomial = _characteristic_coefficients(jac)
    symbols = sp.symbols(f"a1:{n + 1}", real=True)
    deltas = hurwitz_determinants(symbols, n - 1)
    inequalities = (symbols[-1], *deltas[: n - 2])
    delta_before = sp.S.One if n == 3 else deltas[n - 4]
    omega_squared = symbols[-1] * delta_before / deltas[n - 3]
    coefficients = {s: tidy(c) for s, c in zip(symbols, polynomial, strict=True)}
    return HopfCondition(deltas[n - 2], inequalities, omega_squared, coefficients)


def _characteristic_coefficients(jac: sp.Matrix) -> list[sp.Expr]:
    """Return ``a_1, ..., a_n`` of ``det(lambda I - J)``.

    Compound entries are replaced by placeholder symbols for the Berkowitz
    algorithm and substituted back afterwards, which is much faster than
    expanding products of sigmoid expressions.
    """
    placeholders: dict[sp.Dummy, sp.Expr] = {}

    def placeholder(entry: sp.Expr) -> sp.Expr:
        if entry.is_Atom:
            return entry
        symbol = sp.Dummy("j")
        placeholders[symbol] = entry
        return symbol

    lam = sp.Dummy("lambda")
    coefficients = jac.applyfunc(placeholder).charpoly(lam).all_coeffs()[1:]
    return [c.xreplace(placeholders) for c in coefficients]


def hopf_test_function(values: np.ndarray) -> float:
    """Return ``prod_(i<j) (lambda_i + lambda_j)``, real for a real matrix.

    Up to sign this is the Hurwitz determinant ``Delta_(n-1)`` (Orlando's
    formula), so it changes sign where a complex pair crosses the imaginary
    axis, and also where a real pair ``+-lambda`` passes through a neutral
    saddle. :func:`critical_pair` distinguishes the two.
    """
    values = np.asarray(values, dtype=complex)
    product = complex(1.0)
    for i, j in itertools.combinations(range(values.size), 2):
        product *= values[i] + values[j]
    return float(product.real)


def critical_pair(values: np.ndarray) -> tuple[complex, complex]:
    """Return the eigenvalue pair with the smallest ``|lambda_i + lambda_j|``.

    At a zero of :func:`hopf_test_function` this is the pair that caused it:
    complex conjugates at a Hopf point, a real ``+-lambda`` at a neutral saddle.
    """
    values = np.asarray(values, dtype=complex)
    best = None
    for i, j in itertools.combinations(range(values.size), 2):
        size = abs(values[i] + values[j])
        if best is None or size < best[0]:
            best = (size, values[i], values[j])
    if best is None:
        raise ValueError("a critical pair needs at least two eigenvalues")
    return best[1], best[2]
