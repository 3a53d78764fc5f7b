"""The model object: a neural mass model declared as first-order SymPy equations."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from rosetta_sym.model.functions import (
    AuxiliaryFunction,
    expand_auxiliary,
    make_auxiliary_function,
)
from rosetta_sym.model.parts import (
    COUPLING_KINDS,
    TIME_UNITS,
    Coupling,
    Derivation,
    Input,
    Parameter,
    Reference,
    State,
)
from rosetta_sym.model.validation import ModelError, check_expression, check_name

__all__ = ["Model", "TIME", "symbols", "define_function"]

#: The time symbol shared by every model.
TIME = sp.Symbol("t", real=True)


def symbols(names: str) -> tuple[sp.Symbol, ...]:
    """Return real SymPy symbols for whitespace- or comma-separated ``names``.

    Symbols are built one by one with ``sympy.Symbol``, so names such as
    ``E``, ``I``, ``S``, ``N``, ``beta`` or ``gamma`` stay plain symbols.
    """
    parts = names.replace(",", " ").split()
    return tuple(sp.Symbol(part, real=True) for part in parts)


def define_function(
    name: str, arguments: str | Sequence[str], body: sp.Expr
) -> type[AuxiliaryFunction]:
    """Declare an auxiliary function such as a sigmoid.

    Parameters
    ----------
    name : str
        Function name, a valid identifier.
    arguments : str or sequence of str
        Argument names as used in ``body``.
    body : Expr
        Definition in the arguments and, optionally, model parameters.

    Examples
    --------
    >>> v, e0, r, v0 = symbols("v e0 r v0")
    >>> sigma = define_function("sigma", "v", 2 * e0 * logistic(r * (v - v0)))
    """
    check_name(name, "function")
    if isinstance(arguments, str):
        arguments = arguments.replace(",", " ").split()
    argument_symbols = tuple(sp.Symbol(a, real=True) for a in arguments)
    for argument in arguments:
        check_name(argument, f"argument of function {name!r}")
    body = _real_symbols(sp.sympify(body, strict=True), {})
    return make_auxiliary_function(name, argument_symbols, _rationalize(body))


def _rationalize(expr: sp.Expr) -> sp.Expr:
    """Replace floating-point literals by the exact rationals of their repr.

    This keeps expressions exact, so printing and re-parsing a model file gives
    the same expression tree and the same hash.
    """
    floats = expr.atoms(sp.Float)
    if not floats:
        return expr
    return expr.xreplace({f: sp.Rational(repr(float(f))) for f in floats})


def _float_value(parameter: Parameter) -> float:
    try:
        return float(parameter.value)
    except (TypeError, ValueError):
        raise ModelError(
            f"parameter {parameter.name!r}: value {parameter.value!r} is not a number"
        ) from None


def _float_bounds(parameter: Parameter):
    if parameter.bounds is None:
        return None
    try:
        lower, upper = parameter.bounds
    except (TypeError, ValueError):
        raise ModelError(
            f"parameter {parameter.name!r}: bounds {parameter.bounds!r} must be a "
            "pair (lower, upper), either end None"
        ) from None
    return (
        None if lower is None else float(lower),
        None if upper is None else float(upper),
    )


def _real_symbols(expr: sp.Expr, declared: Mapping[str, sp.Symbol]) -> sp.Expr:
    """Map symbols to the declared (real) symbol of the same name."""
    mapping = {}
    for symbol in expr.free_symbols:
        target = declared.get(symbol.name)
        if target is None and not symbol.is_real:
            target = sp.Symbol(symbol.name, real=True)
        if target is not None and target is not symbol:
            mapping[symbol] = target
    return expr.xreplace(mapping) if mapping else expr


class Model:
    """A neural mass model declared as first-order SymPy equations.

    Models are immutable: methods such as :meth:`with_parameters` return copies.

    Parameters
    ----------
    name : str
        Model name, a valid identifier.
    states : sequence of State
        Ordered state variables.
    parameters : sequence of Parameter
        Ordered parameters with default values and units.
    equations : mapping
        One right-hand side ``d state / dt`` per state, keyed by state name or
        symbol.
    inputs : sequence of Input, optional
        Time-dependent inputs driven by forcing, noise and network coupling.
    functions : sequence of auxiliary function classes, optional
        Named functions used in the equations (see :func:`define_function`).
    outputs : mapping of str to Expr, optional
        Named observables; the first is the default observable. Defaults to
        the first state.
    coupling : Coupling, optional
        What a node sends to the others in a network and where it arrives.
    forcing_input : str, optional
        The input that external forcing drives by default; defaults to the
        first input.
    time_unit : {"s", "ms", "1"}
        Unit of time, used to report frequencies in Hz.
    references : sequence of Reference, optional
    description : str, optional
    presets : mapping of str to mapping, optional
        Named parameter sets, each a mapping of parameter name to value.
    provenance : sequence of Derivation, optional
        How this model was derived from others.
    """

    def __init__(
        self,
        name: str,
        states: Sequence[State],
        parameters: Sequence[Parameter],
        equations: Mapping[str | sp.Symbol, sp.Expr],
        *,
        inputs: Sequence[Input] = (),
        functions: Sequence[type[AuxiliaryFunction]] = (),
        outputs: Mapping[str, sp.Expr] | None = None,
        coupling: Coupling | None = None,
        forcing_input: str | None = None,
        time_unit: str = "1",
        references: Sequence[Reference] = (),
        description: str = "",
        presets: Mapping[str, Mapping[str, float]] | None = None,
        provenance: Sequence[Derivation] = (),
    ) -> None:
        check_name(name, "model")
        self.name = name
        self.states = tuple(states)
        self.parameters = tuple(
            dataclasses.replace(p, value=_float_value(p), bounds=_float_bounds(p))
            for p in parameters
        )
        self.inputs = tuple(inputs)
        self.functions = tuple(functions)
        self.time_unit = str(time_unit)
        self.references = tuple(references)
        self.description = description
        self.provenance = tuple(provenance)
        self._check_parts()

        self.symbols = self._build_symbols()
        self.equations = self._normalise_equations(equations)
        self.outputs = self._normalise_outputs(outputs)
        self.coupling = self._normalise_coupling(coupling)
        self.forcing_input = self._check_forcing_input(forcing_input)
        self.presets = self._normalise_presets(presets or {})
        self.hash = self._content_hash()

    # ------------------------------------------------------------------
    # Validation and normalisation
    # ------------------------------------------------------------------
    def _check_parts(self) -> None:
        if self.time_unit not in TIME_UNITS:
            raise ModelError(
                f"model {self.name!r}: time unit {self.time_unit!r} is not one of "
                f"{', '.join(TIME_UNITS)}"
            )
        if not self.states:
            raise ModelError(f"model {self.name!r} declares no states; add one")
        seen: dict[str, str] = {}
        groups = (
            ("state", [s.name for s in self.states]),
            ("parameter", [p.name for p in self.parameters]),
            ("input", [i.name for i in self.inputs]),
            ("function", [f.__name__ for f in self.functions]),
        )
        for role, names in groups:
            for item in names:
                check_name(item, role)
                if item in seen:
                    raise ModelError(
                        f"model {self.name!r}: {role} {item!r} is already declared "
                        f"as a {seen[item]}; names must be unique"
                    )
                seen[item] = role
        for state in self.states:
            try:
                initial = float(state.initial)
            except (TypeError, ValueError):
                initial = math.nan
            if not math.isfinite(initial):
                raise ModelError(
                    f"state {state.name!r}: initial value {state.initial!r} is not "
                    "a finite number"
                )
        for parameter in self.parameters:
            try:
                parameter.check_value(parameter.value)
            except ValueError as error:
                raise ModelError(str(error)) from None

    def _build_symbols(self) -> dict[str, sp.Symbol]:
        table = {"t": TIME}
        for item in (*self.states, *self.parameters, *self.inputs):
            table[item.name] = sp.Symbol(item.name, real=True)
        return table

    def _prepare(self, expr: sp.Expr, where: str) -> sp.Expr:
        try:
            expr = sp.sympify(expr, strict=True)
        except sp.SympifyError as error:
            raise ModelError(f"{where}: {expr!r} is not a SymPy expression") from error
        expr = _rationalize(_real_symbols(expr, self.symbols))
        check_expression(expr, where, self.symbols, self.function_table)
        return expr

    def _normalise_equations(self, equations):
        keyed = {}
        for key, rhs in equations.items():
            name = key.name if isinstance(key, sp.Symbol) else str(key)
            keyed[name] = rhs
        state_names = [s.name for s in self.states]
        missing = [n for n in state_names if n not in keyed]
        extra = [n for n in keyed if n not in state_names]
        if extra:
            raise ModelError(
                f"model {self.name!r}: equation for {extra[0]!r}, which is not a "
                f"declared state (states: {', '.join(state_names)})"
            )
        if missing:
            raise ModelError(
                f"model {self.name!r}: state {missing[0]!r} has no equation; give "
                "exactly one right-hand side per state"
            )
        self._check_functions()
        return {n: self._prepare(keyed[n], f"equation for {n!r}") for n in state_names}

    def _check_functions(self) -> None:
        """Check that each function body uses only its arguments and parameters."""
        parameters = {p.name: self.symbols[p.name] for p in self.parameters}
        for function in self.functions:
            where = f"function {function.__name__!r}"
            body_symbols = {s.name for s in function._body.free_symbols}
            allowed = {a.name for a in function._arguments} | set(parameters)
            unknown = sorted(body_symbols - allowed)
            if unknown:
                raise ModelError(
                    f"{where}: body uses {unknown[0]!r}, which is neither an "
                    "argument nor a parameter"
                )
            arguments = {a.name: a for a in function._arguments}
            check_expression(
                function._body,
                where,
                {**parameters, **arguments},
                self.function_table,
            )

    def _normalise_outputs(self, outputs):
        if not outputs:
            first = self.states[0].name
            return {first: self.symbols[first]}
        for key in outputs:
            check_name(str(key), "output")
        return {
            str(key): self._prepare(expr, f"output {key!r}")
            for key, expr in outputs.items()
        }

    def _normalise_coupling(self, coupling):
        if coupling is None:
            return None
        if coupling.kind not in COUPLING_KINDS:
            raise ModelError(
                f"coupling kind {coupling.kind!r} is not one of "
                f"{', '.join(COUPLING_KINDS)}"
            )
        if len(coupling.source) != len(coupling.target) or not coupling.source:
            raise ModelError(
                "coupling needs one target input per source expression, and at "
                f"least one; got {len(coupling.source)} sources and "
                f"{len(coupling.target)} targets"
            )
        input_names = [i.name for i in self.inputs]
        for target in coupling.target:
            if target not in input_names:
                raise ModelError(
                    f"coupling target {target!r} is not a declared input "
                    f"(inputs: {', '.join(input_names) or 'none'})"
                )
        sources = tuple(
            self._prepare(s, f"coupling source {k}")
            for k, s in enumerate(coupling.source)
        )
        forbidden = {*self.input_symbols, TIME}
        for k, source in enumerate(sources):
            used = sorted(s.name for s in source.free_symbols & forbidden)
            if used:
                raise ModelError(
                    f"coupling source {k} ({source}) uses {used[0]!r}; a coupling "
                    "source may use states and parameters only, not inputs or time"
                )
        return Coupling(coupling.kind, sources, tuple(coupling.target))

    def _check_forcing_input(self, forcing_input):
        names = [i.name for i in self.inputs]
        if forcing_input is None:
            return names[0] if names else None
        if forcing_input not in names:
            raise ModelError(
                f"forcing input {forcing_input!r} is not a declared input "
                f"(inputs: {', '.join(names) or 'none'})"
            )
        return forcing_input

    def _normalise_presets(self, presets):
        result = {}
        for preset, values in presets.items():
            clean = {}
            for key, value in values.items():
                parameter = self.parameter(key, f"preset {preset!r}")
                try:
                    parameter.check_value(float(value))
                except ValueError as error:
                    raise ModelError(f"preset {preset!r}: {error}") from None
                clean[key] = float(value)
            result[str(preset)] = clean
        return result

    # ------------------------------------------------------------------
    # Lookup
    # ------------------------------------------------------------------
    @property
    def function_table(self) -> dict[str, type[AuxiliaryFunction]]:
        """Auxiliary functions by name."""
        return {f.__name__: f for f in self.functions}

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    @property
    def state_symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(self.symbols[n] for n in self.state_names)

    @property
    def parameter_symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(self.symbols[n] for n in self.parameter_names)

    @property
    def input_symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(self.symbols[n] for n in self.input_names)

    @property
    def n_states(self) -> int:
        return len(self.states)

    @property
    def rhs(self) -> tuple[sp.Expr, ...]:
        """Right-hand sides in state order, auxiliary functions kept by name."""
        return tuple(self.equations[n] for n in self.state_names)

    @property
    def rhs_expanded(self) -> tuple[sp.Expr, ...]:
        """Right-hand sides with every auxiliary function replaced by its body."""
        return tuple(expand_auxiliary(e) for e in self.rhs)

    @property
    def observable(self) -> sp.Expr:
        """The default observable: the first output expression."""
        return next(iter(self.outputs.values()))

    @property
    def parameter_values(self) -> dict[str, float]:
        """Parameter values by name, in declaration order."""
        return {p.name: p.value for p in self.parameters}

    @property
    def parameter_vector(self) -> np.ndarray:
        """Parameter values as a float64 array in declaration order."""
        return np.array([p.value for p in self.parameters], dtype=np.float64)

    @property
    def initial_state(self) -> np.ndarray:
        """Default initial values as a float64 array in state order."""
        return np.array([s.initial for s in self.states], dtype=np.float64)

    def parameter(self, name: str, where: str = "") -> Parameter:
        """Return the parameter called ``name``; raise ``ModelError`` if unknown."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        prefix = f"{where}: " if where else ""
        raise ModelError(
            f"{prefix}{name!r} is not a parameter of model {self.name!r} "
            f"(parameters: {', '.join(self.parameter_names)})"
        )

    def state_index(self, name: str) -> int:
        """Return the position of state ``name``; raise ``ModelError`` if unknown."""
        try:
            return self.state_names.index(name)
        except ValueError:
            raise ModelError(
                f"{name!r} is not a state of model {self.name!r} "
                f"(states: {', '.join(self.state_names)})"
            ) from None

    def hz_per_angular_unit(self) -> float | None:
        """Factor from angular frequency in model time units to Hz, or ``None``.

        ``None`` when time is dimensionless.
        """
        if self.time_unit == "s":
            return 1.0 / (2.0 * math.pi)
        if self.time_unit == "ms":
            return 1000.0 / (2.0 * math.pi)
        return None

    # ------------------------------------------------------------------
    # Copies
    # ------------------------------------------------------------------
    def _declaration(self) -> dict:
        return {
            "name": self.name,
            "states": self.states,
            "parameters": self.parameters,
            "equations": dict(self.equations),
            "inputs": self.inputs,
            "functions": self.functions,
            "outputs": dict(self.outputs),
            "coupling": self.coupling,
            "forcing_input": self.forcing_input,
            "time_unit": self.time_unit,
            "references": self.references,
            "description": self.description,
            "presets": self.presets,
            "provenance": self.provenance,
        }

    def replace(self, **changes) -> Model:
        """Return a copy with constructor arguments replaced (validated again)."""
        declaration = self._declaration()
        unknown = set(changes) - set(declaration)
        if unknown:
            raise TypeError(f"unknown model field(s): {', '.join(sorted(unknown))}")
        declaration.update(changes)
        return Model(**declaration)

    def with_parameters(self, values: Mapping[str, float] | None = None, **kw) -> Model:
        """Return a copy with new default parameter values."""
        updates = {**(values or {}), **kw}
        for key in updates:
            self.parameter(key)
        parameters = [
            dataclasses.replace(p, value=float(updates.get(p.name, p.value)))
            for p in self.parameters
        ]
        return self.replace(parameters=parameters)

    def with_preset(self, preset: str) -> Model:
        """Return a copy with the named preset's parameter values as defaults."""
        if preset not in self.presets:
            raise ModelError(
                f"model {self.name!r} has no preset {preset!r} "
                f"(presets: {', '.join(self.presets) or 'none'})"
            )
        return self.with_parameters(self.presets[preset])

    def with_initial(self, values: Mapping[str, float] | None = None, **kw) -> Model:
        """Return a copy with new default initial values."""
        updates = {**(values or {}), **kw}
        for key in updates:
            self.state_index(key)
        states = [
            dataclasses.replace(s, initial=float(updates.get(s.name, s.initial)))
            for s in self.states
        ]
        return self.replace(states=states)

    def parameter_vector_with(self, overrides: Mapping[str, float]) -> np.ndarray:
        """Return the parameter vector with some values overridden (checked)."""
        vector = self.parameter_vector.copy()
        for key, value in overrides.items():
            parameter = self.parameter(key)
            parameter.check_value(float(value))
            vector[self.parameter_names.index(key)] = float(value)
        return vector

    # ------------------------------------------------------------------
    # Identity
    # ------------------------------------------------------------------
    def canonical(self) -> dict:
        """Return the canonical, JSON-serialisable content that the hash covers.

        Descriptions, references and provenance are left out: they do not
        change what the model computes.
        """
        return {
            "name": self.name,
            "time_unit": self.time_unit,
            "states": [[s.name, repr(float(s.initial))] for s in self.states],
            "parameters": [
                [p.name, repr(p.value), p.unit, repr(p.bounds)] for p in self.parameters
            ],
            "inputs": list(self.input_names),
            "forcing_input": self.forcing_input,
            "functions": [
                [f.__name__, [a.name for a in f._arguments], sp.srepr(f._body)]
                for f in self.functions
            ],
            "equations": [[n, sp.srepr(self.equations[n])] for n in self.state_names],
            "outputs": [[k, sp.srepr(v)] for k, v in self.outputs.items()],
            "coupling": None
            if self.coupling is None
            else [
                self.coupling.kind,
                [sp.srepr(s) for s in self.coupling.source],
                list(self.coupling.target),
            ],
        }

    def _content_hash(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def short_hash(self) -> str:
        """First 12 hex digits of :attr:`hash`."""
        return self.hash[:12]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and other.hash == self.hash

    def __hash__(self) -> int:
        return hash(self.hash)

    def __repr__(self) -> str:
        return (
            f"Model({self.name!r}, states={list(self.state_names)}, "
            f"parameters={len(self.parameters)}, hash={self.short_hash})"
        )

    def derived(self, operation: str, arguments: Mapping, **changes) -> Model:
        """Return a modified copy whose provenance records ``operation``."""
        step = Derivation(self.hash, operation, dict(arguments))
        return self.replace(provenance=(*self.provenance, step), **changes)


def second_order_synapse(
    state: str | sp.Symbol,
    derivative: str | sp.Symbol,
    rhs: sp.Expr,
    *,
    gain: sp.Expr = 1,
    rate: sp.Expr | None = None,
    tau: sp.Expr | None = None,
    tau_rise: sp.Expr | None = None,
    tau_decay: sp.Expr | None = None,
) -> dict[str, sp.Expr]:
    """Split a second-order synapse ``L[y] = rhs`` into two first-order equations.

    Exactly one time-scale form must be given:

    - ``rate=a``: ``y'' + 2 a y' + a**2 y = gain * rhs`` (Jansen-Rit form);
    - ``tau=tau``: ``tau**2 y'' + 2 tau y' + y = gain * rhs`` (alpha synapse);
    - ``tau_rise, tau_decay``:
      ``tau_r tau_d y'' + (tau_r + tau_d) y' + y = gain * rhs`` (bi-exponential).

    Returns
    -------
    dict
        ``{state: derivative, derivative: ...}`` to merge into the equations.
    """
    y = sp.Symbol(str(state), real=True)
    z = sp.Symbol(str(derivative), real=True)
    given = [rate is not None, tau is not None, tau_rise is not None]
    if sum(given) != 1 or (tau_rise is None) != (tau_decay is None):
        raise ModelError(
            f"second-order synapse for {y.name!r}: give exactly one of rate=, tau= "
            "or tau_rise= with tau_decay="
        )
    if rate is not None:
        dz = gain * rhs - 2 * rate * z - rate**2 * y
    elif tau is not None:
        dz = (gain * rhs - y - 2 * tau * z) / tau**2
    else:
        dz = (gain * rhs - y - (tau_rise + tau_decay) * z) / (tau_rise * tau_decay)
    return {y.name: z, z.name: dz}
