r"""Phase reduction of a stable limit cycle to a Kuramoto-Sakaguchi oscillator.

Steps (Kuramoto 1984, *Chemical Oscillations, Waves, and Turbulence*):

1. the periodic orbit ``x(t)`` of period ``T`` by shooting from a simulated
   guess, and its Floquet multipliers;
2. the phase response curve ``Z(t)``: the periodic solution of the adjoint
   equation ``dZ/dt = -J(x(t))^T Z`` normalised by ``Z . f(x) = omega``
   (``omega = 2 pi / T``). ``Z(0)`` is the eigenvector of the transposed
   monodromy matrix for the multiplier 1, and the adjoint equation is
   integrated backwards in time, the direction in which it is stable;
3. the coupling function for the model's declared network coupling
   ``p(x_j, x_i)`` (input Jacobian times what node ``j`` sends),
   ``H(psi) = (1/T) int_0^T Z(t) . p(x(t + psi/omega), x(t)) dt``, so that weakly
   coupled nodes obey ``theta_i' = omega_i + G sum_j C_ij H(theta_j - theta_i)``;
4. the first Fourier harmonic ``H(psi) ~ h0 + K sin(psi - a)``: coupling
   strength ``K``, phase lag ``a`` and frequency shift ``h0``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

import numpy as np
import sympy as sp
from scipy.integrate import solve_ivp

from rosetta_sym import ladder
from rosetta_sym.derive import numerics, periodic_orbit
from rosetta_sym.derive.formatting import coupling_function_text
from rosetta_sym.model import Derivation, Model, ModelError, Parameter
from rosetta_sym.model.functions import expand_auxiliary

__all__ = ["PhaseReduction", "reduce_to_phase", "phase_response", "coupling_function"]

logger = logging.getLogger(__name__)

#: Samples per period of the orbit, the PRC and the coupling function.
SAMPLES = 1024

#: Coupling counts as weak while ``gain * K`` stays below this fraction of the
#: cycle's slowest contraction rate.
# NOTE: the fraction is a rule of thumb, not a bound: the error of the phase
# model is second order in the gain with a model-dependent constant.
WEAK_COUPLING_FRACTION = 0.1


@dataclasses.dataclass(frozen=True)
class PhaseReduction:
    """Phase model of a stable limit cycle.

    Attributes
    ----------
    model : Model
        Phase oscillator ``theta' = omega + F + K c`` whose network input ``c``
        takes the sine coupling; run networks of it with phase lag ``lag``.
    source : str
        Name of the reduced model.
    parameters : dict of str to float
        Source parameter values.
    orbit : PeriodicOrbit
    times : ndarray, shape (SAMPLES,)
        ``t_k = k T / SAMPLES``; phase ``theta_k = omega t_k``.
    states : ndarray, shape (SAMPLES, n_states)
        The cycle ``x(t_k)``.
    prc : ndarray, shape (SAMPLES, n_states)
        ``Z(t_k)`` (radians per unit of each state).
    coupling : ndarray, shape (SAMPLES,)
        ``H(psi_k)`` at ``psi_k = 2 pi k / SAMPLES``.
    h0, K, lag : float
        First-harmonic fit ``H(psi) ~ h0 + K sin(psi - lag)``.
    coupling_kind : str
        Kind of the source model's network coupling that ``H`` describes.
    """

    model: Model
    source: str
    parameters: dict
    orbit: periodic_orbit.PeriodicOrbit
    times: np.ndarray
    states: np.ndarray
    prc: np.ndarray
    coupling: np.ndarray
    h0: float
    K: float
    lag: float
    coupling_kind: str

    @property
    def omega(self) -> float:
        """Angular frequency of the cycle, radians per model time unit."""
        return self.orbit.omega

    @property
    def contraction_rate(self) -> float:
        """Slowest decay rate towards the cycle, ``-ln|mu_2| / T`` (1/time unit)."""
        second = np.abs(self.orbit.multipliers[1])
        return float(-np.log(max(second, 1e-300)) / self.orbit.period)

    def H(self, psi: np.ndarray | float, harmonics: int | None = None) -> np.ndarray:
        """Evaluate the coupling function at phase differences ``psi`` (radians).

        ``harmonics=None`` uses the full sampled function (trigonometric
        interpolation); ``harmonics=1`` uses ``h0 + K sin(psi - lag)``.
        """
        coefficients = np.fft.rfft(self.coupling) / len(self.coupling)
        limit = len(coefficients) - 1 if harmonics is None else harmonics
        psi = np.asarray(psi, dtype=float)
        total = np.full(psi.shape, coefficients[0].real)
        for n in range(1, limit + 1):
            total = total + 2 * (coefficients[n] * np.exp(1j * n * psi)).real
        return total

    def two_node_locking(
        self, frequency_difference: float, gain: float, harmonics: int | None = None
    ) -> dict:
        """Predict locking of two nodes coupled both ways with weight ``gain``.

        With ``psi = theta_2 - theta_1`` and ``omega_2 - omega_1 =
        frequency_difference``: ``psi' = frequency_difference + gain (H(-psi) -
        H(psi))``. Locked when this has a stable zero.

        Returns
        -------
        dict
            ``locked`` (bool), ``phase_difference`` (radians in (-pi, pi], or
            None when drifting) and ``beat_frequency``: the mean rate of
            ``psi`` in radians per time unit, signed, zero when locked.
        """
        if abs(gain) * self.K > WEAK_COUPLING_FRACTION * self.contraction_rate:
            logger.warning(
                "coupling gain %g times K = %.3g is not small against the "
                "contraction rate %.3g of the %s cycle; the phase model may be "
                "inaccurate",
                gain,
                self.K,
                self.contraction_rate,
                self.source,
            )
        grid = np.linspace(-np.pi, np.pi, 4097)
        rate = frequency_difference + gain * (
            self.H(-grid, harmonics) - self.H(grid, harmonics)
        )
        zeros = np.flatnonzero((rate[:-1] > 0) & (rate[1:] <= 0))
        if len(zeros) == 0:
            # Drifting: psi advances by 2 pi in int dpsi / psi'(psi).
            duration = np.trapezoid(1.0 / rate, grid)
            return {
                "locked": False,
                "phase_difference": None,
                "beat_frequency": float(2 * np.pi / duration),
            }
        k = zeros[0]
        psi = grid[k] - rate[k] * (grid[k + 1] - grid[k]) / (rate[k + 1] - rate[k])
        return {"locked": True, "phase_difference": float(psi), "beat_frequency": 0.0}

    def summary(self) -> dict:
        """Return the JSON-ready description of the reduction."""
        multipliers = self.orbit.multipliers
        return {
            "source": self.source,
            "to": "phase",
            "parameters": self.parameters,
            "period": self.orbit.period,
            "omega": self.omega,
            "floquet_multipliers_abs": np.abs(multipliers).tolist(),
            "contraction_rate": self.contraction_rate,
            "coupling_kind": self.coupling_kind,
            "h0": self.h0,
            "K": self.K,
            "lag": self.lag,
            "validity": (
                "weak coupling, first order in the gain: keep gain * K well below "
                "the contraction rate"
            ),
            "model_hash": self.model.hash,
        }


def phase_response(orbit: periodic_orbit.PeriodicOrbit, samples: int = SAMPLES):
    """Compute the cycle and its phase response curve on a uniform time grid.

    Returns
    -------
    (ndarray, ndarray, ndarray)
        Times ``(samples,)``, states ``(samples, n)`` and ``Z`` ``(samples, n)``
        with ``Z . f(x) = omega`` at every sample.
    """
    f, jac = numerics.vector_field(orbit.model, orbit.parameters)
    T = orbit.period
    forward = solve_ivp(
        f,
        (0.0, T),
        orbit.initial,
        method="DOP853",
        dense_output=True,
        rtol=periodic_orbit.RTOL,
        atol=periodic_orbit.ATOL,
    )
    values, vectors = np.linalg.eig(orbit.monodromy.T)
    z0 = np.real(vectors[:, int(np.argmin(np.abs(values - 1.0)))])
    omega = 2 * np.pi / T
    z0 = z0 * omega / (z0 @ f(0.0, orbit.initial))

    def adjoint(t, z):
        return -jac(t, forward.sol(t % T)).T @ z

    times = np.arange(samples) * T / samples
    # Integrate backward from t = 2T to 0, the stable direction of the adjoint.
    backward = solve_ivp(
        adjoint,
        (2 * T, 0.0),
        z0,
        method="DOP853",
        dense_output=True,
        rtol=1e-11,
        atol=1e-13,
    )
    states = forward.sol(times).T
    prc = backward.sol(times).T
    flows = np.array([f(0.0, x) for x in states])
    drift = np.abs(np.einsum("ij,ij->i", prc, flows) / omega - 1.0).max()
    logger.info("PRC normalisation drift before rescaling: %.2g", drift)
    prc = prc * (omega / np.einsum("ij,ij->i", prc, flows))[:, None]
    return times, states, prc


def _input_derivatives(model: Model, parameters):
    """Return ``D(x)``: df/du for each coupling target, shape (n_channels, n)."""
    targets = [model.symbols[t] for t in model.coupling.target]
    zero = {u: 0 for u in model.input_symbols}
    rhs = [expand_auxiliary(e) for e in model.rhs]
    entries = [sp.diff(e, u).xreplace(zero) for u in targets for e in rhs]
    sources = [expand_auxiliary(s) for s in model.coupling.source]
    arguments = [list(model.state_symbols), list(model.parameter_symbols)]
    derivative = numerics.lambdify(arguments, entries)
    source = numerics.lambdify(arguments, sources)
    p = numerics.parameter_vector(model, parameters)
    n, m = model.n_states, len(targets)

    def d_of(x):
        return np.array(derivative(x, p), dtype=float).reshape(m, n)

    def s_of(x):
        return np.array(source(x, p), dtype=float)

    return d_of, s_of


def coupling_function(model: Model, parameters, states, prc) -> np.ndarray:
    """Compute ``H(psi_k)`` for the model's declared coupling, shape (samples,).

    ``additive``: ``p = D(x_i) s(x_j)``; ``diffusive``: ``p = D(x_i)(s(x_j) -
    s(x_i))``; ``sine``: ``p = D(x_i) sin(s(x_j) - s(x_i))`` (zero phase lag).
    """
    if model.coupling is None:
        raise ModelError(
            f"model {model.name!r} declares no network coupling; a coupling "
            "function needs one"
        )
    d_of, s_of = _input_derivatives(model, parameters)
    weights = np.array([d_of(x) @ z for x, z in zip(states, prc, strict=True)])
    sent = np.array([s_of(x) for x in states])
    samples = len(states)
    kind = model.coupling.kind
    H = np.zeros(samples)
    for channel in range(sent.shape[1]):
        a, s = weights[:, channel], sent[:, channel]
        if kind == "sine":
            for m in range(samples):
                H[m] += np.mean(a * np.sin(np.roll(s, -m) - s))
            continue
        # Cross-correlation: mean_n a[n] s[n + m], for every shift m at once.
        H += np.fft.ifft(np.conj(np.fft.fft(a)) * np.fft.fft(s)).real / samples
        if kind == "diffusive":
            H -= np.mean(a * s)
    return H


def _first_harmonic(H: np.ndarray) -> tuple[float, float, float]:
    coefficients = np.fft.rfft(H) / len(H)
    h0 = float(coefficients[0].real)
    a1, b1 = 2 * coefficients[1].real, -2 * coefficients[1].imag
    return h0, float(np.hypot(a1, b1)), float(np.arctan2(-a1, b1))


def reduce_to_phase(
    model: Model,
    parameters: Mapping[str, float] | None = None,
    *,
    initial: np.ndarray | None = None,
    duration: float | None = None,
) -> PhaseReduction:
    """Reduce a stable limit cycle of ``model`` to a phase oscillator.

    Parameters
    ----------
    model : Model
        Inputs are zero on the uncoupled cycle.
    parameters : mapping of str to float, optional
    initial : ndarray, shape (n_states,), optional
        Start of the simulation that provides the guess; default the model's
        initial state.
    duration : float, optional
        Length of that simulation (model time units); default 200 times the
        slowest time scale ``1/|lambda|`` of the linearisation at the initial
        state.

    Raises
    ------
    ModelError
        When the simulation does not oscillate, shooting fails, or the cycle is
        unstable.
    """
    parameters = {k: float(v) for k, v in dict(parameters or {}).items()}
    y0 = model.initial_state if initial is None else np.asarray(initial, float)
    if duration is None:
        _, jac = numerics.vector_field(model, parameters)
        rates = np.abs(np.linalg.eigvals(jac(0.0, y0)))
        rates = rates[rates > 1e-12]
        duration = 200.0 / rates.min() if len(rates) else 100.0
    guess, period = periodic_orbit.guess_from_simulation(
        model, parameters, y0, duration
    )
    orbit = periodic_orbit.find_periodic_orbit(model, parameters, guess, period)
    if not orbit.stable:
        raise ModelError(
            f"the periodic orbit of {model.name} at {parameters} is unstable "
            f"(multipliers {np.abs(orbit.multipliers)}); phase reduction needs a "
            "stable cycle"
        )
    times, states, prc = phase_response(orbit)
    H = coupling_function(model, parameters, states, prc)
    h0, K, lag = _first_harmonic(H)
    reduced = _phase_model(model, parameters, orbit, h0, K, lag)
    return PhaseReduction(
        reduced,
        model.name,
        parameters,
        orbit,
        times,
        states,
        prc,
        H,
        h0,
        K,
        lag,
        model.coupling.kind,
    )


def _phase_model(source, parameters, orbit, h0, K, lag) -> Model:
    template = ladder.get("kuramoto")
    c = template.symbols["c"]
    strength = sp.Symbol("K", real=True)
    equations = dict(template.equations)
    equations["theta"] = equations["theta"].xreplace({c: strength * c})
    arguments = {
        "parameters": parameters,
        "period": float(orbit.period),
        "h0": h0,
        "K": K,
        "lag": lag,
        "coupling": source.coupling.kind,
    }
    return template.replace(
        name=f"{source.name}_phase",
        time_unit=source.time_unit,
        parameters=(
            *template.with_parameters(omega=orbit.omega).parameters,
            Parameter("K", K, "1", description="first-harmonic coupling strength"),
        ),
        equations=equations,
        description=(
            f"Phase reduction of {source.name}: H(psi) ~ "
            f"{coupling_function_text(h0, K, lag)}; "
            f"run networks with phase lag phi = {lag:.6g} "
            f"and add G*{h0:.6g}*sum_j C_ij to omega"
        ),
        provenance=(
            *source.provenance,
            Derivation(source.hash, "reduce_to_phase", arguments),
        ),
    )
