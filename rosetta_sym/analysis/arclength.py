"""Pseudo-arclength continuation of equilibria in one parameter.

The unknowns are ``X = (x, lambda)`` scaled component-wise, so that states and
the parameter move in comparable units. Each step predicts along the tangent
and corrects with Newton's method on ``f(x, lambda) = 0`` plus the hyperplane
orthogonal to the tangent (Keller's pseudo-arclength method). The analytic
Jacobians ``df/dx`` and ``df/dlambda`` are used throughout.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from rosetta_sym.analysis.fixed_points import polish, residual_tolerance
from rosetta_sym.analysis.numeric import NumericModel
from rosetta_sym.analysis.special_points import Branch

__all__ = ["ArclengthSettings", "trace_branch"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArclengthSettings:
    """Step control in scaled units (the parameter interval has length 1)."""

    initial_step: float = 0.005
    max_step: float = 0.02
    min_step: float = 1e-8
    max_points: int = 20000
    max_newton: int = 8
    #: The branch stops when a scaled state exceeds this size (it diverges).
    max_scaled_state: float = 1e4


class _System:
    def __init__(self, nm: NumericModel, index: int, p_base, scale: np.ndarray):
        self.nm = nm
        self.index = index
        self.p_base = np.asarray(p_base, dtype=np.float64)
        self.scale = scale
        self.n = nm.n_states

    def split(self, z: np.ndarray):
        x = z[: self.n] * self.scale[: self.n]
        p = self.p_base.copy()
        p[self.index] = z[self.n] * self.scale[self.n]
        return x, p

    def residual(self, z):
        x, p = self.split(z)
        return self.nm.rhs(x, p)

    def derivative(self, z):
        x, p = self.split(z)
        jac = self.nm.jacobian(x, p)
        column = self.nm.parameter_jacobian(x, p)[:, self.index]
        return np.column_stack([jac, column]) * self.scale

    def tangent(self, z, previous):
        matrix = np.vstack([self.derivative(z), previous])
        rhs = np.zeros(self.n + 1)
        rhs[-1] = 1.0
        t = np.linalg.solve(matrix, rhs)
        t /= np.linalg.norm(t)
        return t if np.dot(t, previous) >= 0 else -t

    def correct(self, guess, normal, max_newton):
        """Newton on f = 0 in the hyperplane through ``guess`` orthogonal to
        ``normal``; return the corrected point and the iteration count."""
        z = guess.copy()
        for iteration in range(1, max_newton + 1):
            f = self.residual(z)
            if not np.all(np.isfinite(f)):
                return None, iteration
            g = np.append(f, np.dot(normal, z - guess))
            matrix = np.vstack([self.derivative(z), normal])
            try:
                step = np.linalg.solve(matrix, -g)
            except np.linalg.LinAlgError:
                return None, iteration
            z = z + step
            if np.max(np.abs(step)) < 1e-11:
                x, _ = self.split(z)
                if np.max(np.abs(self.residual(z))) < residual_tolerance(x):
                    return z, iteration
        return None, max_newton


def trace_branch(
    nm: NumericModel,
    parameter_index: int,
    p_base: np.ndarray,
    start_state: np.ndarray,
    start_value: float,
    interval: tuple[float, float],
    direction: float,
    state_scale: np.ndarray,
    settings: ArclengthSettings | None = None,
) -> Branch:
    """Follow the branch through ``(start_state, start_value)`` until it leaves
    ``interval``, closes on itself or the step size underflows.

    Parameters
    ----------
    direction : float
        +1 to start towards larger parameter values, -1 towards smaller.
    state_scale : ndarray, shape (n_states,)
        Typical size of each state, used to scale the arclength.

    Returns
    -------
    Branch
        The last point lies on the interval end (within the corrector's
        accuracy) when the branch leaves the interval. Otherwise, unless the
        branch closes on itself, ``end_reasons[1]`` says why it stopped.
    """
    settings = settings or ArclengthSettings()
    low, high = interval
    n = nm.n_states
    scale = np.append(np.asarray(state_scale, dtype=np.float64), high - low)
    system = _System(nm, parameter_index, p_base, scale)
    z = np.append(start_state / scale[:n], start_value / scale[n])
    seed = np.zeros(n + 1)
    seed[n] = direction
    t = system.tangent(z, seed)
    points = [z.copy()]
    h = settings.initial_step
    reason = "maximum number of points"
    early = (
        f"the branch reached the maximum of {settings.max_points} points; raise "
        "ArclengthSettings.max_points or narrow the interval"
    )
    while len(points) < settings.max_points:
        guess = z + h * t
        corrected, iterations = system.correct(guess, t, settings.max_newton)
        accepted = False
        if corrected is not None:
            t_new = system.tangent(corrected, t)
            accepted = np.dot(t_new, t) > 0.9
        if not accepted:
            h *= 0.5
            if h < settings.min_step:
                reason = "step size below minimum"
                early = (
                    f"the step size fell below the minimum {settings.min_step:g} "
                    "because the corrector did not converge; the branch may end "
                    "at a singular point"
                )
                break
            continue
        z, t = corrected, t_new
        value = z[n] * scale[n]
        if value < low or value > high:
            points.append(
                _boundary_point(system, points[-1], z, low if value < low else high)
            )
            reason = "left the interval"
            early = None
            break
        points.append(z.copy())
        if np.max(np.abs(z[:n])) > settings.max_scaled_state:
            reason = "states diverge"
            early = (
                "the states diverge: a state exceeds "
                f"{settings.max_scaled_state:g} times its typical size"
            )
            break
        if iterations <= 3:
            h = min(h * 1.5, settings.max_step)
        if len(points) > 20 and np.linalg.norm(z - points[0]) < 0.5 * h:
            points.append(points[0].copy())
            reason = "closed loop"
            early = None
            break
    logger.info(
        "branch from %s = %g: %d points, %s",
        parameter_index,
        start_value,
        len(points),
        reason,
    )
    table = np.array(points)
    values = table[:, n] * scale[n]
    states = table[:, :n] * scale[:n]

    def locate(k: int, fraction: float):
        a, b = table[k], table[k + 1]
        guess = a + fraction * (b - a)
        secant = (b - a) / np.linalg.norm(b - a)
        corrected, _ = system.correct(guess, secant, 20)
        point = guess if corrected is None else corrected
        return float(point[n] * scale[n]), point[:n] * scale[:n]

    return Branch(values, states, locate, end_reasons=(None, early))


def _boundary_point(system: _System, inside, outside, boundary: float):
    n = system.n
    scaled_boundary = boundary / system.scale[n]
    fraction = (scaled_boundary - inside[n]) / (outside[n] - inside[n])
    guess = inside + fraction * (outside - inside)
    x, p = system.split(guess)
    p[system.index] = boundary
    polished = polish(system.nm, x, p)
    if polished is None:
        return guess
    return np.append(polished / system.scale[:n], scaled_boundary)
