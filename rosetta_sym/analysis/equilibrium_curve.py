"""Parametrised equilibrium curves: one parameter and every state as functions
of a single state.

Drives enter many neural mass models linearly or through one invertible
function (a sigmoid, a square), so the equilibrium equations can often be
solved one unknown at a time. Choose a state ``s``. Then repeatedly take an
equation with exactly one remaining unknown (another state or the parameter)
that occurs in it once, and solve it. When that succeeds, every equilibrium
branch is an explicit curve ``(p(s), x(s))``, which finds all equilibria over
an interval without numerical root finding. Wilson-Cowan, Jansen-Rit, the
quadratic integrate-and-fire mean fields and ING have such curves for their
drive parameters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from rosetta_sym.analysis.caching import cached_by_structure
from rosetta_sym.analysis.curve_elimination import eliminate
from rosetta_sym.analysis.numeric import LAMBDIFY_MODULES
from rosetta_sym.analysis.symbolic_solve import solvable_form
from rosetta_sym.model import TIME, Model, ModelError

__all__ = ["EquilibriumCurve", "equilibrium_curve", "CurvePiece", "default_box"]

logger = logging.getLogger(__name__)


@dataclass
class CurvePiece:
    """Samples of one connected piece of an equilibrium curve.

    ``s`` (shape (m,)) is increasing; ``values`` (m,) are parameter values and
    ``states`` (m, n_states) the equilibria.
    """

    s: np.ndarray
    values: np.ndarray
    states: np.ndarray
    domain_edges: tuple[bool, bool] = (False, False)


@dataclass
class EquilibriumCurve:
    """Equilibria as explicit functions of one state ``s``.

    Attributes
    ----------
    model : Model
    parameter : str
        Name of the parameter (or input) solved for.
    state : str
        Name of the parametrising state.
    expressions : dict of str to Expr
        The parameter and every other state as expressions in ``s`` and the
        remaining parameters.
    """

    model: Model
    parameter: str
    state: str
    expressions: dict[str, sp.Expr]
    _function: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        s = self.model.symbols[self.state]
        ordered = [self.expressions[self.parameter]] + [
            self.expressions.get(name, s) for name in self.model.state_names
        ]
        arguments = [s, list(self.model.parameter_symbols)]
        self._function = sp.lambdify(arguments, ordered, modules=LAMBDIFY_MODULES)

    def evaluate(self, s: np.ndarray, p: np.ndarray):
        """Evaluate the curve at the states ``s`` for the parameter vector ``p``.

        Returns
        -------
        values : ndarray, shape (m,)
            Parameter values; NaN where ``s`` is outside the curve's domain.
        states : ndarray, shape (m, n_states)
        """
        s = np.atleast_1d(np.asarray(s, dtype=np.float64))
        with np.errstate(all="ignore"):
            raw = self._function(s, p)
        columns = []
        for item in raw:
            column = np.asarray(item)
            if np.iscomplexobj(column):
                column = np.where(np.abs(column.imag) > 0, np.nan, column.real)
            columns.append(np.broadcast_to(column.astype(np.float64), s.shape))
        table = np.column_stack(columns)
        table[~np.all(np.isfinite(table), axis=1)] = np.nan
        return table[:, 0], table[:, 1:]

    # ------------------------------------------------------------------
    def sample(self, p: np.ndarray, window: tuple[float, float], box=None):
        """Sample every piece of the curve where the parameter nears ``window``.

        Parameters
        ----------
        p : ndarray, shape (n_parameters,)
        window : (float, float)
            Parameter interval of interest. Near it, samples are bisected
            until steps in the parameter are below 0.5 % of its width and
            steps in each state below 0.5 % of that state's range (at most 12
            rounds and 40000 samples per piece).
        box : (float, float), optional
            Initial search interval of ``s``; default from :func:`default_box`.
            Where the curve leaves it with the parameter inside ``window``, it
            grows by three times its width on that side, at most six times.

        Returns
        -------
        list of CurvePiece
        """
        lo, hi = default_box(self.model)[self.model.state_index(self.state)]
        if box is not None:
            lo, hi = box
        for attempt in range(7):
            pieces = [self._refine(piece, p, window) for piece in self._scan(p, lo, hi)]
            grow_low = any(
                not piece.domain_edges[0]
                and piece.s[0] <= lo
                and window[0] <= piece.values[0] <= window[1]
                for piece in pieces
            )
            grow_high = any(
                not piece.domain_edges[1]
                and piece.s[-1] >= hi
                and window[0] <= piece.values[-1] <= window[1]
                for piece in pieces
            )
            if not (grow_low or grow_high):
                return pieces
            if attempt == 6:
                break
            width = hi - lo
            lo = lo - 3 * width if grow_low else lo
            hi = hi + 3 * width if grow_high else hi
        logger.warning(
            "equilibrium curve of %s in %s still leaves the search interval "
            "[%g, %g] inside the parameter window; equilibria beyond it are missed",
            self.parameter,
            self.state,
            lo,
            hi,
        )
        return pieces

    def _valid(self, s, p):
        values, _ = self.evaluate(s, p)
        return np.isfinite(values)

    def _edge(self, inside: float, outside: float, p) -> float:
        for _ in range(80):
            middle = 0.5 * (inside + outside)
            if middle in (inside, outside):
                break
            if self._valid(np.array([middle]), p)[0]:
                inside = middle
            else:
                outside = middle
        return inside

    def _scan(self, p, lo: float, hi: float) -> list[CurvePiece]:
        centre = 0.5 * (lo + hi)
        half = 0.5 * (hi - lo)
        near = half * np.logspace(-9, 0, 400)
        grid = np.unique(
            np.concatenate([np.linspace(lo, hi, 4001), centre - near, centre + near])
        )
        valid = self._valid(grid, p)
        pieces = []
        index = 0
        while index < grid.size:
            if not valid[index]:
                index += 1
                continue
            start = index
            while index + 1 < grid.size and valid[index + 1]:
                index += 1
            stop = index
            index += 1
            left = (
                grid[start]
                if start == 0
                else self._edge(grid[start], grid[start - 1], p)
            )
            right = (
                grid[stop]
                if stop == grid.size - 1
                else self._edge(grid[stop], grid[stop + 1], p)
            )
            edges = (start > 0, stop < grid.size - 1)
            if right <= left:
                continue
            s = np.linspace(left, right, 401)
            width = right - left
            if edges[0]:
                s = np.concatenate([s, left + width * np.logspace(-13, -1, 80)])
            if edges[1]:
                s = np.concatenate([s, right - width * np.logspace(-13, -1, 80)])
            s = np.unique(s)
            values, states = self.evaluate(s, p)
            keep = np.isfinite(values)
            if np.count_nonzero(keep) >= 2:
                pieces.append(CurvePiece(s[keep], values[keep], states[keep], edges))
        return pieces

    def _refine(self, piece: CurvePiece, p, window) -> CurvePiece:
        low, high = window
        width = max(high - low, 1e-12)
        s, values, states = piece.s, piece.values, piece.states
        for _ in range(12):
            if s.size > 40000:
                break
            inside = ((values[:-1] >= low - width) & (values[:-1] <= high + width)) | (
                (values[1:] >= low - width) & (values[1:] <= high + width)
            )
            crosses = (np.minimum(values[:-1], values[1:]) <= high) & (
                np.maximum(values[:-1], values[1:]) >= low
            )
            span = np.ptp(states, axis=0)
            span[span == 0] = 1.0
            state_step = np.max(np.abs(np.diff(states, axis=0)) / span, axis=1)
            coarse = (np.abs(np.diff(values)) > 0.005 * width) | (state_step > 0.005)
            split = (inside | crosses) & coarse
            if not np.any(split):
                break
            middles = 0.5 * (s[:-1][split] + s[1:][split])
            new_values, new_states = self.evaluate(middles, p)
            keep = np.isfinite(new_values)
            s = np.concatenate([s, middles[keep]])
            values = np.concatenate([values, new_values[keep]])
            states = np.vstack([states, new_states[keep]])
            order = np.argsort(s)
            s, values, states = s[order], values[order], states[order]
        return CurvePiece(s, values, states, piece.domain_edges)


def default_box(model: Model) -> list[tuple[float, float]]:
    """Return a search interval per state from its default initial value.

    Each interval is centred on the default with half width
    ``max(10, 10 |default|)``.
    """
    box = []
    for state in model.states:
        centre = float(state.initial)
        half = max(10.0, 10.0 * abs(centre))
        box.append((centre - half, centre + half))
    return box


def equilibrium_curve(model: Model, parameter: str) -> EquilibriumCurve | None:
    """Derive the equilibrium curve of ``model`` for ``parameter``, if one exists.

    Parameters
    ----------
    model : Model
    parameter : str
        A parameter or input name. Every other input is set to zero.

    Returns
    -------
    EquilibriumCurve or None
        None when no state gives a chain of one-unknown solutions.

    Raises
    ------
    ModelError
        When ``parameter`` is neither a parameter nor an input.
    """
    if parameter not in model.parameter_names and parameter not in model.input_names:
        raise ModelError(
            f"{parameter!r} is neither a parameter nor an input of model "
            f"{model.name!r}; choose one of {', '.join(model.parameter_names)}"
        )
    return _equilibrium_curve(model, parameter)


@cached_by_structure
def _equilibrium_curve(model: Model, parameter: str) -> EquilibriumCurve | None:
    target = model.symbols[parameter]
    zero = {u: sp.S.Zero for u in model.input_symbols if u != target}
    equations = [e.xreplace(zero) for e in model.rhs]
    if any(e.has(TIME) for e in equations):
        return None
    if not any(target in solvable_form(e).free_symbols for e in equations):
        return None
    for name in model.state_names:
        expressions = eliminate(model, equations, name, target)
        if expressions is not None:
            logger.info("equilibrium curve of %s: %s as parameter", parameter, name)
            return EquilibriumCurve(model, parameter, name, expressions)
    logger.info("no equilibrium curve of %s in model %s", parameter, model.name)
    return None
