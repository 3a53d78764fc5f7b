"""Built-in rungs: the registry, and every right-hand side against the equations.

Each rung's right-hand side is evaluated with SymPy at one state, with
parameters moved away from their defaults and every input nonzero, and compared
with the same equations written independently in plain Python below.
"""

from __future__ import annotations

import cmath
import importlib
import math

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import brentq, fsolve

from rosetta_sym import ladder
from rosetta_sym.model import Model, ModelError, logistic

LADDER_ORDER = [
    "kuramoto",
    "harmonic_oscillator",
    "damped_oscillator",
    "stuart_landau",
    "wilson_cowan",
    "ei_motif",
    "jansen_rit",
    "wendling",
    "montbrio_pazo_roxin",
    "montbrio_pazo_roxin_first_order",
    "montbrio_pazo_roxin_second_order",
    "ing",
    "ping",
    "nmm2_ei",
]

PI = math.pi


def expit(u: float) -> float:
    return 1.0 / (1.0 + math.exp(-u))


# ----------------------------------------------------------------------
# The equations, written independently from the rung modules
# ----------------------------------------------------------------------
def kuramoto(s, p, u):
    return {"theta": p["omega"] + u["F"] + u["c"]}


def _complex_rhs(s, u, linear, cubic=0.0):
    z = complex(s["x"], s["y"])
    drive = complex(u["F_x"], u["F_y"]) + complex(u["c_x"], u["c_y"])
    dz = linear * z - cubic * abs(z) ** 2 * z + drive
    return {"x": dz.real, "y": dz.imag}


def harmonic_oscillator(s, p, u):
    return _complex_rhs(s, u, 1j * p["omega"])


def damped_oscillator(s, p, u):
    return _complex_rhs(s, u, complex(p["alpha"], p["omega"]))


def stuart_landau(s, p, u):
    linear = complex(p["alpha"], p["omega"])
    cubic = complex(p["gamma"], p["beta"])
    return _complex_rhs(s, u, linear, cubic)


def wilson_cowan(s, p, u):
    x, y = s["x"], s["y"]
    u_x = p["w_xx"] * x - p["w_xy"] * y + p["P_x"] + u["F"] + u["c"]
    u_y = p["w_yx"] * x - p["w_yy"] * y + p["P_y"]
    return {
        "x": (-x + expit(u_x - p["theta"])) / p["tau_x"],
        "y": (-y + expit(u_y - p["theta"])) / p["tau_y"],
    }


def _alpha_operator(value, rate, tau, gain, drive):
    """Second derivative from (tau^2 D^2 + 2 tau D + 1) value = gain * drive."""
    return (gain * drive - 2 * tau * rate - value) / tau**2


def ei_motif(s, p, u):
    drive_x = expit(-p["w_xy"] * s["y"] + p["P_x"] + u["F"] + u["c"])
    drive_y = expit(p["w_yx"] * s["x"] + p["P_y"])
    return {
        "x": s["x_dot"],
        "x_dot": _alpha_operator(s["x"], s["x_dot"], p["tau_x"], p["gamma_x"], drive_x),
        "y": s["y_dot"],
        "y_dot": _alpha_operator(s["y"], s["y_dot"], p["tau_y"], p["gamma_y"], drive_y),
    }


def _jansen_sigmoid(p, v):
    return 2 * p["e0"] / (1 + math.exp(p["r"] * (p["v0"] - v)))


def _rate_operator(value, derivative, rate, amplitude, drive):
    """Second derivative from (D^2 + 2 a D + a^2) value = amplitude * a * drive."""
    return amplitude * rate * drive - 2 * rate * derivative - rate**2 * value


def jansen_rit(s, p, u):
    C = p["C"]
    C1, C2, C3, C4 = C, 0.8 * C, 0.25 * C, 0.25 * C
    S = _jansen_sigmoid
    y0, y1, y2 = s["y0"], s["y1"], s["y2"]
    return {
        "y0": s["y3"],
        "y1": s["y4"],
        "y2": s["y5"],
        "y3": _rate_operator(y0, s["y3"], p["a"], p["A"], S(p, y1 - y2)),
        "y4": _rate_operator(
            y1, s["y4"], p["a"], p["A"], p["p"] + u["F"] + u["c"] + C2 * S(p, C1 * y0)
        ),
        "y5": _rate_operator(y2, s["y5"], p["b"], p["B"], C4 * S(p, C3 * y0)),
    }


