"""Batched runs: many parameter sets of one model, in parallel over sets.

One compiled kernel (``step_<method>_<variant>_batch``) integrates every set,
one set per ``numba.prange`` iteration. Sets share the connectome, forcing,
noise amplitudes, recording and initial state. Each set has its own parameter
values, global coupling G, conduction velocity (hence delays) and noise
stream. The stream of set ``index`` is seeded by
``SeedSequence(seed, spawn_key=(index,))``, so a set's result depends only on
``seed`` and its index, not on how a sweep groups sets into batches.
"""

from __future__ import annotations

import dataclasses
import logging
import time as clock
from collections.abc import Mapping, Sequence

import numpy as np
import tqdm

from rosetta_sym.model import Model
from rosetta_sym.simulate.delays import csr_with_delays, delay_matrix, lag_tables
from rosetta_sym.simulate.engine import (
    check_stochastic,
    progress_disabled,
    resolve_connectome,
)
from rosetta_sym.simulate.forcing import Forcing, ForcingPlan
from rosetta_sym.simulate.network import attach_history, build_network
from rosetta_sym.simulate.noise import (
    NoiseStream,
    derive_seed_sequence,
    noise_amplitudes,
)
from rosetta_sym.simulate.recording import build_recording
from rosetta_sym.simulate.result import SimulationResult
from rosetta_sym.simulate.setup import (
    STOCHASTIC_METHODS,
    SimulationError,
    check_record_size,
    choose_chunk_steps,
    count_steps,
    diverged,
    initial_matrix,
    load_stepper,
    normalise_method,
    parameter_matrix,
)

__all__ = ["BatchResult", "simulate_batch"]

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class BatchResult:
    """Recorded samples of every set of a batch.

    Attributes
    ----------
    time : ndarray (n_samples,)
    data : ndarray (n_sets, n_samples, n_nodes, n_variables)
        Samples after a set's blow-up are NaN.
    variables : tuple of str
    metadata : dict
        As in :class:`SimulationResult`, plus per-set ``coupling``,
        ``velocity``, ``set_indices``.
    failures : dict of int to str
        Set position in the batch to the blow-up message.
    """

    time: np.ndarray
    data: np.ndarray
    variables: tuple[str, ...]
    metadata: dict
    failures: dict[int, str]

    @property
    def n_sets(self) -> int:
        """Number of parameter sets."""
        return int(self.data.shape[0])

    def result(self, position: int) -> SimulationResult:
        """Return set ``position`` as a :class:`SimulationResult`."""
        metadata = dict(self.metadata)
        metadata["coupling"] = self.metadata["coupling"][position]
        metadata["velocity"] = self.metadata["velocity"][position]
        metadata["set_index"] = self.metadata["set_indices"][position]
        return SimulationResult(
            self.time, self.data[position], self.variables, metadata
        )


def _per_set(value, n_sets: int, what: str) -> np.ndarray | None:
    if value is None:
        return None
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return np.full(n_sets, float(array))
    if array.shape != (n_sets,):
        raise SimulationError(
            f"{what}: got {array.size} values for {n_sets} sets; give one value "
            "or one per set"
        )
    return array.copy()


def _count_sets(parameter_sets, coupling, velocity) -> int:
    sizes = set()
    if parameter_sets is not None:
        sizes.add(len(parameter_sets))
    for value in (coupling, velocity):
        if value is not None and np.ndim(value) == 1:
            sizes.add(len(value))
    if len(sizes) > 1:
        raise SimulationError(
            f"parameter sets, couplings and velocities give different numbers of "
            f"sets: {sorted(sizes)}; they must agree"
        )
    return sizes.pop() if sizes else 1


