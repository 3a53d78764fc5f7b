"""Reductions to the damped oscillator and to Stuart-Landau."""

from __future__ import annotations

import logging

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import solve_ivp
from scipy.optimize import root

from rosetta_sym import ladder
from rosetta_sym.analysis import find_fixed_points
from rosetta_sym.derive.reduce_hopf import (
    check_cycle_amplitudes,
    reduce_to_stuart_landau,
)
from rosetta_sym.derive.reduce_linear import reduce_to_damped_oscillator
from rosetta_sym.io import dumps_model, loads_model
from rosetta_sym.model import ModelError


def _numeric_rhs(model, parameters):
    """Vector field from SymPy with logistic written as exp (independent path)."""
    values = dict(model.parameter_values) | dict(parameters)
    substitution = {model.symbols[k]: v for k, v in values.items()}
    substitution |= {u: 0 for u in model.input_symbols}
    expressions = [e.rewrite(sp.exp).xreplace(substitution) for e in model.rhs_expanded]
    function = sp.lambdify([model.state_symbols], expressions, "numpy")
    return lambda y: np.array(function(y), dtype=float)


def _finite_difference_jacobian(f, y, step=1e-6):
    columns = []
    for k in range(len(y)):
        shift = np.zeros(len(y))
        shift[k] = step * max(1.0, abs(y[k]))
        columns.append((f(y + shift) - f(y - shift)) / (2 * shift[k]))
    return np.array(columns).T


@pytest.mark.parametrize(
    "name, parameters",
    [("wilson_cowan", {"P_x": 2.0}), ("jansen_rit", {"p": 50.0})],
)
def test_damped_oscillator_eigenvalues(name, parameters):
    model = ladder.get(name)
    reduction = reduce_to_damped_oscillator(model, parameters)
    f = _numeric_rhs(model, parameters)
    start = np.array(list(reduction.fixed_point.values()))
    solution = root(f, start, tol=1e-13)
    assert solution.success
    values = np.linalg.eigvals(_finite_difference_jacobian(f, solution.x))
    leading = max((v for v in values if v.imag > 0), key=lambda v: v.real)
    alpha = reduction.model.parameter("alpha").value
    omega = reduction.model.parameter("omega").value
    assert alpha == pytest.approx(leading.real, rel=1e-5)
    assert omega == pytest.approx(leading.imag, rel=1e-5)
    assert alpha < 0


def test_damped_oscillator_predicts_relaxation():
    model = ladder.get("wilson_cowan")
    parameters = {"P_x": 2.0}
    reduction = reduce_to_damped_oscillator(model, parameters)
    z0 = 1e-4
    start = reduction.to_original(z0)
    f = _numeric_rhs(model, parameters)
    duration = 3.0
    full = solve_ivp(lambda t, y: f(y), (0, duration), start, rtol=1e-11, atol=1e-14)
    predicted = reduction.to_original(z0 * np.exp(reduction.eigenvalue * duration))
    deviation = full.y[:, -1] - np.array(list(reduction.fixed_point.values()))
    assert full.y[:, -1] == pytest.approx(predicted, abs=1e-3 * np.abs(deviation).max())


def test_damped_oscillator_rejects_cycle_regime():
    with pytest.raises(ModelError, match="no stable focus"):
        reduce_to_damped_oscillator(ladder.get("wilson_cowan"), {"P_x": 0.0})


def test_damped_oscillator_model_roundtrip():
    reduction = reduce_to_damped_oscillator(ladder.get("wilson_cowan"), {"P_x": 2.0})
    model = reduction.model
    assert loads_model(dumps_model(model)).hash == model.hash
    assert model.provenance[-1].operation == "reduce_to_damped_oscillator"
    assert model.provenance[-1].parent == ladder.get("wilson_cowan").hash
    assert find_fixed_points(model)[0].stable


def test_stuart_landau_reduces_to_itself():
    stuart_landau = ladder.get("stuart_landau").with_parameters(
        gamma=2.0, beta=0.5, omega=3.0
    )
    reduction = reduce_to_stuart_landau(stuart_landau, "alpha", 0.1, search=(-1, 1))
    assert reduction.critical_value == pytest.approx(0.0, abs=1e-9)
    assert reduction.slope == pytest.approx(1.0, rel=1e-6)
    assert reduction.gamma == pytest.approx(2.0, rel=1e-9)
    assert reduction.beta == pytest.approx(0.5, rel=1e-9)
    assert reduction.q == pytest.approx(np.array([0.5, -0.5j]), abs=1e-12)


@pytest.fixture(scope="module")
def wilson_cowan_hopf():
    return reduce_to_stuart_landau(ladder.get("wilson_cowan"), "P_x", 1.5)


