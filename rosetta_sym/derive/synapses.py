"""Synapse refinements: insert a synaptic filter and swap its order.

A synapse is a linear filter from a presynaptic rate ``r`` to an activation
``s``. First order: ``tau_d s' = -s + D``; second order (bi-exponential):
``tau_r tau_d s'' + (tau_r + tau_d) s' + s = D``; alpha synapse:
``tau^2 s'' + 2 tau s' + s = D``, where ``D`` is the drive (gain times rate).
Second-order synapses are written as two first-order equations, ``s' = z`` and
``z' = (D - s - (tau_r + tau_d) z) / (tau_r tau_d)``.
"""

from __future__ import annotations

import sympy as sp

from rosetta_sym.derive import editing
from rosetta_sym.model import Model, ModelError, Parameter, State

__all__ = ["insert_synapse", "to_second_order_synapse", "to_first_order_synapse"]


def insert_synapse(
    model: Model,
    rate: str,
    weight: str,
    state: str = "s",
    tau: str = "tau_s",
    tau_value: float = 1.0,
    *,
    unit: str = "1",
    name: str | None = None,
) -> Model:
    """Filter an instantaneous synaptic drive through a first-order synapse.

    Every additive term of an equation that contains the coupling ``weight``
    has ``rate`` replaced by the new state ``state``, which obeys
    ``tau s' = -s + rate``. Terms without ``weight`` keep ``rate``.

    Parameters
    ----------
    model : Model
    rate : str
        The presynaptic rate (a state).
    weight : str
        The parameter that multiplies the synaptic drive, such as ``J``.
    state, tau : str
        Names of the new activation state and of its time constant.
    tau_value : float
        Default time constant, in the model's time unit.
    """
    model.state_index(rate)
    model.parameter(weight, "insert_synapse")
    editing.check_new_name(model, state, "state")
    editing.check_new_name(model, tau, "parameter")
    r, w = model.symbols[rate], model.symbols[weight]
    s, tau_symbol = editing.real_symbol(state), editing.real_symbol(tau)
    equations = {}
    replaced = 0
    for key, rhs in model.equations.items():
        terms = sp.Add.make_args(sp.expand(rhs)) if rhs.has(w) else (rhs,)
        new_terms = []
        for term in terms:
            if term.has(w):
                replaced += 1
                term = term.xreplace({r: s})
            new_terms.append(term)
        equations[key] = sp.Add(*new_terms) if rhs.has(w) else rhs
    if not replaced:
        raise ModelError(
            f"insert_synapse: no term of the equations contains the weight "
            f"{weight!r}; pass the parameter that multiplies the synaptic drive"
        )
    equations[state] = (r - s) / tau_symbol
    fields = editing.declaration(model)
    fields["equations"] = equations
    initial = model.states[model.state_index(rate)].initial
    fields["states"] = (
        *model.states,
        State(state, initial, f"synaptic activation of {rate}"),
    )
    fields = editing.add_parameters(
        fields, [Parameter(tau, tau_value, unit, (0, None), "synaptic time constant")]
    )
    arguments = {"rate": rate, "weight": weight, "state": state, "tau": tau}
    return editing.finish(
        model, "insert_synapse", arguments, fields, name=name or model.name
    )


def _first_order_drive(model: Model, state: str, tau: str) -> sp.Expr:
    """Return ``D`` such that the equation of ``state`` is ``(D - s) / tau``."""
    s, tau_symbol = model.symbols[state], model.symbols[tau]
    drive = sp.expand(tau_symbol * model.equations[state] + s)
    # The drive may depend on s through a nonlinearity (self-excitation inside
    # a sigmoid), but a term linear in s would change the filter's decay rate.
    if drive.coeff(s) != 0 or tau_symbol in sp.Add.make_args(drive):
        raise ModelError(
            f"the equation of {state!r} is not a first-order filter "
            f"{tau} {state}' = -{state} + D with no linear {state} term in D; got "
            f"d{state}/dt = {model.equations[state]}"
        )
    return drive


