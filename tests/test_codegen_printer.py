"""The numba printer, the rewrites and models with steps, thresholds and odd names."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from rosetta_sym.codegen import build_context, load_kernels, render_module
from rosetta_sym.codegen.printer import print_expression
from rosetta_sym.codegen.rewrites import REWRITES, apply_rewrites
from rosetta_sym.model import TIME, Input, Model, Parameter, State, logistic, symbols

x, y = symbols("x y")


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (2 * x, "2.0*x"),
        (x / 2, "0.5*x"),
        (sp.Rational(1, 3) * x, "(1.0/3.0)*x"),
        (x**2, "(x*x)"),
        (x**3, "(x*x*x)"),
        (1 / x, "(1.0/x)"),
        (y / x**2, "y/(x*x)"),
        (x**7, "x**7"),
        (sp.sqrt(x), "math.sqrt(x)"),
        (sp.exp(-x), "math.exp(-x)"),
        (sp.Abs(x), "abs(x)"),
        (sp.Max(x, y), "max(x, y)"),
        (sp.Min(x, 0), "min(0.0, x)"),
        (logistic(x), "_logistic(x)"),
    ],
)
def test_printer_output(expr, text):
    assert print_expression(apply_rewrites(expr)) == text


def test_rewrites_run_in_listed_order():
    names = [rewrite.__name__ for rewrite in REWRITES]
    assert names.index("expand_auxiliary_functions") == 0
    assert names[-1] == "piecewise_with_default"


def test_piecewise_gets_nan_default():
    expr = apply_rewrites(sp.Piecewise((1 / x, x > 0)))
    assert expr.args[-1] == (sp.nan, sp.true)
    assert print_expression(expr) == "((1.0/x) if (x > 0.0) else math.nan)"


def test_piecewise_without_default_rejected():
    with pytest.raises(ValueError, match="no default"):
        print_expression(sp.Piecewise((x, x > 0)))


def test_heaviside_half_at_zero():
    expr = apply_rewrites(sp.Heaviside(x))
    values = [float(expr.subs(x, v)) for v in (-1, 0, 2)]
    assert values == [0.0, 0.5, 1.0]


def test_heaviside_explicit_value_at_zero():
    expr = apply_rewrites(sp.Heaviside(x, 1))
    assert float(expr.subs(x, 0)) == 1.0


def step_model() -> Model:
    """Rate model with a threshold-linear transfer and a rectangular pulse."""
    r, tau, theta, w, amplitude, t_on, t_off = symbols(
        "r tau theta w amplitude t_on t_off"
    )
    (drive,) = symbols("drive")
    pulse = amplitude * sp.Heaviside(TIME - t_on) * sp.Heaviside(t_off - TIME)
    current = w * r + pulse + drive
    transfer = sp.Piecewise((0, current < theta), (current - theta, True))
    return Model(
        "threshold_linear_pulse",
        states=[State("r", 0.0)],
        parameters=[
            Parameter("tau", 0.01),
            Parameter("theta", 0.5),
            Parameter("w", 0.8),
            Parameter("amplitude", 2.0),
            Parameter("t_on", 0.1),
            Parameter("t_off", 0.2),
        ],
        inputs=[Input("drive")],
        equations={"r": (-r + transfer) / tau},
    )


def heaviside(v):
    """Heaviside step with value 1/2 at zero, SymPy's default."""
    if v < 0:
        return 0.0
    if v == 0:
        return 0.5
    return 1.0


def step_current(t, r, p, drive):
    tau, theta, w, amplitude, t_on, t_off = p
    return w * r + amplitude * heaviside(t - t_on) * heaviside(t_off - t) + drive


def expected_step_rhs(t, r, p, drive):
    current = step_current(t, r, p, drive)
    transfer = 0.0 if current < p[1] else current - p[1]
    return (-r + transfer) / p[0]


def test_step_model_compiles_nopython():
    model = step_model()
    kernels = load_kernels(model)
    p = model.parameter_vector
    dydt = np.empty(1)
    jac = np.empty((1, 1))
    for t in (0.0, 0.1, 0.15, 0.2, 0.3):
        for r in (0.0, 0.4, 1.5):
            u = np.array([0.3])
            kernels.rhs(t, np.array([r]), p, u, dydt)
            assert dydt[0] == pytest.approx(expected_step_rhs(t, r, p, 0.3), rel=1e-14)
            kernels.jacobian(t, np.array([r]), p, u, jac)
            current = step_current(t, r, p, 0.3)
            slope = 0.8 if current >= 0.5 else 0.0
            assert jac[0, 0] == pytest.approx((-1 + slope) / 0.01, rel=1e-14)
    # nopython mode: the dispatcher has compiled machine code, not object mode.
    signature = kernels.rhs.signatures[0]
    assert kernels.rhs.overloads[signature].fndesc.native


