"""Generated rhs and Jacobian inside scipy.integrate.solve_ivp."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from rosetta_sym import ladder
from rosetta_sym.codegen import scipy_functions
from rosetta_sym.model import ModelError


def test_radau_with_jacobian_matches_rk45(kernel_cache_dir):
    model = ladder.get("jansen_rit")
    fun, jac = scipy_functions(model, {"p": 200.0})
    span = (0.0, 0.3)
    y0 = model.initial_state
    radau = solve_ivp(fun, span, y0, method="Radau", jac=jac, rtol=1e-9, atol=1e-9)
    reference = solve_ivp(fun, span, y0, method="RK45", rtol=1e-12, atol=1e-12)
    assert radau.success, radau.message
    assert reference.success, reference.message
    assert radau.njev > 0
    scale = np.max(np.abs(reference.y), axis=1)
    error = np.abs(radau.y[:, -1] - reference.y[:, -1]) / scale
    assert np.all(error < 1e-6), error


def test_jacobian_matches_finite_differences(kernel_cache_dir):
    model = ladder.get("jansen_rit")
    fun, jac = scipy_functions(model, inputs={"F": 30.0})
    y = np.array([0.1, 12.0, 9.0, 5.0, -40.0, 3.0])
    analytic = jac(0.0, y)
    numeric = np.empty_like(analytic)
    for c in range(y.size):
        step = 1e-6 * max(1.0, abs(y[c]))
        forward, backward = y.copy(), y.copy()
        forward[c] += step
        backward[c] -= step
        numeric[:, c] = (fun(0.0, forward) - fun(0.0, backward)) / (2 * step)
    np.testing.assert_allclose(
        analytic, numeric, rtol=1e-6, atol=1e-6 * np.abs(analytic).max()
    )


def test_inputs_change_rhs(kernel_cache_dir):
    model = ladder.get("jansen_rit")
    fun_zero, _ = scipy_functions(model)
    fun_forced, _ = scipy_functions(model, inputs=np.array([10.0, 0.0]))
    y = model.initial_state
    difference = fun_forced(0.0, y) - fun_zero(0.0, y)
    a, amplitude = model.parameter_values["a"], model.parameter_values["A"]
    np.testing.assert_allclose(difference, [0, 0, 0, 0, amplitude * a * 10.0, 0])


def test_wrong_parameter_shape_rejected(kernel_cache_dir):
    model = ladder.get("jansen_rit")
    with pytest.raises(ModelError, match=r"must have shape \(9,\)"):
        scipy_functions(model, np.ones(3))


def test_unknown_input_rejected(kernel_cache_dir):
    model = ladder.get("jansen_rit")
    with pytest.raises(ModelError, match="'G' is not an input"):
        scipy_functions(model, inputs={"G": 1.0})
