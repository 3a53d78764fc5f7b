"""Generated kernels of every rung against SymPy evaluated with 50 digits.

The reference right-hand sides are the model equations with auxiliary functions
and ``logistic`` written out from their definitions, evaluated by mpmath. The
reference Jacobian is the numerical derivative of those right-hand sides
(``mpmath.diff`` at 50 digits), so it does not share the symbolic
differentiation of the code generator.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.codegen import load_kernels
from rosetta_sym.model import TIME, expand_auxiliary, logistic

DIGITS = 50
RELATIVE_TOLERANCE = 1e-12
N_POINTS = 4


def reference_functions(expressions, model):
    """Return mpmath callables ``f(t, *states, *params, *inputs)``."""
    arguments = [TIME, *model.state_symbols, *model.parameter_symbols]
    arguments += list(model.input_symbols)
    functions = []
    for expr in expressions:
        expr = expand_auxiliary(expr)
        expr = expr.replace(logistic, lambda u: 1 / (1 + sp.exp(-u)))
        expr = expr.replace(
            sp.Heaviside, lambda *a: sp.Heaviside(*a).rewrite(sp.Piecewise)
        )
        functions.append(sp.lambdify(arguments, expr, modules="mpmath"))
    return functions


def random_points(model, rng):
    """Yield ``(t, y, p, u)`` near the defaults of ``model``."""
    for _ in range(N_POINTS):
        y0 = model.initial_state
        y = y0 * (1 + 0.2 * rng.standard_normal(y0.size))
        y = y + 0.1 * rng.standard_normal(y0.size)
        p = model.parameter_vector * (
            1 + 0.05 * rng.standard_normal(len(model.parameters))
        )
        u = 0.1 * rng.standard_normal(len(model.inputs))
        yield float(rng.uniform(0, 1)), y, p, u


def assert_close(actual, expected, what):
    """Compare with a tolerance relative to the largest reference entry.

    Entries of a vector share a scale: an entry near zero is a difference of
    terms of that scale, so its rounding error is relative to the scale.
    """
    expected = np.asarray(expected, dtype=float)
    scale = max(np.max(np.abs(expected)), 1e-300)
    error = np.max(np.abs(np.asarray(actual) - expected)) / scale
    assert error <= RELATIVE_TOLERANCE, f"{what}: relative error {error:.3g}"


@pytest.fixture(scope="module", params=ladder.names())
def rung(request, kernel_cache_dir):
    model = ladder.get(request.param)
    return model, load_kernels(model)


def test_rhs_matches_sympy(rung):
    model, kernels = rung
    functions = reference_functions(model.rhs, model)
    rng = np.random.default_rng(1)
    with mpmath.workdps(DIGITS):
        for t, y, p, u in random_points(model, rng):
            dydt = np.empty(len(model.states))
            kernels.rhs(t, y, p, u, dydt)
            arguments = [mpmath.mpf(float(v)) for v in (t, *y, *p, *u)]
            expected = [float(f(*arguments)) for f in functions]
            assert_close(dydt, expected, f"{model.name} rhs at y={y}")


def test_jacobian_matches_derivative(rung):
    model, kernels = rung
    functions = reference_functions(model.rhs, model)
    n = len(model.states)
    rng = np.random.default_rng(2)
    with mpmath.workdps(DIGITS):
        for t, y, p, u in random_points(model, rng):
            jac = np.empty((n, n))
            kernels.jacobian(t, y, p, u, jac)
            arguments = [mpmath.mpf(float(v)) for v in (t, *y, *p, *u)]
            expected = np.empty((n, n))
            for r in range(n):
                for c in range(n):

                    def component(x, r=r, c=c, arguments=arguments):
                        shifted = list(arguments)
                        shifted[1 + c] = x
                        return functions[r](*shifted)

                    expected[r, c] = float(mpmath.diff(component, arguments[1 + c]))
            assert_close(jac, expected, f"{model.name} Jacobian at y={y}")


def test_outputs_and_coupling_source(rung):
    model, kernels = rung
    output_functions = reference_functions(list(model.outputs.values()), model)
    sources = [] if model.coupling is None else list(model.coupling.source)
    source_functions = reference_functions(sources, model)
    rng = np.random.default_rng(3)
    with mpmath.workdps(DIGITS):
        for t, y, p, u in random_points(model, rng):
            arguments = [mpmath.mpf(float(v)) for v in (t, *y, *p, *u)]
            out = np.empty(len(model.outputs))
            kernels.outputs(t, y, p, u, out)
            expected = [float(f(*arguments)) for f in output_functions]
            assert_close(out, expected, f"{model.name} outputs")
            sent = np.empty(len(sources))
            kernels.coupling_source(y, p, sent)
            expected = [float(f(*arguments)) for f in source_functions]
            if sources:
                assert_close(sent, expected, f"{model.name} coupling source")


def test_rhs_nodes_matches_rhs(rung):
    model, kernels = rung
    rng = np.random.default_rng(4)
    points = list(random_points(model, rng))
    Y = np.array([y for _, y, _, _ in points]).T.copy()
    P = np.array([p for _, _, p, _ in points]).T.copy()
    U = np.array([u for _, _, _, u in points]).T.copy().reshape(len(model.inputs), -1)
    t = 0.25
    dY = np.empty_like(Y)
    kernels.rhs_nodes(t, Y, P, U, dY)
    for i in range(Y.shape[1]):
        dydt = np.empty(Y.shape[0])
        kernels.rhs(t, Y[:, i].copy(), P[:, i].copy(), U[:, i].copy(), dydt)
        # Loop and scalar code may contract different products into fused
        # multiply-adds (fastmath "contract"), so equality is to rounding.
        scale = np.max(np.abs(dydt))
        np.testing.assert_allclose(dY[:, i], dydt, rtol=1e-14, atol=1e-14 * scale)


def test_jansen_rit_jacobian_finite_when_saturated():
    model = ladder.get("jansen_rit")
    kernels = load_kernels(model)
    p = model.parameter_vector
    u = np.zeros(len(model.inputs))
    jac = np.empty((6, 6))
    for v in (-1000.0, 1000.0):
        for y0 in (-1000.0, 1000.0):
            y = np.array([y0, v, 0.0, 0.0, 0.0, 0.0])
            kernels.jacobian(0.0, y, p, u, jac)
            assert np.all(np.isfinite(jac)), f"non-finite Jacobian at v={v}, y0={y0}"
            # Saturated sigmoids have slopes near exp(-550), below 1e-200.
            assert abs(jac[3, 1]) < 1e-200
            assert abs(jac[4, 0]) < 1e-200
            assert abs(jac[5, 0]) < 1e-200
            assert jac[3, 0] == -(p[2] ** 2)