def wendling(s, p, u):
    C = p["C"]
    C1, C2, C3, C4 = C, 0.8 * C, 0.25 * C, 0.25 * C
    C5, C6, C7 = 0.3 * C, 0.1 * C, 0.8 * C
    S = _jansen_sigmoid
    y0, y1, y2, y3, y4 = (s[f"y{k}"] for k in range(5))
    external = p["p"] + u["F"] + u["c"]
    return {
        "y0": s["y5"],
        "y1": s["y6"],
        "y2": s["y7"],
        "y3": s["y8"],
        "y4": s["y9"],
        "y5": _rate_operator(y0, s["y5"], p["a"], p["A"], S(p, y1 - y2 - y3)),
        "y6": _rate_operator(
            y1, s["y6"], p["a"], p["A"], external + C2 * S(p, C1 * y0)
        ),
        "y7": _rate_operator(y2, s["y7"], p["b"], p["B"], C4 * S(p, C3 * y0)),
        "y8": _rate_operator(y3, s["y8"], p["g"], p["G"], C7 * S(p, C5 * y0 - C6 * y4)),
        "y9": _rate_operator(y4, s["y9"], p["b"], p["B"], S(p, C3 * y0)),
    }


def _qif(r, v, tau, delta, eta, current):
    """(dr/dt, dv/dt) of the Montbrio-Pazo-Roxin population equations."""
    dr = (delta / (PI * tau) + 2 * r * v) / tau
    dv = (v**2 + eta + current - (PI * tau * r) ** 2) / tau
    return dr, dv


def _mpr(s, p, u, activation):
    current = p["J"] * p["tau"] * activation + p["I"] + u["F"] + p["tau"] * u["c"]
    dr, dv = _qif(s["r"], s["v"], p["tau"], p["Delta"], p["eta"], current)
    return {"r": dr, "v": dv}


def montbrio_pazo_roxin(s, p, u):
    return _mpr(s, p, u, s["r"])


def montbrio_pazo_roxin_first_order(s, p, u):
    result = _mpr(s, p, u, s["s"])
    result["s"] = (-s["s"] + s["r"]) / p["tau_s"]
    return result


def montbrio_pazo_roxin_second_order(s, p, u):
    result = _mpr(s, p, u, s["s"])
    result["s"] = s["z"] / p["tau_s"]
    result["z"] = (s["r"] - 2 * s["z"] - s["s"]) / p["tau_s"]
    return result


def ing(s, p, u):
    tau_i, tau_g = p["tau_i"], p["tau_g"]
    r, v = s["r"], s["v"]
    return {
        "r": (p["Delta"] / (PI * tau_i) + 2 * r * v) / tau_i,
        "v": (
            p["eta"]
            - (PI * tau_i * r) ** 2
            + v**2
            - tau_i * p["J_ii"] * s["s"]
            + p["I"]
            + u["F"]
            + tau_i * u["c"]
        )
        / tau_i,
        "s": s["z"] / tau_g,
        "z": (r - 2 * s["z"] - s["s"]) / tau_g,
    }


def ping(s, p, u):
    tau_e, tau_i, tau_a, tau_g = p["tau_e"], p["tau_i"], p["tau_a"], p["tau_g"]
    r_e, v_e, s_e, z_e = s["r_e"], s["v_e"], s["s_e"], s["z_e"]
    r_i, v_i, s_i, z_i = s["r_i"], s["v_i"], s["s_i"], s["z_i"]
    dv_e = (
        p["eta_e"]
        - (PI * tau_e * r_e) ** 2
        + v_e**2
        + tau_e * (p["J_ee"] * s_e - p["J_ei"] * s_i)
        + p["I_e"]
        + u["F"]
        + tau_e * u["c"]
    ) / tau_e
    dv_i = (
        p["eta_i"]
        - (PI * tau_i * r_i) ** 2
        + v_i**2
        + tau_i * (p["J_ie"] * s_e - p["J_ii"] * s_i)
        + p["I_i"]
    ) / tau_i
    return {
        "r_e": (p["Delta_e"] / (PI * tau_e) + 2 * r_e * v_e) / tau_e,
        "v_e": dv_e,
        "s_e": z_e / tau_a,
        "z_e": (r_e - 2 * z_e - s_e) / tau_a,
        "r_i": (p["Delta_i"] / (PI * tau_i) + 2 * r_i * v_i) / tau_i,
        "v_i": dv_i,
        "s_i": z_i / tau_g,
        "z_i": (r_i - 2 * z_i - s_i) / tau_g,
    }


