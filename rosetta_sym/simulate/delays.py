"""Conduction delays: delay matrices, interpolation tables and the ring buffer.

The delay steppers keep the quantities that nodes send (the coupling sources)
in a ring buffer ``history (n_channels, n_slots, n_nodes)`` with one sample per
step. A stage at ``t_n + c dt`` needs ``s_j(t_n + c dt - tau_ij)``; with
``L = tau_ij / dt - c`` (in steps) the stepper reads

- for ``L >= 0``: ``(1 - f) h[n - k] + f h[n - k - 1]`` with ``k = floor(L)``,
  ``f = L - k`` (linear interpolation between two stored samples);
- for ``L < 0`` (a delay shorter than the stage offset):
  ``h[n] + f (s_j(stage) - h[n])`` with ``f = (c - tau / dt) / c``.

Integer delays therefore read stored samples exactly.
"""

from __future__ import annotations

import logging

import numpy as np
import scipy.sparse
import scipy.special
import sympy as sp

from rosetta_sym.model import Model, expand_auxiliary
from rosetta_sym.simulate.connectome import Connectome, ConnectomeError

__all__ = [
    "STAGE_OFFSETS",
    "delay_matrix",
    "lag_tables",
    "initial_history",
    "coupling_sources",
]

logger = logging.getLogger(__name__)

#: Stage offsets (fractions of dt) that the steppers index as 0, 1 and 2.
STAGE_OFFSETS = (0.0, 0.5, 1.0)

#: Relative distance to an integer below which a delay in steps is snapped to it.
SNAP_TOLERANCE = 1e-9


def _seconds_per_unit(model: Model) -> float | None:
    return {"s": 1.0, "ms": 1e-3}.get(model.time_unit)


def delay_matrix(
    model: Model,
    connectome: Connectome,
    velocity: float | None = None,
    delays: np.ndarray | None = None,
) -> np.ndarray | None:
    """Return conduction delays in model time units, or ``None`` without delays.

    Parameters
    ----------
    velocity : float, optional
        Conduction velocity in m/s (equal to mm/ms). Delays are tract lengths
        (mm) over velocity, converted to the model's time unit. For a model with
        dimensionless time the velocity is in tract-length units per time unit.
    delays : ndarray (n_nodes, n_nodes), optional
        Delays in model time units; exclusive with ``velocity``.
    """
    n_nodes = connectome.n_nodes
    if velocity is not None and delays is not None:
        raise ValueError(
            "give either a conduction velocity or a delay matrix, not both"
        )
    if delays is not None:
        matrix = np.array(delays, dtype=np.float64)
        if matrix.shape != (n_nodes, n_nodes):
            raise ValueError(
                f"delay matrix has shape {matrix.shape}, expected "
                f"({n_nodes}, {n_nodes})"
            )
        _check_delays(matrix)
        return matrix
    if velocity is None:
        return None
    velocity = float(velocity)
    if not (np.isfinite(velocity) and velocity > 0):
        raise ValueError(f"conduction velocity must be positive, got {velocity!r}")
    if connectome.tract_lengths is None:
        raise ConnectomeError(
            f"connectome {connectome.name!r} has no tract lengths, so a velocity "
            "cannot give delays; load one with tract lengths or pass delays="
        )
    seconds = _seconds_per_unit(model)
    if seconds is None:
        logger.info(
            "model %s has dimensionless time: velocity %g is taken in tract-length "
            "units per time unit",
            model.name,
            velocity,
        )
        return connectome.tract_lengths / velocity
    # mm / (m/s) = 1e-3 s.
    return connectome.tract_lengths / velocity * 1e-3 / seconds


def _check_delays(matrix: np.ndarray) -> None:
    bad = ~np.isfinite(matrix) | (matrix < 0)
    if bad.any():
        row, column = (int(k) for k in np.argwhere(bad)[0])
        raise ValueError(
            f"delay at row {row}, column {column} is {float(matrix[row, column])!r}; "
            "delays must be finite and non-negative"
        )