def simulate_batch(
    model: Model,
    duration: float,
    dt: float,
    method: str = "rk4",
    *,
    parameter_sets: Sequence[Mapping] | np.ndarray | None = None,
    coupling: float | Sequence[float] = 1.0,
    velocity: float | Sequence[float] | None = None,
    connectome=None,
    normalisation: str = "none",
    phase_lag: float = 0.0,
    n_nodes: int | None = None,
    initial: Mapping | np.ndarray | None = None,
    forcing: Forcing | Sequence[Forcing] = (),
    noise=None,
    seed: int | None = None,
    first_index: int = 0,
    record: str | Sequence[str] | None = None,
    record_every: int = 1,
    record_mode: str = "sample",
    t_start: float = 0.0,
    chunk_steps: int | None = None,
    progress: bool | None = None,
    variant: str | None = None,
    kernels=None,
) -> BatchResult:
    """Integrate many parameter sets of one model with one compiled kernel.

    Parameters
    ----------
    parameter_sets : sequence of mapping, or ndarray
        One entry per set: a mapping as ``parameters`` of :func:`simulate`, or
        an array (n_sets, n_params) or (n_sets, n_params, n_nodes).
    coupling : float or sequence of float
        Global coupling G, one for all sets or one per set.
    velocity : float or sequence of float, optional
        Conduction velocity (m/s) per set, so each set has its own delays.
    seed : int, optional
        Base seed; set ``k`` of the batch uses index ``first_index + k``.
    first_index : int
        Index of the first set in the whole sweep.

    Other parameters are as in :func:`simulate`; delays come only from
    ``velocity`` and tract lengths.

    Returns
    -------
    BatchResult
        A set that blows up does not stop the others; its message is in
        ``failures`` and its later samples are NaN.
    """
    method = normalise_method(method)
    n_steps = count_steps(duration, dt)
    n_sets = _count_sets(parameter_sets, coupling, velocity)
    network = resolve_connectome(connectome, normalisation)
    n_nodes = network.n_nodes if network is not None else int(n_nodes or 1)
    couplings = _per_set(coupling, n_sets, "coupling")
    if not np.all(np.isfinite(couplings)) or np.any(couplings < 0):
        raise SimulationError("every coupling G must be finite and >= 0")
    velocities = _per_set(velocity, n_sets, "velocity")

    sets = [None] * n_sets if parameter_sets is None else list(parameter_sets)
    params = np.stack([parameter_matrix(model, p, n_nodes) for p in sets])
    start = initial_matrix(model, initial, n_nodes)
    state = np.ascontiguousarray(np.repeat(start[None], n_sets, axis=0))

    first_velocity = None if velocities is None else velocities[0]
    arrays = build_network(
        model, network, n_nodes, dt, velocity=first_velocity, variant=variant
    )
    lag_steps, lag_frac, history = _per_set_delays(
        model, arrays, network, velocities, dt, start, params
    )

    base = derive_seed_sequence(seed)
    terms = [forcing] if isinstance(forcing, Forcing) else list(forcing)
    plan = ForcingPlan(model, terms, n_nodes, np.random.SeedSequence(base.entropy))
    sigma = noise_amplitudes(model, noise, n_nodes)
    check_stochastic(method, sigma)
    streams = [
        NoiseStream(sigma, derive_seed_sequence(base.entropy, first_index + k))
        for k in range(n_sets)
    ]
    recording = build_recording(model, record, record_every, record_mode)
    check_record_size(
        recording.n_samples(n_steps), n_nodes, len(recording.names), n_sets
    )
    stepper = load_stepper(model, method, arrays.variant, True, kernels)

    n_noisy = streams[0].noisy_states.size
    per_step = n_sets * (n_noisy * n_nodes) + 2 * len(terms)
    chunk = choose_chunk_steps(n_steps, recording.every, per_step, chunk_steps)
    times = recording.times(t_start, dt, n_steps)
    data = np.zeros((n_sets, times.size, n_nodes, len(recording.names)))
    status = np.full(n_sets, -1, dtype=np.int64)
    failed_at: dict[int, int] = {}
    failures: dict[int, str] = {}
    logger.info(
        "batch of %d sets of %s: %d node(s), %s, %s coupling, %d steps",
        n_sets,
        model.name,
        n_nodes,
        method,
        arrays.variant,
        n_steps,
    )
    started = clock.perf_counter()
    sample0 = 0
    bar = tqdm.tqdm(total=n_steps, unit="step", disable=progress_disabled(progress))
    with bar:
        for step0 in range(0, n_steps, chunk):
            steps = min(chunk, n_steps - step0)
            samples = recording.n_samples(steps)
            normals = _draw(streams, steps, n_nodes, method)
            stepper(
                t_start,
                dt,
                step0,
                steps,
                state,
                params,
                couplings,
                float(phase_lag),
                arrays.weights,
                arrays.indices,
                arrays.indptr,
                arrays.row_sums,
                lag_steps,
                lag_frac,
                history,
                plan.values(t_start, dt, step0, steps),
                plan.gains,
                plan.targets,
                streams[0].sigma,
                streams[0].noisy_states,
                normals,
                recording.every,
                recording.mode == "mean",
                recording.kinds,
                recording.indices,
                data[:, sample0 : sample0 + samples],
                status,
            )
            for position in np.flatnonzero(status < 0):
                if diverged(state[position]).any():
                    status[position] = steps - 1
            for position in np.flatnonzero(status >= 0):
                position = int(position)
                if position not in failed_at:
                    failed_at[position] = sample0
                    failures[position] = _failure_message(
                        model,
                        state[position],
                        t_start + (step0 + status[position] + 1) * dt,
                        first_index + position,
                    )
                    logger.warning("%s", failures[position])
            status[:] = -1
            sample0 += samples
            bar.update(steps)
    for position, first_bad in failed_at.items():
        data[position, first_bad:] = np.nan
    metadata = {
        "model": model.name,
        "model_hash": model.hash,
        "method": method,
        "dt": dt,
        "duration": n_steps * dt,
        "n_steps": n_steps,
        "t_start": t_start,
        "time_unit": model.time_unit,
        "seed": int(base.entropy),
        "set_indices": list(range(first_index, first_index + n_sets)),
        "parameter_names": list(model.parameter_names),
        "connectome": None if network is None else network.identity(),
        "coupling_kind": None if model.coupling is None else model.coupling.kind,
        "coupling": couplings.tolist(),
        "velocity": [None] * n_sets if velocities is None else velocities.tolist(),
        "normalisation": normalisation,
        "phase_lag": float(phase_lag),
        "stepper_variant": arrays.variant,
        "record_every": recording.every,
        "record_mode": recording.mode,
        "wall_time": clock.perf_counter() - started,
    }
    return BatchResult(times, data, recording.names, metadata, failures)


