"""External forcing: scalar time series driving a model input, per node.

Each :class:`Forcing` term is a scalar signal ``f(t)`` times a per-node gain,
added to one declared input. Terms on the same input add up. The engine
evaluates every term on the half-step grid of a chunk, ``t_n + m dt / 2``, which
contains the stage times of Euler, Heun and RK4, so memory is bounded by the
chunk length.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np
import scipy.signal

from rosetta_sym.model import Model

__all__ = [
    "Forcing",
    "Constant",
    "Sinusoid",
    "PulseTrain",
    "Step",
    "Chirp",
    "Sampled",
    "OrnsteinUhlenbeck",
    "ForcingPlan",
    "parse_forcing",
    "seconds_per_time_unit",
]


class ForcingError(ValueError):
    """An invalid forcing specification."""


def seconds_per_time_unit(model: Model, what: str = "a frequency in Hz") -> float:
    """Return the length of one model time unit in seconds.

    Raises ``ForcingError`` for dimensionless models, where Hz has no meaning.
    """
    if model.time_unit == "s":
        return 1.0
    if model.time_unit == "ms":
        return 1e-3
    raise ForcingError(
        f"model {model.name!r} has dimensionless time, so {what} cannot be "
        "converted; give the frequency in model units (cycles per time unit) "
        "with unit='model'"
    )


@dataclasses.dataclass(frozen=True)
class Forcing:
    """Base of forcing terms: a target input and a per-node gain.

    Attributes
    ----------
    input : str or None
        Declared input that the term drives; ``None`` means the model's
        ``forcing_input``.
    gain : float or sequence of float
        Gain per node, or one gain for every node.
    """

    input: str | None = dataclasses.field(default=None, kw_only=True)
    gain: float | Sequence[float] = dataclasses.field(default=1.0, kw_only=True)

    def evaluate(self, times: np.ndarray, model: Model) -> np.ndarray:
        """Return the signal at ``times`` (model time units), shape like times."""
        raise NotImplementedError

    def stateful(self) -> bool:
        """True when values depend on the past (the engine keeps the state)."""
        return False


@dataclasses.dataclass(frozen=True)
class Constant(Forcing):
    """Constant value."""

    value: float = 0.0

    def evaluate(self, times, model):
        return np.full(times.shape, float(self.value))


def _angular_frequency(frequency: float, unit: str, model: Model) -> float:
    if unit == "auto":
        unit = "model" if model.time_unit == "1" else "Hz"
    if unit == "model":
        return 2.0 * math.pi * frequency
    if unit == "Hz":
        return 2.0 * math.pi * frequency * seconds_per_time_unit(model)
    raise ForcingError(f"frequency unit {unit!r} must be 'Hz', 'model' or 'auto'")


@dataclasses.dataclass(frozen=True)
class Sinusoid(Forcing):
    """``amplitude * sin(2 pi f t + phase)``.

    ``unit="Hz"`` converts ``frequency`` through the model's time unit;
    ``unit="model"`` means cycles per model time unit; ``unit="auto"`` is Hz
    for models with time in s or ms and model units for dimensionless time.
    ``phase`` is in rad.
    """

    amplitude: float = 1.0
    frequency: float = 1.0
    phase: float = 0.0
    unit: str = "auto"

    def evaluate(self, times, model):
        omega = _angular_frequency(self.frequency, self.unit, model)
        return self.amplitude * np.sin(omega * times + self.phase)


@dataclasses.dataclass(frozen=True)
class PulseTrain(Forcing):
    """Rectangular pulses of ``amplitude``, ``width`` long, every ``period``.

    Times are in model units; the first pulse starts at ``onset``.
    """

    period: float = 1.0
    width: float = 0.1
    amplitude: float = 1.0
    onset: float = 0.0

    def __post_init__(self):
        if not (self.period > 0 and 0 < self.width <= self.period):
            raise ForcingError(
                f"pulse train: need period > 0 and 0 < width <= period, got "
                f"period={self.period!r}, width={self.width!r}"
            )

    def evaluate(self, times, model):
        since = times - self.onset
        # A relative tolerance of 1e-9 periods keeps pulse edges that fall on
        # grid times (0.7 - 0.2 = 0.49999999999999994) on the intended side.
        tolerance = 1e-9 * self.period
        cycles = np.floor((since + tolerance) / self.period)
        offset = since - cycles * self.period
        active = (since >= -tolerance) & (offset < self.width - tolerance)
        return np.where(active, self.amplitude, 0.0)


@dataclasses.dataclass(frozen=True)
class Step(Forcing):
    """``amplitude`` from ``onset`` on (model time units), zero before."""

    amplitude: float = 1.0
    onset: float = 0.0

    def evaluate(self, times, model):
        return np.where(times >= self.onset, self.amplitude, 0.0)


@dataclasses.dataclass(frozen=True)
class Chirp(Forcing):
    """Linear chirp from ``f0`` to ``f1`` over ``duration``, zero outside.

    ``amplitude * sin(2 pi (f0 s + (f1 - f0) s**2 / (2 duration)) + phase)`` with
    ``s = t - onset`` for ``0 <= s <= duration``. Frequencies follow ``unit``
    as in :class:`Sinusoid`; ``duration`` and ``onset`` are in model units.
    """

    amplitude: float = 1.0
    f0: float = 1.0
    f1: float = 10.0
    duration: float = 1.0
    onset: float = 0.0
    phase: float = 0.0
    unit: str = "auto"

    def evaluate(self, times, model):
        w0 = _angular_frequency(self.f0, self.unit, model)
        w1 = _angular_frequency(self.f1, self.unit, model)
        s = times - self.onset
        phase = w0 * s + (w1 - w0) * s**2 / (2.0 * self.duration) + self.phase
        active = (s >= 0) & (s <= self.duration)
        return np.where(active, self.amplitude * np.sin(phase), 0.0)


@dataclasses.dataclass(frozen=True)
class Sampled(Forcing):
    """A sampled signal, linearly interpolated; held at its ends outside.

    ``times`` (model units, increasing) and ``values`` have the same length.
    """

    times: Sequence[float] = ()
    values: Sequence[float] = ()

    def __post_init__(self):
        times = np.asarray(self.times, dtype=np.float64)
        values = np.asarray(self.values, dtype=np.float64)
        if times.ndim != 1 or times.shape != values.shape or times.size < 1:
            raise ForcingError(
                f"sampled forcing: times and values must be 1-D of equal length, "
                f"got shapes {times.shape} and {values.shape}"
            )
        if np.any(np.diff(times) <= 0):
            raise ForcingError("sampled forcing: times must be strictly increasing")
        if not np.all(np.isfinite(values)):
            raise ForcingError("sampled forcing: values must be finite")

    def evaluate(self, times, model):
        return np.interp(times, np.asarray(self.times), np.asarray(self.values))


@dataclasses.dataclass(frozen=True)
class OrnsteinUhlenbeck(Forcing):
    """Coloured noise: ``d eta = -eta / tau dt + sigma sqrt(2 / tau) dW``.

    Its stationary standard deviation is ``sigma``; ``tau`` is the correlation
    time in model units. The process is sampled exactly on the half-step grid
    (Gillespie, 1996, Phys. Rev. E 54:2084), starting from ``mean``, with a
    stream seeded by ``seed`` (or derived from the run's seed when ``None``).
    """

    sigma: float = 1.0
    tau: float = 1.0
    mean: float = 0.0
    seed: int | None = None

    def __post_init__(self):
        if not (self.tau > 0 and self.sigma >= 0):
            raise ForcingError(
                f"Ornstein-Uhlenbeck forcing: need tau > 0 and sigma >= 0, got "
                f"tau={self.tau!r}, sigma={self.sigma!r}"
            )

    def stateful(self) -> bool:
        return True


FORCING_KINDS = {
    "constant": Constant,
    "sinusoid": Sinusoid,
    "sin": Sinusoid,
    "pulse": PulseTrain,
    "pulses": PulseTrain,
    "step": Step,
    "chirp": Chirp,
    "ou": OrnsteinUhlenbeck,
}


def parse_forcing(spec: str) -> Forcing:
    """Parse ``KIND:key=value,...`` such as ``sinusoid:amplitude=5,frequency=10``.

    Kinds: constant, sinusoid, pulse, step, chirp, ou. The keys are the
    dataclass fields of the kind plus ``input`` (target input name) and
    ``gain``.
    """
    kind, _, rest = spec.partition(":")
    cls = FORCING_KINDS.get(kind.strip().lower())
    if cls is None:
        raise ForcingError(
            f"forcing {spec!r}: unknown kind {kind!r}; use one of "
            f"{', '.join(sorted(set(FORCING_KINDS)))}"
        )
    fields = {f.name: f for f in dataclasses.fields(cls)}
    arguments: dict = {}
    for item in filter(None, (x.strip() for x in rest.split(","))):
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or key not in fields:
            raise ForcingError(
                f"forcing {spec!r}: {item!r} is not KEY=VALUE with KEY one of "
                f"{', '.join(fields)}"
            )
        if key in ("input", "unit"):
            arguments[key] = text.strip()
        elif key == "seed":
            arguments[key] = int(text)
        else:
            try:
                arguments[key] = float(text)
            except ValueError:
                raise ForcingError(
                    f"forcing {spec!r}: value {text!r} of {key!r} is not a number"
                ) from None
    return cls(**arguments)


class ForcingPlan:
    """Forcing terms bound to a model and network size, evaluated chunk by chunk.

    Parameters
    ----------
    model : Model
    terms : sequence of Forcing
    n_nodes : int
    seed_sequence : numpy.random.SeedSequence
        Parent of the streams of Ornstein-Uhlenbeck terms without a seed.
    """

    def __init__(self, model, terms, n_nodes, seed_sequence):
        self.model = model
        self.terms = tuple(terms)
        self.n_nodes = n_nodes
        input_names = list(model.input_names)
        targets, gains = [], []
        for term in self.terms:
            name = term.input or model.forcing_input
            if name is None or name not in input_names:
                raise ForcingError(
                    f"forcing {term!r}: target input {name!r} is not declared by "
                    f"model {model.name!r} (inputs: {', '.join(input_names) or 'none'})"
                )
            targets.append(input_names.index(name))
            gain = np.broadcast_to(np.asarray(term.gain, dtype=np.float64), (n_nodes,))
            if not np.all(np.isfinite(gain)):
                raise ForcingError(f"forcing {term!r}: gains must be finite")
            gains.append(gain)
        self.targets = np.array(targets, dtype=np.int64)
        self.gains = (
            np.array(gains, dtype=np.float64).reshape(len(self.terms), n_nodes).copy()
        )
        children = seed_sequence.spawn(len(self.terms)) if self.terms else []
        self._ou_state: dict[int, tuple[np.random.Generator, float]] = {}
        for index, term in enumerate(self.terms):
            if isinstance(term, OrnsteinUhlenbeck):
                seed = children[index] if term.seed is None else term.seed
                self._ou_state[index] = (np.random.default_rng(seed), float(term.mean))

    def values(self, t_start: float, dt: float, step0: int, n_steps: int) -> np.ndarray:
        """Evaluate every term on the half-step grid of a chunk.

        Returns
        -------
        ndarray (n_terms, 2 n_steps + 1)
            Column ``m`` is the value at ``t_start + (step0 + m / 2) dt``.
            Successive chunks must follow each other (Ornstein-Uhlenbeck terms
            carry their state from one chunk to the next).
        """
        half_steps = 2 * step0 + np.arange(2 * n_steps + 1, dtype=np.float64)
        times = t_start + (0.5 * half_steps) * dt
        result = np.empty((len(self.terms), times.size))
        for index, term in enumerate(self.terms):
            if isinstance(term, OrnsteinUhlenbeck):
                result[index] = self._ou_values(index, term, times.size, 0.5 * dt)
            else:
                result[index] = term.evaluate(times, self.model)
        if not np.all(np.isfinite(result)):
            raise ForcingError("forcing produced a non-finite value; check its terms")
        return result

    def _ou_values(self, index, term, size, spacing):
        rng, current = self._ou_state[index]
        decay = math.exp(-spacing / term.tau)
        spread = term.sigma * math.sqrt(1.0 - decay * decay)
        normals = rng.standard_normal(size - 1)
        # Deviation from the mean is an AR(1) sequence: e_m = decay e_(m-1) + w_m.
        deviation = np.empty(size)
        deviation[0] = current - term.mean
        deviation[1:], _ = scipy.signal.lfilter(
            [1.0], [1.0, -decay], spread * normals, zi=[decay * deviation[0]]
        )
        values = term.mean + deviation
        current = float(values[-1])
        self._ou_state[index] = (rng, current)
        return values