def nmm2_ei(s, p, u):
    result = {}
    synaptic = {
        "e": p["J_ee"] * s["s_ee"] - p["J_ei"] * s["s_ei"],
        "i": p["J_ie"] * s["s_ie"] - p["J_ii"] * s["s_ii"],
    }
    network = {"e": p["tau_e"] * u["c"], "i": 0.0}
    for n in ("e", "i"):
        tau = p[f"tau_{n}"]
        current = tau * synaptic[n] + p[f"I_{n}"] + u[f"F_{n}"] + network[n]
        dr, dv = _qif(
            s[f"r_{n}"], s[f"v_{n}"], tau, p[f"Delta_{n}"], p[f"eta_{n}"], current
        )
        result[f"r_{n}"], result[f"v_{n}"] = dr, dv
    for nm in ("ee", "ei", "ie", "ii"):
        presynaptic = s[f"r_{nm[1]}"]
        result[f"s_{nm}"] = (presynaptic - s[f"s_{nm}"]) / p[f"tau_s_{nm}"]
    return result


HAND_WRITTEN = {
    "kuramoto": kuramoto,
    "harmonic_oscillator": harmonic_oscillator,
    "damped_oscillator": damped_oscillator,
    "stuart_landau": stuart_landau,
    "wilson_cowan": wilson_cowan,
    "ei_motif": ei_motif,
    "jansen_rit": jansen_rit,
    "wendling": wendling,
    "montbrio_pazo_roxin": montbrio_pazo_roxin,
    "montbrio_pazo_roxin_first_order": montbrio_pazo_roxin_first_order,
    "montbrio_pazo_roxin_second_order": montbrio_pazo_roxin_second_order,
    "ing": ing,
    "ping": ping,
    "nmm2_ei": nmm2_ei,
}


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------
def sample_point(model: Model, seed: int):
    """Return (state, parameters, inputs): random-ish values, inputs nonzero.

    Parameters are moved away from their defaults, and zero defaults become
    positive, so that no term of an equation vanishes.
    """
    rng = np.random.default_rng(seed)
    state = {
        name: float(rng.uniform(0.2, 1.5) * rng.choice([-1, 1]))
        for name in model.state_names
    }
    parameters = {
        name: float(value * rng.uniform(0.8, 1.2) + rng.uniform(0.05, 0.5))
        for name, value in model.parameter_values.items()
    }
    inputs = {name: float(rng.uniform(0.1, 0.9)) for name in model.input_names}
    return state, parameters, inputs


def symbolic_values(model: Model, *tables) -> dict:
    values = {}
    for table in tables:
        for name, value in table.items():
            values[model.symbols[name]] = sp.Float(repr(float(value)), 40)
    return values


def evaluate(expr: sp.Expr, values: dict) -> float:
    return float(expr.xreplace(values).evalf(40))


def evaluate_rhs(model: Model, state, parameters, inputs) -> dict[str, float]:
    values = symbolic_values(model, state, parameters, inputs)
    return {
        name: evaluate(rhs, values)
        for name, rhs in zip(model.state_names, model.rhs_expanded, strict=True)
    }


def numeric_jacobian(model: Model, overrides: dict | None = None):
    """Return J(y) of ``model`` at its defaults plus ``overrides``, inputs zero."""
    states = sp.Matrix(model.state_symbols)
    rhs = sp.Matrix(model.rhs_expanded)
    values = {**model.parameter_values, **(overrides or {})}
    substitution = {model.symbols[k]: v for k, v in values.items()}
    substitution.update({symbol: 0 for symbol in model.input_symbols})
    jacobian = rhs.jacobian(states).xreplace(substitution)
    jacobian = jacobian.replace(logistic, lambda u: 1 / (1 + sp.exp(-u)))
    function = sp.lambdify([list(states)], jacobian, "numpy")
    return lambda y: np.array(function(list(y)), dtype=float)


