"""Shared inputs of every chunk task of a sweep: model text, grid, network, settings.

A :class:`SweepContext` holds only plain data (text, arrays, numbers) and
importable functions, so it pickles cheaply and never carries compiled code:
workers rebuild the model from its TOML text and load kernels from the
on-disk cache.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from rosetta_sym.sweep.grid import Grid
from rosetta_sym.sweep.measures import Measure

__all__ = ["SimulationSettings", "SweepContext"]


@dataclass(frozen=True)
class SimulationSettings:
    """Simulation settings of every grid point, and the part of the run measured.

    Attributes
    ----------
    duration : float
        Simulated time per point, in model time units.
    dt : float
        Integration step, in model time units.
    method : str
        Stepper name, as ``rosetta simulate --method`` takes it.
    transient : float
        Initial time left out of the measures, in model time units.
    sample_interval : float
        Time between recorded samples, in model time units; a multiple of
        ``dt`` (rounded to the nearest).
    coupling : float
        Global coupling ``G`` when it is not a grid axis.
    velocity : float or None
        Conduction velocity when it is not a grid axis; ``None`` for no delays.
        In tract-length unit (mm) per millisecond, i.e. m/s.
    noise : float or dict of str to float
        Additive noise amplitude on every state, or per state name (0 or an
        empty dict for deterministic runs).
    normalisation : str
        Connectome weight normalisation: ``none``, ``max_eigenvalue`` or
        ``row_sum``.
    observable : str
        Name of the recorded output or state that measures see.
    """

    duration: float
    dt: float
    method: str = "rk4"
    transient: float = 0.0
    sample_interval: float = 0.0
    coupling: float = 0.0
    velocity: float | None = None
    noise: float | dict[str, float] = 0.0
    normalisation: str = "none"
    observable: str = ""

    def __post_init__(self) -> None:
        for name in ("duration", "dt"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
        if not 0 <= self.transient < self.duration:
            raise ValueError(
                f"transient {self.transient!r} must be >= 0 and shorter than the "
                f"duration {self.duration!r}"
            )
        if self.sample_interval < 0:
            raise ValueError(
                "sample interval must be >= 0 (0 picks one), got "
                f"{self.sample_interval!r}"
            )
        if self.velocity is not None and not self.velocity > 0:
            raise ValueError(f"velocity must be > 0, got {self.velocity!r}")
        amplitudes = (
            self.noise.values() if isinstance(self.noise, dict) else [self.noise]
        )
        for amplitude in amplitudes:
            if not (math.isfinite(amplitude) and amplitude >= 0):
                raise ValueError(
                    f"noise amplitude must be finite and >= 0, got {amplitude!r}"
                )

    @property
    def has_noise(self) -> bool:
        """Whether any noise amplitude is non-zero."""
        if isinstance(self.noise, dict):
            return any(value > 0 for value in self.noise.values())
        return self.noise > 0

    @property
    def record_every(self) -> int:
        """Steps between recorded samples (at least 1)."""
        if self.sample_interval <= 0:
            return 1
        return max(int(round(self.sample_interval / self.dt)), 1)

    def as_dict(self) -> dict:
        """Return the settings as a JSON-serialisable dict."""
        return asdict(self)


@dataclass(frozen=True)
class SweepContext:
    """Everything a chunk task needs besides the chunk itself.

    Attributes
    ----------
    model_text : str
        The model declaration as TOML (``rosetta_sym.io.dumps_model``).
    model_hash : str
        ``Model.hash``, checked after the worker parses the text.
    grid : Grid
    settings : SimulationSettings
    seed : int
        Base seed; point ``i`` uses ``point_seeds(seed, [i])``.
    measures : tuple of Measure
    weights : ndarray (n_nodes, n_nodes) or None
        Connectome weights after normalisation; ``None`` for a single node.
    tract_lengths : ndarray (n_nodes, n_nodes) or None
        Tract lengths in mm.
    connectome_name : str
        Identity of the connectome (name and content hash).
    simulator : callable or None
        Replacement for the batched simulation, for tests; ``None`` uses
        :func:`rosetta_sym.sweep.simulation.simulate_points`.
    numba_threads : int or None
        Threads for numba's parallel loops in each task; ``None`` keeps numba's
        default.
    """

    model_text: str
    model_hash: str
    grid: Grid
    settings: SimulationSettings
    seed: int
    measures: tuple[Measure, ...]
    weights: np.ndarray | None = None
    tract_lengths: np.ndarray | None = None
    connectome_name: str = ""
    simulator: Callable | None = None
    numba_threads: int | None = field(default=None)

    @property
    def n_nodes(self) -> int:
        """Number of nodes (1 without a connectome)."""
        return 1 if self.weights is None else int(self.weights.shape[0])