def lag_tables(delays_in_steps: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Return the interpolation tables of every stage offset and the buffer length.

    Parameters
    ----------
    delays_in_steps : ndarray (nnz,)
        Delay of each connection in steps (``tau / dt``), in CSR order.

    Returns
    -------
    lag_steps : ndarray of int64 (3, nnz)
        ``k`` for each stage offset, or -1 for a delay shorter than the offset.
    lag_frac : ndarray (3, nnz)
        Interpolation weight ``f`` (see the module docstring).
    n_slots : int
        Ring buffer length, ``max k + 2``.
    """
    d = np.asarray(delays_in_steps, dtype=np.float64)
    lag_steps = np.empty((len(STAGE_OFFSETS), d.size), dtype=np.int64)
    lag_frac = np.empty((len(STAGE_OFFSETS), d.size))
    for row, offset in enumerate(STAGE_OFFSETS):
        lag = d - offset
        nearest = np.round(lag)
        snap = np.abs(lag - nearest) <= SNAP_TOLERANCE * np.maximum(1.0, np.abs(lag))
        lag = np.where(snap, nearest, lag)
        whole = np.floor(lag)
        inside = lag >= 0
        lag_steps[row] = np.where(inside, whole, -1).astype(np.int64)
        short = np.divide(offset - d, offset, out=np.zeros_like(d), where=offset > 0)
        lag_frac[row] = np.where(inside, lag - whole, short)
    n_slots = int(lag_steps.max(initial=0)) + 2
    return lag_steps, lag_frac, n_slots


def coupling_sources(
    model: Model, states: np.ndarray, params: np.ndarray
) -> np.ndarray:
    """Evaluate the coupling sources with NumPy.

    Parameters
    ----------
    states : ndarray (n_states, ...)
    params : ndarray (n_params, ...)
        Broadcastable against ``states`` after the first axis.

    Returns
    -------
    ndarray (n_channels, ...)
    """
    arguments = (*model.state_symbols, *model.parameter_symbols)
    expressions = [expand_auxiliary(s) for s in model.coupling.source]
    function = sp.lambdify(
        arguments,
        expressions,
        modules=[{"logistic": scipy.special.expit}, "numpy"],
    )
    shape = np.broadcast_shapes(states.shape[1:], params.shape[1:])
    values = function(*states, *params)
    return np.array([np.broadcast_to(v, shape) for v in values], dtype=np.float64)


def initial_history(
    model: Model,
    n_slots: int,
    initial: np.ndarray,
    params: np.ndarray,
    history: np.ndarray | None = None,
) -> np.ndarray:
    """Fill the ring buffer for step 0 and the ``n_slots - 1`` steps before it.

    Parameters
    ----------
    initial : ndarray (n_states, n_nodes)
    params : ndarray (n_params, n_nodes)
    history : ndarray (n_samples, n_states, n_nodes), optional
        States on the step grid, the last sample at the start time. Without
        it the history is constant (the initial state); with fewer samples
        than slots the oldest sample is held further back.

    Returns
    -------
    ndarray (n_channels, n_slots, n_nodes)
        Slot ``n % n_slots`` contains step ``n`` (negative steps are the past).
    """
    n_states, n_nodes = initial.shape
    if history is None:
        sources = coupling_sources(model, initial, params)
        return np.repeat(sources[:, None, :], n_slots, axis=1).copy()
    history = np.asarray(history, dtype=np.float64)
    if history.ndim != 3 or history.shape[1:] != (n_states, n_nodes):
        raise ValueError(
            f"history has shape {history.shape}, expected (n_samples, {n_states}, "
            f"{n_nodes})"
        )
    if not np.all(np.isfinite(history)):
        raise ValueError("history contains non-finite values")
    n_samples = history.shape[0]
    buffer = np.empty((len(model.coupling.source), n_slots, n_nodes))
    for back in range(n_slots):
        sample = history[max(n_samples - 1 - back, 0)]
        buffer[:, (-back) % n_slots, :] = coupling_sources(model, sample, params)
    return buffer


def csr_with_delays(weights: scipy.sparse.csr_matrix, delays: np.ndarray) -> np.ndarray:
    """Return the delay of each stored entry of ``weights``, in CSR order."""
    rows = np.repeat(np.arange(weights.shape[0]), np.diff(weights.indptr))
    return np.ascontiguousarray(delays[rows, weights.indices], dtype=np.float64)
