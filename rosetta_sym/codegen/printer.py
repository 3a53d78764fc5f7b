"""A SymPy code printer for scalar float64 numba code.

:class:`NumbaPrinter` subclasses SymPy's ``PythonCodePrinter`` and prints
``math.`` functions, float64 literals, small integer powers as products,
Piecewise as conditional expressions (only the taken branch is evaluated) and
``logistic`` as a call of the overflow-free helper ``_logistic`` that every
generated module defines. Expressions must have gone through
:func:`rosetta_sym.codegen.rewrites.apply_rewrites` first.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.pycode import PythonCodePrinter

from rosetta_sym.model import logistic

__all__ = ["NumbaPrinter", "print_expression", "LOGISTIC_HELPER"]

#: Name of the logistic helper defined in every generated module.
LOGISTIC_HELPER = "_logistic"

#: Largest absolute integer exponent printed as repeated multiplication.
#: Beyond it, ``x**n`` with an integer ``n`` lets LLVM choose (``powi``).
MAX_MULTIPLIED_POWER = 4


class NumbaPrinter(PythonCodePrinter):
    """Print SymPy expressions as scalar Python code that numba compiles in
    nopython mode.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> NumbaPrinter().doprint(x**3 + sp.Rational(1, 3) * x)
    '(x*x*x) + (1.0/3.0)*x'
    """

    printmethod = "_numbacode"
    language = "Python (numba nopython mode)"
    _default_settings = {
        **PythonCodePrinter._default_settings,
        "fully_qualified_modules": True,
        "strict": True,
    }

    def parenthesize(self, item, level, strict=False) -> str:
        # Such a rational prints as one decimal literal (0.5, 0.1), which needs
        # no parentheses in any context.
        if _is_decimal_literal(item):
            return self._print(item)
        return super().parenthesize(item, level, strict)

    def _print_Integer(self, expr: sp.Integer) -> str:
        return f"{int(expr)}.0"

    def _print_Rational(self, expr: sp.Rational) -> str:
        if _is_decimal_literal(expr) or _is_decimal_literal(-expr):
            return repr(float(expr))
        return f"{expr.p}.0/{expr.q}.0"

    def _print_Half(self, expr) -> str:
        return "0.5"

    def _print_Float(self, expr: sp.Float) -> str:
        return repr(float(expr))

    def _print_NaN(self, expr) -> str:
        return "math.nan"

    def _print_Infinity(self, expr) -> str:
        return "math.inf"

    def _print_NegativeInfinity(self, expr) -> str:
        return "(-math.inf)"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exponent = expr.as_base_exp()
        if exponent.is_Integer and 1 <= abs(int(exponent)) <= MAX_MULTIPLIED_POWER:
            factor = self.parenthesize(base, PRECEDENCE["Mul"], strict=True)
            product = "*".join([factor] * abs(int(exponent)))
            if exponent > 0:
                return f"({product})"
            return f"(1.0/({product}))" if abs(exponent) > 1 else f"(1.0/{factor})"
        if exponent == sp.S.Half:
            return f"math.sqrt({self._print(base)})"
        if exponent == -sp.S.Half:
            return f"(1.0/math.sqrt({self._print(base)}))"
        base_text = self.parenthesize(base, PRECEDENCE["Pow"], strict=True)
        if exponent.is_Integer:
            return f"{base_text}**{int(exponent)}"
        exponent_text = self.parenthesize(exponent, PRECEDENCE["Pow"], strict=True)
        return f"{base_text}**{exponent_text}"

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        *branches, (default, last_condition) = expr.args
        if last_condition != sp.true:
            raise ValueError(
                f"Piecewise {expr} has no default (True) branch; apply "
                "rosetta_sym.codegen.rewrites.apply_rewrites before printing"
            )
        text = self._print(default)
        for value, condition in reversed(branches):
            text = f"({self._print(value)} if {self._print(condition)} else {text})"
        return text

    def _print_logistic(self, expr: logistic) -> str:
        return f"{LOGISTIC_HELPER}({self._print(expr.args[0])})"

    def _print_Abs(self, expr: sp.Abs) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_min_max(self, name: str, args) -> str:
        # Arguments in SymPy's canonical order, so the text is deterministic.
        printed = ", ".join(self._print(a) for a in sp.ordered(args))
        return f"{name}({printed})"

    def _print_Min(self, expr: sp.Min) -> str:
        return self._print_min_max("min", expr.args)

    def _print_Max(self, expr: sp.Max) -> str:
        return self._print_min_max("max", expr.args)


def _is_decimal_literal(expr) -> bool:
    """Tell whether ``expr`` is a positive non-integer rational whose shortest
    float64 ``repr`` reads back as the same rational (0.5, 0.1, not 1/3)."""
    if not isinstance(expr, sp.Rational) or expr.is_Integer or expr <= 0:
        return False
    return sp.Rational(repr(float(expr))) == expr


def print_expression(expr: sp.Expr) -> str:
    """Print one rewritten expression as numba-safe Python source.

    Parameters
    ----------
    expr : Expr
        Expression after :func:`~rosetta_sym.codegen.rewrites.apply_rewrites`.

    Returns
    -------
    str
        One Python expression.
    """
    return NumbaPrinter().doprint(expr)