def leading_eigenvalue(model: Model, state: dict, overrides: dict) -> complex:
    vector = [state[name] for name in model.state_names]
    values = np.linalg.eigvals(numeric_jacobian(model, overrides)(vector))
    return complex(values[np.argmax(values.real)])


# ----------------------------------------------------------------------
# Registry
# ----------------------------------------------------------------------
def test_registry_lists_rungs_in_ladder_order():
    assert ladder.names() == LADDER_ORDER
    assert list(ladder.RUNGS) == LADDER_ORDER


@pytest.mark.parametrize("name", LADDER_ORDER)
def test_registry_builds_rung(name):
    model = ladder.get(name)
    assert isinstance(model, Model)
    assert model.name == name
    assert ladder.RUNGS[name]


@pytest.mark.parametrize("name", LADDER_ORDER)
def test_builder_function_matches_get(name):
    module_name, function_name = ladder.builder(name)
    module = importlib.import_module(f"rosetta_sym.ladder.{module_name}")
    assert getattr(module, function_name)().hash == ladder.get(name).hash


def test_mpr_variants_share_one_module():
    assert ladder.builder("montbrio_pazo_roxin") == ("montbrio_pazo_roxin", "build")
    assert ladder.builder("montbrio_pazo_roxin_first_order") == (
        "montbrio_pazo_roxin",
        "build_first_order",
    )
    assert ladder.builder("montbrio_pazo_roxin_second_order") == (
        "montbrio_pazo_roxin",
        "build_second_order",
    )


def test_unknown_rung_names_it_and_suggests():
    with pytest.raises(ModelError, match="'wilson_cowen'") as error:
        ladder.get("wilson_cowen")
    assert "did you mean 'wilson_cowan'" in str(error.value)
    assert "kuramoto" in str(error.value)


# ----------------------------------------------------------------------
# Right-hand sides
# ----------------------------------------------------------------------
@pytest.mark.parametrize("name", LADDER_ORDER)
@pytest.mark.parametrize("seed", [1, 2])
def test_rhs_matches_hand_written_equations(name, seed):
    model = ladder.get(name)
    state, parameters, inputs = sample_point(model, seed)
    expected = HAND_WRITTEN[name](state, parameters, inputs)

    actual = evaluate_rhs(model, state, parameters, inputs)

    assert set(actual) == set(expected)
    for key in model.state_names:
        assert actual[key] == pytest.approx(expected[key], rel=1e-12), key


@pytest.mark.parametrize("name", LADDER_ORDER)
def test_every_input_changes_the_rhs(name):
    model = ladder.get(name)
    state, parameters, inputs = sample_point(model, 3)
    base = evaluate_rhs(model, state, parameters, inputs)
    for input_name in model.input_names:
        moved = evaluate_rhs(model, state, parameters, {**inputs, input_name: 2.0})
        assert moved != base, input_name


# ----------------------------------------------------------------------
# Inputs, coupling and units per rung
# ----------------------------------------------------------------------
RUNG_SETTINGS = {
    # name: (time unit, forcing input, coupling kind, coupling targets)
    "kuramoto": ("1", "F", "sine", ("c",)),
    "harmonic_oscillator": ("1", "F_x", "diffusive", ("c_x", "c_y")),
    "damped_oscillator": ("1", "F_x", "diffusive", ("c_x", "c_y")),
    "stuart_landau": ("1", "F_x", "diffusive", ("c_x", "c_y")),
    "wilson_cowan": ("1", "F", "additive", ("c",)),
    "ei_motif": ("ms", "F", "additive", ("c",)),
    "jansen_rit": ("s", "F", "additive", ("c",)),
    "wendling": ("s", "F", "additive", ("c",)),
    "montbrio_pazo_roxin": ("ms", "F", "additive", ("c",)),
    "montbrio_pazo_roxin_first_order": ("ms", "F", "additive", ("c",)),
    "montbrio_pazo_roxin_second_order": ("ms", "F", "additive", ("c",)),
    "ing": ("ms", "F", "additive", ("c",)),
    "ping": ("ms", "F", "additive", ("c",)),
    "nmm2_ei": ("ms", "F_e", "additive", ("c",)),
}


