"""Result objects of the analysis layer.

Each dataclass maps one to one onto an entry of the ``rosetta analyze --json``
output (see ``docs/analyze-json.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "FixedPoint",
    "Bifurcation",
    "Segment",
    "EarlyStop",
    "Continuation",
    "FIXED_POINT_METHODS",
]

#: Fixed-point tiers: symbolic elimination of the whole system, roots along a
#: parametrised equilibrium curve, and numerical root finding from many seeds.
FIXED_POINT_METHODS = ("closed_form", "curve", "numeric")


@dataclass(frozen=True)
class FixedPoint:
    """An equilibrium of the autonomous model (every input set to zero).

    Attributes
    ----------
    state : dict of str to float
        State values by name, in model state order.
    eigenvalues : ndarray of complex, shape (n_states,)
        Eigenvalues of the Jacobian, sorted by decreasing real part.
    stable : bool
        True when every eigenvalue has a negative real part.
    type : str
        Classification, see :func:`rosetta_sym.analysis.stability.classify`.
    method : str
        One of :data:`FIXED_POINT_METHODS`.
    """

    state: dict[str, float]
    eigenvalues: np.ndarray
    stable: bool
    type: str
    method: str

    @property
    def vector(self) -> np.ndarray:
        """State values as a float64 array, shape (n_states,)."""
        return np.array(list(self.state.values()), dtype=np.float64)


@dataclass(frozen=True)
class Bifurcation:
    """A codimension-one bifurcation of equilibria found by continuation.

    Attributes
    ----------
    kind : {"fold", "hopf"}
    parameter : str
        Name of the continuation parameter.
    value : float
        Parameter value at the bifurcation, refined to a relative accuracy of
        about 1e-8.
    state : dict of str to float
        Equilibrium at the bifurcation.
    omega : float or None
        Angular frequency of the critical pair in radians per model time unit
        (Hopf only).
    frequency_hz : float or None
        ``omega`` in Hz, or None for dimensionless time or a fold.
    first_lyapunov : float or None
        First Lyapunov coefficient ``Re(c1) / omega`` (Hopf only).
    criticality : {"supercritical", "subcritical"} or None
        Supercritical when ``first_lyapunov < 0``, subcritical when it is
        positive; None for a fold or when ``first_lyapunov`` is exactly zero
        (a linear system, for example).
    """

    kind: str
    parameter: str
    value: float
    state: dict[str, float]
    omega: float | None = None
    frequency_hz: float | None = None
    first_lyapunov: float | None = None
    criticality: str | None = None


@dataclass(frozen=True)
class Segment:
    """A piece of an equilibrium branch between two special points.

    ``start`` and ``stop`` are parameter values in the order the branch runs,
    so ``start > stop`` on a part that runs backwards after a fold.
    """

    branch: int
    start: float
    stop: float
    stable: bool
    type: str


@dataclass(frozen=True)
class EarlyStop:
    """An end of a branch inside the requested interval, and why it is there.

    ``value`` is the parameter value of the last point. ``reason`` is a plain
    sentence: the point limit was reached, the step size fell below its
    minimum, the states diverged, or the equilibrium curve's sampled range or
    domain ended.
    """

    branch: int
    value: float
    reason: str


@dataclass(frozen=True)
class Continuation:
    """Equilibrium branches of a one-parameter continuation.

    Attributes
    ----------
    parameter : str
        Name of the continuation parameter.
    values : ndarray, shape (n_points,)
        Parameter value at each computed point.
    states : ndarray, shape (n_points, n_states)
        Equilibrium at each point.
    stable : ndarray of bool, shape (n_points,)
    branch : ndarray of int, shape (n_points,)
        Branch index of each point; points of one branch are in branch order.
    bifurcations : list of Bifurcation
        Folds and Hopf points, sorted by branch and position along it.
    segments : list of Segment
        Stability of every piece between special points.
    method : {"curve", "arclength"}
        Whether the branches come from a parametrised equilibrium curve or from
        pseudo-arclength continuation.
    neutral_saddles : list of float
        Parameter values where a real pair ``+lambda, -lambda`` makes the Hopf
        test function vanish; these are not Hopf points.
    early_stops : list of EarlyStop
        Branch ends inside the requested interval, where a branch stops instead
        of reaching an interval end or closing a loop, such as at the point
        limit of the arclength method.
    """

    parameter: str
    values: np.ndarray
    states: np.ndarray
    stable: np.ndarray
    branch: np.ndarray
    bifurcations: list[Bifurcation] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    method: str = "arclength"
    neutral_saddles: list[float] = field(default_factory=list)
    early_stops: list[EarlyStop] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Bifurcation]:
        """Return the bifurcations of one kind ("fold" or "hopf")."""
        return [b for b in self.bifurcations if b.kind == kind]
