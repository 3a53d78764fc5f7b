"""Changes of coordinates: general state maps, polar form, scaling, time units.

For new states ``u = g(x)`` the equations become ``u' = (dg/dx)(x) f(x)``
evaluated at ``x = g^{-1}(u)``: the Jacobian of the transform multiplies the
vector field (chain rule). A time rescaling ``t = T s`` multiplies every
right-hand side by ``T``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from rosetta_sym.derive import editing
from rosetta_sym.model import TIME, Derivation, Model, ModelError, Parameter, State

__all__ = [
    "change_coordinates",
    "to_polar",
    "to_cartesian",
    "scale_state",
    "rescale_time",
    "complex_to_real",
    "model_from_complex",
]

#: Relative tolerance of the numerical check that the inverse map inverts.
INVERSE_CHECK_TOLERANCE = 1e-8


def _check_inverse(forward, inverse, old_symbols, new_symbols) -> None:
    """Check ``forward(inverse(u)) = u`` at a few random points (a cheap guard)."""
    rng = np.random.default_rng(0)
    compose = [f.xreplace(inverse) for f in forward]
    for _ in range(3):
        point = {
            u: sp.Float(v)
            for u, v in zip(
                new_symbols, rng.uniform(0.3, 1.2, len(new_symbols)), strict=True
            )
        }
        for u, expr in zip(new_symbols, compose, strict=True):
            value = complex(expr.evalf(subs=point))
            target = float(point[u])
            if abs(value - target) > INVERSE_CHECK_TOLERANCE * max(1.0, abs(target)):
                raise ModelError(
                    f"change of coordinates: the inverse map does not invert the "
                    f"forward map for {u} (got {value} instead of {target} at "
                    f"{ {k.name: float(v) for k, v in point.items()} }); fix the "
                    "inverse"
                )


def change_coordinates(
    model: Model,
    forward: Mapping[str, sp.Expr],
    inverse: Mapping[str, sp.Expr],
    *,
    replaced: Sequence[str] | None = None,
    operation: str = "change_coordinates",
    arguments: Mapping | None = None,
    simplify: bool = True,
    positive: Sequence[str] = (),
    name: str | None = None,
) -> Model:
    """Replace some states by new ones through an invertible map.

    Parameters
    ----------
    model : Model
    forward : mapping of str to Expr
        New state name -> expression in the old states (``u = g(x)``), in the
        order the new states take in place of the replaced ones.
    inverse : mapping of str to Expr
        Replaced old state name -> expression in the new states.
    replaced : sequence of str, optional
        Old states that the new ones replace; default: the keys of ``inverse``.
    simplify : bool
        Simplify the new right-hand sides with ``sympy.simplify``.
    positive : sequence of str
        New states known to be positive (a radius), so that simplification
        may use ``sqrt(r**2) = r``.
    """
    replaced = list(replaced or inverse)
    for state in replaced:
        model.state_index(state)
    if len(forward) != len(replaced):
        raise ModelError(
            f"change of coordinates maps {len(replaced)} states to {len(forward)}; "
            "give as many new states as replaced ones"
        )
    kept = [s for s in model.state_names if s not in replaced]
    for new in forward:
        if new in kept or new in model.parameter_names or new in model.input_names:
            raise ModelError(
                f"new state name {new!r} is already used in {model.name!r}"
            )
    new_symbols = [editing.real_symbol(n) for n in forward]
    old_symbols = [model.symbols[s] for s in replaced]
    forward_exprs = [
        sp.sympify(e, strict=True).xreplace(
            {s: model.symbols.get(s.name, s) for s in sp.sympify(e).free_symbols}
        )
        for e in forward.values()
    ]
    inverse_map = {
        model.symbols[k]: sp.sympify(v, strict=True).xreplace(
            {s: editing.real_symbol(s.name) for s in sp.sympify(v).free_symbols}
        )
        for k, v in inverse.items()
    }
    _check_inverse(forward_exprs, inverse_map, old_symbols, new_symbols)
    to_positive = {
        editing.real_symbol(n): sp.Symbol(n, positive=True) for n in positive
    }
    to_real = {v: k for k, v in to_positive.items()}

    def finish(expr: sp.Expr) -> sp.Expr:
        expr = expr.xreplace(inverse_map)
        if not simplify:
            return expr
        return sp.simplify(expr.xreplace(to_positive)).xreplace(to_real)

    equations = {}
    position = {s: i for i, s in enumerate(model.state_names)}
    for new, g in zip(forward, forward_exprs, strict=True):
        derivative = sum(
            sp.diff(g, model.symbols[old]) * model.equations[old]
            for old in model.state_names
        )
        equations[new] = finish(derivative)
    for state in kept:
        equations[state] = finish(model.equations[state])
    fields = editing.declaration(model)
    fields["equations"] = equations
    fields["outputs"] = {k: finish(v) for k, v in model.outputs.items()}
    if model.coupling is not None:
        fields["coupling"] = type(model.coupling)(
            model.coupling.kind,
            tuple(finish(s) for s in model.coupling.source),
            model.coupling.target,
        )
    old_initial = {model.symbols[s.name]: s.initial for s in model.states}
    states = []
    new_iter = iter(zip(forward, forward_exprs, strict=True))
    first_replaced = min(position[s] for s in replaced)
    for state in model.states:
        if state.name in replaced:
            if position[state.name] == first_replaced:
                for new, g in new_iter:
                    value = float(g.evalf(subs=old_initial))
                    states.append(State(new, value, f"new coordinate {new} = {g}"))
            continue
        states.append(state)
    fields["states"] = tuple(states)
    record = (
        dict(arguments)
        if arguments is not None
        else {
            "forward": {k: str(v) for k, v in zip(forward, forward_exprs, strict=True)},
            "inverse": {k: str(v) for k, v in inverse.items()},
        }
    )
    return editing.finish(model, operation, record, fields, name=name or model.name)


def to_polar(
    model: Model,
    x: str = "x",
    y: str = "y",
    radius: str = "r",
    angle: str = "phi",
    *,
    name: str | None = None,
) -> Model:
    """Rewrite the states ``(x, y)`` in polar coordinates ``(r, phi)``.

    ``r' = (x x' + y y') / r`` and ``phi' = (x y' - y x') / r^2``.
    NOTE: the polar form is singular at ``r = 0``. An initial radius of zero
    is kept as it is, but the angle equation divides by ``r`` there.
    """
    xs, ys = model.symbols[x], model.symbols[y]
    r, phi = editing.real_symbol(radius), editing.real_symbol(angle)
    return change_coordinates(
        model,
        {radius: sp.sqrt(xs**2 + ys**2), angle: sp.atan2(ys, xs)},
        {x: r * sp.cos(phi), y: r * sp.sin(phi)},
        operation="to_polar",
        arguments={"x": x, "y": y, "radius": radius, "angle": angle},
        positive=(radius,),
        name=name,
    )


def to_cartesian(
    model: Model,
    radius: str = "r",
    angle: str = "phi",
    x: str = "x",
    y: str = "y",
    *,
    name: str | None = None,
) -> Model:
    """Rewrite polar states ``(r, phi)`` in Cartesian coordinates ``(x, y)``."""
    xs, ys = editing.real_symbol(x), editing.real_symbol(y)
    r, phi = model.symbols[radius], model.symbols[angle]
    return change_coordinates(
        model,
        {x: r * sp.cos(phi), y: r * sp.sin(phi)},
        {radius: sp.sqrt(xs**2 + ys**2), angle: sp.atan2(ys, xs)},
        operation="to_cartesian",
        arguments={"radius": radius, "angle": angle, "x": x, "y": y},
        name=name,
    )


def scale_state(
    model: Model,
    state: str,
    factor: sp.Expr | float,
    new_name: str | None = None,
    *,
    name: str | None = None,
) -> Model:
    """Replace ``state`` by ``new = factor * state``.

    ``factor`` is a number or an expression in parameters.
    """
    old = model.symbols[state]
    new_name = new_name or state
    factor = sp.sympify(factor, strict=True)
    factor = factor.xreplace(
        {s: model.symbols.get(s.name, s) for s in factor.free_symbols}
    )
    if factor.free_symbols - set(model.parameter_symbols):
        raise ModelError(
            f"scale factor {factor} may use parameters only (parameters: "
            f"{', '.join(model.parameter_names)})"
        )
    new = editing.real_symbol(new_name)
    return change_coordinates(
        model,
        {new_name: factor * old},
        {state: new / factor},
        operation="scale_state",
        arguments={"state": state, "factor": str(factor), "new_name": new_name},
        name=name,
    )


def rescale_time(
    model: Model,
    factor: float | sp.Expr,
    time_unit: str | None = None,
    *,
    name: str | None = None,
) -> Model:
    """Measure time in new units: ``t_old = factor * t_new``.

    Every right-hand side is multiplied by ``factor`` and explicit time
    dependence ``t`` becomes ``factor * t``. From seconds to milliseconds use
    ``factor = 1/1000`` and ``time_unit = "ms"``. Parameters keep their values,
    so rates in 1/time keep their old units.
    """
    if not isinstance(factor, sp.Basic):
        factor = sp.Rational(repr(float(factor)))
    if factor.free_symbols - set(model.parameter_symbols):
        raise ModelError(f"time scale factor {factor} may use parameters only")
    if factor.is_number and not factor > 0:
        raise ModelError(f"time scale factor {factor} must be positive")
    fields = editing.declaration(model)
    fields["equations"] = {
        k: factor * v.xreplace({TIME: factor * TIME})
        for k, v in model.equations.items()
    }
    if time_unit is not None:
        fields["time_unit"] = time_unit
    arguments = {"factor": str(factor), "time_unit": time_unit or model.time_unit}
    return editing.finish(
        model, "rescale_time", arguments, fields, name=name or model.name
    )


def complex_to_real(
    expression: sp.Expr, z: sp.Symbol, x: sp.Symbol, y: sp.Symbol
) -> tuple[sp.Expr, sp.Expr]:
    """Split ``dz/dt = f(z, conj(z))`` into real equations for ``z = x + i y``.

    Parameters
    ----------
    expression : Expr
        Right-hand side in the complex symbol ``z`` (``conjugate(z)`` and
        ``Abs(z)`` allowed) and real parameters.
    z : Symbol
        The complex state symbol (declared ``complex=True``).
    x, y : Symbol
        Real symbols of the real and imaginary parts.

    Returns
    -------
    (Expr, Expr)
        ``(Re f, Im f)`` with ``z = x + i y`` substituted and expanded.
    """
    if not (x.is_real and y.is_real):
        raise ModelError("complex_to_real: x and y must be real symbols")
    substituted = expression.subs(z, x + sp.I * y)
    substituted = sp.expand(substituted.rewrite(sp.sqrt), complex=True)
    real_part, imaginary_part = substituted.as_real_imag()
    return sp.expand(real_part), sp.expand(imaginary_part)


def model_from_complex(
    name: str,
    z: sp.Symbol,
    rhs: sp.Expr,
    parameters: Sequence[Parameter],
    *,
    x: str = "x",
    y: str = "y",
    initial: tuple[float, float] = (0.1, 0.0),
    time_unit: str = "1",
    description: str = "",
) -> Model:
    """Build a real model from one complex equation ``dz/dt = rhs``.

    The states are ``x = Re z`` and ``y = Im z`` (see :func:`complex_to_real`)
    and the outputs are ``x`` and the amplitude ``|z|``. The provenance step
    ``model_from_complex`` records the complex equation; its parent is empty
    because there is no parent model.
    """
    xs, ys = editing.real_symbol(x), editing.real_symbol(y)
    real_part, imaginary_part = complex_to_real(rhs, z, xs, ys)
    step = Derivation("", "model_from_complex", {"z": z.name, "rhs": str(rhs)})
    return Model(
        name,
        states=[
            State(x, initial[0], f"real part of {z.name}"),
            State(y, initial[1], f"imaginary part of {z.name}"),
        ],
        parameters=parameters,
        equations={x: real_part, y: imaginary_part},
        outputs={x: xs, "amplitude": sp.sqrt(xs**2 + ys**2)},
        time_unit=time_unit,
        description=description or f"real form of d{z.name}/dt = {rhs}",
        provenance=(step,),
    )