def _expected_sources(name: str, state: dict, p: dict) -> list[float]:
    if name == "kuramoto":
        return [state["theta"]]
    if name in ("harmonic_oscillator", "damped_oscillator", "stuart_landau"):
        return [state["x"], state["y"]]
    if name in ("wilson_cowan", "ei_motif"):
        return [state["x"]]
    if name == "jansen_rit":
        return [_jansen_sigmoid(p, state["y1"] - state["y2"])]
    if name == "wendling":
        return [_jansen_sigmoid(p, state["y1"] - state["y2"] - state["y3"])]
    if name in ("ping", "nmm2_ei"):
        return [state["r_e"]]
    return [state["r"]]


@pytest.mark.parametrize("name", LADDER_ORDER)
def test_rung_time_unit_forcing_and_coupling(name):
    model = ladder.get(name)
    time_unit, forcing, kind, targets = RUNG_SETTINGS[name]

    assert model.time_unit == time_unit
    assert model.forcing_input == forcing
    assert model.coupling.kind == kind
    assert model.coupling.target == targets
    assert forcing not in targets


@pytest.mark.parametrize("name", LADDER_ORDER)
def test_coupling_source_is_the_sent_variable(name):
    model = ladder.get(name)
    state, parameters, inputs = sample_point(model, 4)
    values = symbolic_values(model, state, parameters, inputs)
    actual = [evaluate(sp.sympify(s).doit(), values) for s in _expanded_sources(model)]

    expected = _expected_sources(name, state, parameters)

    assert actual == pytest.approx(expected, rel=1e-12)


def _expanded_sources(model: Model):
    from rosetta_sym.model import expand_auxiliary

    return [expand_auxiliary(source) for source in model.coupling.source]


SPEC_PARAMETERS = {
    "kuramoto": {"omega"},
    "harmonic_oscillator": {"omega"},
    "damped_oscillator": {"alpha", "omega"},
    "stuart_landau": {"alpha", "omega", "gamma", "beta"},
    "wilson_cowan": {"w_xx", "w_xy", "w_yx", "w_yy", "P_x", "P_y", "tau_x", "tau_y"},
    "ei_motif": {"tau_x", "tau_y", "gamma_x", "gamma_y", "w_xy", "w_yx"},
    "jansen_rit": {"A", "B", "a", "b", "C", "e0", "v0", "r", "p"},
    "wendling": {"A", "B", "G", "a", "b", "g", "C", "e0", "v0", "r", "p"},
    "montbrio_pazo_roxin": {"eta", "J", "Delta", "tau", "I"},
    "montbrio_pazo_roxin_first_order": {"eta", "J", "Delta", "tau", "I", "tau_s"},
    "montbrio_pazo_roxin_second_order": {"eta", "J", "Delta", "tau", "I", "tau_s"},
    "ing": {"eta", "J_ii", "Delta", "tau_i", "tau_g", "I"},
    "ping": {
        "tau_e",
        "tau_a",
        "tau_i",
        "tau_g",
        "J_ee",
        "J_ei",
        "J_ie",
        "J_ii",
        "Delta_e",
        "Delta_i",
        "eta_e",
        "eta_i",
        "I_e",
        "I_i",
    },  # fmt: skip
    "nmm2_ei": {
        "tau_e",
        "tau_i",
        "J_ee",
        "J_ei",
        "J_ie",
        "J_ii",
        "Delta_e",
        "Delta_i",
        "eta_e",
        "eta_i",
        "I_e",
        "I_i",
    },  # fmt: skip
}


@pytest.mark.parametrize("name", LADDER_ORDER)
def test_parameters_use_spec_symbols(name):
    assert SPEC_PARAMETERS[name] <= set(ladder.get(name).parameter_names)


@pytest.mark.parametrize("name", LADDER_ORDER)
def test_rung_documents_sources(name):
    model = ladder.get(name)
    module_name, _ = ladder.builder(name)
    module = importlib.import_module(f"rosetta_sym.ladder.{module_name}")

    assert model.references
    assert all(reference.year > 1900 for reference in model.references)
    assert "Source" in module.__doc__


