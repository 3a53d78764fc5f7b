"""Simulations of the report, all with the generated kernels.

One place turns the report's needs (parameter sets, forced runs, a trajectory,
the network run) into calls of :mod:`rosetta_sym.simulate`, so the sections
never deal with its options.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from rosetta_sym.report.context import RungContext
from rosetta_sym.report.observables import observable_name
from rosetta_sym.simulate import BlowUpError, Sinusoid, simulate

__all__ = ["run_parameter_sets", "run_forced", "run_trajectory", "run_network"]

logger = logging.getLogger(__name__)

#: Fixed-step method of the report's runs of a rung whose network run has no
#: noise.
METHOD = "rk4"
#: Method of every run of a rung whose network run has noise. Runs without
#: noise then integrate with Heun's method (second order), which is what the
#: stochastic Heun method reduces to.
NOISY_METHOD = "stochastic_heun"
#: Recorded samples per run of a single node, at most; longer runs are decimated.
MAX_SAMPLES = 20000


def rung_method(context: RungContext) -> str:
    """Return the one integration method of every run of the rung.

    One method per rung means one compiled stepper per rung: the same stepper
    serves single nodes, forced nodes and the network. Compiling a stepper
    takes longer than most of the report's runs.
    """
    noisy = context.model.coupling is not None and context.settings.noise > 0
    return NOISY_METHOD if noisy else METHOD


def _whole_steps(duration: float, dt: float) -> float:
    """Round ``duration`` to a whole number of steps of ``dt``."""
    return max(1, round(duration / dt)) * dt


def _record_every(duration: float, dt: float) -> int:
    return max(1, int(np.ceil(duration / dt / MAX_SAMPLES)))


def run_parameter_sets(
    context: RungContext,
    overrides: Sequence[dict],
    *,
    duration: float,
    progress_label: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Simulate one uncoupled node per parameter set, from the default initial state.

    All sets run in one call as the nodes of an uncoupled network with
    per-node parameters, so one compiled stepper serves them. A set whose
    state diverges (an unstable rung without a limit cycle, such as the damped
    oscillator with negative damping) gets NaN samples, and the others run
    again without it.

    Parameters
    ----------
    overrides : sequence of dict
        Parameter values that differ from the defaults, one dict per run; every
        dict names the same parameters.
    duration : float
        Run length in model time units.

    Returns
    -------
    time : ndarray, shape (n_samples,)
    observable : ndarray, shape (n_sets, n_samples)

    Raises
    ------
    BlowUpError
        When every set diverges.
    """
    context.wait_for_kernels()

    model = context.model
    dt = context.settings.dt
    names = sorted({name for item in overrides for name in item})
    active = list(range(len(overrides)))
    while True:
        per_node = {
            name: np.array([overrides[k][name] for k in active]) for name in names
        }
        try:
            result = simulate(
                model,
                _whole_steps(duration, dt),
                dt,
                rung_method(context),
                n_nodes=len(active),
                parameters=per_node,
                record=observable_name(model),
                record_every=_record_every(duration, dt),
                progress=_show(context, progress_label),
            )
        except BlowUpError as error:
            if len(active) == 1:
                raise
            dropped = active.pop(error.node)
            logger.info(
                "%s: parameter set %s diverged, so its samples are NaN",
                model.name,
                overrides[dropped],
            )
            continue
        break
    observable = np.full((len(overrides), len(result.time)), np.nan)
    observable[active] = np.asarray(result[observable_name(model)]).T
    return np.asarray(result.time), observable


def _show(context: RungContext, label: str | None) -> bool:
    return bool(label) and context.options.progress


