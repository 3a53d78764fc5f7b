"""Hopf conditions, Hopf points and first Lyapunov coefficients."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest
import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.analysis import (
    continue_equilibria,
    hopf_condition,
    hopf_normal_form,
    numeric_model,
)
from rosetta_sym.analysis.hopf import hopf_test_function, hurwitz_determinants
from rosetta_sym.analysis.numeric import parameter_vector
from rosetta_sym.model import Model, Parameter, State, expand_auxiliary, logistic
from rosetta_sym.model import symbols as real_symbols


@pytest.fixture(scope="module")
def wilson_cowan_continuation():
    return continue_equilibria(ladder.get("wilson_cowan"), "P_x", -5.0, 5.0)


# ----------------------------------------------------------------------
# Stuart-Landau: c1 = -(gamma + i beta) with <q, q> = 1/2
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("gamma", "beta"), [(1.0, 0.0), (0.7, 0.3), (2.0, -1.5), (-0.5, 0.4)]
)
def test_stuart_landau_c1_value(gamma, beta):
    model = ladder.get("stuart_landau")
    omega = 2.5
    parameters = {"alpha": 0.0, "omega": omega, "gamma": gamma, "beta": beta}
    result = hopf_normal_form(model, parameters, np.zeros(2), omega)
    assert result.c1 == pytest.approx(complex(-gamma, -beta), abs=1e-12)
    assert result.first_lyapunov == pytest.approx(-gamma / omega, abs=1e-12)
    assert np.allclose(result.q, np.array([1.0, -1.0j]) / 2)
    assert np.vdot(result.p, result.q) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("gamma", "expected"), [(1.0, "supercritical"), (-1.0, "subcritical")]
)
def test_stuart_landau_hopf_at_alpha_zero(gamma, expected):
    model = ladder.get("stuart_landau")
    result = continue_equilibria(model, "alpha", -1.0, 1.0, {"gamma": gamma})
    hopfs = result.of_kind("hopf")
    assert len(hopfs) == 1
    assert abs(hopfs[0].value) < 1e-10
    assert hopfs[0].omega == pytest.approx(model.parameter_values["omega"], rel=1e-10)
    assert hopfs[0].criticality == expected
    assert hopfs[0].frequency_hz is None


def test_stuart_landau_hopf_condition_is_trace():
    model = ladder.get("stuart_landau")
    condition = hopf_condition(model)
    s = model.symbols
    at_origin = {s["x"]: 0, s["y"]: 0}
    assert sp.simplify(condition.equation.xreplace(at_origin) - 2 * s["alpha"]) == 0
    det = condition.inequalities[0].xreplace(at_origin)
    assert sp.simplify(det - (s["alpha"] ** 2 + s["omega"] ** 2)) == 0


# ----------------------------------------------------------------------
# Wilson-Cowan reference set A (Castaldo et al. 2025)
# ----------------------------------------------------------------------
def test_wilson_cowan_folds(wilson_cowan_continuation):
    folds = sorted(b.value for b in wilson_cowan_continuation.of_kind("fold"))
    assert folds == pytest.approx([-3.590051, -3.300477], abs=1e-5)


def test_wilson_cowan_supercritical_hopf(wilson_cowan_continuation):
    hopfs = wilson_cowan_continuation.of_kind("hopf")
    assert len(hopfs) == 1
    hopf = hopfs[0]
    assert hopf.value == pytest.approx(1.531501, abs=1e-5)
    assert hopf.state["x"] == pytest.approx(0.733282, abs=1e-5)
    assert hopf.state["y"] == pytest.approx(0.776629, abs=1e-5)
    assert hopf.omega == pytest.approx(1.752544, abs=1e-5)
    assert hopf.criticality == "supercritical"
    assert hopf.first_lyapunov < 0


def test_wilson_cowan_neutral_saddle_is_not_hopf(wilson_cowan_continuation):
    hopf_values = [b.value for b in wilson_cowan_continuation.of_kind("hopf")]
    assert all(abs(v + 3.527) > 0.05 for v in hopf_values)
    assert any(abs(v + 3.527) < 1e-3 for v in wilson_cowan_continuation.neutral_saddles)


def test_wilson_cowan_set_b_hopf_bubble():
    # Set B: P_x = 0 and P_y swept over [-10, 0] give a "Hopf bubble" bounded
    # by two supercritical Hopf points (Castaldo et al. 2025).
    model = ladder.get("wilson_cowan").with_preset("B")
    result = continue_equilibria(model, "P_y", -10.0, 0.0)
    hopfs = result.of_kind("hopf")
    assert len(hopfs) == 2
    assert [h.criticality for h in hopfs] == ["supercritical", "supercritical"]
    assert result.of_kind("fold") == []
    assert [s.stable for s in result.segments] == [True, False, True]


def test_wilson_cowan_hopf_satisfies_trace_and_det(wilson_cowan_continuation):
    model = ladder.get("wilson_cowan")
    hopf = wilson_cowan_continuation.of_kind("hopf")[0]
    condition = hopf_condition(model)
    values = {model.symbols[k]: v for k, v in model.parameter_values.items()}
    values[model.symbols["P_x"]] = hopf.value
    values.update({model.symbols[k]: v for k, v in hopf.state.items()})
    trace = float(condition.equation.xreplace(values).evalf())
    omega_squared = float(condition.omega_squared.xreplace(values).evalf())
    assert abs(trace) < 1e-8
    assert omega_squared == pytest.approx(hopf.omega**2, rel=1e-8)


def planar_lyapunov(f, x0, q, omega, step=1e-3):
    """First Lyapunov coefficient by the classical planar formula
    (Guckenheimer and Holmes 1983), with finite-difference derivatives.

    The system is written in the coordinates ``x = x0 + u e1 + v e2`` with
    ``e1 = 2 Re q`` and ``e2 = -2 Im q``, in which the linear part is
    ``[[0, -omega], [omega, 0]]``; the formula then returns Re(c1).
    """
    basis = np.column_stack([2 * q.real, -2 * q.imag])
    inverse = np.linalg.inv(basis)

    def g(u, v):
        return inverse @ f(x0 + basis @ np.array([u, v]))

    def d(index, orders):
        # Mixed partial derivative of component ``index`` by central differences.
        total = 0.0
        nu, nv = orders
        for i in range(nu + 1):
            for j in range(nv + 1):
                weight = (-1) ** (i + j) * comb(nu, i) * comb(nv, j)
                u = (nu / 2 - i) * step
                v = (nv / 2 - j) * step
                total += weight * g(u, v)[index]
        return total / step ** (nu + nv)

    fxxx, fxyy, fxy, fxx, fyy = (
        d(0, o) for o in [(3, 0), (1, 2), (1, 1), (2, 0), (0, 2)]
    )
    gxxy, gyyy, gxy, gxx, gyy = (
        d(1, o) for o in [(2, 1), (0, 3), (1, 1), (2, 0), (0, 2)]
    )
    return (fxxx + fxyy + gxxy + gyyy) / 16 + (
        fxy * (fxx + fyy) - gxy * (gxx + gyy) - fxx * gxx + fyy * gyy
    ) / (16 * omega)


def test_wilson_cowan_l1_matches_planar_formula(wilson_cowan_continuation):
    model = ladder.get("wilson_cowan")
    hopf = wilson_cowan_continuation.of_kind("hopf")[0]
    parameters = {"P_x": hopf.value}
    x0 = np.array(list(hopf.state.values()))
    nm = numeric_model(model)
    p = parameter_vector(model, parameters)
    values, vectors = np.linalg.eig(nm.jacobian(x0, p))
    q = vectors[:, np.argmax(values.imag)]
    q = q / np.sqrt(2 * np.vdot(q, q).real)
    expected = planar_lyapunov(lambda x: nm.rhs(x, p), x0, q, hopf.omega)
    result = hopf_normal_form(model, parameters, x0, hopf.omega)
    assert result.c1.real == pytest.approx(expected, rel=1e-4)
    assert result.first_lyapunov == pytest.approx(expected / hopf.omega, rel=1e-4)


# ----------------------------------------------------------------------
# n-D: Kuznetsov's formula with finite-difference B and C (Jansen-Rit)
# ----------------------------------------------------------------------
def kuznetsov_c1(model, parameters, x0, omega):
    """c1 by the formula of Kuznetsov (2004), normalised with <q, q> = 1/2.

    The Jacobian and the forms B and C come from directional derivatives
    ``d^k/dt^k f(x0 + t u)``, which mpmath takes at 40 digits on the model
    equations, combined by polarisation. None of the analysis layer's
    derivatives are used.
    """
    import mpmath

    mpmath.mp.dps = 40
    zero = {u: 0 for u in model.input_symbols}
    values = {model.symbols[k]: v for k, v in model.parameter_values.items()}
    values.update({model.symbols[k]: v for k, v in parameters.items()})
    expressions = [
        expand_auxiliary(e)
        .xreplace(zero)
        .replace(logistic, lambda u: 1 / (1 + sp.exp(-u)))
        .xreplace(values)
        for e in model.rhs
    ]
    functions = [
        sp.lambdify([list(model.state_symbols)], e, "mpmath") for e in expressions
    ]
    base = [mpmath.mpf(float(v)) for v in x0]
    n = len(base)

    def derivative(direction, order):
        result = []
        for function in functions:

            def along(t, function=function):
                return function(
                    [b + t * d for b, d in zip(base, direction, strict=True)]
                )

            result.append(float(mpmath.diff(along, 0, order)))
        return np.array(result)

    def b_real(u, v):
        return (derivative(u + v, 2) - derivative(u - v, 2)) / 4

    def c_real(u, v, w):
        total = np.zeros(n)
        for e1 in (1, -1):
            for e2 in (1, -1):
                for e3 in (1, -1):
                    total += e1 * e2 * e3 * derivative(e1 * u + e2 * v + e3 * w, 3)
        return total / 48

    def bilinear(u, v):
        return (
            b_real(u.real, v.real)
            - b_real(u.imag, v.imag)
            + 1j * (b_real(u.real, v.imag) + b_real(u.imag, v.real))
        )

    def trilinear(u, v, w):
        total = np.zeros(n, dtype=complex)
        for pu, cu in ((u.real, 1), (u.imag, 1j)):
            for pv, cv in ((v.real, 1), (v.imag, 1j)):
                for pw, cw in ((w.real, 1), (w.imag, 1j)):
                    total += cu * cv * cw * c_real(pu, pv, pw)
        return total

    a = np.column_stack([derivative(np.eye(n)[j], 1) for j in range(n)])
    eigenvalues, vectors = np.linalg.eig(a)
    q = vectors[:, np.argmin(np.abs(eigenvalues - 1j * omega))]
    q = q / np.sqrt(2 * np.vdot(q, q).real)
    eigenvalues_t, vectors_t = np.linalg.eig(a.T)
    p = vectors_t[:, np.argmin(np.abs(eigenvalues_t + 1j * omega))]
    p = p / np.conj(np.vdot(p, q))
    identity = np.eye(n)
    h20 = np.linalg.solve(2j * omega * identity - a, bilinear(q, q))
    h11 = -np.linalg.solve(a, bilinear(q, np.conj(q)))
    total = (
        trilinear(q, q, np.conj(q)) + bilinear(np.conj(q), h20) + 2 * bilinear(q, h11)
    )
    return 0.5 * np.vdot(p, total)


def test_jansen_rit_c1_matches_independent_formula():
    model = ladder.get("jansen_rit")
    result = continue_equilibria(model, "p", 60.0, 120.0)
    hopf = next(b for b in result.of_kind("hopf"))
    x0 = np.array(list(hopf.state.values()))
    expected = kuznetsov_c1(model, {"p": hopf.value}, x0, hopf.omega)
    actual = hopf_normal_form(model, {"p": hopf.value}, x0, hopf.omega).c1
    assert actual.real == pytest.approx(expected.real, rel=1e-6)
    assert actual.imag == pytest.approx(expected.imag, rel=1e-6)


# ----------------------------------------------------------------------
# NMM1 E-I motif: closed-form loop gain at the Hopf point
# ----------------------------------------------------------------------
@pytest.mark.parametrize(("tau_x", "tau_y"), [(10.0, 20.0), (5.0, 15.0), (8.0, 8.0)])
def test_ei_motif_hopf_loop_gain(tau_x, tau_y):
    model = ladder.get("ei_motif").with_parameters(tau_x=tau_x, tau_y=tau_y)
    result = continue_equilibria(model, "P_x", -10.0, 20.0)
    hopfs = result.of_kind("hopf")
    assert len(hopfs) == 2
    values = model.parameter_values
    for hopf in hopfs:
        x, y = hopf.state["x"], hopf.state["y"]
        sig_x = 1 / (1 + np.exp(-(-values["w_xy"] * y + hopf.value)))
        sig_y = 1 / (1 + np.exp(-(values["w_yx"] * x + values["P_y"])))
        gain = (
            values["gamma_x"]
            * values["gamma_y"]
            * values["w_xy"]
            * values["w_yx"]
            * sig_x
            * (1 - sig_x)
            * sig_y
            * (1 - sig_y)
        )
        assert gain == pytest.approx((tau_x + tau_y) ** 2 / (tau_x * tau_y), rel=1e-7)
        assert hopf.omega == pytest.approx(1 / np.sqrt(tau_x * tau_y), rel=1e-7)
        assert hopf.frequency_hz == pytest.approx(
            1000 / (2 * np.pi * np.sqrt(tau_x * tau_y)), rel=1e-7
        )


# ----------------------------------------------------------------------
# Hurwitz criterion
# ----------------------------------------------------------------------
def test_hurwitz_third_order_condition():
    a1, a2, a3 = sp.symbols("a1 a2 a3")
    deltas = hurwitz_determinants([a1, a2, a3])
    assert sp.expand(deltas[1] - (a1 * a2 - a3)) == 0
    assert sp.expand(deltas[2] - a3 * (a1 * a2 - a3)) == 0


def companion_model(n: int) -> Model:
    """Linear model x' = C x with C the companion matrix of
    lambda^n + a1 lambda^(n-1) + ... + an."""
    names = [f"x{i}" for i in range(n)]
    states = real_symbols(" ".join(names))
    coefficients = real_symbols(" ".join(f"c{k}" for k in range(1, n + 1)))
    equations = {names[i]: states[i + 1] for i in range(n - 1)}
    equations[names[-1]] = -sum(coefficients[k] * states[n - 1 - k] for k in range(n))
    return Model(
        f"companion{n}",
        states=[State(name, 0.0) for name in names],
        parameters=[Parameter(f"c{k}", 1.0) for k in range(1, n + 1)],
        equations=equations,
    )


@pytest.mark.parametrize("n", [3, 4, 5])
def test_hurwitz_condition_on_companion_matrix(n):
    model = companion_model(n)
    condition = hopf_condition(model)
    omega = 1.3
    rng = np.random.default_rng(n)
    roots = np.concatenate([[1j * omega, -1j * omega], -rng.uniform(0.5, 2.0, n - 2)])
    a = np.real(np.poly(roots))[1:]
    values = {model.symbols[f"c{k}"]: a[k - 1] for k in range(1, n + 1)}
    coefficients = {
        s: float(e.xreplace(values)) for s, e in condition.coefficients.items()
    }
    assert list(coefficients.values()) == pytest.approx(list(a))
    equation = float(condition.equation.xreplace(coefficients))
    assert abs(equation) < 1e-9 * max(1.0, np.max(np.abs(a)) ** n)
    for inequality in condition.inequalities:
        assert float(inequality.xreplace(coefficients)) > 0
    assert float(condition.omega_squared.xreplace(coefficients)) == pytest.approx(
        omega**2
    )


def test_hopf_test_function_sign_change():
    stable = np.array([-0.1 + 2j, -0.1 - 2j, -3.0])
    unstable = np.array([0.1 + 2j, 0.1 - 2j, -3.0])
    assert hopf_test_function(stable) * hopf_test_function(unstable) < 0
