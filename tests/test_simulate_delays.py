"""Delayed coupling: exact propagation on integer delays, interpolation otherwise."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.integrate

from rosetta_sym.codegen import load_kernels
from rosetta_sym.model import Coupling, Input, Model, Parameter, State
from rosetta_sym.model import symbols as real_symbols
from rosetta_sym.simulate import Sampled, Sinusoid, simulate
from rosetta_sym.simulate.delays import lag_tables


def build_relay() -> Model:
    """dx/dt = (F + c - x) / tau: with Euler and dt = tau, x_(n+1) = F_n + c_n."""
    x, tau, F, c = real_symbols("x tau F c")
    return Model(
        "relay",
        states=[State("x", 0.0)],
        parameters=[Parameter("tau", 1.0, "1", (0, None))],
        equations={"x": (F + c - x) / tau},
        inputs=[Input("F"), Input("c")],
        coupling=Coupling("additive", (x,), ("c",)),
        time_unit="1",
    )


@pytest.fixture(scope="session")
def relay():
    model = build_relay()
    return model, load_kernels(model)


def chain(n_nodes: int) -> np.ndarray:
    """Weights of a chain: node i receives from node i - 1 with weight 1."""
    weights = np.zeros((n_nodes, n_nodes))
    for i in range(1, n_nodes):
        weights[i, i - 1] = 1.0
    return weights


def test_integer_delays_exact(relay):
    model, kernels = relay
    n_nodes, n_steps = 4, 60
    link_delays = [0, 3, 7, 2]
    delays = np.zeros((n_nodes, n_nodes))
    for i in range(1, n_nodes):
        delays[i, i - 1] = link_delays[i]
    # Integer input at integer times; Euler with dt = 1 uses only those.
    rng = np.random.default_rng(1)
    signal_times = np.arange(n_steps + 1, dtype=float)
    signal = rng.integers(-9, 10, n_steps + 1).astype(float)
    gains = np.zeros(n_nodes)
    gains[0] = 1.0
    forcing = Sampled(times=signal_times, values=signal, gain=gains)
    result = simulate(
        model,
        float(n_steps),
        1.0,
        "euler",
        connectome=chain(n_nodes),
        coupling=1.0,
        delays=delays,
        forcing=forcing,
        kernels=kernels,
    )
    assert result.metadata["stepper_variant"] == "delay"
    x = result["x"]

    def expected(node, step):
        # x_0(n) = F(n - 1); x_i(n) = x_(i-1)(n - 1 - d_i); zero before the start.
        if step <= 0:
            return 0.0
        if node == 0:
            return signal[step - 1]
        return expected(node - 1, step - 1 - link_delays[node])

    for node in range(n_nodes):
        for step in range(n_steps):
            assert x[step, node] == expected(node, step), (node, step)


def test_delay_tables_short_and_fractional():
    lag_steps, lag_frac, n_slots = lag_tables(np.array([0.0, 0.25, 2.0, 3.4]))
    # Offsets 0, 1/2, 1 (in steps) against delays 0, 0.25, 2, 3.4 steps.
    np.testing.assert_array_equal(lag_steps[0], [0, 0, 2, 3])
    np.testing.assert_allclose(lag_frac[0], [0.0, 0.25, 0.0, 0.4])
    np.testing.assert_array_equal(lag_steps[1], [-1, -1, 1, 2])
    np.testing.assert_allclose(lag_frac[1], [1.0, 0.5, 0.5, 0.9])
    np.testing.assert_array_equal(lag_steps[2], [-1, -1, 1, 2])
    np.testing.assert_allclose(lag_frac[2], [1.0, 0.75, 0.0, 0.4])
    assert n_slots == 5


def method_of_steps(tau, delay, gain, times):
    """Reference for node 1: dx1/dt = -x1 + gain x0(t - delay), x0 known."""

    def x0(t):
        # dx0/dt = -x0 + sin(t), x0(0) = 0, and x0 = 0 before the start.
        return np.where(t > 0, 0.5 * (np.sin(t) - np.cos(t) + np.exp(-t)), 0.0)

    def rhs(t, y):
        return [-y[0] + gain * float(x0(t - delay))]

    # x1 stays 0 on [0, delay]; one smooth interval after that.
    solution = scipy.integrate.solve_ivp(
        rhs, (delay, times[-1]), [0.0], rtol=1e-11, atol=1e-13, dense_output=True
    )
    x1 = np.where(times > delay, solution.sol(np.maximum(times, delay))[0], 0.0)
    return x0(times), x1


@pytest.mark.parametrize("method", ["rk4"])
def test_fractional_delay_matches_method_of_steps(relay, method):
    model, kernels = relay
    dt, delay, gain = 0.01, 0.3725, 0.8
    delays = np.array([[0.0, 0.0], [delay, 0.0]])
    forcing = Sinusoid(
        amplitude=1.0, frequency=1 / (2 * math.pi), unit="model", gain=[1.0, 0.0]
    )
    result = simulate(
        model,
        4.0,
        dt,
        method,
        connectome=chain(2),
        coupling=gain,
        delays=delays,
        forcing=forcing,
        kernels=kernels,
    )
    x0_exact, x1_exact = method_of_steps(1.0, delay, gain, result.time)
    assert np.max(np.abs(result["x"][:, 0] - x0_exact)) < 1e-9
    # Linear interpolation of the delayed value errs by at most
    # dt**2 / 8 * max|x0''| ~ 1e-5; reading the nearest stored sample instead
    # would err by ~ dt / 4 * max|x0'| ~ 2e-3.
    error = np.max(np.abs(result["x"][:, 1] - x1_exact))
    assert error < 5e-5


def test_given_history_feeds_delays(relay):
    model, kernels = relay
    # Node 0 was 1, 2, ..., 6 at steps -5 .. 0 and has no input afterwards, so
    # with dt = 1 and delay 3, x_1(n + 1) = x_0(n - 3) reads the history first.
    history = np.zeros((6, 1, 2))
    history[:, 0, 0] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    delays = np.array([[0.0, 0.0], [3.0, 0.0]])
    result = simulate(
        model,
        8.0,
        1.0,
        "euler",
        connectome=chain(2),
        coupling=1.0,
        delays=delays,
        history=history,
        kernels=kernels,
    )
    np.testing.assert_array_equal(result["x"][:, 0], [6.0] + [0.0] * 7)
    np.testing.assert_array_equal(result["x"][:, 1], [0, 3, 4, 5, 6, 0, 0, 0])
