"""Symbolic elimination behind equilibrium curves.

:func:`eliminate` solves the equilibrium equations for one parameter and
every state but one, one unknown at a time, and rejects any step that could
lose equilibria (see :func:`_inversion_is_safe`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from rosetta_sym.analysis.symbolic_solve import solvable_form, solve_limited
from rosetta_sym.model import Model

__all__ = ["eliminate"]

#: Time limit of each one-unknown ``sympy.solve`` call, in seconds. The
#: structural checks pass only invertible chains, which SymPy solved in under
#: half a second for every built-in rung, so the limit guards against
#: pathological cases only.
SOLVE_SECONDS = 10.0


def _occurrences(expr: sp.Expr, symbol: sp.Symbol) -> int:
    return sum(1 for node in sp.preorder_traversal(expr) if node == symbol)


def eliminate(
    model: Model, equations: Sequence[sp.Expr], state_name: str, target: sp.Symbol
) -> dict[str, sp.Expr] | None:
    """Solve the equilibrium equations one unknown at a time, or return None.

    Each equation is solved with the unknowns found earlier kept as symbols,
    so every ``sympy.solve`` call stays small. The solutions are composed in
    solving order at the end.

    Parameters
    ----------
    model : Model
    equations : sequence of Expr, length n_states
        Right-hand sides with every input except ``target`` set to zero.
    state_name : str
        The state kept free (the curve parameter ``s``).
    target : Symbol
        The parameter or input to solve for.

    Returns
    -------
    dict of str to Expr or None
        ``target`` and every other state as expressions in ``s`` and the
        remaining parameters; None when some step cannot be solved safely.
    """
    state = model.symbols[state_name]
    states = set(model.state_symbols)
    unknowns = {s for s in model.state_symbols if s != state} | {target}
    remaining = dict(enumerate(solvable_form(e) for e in equations))
    order: list[tuple[sp.Symbol, sp.Expr]] = []
    failed: set[tuple[int, sp.Symbol]] = set()
    while unknowns:
        candidates = []
        for index, equation in remaining.items():
            present = equation.free_symbols & unknowns
            if len(present) != 1:
                continue
            unknown = next(iter(present))
            if (index, unknown) in failed or _occurrences(equation, unknown) != 1:
                continue
            if not _inversion_is_safe(equation, unknown, states):
                continue
            linear = not sp.diff(equation, unknown).has(unknown)
            candidates.append((not linear, index, unknown))
        progress = False
        for _, index, unknown in sorted(candidates, key=lambda c: (c[0], c[1])):
            solution = _solve_one(remaining[index], unknown)
            if solution is None:
                failed.add((index, unknown))
                continue
            order.append((unknown, solution))
            unknowns.discard(unknown)
            del remaining[index]
            progress = True
            break
        if not progress:
            return None
    solved: dict[sp.Symbol, sp.Expr] = {}
    for unknown, solution in order:
        solved[unknown] = solution.xreplace(solved)
    for equation in remaining.values():
        if sp.simplify(equation.xreplace(solved)) != 0:
            return None
    return {symbol.name: expr for symbol, expr in solved.items()}


def _inversion_is_safe(equation: sp.Expr, unknown: sp.Symbol, states: set) -> bool:
    """Tell whether solving ``equation`` for ``unknown`` loses no equilibria.

    Dividing by a factor that contains states drops the equilibria where that
    factor vanishes: ``mu x + 2 y - x**3 = 0`` solved for ``mu`` loses the
    branch ``x = 0`` that exists for every ``mu``. Such a factor is accepted
    only at the top level, when the terms free of ``unknown`` form a non-zero
    constant of the states (``Delta / (pi tau) + 2 r v = 0`` cannot hold at
    ``r = 0``). Below the top level, the path from the root to ``unknown`` may
    pass through sums, products with state-free factors, powers with
    state-free exponents or bases, and one-argument functions only.
    """
    # Factors free of states (1 / tau, say) do not change the solution set.
    while equation.is_Mul:
        kept = [f for f in equation.args if f.has(unknown) or f.free_symbols & states]
        if len(kept) == len(equation.args):
            break
        equation = sp.Mul(*kept)
    terms = sp.Add.make_args(equation)
    rest = sp.Add(*[t for t in terms if not t.has(unknown)])
    (term,) = [t for t in terms if t.has(unknown)]
    factors = sp.Mul.make_args(term)
    (inner,) = [f for f in factors if f.has(unknown)]
    if any(f.free_symbols & states for f in factors if not f.has(unknown)):
        if rest == 0 or rest.free_symbols & states:
            return False
    return _path_is_safe(inner, unknown, states)


def _path_is_safe(expr: sp.Expr, unknown: sp.Symbol, states: set) -> bool:
    if expr == unknown:
        return True
    if expr.is_Add or expr.is_Mul:
        (inner,) = [a for a in expr.args if a.has(unknown)]
        others = [a for a in expr.args if not a.has(unknown)]
        if expr.is_Mul and any(o.free_symbols & states for o in others):
            return False
        return _path_is_safe(inner, unknown, states)
    if expr.is_Pow:
        base, exponent = expr.args
        if base.has(unknown) and not exponent.free_symbols & states:
            return _path_is_safe(base, unknown, states)
        if exponent.has(unknown) and not base.free_symbols & states:
            return _path_is_safe(exponent, unknown, states)
        return False
    if isinstance(expr, sp.Function) and len(expr.args) == 1:
        return _path_is_safe(expr.args[0], unknown, states)
    return False


def _solve_one(equation: sp.Expr, unknown: sp.Symbol) -> sp.Expr | None:
    derivative = sp.diff(equation, unknown)
    if not derivative.has(unknown):
        if derivative == 0:
            return None
        return -equation.xreplace({unknown: sp.S.Zero}) / derivative
    solutions = solve_limited([equation], [unknown], SOLVE_SECONDS)
    # NOTE: equations with several solution branches (a quadratic, say) are
    # not split into several curves; such models use arclength continuation.
    if not solutions or len(solutions) != 1 or unknown not in solutions[0]:
        return None
    return solutions[0][unknown]
