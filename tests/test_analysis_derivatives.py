"""Symbolic Jacobians and derivative tensors against finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.analysis import (
    autonomous_rhs,
    jacobian,
    numeric_model,
    parameter_jacobian,
)
from rosetta_sym.model import (
    Input,
    Model,
    ModelError,
    Parameter,
    State,
    expand_auxiliary,
    logistic,
)
from rosetta_sym.model import symbols as real_symbols

RUNGS = ladder.names()


def plain_rhs(model: Model):
    """Vector field compiled straight from the model equations (inputs zero),
    with the logistic written as 1 / (1 + exp(-u)): independent of the
    analysis layer's compiled code."""
    zero = {u: 0 for u in model.input_symbols}
    expressions = [
        expand_auxiliary(e)
        .xreplace(zero)
        .replace(logistic, lambda u: 1 / (1 + sp.exp(-u)))
        for e in model.rhs
    ]
    function = sp.lambdify(
        [list(model.state_symbols), list(model.parameter_symbols)], expressions, "numpy"
    )
    return lambda y, p: np.array(function(y, p), dtype=float)


def random_states(model: Model, rng, count: int = 3) -> np.ndarray:
    centre = model.initial_state
    spread = 0.2 * np.maximum(1.0, np.abs(centre))
    return centre + spread * rng.standard_normal((count, model.n_states))


def central_difference(function, x, step):
    columns = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = step[j]
        columns.append((function(x + e) - function(x - e)) / (2 * step[j]))
    return np.column_stack(columns)


@pytest.mark.parametrize("name", RUNGS)
def test_jacobian_matches_finite_differences(name):
    model = ladder.get(name)
    nm = numeric_model(model)
    f = plain_rhs(model)
    p = model.parameter_vector
    rng = np.random.default_rng(7)
    for y in random_states(model, rng):
        step = 1e-6 * np.maximum(1.0, np.abs(y))
        expected = central_difference(lambda x: f(x, p), y, step)
        actual = nm.jacobian(y, p)
        scale = np.max(np.abs(expected)) + 1.0
        assert np.allclose(actual, expected, rtol=1e-5, atol=1e-6 * scale), name


@pytest.mark.parametrize("name", ["wilson_cowan", "jansen_rit", "ing"])
def test_parameter_jacobian_matches_finite_differences(name):
    model = ladder.get(name)
    nm = numeric_model(model)
    f = plain_rhs(model)
    p = model.parameter_vector
    y = random_states(model, np.random.default_rng(3), 1)[0]
    step = 1e-6 * np.maximum(1.0, np.abs(p))
    expected = central_difference(lambda q: f(y, q), p, step)
    actual = nm.parameter_jacobian(y, p)
    scale = np.max(np.abs(expected)) + 1.0
    assert np.allclose(actual, expected, rtol=1e-5, atol=1e-6 * scale)


@pytest.mark.parametrize("name", ["wilson_cowan", "ei_motif", "ing"])
def test_derivative_tensors_match_finite_differences(name):
    model = ladder.get(name)
    nm = numeric_model(model)
    p = model.parameter_vector
    y = random_states(model, np.random.default_rng(11), 1)[0]
    step = 1e-5 * np.maximum(1.0, np.abs(y))
    second = nm.second_tensor(y, p)
    third = nm.third_tensor(y, p)
    for j in range(model.n_states):
        e = np.zeros_like(y)
        e[j] = step[j]
        jac_diff = (nm.jacobian(y + e, p) - nm.jacobian(y - e, p)) / (2 * step[j])
        hess_diff = (nm.second_tensor(y + e, p) - nm.second_tensor(y - e, p)) / (
            2 * step[j]
        )
        assert np.allclose(second[:, :, j], jac_diff, rtol=1e-5, atol=1e-6)
        assert np.allclose(third[:, :, :, j], hess_diff, rtol=1e-5, atol=1e-5)


def test_wilson_cowan_jacobian_keeps_logistic():
    jac = jacobian(ladder.get("wilson_cowan"))
    for entry in jac:
        assert not entry.has(sp.exp)
    assert jac[0, 0].has(logistic)


def test_wilson_cowan_jacobian_matches_textbook_form():
    model = ladder.get("wilson_cowan")
    s = model.symbols
    u_x = s["w_xx"] * s["x"] - s["w_xy"] * s["y"] + s["P_x"] - s["theta"]
    u_y = s["w_yx"] * s["x"] - s["w_yy"] * s["y"] + s["P_y"] - s["theta"]
    s_x = logistic(u_x) * (1 - logistic(u_x))
    s_y = logistic(u_y) * (1 - logistic(u_y))
    expected = sp.Matrix(
        [
            [(-1 + s["w_xx"] * s_x) / s["tau_x"], -s["w_xy"] * s_x / s["tau_x"]],
            [s["w_yx"] * s_y / s["tau_y"], (-1 - s["w_yy"] * s_y) / s["tau_y"]],
        ]
    )
    difference = (sp.Matrix(jacobian(model)) - expected).applyfunc(sp.expand)
    assert difference == sp.zeros(2, 2)


def test_inputs_are_set_to_zero():
    model = ladder.get("wilson_cowan")
    rhs = autonomous_rhs(model)
    for expr in rhs:
        assert not (expr.free_symbols & set(model.input_symbols))
    assert parameter_jacobian(model).shape == (2, len(model.parameters))


def test_time_dependent_model_is_rejected():
    x = real_symbols("x")[0]
    k = real_symbols("k")[0]
    model = Model(
        "driven",
        states=[State("x", 0.0)],
        parameters=[Parameter("k", 1.0)],
        equations={"x": -k * x + sp.sin(sp.Symbol("t", real=True))},
        inputs=[Input("F")],
    )
    with pytest.raises(ModelError, match="depends on time"):
        autonomous_rhs(model)
