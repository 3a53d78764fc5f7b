"""Declared parts of a model: states, parameters, inputs, coupling, references."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import sympy as sp

__all__ = [
    "State",
    "Parameter",
    "Input",
    "Coupling",
    "Reference",
    "Derivation",
    "TIME_UNITS",
    "COUPLING_KINDS",
]

#: Accepted time units: seconds, milliseconds, or dimensionless time.
TIME_UNITS = ("s", "ms", "1")

#: Network coupling kinds (see :class:`Coupling`).
COUPLING_KINDS = ("additive", "diffusive", "sine")


@dataclass(frozen=True)
class State:
    """A state variable, its default initial value and a description."""

    name: str
    initial: float = 0.0
    description: str = ""


@dataclass(frozen=True)
class Parameter:
    """A parameter with its default value, unit, optional bounds and a description.

    ``bounds`` is ``(lower, upper)``; either end may be ``None``.
    """

    name: str
    value: float
    unit: str = "1"
    bounds: tuple[float | None, float | None] | None = None
    description: str = ""

    def check_value(self, value: float) -> None:
        """Raise ``ValueError`` when ``value`` is not finite or out of bounds."""
        if not math.isfinite(value):
            raise ValueError(
                f"parameter {self.name!r}: value {value!r} is not finite; "
                "give a finite number"
            )
        if self.bounds is None:
            return
        lower, upper = self.bounds
        if lower is not None and upper is not None and lower > upper:
            raise ValueError(
                f"parameter {self.name!r}: lower bound {lower!r} is above upper "
                f"bound {upper!r}; swap them or correct one"
            )
        if lower is not None and value < lower:
            raise ValueError(
                f"parameter {self.name!r}: value {value!r} is below its lower "
                f"bound {lower!r}; choose a value in [{lower}, {upper}]"
            )
        if upper is not None and value > upper:
            raise ValueError(
                f"parameter {self.name!r}: value {value!r} is above its upper "
                f"bound {upper!r}; choose a value in [{lower}, {upper}]"
            )


@dataclass(frozen=True)
class Input:
    """A time-dependent input that forcing, noise or network coupling drives.

    An input is zero unless something drives it.
    """

    name: str
    description: str = ""


@dataclass(frozen=True)
class Coupling:
    """Network coupling: what a node sends to the others and where it arrives.

    Channel ``k`` sends ``source[k]`` (an expression in the node's states and
    parameters) and delivers the coupling term to input ``target[k]``:

    - ``"additive"``: ``G * sum_j C_ij s_j(t - tau_ij)``;
    - ``"diffusive"``: ``G * sum_j C_ij (s_j(t - tau_ij) - s_i(t))``;
    - ``"sine"``: ``G * sum_j C_ij sin(s_j(t - tau_ij) - s_i(t) - phi)``
      with the network's phase lag ``phi`` (Kuramoto-Sakaguchi).
    """

    kind: str
    source: tuple[sp.Expr, ...]
    target: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """A literature source: authors, year and title."""

    authors: str
    year: int
    title: str


@dataclass(frozen=True)
class Derivation:
    """One step of a model's provenance: the parent's hash and the operation."""

    parent: str
    operation: str
    arguments: dict = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.parent, self.operation, repr(sorted(self.arguments.items()))))
