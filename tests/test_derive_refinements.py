"""Refinements return valid models with provenance and the intended equations."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.derive import coordinates, limits, refinements, synapses
from rosetta_sym.derive.ladder_derivations import compare_models
from rosetta_sym.derive.master import master_neural_mass
from rosetta_sym.derive.motif import Connection, couple_populations
from rosetta_sym.io import dumps_model, loads_model
from rosetta_sym.model import (
    Coupling,
    Input,
    Model,
    ModelError,
    Parameter,
    State,
    define_function,
    expand_auxiliary,
    logistic,
)


def _zero_inputs(model: Model) -> list[sp.Expr]:
    zero = {u: 0 for u in model.input_symbols}
    return [expand_auxiliary(e).xreplace(zero) for e in model.rhs]


def _round_trips(model: Model) -> bool:
    return loads_model(dumps_model(model)).hash == model.hash


def test_add_damping_records_provenance():
    harmonic = ladder.get("harmonic_oscillator")
    damped = refinements.add_damping(harmonic, "alpha", -0.3)
    step = damped.provenance[-1]
    assert step.parent == harmonic.hash
    assert step.operation == "add_damping"
    assert step.arguments["parameter"] == "alpha"
    assert _round_trips(damped)


def test_add_damping_eigenvalues():
    damped = refinements.add_damping(ladder.get("harmonic_oscillator"), "alpha", -0.3)
    jacobian = sp.Matrix(_zero_inputs(damped)).jacobian(damped.state_symbols)
    alpha, omega = sp.symbols("alpha omega", real=True)
    eigenvalues = set(jacobian.eigenvals())
    assert eigenvalues == {alpha + sp.I * omega, alpha - sp.I * omega}


def test_cubic_saturation_polar_form():
    damped = ladder.get("damped_oscillator")
    saturated = refinements.add_cubic_saturation(damped, gamma_value=2.0)
    polar = coordinates.to_polar(saturated, "x", "y", "r", "phi")
    r = polar.symbols["r"]
    alpha, omega, gamma, beta = (
        polar.symbols[n] for n in ("alpha", "omega", "gamma", "beta")
    )
    rhs = dict(zip(polar.state_names, _zero_inputs(polar), strict=True))
    # Kuramoto (1984): r' = alpha r - gamma r^3, phi' = omega - beta r^2.
    assert sp.simplify(rhs["r"] - (alpha * r - gamma * r**3)) == 0
    assert sp.simplify(rhs["phi"] - (omega - beta * r**2)) == 0


def test_add_bias_moves_fixed_point():
    stuart_landau = ladder.get("stuart_landau")
    biased = refinements.add_bias(stuart_landau, "x", "bias", 0.5)
    x, y = biased.state_symbols
    rhs = _zero_inputs(biased)
    assert sp.expand(rhs[0] - _zero_inputs(stuart_landau)[0]) == biased.symbols["bias"]
    assert rhs[1] == _zero_inputs(stuart_landau)[1]
    assert "bias" in biased.parameter_names


def test_add_rejects_taken_name():
    with pytest.raises(ModelError, match="already used"):
        refinements.add_damping(ladder.get("damped_oscillator"), "omega")


def test_expose_parameter_as_input():
    wilson_cowan = ladder.get("wilson_cowan")
    exposed = refinements.expose_input(wilson_cowan, "P_y", "I_y")
    assert exposed.forcing_input == "I_y"
    assert "I_y" in exposed.input_names
    P_y, I_y = exposed.symbols["P_y"], exposed.symbols["I_y"]
    assert exposed.equations["y"].has(I_y)
    assert exposed.equations["y"] == wilson_cowan.equations["y"].xreplace(
        {P_y: P_y + I_y}
    )


def test_expose_expression_replace_mode():
    stuart_landau = ladder.get("stuart_landau")
    alpha = stuart_landau.symbols["alpha"]
    exposed = refinements.expose_input(stuart_landau, alpha, "a_t", mode="replace")
    assert "alpha" not in exposed.parameter_names
    assert exposed.equations["x"].has(exposed.symbols["a_t"])


def test_expose_function_parameter_rejected():
    # theta occurs only inside the body of sigma.
    with pytest.raises(ModelError, match="outside auxiliary function bodies"):
        refinements.expose_input(ladder.get("wilson_cowan"), "theta", "u")


def test_expose_missing_expression_rejected():
    stuart_landau = ladder.get("stuart_landau")
    x = stuart_landau.symbols["x"]
    with pytest.raises(ModelError, match="does not occur"):
        refinements.expose_input(stuart_landau, x**7, "u")


@pytest.mark.parametrize("kind", ["sigmoid", "threshold_linear", "qif", "logistic"])
def test_replace_transfer_function(kind):
    wilson_cowan = ladder.get("wilson_cowan")
    replaced = refinements.replace_transfer_function(wilson_cowan, "sigma", kind)
    body = replaced.function_table["sigma"]._body
    u = sp.Symbol("u", real=True)
    values = {p.name: p.value for p in replaced.parameters}
    numbers = {replaced.symbols[k]: v for k, v in values.items()}
    numeric = sp.lambdify(u, body.xreplace(numbers).rewrite(sp.exp))
    point = 1.7
    if kind == "qif":
        expected = np.sqrt(point + np.sqrt(point**2 + 1.0)) / (np.pi * np.sqrt(2))
    elif kind == "sigmoid":
        expected = 2 * 2.5 / (1 + np.exp(0.56 * (6.0 - point)))
    elif kind == "threshold_linear":
        expected = max(0.0, point)
    else:
        expected = 1 / (1 + np.exp(-point))
    assert float(numeric(point)) == pytest.approx(expected, rel=1e-12)
    assert _round_trips(replaced)


def test_replace_unknown_function_rejected():
    with pytest.raises(ModelError, match="no auxiliary function"):
        refinements.replace_transfer_function(ladder.get("wilson_cowan"), "phi", "qif")


def test_second_order_synapse_roundtrip():
    wilson_cowan = ladder.get("wilson_cowan")
    second = synapses.to_second_order_synapse(
        wilson_cowan, "x", "tau_x", "x_dot", form="biexponential"
    )
    assert second.state_names == ("x", "x_dot", "y")
    back = synapses.to_first_order_synapse(second, "x", "x_dot", rise="tau_r")
    assert compare_models(back, wilson_cowan).equal


def test_alpha_synapse_coefficients():
    # tau^2 s'' + 2 tau s' + s = D means z' = s'' has the coefficients
    # -1/tau^2 on s and -2/tau on z = s'.
    wilson_cowan = refinements.fix_parameter(ladder.get("wilson_cowan"), "w_xx", 0.0)
    second = synapses.to_second_order_synapse(wilson_cowan, "x", "tau_x", "x_dot")
    x, v = second.symbols["x"], second.symbols["x_dot"]
    tau = second.symbols["tau_x"]
    drive = sp.diff(second.equations["x_dot"], x)
    assert sp.simplify(drive + 1 / tau**2) == 0
    assert sp.simplify(sp.diff(second.equations["x_dot"], v) + 2 / tau) == 0


def test_first_order_synapse_rejects_nonlinear():
    wilson_cowan = ladder.get("wilson_cowan")
    with pytest.raises(ModelError):
        synapses.to_first_order_synapse(wilson_cowan, "x", "y")


def test_fast_limit_rejects_implicit_nullcline():
    # x = sigma(w_xx x - ...) has no explicit solution for x.
    with pytest.raises(ModelError, match="cannot eliminate x"):
        limits.eliminate_fast_variables(ladder.get("wilson_cowan"), ["x"])


def test_fast_limit_rejects_two_roots():
    # v^2 + ... = 0 has two roots for v.
    with pytest.raises(ModelError, match="2 solutions"):
        limits.eliminate_fast_variables(ladder.get("montbrio_pazo_roxin"), ["v"])


def test_fast_synapse_limit_of_master():
    master = master_neural_mass("first")
    reduced = limits.fast_synapse_limit(master, ["s_x", "s_y"])
    assert reduced.state_names == ("r_x", "r_y")
    gamma_x, r_x = reduced.symbols["gamma_x"], reduced.symbols["r_x"]
    assert reduced.coupling.source == (gamma_x * r_x,)
    assert "tau_sx" not in reduced.parameter_names
    assert _round_trips(reduced)


def test_polar_cartesian_roundtrip():
    stuart_landau = ladder.get("stuart_landau")
    polar = coordinates.to_polar(stuart_landau)
    back = coordinates.to_cartesian(polar)
    assert compare_models(back, stuart_landau).equal
    assert polar.initial_state == pytest.approx([0.1, 0.0])


def test_change_coordinates_rejects_bad_inverse():
    stuart_landau = ladder.get("stuart_landau")
    x = stuart_landau.symbols["x"]
    u = sp.Symbol("u", real=True)
    with pytest.raises(ModelError, match="does not invert"):
        coordinates.change_coordinates(stuart_landau, {"u": 2 * x}, {"x": u / 3})


def test_scale_state_jacobian():
    stuart_landau = ladder.get("stuart_landau")
    scaled = coordinates.scale_state(stuart_landau, "y", 3, "v")
    v = scaled.symbols["v"]
    original = dict(zip(stuart_landau.state_names, stuart_landau.rhs, strict=True))
    y = stuart_landau.symbols["y"]
    expected_v = 3 * original["y"].xreplace({y: v / 3})
    assert sp.simplify(scaled.equations["v"] - expected_v) == 0
    assert sp.simplify(scaled.equations["x"] - original["x"].xreplace({y: v / 3})) == 0
    assert scaled.coupling.source[1] == v / 3


def test_rescale_time_to_milliseconds():
    jansen_rit = ladder.get("jansen_rit")
    fast = coordinates.rescale_time(jansen_rit, 1 / 1000, "ms")
    assert fast.time_unit == "ms"
    for slow_rhs, fast_rhs in zip(jansen_rit.rhs, fast.rhs, strict=True):
        assert sp.simplify(1000 * fast_rhs - slow_rhs) == 0


def test_complex_to_real_stuart_landau():
    z = sp.Symbol("z")
    stuart_landau = ladder.get("stuart_landau")
    x, y = stuart_landau.state_symbols
    alpha, omega, gamma, beta = (
        stuart_landau.symbols[n] for n in ("alpha", "omega", "gamma", "beta")
    )
    complex_rhs = (alpha + sp.I * omega) * z - (gamma + sp.I * beta) * sp.Abs(
        z
    ) ** 2 * z
    real_part, imaginary_part = coordinates.complex_to_real(complex_rhs, z, x, y)
    declared = _zero_inputs(stuart_landau)
    assert sp.expand(real_part - declared[0]) == 0
    assert sp.expand(imaginary_part - declared[1]) == 0


def test_model_from_complex_stuart_landau():
    z = sp.Symbol("z")
    stuart_landau = ladder.get("stuart_landau")
    alpha, omega, gamma, beta = (
        stuart_landau.symbols[n] for n in ("alpha", "omega", "gamma", "beta")
    )
    rhs = (alpha + sp.I * omega) * z - (gamma + sp.I * beta) * sp.Abs(z) ** 2 * z
    built = coordinates.model_from_complex(
        "complex_landau", z, rhs, stuart_landau.parameters
    )
    assert built.state_names == ("x", "y")
    for mine, theirs in zip(built.rhs, _zero_inputs(stuart_landau), strict=True):
        assert sp.expand(mine - theirs) == 0
    assert _round_trips(built)


def _population(state: str, self_sign: int) -> Model:
    r, w, P, tau, u, F, c, v = sp.symbols(f"{state} w P tau u F c v", real=True)
    theta = sp.Symbol("theta", real=True)
    sigma = define_function("sigma", "v", logistic(v - theta))
    return Model(
        "population",
        states=[State(state, 0.1)],
        parameters=[
            Parameter("w", 12.0),
            Parameter("P", 0.0),
            Parameter("tau", 1.0),
            Parameter("theta", 0.0),
        ],
        functions=[sigma],
        equations={state: (-r + sigma(self_sign * w * r + P + u + F + c)) / tau},
        inputs=[Input("u"), Input("F"), Input("c")],
        outputs={state: r},
        coupling=Coupling("additive", (r,), ("c",)),
    )


def test_motif_rebuilds_wilson_cowan():
    excitatory = _population("x", +1)
    inhibitory = _population("y", -1)
    motif = couple_populations(
        {"E": excitatory, "I": inhibitory},
        [
            Connection("I", "y", "E", "u", weight="w_xy", sign=-1),
            Connection("E", "x", "I", "u", weight="w_yx"),
        ],
        name="ei",
        shared=("sigma", "theta"),
        coupling_from="E",
    )

    assert motif.provenance[-1].operation == "couple_populations"
    assert "u_E" not in motif.input_names
    assert "u_I" not in motif.input_names
    assert _round_trips(motif)

    mapping = {
        "x_E": "x",
        "y_I": "y",
        "w_E": "w_xx",
        "w_I": "w_yy",
        "P_E": "P_x",
        "P_I": "P_y",
        "tau_E": "tau_x",
        "tau_I": "tau_y",
        "F_E": "F",
        "c_E": "c",
    }
    renamed = refinements.rename(motif, mapping)

    # The inhibitory population's own forcing and network inputs are not in
    # Wilson-Cowan; fix them by replacing with zero.
    zero = {renamed.symbols[n]: 0 for n in ("F_I", "c_I")}
    equations = {k: v.xreplace(zero) for k, v in renamed.equations.items()}
    inputs = [i for i in renamed.inputs if i.name not in ("F_I", "c_I")]
    renamed = renamed.replace(equations=equations, inputs=inputs, forcing_input="F")

    assert compare_models(renamed, ladder.get("wilson_cowan")).equal
