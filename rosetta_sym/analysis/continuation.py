"""One-parameter continuation of equilibria with fold and Hopf detection.

Where the model has a parametrised equilibrium curve for the parameter (see
:mod:`rosetta_sym.analysis.equilibrium_curve`), the branches are samples of
that curve, which finds every branch that crosses the interval. Otherwise
branches are traced by pseudo-arclength continuation from the equilibria at
both interval ends.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

import numpy as np
from scipy import optimize

from rosetta_sym.analysis.arclength import ArclengthSettings, trace_branch
from rosetta_sym.analysis.equilibrium_curve import default_box, equilibrium_curve
from rosetta_sym.analysis.fixed_points import find_fixed_points
from rosetta_sym.analysis.numeric import numeric_model, parameter_vector
from rosetta_sym.analysis.results import Continuation, EarlyStop
from rosetta_sym.analysis.special_points import Branch, analyse_branch
from rosetta_sym.model import Model, ModelError

__all__ = ["continue_equilibria"]

logger = logging.getLogger(__name__)


def continue_equilibria(
    model: Model,
    parameter: str,
    start: float,
    stop: float,
    parameters: Mapping[str, float] | None = None,
    *,
    method: str = "auto",
    box=None,
    settings: ArclengthSettings | None = None,
) -> Continuation:
    """Continue the equilibria of ``model`` in ``parameter`` over [start, stop].

    Parameters
    ----------
    model : Model
        Inputs are set to zero.
    parameter : str
        Name of the continuation parameter.
    start, stop : float
        Interval of the parameter (either order).
    parameters : mapping of str to float, optional
        Values of the other parameters (overrides of the model defaults).
    method : {"auto", "curve", "arclength"}
        "auto" uses the equilibrium curve when one exists.
    box : sequence of (float, float), optional
        Search interval per state for the starting equilibria.
    settings : ArclengthSettings, optional
        Step control of the arclength method.

    Returns
    -------
    Continuation
        Folds and Hopf points refined to a relative accuracy of about 1e-8 in
        the parameter, with ``omega``, frequency in Hz, first Lyapunov
        coefficient and criticality for each Hopf point. ``early_stops`` lists
        the branch ends inside the interval with the reason for each, which is
        also logged as a warning.

    Raises
    ------
    ModelError
        When ``parameter`` is unknown, the interval is empty or it leaves the
        parameter's bounds.
    """
    declared = model.parameter(parameter, "continuation parameter")
    low, high = sorted((float(start), float(stop)))
    for end in (low, high):
        try:
            declared.check_value(end)
        except ValueError as error:
            raise ModelError(f"continuation interval: {error}") from None
    if not high > low:
        raise ModelError(
            f"continuation interval [{start}, {stop}] is empty; give two different "
            "values"
        )
    if method not in ("auto", "curve", "arclength"):
        raise ValueError(
            f"unknown continuation method {method!r}; use auto, curve or arclength"
        )
    nm = numeric_model(model)
    overrides = {k: v for k, v in dict(parameters or {}).items() if k != parameter}
    p_base = parameter_vector(model, overrides)
    box = list(box) if box is not None else default_box(model)

    curve = None if method == "arclength" else equilibrium_curve(model, parameter)
    if method == "curve" and curve is None:
        raise ModelError(
            f"model {model.name!r} has no parametrised equilibrium curve for "
            f"{parameter!r}; use method='arclength'"
        )
    if curve is not None:
        branches = _curve_branches(curve, p_base, (low, high), box)
        used = "curve"
    else:
        branches = _arclength_branches(
            model, nm, parameter, p_base, (low, high), box, settings
        )
        used = "arclength"
    result = _assemble(model, nm, parameter, p_base, branches, used)
    stops = _early_stops(branches, (low, high))
    for stop in stops:
        logger.warning(
            "continuation of %s in %s over [%g, %g]: branch %d stops early at "
            "%s = %.10g: %s",
            model.name,
            parameter,
            low,
            high,
            stop.branch,
            parameter,
            stop.value,
            stop.reason,
        )
    return dataclasses.replace(result, early_stops=stops)


def _early_stops(branches, interval) -> list[EarlyStop]:
    """Return the branch ends with a stop reason that lie inside the interval."""
    low, high = interval
    tolerance = 1e-9 * max(high - low, abs(low), abs(high))
    stops = []
    for index, branch in enumerate(branches):
        for position, reason in zip((0, -1), branch.end_reasons, strict=True):
            value = float(branch.values[position])
            on_boundary = min(abs(value - low), abs(value - high)) <= tolerance
            if reason is not None and not on_boundary:
                stops.append(EarlyStop(index, value, reason))
    return stops


def _assemble(model, nm, parameter, p_base, branches, method) -> Continuation:
    values, states, stable, labels = [], [], [], []
    bifurcations, segments, neutral = [], [], []
    for index, branch in enumerate(branches):
        analysis = analyse_branch(model, nm, parameter, p_base, branch, index)
        values.append(branch.values)
        states.append(branch.states)
        stable.append(analysis.stable)
        labels.append(np.full(branch.values.size, index))
        bifurcations.extend(b for _, b in analysis.bifurcations)
        segments.extend(analysis.segments)
        neutral.extend(analysis.neutral_saddles)
    n = model.n_states
    return Continuation(
        parameter=parameter,
        values=np.concatenate(values) if values else np.zeros(0),
        states=np.vstack(states) if states else np.zeros((0, n)),
        stable=np.concatenate(stable) if stable else np.zeros(0, dtype=bool),
        branch=np.concatenate(labels) if labels else np.zeros(0, dtype=int),
        bifurcations=bifurcations,
        segments=segments,
        method=method,
        neutral_saddles=neutral,
    )


# ----------------------------------------------------------------------
# Branches from a parametrised curve
# ----------------------------------------------------------------------
def _curve_branches(curve, p, interval, box) -> list[Branch]:
    low, high = interval
    index = curve.model.state_index(curve.state)
    branches = []
    for piece in curve.sample(p, interval, box=box[index]):
        s, values = piece.s, piece.values
        inside = (values >= low) & (values <= high)
        k = 0
        while k < s.size:
            if not inside[k]:
                k += 1
                continue
            first = k
            while k + 1 < s.size and inside[k + 1]:
                k += 1
            last = k
            k += 1
            grid = list(s[first : last + 1])
            if first > 0:
                grid.insert(
                    0,
                    _crossing(
                        curve, p, s[first - 1], s[first], values[first - 1], low, high
                    ),
                )
            if last < s.size - 1:
                grid.append(
                    _crossing(
                        curve, p, s[last], s[last + 1], values[last + 1], low, high
                    )
                )
            grid = np.array(grid)
            if grid.size < 2:
                continue
            branch_values, branch_states = curve.evaluate(grid, p)
            # Crossings are exact up to rounding; report the interval ends.
            if first > 0:
                branch_values[0] = low if values[first - 1] < low else high
            if last < s.size - 1:
                branch_values[-1] = low if values[last + 1] < low else high
            reasons = (
                None if first > 0 else _curve_end_reason(curve, piece, 0),
                None if last < s.size - 1 else _curve_end_reason(curve, piece, -1),
            )
            branches.append(
                Branch(
                    branch_values,
                    branch_states,
                    _curve_locator(curve, p, grid),
                    end_reasons=reasons,
                )
            )
    return branches


def _curve_end_reason(curve, piece, position: int) -> str:
    """Say why a sampled piece of an equilibrium curve ends at ``position``."""
    edge = float(piece.s[position])
    if piece.domain_edges[position]:
        return (
            f"the equilibrium curve parametrised by {curve.state} reaches the edge "
            f"of its domain at {curve.state} = {edge:.10g}, where the equilibrium "
            "saturates or ceases to exist"
        )
    return (
        f"the search range of {curve.state} for the equilibrium curve ends at "
        f"{curve.state} = {edge:.10g}"
    )


def _crossing(curve, p, s_a, s_b, outside_value, low, high) -> float:
    boundary = low if outside_value < low else high

    def offset(s):
        return curve.evaluate(s, p)[0][0] - boundary

    try:
        return optimize.brentq(
            offset, s_a, s_b, xtol=1e-15, rtol=4 * np.finfo(float).eps
        )
    except ValueError:
        return s_a if abs(offset(s_a)) < abs(offset(s_b)) else s_b


def _curve_locator(curve, p, grid):
    def locate(k: int, fraction: float):
        s = grid[k] + fraction * (grid[k + 1] - grid[k])
        values, states = curve.evaluate(s, p)
        return float(values[0]), states[0]

    return locate


# ----------------------------------------------------------------------
# Branches by pseudo-arclength continuation
# ----------------------------------------------------------------------
def _arclength_branches(model, nm, parameter, p_base, interval, box, settings):
    low, high = interval
    index = model.parameter_names.index(parameter)
    half_widths = np.array([0.5 * (b[1] - b[0]) for b in box])
    branches: list[Branch] = []
    for value, direction in ((low, 1.0), (high, -1.0)):
        points = find_fixed_points(
            model, {**_named(model, p_base), parameter: value}, box=box
        )
        for point in points:
            y = point.vector
            if any(_on_branch(branch, value, y) for branch in branches):
                continue
            scale = np.maximum(np.abs(y), 0.01 * half_widths)
            scale = np.maximum(scale, 1e-6)
            branch = trace_branch(
                nm, index, p_base, y, value, interval, direction, scale, settings
            )
            if branch.values.size >= 2:
                branches.append(branch)
    return branches


def _named(model, p) -> dict[str, float]:
    return {name: float(v) for name, v in zip(model.parameter_names, p, strict=True)}


def _on_branch(branch: Branch, value: float, y: np.ndarray) -> bool:
    for k in (0, -1):
        if abs(branch.values[k] - value) <= 1e-9 * max(1.0, abs(value)):
            if np.all(np.abs(branch.states[k] - y) <= 1e-5 * (1.0 + np.abs(y))):
                return True
    return False
