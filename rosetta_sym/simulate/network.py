"""Coupling arrays for the steppers: variant choice, weights, delays, history."""

from __future__ import annotations

import dataclasses

import numpy as np

from rosetta_sym.model import Model
from rosetta_sym.simulate.connectome import Connectome
from rosetta_sym.simulate.delays import (
    csr_with_delays,
    delay_matrix,
    initial_history,
    lag_tables,
)

__all__ = ["NetworkArrays", "build_network", "choose_variant", "DENSE_MIN_DENSITY"]

#: Stepper variants, in the order of the "Steppers" section of the architecture.
VARIANTS = ("none", "dense", "sparse", "uniform", "delay")

#: Minimum weight density for which the dense stepper is used (otherwise CSR).
#: NOTE: an estimate from one workload (Jansen-Rit, N = 80, RK4, 10^4 steps) on
#: a loaded 2-core machine: CSR took 0.18 s against 0.20 s dense at density
#: 0.05, and 0.22 s against 0.20 s at density 0.2. Larger N may move it.
DENSE_MIN_DENSITY = 0.1


@dataclasses.dataclass
class NetworkArrays:
    """Arrays that a stepper variant takes for the coupling.

    ``lag_steps``, ``lag_frac`` and ``history`` are only used by the ``delay``
    variant and are empty placeholders otherwise.
    """

    variant: str
    weights: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    row_sums: np.ndarray
    delays: np.ndarray | None = None
    lag_steps: np.ndarray | None = None
    lag_frac: np.ndarray | None = None
    history: np.ndarray | None = None
    max_delay: float = 0.0


def choose_variant(connectome: Connectome | None, delays: np.ndarray | None) -> str:
    """Return the stepper variant: none, dense, sparse, uniform or delay."""
    if connectome is None:
        return "none"
    if delays is not None and np.any(delays[connectome.dense_weights() > 0] > 0):
        return "delay"
    if connectome.uniform:
        return "uniform"
    if connectome.density() >= DENSE_MIN_DENSITY:
        return "dense"
    return "sparse"


def _empty_int(shape=(0,)) -> np.ndarray:
    return np.zeros(shape, dtype=np.int64)


def build_network(
    model: Model,
    connectome: Connectome | None,
    n_nodes: int,
    dt: float,
    *,
    velocity: float | None = None,
    delays: np.ndarray | None = None,
    variant: str | None = None,
) -> NetworkArrays:
    """Build the coupling arrays of a run (without the delay history).

    Parameters
    ----------
    variant : str, optional
        Force a variant (``dense`` or ``sparse`` for a network without
        delays); chosen by :func:`choose_variant` when ``None``.
    """
    if connectome is None:
        if velocity is not None or delays is not None:
            raise ValueError("delays need a connectome; pass connectome=")
        return NetworkArrays(
            "none",
            np.zeros(1),
            _empty_int(),
            _empty_int((n_nodes + 1,)),
            np.zeros(n_nodes),
        )
    if model.coupling is None:
        raise ValueError(
            f"model {model.name!r} declares no coupling, so it cannot run on a "
            "connectome; add a Coupling to the model or drop the connectome"
        )
    matrix = delay_matrix(model, connectome, velocity, delays)
    chosen = variant or choose_variant(connectome, matrix)
    if chosen not in VARIANTS or chosen == "none":
        raise ValueError(
            f"network variant {variant!r} is not one of {', '.join(VARIANTS[1:])}"
        )
    if chosen == "uniform" and not connectome.uniform:
        raise ValueError(
            "the uniform variant needs an all-to-all connectome with one weight "
            "(Connectome.all_to_all); use dense or sparse"
        )
    connected = connectome.dense_weights() > 0
    if chosen != "delay" and matrix is not None and np.any(matrix[connected] > 0):
        raise ValueError(f"variant {chosen!r} ignores delays; use the delay variant")
    if chosen == "delay" and matrix is None:
        matrix = np.zeros((n_nodes, n_nodes))
    dense = connectome.dense_weights()
    row_sums = np.ascontiguousarray(dense.sum(axis=1))
    if chosen == "dense":
        # The dense steppers read the transpose, flattened row by row:
        # weights[j * n + i] = C[i, j].
        return NetworkArrays(
            "dense",
            np.ascontiguousarray(dense.T).ravel(),
            _empty_int(),
            _empty_int((n_nodes + 1,)),
            row_sums,
        )
    if chosen == "uniform":
        return NetworkArrays(
            "uniform",
            np.array([dense[0, 0]]),
            _empty_int(),
            _empty_int((n_nodes + 1,)),
            row_sums,
        )
    csr = connectome.csr_weights()
    arrays = NetworkArrays(
        chosen,
        np.ascontiguousarray(csr.data),
        csr.indices.astype(np.int64),
        csr.indptr.astype(np.int64),
        row_sums,
    )
    if chosen == "delay":
        arrays.delays = matrix
        per_entry = csr_with_delays(csr, matrix)
        arrays.max_delay = float(per_entry.max(initial=0.0))
        arrays.lag_steps, arrays.lag_frac, _ = lag_tables(per_entry / dt)
    return arrays


def attach_history(
    model: Model,
    arrays: NetworkArrays,
    initial: np.ndarray,
    params: np.ndarray,
    history: np.ndarray | None,
    n_slots: int | None = None,
) -> None:
    """Set ``arrays.history`` (and placeholders for variants without delays)."""
    n_channels = 0 if model.coupling is None else len(model.coupling.source)
    n_nodes = initial.shape[1]
    if arrays.variant != "delay":
        arrays.lag_steps = _empty_int((3, 0))
        arrays.lag_frac = np.zeros((3, 0))
        arrays.history = np.zeros((n_channels, 1, n_nodes))
        return
    if n_slots is None:
        n_slots = int(arrays.lag_steps.max(initial=0)) + 2
    arrays.history = initial_history(model, n_slots, initial, params, history)
