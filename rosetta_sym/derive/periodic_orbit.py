"""Periodic orbits by single shooting, with Floquet multipliers.

Newton's method solves ``phi_T(y0) = y0`` for the initial point ``y0`` and the
period ``T``. Each correction is kept orthogonal to the flow at ``y0`` (the
phase condition), which removes the freedom to slide along the orbit. The
monodromy matrix ``M = d phi_T / d y0`` comes from the variational equation
``dPhi/dt = J Phi``, and its eigenvalues are the Floquet multipliers (one of
them is 1 up to integration error).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

import numpy as np
from scipy.integrate import solve_ivp

from rosetta_sym.derive import numerics
from rosetta_sym.model import Model, ModelError

__all__ = ["PeriodicOrbit", "find_periodic_orbit", "guess_from_simulation"]

logger = logging.getLogger(__name__)

#: Integration tolerances of the shooting and variational equations.
RTOL, ATOL = 1e-10, 1e-12


@dataclasses.dataclass(frozen=True)
class PeriodicOrbit:
    """A periodic orbit of the autonomous model.

    Attributes
    ----------
    initial : ndarray, shape (n_states,)
        A point on the orbit (time 0).
    period : float
        Period ``T`` in model time units.
    monodromy : ndarray, shape (n_states, n_states)
    multipliers : ndarray of complex, shape (n_states,)
        Floquet multipliers, sorted by decreasing modulus.
    """

    initial: np.ndarray
    period: float
    monodromy: np.ndarray
    multipliers: np.ndarray
    model: Model
    parameters: dict

    @property
    def omega(self) -> float:
        """Angular frequency ``2 pi / T``."""
        return 2 * np.pi / self.period

    @property
    def stable(self) -> bool:
        """True when all multipliers but the trivial one lie inside the unit circle."""
        trivial = int(np.argmin(np.abs(self.multipliers - 1.0)))
        others = np.delete(self.multipliers, trivial)
        return bool(np.all(np.abs(others) < 1.0))

    def sample(self, samples: int = 512) -> tuple[np.ndarray, np.ndarray]:
        """Return times ``k T / samples`` (samples,) and states (samples, n)."""
        f, jac = numerics.vector_field(self.model, self.parameters)
        times = np.arange(samples) * self.period / samples
        solution = solve_ivp(
            f,
            (0.0, self.period),
            self.initial,
            method="DOP853",
            t_eval=times,
            rtol=RTOL,
            atol=ATOL,
        )
        return solution.t, solution.y.T


def _flow_with_monodromy(f, jac, y0, period):
    n = len(y0)

    def augmented(t, values):
        y = values[:n]
        phi = values[n:].reshape(n, n)
        return np.concatenate([f(t, y), (jac(t, y) @ phi).ravel()])

    start = np.concatenate([y0, np.eye(n).ravel()])
    solution = solve_ivp(
        augmented, (0.0, period), start, method="DOP853", rtol=RTOL, atol=ATOL
    )
    if not solution.success:
        raise ModelError(f"shooting integration failed: {solution.message}")
    end = solution.y[:, -1]
    return end[:n], end[n:].reshape(n, n)


def find_periodic_orbit(
    model: Model,
    parameters: Mapping[str, float] | None,
    guess: np.ndarray,
    period: float,
    *,
    tolerance: float = 1e-9,
    iterations: int = 30,
    settle_periods: float = 3.0,
) -> PeriodicOrbit:
    """Refine a guessed periodic orbit by Newton shooting.

    Parameters
    ----------
    model : Model
        Inputs are set to zero.
    parameters : mapping of str to float, optional
    guess : ndarray, shape (n_states,)
        A point near the orbit.
    period : float
        Guessed period (model time units).
    settle_periods : float
        Periods to integrate from ``guess`` before Newton's method starts.
    tolerance : float
        Convergence threshold of the Newton step, relative to the state scale
        and to the period.

    Raises
    ------
    ModelError
        When Newton's method does not converge (no orbit near the guess).
    """
    parameters = dict(parameters or {})
    f, jac = numerics.vector_field(model, parameters)
    y0, T = np.asarray(guess, dtype=float).copy(), float(period)
    if settle_periods > 0:
        # Strongly contracting directions die out within a few periods, which
        # puts the guess close to the slow manifold and inside Newton's basin.
        settled = solve_ivp(
            f,
            (0.0, settle_periods * T),
            y0,
            method="LSODA",
            jac=jac,
            rtol=RTOL,
            atol=ATOL,
        )
        y0 = settled.y[:, -1]
    n = len(y0)
    scale = 1.0 + np.max(np.abs(y0))
    for iteration in range(iterations):
        end, monodromy = _flow_with_monodromy(f, jac, y0, T)
        residual = end - y0
        # Phase condition f(y0) . dy = 0: the correction is orthogonal to the flow.
        system = np.zeros((n + 1, n + 1))
        system[:n, :n] = monodromy - np.eye(n)
        system[:n, n] = f(0.0, end)
        system[n, :n] = f(0.0, y0)
        step = np.linalg.solve(system, np.concatenate([-residual, [0.0]]))
        y0 = y0 + step[:n]
        T = T + step[n]
        if not T > 0:
            raise ModelError(
                f"shooting gave a non-positive period {T}; improve the guess"
            )
        logger.debug(
            "shooting iteration %d: |residual| = %.3g",
            iteration,
            np.abs(residual).max(),
        )
        converged = np.max(np.abs(step[:n])) < tolerance * scale
        if converged and abs(step[n]) < tolerance * T:
            end, monodromy = _flow_with_monodromy(f, jac, y0, T)
            multipliers = np.linalg.eigvals(monodromy)
            multipliers = multipliers[np.argsort(-np.abs(multipliers))]
            return PeriodicOrbit(y0, T, monodromy, multipliers, model, parameters)
    raise ModelError(
        f"shooting for a periodic orbit of {model.name} did not converge in "
        f"{iterations} iterations from period {period:g}; start closer to the cycle"
    )


def guess_from_simulation(
    model: Model,
    parameters: Mapping[str, float] | None,
    y0: np.ndarray | None = None,
    duration: float | None = None,
    *,
    samples: int = 20000,
) -> tuple[np.ndarray, float]:
    """Simulate and read a point on the attractor and its period.

    The period is the mean interval between the last upward crossings of the
    state with the largest range through its mid-range value.

    Returns
    -------
    (ndarray, float)
        A state at the last crossing, shape (n_states,), and the period.

    Raises
    ------
    ModelError
        When fewer than three crossings occur (no oscillation).
    """
    y0 = model.initial_state if y0 is None else np.asarray(y0, float)
    if duration is None:
        raise ModelError("guess_from_simulation: give the simulation duration")
    times, states = numerics.integrate(model, parameters, y0, duration, samples=samples)
    tail = slice(samples // 2, None)
    ranges = states[tail].max(axis=0) - states[tail].min(axis=0)
    k = int(np.argmax(ranges))
    signal = states[tail, k] - 0.5 * (states[tail, k].max() + states[tail, k].min())
    crossings = np.flatnonzero((signal[:-1] < 0) & (signal[1:] >= 0))
    if len(crossings) < 3 or ranges[k] < 1e-9 * (1 + np.abs(states[-1]).max()):
        raise ModelError(
            f"{model.name} does not oscillate at {dict(parameters or {})} within "
            f"{duration:g} time units; choose parameters on a limit cycle"
        )
    t_tail = times[tail]
    exact = [
        t_tail[i]
        - signal[i] * (t_tail[i + 1] - t_tail[i]) / (signal[i + 1] - signal[i])
        for i in crossings
    ]
    period = float(np.mean(np.diff(exact[-4:])))
    return states[tail][crossings[-1]], period
