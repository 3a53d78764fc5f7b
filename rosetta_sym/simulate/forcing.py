"""External forcing: scalar time series driving a model input, per node.

Each :class:`Forcing` term is a scalar signal ``f(t)`` times a per-node gain,
added to one declared input. Terms on the same input add up. The engine
evaluates every term on the half-step grid of a chunk, ``t_n + m dt / 2``, which
contains the stage times of Euler, Heun and RK4, so memory is bounded by the
chunk length.
"""

from __future__ import annotations

import dataclasses
import logging
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


logger = logging.getLogger(__name__)


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

    def __post_init__(self) -> None:
        _check_finite_fields(self)

    def evaluate(self, times: np.ndarray, model: Model) -> np.ndarray:
        """Return the signal at ``times`` (model time units), shape like times."""
        raise NotImplementedError

    def stateful(self) -> bool:
        """True when values depend on the past (the engine keeps the state)."""
        return False

    def max_frequency(self, model: Model) -> float | None:
        """Return the highest frequency of a periodic term, or None.

        The frequency is in cycles per model time unit, after unit conversion.
        """
        return None


def _check_finite_fields(term: Forcing) -> None:
    """Raise ``ForcingError`` for a numeric field of ``term`` that is nan or inf."""
    kind = type(term).__name__
    for field in dataclasses.fields(term):
        value = getattr(term, field.name)
        if field.name == "seed" or isinstance(value, bool | str) or value is None:
            continue
        if isinstance(value, int | float):
            finite = math.isfinite(value)
        elif field.name == "gain":
            finite = bool(np.all(np.isfinite(np.asarray(value, dtype=np.float64))))
        else:
            continue
        if not finite:
            raise ForcingError(
                f"{kind} forcing: {field.name}={value!r} is not a finite number; "
                f"give a finite value such as {field.name}=1"
            )


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

    def max_frequency(self, model):
        return abs(_angular_frequency(self.frequency, self.unit, model)) / (2 * math.pi)


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
        super().__post_init__()
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

    def max_frequency(self, model):
        w0 = _angular_frequency(self.f0, self.unit, model)
        w1 = _angular_frequency(self.f1, self.unit, model)
        return max(abs(w0), abs(w1)) / (2 * math.pi)


@dataclasses.dataclass(frozen=True)
class Sampled(Forcing):
    """A sampled signal, linearly interpolated; held at its ends outside.

    ``times`` (model units, increasing) and ``values`` have the same length.
    """

    times: Sequence[float] = ()
    values: Sequence[float] = ()

    def __post_init__(self):
        super().__post_init__()
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
        super().__post_init__()
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
            continue
        number = int if key == "seed" else float
        try:
            arguments[key] = number(text)
        except ValueError:
            kind_of_number = "an integer" if key == "seed" else "a number"
            raise ForcingError(
                f"forcing {spec!r}: value {text!r} of {key!r} is not {kind_of_number}"
            ) from None
    try:
        return cls(**arguments)
    except ForcingError as error:
        raise ForcingError(f"forcing {spec!r}: {error}") from None


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
                choices = ", ".join(input_names)
                fix = f"set input= to one of {choices}" if choices else "remove it"
                raise ForcingError(
                    f"{type(term).__name__} forcing: target input {name!r} is not "
                    f"declared by model {model.name!r}; {fix}"
                )
            targets.append(input_names.index(name))
            gain = np.broadcast_to(np.asarray(term.gain, dtype=np.float64), (n_nodes,))
            if not np.all(np.isfinite(gain)):
                raise ForcingError(
                    f"{type(term).__name__} forcing: gains must be finite numbers"
                )
            gains.append(gain)
        self.targets = np.array(targets, dtype=np.int64)
        self.gains = (
            np.array(gains, dtype=np.float64).reshape(len(self.terms), n_nodes).copy()
        )
        self._checked_steps: set[float] = set()
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
        if dt not in self._checked_steps:
            self._checked_steps.add(dt)
            self.warn_if_unresolved(dt)
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

    def warn_if_unresolved(self, dt: float) -> list[str]:
        """Log a warning for every term with a frequency above the Nyquist frequency.

        A step ``dt`` resolves frequencies up to ``1 / (2 dt)`` cycles per model
        time unit; a faster sinusoid or chirp is aliased to a lower frequency.

        Returns
        -------
        list of str
            The warnings, one per unresolved term.
        """
        limit = 0.5 / dt
        unit = "time unit" if self.model.time_unit == "1" else self.model.time_unit
        messages = []
        for term in self.terms:
            frequency = term.max_frequency(self.model)
            if frequency is None or frequency <= limit:
                continue
            message = (
                f"{type(term).__name__} forcing: frequency "
                f"{self._describe_frequency(frequency)} is above the Nyquist "
                f"frequency 1/(2 dt) = {self._describe_frequency(limit)} of the "
                f"step dt = {dt:g} {unit}, so the run sees an aliased, lower "
                f"frequency; use dt < {0.5 / frequency:g} {unit}"
            )
            logger.warning(message)
            messages.append(message)
        return messages

    def _describe_frequency(self, cycles_per_unit: float) -> str:
        if self.model.time_unit == "s":
            return f"{cycles_per_unit:g} Hz"
        if self.model.time_unit == "ms":
            return f"{cycles_per_unit * 1e3:g} Hz ({cycles_per_unit:g} cycles per ms)"
        return f"{cycles_per_unit:g} cycles per time unit"

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