def run_forced(
    context: RungContext,
    overrides: dict,
    forcings: Sequence[tuple[float, float]],
    *,
    duration: float,
    initial_state: np.ndarray | None = None,
    progress_label: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Simulate one node per sinusoidal forcing ``A sin(W t)`` on the forcing input.

    Every run is a node of one uncoupled network. Each distinct frequency is a
    forcing term whose per-node gain is the amplitude on the nodes it drives
    and zero elsewhere.

    Parameters
    ----------
    overrides : dict
        Parameter values that differ from the defaults, shared by every run.
    forcings : sequence of (float, float)
        ``(A, W)`` per run: amplitude in the input's unit, angular frequency in
        rad per model time unit.
    initial_state : ndarray, shape (n_states,), optional
        Start of every run; default the model's initial state.

    Returns
    -------
    time : ndarray, shape (n_samples,)
    observable : ndarray, shape (n_runs, n_samples)
    """
    context.wait_for_kernels()

    model = context.model
    dt = context.settings.dt
    forcing_input = model.forcing_input or model.input_names[0]
    n_runs = len(forcings)
    angulars = sorted({float(w) for _, w in forcings})
    terms = []
    for angular in angulars:
        gain = np.array([a if float(w) == angular else 0.0 for a, w in forcings])
        terms.append(
            Sinusoid(
                amplitude=1.0,
                frequency=angular / (2.0 * np.pi),
                unit="model",
                input=forcing_input,
                gain=gain,
            )
        )
    initial = None
    if initial_state is not None:
        initial = dict(zip(model.state_names, map(float, initial_state), strict=True))
    result = simulate(
        model,
        _whole_steps(duration, dt),
        dt,
        rung_method(context),
        n_nodes=n_runs,
        parameters=overrides or None,
        initial=initial,
        forcing=terms,
        record=observable_name(model),
        record_every=_record_every(duration, dt),
        progress=_show(context, progress_label),
    )
    return np.asarray(result.time), np.asarray(result[observable_name(model)]).T


def run_trajectory(
    context: RungContext, duration: float
) -> tuple[np.ndarray, np.ndarray]:
    """Simulate one node at the default parameters and record every state.

    Returns
    -------
    time : ndarray, shape (n_samples,)
    states : ndarray, shape (n_samples, n_states)
    """
    context.wait_for_kernels()

    model = context.model
    dt = context.settings.dt
    result = simulate(
        model,
        _whole_steps(duration, dt),
        dt,
        rung_method(context),
        record=list(model.state_names),
        record_every=_record_every(duration, dt),
        progress=False,
    )
    states = np.stack(
        [np.asarray(result[name])[:, 0] for name in model.state_names], axis=1
    )
    return np.asarray(result.time), states


def network_delays(context: RungContext) -> np.ndarray | None:
    """Conduction delays in model time units, from tract lengths and velocity.

    Tract lengths are in mm and the velocity in m/s (mm/ms). Rungs with
    dimensionless time use the settings' ``time_scale_ms`` as the length of one
    time unit. Returns None when the connectome has no tract lengths.
    """
    lengths = context.connectome.tract_lengths
    if lengths is None:
        return None
    # Delays of absent connections never enter the coupling sum; zeroing them
    # keeps them out of the step-size bound below.
    delays_ms = np.where(context.connectome.dense_weights() > 0, lengths, 0.0)
    delays_ms = delays_ms / context.settings.velocity
    unit = context.model.time_unit
    if unit == "ms":
        return delays_ms
    if unit == "s":
        return delays_ms * 1e-3
    return delays_ms / context.settings.time_scale_ms


def _noise(model, settings):
    if settings.noise <= 0:
        return None
    if not settings.noise_states:
        return settings.noise
    return {name: settings.noise for name in settings.noise_states}


def phase_states(model) -> list[str]:
    """States the network section reads node phases from (may be empty).

    The phase state of sine-coupled rungs, or ``x`` and ``y`` of the
    diffusively coupled two-state oscillator rungs, whose phase is the angle of
    ``z = x + i y``.
    """
    if model.coupling is None:
        return []
    if model.coupling.kind == "sine":
        return [str(model.coupling.source[0])]
    if model.coupling.kind == "diffusive" and model.state_names == ("x", "y"):
        return ["x", "y"]
    return []


def network_step(dt: float, delays: np.ndarray | None) -> float:
    """Return ``dt``, lowered to a tenth of the shortest positive delay if needed.

    Delays that are not whole multiples of the step are interpolated linearly
    in the history buffer; ``dt <= min(tau) / 10`` keeps that error small.
    """
    if delays is None or not np.any(delays > 0):
        return dt
    bound = float(delays[delays > 0].min()) / 10.0
    if bound < dt:
        logger.info(
            "network step lowered from %g to %g (shortest delay / 10)", dt, bound
        )
    return min(dt, bound)


def run_network(context: RungContext) -> dict:
    """Run the rung on the report's connectome with conduction delays.

    Returns
    -------
    dict
        ``time`` (n_samples,), ``data`` (dict of variable name to an array of
        shape (n_samples, n_nodes)), ``delays`` (n_nodes, n_nodes) in model time
        units or None, and ``method``.
    """
    context.wait_for_kernels()

    model = context.model
    settings = context.settings
    delays = network_delays(context)
    dt = network_step(settings.network_dt, delays)
    record = [observable_name(model)]
    record += [name for name in phase_states(model) if name not in record]
    method = rung_method(context)
    result = simulate(
        model,
        _whole_steps(settings.network_duration, dt),
        dt,
        method,
        connectome=context.connectome,
        normalisation="max_eigenvalue",
        coupling=settings.coupling,
        delays=delays,
        noise=_noise(model, settings),
        seed=context.options.seed,
        record=record,
        record_every=_record_every(settings.network_duration, dt),
        progress=context.options.progress,
    )
    data = {name: np.asarray(result[name]) for name in result.variables}
    return {
        "time": np.asarray(result.time),
        "data": data,
        "delays": delays,
        "method": method,
        "dt": dt,
    }
