r"""Reduction to Stuart-Landau at a Hopf point (centre-manifold normal form).

At a Hopf point ``p_c`` with critical pair ``+- i omega``, the dynamics on the
centre manifold, ``x = x* + w q + conj(w q) + O(|w|^2)``, is to cubic order

.. math::

    \dot w = (\mu(p) + i\omega) w + c_1 |w|^2 w, \qquad
    \mu(p) = \frac{d\,\mathrm{Re}\,\lambda}{dp}(p_c)\,(p - p_c),

which is the Stuart-Landau equation with ``gamma + i beta = -c1`` (Kuznetsov
2004, *Elements of Applied Bifurcation Theory*, sections 3.5 and 5.4). With
``<q, q> = 1/2``, the Stuart-Landau model in ``(x, y)`` gives back ``z = w``.
For ``gamma > 0`` (supercritical) and ``mu > 0`` the cycle has ``|w| =
sqrt(mu/gamma)``, so state ``k`` oscillates with amplitude
``2 |q_k| sqrt(mu/gamma)`` around ``x*``.

The reduction is local: errors grow like ``|p - p_c|`` relative to the
amplitude. :class:`HopfReduction` records the largest distance at which its
prediction was checked and logs a warning when used beyond it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.analysis import (
    canonical_continuation,
    continue_equilibria,
    hopf_normal_form,
    numeric_model,
)
from rosetta_sym.derive import numerics, periodic_orbit, refinements
from rosetta_sym.derive.formatting import format_difference
from rosetta_sym.model import Derivation, Model, ModelError, Parameter

__all__ = ["HopfReduction", "reduce_to_stuart_landau", "check_cycle_amplitudes"]

logger = logging.getLogger(__name__)

#: Relative error of the predicted eigenvalue real part ``mu`` accepted when
#: deciding how far from the Hopf point the linear ``mu(p)`` was checked.
MU_TOLERANCE = 0.05


@dataclasses.dataclass(frozen=True)
class HopfReduction:
    """Stuart-Landau normal form of a model at a Hopf point.

    Attributes
    ----------
    model : Model
        Stuart-Landau with ``alpha = dalpha_d<P> (<P> - <P>_c)``.
    source : str
        Name of the reduced model.
    parameter : str
        Bifurcation parameter ``P`` of the source model.
    critical_value : float
        ``p_c``.
    parameters : dict of str to float
        Values of the other source parameters.
    fixed_point : dict of str to float
        Equilibrium at ``p_c``.
    omega : float
        Angular frequency at ``p_c`` (radians per source time unit).
    slope : float
        ``d Re lambda / dp`` at ``p_c``.
    c1 : complex
        Cubic normal-form coefficient; ``gamma + i beta = -c1``.
    q : ndarray of complex, shape (n_states,)
        Critical eigenvector, ``<q, q> = 1/2``: the map from ``w`` back to the
        source states.
    checked_distance : float
        Largest ``|p - p_c|`` at which ``mu(p)`` matched the real part of the
        computed eigenvalue within :data:`MU_TOLERANCE` (relative).
    """

    model: Model
    source: str
    parameter: str
    critical_value: float
    parameters: dict
    fixed_point: dict
    omega: float
    slope: float
    c1: complex
    q: np.ndarray
    checked_distance: float

    @property
    def gamma(self) -> float:
        """Cubic saturation ``-Re c1`` (positive when supercritical)."""
        return -self.c1.real

    @property
    def beta(self) -> float:
        """Shear ``-Im c1``."""
        return -self.c1.imag

    @property
    def supercritical(self) -> bool:
        """True when the first Lyapunov coefficient ``Re(c1) / omega`` is negative."""
        return self.c1.real < 0

    def mu(self, value: float, warn: bool = True) -> float:
        """Return ``mu(p) = slope (p - p_c)``.

        Logs a warning when ``|p - p_c|`` exceeds :attr:`checked_distance`
        (unless ``warn`` is false).
        """
        distance = abs(value - self.critical_value)
        if warn and distance > self.checked_distance:
            logger.warning(
                "%s = %g is %.3g from the Hopf point %g, beyond the checked "
                "distance %.3g; the Stuart-Landau reduction may be inaccurate",
                self.parameter,
                value,
                distance,
                self.critical_value,
                self.checked_distance,
            )
        return self.slope * (value - self.critical_value)

    def amplitudes(self, value: float, warn: bool = True) -> np.ndarray:
        """Predicted cycle amplitude of each source state, shape (n_states,).

        ``2 |q_k| sqrt(mu / gamma)``, or zeros where no stable cycle is
        predicted (``mu / gamma <= 0``). ``warn`` as in :meth:`mu`.
        """
        ratio = self.mu(value, warn) / self.gamma
        if ratio <= 0:
            return np.zeros(len(self.q))
        return 2.0 * np.abs(self.q) * np.sqrt(ratio)

    def to_original(self, w: complex | np.ndarray) -> np.ndarray:
        """Map normal-form states ``w`` to ``x* + 2 Re(w q)``.

        ``w`` has shape () or (n_samples,); the result has shape (n_states,)
        or (n_samples, n_states).
        """
        centre = np.array(list(self.fixed_point.values()))
        w = np.asarray(w, dtype=complex)
        return centre + 2.0 * np.real(np.multiply.outer(w, self.q))

    def summary(self) -> dict:
        """Return the JSON-ready description of the reduction."""
        return {
            "source": self.source,
            "to": "stuart_landau",
            "parameter": self.parameter,
            "critical_value": self.critical_value,
            "parameters": self.parameters,
            "fixed_point": self.fixed_point,
            "omega": self.omega,
            "slope": self.slope,
            "gamma": self.gamma,
            "beta": self.beta,
            "first_lyapunov": self.c1.real / self.omega,
            "criticality": "supercritical" if self.supercritical else "subcritical",
            "q_real": self.q.real.tolist(),
            "q_imag": self.q.imag.tolist(),
            "checked_distance": self.checked_distance,
            "model_hash": self.model.hash,
        }


def _find_hopf(model, parameter, near, search, parameters):
    if search is None:
        canonical = canonical_continuation(model.name)
        if canonical is not None and canonical[0] == parameter:
            search = canonical[1:]
        elif near is not None:
            width = max(1.0, abs(near))
            search = (near - width, near + width)
        else:
            raise ModelError(
                f"no search interval for {parameter!r}: give --at VALUE (or "
                "search=(start, stop)) near the Hopf point"
            )
    continuation = continue_equilibria(model, parameter, *search, parameters)
    hopf = [b for b in continuation.bifurcations if b.kind == "hopf"]
    if not hopf:
        raise ModelError(
            f"no Hopf point of {model.name!r} in {parameter} in [{search[0]}, "
            f"{search[1]}]; widen the interval or choose another parameter"
        )
    if near is None:
        return hopf[0]
    return min(hopf, key=lambda b: abs(b.value - near))


def _equilibrium_near(nm, y, p, tolerance=1e-12, iterations=50):
    for _ in range(iterations):
        step = np.linalg.solve(nm.jacobian(y, p), nm.rhs(y, p))
        y = y - step
        if np.max(np.abs(step)) < tolerance * (1 + np.max(np.abs(y))):
            return y
    raise ModelError("Newton iteration for the equilibrium near the Hopf point failed")


def _critical_real_part(nm, y, p, omega) -> tuple[float, np.ndarray]:
    y = _equilibrium_near(nm, y, p)
    values = np.linalg.eigvals(nm.jacobian(y, p))
    return float(values[int(np.argmin(np.abs(values - 1j * omega)))].real), y


def _eigenvalue_slope(nm, index, p_c, y_c, omega) -> float:
    """Central difference of ``Re lambda`` in the parameter at ``p_c``."""
    step = 1e-5 * max(1.0, abs(p_c[index]))
    plus, minus = p_c.copy(), p_c.copy()
    plus[index] += step
    minus[index] -= step
    upper, _ = _critical_real_part(nm, y_c, plus, omega)
    lower, _ = _critical_real_part(nm, y_c, minus, omega)
    return (upper - lower) / (2 * step)


def _checked_distance(nm, index, p_c, y_c, omega, slope) -> float:
    """Largest tested distance where ``mu(p)`` matches ``Re lambda(p)``."""
    scale = max(1.0, abs(p_c[index]))
    checked = 0.0
    for fraction in (1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1):
        distance = fraction * scale
        ok = True
        for sign in (1.0, -1.0):
            p = p_c.copy()
            p[index] += sign * distance
            try:
                actual, _ = _critical_real_part(nm, y_c, p, omega)
            except (ModelError, np.linalg.LinAlgError):
                ok = False
                break
            predicted = slope * sign * distance
            if abs(actual - predicted) > MU_TOLERANCE * abs(predicted):
                ok = False
        if not ok:
            break
        checked = distance
    return checked


def reduce_to_stuart_landau(
    model: Model,
    parameter: str,
    at: float | None = None,
    *,
    parameters: Mapping[str, float] | None = None,
    search: Sequence[float] | None = None,
) -> HopfReduction:
    """Reduce ``model`` to Stuart-Landau at the Hopf point nearest ``at``.

    Parameters
    ----------
    model : Model
    parameter : str
        Bifurcation parameter.
    at : float, optional
        Parameter value of interest: the Hopf point nearest to it is used and
        the returned model's default value of ``parameter`` is ``at`` (``p_c``
        when omitted).
    parameters : mapping of str to float, optional
        Values of the other parameters.
    search : (float, float), optional
        Continuation interval in which to look for Hopf points; default the
        model's usual sweep, or ``at +- max(1, |at|)``.

    Returns
    -------
    HopfReduction
    """
    model.parameter(parameter, "reduce_to_stuart_landau")
    others = {k: float(v) for k, v in dict(parameters or {}).items() if k != parameter}
    bifurcation = _find_hopf(model, parameter, at, search, others)
    p_c = bifurcation.value
    omega = float(bifurcation.omega)
    nm = numeric_model(model)
    p_vector = numerics.parameter_vector(model, {**others, parameter: p_c})
    index = model.parameter_names.index(parameter)
    y_c = _equilibrium_near(nm, np.array(list(bifurcation.state.values())), p_vector)
    normal_form = hopf_normal_form(model, {**others, parameter: p_c}, y_c, omega)
    slope = _eigenvalue_slope(nm, index, p_vector, y_c, omega)
    checked = _checked_distance(nm, index, p_vector, y_c, omega, slope)
    fixed_point = dict(zip(model.state_names, map(float, y_c), strict=True))
    value = p_c if at is None else float(at)
    reduced = _stuart_landau(
        model, parameter, value, p_c, slope, omega, normal_form.c1, others, checked
    )
    reduction = HopfReduction(
        reduced,
        model.name,
        parameter,
        p_c,
        others,
        fixed_point,
        omega,
        slope,
        normal_form.c1,
        normal_form.q,
        checked,
    )
    if abs(value - p_c) > checked:
        reduction.mu(value)
    if not reduction.supercritical:
        logger.warning(
            "the Hopf point of %s at %s = %g is subcritical (gamma = %.3g < 0): the "
            "cubic normal form predicts no stable cycle",
            model.name,
            parameter,
            p_c,
            reduction.gamma,
        )
    return reduction


def _stuart_landau(source, parameter, value, p_c, slope, omega, c1, others, checked):
    template = ladder.get("stuart_landau")
    declared = source.parameter(parameter)
    name = parameter if parameter not in template.symbols else f"{parameter}_source"
    critical, rate = f"{name}_c", f"dalpha_d{name}"
    new_parameters = (
        Parameter(name, value, declared.unit, declared.bounds, declared.description),
        Parameter(critical, p_c, declared.unit, description="Hopf point"),
        Parameter(rate, slope, "1", description=f"d Re(lambda) / d {parameter}"),
    )
    symbol = {n: sp.Symbol(n, real=True) for n in (name, critical, rate)}
    expression = symbol[rate] * (symbol[name] - symbol[critical])
    reduced = refinements.substitute_parameter(
        template, "alpha", expression, new_parameters
    )
    reduced = reduced.with_parameters(omega=omega, gamma=-c1.real, beta=-c1.imag)
    arguments = {
        "parameter": parameter,
        "critical_value": float(p_c),
        "parameters": others,
        "omega": float(omega),
        "slope": float(slope),
        "gamma": float(-c1.real),
        "beta": float(-c1.imag),
        "checked_distance": float(checked),
    }
    return reduced.replace(
        name=f"{source.name}_stuart_landau",
        time_unit=source.time_unit,
        description=(
            f"Stuart-Landau normal form of {source.name} at the Hopf point "
            f"{parameter} = {p_c:.8g}, checked within "
            f"|{format_difference(parameter, p_c)}| <= {checked:.3g}"
        ),
        provenance=(
            *source.provenance,
            Derivation(source.hash, "reduce_to_stuart_landau", arguments),
        ),
    )


def check_cycle_amplitudes(
    model: Model, reduction: HopfReduction, values: Sequence[float]
) -> list[dict]:
    """Compute the full model's cycle at each parameter value and compare sizes.

    The cycle is found by Newton shooting on the full model (see
    :func:`~rosetta_sym.derive.periodic_orbit.find_periodic_orbit`), starting
    from the predicted cycle ``x*(p) + 2 Re(w q)`` with ``|w| = sqrt(mu/gamma)``
    and period ``2 pi / omega``. Shooting converges even where the
    amplitude relaxes slowly, ``exp(-2 mu t)``, which would make plain
    simulation close to ``p_c`` very long.

    Returns
    -------
    list of dict
        Per value: ``value``, ``predicted`` and ``simulated`` amplitudes (half
        the peak-to-peak range, shape (n_states,)) and ``relative_error`` of
        the state with the largest predicted amplitude.
    """
    results = []
    nm = numeric_model(model)
    centre = np.array(list(reduction.fixed_point.values()))
    for value in values:
        predicted = reduction.amplitudes(value)
        parameters = {**reduction.parameters, reduction.parameter: value}
        equilibrium = _equilibrium_near(
            nm, centre, numerics.parameter_vector(model, parameters)
        )
        radius = np.sqrt(max(reduction.mu(value) / reduction.gamma, 0.0))
        start = equilibrium + reduction.to_original(radius) - centre
        orbit = periodic_orbit.find_periodic_orbit(
            model, parameters, start, 2 * np.pi / reduction.omega
        )
        _, states = orbit.sample(1024)
        simulated = numerics.cycle_amplitudes(states)
        k = int(np.argmax(predicted))
        error = abs(predicted[k] - simulated[k]) / simulated[k]
        results.append(
            {
                "value": float(value),
                "predicted": predicted,
                "simulated": simulated,
                "relative_error": float(error),
                "period": orbit.period,
            }
        )
    return results
