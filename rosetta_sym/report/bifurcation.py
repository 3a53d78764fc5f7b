"""Fixed points and the bifurcation diagram over a rung's canonical parameter.

The diagram shows the equilibrium branches from the analysis module's
continuation (stable solid, unstable dashed) with its folds and Hopf points.
Limit cycles come from simulations with the generated kernels at evenly spaced
parameter values; the diagram shows the minimum and maximum of the observable.
"""

from __future__ import annotations

import logging

import numpy as np

from rosetta_sym.analysis import (
    canonical_continuation,
    continue_equilibria,
    find_fixed_points,
)
from rosetta_sym.report.context import RungContext
from rosetta_sym.report.figures import new_figure, pyplot, save_figure
from rosetta_sym.report.observables import observable_along, observable_name
from rosetta_sym.report.runs import run_parameter_sets
from rosetta_sym.report.signals import crossing_frequency

__all__ = ["bifurcation_section", "fixed_point_rows", "detect_cycles"]

logger = logging.getLogger(__name__)

#: Number of parameter values simulated for the limit-cycle branch (full, quick).
CYCLE_SAMPLES = (40, 16)


def fixed_point_rows(model, fixed_points) -> list[list]:
    """Return one table row per fixed point: states, type, leading eigenvalue."""
    rows = []
    for point in fixed_points:
        leading = complex(point.eigenvalues[0])
        rows.append(
            [
                *[point.state[name] for name in model.state_names],
                point.type,
                [leading.real, leading.imag],
                point.method,
            ]
        )
    return rows


def bifurcation_section(context: RungContext) -> dict:
    """Compute fixed points, the continuation and the limit-cycle extremes.

    Returns
    -------
    dict
        ``fixed_points`` at the default parameters, ``continuation`` (the
        branches as arrays), ``bifurcations``, ``limit_cycles``, and the
        ``summary``, ``tables`` and ``figures`` the page shows.
    """
    model = context.model
    fixed_points = find_fixed_points(model)
    context.shared["fixed_points"] = fixed_points
    section = {
        "fixed_points": fixed_points,
        "tables": [
            {
                "title": "Fixed points at the default parameters",
                "columns": [*model.state_names, "type", "leading eigenvalue", "method"],
                "rows": fixed_point_rows(model, fixed_points),
            }
        ],
        "summary": [["fixed points at the default parameters", len(fixed_points), ""]],
    }
    if not fixed_points:
        section["notes"] = ["The rung has no equilibrium at the default parameters."]

    canonical = _canonical(model.name)
    if canonical is None:
        section["notes"] = section.get("notes", []) + [
            "The rung declares no canonical continuation parameter, so no "
            "bifurcation diagram is drawn."
        ]
        return section
    parameter, start, stop = canonical
    continuation = _continue(model, parameter, start, stop)
    context.shared["continuation"] = continuation
    cycles = detect_cycles(context, parameter, start, stop)
    figure = _draw(context, continuation, cycles, parameter)

    section["parameter"] = parameter
    section["interval"] = [start, stop]
    section["continuation"] = {
        "method": continuation.method,
        "values": continuation.values,
        "states": continuation.states,
        "stable": continuation.stable,
        "branch": continuation.branch,
        "observable": figure["observable_values"],
    }
    section["bifurcations"] = continuation.bifurcations
    section["neutral_saddles"] = continuation.neutral_saddles
    section["limit_cycles"] = cycles
    section["tables"].append(_bifurcation_table(model, continuation))
    section["summary"] += [
        ["continuation parameter", parameter, _unit(model, parameter)],
        ["interval start", start, _unit(model, parameter)],
        ["interval stop", stop, _unit(model, parameter)],
        ["folds", len(continuation.of_kind("fold")), ""],
        ["Hopf points", len(continuation.of_kind("hopf")), ""],
        ["neutral saddles (not Hopf points)", len(continuation.neutral_saddles), ""],
        [
            "simulated parameter values with a limit cycle",
            int(np.sum(cycles["cycle"])),
            "",
        ],
    ]
    section["figures"] = [
        {
            "file": figure["file"],
            "caption": (
                f"Bifurcation diagram of {model.name} over {parameter}: equilibria of "
                f"{figure['observable']} (solid stable, dashed unstable), folds "
                "(triangles), Hopf points (squares), and the minimum and maximum of "
                "simulated limit cycles (dots)."
            ),
        }
    ]
    return section


def _canonical(name: str):
    return canonical_continuation(name)


def _continue(model, parameter: str, start: float, stop: float):
    return continue_equilibria(model, parameter, start, stop)


def _unit(model, parameter: str) -> str:
    return model.parameter(parameter).unit


