"""Checks and array preparation shared by single and batched runs."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Mapping

import numpy as np

from rosetta_sym.model import Model
from rosetta_sym.simulate.network import VARIANTS

__all__ = [
    "METHODS",
    "STOCHASTIC_METHODS",
    "SimulationError",
    "normalise_method",
    "count_steps",
    "parameter_matrix",
    "initial_matrix",
    "choose_chunk_steps",
    "load_stepper",
]

logger = logging.getLogger(__name__)

#: Fixed-step methods; each is a template in ``templates/steppers/``.
METHODS = ("euler", "heun", "rk4", "euler_maruyama", "stochastic_heun")

#: Methods that add the noise term ``sigma dW``.
STOCHASTIC_METHODS = ("euler_maruyama", "stochastic_heun")

#: Bound on the doubles of the per-chunk noise and forcing arrays (32 MB).
CHUNK_DOUBLES = 2**22

#: Upper bound on the steps of one chunk, so that the progress bar moves.
MAX_CHUNK_STEPS = 100_000


class SimulationError(ValueError):
    """Invalid simulation settings."""


def normalise_method(method: str) -> str:
    """Return the stepper name of ``method`` (hyphens become underscores)."""
    name = str(method).strip().lower().replace("-", "_")
    if name not in METHODS:
        raise SimulationError(
            f"method {method!r} is not one of {', '.join(METHODS)} (hyphens or "
            "underscores both work)"
        )
    return name


def count_steps(duration: float, dt: float) -> int:
    """Return the number of steps of a run; check ``dt`` and ``duration``."""
    if not (math.isfinite(dt) and dt > 0):
        raise SimulationError(f"dt must be positive and finite, got {dt!r}")
    if not (math.isfinite(duration) and duration > 0):
        raise SimulationError(f"duration must be positive and finite, got {duration!r}")
    n_steps = int(round(duration / dt))
    if n_steps < 1:
        raise SimulationError(
            f"duration {duration!r} is shorter than one step dt = {dt!r}; "
            "increase the duration or decrease dt"
        )
    if abs(n_steps * dt - duration) > 1e-9 * duration:
        logger.warning(
            "duration %g is not a multiple of dt %g; running %d steps (%g)",
            duration,
            dt,
            n_steps,
            n_steps * dt,
        )
    return n_steps


def _broadcast_row(value, n_nodes: int, what: str) -> np.ndarray:
    row = np.asarray(value, dtype=np.float64)
    try:
        return np.broadcast_to(row, (n_nodes,))
    except ValueError:
        raise SimulationError(
            f"{what}: got {row.size} values for {n_nodes} nodes; give one value "
            "or one per node"
        ) from None


def parameter_matrix(
    model: Model, parameters: Mapping | np.ndarray | None, n_nodes: int
) -> np.ndarray:
    """Return parameter values per node, shape (n_params, n_nodes).

    ``parameters`` maps names to a value or to n_nodes values (per-node
    parameters such as Kuramoto frequencies), or is an array (n_params,) or
    (n_params, n_nodes). Unnamed parameters keep the model's values.
    """
    n_params = len(model.parameters)
    if parameters is None or isinstance(parameters, Mapping):
        matrix = np.repeat(model.parameter_vector[:, None], n_nodes, axis=1)
        for name, value in (parameters or {}).items():
            row = model.parameter_names.index(model.parameter(name).name)
            matrix[row] = _broadcast_row(value, n_nodes, f"parameter {name!r}")
    else:
        values = np.asarray(parameters, dtype=np.float64)
        if values.ndim == 1:
            values = values[:, None]
        if values.shape[0] != n_params:
            raise SimulationError(
                f"parameter array has {values.shape[0]} rows but model "
                f"{model.name!r} has {n_params} parameters "
                f"({', '.join(model.parameter_names)})"
            )
        matrix = np.broadcast_to(values, (n_params, n_nodes)).copy()
    for row, parameter in enumerate(model.parameters):
        for node in range(n_nodes):
            try:
                parameter.check_value(float(matrix[row, node]))
            except ValueError as error:
                raise SimulationError(f"node {node}: {error}") from None
    return np.ascontiguousarray(matrix)


def initial_matrix(
    model: Model, initial: Mapping | np.ndarray | None, n_nodes: int
) -> np.ndarray:
    """Return initial states per node, shape (n_states, n_nodes).

    ``initial`` maps state names to a value or n_nodes values, or is an array
    (n_states,) or (n_states, n_nodes); missing states take the model's
    initial values.
    """
    n_states = model.n_states
    if initial is None or isinstance(initial, Mapping):
        matrix = np.repeat(model.initial_state[:, None], n_nodes, axis=1)
        for name, value in (initial or {}).items():
            row = model.state_index(name)
            matrix[row] = _broadcast_row(value, n_nodes, f"initial value of {name!r}")
    else:
        values = np.asarray(initial, dtype=np.float64)
        if values.ndim == 1:
            values = values[:, None]
        if values.shape[0] != n_states:
            raise SimulationError(
                f"initial state has {values.shape[0]} rows but model {model.name!r} "
                f"has {n_states} states ({', '.join(model.state_names)})"
            )
        matrix = np.broadcast_to(values, (n_states, n_nodes)).copy()
    bad = ~np.isfinite(matrix)
    if bad.any():
        state, node = (int(k) for k in np.argwhere(bad)[0])
        raise SimulationError(
            f"initial value of {model.state_names[state]!r} at node {node} is "
            f"{float(matrix[state, node])!r}; give a finite number"
        )
    return np.ascontiguousarray(matrix)


def choose_chunk_steps(
    n_steps: int,
    record_every: int,
    doubles_per_step: int,
    chunk_steps: int | None = None,
) -> int:
    """Return the steps per chunk: a multiple of ``record_every``.

    Recording windows then never straddle two chunks, and the noise and
    forcing arrays of a chunk stay below :data:`CHUNK_DOUBLES` doubles.
    """
    if chunk_steps is None:
        chunk_steps = min(
            n_steps, MAX_CHUNK_STEPS, max(1, CHUNK_DOUBLES // max(1, doubles_per_step))
        )
    if int(chunk_steps) != chunk_steps or chunk_steps < 1:
        raise SimulationError(
            f"chunk_steps must be a positive integer, got {chunk_steps!r}"
        )
    return max(record_every, int(chunk_steps) // record_every * record_every)


def load_stepper(model: Model, method: str, variant: str, batch: bool, kernels=None):
    """Return the compiled stepper of ``method``, bound to a network variant.

    The generated module has one stepper per method, ``step_<method>`` (and
    ``step_<method>_batch``), whose first argument selects the network variant
    at run time. The returned callable takes the remaining arguments.

    ``kernels`` is a generated module; by default the model's module from
    :func:`rosetta_sym.codegen.load_kernels` (built on a cache miss).
    """
    if kernels is None:
        from rosetta_sym.codegen import load_kernels

        kernels = load_kernels(model)
    name = f"step_{method}" + ("_batch" if batch else "")
    if variant not in VARIANTS:
        raise SimulationError(
            f"network variant {variant!r} is invalid; use one of {', '.join(VARIANTS)}"
        )
    if variant != "none" and getattr(kernels, "COUPLING_KIND", None) is None:
        raise SimulationError(
            f"model {model.name!r} declares no coupling, so it has no {variant!r} "
            "network variant; add a Coupling to the model"
        )
    try:
        stepper = getattr(kernels, name)
    except AttributeError:
        raise SimulationError(
            f"the generated module of {model.name!r} has no stepper {name!r}"
        ) from None
    return functools.partial(stepper, VARIANTS.index(variant))


#: Largest number of recorded float64 values one run may allocate (16 GiB).
MAX_RECORDED_VALUES = 2 * 1024**3


def check_record_size(
    n_samples: int, n_nodes: int, n_variables: int, n_sets: int = 1
) -> None:
    """Raise :class:`SimulationError` when the recorded data would not fit.

    The message gives the sample count and the options that reduce it.
    """
    values = n_samples * n_nodes * n_variables * n_sets
    if values > MAX_RECORDED_VALUES:
        raise SimulationError(
            f"the run would record {n_samples:.3g} samples of {n_variables} "
            f"variable(s) at {n_nodes} node(s), {values * 8 / 1e9:.3g} GB; "
            "shorten the duration, increase dt or record every k-th step "
            "(record_every, or --record-every on the command line)"
        )


#: Magnitude above which a state counts as diverged, like a non-finite one.
#: An unstable fixed step can grow a state to 1e20 or more for a long time
#: before it overflows. No rung of the ladder comes near this bound.
DIVERGENCE_LIMIT = 1e12


def diverged(state: np.ndarray) -> np.ndarray:
    """Return the mask of entries of ``state`` that are non-finite or too large.

    An entry is diverged when it is NaN, infinite or larger in magnitude than
    :data:`DIVERGENCE_LIMIT`.
    """
    return ~(np.abs(state) <= DIVERGENCE_LIMIT)
