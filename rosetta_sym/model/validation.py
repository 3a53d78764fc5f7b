"""Checks run when a model is declared. Each error names the offending item."""

from __future__ import annotations

import keyword
import unicodedata

import sympy as sp

from rosetta_sym.model.functions import AuxiliaryFunction, logistic

__all__ = ["ModelError", "check_name", "check_expression", "RESERVED_NAMES"]

#: Names that cannot be states, parameters, inputs or functions because model
#: files use them for time, constants and built-in functions.
RESERVED_NAMES = frozenset(
    {
        "t",
        "pi",
        "exp",
        "log",
        "sqrt",
        "sin",
        "cos",
        "tan",
        "tanh",
        "sinh",
        "cosh",
        "atan",
        "atan2",
        "abs",
        "Abs",
        "sign",
        "Min",
        "Max",
        "Heaviside",
        "where",
        "logistic",
        "True",
        "False",
    }
)

#: SymPy function classes allowed inside model expressions, besides the
#: model's own auxiliary functions.
ALLOWED_FUNCTIONS = (
    sp.exp,
    sp.log,
    sp.sin,
    sp.cos,
    sp.tan,
    sp.tanh,
    sp.sinh,
    sp.cosh,
    sp.atan,
    sp.atan2,
    sp.Abs,
    sp.Min,
    sp.Max,
    sp.Heaviside,
    sp.Piecewise,
    sp.sign,
    logistic,
)


class ModelError(ValueError):
    """A model declaration is malformed; the message names the item and the fix."""


def check_name(name: str, role: str) -> None:
    """Raise :class:`ModelError` unless ``name`` can name a ``role`` (e.g. "state")."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ModelError(
            f"{role} name {name!r} is not a valid identifier; use letters, digits "
            "and underscores, starting with a letter"
        )
    normalised = unicodedata.normalize("NFKC", name)
    if normalised != name:
        # Python reads identifiers in NFKC form, so "\ufb01" (the fi ligature)
        # in an expression or in generated code is the name "fi".
        raise ModelError(
            f"{role} name {name!r} changes under Unicode NFKC normalisation, "
            f"which Python applies to names, and would be read as {normalised!r}; "
            f"rename it to {normalised!r} or to another name"
        )
    if keyword.iskeyword(name):
        raise ModelError(
            f"{role} name {name!r} is a Python keyword; append an underscore "
            f"({name + '_'!r})"
        )
    if name.startswith("_"):
        raise ModelError(
            f"{role} name {name!r} starts with an underscore, which generated "
            "code reserves; rename it"
        )
    if name in RESERVED_NAMES:
        raise ModelError(
            f"{role} name {name!r} is reserved for time, a constant or a built-in "
            f"function; rename it (for example {name + '_'!r})"
        )


def check_expression(
    expr: sp.Expr,
    where: str,
    allowed_symbols: dict[str, sp.Symbol],
    functions: dict[str, type[AuxiliaryFunction]],
) -> None:
    """Raise :class:`ModelError` if ``expr`` uses anything undeclared.

    Parameters
    ----------
    expr : Expr
        Expression to check.
    where : str
        Human-readable location, such as ``"equation for x"``.
    allowed_symbols : dict
        Declared symbols by name (states, parameters, inputs, time).
    functions : dict
        Declared auxiliary functions by name.
    """
    if not isinstance(expr, sp.Expr):
        raise ModelError(f"{where}: {expr!r} is not a SymPy expression")
    if expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise ModelError(f"{where}: contains an infinite or undefined value ({expr})")
    if expr.has(sp.I):
        raise ModelError(
            f"{where}: contains the imaginary unit ({expr}); write complex "
            "equations as real and imaginary parts"
        )
    for constant in expr.atoms(sp.NumberSymbol):
        if constant not in (sp.pi, sp.E):
            raise ModelError(
                f"{where}: constant {constant} is not supported; use its numeric "
                "value (pi and E are supported)"
            )
    if expr.has(sp.Derivative, sp.Integral):
        raise ModelError(
            f"{where}: contains a derivative or integral; write the model as "
            "first-order equations (second_order_synapse() splits L[y] = rhs)"
        )
    for symbol in sorted(expr.free_symbols, key=str):
        declared = allowed_symbols.get(symbol.name)
        if declared is None:
            raise ModelError(
                f"{where}: symbol {symbol.name!r} is not a declared state, "
                "parameter or input (nor time 't'); declare it or fix the spelling"
            )
    for application in expr.atoms(sp.Function):
        function = type(application)
        if isinstance(application, AuxiliaryFunction):
            declared = functions.get(function.__name__)
            if declared is None:
                raise ModelError(
                    f"{where}: function {function.__name__!r} is not declared "
                    "in this model; add it to the model's functions"
                )
            if declared is not function:
                raise ModelError(
                    f"{where}: function {function.__name__!r} comes from another "
                    "define_function() call than the declared function of that "
                    "name; use the declared one"
                )
            continue
        if not issubclass(function, ALLOWED_FUNCTIONS):
            raise ModelError(
                f"{where}: function {function.__name__!r} is not supported; "
                "declare it as an auxiliary function with a body"
            )
