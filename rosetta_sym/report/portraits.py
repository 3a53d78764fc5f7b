"""Phase portrait of a rung at its default parameters.

Two-state rungs get the nullclines and the vector field from the model's
equations plus one trajectory simulated with the generated kernels. Rungs with
more states show the trajectory and the equilibria projected on the two states
that vary most. One-state rungs show the state against time.
"""

from __future__ import annotations

import logging

import numpy as np

from rosetta_sym.analysis import autonomous_rhs
from rosetta_sym.analysis.numeric import lambdify_expressions
from rosetta_sym.report.context import RungContext
from rosetta_sym.report.figures import new_figure, pyplot, save_figure
from rosetta_sym.report.observables import time_unit_name
from rosetta_sym.report.runs import run_trajectory

__all__ = ["portrait_section", "vector_field"]

logger = logging.getLogger(__name__)

#: Grid points per axis of the nullcline and vector-field grid.
GRID_POINTS = 41


def vector_field(model, grid_x: np.ndarray, grid_y: np.ndarray) -> np.ndarray:
    """Evaluate the autonomous vector field of a two-state rung on a grid.

    Parameters
    ----------
    model : Model
        A rung with two states, at its default parameters.
    grid_x, grid_y : ndarray, shape (ny, nx)
        Values of the first and second state.

    Returns
    -------
    ndarray, shape (2, ny, nx)
        Time derivatives of both states.
    """

    arguments = [list(model.state_symbols), list(model.parameter_symbols)]
    function = lambdify_expressions(arguments, autonomous_rhs(model))
    values = function([grid_x, grid_y], model.parameter_vector)
    return np.stack(np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in values]))


def portrait_section(context: RungContext) -> dict:
    """Simulate one trajectory and draw the portrait or projection.

    Returns
    -------
    dict
        ``kind`` ("plane", "projection" or "time series"), ``states`` shown,
        ``initial_state``, ``final_state``, ``range`` of each shown state after
        the transient, and the ``summary`` and ``figures`` the page shows.
    """

    model = context.model
    settings = context.settings
    time, states = run_trajectory(context, settings.duration)
    fixed_points = context.shared.get("fixed_points", [])
    plt = pyplot()
    figure, axes = new_figure(plt, (5.8, 4.8))
    if model.n_states == 1:
        kind, shown = "time series", [model.state_names[0]]
        axes.plot(time, states[:, 0], color="k", linewidth=1.0)
        axes.set_xlabel(f"time [{time_unit_name(model)}]")
        axes.set_ylabel(shown[0])
    elif model.n_states == 2:
        kind, shown = "plane", list(model.state_names)
        _draw_plane(axes, model, states, fixed_points)
    else:
        kind = "projection"
        keep = time >= settings.transient
        spread = np.std(states[keep], axis=0)
        order = np.argsort(spread)[::-1][:2]
        first, second = sorted(int(i) for i in order)
        shown = [model.state_names[first], model.state_names[second]]
        axes.plot(states[:, first], states[:, second], color="0.6", linewidth=0.6)
        axes.plot(states[keep, first], states[keep, second], color="k", linewidth=1.0)
        for point in fixed_points:
            axes.plot(
                point.state[shown[0]],
                point.state[shown[1]],
                "o" if point.stable else "x",
                color="tab:red",
                markersize=7,
            )
        axes.set_xlabel(shown[0])
        axes.set_ylabel(shown[1])
    axes.set_title(f"{model.name}: {kind}")
    file = save_figure(figure, context.figure_path("portrait"))

    keep = time >= settings.transient
    indices = [model.state_names.index(name) for name in shown]
    ranges = {
        name: [float(states[keep, i].min()), float(states[keep, i].max())]
        for name, i in zip(shown, indices, strict=True)
    }
    summary = [["duration", settings.duration, time_unit_name(model)]]
    for name, (low, high) in ranges.items():
        summary.append([f"{name} range after the transient, minimum", low, ""])
        summary.append([f"{name} range after the transient, maximum", high, ""])
    return {
        "kind": kind,
        "states": shown,
        "initial_state": states[0],
        "final_state": states[-1],
        "range": ranges,
        "summary": summary,
        "figures": [{"file": file, "caption": _caption(model, kind, shown)}],
    }


def _draw_plane(axes, model, states: np.ndarray, fixed_points) -> None:
    x_name, y_name = model.state_names
    points = np.array([[p.state[x_name], p.state[y_name]] for p in fixed_points])
    everything = states if not len(points) else np.vstack([states, points])
    low, high = everything.min(axis=0), everything.max(axis=0)
    pad = 0.2 * np.maximum(high - low, 1e-3)
    grid_x, grid_y = np.meshgrid(
        np.linspace(low[0] - pad[0], high[0] + pad[0], GRID_POINTS),
        np.linspace(low[1] - pad[1], high[1] + pad[1], GRID_POINTS),
    )
    field = vector_field(model, grid_x, grid_y)
    axes.streamplot(
        grid_x, grid_y, field[0], field[1], color="0.75", density=1.0, linewidth=0.6
    )
    axes.contour(grid_x, grid_y, field[0], levels=[0.0], colors="tab:blue")
    axes.contour(grid_x, grid_y, field[1], levels=[0.0], colors="tab:orange")
    axes.plot(states[:, 0], states[:, 1], color="k", linewidth=1.0)
    axes.plot(states[0, 0], states[0, 1], ">", color="k")
    for point in fixed_points:
        axes.plot(
            point.state[x_name],
            point.state[y_name],
            "o" if point.stable else "x",
            color="tab:red",
            markersize=7,
        )
    axes.set_xlabel(x_name)
    axes.set_ylabel(y_name)


def _caption(model, kind: str, shown: list[str]) -> str:
    if kind == "plane":
        return (
            f"Phase plane of {model.name} at the default parameters: "
            f"{shown[0]}-nullcline (blue), {shown[1]}-nullcline (orange), vector "
            "field (grey), one simulated trajectory (black) and the fixed points "
            "(circle stable, cross unstable)."
        )
    if kind == "projection":
        return (
            f"Trajectory of {model.name} projected on ({shown[0]}, {shown[1]}), the "
            "two states that vary most; grey is the transient. Fixed points are "
            "projected the same way (circle stable, cross unstable)."
        )
    return f"{shown[0]} of {model.name} against time at the default parameters."
