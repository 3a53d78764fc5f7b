"""Assembling chunk results into an xarray Dataset and writing it as NetCDF."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from rosetta_sym.sweep.chunks import ChunkResult
from rosetta_sym.sweep.grid import Grid
from rosetta_sym.sweep.measures import Measure

__all__ = ["STATUS_VARIABLE", "assemble_dataset", "import_xarray", "save_netcdf"]

logger = logging.getLogger(__name__)

#: Name of the string variable that stores why a point failed ("" when it did not).
STATUS_VARIABLE = "failure"


def import_xarray():
    """Import xarray, or raise ImportError saying how to install it."""
    try:
        import xarray
    except ImportError:
        raise ImportError(
            "sweep results need xarray and h5netcdf; install them with "
            "pip install 'rosetta_sym[distributed]'"
        ) from None
    return xarray


def _attribute(value):
    """Convert a value to something NetCDF attributes accept."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, str)):
        return value
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True)


def assemble_dataset(
    grid: Grid,
    measures: Iterable[Measure],
    results: Iterable[ChunkResult],
    n_nodes: int,
    attrs: Mapping[str, object],
):
    """Build the result Dataset from chunk results.

    Parameters
    ----------
    grid : Grid
    measures : iterable of Measure
    results : iterable of ChunkResult
        Results covering every grid point; a missing point raises ValueError.
    n_nodes : int
        Length of each node dimension of matrix-valued measures.
    attrs : mapping
        Dataset attributes; dicts and lists are stored as JSON text.

    Returns
    -------
    xarray.Dataset
        One dimension per grid axis (coordinates: the axis values), one variable
        per measure and the string variable :data:`STATUS_VARIABLE`.
    """
    xarray = import_xarray()
    measures = tuple(measures)
    n_points = grid.n_points
    flat = {
        m.name: np.full((n_points,) + (n_nodes,) * len(m.dims), np.nan)
        for m in measures
    }
    reasons = np.full(n_points, "", dtype=object)
    covered = np.zeros(n_points, dtype=bool)
    for result in results:
        chunk = result.chunk
        covered[chunk.start : chunk.stop] = True
        reasons[chunk.start : chunk.stop] = result.reasons
        for measure in measures:
            flat[measure.name][chunk.start : chunk.stop] = result.values[measure.name]
    if not covered.all():
        missing = np.flatnonzero(~covered)
        raise ValueError(
            f"{missing.size} grid points have no result (first flat index "
            f"{int(missing[0])}); run the sweep again to compute them"
        )
    coords = {
        axis.name: np.asarray(axis.values, dtype=np.float64) for axis in grid.axes
    }
    variables = {}
    for measure in measures:
        data = flat[measure.name].reshape(grid.shape + (n_nodes,) * len(measure.dims))
        variables[measure.name] = (
            grid.names + measure.dims,
            data,
            {"description": measure.description, "units": measure.unit},
        )
    variables[STATUS_VARIABLE] = (
        grid.names,
        reasons.reshape(grid.shape),
        {"description": "why the point has no measures; empty when it succeeded"},
    )
    dataset = xarray.Dataset(variables, coords=coords)
    dataset.attrs.update({key: _attribute(value) for key, value in attrs.items()})
    return dataset


def save_netcdf(dataset, path: str | Path) -> Path:
    """Write ``dataset`` to NetCDF-4 with the h5netcdf engine, atomically.

    The file is written under a temporary name in the same folder and renamed,
    so an existing result file is never left half-written.
    """
    import_xarray()
    try:
        import h5netcdf  # noqa: F401
    except ImportError:
        raise ImportError(
            "writing NetCDF needs h5netcdf; install it with "
            "pip install 'rosetta_sym[distributed]'"
        ) from None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        encoding = {
            name: {"dtype": str}
            for name in dataset.data_vars
            if dataset[name].dtype == object
        }
        dataset.to_netcdf(temporary, engine="h5netcdf", encoding=encoding)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.info("wrote %s", path)
    return path
