"""Phase reduction: PRC, coupling function and two-node locking."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import solve_ivp

from rosetta_sym import ladder
from rosetta_sym.derive.reduce_phase import reduce_to_phase
from rosetta_sym.io import dumps_model, loads_model
from rosetta_sym.model import ModelError, expand_auxiliary

ALPHA, OMEGA, GAMMA, BETA = 1.0, 2.0, 1.5, 0.7


@pytest.fixture(scope="module")
def stuart_landau_phase():
    model = ladder.get("stuart_landau").with_parameters(
        alpha=ALPHA, omega=OMEGA, gamma=GAMMA, beta=BETA
    )
    return reduce_to_phase(model)


def test_stuart_landau_prc_exact(stuart_landau_phase):
    # Exact PRC of Stuart-Landau (Kuramoto 1984). On the cycle the asymptotic
    # phase equals the polar angle.
    x, y = stuart_landau_phase.states.T
    phi = np.arctan2(y, x)
    scale = np.sqrt(ALPHA * GAMMA)
    z_x = -(BETA * np.cos(phi) + GAMMA * np.sin(phi)) / scale
    z_y = (GAMMA * np.cos(phi) - BETA * np.sin(phi)) / scale
    assert np.abs(stuart_landau_phase.prc[:, 0] - z_x).max() < 1e-6
    assert np.abs(stuart_landau_phase.prc[:, 1] - z_y).max() < 1e-6


def test_stuart_landau_asymptotic_phase(stuart_landau_phase):
    # A point off the cycle converges to the orbit point of phase
    # theta - beta/(2 gamma) ln(gamma r^2 / alpha).
    radius, angle = 0.6, 0.4
    start = radius * np.array([np.cos(angle), np.sin(angle)])
    phase = angle - BETA / (2 * GAMMA) * np.log(GAMMA * radius**2 / ALPHA)
    omega = stuart_landau_phase.omega
    duration = 20.0

    def rhs(t, v):
        r2 = v[0] ** 2 + v[1] ** 2
        return [
            ALPHA * v[0] - OMEGA * v[1] - (GAMMA * v[0] - BETA * v[1]) * r2,
            OMEGA * v[0] + ALPHA * v[1] - (BETA * v[0] + GAMMA * v[1]) * r2,
        ]

    run = solve_ivp(rhs, (0, duration), start, rtol=1e-11, atol=1e-13)
    final_angle = np.arctan2(run.y[1, -1], run.y[0, -1])
    expected = phase + omega * duration
    assert np.angle(np.exp(1j * (final_angle - expected))) == pytest.approx(0, abs=1e-6)


def test_stuart_landau_coupling_function(stuart_landau_phase):
    # Diffusive coupling: dphi_i/dt = Omega + eps beta/gamma
    # + eps K sin(phi_j - phi_i - a), K = sqrt(1 + beta^2/gamma^2),
    # a = arctan(beta/gamma).
    assert stuart_landau_phase.omega == pytest.approx(
        OMEGA - BETA * ALPHA / GAMMA, rel=1e-9
    )
    assert stuart_landau_phase.h0 == pytest.approx(BETA / GAMMA, rel=1e-7)
    assert stuart_landau_phase.K == pytest.approx(np.hypot(1, BETA / GAMMA), rel=1e-7)
    assert stuart_landau_phase.lag == pytest.approx(np.arctan(BETA / GAMMA), abs=1e-7)


def test_stuart_landau_floquet(stuart_landau_phase):
    multipliers = np.abs(stuart_landau_phase.orbit.multipliers)
    # Radial multiplier exp(-2 alpha T).
    period = 2 * np.pi / (OMEGA - BETA * ALPHA / GAMMA)
    assert multipliers[0] == pytest.approx(1.0, abs=1e-8)
    assert multipliers[1] == pytest.approx(np.exp(-2 * ALPHA * period), rel=1e-6)


def test_locking_warns_strong_coupling(stuart_landau_phase, caplog):
    with caplog.at_level("WARNING", logger="rosetta_sym.derive.reduce_phase"):
        stuart_landau_phase.two_node_locking(0.0, 10.0)
    assert "may be inaccurate" in caplog.text


def test_locking_quiet_weak_coupling(stuart_landau_phase, caplog):
    with caplog.at_level("WARNING", logger="rosetta_sym.derive.reduce_phase"):
        result = stuart_landau_phase.two_node_locking(0.0, 0.01)
    assert caplog.text == ""
    assert result["locked"]


def test_phase_model_is_first_class(stuart_landau_phase, kernel_cache_dir):
    from rosetta_sym.codegen import load_kernels

    model = stuart_landau_phase.model
    assert loads_model(dumps_model(model)).hash == model.hash
    assert model.coupling.kind == "sine"
    assert model.provenance[-1].operation == "reduce_to_phase"
    kernels = load_kernels(model)
    dydt = np.zeros(1)
    inputs = np.zeros(len(model.inputs))
    inputs[model.input_names.index("c")] = 0.5
    kernels.rhs(0.0, np.zeros(1), model.parameter_vector, inputs, dydt)
    assert dydt[0] == pytest.approx(
        stuart_landau_phase.omega + 0.5 * stuart_landau_phase.K, rel=1e-12
    )


def test_phase_rejects_fixed_point():
    with pytest.raises(ModelError, match="does not oscillate"):
        reduce_to_phase(ladder.get("wilson_cowan"), {"P_x": 3.0})


def _pair_rhs(model, first, second, gain):
    """Two nodes coupled both ways through the model's additive coupling."""
    target = model.symbols[model.coupling.target[0]]
    zero = {u: 0 for u in model.input_symbols if u != target}
    states, parameters = list(model.state_symbols), list(model.parameter_symbols)
    rhs = [e.rewrite(sp.exp).xreplace(zero) for e in model.rhs_expanded]
    source = expand_auxiliary(model.coupling.source[0]).rewrite(sp.exp)
    f = sp.lambdify([states, parameters, target], rhs, "numpy")
    s = sp.lambdify([states, parameters], source, "numpy")
    p1 = model.parameter_vector_with(first)
    p2 = model.parameter_vector_with(second)
    n = model.n_states

    def pair(t, y):
        a, b = y[:n], y[n:]
        return np.concatenate([f(a, p1, gain * s(b, p2)), f(b, p2, gain * s(a, p1))])

    return pair


