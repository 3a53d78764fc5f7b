"""Expression rewrites applied before printing, in the order of :data:`REWRITES`.

Each rewrite is a small function from a SymPy expression to an equivalent
expression that the numba printer can emit directly:

>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> apply_rewrites(sp.Heaviside(x))
Piecewise((0, x < 0), (1/2, Eq(x, 0)), (1, True))
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from rosetta_sym.model import expand_auxiliary

__all__ = [
    "REWRITES",
    "apply_rewrites",
    "expand_auxiliary_functions",
    "heaviside_to_piecewise",
    "sign_to_piecewise",
    "dirac_delta_to_zero",
    "piecewise_with_default",
]


def expand_auxiliary_functions(expr: sp.Expr) -> sp.Expr:
    """Replace auxiliary functions (e.g. a sigmoid) by their bodies."""
    return expand_auxiliary(expr)


def heaviside_to_piecewise(expr: sp.Expr) -> sp.Expr:
    """Write ``Heaviside(x, h0)`` as a Piecewise that takes ``h0`` at ``x = 0``.

    ``Heaviside(x)`` carries SymPy's default value 1/2 at zero (checked with
    SymPy 1.14), and a model may fix another value with ``Heaviside(x, h0)``.
    """

    def to_piecewise(*args):
        argument = args[0]
        at_zero = args[1] if len(args) > 1 else sp.S.Half
        return sp.Piecewise(
            (sp.S.Zero, argument < 0),
            (at_zero, sp.Eq(argument, 0)),
            (sp.S.One, True),
        )

    return expr.replace(sp.Heaviside, to_piecewise)


def sign_to_piecewise(expr: sp.Expr) -> sp.Expr:
    """Write ``sign(x)`` as a Piecewise (-1, 0 or 1), the derivative of ``Abs``."""

    def to_piecewise(argument):
        return sp.Piecewise(
            (-sp.S.One, argument < 0),
            (sp.S.Zero, sp.Eq(argument, 0)),
            (sp.S.One, True),
        )

    return expr.replace(sp.sign, to_piecewise)


def dirac_delta_to_zero(expr: sp.Expr) -> sp.Expr:
    """Replace ``DiracDelta`` (the derivative of a step) by zero.

    NOTE: the Jacobian of a model with Heaviside, sign or Piecewise jumps is the
    derivative almost everywhere, so it misses the impulse at each jump.
    """
    return expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)


def piecewise_with_default(expr: sp.Expr) -> sp.Expr:
    """Give every Piecewise a final ``True`` branch.

    A Piecewise whose conditions do not cover every case is undefined outside
    them. The added default branch is NaN, so an uncovered case shows up in the
    results instead of passing silently.
    """

    def with_default(*pairs):
        if pairs[-1][1] == sp.true:
            return sp.Piecewise(*pairs)
        return sp.Piecewise(*pairs, (sp.nan, True))

    return expr.replace(sp.Piecewise, with_default)


#: Rewrites in the order they run. Auxiliary functions are expanded first because
#: their bodies may contain steps, and the default branch is added last, after
#: every rewrite that creates a Piecewise.
REWRITES: tuple[Callable[[sp.Expr], sp.Expr], ...] = (
    expand_auxiliary_functions,
    heaviside_to_piecewise,
    sign_to_piecewise,
    dirac_delta_to_zero,
    piecewise_with_default,
)


def apply_rewrites(expr: sp.Expr) -> sp.Expr:
    """Apply every rewrite of :data:`REWRITES` to ``expr``, in order."""
    for rewrite in REWRITES:
        expr = rewrite(expr)
    return expr
