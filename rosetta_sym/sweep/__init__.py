"""Parameter sweeps: grids over parameters, global coupling and velocity.

Each chunk of grid points is simulated by the batched compiled kernel in one
task, on local threads or on Dask workers, and reduced on the worker to a few
measures. Finished chunks are stored at once, so an interrupted sweep resumes.
Results are an xarray Dataset with one dimension per grid axis.
"""

from rosetta_sym.sweep.chunks import Chunk, ChunkResult, make_chunks, point_seeds
from rosetta_sym.sweep.grid import Grid, GridAxis, GridError, parse_axis, parse_grid
from rosetta_sym.sweep.measures import (
    BANDS,
    DEFAULT_MEASURES,
    Measure,
    MeasureError,
    SignalWindow,
    get_measure,
    list_measures,
    register_measure,
)
from rosetta_sym.sweep.runner import run_sweep
from rosetta_sym.sweep.store import StoreError

__all__ = [
    "BANDS",
    "DEFAULT_MEASURES",
    "Chunk",
    "ChunkResult",
    "Grid",
    "GridAxis",
    "GridError",
    "Measure",
    "MeasureError",
    "SignalWindow",
    "StoreError",
    "get_measure",
    "list_measures",
    "make_chunks",
    "parse_axis",
    "parse_grid",
    "plot_map",
    "point_seeds",
    "register_measure",
    "run_sweep",
]


def plot_map(*args, **kwargs):
    """Draw a two-axis map of a measure; see :func:`rosetta_sym.sweep.plot.plot_map`."""
    from rosetta_sym.sweep.plot import plot_map as draw

    return draw(*args, **kwargs)