def test_kuramoto_phase_lag_is_not_a_parameter():
    module = importlib.import_module("rosetta_sym.ladder.kuramoto")
    assert "phi" not in ladder.get("kuramoto").parameter_names
    assert "sin(theta_j - theta_i - phi)" in " ".join(module.__doc__.split())


def test_drives_are_parameters_not_inputs():
    assert "I" in ladder.get("montbrio_pazo_roxin").parameter_names
    assert "I" in ladder.get("ing").parameter_names
    assert {"I_e", "I_i"} <= set(ladder.get("ping").parameter_names)
    for name in ("montbrio_pazo_roxin", "ing", "ping"):
        assert not {"I", "I_e", "I_i"} & set(ladder.get(name).input_names), name


# ----------------------------------------------------------------------
# Presets and documented defaults
# ----------------------------------------------------------------------
def test_ping_default_is_gamma_preset():
    model = ladder.get("ping")
    assert set(model.presets) == {"gamma", "paper_table"}
    for name, value in model.presets["gamma"].items():
        assert model.parameter_values[name] == value, name


def test_ping_paper_table_values():
    table = ladder.get("ping").with_preset("paper_table").parameter_values
    expected = {
        "eta_e": 0.0, "eta_i": 0.0, "J_ee": 1.0, "J_ei": 1.0, "J_ie": 1.0,
        "J_ii": 2.0, "tau_e": 15.0, "tau_a": 10.0, "tau_i": 7.5, "tau_g": 2.5,
        "Delta_e": 1.0, "Delta_i": 1.0,
    }  # fmt: skip
    for name, value in expected.items():
        assert table[name] == value, name
    assert table["I_e"] == table["I_i"]


def test_mpr_defaults():
    values = ladder.get("montbrio_pazo_roxin").parameter_values
    assert values == {"tau": 1.0, "Delta": 1.0, "eta": -5.0, "J": 15.0, "I": 0.0}


def _mpr_fixed_rates(p: dict) -> list[float]:
    """Positive roots r of the fixed-point condition with s = r.

    With v = -Delta / (2 pi tau r), multiplying the v equation by r**2 gives a
    quartic in r.
    """
    tau, delta, J = p["tau"], p["Delta"], p["J"]
    coefficients = [
        -((PI * tau) ** 2),
        J * tau,
        p["eta"] + p["I"],
        0.0,
        delta**2 / (2 * PI * tau) ** 2,
    ]
    roots = np.roots(coefficients)
    return sorted(float(z.real) for z in roots if abs(z.imag) < 1e-12 and z.real > 0)


@pytest.mark.parametrize(
    "name",
    [
        "montbrio_pazo_roxin",
        "montbrio_pazo_roxin_first_order",
        "montbrio_pazo_roxin_second_order",
    ],
)
def test_mpr_default_is_bistable(name):
    model = ladder.get(name)
    rates = _mpr_fixed_rates(model.parameter_values)
    assert len(rates) == 3

    kinds = []
    for rate in rates:
        state = {"r": rate, "v": -1 / (2 * PI * rate), "s": rate, "z": 0.0}
        state = {k: state[k] for k in model.state_names}
        assert (
            max(
                abs(v)
                for v in evaluate_rhs(
                    model, state, model.parameter_values, {"F": 0.0, "c": 0.0}
                ).values()
            )
            < 1e-12
        )
        kinds.append(leading_eigenvalue(model, state, {}).real < 0)

    assert kinds == [True, False, True]


def test_mpr_instantaneous_low_node_high_focus():
    model = ladder.get("montbrio_pazo_roxin")
    low, _, high = _mpr_fixed_rates(model.parameter_values)
    jacobian = numeric_jacobian(model)
    low_values = np.linalg.eigvals(jacobian([low, -1 / (2 * PI * low)]))
    high_values = np.linalg.eigvals(jacobian([high, -1 / (2 * PI * high)]))

    assert np.all(low_values.imag == 0)
    assert np.all(high_values.imag != 0)
    assert high > 15 / (2 * PI**2)