def test_untaken_branch_not_hoisted():
    s, k = symbols("s k")
    branch = sp.Piecewise((1 / s, s > 0), (0, True))
    model = Model(
        "guarded_division",
        states=[State("s", 1.0)],
        parameters=[Parameter("k", 1.0)],
        equations={"s": branch + k * branch**2},
        outputs={"inverse": branch, "scaled": 2 * branch},
    )
    context = build_context(model)
    for block in (context["rhs"], context["outputs"]):
        lines = [line for line in block.lines if not line.startswith("pw")]
        assert not any("1.0/s_s" in line for line in lines), block
    kernels = load_kernels(model)
    out = np.empty(2)
    kernels.outputs(0.0, np.array([0.0]), np.array([1.0]), np.empty(0), out)
    assert out.tolist() == [0.0, 0.0]
    kernels.outputs(0.0, np.array([4.0]), np.array([1.0]), np.empty(0), out)
    assert out.tolist() == [0.25, 0.5]


def test_names_e_i_lambda_beta_gamma():
    E, inhibitory, lambda_, beta, gamma = symbols("E I lambda_ beta gamma")
    model = Model(
        "names_probe",
        states=[State("E", 0.1), State("I", 0.2)],
        parameters=[
            Parameter("lambda_", 1.5),
            Parameter("beta", 0.7),
            Parameter("gamma", 2.0),
        ],
        equations={
            "E": -lambda_ * E + beta * inhibitory**2,
            "I": gamma * E
            - inhibitory
            + sp.Min(E, inhibitory)
            + sp.Abs(E - inhibitory),
        },
    )
    source = render_module(model)
    compile(source, "names_probe.py", "exec")
    kernels = load_kernels(model)
    e, i = 0.3, -0.4
    dydt = np.empty(2)
    kernels.rhs(0.0, np.array([e, i]), np.array([1.5, 0.7, 2.0]), np.empty(0), dydt)
    assert dydt[0] == pytest.approx(-1.5 * e + 0.7 * i * i, rel=1e-15)
    assert dydt[1] == pytest.approx(2.0 * e - i + min(e, i) + abs(e - i), rel=1e-15)


def test_logistic_helper_extremes():
    (u,) = symbols("u")
    model = Model(
        "logistic_probe",
        states=[State("u", 0.0)],
        parameters=[],
        equations={"u": logistic(u)},
    )
    kernels = load_kernels(model)
    jac = np.empty((1, 1))
    dydt = np.empty(1)
    for value in (-1000.0, -30.0, 0.0, 30.0, 1000.0):
        kernels.rhs(0.0, np.array([value]), np.empty(0), np.empty(0), dydt)
        expected = 1.0 / (1.0 + math.exp(-value)) if value > -700 else 0.0
        assert dydt[0] == pytest.approx(expected, rel=1e-15, abs=1e-300)
        kernels.jacobian(0.0, np.array([value]), np.empty(0), np.empty(0), jac)
        assert np.isfinite(jac[0, 0])


def test_uncovered_piecewise_gives_nan():
    x_, y_ = symbols("x y")
    branch = sp.Piecewise((x_, sp.And(x_ > 0, y_ < 1)), (y_, sp.Or(x_ < -1, y_ > 2)))
    model = Model(
        "uncovered_branches",
        states=[State("x", 0.3), State("y", 0.2)],
        parameters=[],
        equations={"x": sp.Max(x_, y_, 0) + sp.atan2(x_, y_), "y": branch},
    )
    source = render_module(model)
    assert "#   dy/dt = Piecewise((x, (x > 0) & (y < 1))" in source
    kernels = load_kernels(model)
    dydt = np.empty(2)
    cases = [((0.5, 0.2), 0.5), ((-2.0, 0.5), 0.5), ((0.0, -0.5), math.nan)]
    for (x_value, y_value), expected in cases:
        kernels.rhs(0.0, np.array([x_value, y_value]), np.empty(0), np.empty(0), dydt)
        expected_x = max(x_value, y_value, 0.0) + math.atan2(x_value, y_value)
        assert dydt[0] == pytest.approx(expected_x, rel=1e-15)
        if math.isnan(expected):
            assert math.isnan(dydt[1])
        else:
            assert dydt[1] == expected
