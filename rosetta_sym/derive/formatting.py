"""Plain-text formulas with numeric coefficients, signs written once.

Reductions describe their results as text such as
``H(psi) ~ h0 + K sin(psi - lag)``. Inserting a negative number after a minus
sign would print ``psi - -0.006``; these helpers print ``psi + 0.006``.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["coupling_function_text", "format_difference", "format_sum"]


def format_difference(name: str, value: float, spec: str = ".6g") -> str:
    """Return ``name - value`` with the sign folded in.

    Parameters
    ----------
    name : str
        Left operand, such as ``"psi"``.
    value : float
        Number subtracted from ``name``.
    spec : str
        Format specification of the number.

    Returns
    -------
    str
        ``"psi - 0.5"`` for 0.5, ``"psi + 0.5"`` for -0.5 and ``"psi"`` when the
        number prints as zero.
    """
    magnitude = format(abs(value), spec)
    if float(magnitude) == 0.0:
        return name
    sign = "+" if value < 0 else "-"
    return f"{name} {sign} {magnitude}"


def format_sum(terms: Sequence[tuple[float, str]], spec: str = ".6g") -> str:
    """Return the sum of ``coefficient factor`` terms with signs written once.

    Parameters
    ----------
    terms : sequence of (float, str)
        Coefficient and factor of each term; an empty factor gives a constant.
    spec : str
        Format specification of the coefficients.

    Returns
    -------
    str
        For example ``"0.1 - 2 sin(psi)"`` for ``[(0.1, ""), (-2, "sin(psi)")]``.
    """
    parts = []
    for index, (coefficient, factor) in enumerate(terms):
        magnitude = format(abs(coefficient), spec)
        term = f"{magnitude} {factor}" if factor else magnitude
        if index == 0:
            parts.append(f"-{term}" if coefficient < 0 else term)
        else:
            parts.append(f"{'-' if coefficient < 0 else '+'} {term}")
    return " ".join(parts)


def coupling_function_text(h0: float, K: float, lag: float) -> str:
    """Return the first-harmonic coupling function ``h0 + K sin(psi - lag)``."""
    return format_sum([(h0, ""), (K, f"sin({format_difference('psi', lag)})")])