def _ei_motif_fixed_point(p: dict) -> dict:
    def mismatch(x):
        y = p["gamma_y"] * expit(p["w_yx"] * x + p["P_y"])
        return x - p["gamma_x"] * expit(-p["w_xy"] * y + p["P_x"])

    x = brentq(mismatch, 0.0, p["gamma_x"], xtol=1e-15)
    y = p["gamma_y"] * expit(p["w_yx"] * x + p["P_y"])
    return {"x": x, "x_dot": 0.0, "y": y, "y_dot": 0.0}


def _loop_gain(p: dict, point: dict) -> float:
    u_x = -p["w_xy"] * point["y"] + p["P_x"]
    u_y = p["w_yx"] * point["x"] + p["P_y"]
    slope_x = expit(u_x) * (1 - expit(u_x))
    slope_y = expit(u_y) * (1 - expit(u_y))
    return p["gamma_x"] * p["gamma_y"] * p["w_xy"] * p["w_yx"] * slope_x * slope_y


def test_ei_motif_default_oscillates_at_midpoint():
    model = ladder.get("ei_motif")
    p = model.parameter_values
    point = _ei_motif_fixed_point(p)

    assert point["x"] == pytest.approx(0.5, abs=1e-12)
    assert point["y"] == pytest.approx(0.5, abs=1e-12)
    assert _loop_gain(p, point) == pytest.approx(9.0, rel=1e-12)
    assert leading_eigenvalue(model, point, {}).real > 0


def test_ei_motif_eigenvalues_solve_characteristic_equation():
    model = ladder.get("ei_motif")
    p = model.parameter_values
    point = _ei_motif_fixed_point(p)
    k = _loop_gain(p, point)
    vector = [point[name] for name in model.state_names]

    for s in np.linalg.eigvals(numeric_jacobian(model)(vector)):
        value = (p["tau_x"] * s + 1) ** 2 * (p["tau_y"] * s + 1) ** 2 + k
        assert abs(value) < 1e-9 * k


@pytest.mark.parametrize("hopf", [1.3701681085, 10.6298318915])
def test_ei_motif_documented_hopf_points(hopf):
    model = ladder.get("ei_motif")
    p = {**model.parameter_values, "P_x": hopf}
    point = _ei_motif_fixed_point(p)
    k_hopf = (p["tau_x"] + p["tau_y"]) ** 2 / (p["tau_x"] * p["tau_y"])

    eigenvalue = leading_eigenvalue(model, point, {"P_x": hopf})

    assert _loop_gain(p, point) == pytest.approx(k_hopf, rel=1e-8)
    assert abs(eigenvalue.real) < 1e-9
    assert abs(eigenvalue.imag) == pytest.approx(1 / math.sqrt(200.0), rel=1e-8)


def _ing_fixed_point(p: dict) -> dict:
    tau, delta = p["tau_i"], p["Delta"]

    def mismatch(r):
        v = -delta / (2 * PI * tau * r)
        return v**2 + p["eta"] - tau * p["J_ii"] * r + p["I"] - (PI * tau * r) ** 2

    r = brentq(mismatch, 1e-9, 10.0, xtol=1e-15)
    return {"r": r, "v": -delta / (2 * PI * tau * r), "s": r, "z": 0.0}


@pytest.mark.parametrize("hopf", [5.322121, 76.701125])
def test_ing_documented_hopf_points(hopf):
    model = ladder.get("ing")
    growth = []
    for drive in (hopf - 0.01, hopf + 0.01):
        p = {**model.parameter_values, "I": drive}
        growth.append(leading_eigenvalue(model, _ing_fixed_point(p), {"I": drive}).real)
    assert growth[0] * growth[1] < 0


def test_ing_default_is_inside_oscillation_window():
    model = ladder.get("ing")
    point = _ing_fixed_point(model.parameter_values)
    assert leading_eigenvalue(model, point, {}).real > 0


