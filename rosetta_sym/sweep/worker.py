"""The chunk task: simulate a chunk of grid points and reduce each to its measures.

This function runs on Dask workers (or local threads), so only the measures
travel back: a few floats per point instead of the recorded signals.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import time
from dataclasses import dataclass

import numpy as np

from rosetta_sym.model import Model
from rosetta_sym.sweep.chunks import Chunk, ChunkResult, point_seeds
from rosetta_sym.sweep.context import SweepContext
from rosetta_sym.sweep.grid import COUPLING_AXIS, VELOCITY_AXIS
from rosetta_sym.sweep.measures import SignalWindow, compute_measures

__all__ = ["BatchOutput", "PointBatch", "model_from_text", "point_batch", "run_chunk"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PointBatch:
    """Per-point inputs of one batched simulation.

    Attributes
    ----------
    indices : ndarray of int64, shape (n_sets,)
        Flat grid indices of the points.
    parameters : ndarray, shape (n_sets, n_params)
        Parameter vectors in the model's parameter order.
    coupling : ndarray, shape (n_sets,)
        Global coupling ``G`` of each point.
    velocity : ndarray, shape (n_sets,)
        Conduction velocity of each point (mm/ms, i.e. m/s); NaN for no delays.
    seeds : ndarray of uint64, shape (n_sets,)
        Random seed of each point.
    """

    indices: np.ndarray
    parameters: np.ndarray
    coupling: np.ndarray
    velocity: np.ndarray
    seeds: np.ndarray

    @property
    def n_sets(self) -> int:
        """Number of points."""
        return int(self.indices.shape[0])


@dataclass
class BatchOutput:
    """Observable of every point of a batch after the transient.

    Attributes
    ----------
    data : ndarray, shape (n_sets, n_samples, n_nodes)
        Observable samples; rows of failed points are ignored.
    sample_interval : float
        Time between samples, in model time units.
    failures : list of str
        One entry per point: empty when it ran to the end, else why it failed
        (for example a non-finite state).
    """

    data: np.ndarray
    sample_interval: float
    failures: list[str]


@functools.lru_cache(maxsize=8)
def model_from_text(text: str, expected_hash: str) -> Model:
    """Parse a model declaration once per process and check its hash.

    Raises
    ------
    ValueError
        When the parsed model's hash differs from ``expected_hash``, which
        means the worker runs a different version of rosetta_sym.
    """
    from rosetta_sym.io import loads_model

    model = loads_model(text, source="<sweep task>")
    if model.hash != expected_hash:
        raise ValueError(
            f"model {model.name!r} parsed on worker {os.getpid()} has hash "
            f"{model.short_hash}, the client sent {expected_hash[:12]}; install the "
            "same rosetta_sym version on the client and every worker"
        )
    return model


def point_batch(context: SweepContext, model: Model, chunk: Chunk) -> PointBatch:
    """Build the per-point parameter vectors, coupling, velocity and seeds."""
    indices = chunk.indices
    values = context.grid.point_values(indices)
    parameters = np.tile(model.parameter_vector, (chunk.size, 1))
    for name, column in values.items():
        if name in model.parameter_names:
            parameters[:, model.parameter_names.index(name)] = column
    settings = context.settings
    coupling = values.get(COUPLING_AXIS, np.full(chunk.size, settings.coupling))
    default_velocity = math.nan if settings.velocity is None else settings.velocity
    velocity = values.get(VELOCITY_AXIS, np.full(chunk.size, default_velocity))
    seeds = point_seeds(context.seed, indices)
    return PointBatch(indices, parameters, coupling, velocity, seeds)


def _set_numba_threads(threads: int | None) -> None:
    if threads is None:
        return
    import numba

    numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))


def run_chunk(context: SweepContext, chunk: Chunk) -> ChunkResult:
    """Simulate one chunk of grid points and compute their measures.

    Parameters
    ----------
    context : SweepContext
    chunk : Chunk

    Returns
    -------
    ChunkResult
        Measures of shape ``(chunk.size, ...)``; points that blew up get NaN
        measures and a reason instead of stopping the sweep.
    """
    started = time.perf_counter()
    _set_numba_threads(context.numba_threads)
    model = model_from_text(context.model_text, context.model_hash)
    batch = point_batch(context, model, chunk)
    simulate = context.simulator
    if simulate is None:
        from rosetta_sym.sweep.simulation import simulate_points

        simulate = simulate_points
    output = simulate(model, context, batch)

    values = {
        m.name: np.full((chunk.size,) + (context.n_nodes,) * len(m.dims), np.nan)
        for m in context.measures
    }
    reasons = list(output.failures)
    axis_values = context.grid.point_values(batch.indices)
    for k in range(chunk.size):
        if reasons[k]:
            continue
        point = {name: float(column[k]) for name, column in axis_values.items()}
        window = SignalWindow(
            output.data[k],
            output.sample_interval,
            model.time_unit,
            context.weights,
            point,
        )
        measured, reasons[k] = compute_measures(window, context.measures)
        for name, value in measured.items():
            values[name][k] = value
    elapsed = time.perf_counter() - started
    failed = sum(1 for r in reasons if r)
    logger.info(
        "chunk %d: %d points in %.2f s (%d failed) on process %d",
        chunk.index,
        chunk.size,
        elapsed,
        failed,
        os.getpid(),
    )
    return ChunkResult(chunk, values, reasons, elapsed, worker=str(os.getpid()))
