"""SymPy functions that models use: the logistic primitive and auxiliary functions.

The logistic ``logistic(u) = 1 / (1 + exp(-u))`` is the one sigmoid primitive.
Its derivative is written in terms of itself, ``logistic(u) * (1 - logistic(u))``,
so every Jacobian of a sigmoid rung keeps the derivative-friendly form
``sigma' = r sigma (1 - sigma / (2 e0))`` and the code printer can evaluate it
without overflow.

Auxiliary functions (``sigma_x``, the QIF rate function, ...) are named
functions with a body. They print under their own name, and differentiation
expands them: the chain rule uses the body's derivative with respect to
each argument, plus the body's explicit dependence on model parameters.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["logistic", "make_auxiliary_function", "is_auxiliary", "expand_auxiliary"]


class logistic(sp.Function):  # noqa: N801 - SymPy functions are lower case
    """Standard logistic function ``1 / (1 + exp(-u))``."""

    nargs = 1

    @classmethod
    def eval(cls, u):
        if u.is_Number:
            return 1 / (1 + sp.exp(-u))
        return None

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sp.ArgumentIndexError(self, argindex)
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, u, **kwargs):
        return 1 / (1 + sp.exp(-u))

    def _eval_rewrite_as_tanh(self, u, **kwargs):
        return (1 + sp.tanh(u / 2)) / 2

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


class AuxiliaryFunction(sp.Function):
    """Base class of the named functions a model declares.

    Subclasses are made by :func:`make_auxiliary_function` and carry
    ``_arguments`` (the dummy argument symbols) and ``_body``.
    """

    _arguments: tuple[sp.Symbol, ...] = ()
    _body: sp.Expr = sp.S.Zero

    @classmethod
    def body_at(cls, args) -> sp.Expr:
        """Return the body with the dummy arguments replaced by ``args``."""
        mapping = dict(zip(cls._arguments, args, strict=True))
        return cls._body.xreplace(mapping)

    @property
    def free_symbols(self):
        # Parameters used inside the body count as free symbols, so that
        # differentiation with respect to them is not short-cut to zero.
        hidden = self._body.free_symbols - set(self._arguments)
        return super().free_symbols | hidden

    def fdiff(self, argindex=1):
        if not 1 <= argindex <= len(self._arguments):
            raise sp.ArgumentIndexError(self, argindex)
        derivative = sp.diff(self._body, self._arguments[argindex - 1])
        return derivative.xreplace(dict(zip(self._arguments, self.args, strict=True)))

    def _eval_derivative(self, s):
        # Chain rule through the arguments, then the body's explicit
        # dependence on s (a parameter used inside the body).
        total = super()._eval_derivative(s)
        if s in self._body.free_symbols and s not in self._arguments:
            total += sp.diff(self._body, s).xreplace(
                dict(zip(self._arguments, self.args, strict=True))
            )
        return total

    def _eval_evalf(self, prec):
        return self.body_at(self.args)._eval_evalf(prec)

    def _eval_is_real(self):
        return self.body_at(self.args).is_real


def make_auxiliary_function(
    name: str, arguments: tuple[sp.Symbol, ...], body: sp.Expr
) -> type[AuxiliaryFunction]:
    """Create the SymPy function class of an auxiliary function.

    Parameters
    ----------
    name : str
        Name the function prints under.
    arguments : tuple of Symbol
        Dummy argument symbols used in ``body``.
    body : Expr
        Definition in terms of ``arguments`` and model parameters.
    """
    return type(
        name,
        (AuxiliaryFunction,),
        {
            "nargs": len(arguments),
            "_arguments": tuple(arguments),
            "_body": body,
            "__module__": __name__,
        },
    )


def is_auxiliary(expr: sp.Basic) -> bool:
    """Tell whether ``expr`` is an application of an auxiliary function."""
    return isinstance(expr, AuxiliaryFunction)


def expand_auxiliary(expr: sp.Expr) -> sp.Expr:
    """Replace every auxiliary function application by its body, recursively."""
    while True:
        applications = {f for f in expr.atoms(sp.Function) if is_auxiliary(f)}
        if not applications:
            return expr
        # Innermost first is not needed: each pass expands the outermost
        # applications, and the loop repeats until none are left.
        expr = expr.xreplace({f: type(f).body_at(f.args) for f in applications})
