"""Symbolic refinements: functions from model to model that add one ingredient.

Each refinement returns a new, validated :class:`~rosetta_sym.model.Model` whose
provenance records the parent's hash, the operation name and its arguments
(strings and numbers only, so that the step can be written to a model file).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

import sympy as sp

from rosetta_sym.derive import editing
from rosetta_sym.model import Input, Model, ModelError, Parameter, logistic

__all__ = [
    "add_damping",
    "add_cubic_saturation",
    "add_bias",
    "expose_input",
    "fix_parameter",
    "substitute_parameter",
    "rename",
    "set_outputs",
    "replace_transfer_function",
    "TRANSFER_FUNCTIONS",
]

logger = logging.getLogger(__name__)


def _state_pair(model: Model, x: str, y: str) -> tuple[sp.Symbol, sp.Symbol]:
    model.state_index(x)
    model.state_index(y)
    return model.symbols[x], model.symbols[y]


def add_damping(
    model: Model,
    parameter: str = "alpha",
    value: float = -0.1,
    states: tuple[str, ...] | None = None,
    *,
    name: str | None = None,
) -> Model:
    """Add linear damping ``parameter * s`` to the equation of each state ``s``.

    Applied to the harmonic oscillator ``z' = i omega z`` this gives the damped
    oscillator ``z' = (alpha + i omega) z`` (stable focus for ``alpha < 0``).

    Parameters
    ----------
    model : Model
    parameter : str
        Name of the new damping parameter (1/time unit); negative values damp.
    value : float
        Its default value.
    states : tuple of str, optional
        States to damp; default: every state.
    name : str, optional
        Name of the new model; default: the parent's name.
    """
    editing.check_new_name(model, parameter, "parameter")
    targets = states or model.state_names
    damping = editing.real_symbol(parameter)
    fields = editing.declaration(model)
    equations = dict(fields["equations"])
    for state in targets:
        model.state_index(state)
        equations[state] = damping * model.symbols[state] + equations[state]
    fields["equations"] = equations
    fields = editing.add_parameters(
        fields,
        [Parameter(parameter, value, "1", description="linear damping rate")],
    )
    return editing.finish(
        model,
        "add_damping",
        {"parameter": parameter, "value": float(value), "states": list(targets)},
        fields,
        name=name or model.name,
    )


def add_cubic_saturation(
    model: Model,
    x: str = "x",
    y: str = "y",
    *,
    gamma: str = "gamma",
    beta: str = "beta",
    gamma_value: float = 1.0,
    beta_value: float = 0.0,
    name: str | None = None,
) -> Model:
    """Add ``-(gamma + i beta) |z|^2 z`` to the oscillator ``z = x + i y``.

    Turns the damped oscillator into the Stuart-Landau normal form (Kuramoto
    1984): ``z' = (alpha + i omega) z - (gamma + i beta)|z|^2 z``.
    """
    xs, ys = _state_pair(model, x, y)
    for parameter in (gamma, beta):
        editing.check_new_name(model, parameter, "parameter")
    g, b = editing.real_symbol(gamma), editing.real_symbol(beta)
    r2 = xs**2 + ys**2
    fields = editing.declaration(model)
    equations = dict(fields["equations"])
    equations[x] = equations[x] - (g * xs - b * ys) * r2
    equations[y] = equations[y] - (b * xs + g * ys) * r2
    fields["equations"] = equations
    fields = editing.add_parameters(
        fields,
        [
            Parameter(gamma, gamma_value, "1", description="cubic saturation"),
            Parameter(beta, beta_value, "1", description="shear"),
        ],
    )
    outputs = dict(fields["outputs"])
    outputs.setdefault("amplitude", sp.sqrt(r2))
    fields["outputs"] = outputs
    arguments = {
        "x": x,
        "y": y,
        "gamma": gamma,
        "beta": beta,
        "gamma_value": float(gamma_value),
        "beta_value": float(beta_value),
    }
    return editing.finish(
        model, "add_cubic_saturation", arguments, fields, name=name or model.name
    )


def add_bias(
    model: Model,
    state: str,
    parameter: str = "c0",
    value: float = 0.0,
    *,
    unit: str = "1",
    name: str | None = None,
) -> Model:
    """Add a constant bias parameter to the equation of ``state``.

    For Stuart-Landau with a real bias this is the imperfect Hopf bifurcation.
    """
    model.state_index(state)
    editing.check_new_name(model, parameter, "parameter")
    fields = editing.declaration(model)
    equations = dict(fields["equations"])
    equations[state] = equations[state] + editing.real_symbol(parameter)
    fields["equations"] = equations
    fields = editing.add_parameters(
        fields, [Parameter(parameter, value, unit, description=f"bias on {state}")]
    )
    arguments = {"state": state, "parameter": parameter, "value": float(value)}
    return editing.finish(model, "add_bias", arguments, fields, name=name or model.name)


def expose_input(
    model: Model,
    target: str | sp.Expr,
    input_name: str,
    *,
    mode: str = "add",
    forcing: bool = True,
    description: str = "",
    name: str | None = None,
) -> Model:
    """Expose a parameter or a subexpression as a time-dependent input.

    Parameters
    ----------
    model : Model
    target : str or Expr
        A parameter name, or a subexpression that occurs literally in the
        equations (matched structurally, as SymPy's ``xreplace`` does).
    input_name : str
        Name of the new input.
    mode : {"add", "replace"}
        ``"add"`` replaces ``target`` by ``target + input``; ``"replace"``
        replaces it by the input alone (a parameter left unused is removed).
    forcing : bool
        Make the new input the model's forcing input.
    """
    if mode not in ("add", "replace"):
        raise ModelError(f"expose_input: mode {mode!r} is not 'add' or 'replace'")
    editing.check_new_name(model, input_name, "input")
    if isinstance(target, str):
        model.parameter(target, "expose_input")
        old = model.symbols[target]
        label = target
    else:
        old = target.xreplace(
            {s: model.symbols.get(s.name, s) for s in target.free_symbols}
        )
        label = str(old)
        if not any(e.has(old) for e in model.rhs):
            raise ModelError(
                f"expose_input: expression {label!r} does not occur in the equations "
                f"of model {model.name!r}; pass a subexpression that does"
            )
    u = editing.real_symbol(input_name)
    new = old + u if mode == "add" else u
    if all(e.xreplace({old: new}) == e for e in model.rhs):
        # A parameter used only inside an auxiliary function body cannot take
        # an input, because function bodies may use arguments and parameters only.
        raise ModelError(
            f"expose_input: {label!r} does not occur in the equations of model "
            f"{model.name!r} outside auxiliary function bodies; expose an "
            "expression of the equations instead"
        )
    fields = editing.declaration(model)
    # Inputs may not appear in coupling sources or function bodies, so only
    # the equations and outputs are rewritten.
    fields["equations"] = {
        k: v.xreplace({old: new}) for k, v in model.equations.items()
    }
    fields["inputs"] = (*model.inputs, Input(input_name, description))
    if forcing:
        fields["forcing_input"] = input_name
    fields = editing.prune_parameters(fields)
    arguments = {"target": label, "input": input_name, "mode": mode}
    return editing.finish(
        model, "expose_input", arguments, fields, name=name or model.name
    )


def fix_parameter(
    model: Model, parameter: str, value: float | None = None, *, name=None
) -> Model:
    """Replace a parameter by a constant (its default when ``value`` is None).

    The parameter is removed from the model.
    """
    declared = model.parameter(parameter, "fix_parameter")
    value = declared.value if value is None else float(value)
    constant = sp.Rational(repr(value)) if value != int(value) else sp.Integer(value)
    fields = editing.declaration(model)
    fields = editing.substitute(fields, {model.symbols[parameter]: constant})
    fields["parameters"] = tuple(p for p in fields["parameters"] if p.name != parameter)
    fields["presets"] = {
        k: {n: v for n, v in values.items() if n != parameter}
        for k, values in fields["presets"].items()
    }
    fields = editing.prune_parameters(fields)
    arguments = {"parameter": parameter, "value": value}
    return editing.finish(
        model, "fix_parameter", arguments, fields, name=name or model.name
    )


def substitute_parameter(
    model: Model,
    parameter: str,
    expression: sp.Expr,
    new_parameters: tuple[Parameter, ...] = (),
    *,
    name: str | None = None,
) -> Model:
    """Replace a parameter by an expression in (new or existing) parameters.

    For example ``J -> -J_ii`` turns an excitatory coupling into an inhibitory
    one written with a non-negative magnitude.
    """
    model.parameter(parameter, "substitute_parameter")
    fields = editing.add_parameters(editing.declaration(model), new_parameters)
    known = {p.name for p in fields["parameters"]}
    expression = sp.sympify(expression, strict=True)
    unknown = sorted(s.name for s in expression.free_symbols if s.name not in known)
    if unknown:
        raise ModelError(
            f"substitute_parameter: {unknown[0]!r} is not a parameter; declare it "
            "in new_parameters"
        )
    expression = expression.xreplace(
        {s: editing.real_symbol(s.name) for s in expression.free_symbols}
    )
    fields = editing.substitute(fields, {model.symbols[parameter]: expression})
    fields["parameters"] = tuple(p for p in fields["parameters"] if p.name != parameter)
    fields["presets"] = {
        k: {n: v for n, v in values.items() if n != parameter}
        for k, values in fields["presets"].items()
    }
    fields = editing.prune_parameters(fields)
    arguments = {"parameter": parameter, "expression": str(expression)}
    return editing.finish(
        model, "substitute_parameter", arguments, fields, name=name or model.name
    )


def rename(model: Model, mapping: Mapping[str, str], *, name: str | None = None):
    """Rename states, parameters, inputs or auxiliary functions."""
    fields = editing.rename(model, mapping)
    return editing.finish(
        model, "rename", dict(mapping), fields, name=name or model.name
    )


def set_outputs(
    model: Model, outputs: Mapping[str, sp.Expr], *, name: str | None = None
) -> Model:
    """Replace the model's named observables (the first is the default one)."""
    fields = editing.declaration(model)
    fields["outputs"] = dict(outputs)
    arguments = {key: str(value) for key, value in outputs.items()}
    return editing.finish(
        model, "set_outputs", arguments, fields, name=name or model.name
    )


def _sigmoid(u, names):
    e0, rho, u0 = (editing.real_symbol(n) for n in names)
    return 2 * e0 * logistic(rho * (u - u0))


def _logistic(u, names):
    (theta,) = (editing.real_symbol(n) for n in names)
    return logistic(u - theta)


def _threshold_linear(u, names):
    gain, threshold = (editing.real_symbol(n) for n in names)
    return gain * sp.Max(0, u - threshold)


def _qif(u, names):
    tau_m, delta = (editing.real_symbol(n) for n in names)
    return sp.sqrt(u + sp.sqrt(u**2 + delta**2)) / (tau_m * sp.pi * sp.sqrt(2))


#: Transfer functions: kind -> (body builder, parameters with default values).
#: ``sigmoid`` is ``2 e0 / (1 + exp(rho (u0 - u)))``; ``qif`` is the stationary
#: rate of quadratic integrate-and-fire neurons with Lorentzian heterogeneity,
#: ``sqrt(u + sqrt(u^2 + Delta^2)) / (tau_m pi sqrt 2)`` (Montbrio et al. 2015).
TRANSFER_FUNCTIONS = {
    "sigmoid": (
        _sigmoid,
        (
            Parameter("e0", 2.5, "1/s", (0, None), "half of the maximum rate"),
            Parameter("rho", 0.56, "1", (0, None), "sigmoid slope"),
            Parameter("u0", 6.0, "1", description="sigmoid threshold"),
        ),
    ),
    "logistic": (
        _logistic,
        (Parameter("theta", 0.0, "1", description="logistic threshold"),),
    ),
    "threshold_linear": (
        _threshold_linear,
        (
            Parameter("gain", 1.0, "1", (0, None), "slope above threshold"),
            Parameter("threshold", 0.0, "1", description="threshold"),
        ),
    ),
    "qif": (
        _qif,
        (
            Parameter("tau_m", 1.0, "1", (0, None), "membrane time constant"),
            Parameter("Delta", 1.0, "1", (0, None), "Lorentzian half width"),
        ),
    ),
}


def replace_transfer_function(
    model: Model,
    function: str,
    kind: str,
    parameter_names: Mapping[str, str] | None = None,
    values: Mapping[str, float] | None = None,
    *,
    name: str | None = None,
) -> Model:
    """Replace the body of the auxiliary function ``function`` by a standard one.

    Parameters
    ----------
    model : Model
    function : str
        Name of an auxiliary function of ``model`` with one argument.
    kind : {"sigmoid", "logistic", "threshold_linear", "qif"}
        The new transfer function (see :data:`TRANSFER_FUNCTIONS`).
    parameter_names : mapping, optional
        Names to use for the new function's parameters, e.g. ``{"theta":
        "theta_x"}``. An existing parameter of that name is reused.
    values : mapping, optional
        Default values for new parameters, keyed by their final names.
    """
    if kind not in TRANSFER_FUNCTIONS:
        raise ModelError(
            f"unknown transfer function {kind!r}; choose one of "
            f"{', '.join(TRANSFER_FUNCTIONS)}"
        )
    table = model.function_table
    if function not in table:
        raise ModelError(
            f"model {model.name!r} has no auxiliary function {function!r} "
            f"(functions: {', '.join(table) or 'none'})"
        )
    old = table[function]
    if len(old._arguments) != 1:
        raise ModelError(
            f"function {function!r} takes {len(old._arguments)} arguments; a "
            "transfer function takes one"
        )
    builder, defaults = TRANSFER_FUNCTIONS[kind]
    parameter_names = dict(parameter_names or {})
    values = dict(values or {})
    new_parameters = []
    for default in defaults:
        final = parameter_names.get(default.name, default.name)
        value = values.get(final, default.value)
        new_parameters.append(dataclasses.replace(default, name=final, value=value))
    body = builder(old._arguments[0], [p.name for p in new_parameters])
    fields = editing.add_parameters(editing.declaration(model), new_parameters)
    fields = editing.rebuild_functions(fields, bodies={function: body})
    fields = editing.prune_parameters(fields)
    arguments = {"function": function, "kind": kind, **parameter_names}
    return editing.finish(
        model, "replace_transfer_function", arguments, fields, name=name or model.name
    )