def _draw(streams, steps, n_nodes, method) -> np.ndarray:
    if method not in STOCHASTIC_METHODS:
        return np.zeros((len(streams), 0, 0, 0))
    return np.stack([stream.draw(steps) for stream in streams])


def _per_set_delays(model, arrays, network, velocities, dt, start, params):
    """Return per-set lag tables and delay histories (placeholders without delays)."""
    n_sets = params.shape[0]
    if arrays.variant != "delay":
        attach_history(model, arrays, start, params[0], None)
        return (
            np.repeat(arrays.lag_steps[None], n_sets, axis=0),
            np.repeat(arrays.lag_frac[None], n_sets, axis=0),
            np.repeat(arrays.history[None], n_sets, axis=0),
        )
    csr = network.csr_weights()
    tables = []
    for velocity in velocities:
        matrix = delay_matrix(model, network, float(velocity))
        tables.append(lag_tables(csr_with_delays(csr, matrix) / dt))
    n_slots = max(table[2] for table in tables)
    histories = []
    for k in range(n_sets):
        attach_history(model, arrays, start, params[k], None, n_slots)
        histories.append(arrays.history)
    return (
        np.stack([table[0] for table in tables]),
        np.stack([table[1] for table in tables]),
        np.stack(histories),
    )


def _failure_message(model, state, when, index) -> str:
    row, node = (int(k) for k in np.argwhere(diverged(state))[0])
    value = float(state[row, node])
    what = "became non-finite" if not np.isfinite(value) else f"diverged ({value!r})"
    return (
        f"set {index}: state {model.state_names[row]!r} at node {node} {what} "
        f"by t = {when:.6g}; use a smaller dt or another method"
    )
