"""Model declaration: valid models, copies, and every declaration error.

Each error test checks that the message names the offending item.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp

from rosetta_sym.io import dumps_model, loads_model
from rosetta_sym.model import (
    TIME,
    Coupling,
    Input,
    Model,
    ModelError,
    Parameter,
    State,
    define_function,
    logistic,
    second_order_synapse,
    symbols,
)

x, y, mu, omega, F, c = symbols("x y mu omega F c")


def declare(**changes) -> Model:
    """Declare a small valid model (a forced linear focus), with ``changes``."""
    fields = {
        "name": "focus",
        "states": [State("x", 0.1), State("y", 0.0)],
        "parameters": [
            Parameter("mu", -1.0, "1", (None, 0.0)),
            Parameter("omega", 2.0, "rad", (0.0, None)),
        ],
        "equations": {"x": mu * x - omega * y + F + c, "y": omega * x + mu * y},
        "inputs": [Input("F"), Input("c")],
        "coupling": Coupling("diffusive", (x,), ("c",)),
    }
    fields.update(changes)
    name = fields.pop("name")
    states = fields.pop("states")
    parameters = fields.pop("parameters")
    equations = fields.pop("equations")
    return Model(name, states, parameters, equations, **fields)


# ----------------------------------------------------------------------
# Valid declarations
# ----------------------------------------------------------------------
def test_valid_model_fields():
    model = declare()
    assert model.state_names == ("x", "y")
    assert model.parameter_names == ("mu", "omega")
    assert model.input_names == ("F", "c")
    assert model.forcing_input == "F"
    assert model.observable == model.symbols["x"]
    assert list(model.parameter_vector) == [-1.0, 2.0]


def test_symbols_are_real():
    model = declare(equations={"x": sp.Symbol("x") * sp.Symbol("mu"), "y": -y})
    assert all(symbol.is_real for symbol in model.equations["x"].free_symbols)
    assert model.symbols["t"] is TIME


def test_float_literals_become_rationals():
    model = declare(equations={"x": 0.8 * x, "y": 0.1 * y})
    assert model.equations["x"] == sp.Rational(4, 5) * model.symbols["x"]
    assert not model.equations["y"].atoms(sp.Float)


def test_parameter_values_become_floats():
    model = declare(parameters=[Parameter("mu", -1), Parameter("omega", 2)])
    assert isinstance(model.parameter("mu").value, float)


def test_second_order_synapse_forms():
    v, a, tau, rise, decay, gain = symbols("v a tau rise decay gain")
    rate_form = second_order_synapse("v", "w", x, gain=gain, rate=a)
    tau_form = second_order_synapse("v", "w", x, gain=gain, tau=tau)
    biexp = second_order_synapse("v", "w", x, tau_rise=rise, tau_decay=decay)
    w = sp.Symbol("w", real=True)

    assert rate_form["v"] == w
    assert sp.simplify(rate_form["w"] - (gain * x - 2 * a * w - a**2 * v)) == 0
    assert sp.simplify(tau_form["w"] - (gain * x - v - 2 * tau * w) / tau**2) == 0
    expected = (x - v - (rise + decay) * w) / (rise * decay)
    assert sp.simplify(biexp["w"] - expected) == 0


def test_second_order_synapse_needs_one_time_scale():
    with pytest.raises(ModelError, match="'v'"):
        second_order_synapse("v", "w", x, rate=1, tau=2)
    with pytest.raises(ModelError, match="'v'"):
        second_order_synapse("v", "w", x, tau_rise=1)


def test_hash_ignores_descriptions():
    plain = declare()
    described = declare(
        description="a focus", states=[State("x", 0.1, "x"), State("y", 0.0)]
    )
    assert plain.hash == described.hash


def test_hash_changes_with_equation_and_default():
    base = declare()
    assert declare(equations={"x": mu * x, "y": -y}).hash != base.hash
    assert base.with_parameters(mu=-2.0).hash != base.hash
    assert base.with_initial(x=0.5).hash != base.hash


def test_copies_validate_again():
    model = declare()
    assert model.with_parameters(omega=3.0).parameter("omega").value == 3.0
    with pytest.raises(ModelError, match="'omega'"):
        model.with_parameters(omega=-1.0)
    with pytest.raises(ModelError, match="'nu'"):
        model.with_parameters(nu=1.0)
    with pytest.raises(ModelError, match="'z'"):
        model.with_initial(z=1.0)


def test_preset_applies_and_unknown_preset_names_it():
    model = declare(presets={"fast": {"omega": 5.0}})
    assert model.with_preset("fast").parameter("omega").value == 5.0
    with pytest.raises(ModelError, match="'slow'"):
        model.with_preset("slow")


def test_derived_records_provenance():
    model = declare()
    child = model.derived("speed_up", {"factor": 2}, name="fast_focus")
    assert child.provenance[-1].parent == model.hash
    assert child.provenance[-1].operation == "speed_up"


def test_heaviside_with_value_at_zero_round_trips():
    model = declare(equations={"x": sp.Heaviside(x, 0) - x, "y": sp.Heaviside(y) - y})
    text = dumps_model(model)
    assert "Heaviside(x, 0)" in text
    assert loads_model(text).hash == model.hash


def test_euler_number_is_not_read_as_a_name():
    (E,) = symbols("E")
    model = Model(
        "growth",
        [State("E", 1.0)],
        [Parameter("k", 1.0)],
        {"E": sp.exp(1) * sp.Symbol("k", real=True) - E},
    )
    text = dumps_model(model)
    assert "exp(1)" in text
    assert loads_model(text).hash == model.hash


# ----------------------------------------------------------------------
# Names SymPy's own parser would misread
# ----------------------------------------------------------------------
AWKWARD_NAMES = ["E", "I", "S", "N", "Q", "beta", "gamma", "lambda_"]


def awkward_model() -> Model:
    E, I, S, N = symbols("E I S N")  # noqa: E741 - names under test
    Q, beta, gamma, lambda_ = symbols("Q beta gamma lambda_")
    return Model(
        "awkward",
        states=[State("E", 0.1), State("I", 0.2), State("S", 0.3), State("N", 0.4)],
        parameters=[
            Parameter("Q", 1.5),
            Parameter("beta", 0.5),
            Parameter("gamma", 2.0),
            Parameter("lambda_", 0.25),
        ],
        equations={
            "E": -gamma * E + beta * I * S,
            "I": lambda_ * E - Q * I,
            "S": -beta * I * S + N,
            "N": -lambda_ * N + sp.exp(-E),
        },
    )


def test_awkward_names_are_plain_symbols():
    model = awkward_model()
    for name in AWKWARD_NAMES:
        symbol = model.symbols[name]
        assert isinstance(symbol, sp.Symbol), name
        assert symbol.name == name
    assert model.equations["E"].free_symbols == {
        model.symbols["gamma"],
        model.symbols["beta"],
        model.symbols["E"],
        model.symbols["I"],
        model.symbols["S"],
    }


def test_awkward_names_evaluate():
    model = awkward_model()
    values = {model.symbols[n]: v for n, v in model.parameter_values.items()}
    values.update({model.symbols[s.name]: s.initial for s in model.states})
    value = float(model.equations["E"].xreplace(values))
    assert value == pytest.approx(-2.0 * 0.1 + 0.5 * 0.2 * 0.3, rel=1e-15)
    value = float(model.equations["N"].xreplace(values))
    assert value == pytest.approx(-0.25 * 0.4 + math.exp(-0.1), rel=1e-15)


def test_awkward_names_round_trip_through_toml():
    model = awkward_model()
    text = dumps_model(model)
    loaded = loads_model(text)
    assert loaded.hash == model.hash
    assert dumps_model(loaded) == text


def test_symbols_helper_builds_plain_symbols():
    made = symbols("E, I S N Q beta gamma lambda_")
    assert [s.name for s in made] == AWKWARD_NAMES
    assert all(type(s) is sp.Symbol and s.is_real for s in made)


# ----------------------------------------------------------------------
# Declaration errors, each naming the offending item
# ----------------------------------------------------------------------
def test_undefined_symbol():
    with pytest.raises(ModelError, match="'kappa'") as error:
        declare(equations={"x": sp.Symbol("kappa") * x, "y": -y})
    assert "equation for 'x'" in str(error.value)


def test_missing_equation():
    with pytest.raises(ModelError, match="state 'y' has no equation"):
        declare(equations={"x": -x})


def test_extra_equation():
    with pytest.raises(ModelError, match="'z'"):
        declare(equations={"x": -x, "y": -y, "z": x})


def test_duplicate_name_across_roles():
    with pytest.raises(ModelError, match="'omega'") as error:
        declare(inputs=[Input("F"), Input("c"), Input("omega")])
    assert "already declared as a parameter" in str(error.value)


def test_duplicate_state():
    with pytest.raises(ModelError, match="state 'x' is already declared"):
        declare(states=[State("x"), State("x"), State("y")])


@pytest.mark.parametrize("name", ["lambda", "class", "for", "None"])
def test_keyword_name(name):
    with pytest.raises(ModelError, match=f"'{name}' is a Python keyword"):
        declare(parameters=[Parameter("mu", -1.0), Parameter(name, 1.0)])


@pytest.mark.parametrize("name", ["t", "pi", "exp", "logistic", "where", "sign"])
def test_reserved_name(name):
    with pytest.raises(ModelError, match=f"'{name}' is reserved"):
        declare(states=[State("x"), State("y"), State(name)])


@pytest.mark.parametrize("name", ["2x", "x-y", "", "_hidden", "x y"])
def test_invalid_identifier(name):
    with pytest.raises(ModelError, match=repr(name)):
        declare(states=[State("x"), State("y"), State(name)])


@pytest.mark.parametrize("unit", ["min", "sec", "", "hours"])
def test_bad_time_unit(unit):
    with pytest.raises(ModelError, match=f"time unit '{unit}'"):
        declare(time_unit=unit)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_parameter(value):
    with pytest.raises(ModelError, match="'omega'") as error:
        declare(parameters=[Parameter("mu", -1.0), Parameter("omega", value)])
    assert "not finite" in str(error.value)


def test_non_numeric_parameter():
    with pytest.raises(ModelError, match="'omega'"):
        declare(parameters=[Parameter("mu", -1.0), Parameter("omega", "fast")])


@pytest.mark.parametrize("value", [math.nan, math.inf, "high"])
def test_non_finite_initial_value(value):
    with pytest.raises(ModelError, match="state 'y'"):
        declare(states=[State("x", 0.0), State("y", value)])


def test_lower_bound_violation():
    with pytest.raises(ModelError, match="'omega'") as error:
        declare(
            parameters=[
                Parameter("mu", -1.0),
                Parameter("omega", -2.0, "rad", (0, None)),
            ]
        )
    assert "below its lower bound" in str(error.value)


def test_upper_bound_violation():
    with pytest.raises(ModelError, match="'mu'") as error:
        declare(
            parameters=[Parameter("mu", 1.0, "1", (None, 0)), Parameter("omega", 1.0)]
        )
    assert "above its upper bound" in str(error.value)


def test_malformed_bounds():
    with pytest.raises(ModelError, match="'mu'"):
        declare(parameters=[Parameter("mu", 1.0, "1", (0,)), Parameter("omega", 1.0)])


def test_preset_bound_violation():
    with pytest.raises(ModelError, match="preset 'bad'") as error:
        declare(presets={"bad": {"omega": -1.0}})
    assert "'omega'" in str(error.value)


def test_preset_unknown_parameter():
    with pytest.raises(ModelError, match="'nu'"):
        declare(presets={"bad": {"nu": 1.0}})


def test_coupling_target_not_an_input():
    with pytest.raises(ModelError, match="coupling target 'x'"):
        declare(coupling=Coupling("diffusive", (x,), ("x",)))


def test_coupling_source_uses_an_input():
    with pytest.raises(ModelError, match="uses 'F'"):
        declare(coupling=Coupling("additive", (x + F,), ("c",)))


def test_coupling_source_uses_time():
    with pytest.raises(ModelError, match="uses 't'"):
        declare(coupling=Coupling("additive", (x * TIME,), ("c",)))


def test_coupling_kind_unknown():
    with pytest.raises(ModelError, match="'gap_junction'"):
        declare(coupling=Coupling("gap_junction", (x,), ("c",)))


def test_coupling_channel_count_mismatch():
    with pytest.raises(ModelError, match="2 sources and 1 targets"):
        declare(coupling=Coupling("diffusive", (x, y), ("c",)))


def test_forcing_input_not_an_input():
    with pytest.raises(ModelError, match="forcing input 'G'"):
        declare(forcing_input="G")


def test_undeclared_auxiliary_function():
    u = sp.Symbol("u", real=True)
    sigma = define_function("sigma", "u", logistic(u))
    with pytest.raises(ModelError, match="function 'sigma' is not declared"):
        declare(equations={"x": sigma(x), "y": -y})


def test_auxiliary_function_from_another_declaration():
    u = sp.Symbol("u", real=True)
    declared = define_function("sigma", "u", logistic(u))
    other = define_function("sigma", "u", logistic(2 * u))
    with pytest.raises(ModelError, match="function 'sigma'") as error:
        declare(functions=[declared], equations={"x": other(x), "y": -y})
    assert "another define_function" in str(error.value)


def test_unsupported_sympy_function():
    with pytest.raises(ModelError, match="function 'f' is not supported"):
        declare(equations={"x": sp.Function("f")(x), "y": -y})


def test_function_body_uses_undeclared_symbol():
    u, k = sp.Symbol("u", real=True), sp.Symbol("k", real=True)
    sigma = define_function("sigma", "u", logistic(k * u))
    with pytest.raises(ModelError, match="function 'sigma': body uses 'k'"):
        declare(functions=[sigma], equations={"x": sigma(x), "y": -y})


def test_function_body_uses_undeclared_function():
    u = sp.Symbol("u", real=True)
    sigma = define_function("sigma", "u", sp.Function("g")(u))
    with pytest.raises(ModelError, match="function 'g' is not supported") as error:
        declare(functions=[sigma], equations={"x": sigma(x), "y": -y})
    assert "function 'sigma'" in str(error.value)


def test_function_parameters_are_allowed_in_body():
    u = sp.Symbol("u", real=True)
    sigma = define_function("sigma", "u", logistic(omega * u))
    model = declare(functions=[sigma], equations={"x": sigma(x), "y": -y})
    derivative = sp.diff(model.equations["x"], model.symbols["omega"])
    assert derivative != 0


def test_bad_function_name():
    with pytest.raises(ModelError, match="'exp'"):
        define_function("exp", "u", sp.Symbol("u"))


def test_infinite_value_in_equation():
    with pytest.raises(ModelError, match="equation for 'x'") as error:
        declare(equations={"x": x / 0, "y": -y})
    assert "infinite or undefined" in str(error.value)


def test_imaginary_unit_in_equation():
    with pytest.raises(ModelError, match="equation for 'y'") as error:
        declare(equations={"x": -x, "y": sp.I * y})
    assert "imaginary unit" in str(error.value)


def test_unsupported_constant():
    with pytest.raises(ModelError, match="EulerGamma"):
        declare(equations={"x": sp.EulerGamma * x, "y": -y})


def test_derivative_in_equation():
    with pytest.raises(ModelError, match="equation for 'x'") as error:
        declare(equations={"x": sp.Derivative(x, TIME), "y": -y})
    assert "first-order" in str(error.value)


def test_string_equation_is_rejected():
    with pytest.raises(ModelError, match="equation for 'x'"):
        declare(equations={"x": "mu*x", "y": -y})


def test_output_name_is_checked():
    with pytest.raises(ModelError, match="output name 'v pyr'"):
        declare(outputs={"v pyr": x})


def test_output_undefined_symbol():
    with pytest.raises(ModelError, match="output 'power'") as error:
        declare(outputs={"power": sp.Symbol("zeta") ** 2})
    assert "'zeta'" in str(error.value)


def test_no_states():
    with pytest.raises(ModelError, match="'empty' declares no states"):
        Model("empty", [], [], {})


def test_replace_rejects_unknown_field():
    with pytest.raises(TypeError, match="colour"):
        declare().replace(colour="red")
