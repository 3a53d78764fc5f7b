"""Two-axis map of one measure of a sweep result (matplotlib, imported lazily)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

__all__ = ["PlotError", "plot_map"]


class PlotError(ValueError):
    """A map request that the result cannot satisfy."""


def _import_pyplot():
    try:
        import matplotlib
    except ImportError:
        raise ImportError(
            "drawing maps needs matplotlib; install it with "
            "pip install 'rosetta_sym[plot]'"
        ) from None
    if matplotlib.get_backend().lower() not in (
        "agg",
        "module://matplotlib_inline.backend_inline",
    ):
        matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    return pyplot


def plot_map(
    dataset,
    measure: str,
    x: str,
    y: str,
    *,
    select: Mapping[str, float] | None = None,
    out: str | Path | None = None,
    cmap: str = "viridis",
):
    """Draw ``measure`` over the grid axes ``x`` and ``y``.

    Parameters
    ----------
    dataset : xarray.Dataset
        A sweep result (see :func:`rosetta_sym.sweep.run_sweep`).
    measure : str
        Variable to draw.
    x, y : str
        Grid axes for the horizontal and vertical directions.
    select : mapping of str to float, optional
        Values of the other dimensions (nearest grid value is used); needed
        when the measure has more than two dimensions.
    out : path, optional
        Write the figure to this file, in the format its suffix names (PNG).
    cmap : str
        Matplotlib colour map. Failed points are drawn in grey.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if measure not in dataset.data_vars:
        raise PlotError(
            f"{measure!r} is not a variable of the result; variables: "
            f"{', '.join(str(v) for v in dataset.data_vars)}"
        )
    for axis in (x, y):
        if axis not in dataset.dims:
            raise PlotError(
                f"{axis!r} is not a grid axis of the result; axes: "
                f"{', '.join(str(d) for d in dataset.dims)}"
            )
    if x == y:
        raise PlotError(f"x and y are both {x!r}; choose two different axes")
    variable = dataset[measure]
    if select:
        variable = variable.sel(dict(select), method="nearest")
    extra = [d for d in variable.dims if d not in (x, y)]
    if extra:
        raise PlotError(
            f"{measure!r} also varies over {', '.join(extra)}; pick a value for "
            "each with select={...} (--select NAME=VALUE on the command line)"
        )
    values = np.asarray(variable.transpose(y, x).values, dtype=np.float64)

    pyplot = _import_pyplot()
    figure, axes = pyplot.subplots(figsize=(6.0, 4.8), layout="constrained")
    colours = pyplot.get_cmap(cmap).with_extremes(bad="lightgrey")
    mesh = axes.pcolormesh(
        dataset[x].values,
        dataset[y].values,
        np.ma.masked_invalid(values),
        shading="nearest",
        cmap=colours,
    )
    unit = variable.attrs.get("units", "")
    figure.colorbar(mesh, ax=axes, label=f"{measure} [{unit}]" if unit else measure)
    axes.set_xlabel(x)
    axes.set_ylabel(y)
    title = dataset.attrs.get("model_name", "")
    axes.set_title(f"{title}: {measure}" if title else measure)
    if out is not None:
        figure.savefig(out, dpi=120)
    return figure
