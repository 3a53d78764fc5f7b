"""Fixed points of the autonomous model in three tiers.

1. ``"closed_form"``: SymPy eliminates the whole system (polynomial and
   rational right-hand sides of at most four states, under a time limit; see
   :mod:`rosetta_sym.analysis.closed_form`).
2. ``"curve"``: roots of ``p(s) = p0`` along a parametrised equilibrium curve
   (see :mod:`rosetta_sym.analysis.equilibrium_curve`).
3. ``"numeric"``: root finding from many quasi-random seeds over a box,
   de-duplicated.

Every result is polished by Newton's method with the analytic Jacobian. A tier
that finds nothing hands over to the next one: an empty symbolic result is not
taken as proof that there are no fixed points.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import optimize

from rosetta_sym.analysis.canonical import canonical_continuation
from rosetta_sym.analysis.closed_form import closed_form_equilibria
from rosetta_sym.analysis.equilibrium_curve import default_box, equilibrium_curve
from rosetta_sym.analysis.numeric import NumericModel, numeric_model, parameter_vector
from rosetta_sym.analysis.results import FixedPoint
from rosetta_sym.analysis.stability import classify, eigenvalues, is_stable
from rosetta_sym.model import Model

__all__ = ["find_fixed_points", "make_fixed_point", "polish", "residual_tolerance"]

logger = logging.getLogger(__name__)


def residual_tolerance(y: np.ndarray) -> float:
    """Return the accepted max-norm residual of ``f(y)`` at an equilibrium."""
    return 1e-9 * max(1.0, float(np.max(np.abs(y))))


def polish(
    nm: NumericModel, y: np.ndarray, p: np.ndarray, max_iterations: int = 50
) -> np.ndarray | None:
    """Refine an approximate equilibrium by Newton's method.

    Returns
    -------
    ndarray, shape (n_states,) or None
        None when Newton's method does not converge to a residual below
        :func:`residual_tolerance` or the Jacobian is singular.
    """
    y = np.array(y, dtype=np.float64)
    for _ in range(max_iterations):
        f = nm.rhs(y, p)
        if not np.all(np.isfinite(f)):
            return None
        try:
            step = np.linalg.solve(nm.jacobian(y, p), -f)
        except np.linalg.LinAlgError:
            return y if np.max(np.abs(f)) < residual_tolerance(y) else None
        y = y + step
        if np.max(np.abs(step)) <= 1e-14 * max(1.0, float(np.max(np.abs(y)))):
            break
    final = nm.rhs(y, p)
    if np.all(np.isfinite(final)) and np.max(np.abs(final)) < residual_tolerance(y):
        return y
    return None


def make_fixed_point(
    model: Model, y: np.ndarray, jac: np.ndarray, method: str
) -> FixedPoint:
    """Build a :class:`FixedPoint` with eigenvalues and classification."""
    values = eigenvalues(jac)
    state = {name: float(v) for name, v in zip(model.state_names, y, strict=True)}
    return FixedPoint(state, values, is_stable(values), classify(values), method)


def find_fixed_points(
    model: Model,
    parameters: Mapping[str, float] | None = None,
    *,
    box: Sequence[tuple[float, float]] | None = None,
    seeds: int | None = None,
    methods: Sequence[str] = ("closed_form", "curve", "numeric"),
) -> list[FixedPoint]:
    """Find the equilibria of ``model`` with every input set to zero.

    Parameters
    ----------
    model : Model
    parameters : mapping of str to float, optional
        Parameter values overriding the model defaults.
    box : sequence of (float, float), optional
        Search interval per state (state units) for the curve and numeric
        tiers; default :func:`~rosetta_sym.analysis.equilibrium_curve.default_box`.
    seeds : int, optional
        Number of numeric seeds; default ``128 * n_states``, at most 1024.
    methods : sequence of str
        Tiers to try, in order; the first that finds equilibria wins.

    Returns
    -------
    list of FixedPoint
        Sorted by the first state. Empty only when no tier found an
        equilibrium (the numeric tier can miss some outside ``box``).
    """
    nm = numeric_model(model)
    p = parameter_vector(model, parameters)
    box = list(box) if box is not None else default_box(model)
    for method in methods:
        if method == "closed_form":
            points = _closed_form(model, nm, p)
        elif method == "curve":
            points = _from_curve(model, nm, p, box)
        elif method == "numeric":
            points = _numeric(model, nm, p, box, seeds)
        else:
            raise ValueError(
                f"unknown fixed-point method {method!r}; use closed_form, curve or "
                "numeric"
            )
        if points:
            unique = _deduplicate(points)
            logger.info(
                "%d fixed point(s) of %s by %s", len(unique), model.name, method
            )
            result = [
                make_fixed_point(model, y, nm.jacobian(y, p), method) for y in unique
            ]
            return sorted(result, key=lambda fp: tuple(fp.state.values()))
        logger.info("fixed-point tier %s found nothing for %s", method, model.name)
    return []


def _deduplicate(points: list[np.ndarray]) -> list[np.ndarray]:
    unique: list[np.ndarray] = []
    for y in points:
        scale = 1e-6 * (1.0 + np.abs(y))
        if not any(np.all(np.abs(y - u) <= scale) for u in unique):
            unique.append(y)
    return unique


def _closed_form(model, nm, p) -> list[np.ndarray]:
    candidates = closed_form_equilibria(model, p)
    if not candidates:
        return []
    polished = (polish(nm, y, p) for y in candidates)
    return [y for y in polished if y is not None]


def _curve_candidates(model) -> list[str]:
    names = []
    canonical = canonical_continuation(model.name)
    if canonical is not None and canonical[0] in model.parameter_names:
        names.append(canonical[0])
    if model.forcing_input is not None:
        names.append(model.forcing_input)
    return list(dict.fromkeys(names))


def _from_curve(model, nm, p, box) -> list[np.ndarray]:
    for name in _curve_candidates(model):
        curve = equilibrium_curve(model, name)
        if curve is None:
            continue
        if name in model.parameter_names:
            target = float(p[model.parameter_names.index(name)])
        else:
            target = 0.0
        half = max(1.0, abs(target))
        index = model.state_index(curve.state)
        pieces = curve.sample(p, (target - half, target + half), box=box[index])
        points = []
        for piece in pieces:
            points.extend(_curve_roots(curve, piece, p, target))
        return [
            y
            for y in (polish(nm, y, _with(model, p, name, target)) for y in points)
            if y is not None
        ]
    return []


def _with(model, p, name, value):
    if name not in model.parameter_names:
        return p
    p = p.copy()
    p[model.parameter_names.index(name)] = value
    return p


def _curve_roots(curve, piece, p, target) -> list[np.ndarray]:
    offset = piece.values - target
    roots = []
    for k in np.flatnonzero(offset == 0):
        roots.append(piece.states[k])
    sign_change = np.flatnonzero(offset[:-1] * offset[1:] < 0)
    for k in sign_change:
        s_root = optimize.brentq(
            lambda s: curve.evaluate(s, p)[0][0] - target,
            piece.s[k],
            piece.s[k + 1],
            xtol=1e-15,
            rtol=4 * np.finfo(float).eps,
        )
        roots.append(curve.evaluate(s_root, p)[1][0])
    return roots


def _numeric(model, nm, p, box, seeds) -> list[np.ndarray]:
    n = model.n_states
    count = seeds if seeds is not None else min(1024, 128 * n)
    lower = np.array([b[0] for b in box], dtype=np.float64)
    upper = np.array([b[1] for b in box], dtype=np.float64)
    # Imported here: importing scipy.stats took about a second in our timings.
    from scipy.stats import qmc

    sampler = qmc.Sobol(n, scramble=True, seed=12345)
    exponent = max(1, int(np.ceil(np.log2(max(2, count)))))
    starts = qmc.scale(sampler.random_base2(exponent), lower, upper)
    starts = np.vstack([model.initial_state, 0.5 * (lower + upper), starts])
    points = []
    for start in starts:
        with np.errstate(all="ignore"):
            solution = optimize.root(
                nm.rhs, start, args=(p,), jac=nm.jacobian, method="hybr"
            )
        if not np.all(np.isfinite(solution.x)):
            continue
        polished = polish(nm, solution.x, p)
        if polished is not None:
            points.append(polished)
    return points
