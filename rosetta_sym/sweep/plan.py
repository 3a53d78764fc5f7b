"""Sweep preparation: the network arrays, default sampling, and the sweep description.

The description lists everything that determines a sweep's result. Its hash
keys the chunk store, and it becomes the attributes of the result file, so it
leaves out what does not change the result (chunk size, workers, scheduler).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from rosetta_sym import __version__
from rosetta_sym.model import Model
from rosetta_sym.sweep.context import SweepContext
from rosetta_sym.sweep.measures import BUILTIN_MEASURES, Measure, get_measure

__all__ = ["Network", "describe_sweep", "prepare_network", "sample_interval_for"]

#: Largest number of recorded samples per point for dimensionless time.
MAX_SAMPLES = 4000

_UNIT_PER_MILLISECOND = {"s": 1e-3, "ms": 1.0}


@dataclass(frozen=True)
class Network:
    """Connectome arrays shipped to the workers.

    ``weights`` and ``tract_lengths`` have shape ``(n_nodes, n_nodes)``; both
    are ``None`` for a single node, ``tract_lengths`` alone when the
    connectome has none.
    """

    weights: np.ndarray | None
    tract_lengths: np.ndarray | None
    name: str


def prepare_network(connectome, normalisation: str = "none") -> Network:
    """Load and normalise a connectome and return its dense arrays.

    Parameters
    ----------
    connectome : str, ndarray, Connectome or None
        Anything :func:`rosetta_sym.simulate.load_connectome` accepts.
    normalisation : str
        ``none``, ``max_eigenvalue`` or ``row_sum``.
    """
    if connectome is None:
        return Network(None, None, "")
    from rosetta_sym.simulate import load_connectome

    loaded = load_connectome(connectome).normalised(normalisation)
    return Network(
        np.ascontiguousarray(loaded.dense_weights(), dtype=np.float64),
        None
        if loaded.tract_lengths is None
        else np.ascontiguousarray(loaded.tract_lengths, dtype=np.float64),
        loaded.identity(),
    )


def sample_interval_for(model: Model, duration: float, dt: float) -> float:
    """Pick the time between recorded samples, in model time units.

    Models with time in s or ms get 1 ms, but never less than ``dt``: a 1 kHz
    sampling rate has its Nyquist frequency, 500 Hz, above the gamma band.
    Dimensionless models get the multiple of ``dt`` that records at most
    :data:`MAX_SAMPLES` samples.
    """
    per_millisecond = _UNIT_PER_MILLISECOND.get(model.time_unit)
    if per_millisecond is not None:
        return max(per_millisecond, dt)
    steps = max(math.ceil(duration / dt / MAX_SAMPLES), 1)
    return steps * dt


def _measure_identity(measure: Measure) -> str:
    """Return the measure's name, plus its function's import path for user measures."""
    if measure.name in BUILTIN_MEASURES and get_measure(measure.name) is measure:
        return measure.name
    function = measure.function
    module = getattr(function, "__module__", "?")
    return f"{measure.name}={module}.{getattr(function, '__qualname__', '?')}"


def describe_sweep(model: Model, context: SweepContext) -> dict:
    """Return the JSON-serialisable description of a sweep.

    Keys: model name, hash and time unit, observable, every parameter's value
    outside the grid, the grid axes, the simulation settings, seed,
    connectome identity, measures and the rosetta_sym version.
    """
    swept = set(context.grid.names)
    fixed = {k: v for k, v in model.parameter_values.items() if k not in swept}
    settings = context.settings
    return {
        "model_name": model.name,
        "model_hash": model.hash,
        "time_unit": model.time_unit,
        "observable": settings.observable,
        "fixed_parameters": fixed,
        "grid": context.grid.specs(),
        "duration": settings.duration,
        "dt": settings.dt,
        "method": settings.method,
        "transient": settings.transient,
        "sample_interval": settings.record_every * settings.dt,
        "coupling": None if "G" in swept else settings.coupling,
        "velocity": None if "velocity" in swept else settings.velocity,
        "noise": settings.noise,
        "normalisation": settings.normalisation,
        "seed": context.seed,
        "connectome": context.connectome_name,
        "measures": [_measure_identity(m) for m in context.measures],
        "rosetta_sym_version": __version__,
    }