def _ei_qif_fixed_point(p: dict, guess) -> dict:
    """Fixed point of PING and nmm2_ei, where every synapse equals its rate."""

    def mismatch(rates):
        r_e, r_i = rates
        v_e = -p["Delta_e"] / (2 * PI * p["tau_e"] * r_e)
        v_i = -p["Delta_i"] / (2 * PI * p["tau_i"] * r_i)
        current_e = p["tau_e"] * (p["J_ee"] * r_e - p["J_ei"] * r_i) + p["I_e"]
        current_i = p["tau_i"] * (p["J_ie"] * r_e - p["J_ii"] * r_i) + p["I_i"]
        return [
            v_e**2 + p["eta_e"] + current_e - (PI * p["tau_e"] * r_e) ** 2,
            v_i**2 + p["eta_i"] + current_i - (PI * p["tau_i"] * r_i) ** 2,
        ]

    r_e, r_i = fsolve(mismatch, guess, xtol=1e-13)
    assert max(abs(value) for value in mismatch([r_e, r_i])) < 1e-9
    assert r_e > 0
    assert r_i > 0
    v_e = -p["Delta_e"] / (2 * PI * p["tau_e"] * r_e)
    v_i = -p["Delta_i"] / (2 * PI * p["tau_i"] * r_i)
    return {
        "r_e": r_e, "v_e": v_e, "s_e": r_e, "z_e": 0.0,
        "r_i": r_i, "v_i": v_i, "s_i": r_i, "z_i": 0.0,
        "s_ee": r_e, "s_ie": r_e, "s_ei": r_i, "s_ii": r_i,
    }  # fmt: skip


def _growth_along_drive(name: str, drives) -> list[float]:
    """Leading real part at the fixed point, following it from I_e = 30."""
    model = ladder.get(name)
    guess = [0.04, 0.15]
    growth = []
    for drive in drives:
        p = {**model.parameter_values, "I_e": drive}
        point = _ei_qif_fixed_point(p, guess)
        guess = [point["r_e"], point["r_i"]]
        state = {k: point[k] for k in model.state_names}
        growth.append(leading_eigenvalue(model, state, {"I_e": drive}).real)
    return growth


@pytest.mark.parametrize(
    "name, hopf",
    [("ping", 6.191308), ("ping", 42.774764), ("nmm2_ei", 6.419522)],
)
def test_ei_qif_documented_hopf_points(name, hopf):
    path = np.linspace(30.0, hopf, 40)
    growth = _growth_along_drive(name, [*path, hopf + 0.01 * np.sign(hopf - 30)])
    before, after = growth[-3], growth[-1]
    assert before > 0
    assert after < 0


def test_ping_gamma_and_paper_table_stability():
    model = ladder.get("ping")
    point = _ei_qif_fixed_point(model.parameter_values, [0.04, 0.15])
    assert leading_eigenvalue(model, point, {}).real > 0

    table = model.presets["paper_table"]
    p = {**model.parameter_values, **table}
    point = _ei_qif_fixed_point(p, [0.1, 0.2])
    assert leading_eigenvalue(model, point, table).real < 0


def test_nmm2_ei_and_ping_share_fixed_points():
    ping_model, general = ladder.get("ping"), ladder.get("nmm2_ei")
    shared = {
        k: v
        for k, v in ping_model.parameter_values.items()
        if k in general.parameter_values
    }
    assert shared == {k: general.parameter_values[k] for k in shared}

    point = _ei_qif_fixed_point(general.parameter_values, [0.04, 0.15])
    for model in (ping_model, general):
        state = {k: point[k] for k in model.state_names}
        inputs = {k: 0.0 for k in model.input_names}
        rhs = evaluate_rhs(model, state, model.parameter_values, inputs)
        assert max(abs(v) for v in rhs.values()) < 1e-12, model.name


def test_harmonic_forced_centre():
    model = ladder.get("harmonic_oscillator")
    omega = model.parameter_values["omega"]
    forcing = complex(0.3, -0.7)
    centre = 1j * forcing / omega
    state = {"x": centre.real, "y": centre.imag}
    inputs = {"F_x": forcing.real, "F_y": forcing.imag, "c_x": 0.0, "c_y": 0.0}

    rhs = evaluate_rhs(model, state, model.parameter_values, inputs)

    assert abs(rhs["x"]) < 1e-12
    assert abs(rhs["y"]) < 1e-12
    assert cmath.isclose(centre, complex(-forcing.imag, forcing.real) / omega)
