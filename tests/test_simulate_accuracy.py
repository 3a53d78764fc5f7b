"""Integrators against closed-form results: orders, limit cycles, resonance."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.codegen import load_kernels
from rosetta_sym.simulate import Connectome, Sinusoid, simulate


@pytest.fixture(scope="session")
def stuart_landau():
    model = ladder.get("stuart_landau")
    return model, load_kernels(model)


@pytest.fixture(scope="session")
def damped():
    model = ladder.get("damped_oscillator")
    return model, load_kernels(model)


def exact_stuart_landau(t, r0, alpha, gamma, omega):
    """Closed-form Stuart-Landau solution for beta = 0 (Bernoulli equation)."""
    r_squared = (
        alpha
        * r0**2
        / (gamma * r0**2 + (alpha - gamma * r0**2) * np.exp(-2 * alpha * t))
    )
    r = np.sqrt(r_squared)
    return r * np.cos(omega * t), r * np.sin(omega * t)


@pytest.mark.parametrize(("method", "order"), [("rk4", 4), ("heun", 2)])
def test_convergence_order(stuart_landau, method, order):
    model, kernels = stuart_landau
    parameters = {"alpha": 1.0, "gamma": 1.0, "omega": 2.0, "beta": 0.0}
    duration = 2.0
    x_end, y_end = exact_stuart_landau(duration, 0.1, 1.0, 1.0, 2.0)
    errors = []
    steps = (0.04, 0.02, 0.01)
    for dt in steps:
        result = simulate(
            model,
            duration + dt,
            dt,
            method,
            parameters=parameters,
            kernels=kernels,
            initial={"x": 0.1, "y": 0.0},
        )
        # The last sample is the state at the start of the last step, t = duration.
        assert result.time[-1] == pytest.approx(duration)
        x, y = result.data[-1, 0, 0], result.data[-1, 0, 1]
        errors.append(math.hypot(x - x_end, y - y_end))
    observed = [math.log2(errors[k] / errors[k + 1]) for k in range(len(steps) - 1)]
    for value in observed:
        assert value == pytest.approx(order, abs=0.3)


def test_stuart_landau_cycle(stuart_landau):
    model, kernels = stuart_landau
    alpha, gamma, beta, omega = 1.0, 2.0, 0.5, 2 * math.pi
    result = simulate(
        model,
        20.0,
        1e-3,
        "rk4",
        parameters={"alpha": alpha, "gamma": gamma, "beta": beta, "omega": omega},
        kernels=kernels,
        record=["x", "y"],
    )
    late = result.time > 10.0
    x = result["x"][late, 0]
    y = result["y"][late, 0]
    amplitude = np.hypot(x, y)
    expected_amplitude = math.sqrt(alpha / gamma)
    assert np.max(np.abs(amplitude - expected_amplitude)) < 1e-6
    phase = np.unwrap(np.arctan2(y, x))
    slope = np.polyfit(result.time[late], phase, 1)[0]
    assert slope == pytest.approx(omega - beta * alpha / gamma, rel=1e-6)


@pytest.mark.parametrize("detuning", [0.0, 0.5, 2.0])
def test_forced_damped_oscillator_lorentzian(damped, detuning):
    model, kernels = damped
    alpha, omega, amplitude = -0.5, 2 * math.pi, 0.3
    drive = omega + detuning
    # F = F0 exp(i Omega t): F_x = F0 cos(Omega t), F_y = F0 sin(Omega t).
    forcing = [
        Sinusoid(
            amplitude=amplitude,
            frequency=drive / (2 * math.pi),
            phase=math.pi / 2,
            unit="model",
            input="F_x",
        ),
        Sinusoid(
            amplitude=amplitude,
            frequency=drive / (2 * math.pi),
            unit="model",
            input="F_y",
        ),
    ]
    result = simulate(
        model,
        30.0,
        2e-3,
        "rk4",
        parameters={"alpha": alpha, "omega": omega},
        forcing=forcing,
        kernels=kernels,
        record=["amplitude"],
        record_every=5,
    )
    steady = result["amplitude"][result.time > 25.0, 0]
    expected = amplitude / math.sqrt(alpha**2 + detuning**2)
    # Transients decay as exp(alpha t): exp(-12.5) ~ 4e-6 relative by t = 25.
    assert np.max(np.abs(steady - expected)) < 1e-4 * expected


def test_euler_maruyama_ou_variance(damped):
    model, kernels = damped
    theta, sigma = 1.0, 0.5
    n_nodes = 2000
    result = simulate(
        model,
        20.0,
        1e-2,
        "euler_maruyama",
        parameters={"alpha": -theta, "omega": 0.0},
        n_nodes=n_nodes,
        initial={"x": 0.0, "y": 0.0},
        noise={"x": sigma},
        seed=11,
        record=["x"],
        record_every=100,
        kernels=kernels,
    )
    samples = result["x"][result.time >= 5.0]
    expected = sigma**2 / (2 * theta)
    # Euler-Maruyama's stationary variance of this linear recursion is
    # sigma**2 / (theta (2 - theta dt)), 0.5 % above the exact value here.
    discrete = sigma**2 / (theta * (2 - theta * 1e-2))
    # 16 samples per node one time unit apart (correlation exp(-1)), so about
    # 2000 * 16 / 2.2 independent values: relative standard error ~ 1.7 %.
    assert np.var(samples) == pytest.approx(discrete, rel=0.06)
    assert np.var(samples) == pytest.approx(expected, rel=0.07)
    assert abs(np.mean(samples)) < 0.02


def test_kuramoto_order_parameter():
    model = ladder.get("kuramoto")
    kernels = load_kernels(model)
    n_nodes, width, strength = 2000, 0.5, 2.0
    # Lorentzian quantiles: omega_i = width tan(pi (i + 1/2) / N - pi / 2).
    quantiles = (np.arange(n_nodes) + 0.5) / n_nodes
    omega = width * np.tan(np.pi * (quantiles - 0.5))
    rng = np.random.default_rng(5)
    result = simulate(
        model,
        40.0,
        0.02,
        "rk4",
        connectome=Connectome.all_to_all(n_nodes),
        coupling=strength,
        parameters={"omega": omega},
        initial={"theta": rng.uniform(0, 2 * np.pi, n_nodes)},
        record=["x", "y"],
        record_every=10,
        kernels=kernels,
    )
    late = result.time > 20.0
    order = np.hypot(result["x"][late].mean(axis=1), result["y"][late].mean(axis=1))
    expected = math.sqrt(1 - 2 * width / strength)
    # Finite-size fluctuations of |Z| are O(1 / sqrt(N)) ~ 0.02; the
    # time average over the last half reduces them further.
    assert np.mean(order) == pytest.approx(expected, abs=0.03)
    assert result.metadata["stepper_variant"] == "uniform"


def test_kuramoto_incoherent_below_threshold():
    model = ladder.get("kuramoto")
    kernels = load_kernels(model)
    n_nodes, width = 2000, 0.5
    quantiles = (np.arange(n_nodes) + 0.5) / n_nodes
    omega = width * np.tan(np.pi * (quantiles - 0.5))
    rng = np.random.default_rng(6)
    result = simulate(
        model,
        40.0,
        0.02,
        "rk4",
        connectome=Connectome.all_to_all(n_nodes),
        coupling=0.5,
        parameters={"omega": omega},
        initial={"theta": rng.uniform(0, 2 * np.pi, n_nodes)},
        record=["x", "y"],
        record_every=10,
        kernels=kernels,
    )
    late = result.time > 20.0
    order = np.hypot(result["x"][late].mean(axis=1), result["y"][late].mean(axis=1))
    # Below K_c = 2 Delta the incoherent state is stable: |Z| = O(1 / sqrt(N)).
    assert np.mean(order) < 0.08


def test_kuramoto_sakaguchi_phase_lag():
    model = ladder.get("kuramoto")
    kernels = load_kernels(model)
    strength, lag, omega = 1.0, 0.5, 1.0
    # Two identical oscillators, weights 1/2 with the diagonal: the phase
    # difference obeys d(phi)/dt = -G cos(lag) sin(phi), and the locked state
    # rotates at omega - G sin(lag).
    result = simulate(
        model,
        10.0,
        1e-3,
        "rk4",
        connectome=Connectome.all_to_all(2),
        coupling=strength,
        phase_lag=lag,
        parameters={"omega": omega},
        initial={"theta": [0.0, 0.1]},
        kernels=kernels,
    )

    theta = result["theta"]
    difference = theta[:, 1] - theta[:, 0]
    expected = 2 * np.arctan(
        np.tan(0.05) * np.exp(-strength * math.cos(lag) * result.time)
    )
    np.testing.assert_allclose(difference, expected, rtol=0, atol=1e-9)

    late = result.time > 8.0
    frequency = np.polyfit(result.time[late], theta[late, 0], 1)[0]
    # The residual difference (below 1e-3 after t = 8) shifts the frequency by
    # at most G cos(lag) phi / 2 ~ 4e-4.
    assert frequency == pytest.approx(omega - strength * math.sin(lag), abs=5e-4)
    assert abs(frequency - omega) > 0.4
