"""Simulate a chunk with :func:`rosetta_sym.simulate.simulate_batch`.

Kernels come from the on-disk cache (``ROSETTA_SYM_CACHE_DIR``); a process that
finds none builds them once from the model declaration.
"""

from __future__ import annotations

import logging
import time

import numpy as np

from rosetta_sym.model import Model
from rosetta_sym.sweep.chunks import Chunk
from rosetta_sym.sweep.context import SweepContext
from rosetta_sym.sweep.worker import (
    BatchOutput,
    PointBatch,
    model_from_text,
    point_batch,
)

__all__ = ["simulate_points", "warm_up"]

logger = logging.getLogger(__name__)


def _connectome(context: SweepContext):
    if context.weights is None:
        return None
    from rosetta_sym.simulate import Connectome

    return Connectome(
        context.weights,
        tract_lengths=context.tract_lengths,
        name=context.connectome_name or "sweep",
    )


def _velocity(batch: PointBatch):
    if np.all(np.isnan(batch.velocity)):
        return None
    return batch.velocity


def simulate_points(
    model: Model, context: SweepContext, batch: PointBatch
) -> BatchOutput:
    """Simulate the points of ``batch`` with one call of ``simulate_batch``.

    Parameters
    ----------
    model : Model
    context : SweepContext
    batch : PointBatch
        Consecutive flat indices; point ``i`` draws its noise from
        ``SeedSequence(context.seed, spawn_key=(i,))``.

    Returns
    -------
    BatchOutput
        The observable after the transient, shape ``(n_sets, n_samples,
        n_nodes)``.
    """
    from rosetta_sym.simulate import simulate_batch

    settings = context.settings
    indices = batch.indices
    if indices.size > 1 and np.any(np.diff(indices) != 1):
        raise ValueError("simulate_points needs consecutive flat indices")
    result = simulate_batch(
        model,
        settings.duration,
        settings.dt,
        settings.method,
        parameter_sets=batch.parameters,
        coupling=batch.coupling,
        velocity=_velocity(batch),
        connectome=_connectome(context),
        noise=settings.noise if settings.has_noise else None,
        seed=context.seed,
        first_index=int(indices[0]) if indices.size else 0,
        record=settings.observable,
        record_every=settings.record_every,
        progress=False,
    )
    keep = result.time >= settings.transient - 0.5 * settings.dt
    failures = [result.failures.get(k, "") for k in range(batch.n_sets)]
    return BatchOutput(
        np.ascontiguousarray(result.data[:, :, :, 0][:, keep]),
        settings.record_every * settings.dt,
        failures,
    )


def warm_up(context: SweepContext) -> float:
    """Load or build the kernels of a sweep in this process; return seconds taken.

    Runs one point for a few steps, so the kernel module and numba's machine
    code for the batched stepper are in the on-disk cache before workers start.
    Workers that share the cache folder then load them instead of compiling.
    """
    from dataclasses import replace

    started = time.perf_counter()
    model = model_from_text(context.model_text, context.model_hash)
    steps = 4 * context.settings.record_every
    settings = replace(
        context.settings,
        duration=steps * context.settings.dt,
        transient=0.0,
    )
    small = replace(context, settings=settings)
    batch = point_batch(small, model, Chunk(0, 0, 1))
    simulate_points(model, small, batch)
    elapsed = time.perf_counter() - started
    logger.info("kernels of %s ready in %.2f s", model.name, elapsed)
    return elapsed
