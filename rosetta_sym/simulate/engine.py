"""Single runs: chunked integration with recording and blow-up detection."""

from __future__ import annotations

import logging
import time as clock
from collections.abc import Mapping, Sequence

import numpy as np
import tqdm

from rosetta_sym.model import Model
from rosetta_sym.simulate.connectome import Connectome
from rosetta_sym.simulate.connectome_files import load_connectome
from rosetta_sym.simulate.forcing import Forcing, ForcingPlan
from rosetta_sym.simulate.network import attach_history, build_network
from rosetta_sym.simulate.noise import (
    NoiseSpec,
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

__all__ = ["simulate", "BlowUpError"]

logger = logging.getLogger(__name__)


class BlowUpError(FloatingPointError):
    """A state became non-finite during a run.

    Attributes
    ----------
    node, state, time
        Where and when it was detected.
    partial : SimulationResult
        Samples recorded before the blow-up.
    """

    def __init__(self, message, node, state, time, partial):
        super().__init__(message)
        self.node = node
        self.state = state
        self.time = time
        self.partial = partial


def resolve_connectome(connectome, normalisation: str) -> Connectome | None:
    """Load and normalise ``connectome`` (None for a run without a network)."""
    if connectome is None:
        return None
    return load_connectome(connectome).normalised(normalisation)


def check_stochastic(method: str, sigma: np.ndarray) -> None:
    """Reject noise amplitudes with a deterministic method."""
    if np.any(sigma > 0) and method not in STOCHASTIC_METHODS:
        raise SimulationError(
            f"noise needs a stochastic method, but method is {method!r}; use "
            "euler_maruyama or stochastic_heun"
        )


def simulate(
    model: Model,
    duration: float,
    dt: float,
    method: str = "rk4",
    *,
    connectome: Connectome | str | np.ndarray | None = None,
    coupling: float = 1.0,
    velocity: float | None = None,
    delays: np.ndarray | None = None,
    normalisation: str = "none",
    phase_lag: float = 0.0,
    n_nodes: int | None = None,
    parameters: Mapping | np.ndarray | None = None,
    initial: Mapping | np.ndarray | None = None,
    history: np.ndarray | None = None,
    forcing: Forcing | Sequence[Forcing] = (),
    noise: NoiseSpec = None,
    seed: int | np.random.SeedSequence | None = None,
    record: str | Sequence[str] | None = None,
    record_every: int = 1,
    record_mode: str = "sample",
    t_start: float = 0.0,
    chunk_steps: int | None = None,
    progress: bool | None = None,
    variant: str | None = None,
    kernels=None,
) -> SimulationResult:
    """Integrate a model, alone or as a network, with a fixed step.

    Parameters
    ----------
    model : Model
    duration, dt : float
        Length of the run and step, in model time units.
    method : {"euler", "heun", "rk4", "euler_maruyama", "stochastic_heun"}
    connectome : Connectome, str, ndarray or None
        Network weights (see :func:`load_connectome`); None runs ``n_nodes``
        uncoupled nodes (default 1).
    coupling : float
        Global coupling G (>= 0).
    velocity : float, optional
        Conduction velocity in m/s; delays are tract length / velocity.
    delays : ndarray (n_nodes, n_nodes), optional
        Delays in model time units, instead of ``velocity``.
    normalisation : {"none", "max_eigenvalue", "row_sum"}
    phase_lag : float
        Phase lag phi (rad) of sine coupling: ``sin(s_j - s_i - phi)``.
    parameters : mapping or ndarray, optional
        Values per parameter, scalar or per node (see ``parameter_matrix``).
    initial : mapping or ndarray, optional
        Initial states, scalar or per node.
    history : ndarray (n_samples, n_states, n_nodes), optional
        States before the start on the step grid, for delays. The default is
        a constant history equal to the initial state.
    forcing : Forcing or sequence of Forcing
    noise : float, mapping or ndarray, optional
        Additive noise amplitudes per state and node (see
        :func:`~rosetta_sym.simulate.noise.noise_amplitudes`).
    seed : int or SeedSequence, optional
        Seed of the noise and Ornstein-Uhlenbeck streams.
    record : str or sequence of str, optional
        States or outputs to record; default every state.
    record_every : int
        Record interval in steps.
    record_mode : {"sample", "mean"}
        Keep every ``record_every``-th state or average over windows.
    chunk_steps : int, optional
        Steps per compiled call (rounded to a multiple of ``record_every``).
        Results do not depend on it.
    progress : bool, optional
        Show a tqdm progress bar; None shows it on a terminal only.
    variant : str, optional
        Force the network stepper variant (``dense``, ``sparse``).
    kernels : module, optional
        Generated kernel module; by default ``rosetta_sym.codegen.load_kernels``.

    Returns
    -------
    SimulationResult
        ``data`` has shape (n_samples, n_nodes, n_variables).

    Raises
    ------
    BlowUpError
        When a state becomes non-finite; names the node, state and time.
    """
    method = normalise_method(method)
    n_steps = count_steps(duration, dt)
    network = resolve_connectome(connectome, normalisation)
    if network is not None:
        if n_nodes is not None and n_nodes != network.n_nodes:
            raise SimulationError(
                f"n_nodes={n_nodes} does not match the connectome's "
                f"{network.n_nodes} nodes; leave n_nodes out"
            )
        n_nodes = network.n_nodes
    n_nodes = 1 if n_nodes is None else int(n_nodes)
    if not np.isfinite(coupling) or coupling < 0:
        raise SimulationError(f"coupling G must be finite and >= 0, got {coupling!r}")

    params = parameter_matrix(model, parameters, n_nodes)
    state = initial_matrix(model, initial, n_nodes)
    if history is not None and initial is None:
        state = initial_matrix(model, np.asarray(history)[-1], n_nodes)
    arrays = build_network(
        model, network, n_nodes, dt, velocity=velocity, delays=delays, variant=variant
    )
    attach_history(model, arrays, state, params, history)
    _warn_about_delays(arrays.delays, dt)

    seed_sequence = (
        derive_seed_sequence(seed)
        if not isinstance(seed, np.random.SeedSequence)
        else seed
    )
    terms = [forcing] if isinstance(forcing, Forcing) else list(forcing)
    plan = ForcingPlan(model, terms, n_nodes, _copy(seed_sequence))
    sigma = noise_amplitudes(model, noise, n_nodes)
    check_stochastic(method, sigma)
    stream = NoiseStream(sigma, _copy(seed_sequence))
    recording = build_recording(model, record, record_every, record_mode)
    check_record_size(recording.n_samples(n_steps), n_nodes, len(recording.names))

    stepper = load_stepper(model, method, arrays.variant, False, kernels)
    per_step = stream.noisy_states.size * n_nodes + 2 * len(terms)
    chunk = choose_chunk_steps(n_steps, recording.every, per_step, chunk_steps)
    times = recording.times(t_start, dt, n_steps)
    data = np.zeros((times.size, n_nodes, len(recording.names)))
    metadata = _metadata(
        model,
        method=method,
        dt=dt,
        duration=duration,
        n_steps=n_steps,
        t_start=t_start,
        seed_sequence=seed_sequence,
        network=network,
        coupling=coupling,
        velocity=velocity,
        arrays=arrays,
        normalisation=normalisation,
        phase_lag=phase_lag,
        params=params,
        terms=terms,
        sigma=sigma,
        recording=recording,
    )
    logger.info(
        "simulating %s: %d node(s), %s, %s coupling, dt=%g, %d steps in chunks of %d",
        model.name,
        n_nodes,
        method,
        arrays.variant,
        dt,
        n_steps,
        chunk,
    )
    started = clock.perf_counter()
    sample0 = 0
    bar = tqdm.tqdm(total=n_steps, unit="step", disable=progress_disabled(progress))
    with bar:
        for step0 in range(0, n_steps, chunk):
            steps = min(chunk, n_steps - step0)
            samples = recording.n_samples(steps)
            forcing_values = plan.values(t_start, dt, step0, steps)
            normals = stream.draw(steps) if method in STOCHASTIC_METHODS else _NO_NOISE
            status = stepper(
                t_start,
                dt,
                step0,
                steps,
                state,
                params,
                float(coupling),
                float(phase_lag),
                arrays.weights,
                arrays.indices,
                arrays.indptr,
                arrays.row_sums,
                arrays.lag_steps,
                arrays.lag_frac,
                arrays.history,
                forcing_values,
                plan.gains,
                plan.targets,
                stream.sigma,
                stream.noisy_states,
                normals,
                recording.every,
                recording.mode == "mean",
                recording.kinds,
                recording.indices,
                data[sample0 : sample0 + samples],
            )
            if status < 0 and diverged(state).any():
                status = steps - 1
            if status >= 0:
                _raise_blow_up(
                    model,
                    state,
                    status + step0,
                    t_start,
                    dt,
                    method,
                    network,
                    SimulationResult(
                        times[:sample0], data[:sample0], recording.names, metadata
                    ),
                )
            sample0 += samples
            bar.update(steps)
    elapsed = clock.perf_counter() - started
    metadata["wall_time"] = elapsed
    logger.info("finished %s: %d steps in %.3f s", model.name, n_steps, elapsed)
    return SimulationResult(times, data, recording.names, metadata)


_NO_NOISE = np.zeros((0, 0, 0))


def _copy(sequence: np.random.SeedSequence) -> np.random.SeedSequence:
    """Return a fresh SeedSequence with the same entropy and spawn key.

    ``spawn`` counts its children, so a shared object would give new streams
    on reuse.
    """
    return np.random.SeedSequence(
        sequence.entropy, spawn_key=sequence.spawn_key, pool_size=sequence.pool_size
    )


def progress_disabled(progress: bool | None) -> bool | None:
    """Return tqdm's ``disable`` value: None shows the bar on a terminal only."""
    if progress is None:
        return None
    return not progress


def _warn_about_delays(delays: np.ndarray | None, dt: float) -> None:
    if delays is None:
        return
    positive = delays[delays > 0]
    if positive.size and dt > positive.min() / 10:
        logger.warning(
            "dt = %g is larger than a tenth of the shortest delay (%g); delayed "
            "coupling is interpolated linearly, so consider a smaller dt",
            dt,
            positive.min(),
        )


def _raise_blow_up(model, state, step, t_start, dt, method, network, partial):
    bad = np.argwhere(diverged(state))
    row, node = (int(k) for k in bad[0])
    name = model.state_names[row]
    when = t_start + (step + 1) * dt
    label = f" ({network.labels[node]})" if network is not None else ""
    unit = {"s": " s", "ms": " ms"}.get(model.time_unit, "")
    advice = "a smaller dt" if method == "rk4" else "a smaller dt or method rk4"
    raise BlowUpError(
        f"state {name!r} at node {node}{label} became {float(state[row, node])!r} "
        f"at t = {when:.6g}{unit} (step {step + 1}) with dt = {dt:g} and method "
        f"{method!r}; the integration is unstable or the model diverges: try "
        f"{advice}, or check the parameters",
        node,
        name,
        when,
        partial,
    )


def _metadata(
    model,
    *,
    method,
    dt,
    duration,
    n_steps,
    t_start,
    seed_sequence,
    network,
    coupling,
    velocity,
    arrays,
    normalisation,
    phase_lag,
    params,
    terms,
    sigma,
    recording,
) -> dict:
    per_node = {
        name: (row.tolist() if np.ptp(row) > 0 else float(row[0]))
        for name, row in zip(model.parameter_names, params, strict=True)
    }
    return {
        "model": model.name,
        "model_hash": model.hash,
        "parameters": per_node,
        "method": method,
        "dt": dt,
        "duration": n_steps * dt,
        "requested_duration": duration,
        "n_steps": n_steps,
        "t_start": t_start,
        "time_unit": model.time_unit,
        "seed": int(seed_sequence.entropy),
        "seed_spawn_key": list(seed_sequence.spawn_key),
        "connectome": None if network is None else network.identity(),
        "node_labels": None if network is None else list(network.labels),
        "coupling_kind": None if model.coupling is None else model.coupling.kind,
        "coupling": float(coupling),
        "normalisation": normalisation,
        "phase_lag": float(phase_lag),
        "velocity": velocity,
        "max_delay": arrays.max_delay,
        "stepper_variant": arrays.variant,
        "forcing": [repr(term) for term in terms],
        "noise_max": float(sigma.max(initial=0.0)),
        "record_every": recording.every,
        "record_mode": recording.mode,
    }