def to_second_order_synapse(
    model: Model,
    state: str,
    tau: str,
    derivative: str,
    *,
    form: str = "alpha",
    tau_rise: str = "tau_r",
    tau_rise_value: float = 0.1,
    derivative_scale: str = "time",
    gain: str | None = None,
    gain_value: float = 1.0,
    name: str | None = None,
) -> Model:
    """Replace a first-order synapse ``tau s' = -s + D`` by a second-order one.

    Parameters
    ----------
    model : Model
    state : str
        The activation state ``s``.
    tau : str
        Its time constant; it becomes the alpha time constant, or the decay
        time of the bi-exponential synapse.
    derivative : str
        Name of the new state holding the derivative.
    form : {"alpha", "biexponential"}
        ``alpha``: ``tau^2 s'' + 2 tau s' + s = D``; ``biexponential``:
        ``tau_r tau s'' + (tau_r + tau) s' + s = D`` with a new rise time.
    derivative_scale : {"time", "tau"}
        ``"time"`` stores ``z = s'``; ``"tau"`` stores ``z = tau s'`` (the
        scaled form used by the QIF rungs, ``tau s' = z``,
        ``tau z' = D - 2 z - s``, alpha form only).
    gain : str, optional
        Name of a new synaptic gain parameter ``gamma`` that multiplies the
        drive, ``L[s] = gamma D`` (default value ``gain_value``).
    """
    model.state_index(state)
    model.parameter(tau, "to_second_order_synapse")
    editing.check_new_name(model, derivative, "state")
    if form not in ("alpha", "biexponential"):
        raise ModelError(f"synapse form {form!r} is not 'alpha' or 'biexponential'")
    if derivative_scale not in ("time", "tau") or (
        derivative_scale == "tau" and form != "alpha"
    ):
        raise ModelError(
            f"derivative_scale {derivative_scale!r} is not 'time', or 'tau' with "
            "form='alpha'"
        )
    drive = _first_order_drive(model, state, tau)
    new_parameters = []
    if gain is not None:
        editing.check_new_name(model, gain, "parameter")
        drive = editing.real_symbol(gain) * drive
        new_parameters.append(
            Parameter(gain, gain_value, "1", (0, None), f"synaptic gain of {state}")
        )
    s, z = model.symbols[state], editing.real_symbol(derivative)
    tau_d = model.symbols[tau]
    fields = editing.declaration(model)
    equations = dict(model.equations)
    if form == "alpha" and derivative_scale == "tau":
        equations[state] = z / tau_d
        equations[derivative] = (drive - 2 * z - s) / tau_d
    elif form == "alpha":
        equations[state] = z
        equations[derivative] = (drive - s - 2 * tau_d * z) / tau_d**2
    else:
        editing.check_new_name(model, tau_rise, "parameter")
        tau_r = editing.real_symbol(tau_rise)
        new_parameters.append(
            Parameter(
                tau_rise,
                tau_rise_value,
                model.parameter(tau).unit,
                (0, None),
                "synaptic rise time",
            )
        )
        equations[state] = z
        equations[derivative] = (drive - s - (tau_r + tau_d) * z) / (tau_r * tau_d)
    fields["equations"] = equations
    position = model.state_index(state) + 1
    states = list(model.states)
    states.insert(position, State(derivative, 0.0, f"time derivative of {state}"))
    fields["states"] = tuple(states)
    fields = editing.add_parameters(fields, new_parameters)
    arguments = {
        "state": state,
        "tau": tau,
        "derivative": derivative,
        "form": form,
        "derivative_scale": derivative_scale,
        "gain": gain or "",
    }
    return editing.finish(
        model, "to_second_order_synapse", arguments, fields, name=name or model.name
    )


def to_first_order_synapse(
    model: Model,
    state: str,
    derivative: str,
    *,
    rise: str | None = None,
    name: str | None = None,
) -> Model:
    """Replace a second-order synapse ``s' = z``, ``z' = ...`` by a first-order one.

    With ``z' = (D - s - b z) / m``, the second-order term is dropped, giving
    ``b s' = D - s``. When ``rise`` names the rise-time parameter, the limit
    ``tau_r -> 0`` is taken as well, so ``b`` becomes the decay time (the
    first-order synapse ``tau_d s' = -s + D``) and the parameter is removed.
    """
    model.state_index(state)
    model.state_index(derivative)
    s, z = model.symbols[state], model.symbols[derivative]
    if sp.simplify(model.equations[state] - z) != 0:
        raise ModelError(
            f"d{state}/dt is {model.equations[state]}, not {derivative}; this "
            "refinement needs the form s' = z, z' = (D - s - b z) / m"
        )
    rhs = sp.expand(model.equations[derivative])
    c_s, c_z = rhs.coeff(s), rhs.coeff(z)
    remainder = sp.expand(rhs - c_s * s - c_z * z)
    if c_s == 0 or remainder.has(z) or c_z.has(s, z) or c_s.has(s, z):
        raise ModelError(
            f"d{derivative}/dt = {model.equations[derivative]} is not linear in "
            f"{state} and {derivative}; cannot read a second-order synapse"
        )
    m = -1 / c_s
    b = sp.simplify(-c_z * m)
    drive = sp.simplify(remainder * m)
    if rise is not None:
        tau_r = model.symbols[rise]
        model.parameter(rise, "to_first_order_synapse")
        b = sp.simplify(b.subs(tau_r, 0))
        drive = drive.subs(tau_r, 0)
    fields = editing.declaration(model)
    equations = {k: v for k, v in model.equations.items() if k != derivative}
    equations[state] = (drive - s) / b
    fields["equations"] = equations
    fields["states"] = tuple(st for st in model.states if st.name != derivative)
    if z.name in editing.used_symbol_names(fields):
        raise ModelError(
            f"{derivative!r} is used outside its own synapse equation; it has no "
            "first-order counterpart, so rewrite those uses first"
        )
    fields = editing.prune_parameters(fields)
    arguments = {"state": state, "derivative": derivative, "rise": rise or ""}
    return editing.finish(
        model, "to_first_order_synapse", arguments, fields, name=name or model.name
    )