def _bifurcation_table(model, continuation) -> dict:
    rows = []
    for point in continuation.bifurcations:
        rows.append(
            [
                point.kind,
                point.value,
                *[point.state[name] for name in model.state_names],
                point.omega,
                point.frequency_hz,
                point.first_lyapunov,
                point.criticality or "",
            ]
        )
    return {
        "title": f"Bifurcations over {continuation.parameter}",
        "columns": [
            "kind",
            continuation.parameter,
            *model.state_names,
            "omega (rad per time unit)",
            "frequency (Hz)",
            "first Lyapunov coefficient",
            "criticality",
        ],
        "rows": rows,
    }


def detect_cycles(
    context: RungContext, parameter: str, start: float, stop: float
) -> dict:
    """Simulate the rung at evenly spaced parameter values; record cycle extremes.

    A run counts as a limit cycle when, after the transient, the observable
    still swings by more than a small fraction of its scale. The swing of the
    last quarter must also be at least 90 % of the swing of the quarter before
    it, so a slowly decaying focus does not count.

    Returns
    -------
    dict
        ``parameter_values`` (n,), ``minimum`` and ``maximum`` of the
        observable (n,), ``cycle`` (n,) bool, ``frequency`` (n,) of the
        dominant oscillation in cycles per model time unit (NaN without a cycle).
    """

    count = CYCLE_SAMPLES[1] if context.options.quick else CYCLE_SAMPLES[0]
    values = np.linspace(start, stop, count)
    settings = context.settings
    time, observable = run_parameter_sets(
        context,
        [{parameter: float(v)} for v in values],
        duration=settings.duration,
        progress_label=f"{context.name} cycles",
    )
    keep = time >= settings.transient
    late = observable[:, keep]
    quarter = late.shape[1] // 4
    last = late[:, -quarter:]
    before = late[:, -2 * quarter : -quarter]
    swing_last = last.max(axis=1) - last.min(axis=1)
    swing_before = before.max(axis=1) - before.min(axis=1)
    scale = max(float(np.nanmax(np.abs(late))), 1e-12)
    cycle = (swing_last > 1e-4 * scale) & (swing_last >= 0.9 * swing_before)
    cycle &= np.all(np.isfinite(late), axis=1)
    frequency = np.full(count, np.nan)
    for index in np.flatnonzero(cycle):
        frequency[index] = crossing_frequency(late[index], time[keep])
    return {
        "parameter_values": values,
        "minimum": np.where(cycle, last.min(axis=1), np.nan),
        "maximum": np.where(cycle, last.max(axis=1), np.nan),
        "cycle": cycle,
        "frequency": frequency,
        "observable": observable_name(context.model),
    }


def _draw(context: RungContext, continuation, cycles: dict, parameter: str) -> dict:
    plt = pyplot()
    model = context.model
    name, values = observable_along(
        model, continuation.states, parameter, continuation.values
    )
    figure, axes = new_figure(plt, (7.0, 4.2))
    for branch in np.unique(continuation.branch):
        on_branch = continuation.branch == branch
        x = continuation.values[on_branch]
        y = values[on_branch]
        stable = continuation.stable[on_branch]
        for style, mask in (("-", stable), ("--", ~stable)):
            shown = np.where(_with_neighbours(mask), y, np.nan)
            axes.plot(x, shown, style, color="k", linewidth=1.4)

    for point in continuation.bifurcations:
        point_value = observable_at(model, point.state, parameter, point.value)
        marker = "^" if point.kind == "fold" else "s"
        colour = "tab:blue" if point.kind == "fold" else "tab:red"
        axes.plot(point.value, point_value, marker, color=colour, markersize=7)

    found = cycles["cycle"]
    axes.plot(
        cycles["parameter_values"][found],
        cycles["maximum"][found],
        "o",
        color="tab:green",
        markersize=4,
        label="cycle max",
    )
    axes.plot(
        cycles["parameter_values"][found],
        cycles["minimum"][found],
        "o",
        color="tab:olive",
        markersize=4,
        label="cycle min",
    )

    axes.set_xlabel(f"{parameter} [{model.parameter(parameter).unit}]")
    axes.set_ylabel(name)
    axes.set_title(f"{model.name}: equilibria and limit cycles over {parameter}")
    if np.any(found):
        axes.legend(loc="best", fontsize=8)
    file = save_figure(figure, context.figure_path("bifurcation"))
    return {"file": file, "observable": name, "observable_values": values}


def observable_at(model, state: dict, parameter: str, value: float) -> float:
    """Return the observable at one state (dict by name) and parameter value."""
    states = np.array([[state[name] for name in model.state_names]])
    return float(observable_along(model, states, parameter, np.array([value]))[1][0])


def _with_neighbours(mask: np.ndarray) -> np.ndarray:
    """Extend a boolean mask by one sample each way so line pieces join."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    return grown