def test_wilson_cowan_hopf_point(wilson_cowan_hopf):
    # Castaldo et al. (2025), reference set A: Hopf at P_x = 1.531501 with
    # omega = 1.752544, supercritical.
    assert wilson_cowan_hopf.critical_value == pytest.approx(1.531501, abs=2e-6)
    assert wilson_cowan_hopf.omega == pytest.approx(1.752544, abs=2e-6)
    assert wilson_cowan_hopf.supercritical
    assert wilson_cowan_hopf.slope < 0


def test_wilson_cowan_cycle_amplitudes(wilson_cowan_hopf):
    model = ladder.get("wilson_cowan")
    distances = (0.04, 0.02, 0.01)
    values = [wilson_cowan_hopf.critical_value - d for d in distances]
    results = check_cycle_amplitudes(model, wilson_cowan_hopf, values)
    errors = [r["relative_error"] for r in results]
    assert errors[0] < 0.02
    assert errors[1] < errors[0]
    assert errors[2] < errors[1]


def test_wilson_cowan_amplitude_by_simulation(wilson_cowan_hopf):
    # Independent of the shooting code: plain integration to the cycle.
    model = ladder.get("wilson_cowan")
    value = wilson_cowan_hopf.critical_value - 0.04
    f = _numeric_rhs(model, {"P_x": value})
    start = wilson_cowan_hopf.to_original(0.05)
    duration = 600.0
    period = 2 * np.pi / wilson_cowan_hopf.omega
    times = np.linspace(duration - 3 * period, duration, 3000)
    run = solve_ivp(
        lambda t, y: f(y), (0, duration), start, t_eval=times, rtol=1e-9, atol=1e-12
    )
    simulated = 0.5 * (run.y[0].max() - run.y[0].min())
    predicted = wilson_cowan_hopf.amplitudes(value)[0]
    assert predicted == pytest.approx(simulated, rel=0.02)


def test_jansen_rit_cycle_amplitudes():
    model = ladder.get("jansen_rit")
    reduction = reduce_to_stuart_landau(model, "p", 310.0)
    assert reduction.supercritical
    # At p_c the finite-difference Jacobian has the pair +- i omega.
    f = _numeric_rhs(model, {"p": reduction.critical_value})
    centre = np.array(list(reduction.fixed_point.values()))
    values = np.linalg.eigvals(_finite_difference_jacobian(f, centre))
    critical = values[np.argmin(np.abs(values - 1j * reduction.omega))]
    assert abs(critical.real) < 1e-4 * reduction.omega
    assert critical.imag == pytest.approx(reduction.omega, rel=1e-5)

    values = [reduction.critical_value - d for d in (4.0, 2.0, 1.0)]
    errors = [
        r["relative_error"] for r in check_cycle_amplitudes(model, reduction, values)
    ]
    assert errors[0] < 0.02
    assert errors[1] < errors[0]
    assert errors[2] < errors[1]


def test_hopf_warns_beyond_checked_distance(wilson_cowan_hopf, caplog):
    far = wilson_cowan_hopf.critical_value - 10 * wilson_cowan_hopf.checked_distance
    with caplog.at_level(logging.WARNING, logger="rosetta_sym.derive.reduce_hopf"):
        wilson_cowan_hopf.mu(far)
    assert "beyond the checked distance" in caplog.text


def test_hopf_model_is_first_class(wilson_cowan_hopf, kernel_cache_dir):
    from rosetta_sym.codegen import load_kernels

    model = wilson_cowan_hopf.model
    assert loads_model(dumps_model(model)).hash == model.hash
    assert model.provenance[-1].operation == "reduce_to_stuart_landau"
    # The reduced model's origin has eigenvalues mu +- i omega.
    point = find_fixed_points(model)[0]
    mu = wilson_cowan_hopf.mu(model.parameter("P_x").value)
    assert point.eigenvalues[0].real == pytest.approx(mu, rel=1e-9)
    kernels = load_kernels(model)
    y = np.array([0.1, -0.2])
    dydt = np.zeros(2)
    kernels.rhs(0.0, y, model.parameter_vector, np.zeros(len(model.inputs)), dydt)
    gamma, beta, omega = (
        wilson_cowan_hopf.gamma,
        wilson_cowan_hopf.beta,
        wilson_cowan_hopf.omega,
    )
    z = complex(*y)
    expected = (mu + 1j * omega) * z - (gamma + 1j * beta) * abs(z) ** 2 * z
    assert dydt == pytest.approx([expected.real, expected.imag], rel=1e-12)


def test_hopf_missing_rejected():
    with pytest.raises(ModelError, match="no Hopf point"):
        reduce_to_stuart_landau(ladder.get("wilson_cowan"), "P_x", search=(-3.0, 0.0))
