"""``sympy.solve`` with a time limit and a complexity guard.

SymPy has no built-in timeout. In the main thread the limit is enforced with
``SIGALRM``, which interrupts pure-Python SymPy code between bytecodes. In other
threads, on platforms without ``SIGALRM`` and while another interval timer is
running (``pytest-timeout``, say), only the complexity guard applies.
"""

from __future__ import annotations

import logging
import signal
import threading
from contextlib import contextmanager

import sympy as sp

from rosetta_sym.model import expand_auxiliary, logistic

__all__ = ["SolveTimeout", "time_limit", "solve_limited", "solvable_form"]

logger = logging.getLogger(__name__)

#: Largest operation count of a system that is passed to ``sympy.solve``.
MAX_OPERATIONS = 400


class SolveTimeout(Exception):
    """``sympy.solve`` did not finish within its time limit."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`SolveTimeout` in the block after ``seconds`` (main thread)."""
    usable = hasattr(signal, "SIGALRM") and (
        threading.current_thread() is threading.main_thread()
    )
    if usable and signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        usable = False
    if not usable or seconds <= 0:
        yield
        return

    def _raise(signum, frame):
        raise SolveTimeout(f"sympy.solve did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def solvable_form(expr: sp.Expr) -> sp.Expr:
    """Expand auxiliary functions and write ``logistic`` with ``exp``.

    ``sympy.solve`` inverts ``exp`` but not the ``logistic`` primitive, so this
    form is used for solving only, never for derivatives.
    """
    expanded = expand_auxiliary(expr)
    return expanded.replace(logistic, lambda u: 1 / (1 + sp.exp(-u)))


def solve_limited(equations, unknowns, seconds: float = 2.0) -> list[dict] | None:
    """Solve ``equations = 0`` for ``unknowns``, or return None.

    Returns
    -------
    list of dict or None
        Solutions as ``{unknown: expression}``; None when the system is too
        large (more than :data:`MAX_OPERATIONS` operations), SymPy cannot
        solve it, or it takes longer than ``seconds``. An empty list means
        SymPy found no solution, which callers must not read as proof that
        none exists.
    """
    equations = [solvable_form(e) for e in equations]
    size = sum(sp.count_ops(e) for e in equations)
    if size > MAX_OPERATIONS:
        logger.debug("system has %d operations; skipping sympy.solve", size)
        return None
    try:
        with time_limit(seconds):
            return sp.solve(equations, list(unknowns), dict=True)
    except SolveTimeout:
        logger.debug("sympy.solve timed out after %s s", seconds)
        return None
    except (NotImplementedError, ValueError, TypeError, RecursionError) as error:
        # NOTE: sympy.solve signals "cannot solve" with several exception types.
        logger.debug("sympy.solve failed: %s", error)
        return None