def _crossing_times(times, signal):
    centred = signal - 0.5 * (signal.max() + signal.min())
    k = np.flatnonzero((centred[:-1] < 0) & (centred[1:] >= 0))
    return times[k] - centred[k] * (times[k + 1] - times[k]) / (
        centred[k + 1] - centred[k]
    )


def _phase_differences(times, first, second, period):
    """theta_2 - theta_1 at each upward crossing of node 1, unwrapped."""
    c1, c2 = _crossing_times(times, first), _crossing_times(times, second)
    index = np.searchsorted(c2, c1) - 1
    valid = index >= 0
    psi = 2 * np.pi * (c1[valid] - c2[index[valid]]) / period
    return c1[valid], np.unwrap(psi)


def _circular_mean(angles):
    return float(np.angle(np.mean(np.exp(1j * angles))))


WC_BASE = {"P_x": 0.0, "tau_y": 2.0}
WC_GAIN = 0.05


@pytest.fixture(scope="module")
def wilson_cowan_phase():
    return reduce_to_phase(ladder.get("wilson_cowan"), WC_BASE)


@pytest.mark.parametrize("mismatch", [0.2, -0.6])
def test_wilson_cowan_pair_locking(wilson_cowan_phase, mismatch):
    model = ladder.get("wilson_cowan")
    second = {**WC_BASE, "P_x": WC_BASE["P_x"] + mismatch}
    other = reduce_to_phase(model, second)
    prediction = wilson_cowan_phase.two_node_locking(
        other.omega - wilson_cowan_phase.omega, WC_GAIN
    )

    pair = _pair_rhs(model, WC_BASE, second, WC_GAIN)
    start = np.concatenate([wilson_cowan_phase.orbit.initial, other.orbit.initial])
    period = wilson_cowan_phase.orbit.period
    duration = 1200.0
    times = np.arange(0.0, duration, period / 200)
    run = solve_ivp(
        pair, (0, duration), start, t_eval=times, method="LSODA", rtol=1e-8, atol=1e-10
    )
    crossing, psi = _phase_differences(run.t, run.y[0], run.y[2], period)

    late = crossing > duration / 2
    slips = (psi[late][-1] - psi[late][0]) / (2 * np.pi)
    if prediction["locked"]:
        assert abs(slips) < 0.05
        error = np.angle(
            np.exp(1j * (_circular_mean(psi[late]) - prediction["phase_difference"]))
        )
        assert abs(error) < 0.1
    else:
        observed = (psi[late][-1] - psi[late][0]) / (
            crossing[late][-1] - crossing[late][0]
        )
        assert abs(slips) > 1
        assert observed == pytest.approx(prediction["beat_frequency"], rel=0.15)
    assert prediction["locked"] == (mismatch == 0.2)


JR_BASE = {"p": 280.0}
JR_GAIN = 0.1


@pytest.mark.parametrize("mismatch", [0.7, 4.0])
def test_jansen_rit_pair_locking(mismatch, kernel_cache_dir):
    from rosetta_sym.simulate import simulate

    model = ladder.get("jansen_rit")
    first = reduce_to_phase(model, JR_BASE)
    second = reduce_to_phase(model, {"p": JR_BASE["p"] + mismatch})
    prediction = first.two_node_locking(second.omega - first.omega, JR_GAIN)
    duration = 300.0
    result = simulate(
        model,
        duration,
        2e-4,
        "rk4",
        connectome=np.array([[0.0, 1.0], [1.0, 0.0]]),
        coupling=JR_GAIN,
        parameters={"p": np.array([JR_BASE["p"], JR_BASE["p"] + mismatch])},
        initial=np.stack([first.orbit.initial, second.orbit.initial], axis=1),
        record=["y1", "y2"],
        record_every=5,
    )
    voltage = result.data[:, :, 0] - result.data[:, :, 1]
    crossing, psi = _phase_differences(
        result.time, voltage[:, 0], voltage[:, 1], first.orbit.period
    )
    late = crossing > duration / 2
    slips = (psi[late][-1] - psi[late][0]) / (2 * np.pi)
    if prediction["locked"]:
        assert abs(slips) < 0.05
        error = np.angle(
            np.exp(1j * (_circular_mean(psi[late]) - prediction["phase_difference"]))
        )
        assert abs(error) < 0.15
    else:
        observed = (psi[late][-1] - psi[late][0]) / (
            crossing[late][-1] - crossing[late][0]
        )
        assert abs(slips) > 0.5
        assert observed == pytest.approx(prediction["beat_frequency"], rel=0.15)
    assert prediction["locked"] == (mismatch == 0.7)
