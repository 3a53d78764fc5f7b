"""Fixed points in three tiers, and their stability."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.analysis import (
    classify,
    continue_equilibria,
    equilibrium_curve,
    find_fixed_points,
    hopf_condition,
    numeric_model,
)
from rosetta_sym.model import Model, Parameter, State
from rosetta_sym.model import symbols as real_symbols


@pytest.mark.parametrize(("alpha", "omega"), [(-0.5, 2.0), (-0.1, 6.0), (0.3, 1.0)])
def test_damped_oscillator_eigenvalues(alpha, omega):
    model = ladder.get("damped_oscillator")
    points = find_fixed_points(model, {"alpha": alpha, "omega": omega})
    assert len(points) == 1
    point = points[0]
    assert point.method == "closed_form"
    assert np.allclose(point.vector, 0.0)
    expected = sorted(
        [complex(alpha, omega), complex(alpha, -omega)], key=lambda z: -z.imag
    )
    assert np.allclose(point.eigenvalues, expected)
    assert point.stable == (alpha < 0)
    assert point.type == ("stable focus" if alpha < 0 else "unstable focus")


def test_harmonic_oscillator_is_centre():
    points = find_fixed_points(ladder.get("harmonic_oscillator"))
    assert [p.type for p in points] == ["centre"]
    assert not points[0].stable


def test_wilson_cowan_uses_curve_tier():
    model = ladder.get("wilson_cowan")
    points = find_fixed_points(model, {"P_x": -3.4})
    assert [p.method for p in points] == ["curve"] * 3
    assert sorted(p.type for p in points) == ["saddle", "stable node", "unstable focus"]


@pytest.mark.parametrize("name", ["wilson_cowan", "jansen_rit", "ing", "ping"])
def test_tiers_agree_with_numeric(name):
    model = ladder.get(name)
    automatic = find_fixed_points(model)
    numeric = find_fixed_points(model, methods=["numeric"])
    assert all(p.method == "numeric" for p in numeric)
    assert len(automatic) == len(numeric)
    for a, b in zip(automatic, numeric, strict=True):
        assert np.allclose(a.vector, b.vector, rtol=1e-7, atol=1e-9)


def test_fixed_points_are_equilibria():
    for name in ("wilson_cowan", "jansen_rit", "montbrio_pazo_roxin", "ei_motif"):
        model = ladder.get(name)
        nm = numeric_model(model)
        for point in find_fixed_points(model):
            residual = nm.rhs(point.vector, model.parameter_vector)
            assert np.max(np.abs(residual)) < 1e-8 * max(
                1.0, np.max(np.abs(point.vector))
            )


def test_montbrio_pazo_roxin_equilibria_satisfy_v_relation():
    # Equilibria satisfy v* = -Delta / (2 pi tau r*) (Montbrio et al. 2015).
    model = ladder.get("montbrio_pazo_roxin")
    values = model.parameter_values
    points = find_fixed_points(model)
    assert points
    assert points[0].method == "closed_form"
    for point in points:
        r, v = point.state["r"], point.state["v"]
        assert v == pytest.approx(-values["Delta"] / (2 * np.pi * values["tau"] * r))


def test_montbrio_pazo_roxin_bistability():
    # J = 15, Delta = 1, tau = 1, eta = -5: a low-activity stable node next to
    # a high-activity stable focus, separated by a saddle.
    points = [
        p
        for p in find_fixed_points(ladder.get("montbrio_pazo_roxin"))
        if p.state["r"] > 0
    ]
    assert [p.type for p in points] == ["stable node", "saddle", "stable focus"]


def test_kuramoto_has_no_fixed_points():
    assert find_fixed_points(ladder.get("kuramoto")) == []


def test_curve_exists_for_drive_parameters():
    assert equilibrium_curve(ladder.get("wilson_cowan"), "P_x") is not None
    assert equilibrium_curve(ladder.get("jansen_rit"), "p") is not None
    assert equilibrium_curve(ladder.get("ing"), "I") is not None
    assert equilibrium_curve(ladder.get("stuart_landau"), "alpha") is None


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="unknown fixed-point method"):
        find_fixed_points(ladder.get("wilson_cowan"), methods=["guess"])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([-1, -2], "stable node"),
        ([1, 2], "unstable node"),
        ([-1 + 2j, -1 - 2j], "stable focus"),
        ([1 + 2j, 1 - 2j], "unstable focus"),
        ([1, -2], "saddle"),
        ([2j, -2j], "centre"),
        ([0, -1], "non-hyperbolic"),
        ([1 + 2j, 1 - 2j, -3], "saddle-focus"),
        ([-1 + 2j, -1 - 2j, 3], "saddle-focus"),
        ([-1, -2, 3], "saddle"),
        ([2j, -2j, -1], "non-hyperbolic"),
    ],
)
def test_classify(values, expected):
    assert classify(np.array(values, dtype=complex)) == expected


# ----------------------------------------------------------------------
# A planar system with a neutral saddle: x' = mu x + 2 y - x^3, y' = x - y.
# At the origin tr J = mu - 1 and det J = -mu - 2, so mu = 1 gives trace
# zero with det J = -3 < 0: eigenvalues +-sqrt(3), not a Hopf point.
# ----------------------------------------------------------------------
def neutral_saddle_model() -> Model:
    x, y, mu = real_symbols("x y mu")
    return Model(
        "neutral_saddle",
        states=[State("x", 0.0), State("y", 0.0)],
        parameters=[Parameter("mu", 0.0)],
        equations={"x": mu * x + 2 * y - x**3, "y": x - y},
    )


@pytest.mark.parametrize("method", ["auto", "arclength"])
def test_neutral_saddle_is_not_hopf(method):
    model = neutral_saddle_model()
    result = continue_equilibria(model, "mu", 0.0, 2.0, method=method)
    assert result.of_kind("hopf") == []
    assert any(abs(v - 1.0) < 1e-8 for v in result.neutral_saddles)


def test_neutral_saddle_fails_hopf_inequality():
    model = neutral_saddle_model()
    condition = hopf_condition(model)
    s = model.symbols
    at_point = {s["x"]: 0, s["y"]: 0, s["mu"]: 1}
    assert condition.equation.xreplace(at_point) == 0
    assert condition.inequalities[0].xreplace(at_point) == -3
    points = find_fixed_points(model, {"mu": 1.0})
    origin = next(p for p in points if np.allclose(p.vector, 0))
    assert origin.type == "saddle"
    assert np.allclose(sorted(origin.eigenvalues.real), [-np.sqrt(3), np.sqrt(3)])


def test_neutral_saddle_model_other_equilibria():
    # Besides the origin, x = y = +-sqrt(mu + 2).
    model = neutral_saddle_model()
    points = find_fixed_points(model, {"mu": 2.0})
    xs = sorted(p.state["x"] for p in points)
    assert xs == pytest.approx([-2.0, 0.0, 2.0])
    assert {p.method for p in points} == {"closed_form"}
    assert sp.Symbol("mu", real=True) in model.parameter_symbols


def test_numeric_tier_for_transcendental_model():
    # x' = -x + tanh(3 x - y), y' = x - y: equilibria have y = x and
    # x = tanh(2 x), so x = 0 and x = +-x1 with x1 the positive root.
    from scipy.optimize import brentq

    x, y = real_symbols("x y")
    model = Model(
        "tanh_pair",
        states=[State("x", 0.1), State("y", 0.0)],
        parameters=[Parameter("g", 3.0)],
        equations={
            "x": -x + sp.tanh(sp.Symbol("g", real=True) * x - y),
            "y": x - y,
        },
    )
    x1 = brentq(lambda v: v - np.tanh(2 * v), 0.5, 2.0)
    points = find_fixed_points(model)
    assert {p.method for p in points} == {"numeric"}
    assert sorted(p.state["x"] for p in points) == pytest.approx([-x1, 0.0, x1])
    for point in points:
        assert point.state["y"] == pytest.approx(point.state["x"], abs=1e-12)
