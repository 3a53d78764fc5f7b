"""Recording of a run: recorded variables, record interval, sample times."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from rosetta_sym.model import Model
from rosetta_sym.simulate.setup import SimulationError

__all__ = ["Recording", "build_recording"]

RECORD_MODES = ("sample", "mean")


@dataclasses.dataclass(frozen=True)
class Recording:
    """Recorded variables and how often they are recorded.

    Attributes
    ----------
    names : tuple of str
        State or output names, in the order of the data's last axis.
    kinds : ndarray of int64
        0 for a state, 1 for an output.
    indices : ndarray of int64
        Index among the states or among the outputs.
    every : int
        Record interval in steps.
    mode : {"sample", "mean"}
        ``sample`` keeps the state at the start of every ``every``-th step;
        ``mean`` averages all steps of each window of ``every`` steps.
    """

    names: tuple[str, ...]
    kinds: np.ndarray
    indices: np.ndarray
    every: int
    mode: str

    def n_samples(self, n_steps: int) -> int:
        """Number of samples of a run of ``n_steps`` steps."""
        if self.mode == "mean":
            return n_steps // self.every
        return -(-n_steps // self.every)

    def times(self, t_start: float, dt: float, n_steps: int) -> np.ndarray:
        """Sample times: step starts, or window midpoints in ``mean`` mode."""
        first_steps = np.arange(self.n_samples(n_steps), dtype=np.float64) * self.every
        if self.mode == "mean":
            return t_start + (first_steps + 0.5 * (self.every - 1)) * dt
        return t_start + first_steps * dt


def build_recording(
    model: Model,
    record: str | Sequence[str] | None,
    every: int = 1,
    mode: str = "sample",
) -> Recording:
    """Resolve recorded names against the model's states and outputs.

    ``None`` records every state. A name that is both a state and an output
    (such as ``x`` in the Stuart-Landau model) is recorded as the state.
    """
    if isinstance(record, str):
        record = [record]
    names = tuple(record) if record else model.state_names
    if mode not in RECORD_MODES:
        raise SimulationError(
            f"record mode {mode!r} is not one of {', '.join(RECORD_MODES)}"
        )
    if int(every) != every or every < 1:
        raise SimulationError(
            f"record interval must be a positive integer, got {every!r}"
        )
    output_names = list(model.outputs)
    kinds, indices = [], []
    for name in names:
        if name in model.state_names:
            kinds.append(0)
            indices.append(model.state_names.index(name))
        elif name in output_names:
            kinds.append(1)
            indices.append(output_names.index(name))
        else:
            raise SimulationError(
                f"cannot record {name!r}: it is neither a state "
                f"({', '.join(model.state_names)}) nor an output "
                f"({', '.join(output_names)}) of model {model.name!r}"
            )
    return Recording(
        names,
        np.array(kinds, dtype=np.int64),
        np.array(indices, dtype=np.int64),
        int(every),
        mode,
    )
