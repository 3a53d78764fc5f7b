"""Couple population models into a motif through named outputs and inputs.

Each population's states, parameters, inputs and functions get the suffix
``_<label>`` (``r`` of population ``E`` becomes ``r_E``) unless listed as
shared. A connection sends an output of one population, times a signed weight,
into an input of another. Inputs that receive connections are replaced by the
sum of what arrives, so they disappear from the motif's inputs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import sympy as sp

from rosetta_sym.derive import editing
from rosetta_sym.model import Coupling, Derivation, Model, ModelError, Parameter

__all__ = ["Connection", "couple_populations"]


@dataclasses.dataclass(frozen=True)
class Connection:
    """A projection from an output of one population to an input of another.

    The target input receives ``sign * weight * output`` (summed over every
    connection into that input). ``weight`` names a new parameter (non-negative
    magnitude, default ``weight_value``); ``None`` means unit weight.
    """

    source: str
    output: str
    target: str
    input: str
    weight: str | None = None
    sign: int = 1
    weight_value: float = 1.0


def _suffixed(model: Model, label: str, shared: set[str]) -> Model:
    names = [
        *model.state_names,
        *model.parameter_names,
        *model.input_names,
        *(f.__name__ for f in model.functions),
    ]
    mapping = {n: f"{n}_{label}" for n in names if n not in shared}
    fields = editing.rename(model, mapping)
    fields["outputs"] = {f"{k}_{label}": v for k, v in fields["outputs"].items()}
    return Model(**fields)


def couple_populations(
    populations: Mapping[str, Model],
    connections: Sequence[Connection],
    *,
    name: str,
    shared: Sequence[str] = (),
    coupling_from: str | None = None,
    time_unit: str | None = None,
    description: str = "",
) -> Model:
    """Join population models into one model.

    Parameters
    ----------
    populations : mapping of str to Model
        Population label -> model. Labels become name suffixes.
    connections : sequence of Connection
        Projections between populations, by label and output/input name.
    name : str
        Name of the motif model.
    shared : sequence of str
        Parameter or function names kept unsuffixed and shared by all
        populations (the first population's declaration is used).
    coupling_from : str, optional
        Label of the population whose network coupling the motif keeps.
    time_unit : str, optional
        Default: the common time unit of the populations (they must agree).

    Returns
    -------
    Model
        The motif, with one provenance step ``couple_populations`` whose parent
        is the first population (the other parents' hashes are in its
        arguments).
    """
    if not populations:
        raise ModelError("couple_populations: give at least one population")
    units = {m.time_unit for m in populations.values()}
    if time_unit is None:
        if len(units) != 1:
            raise ModelError(
                f"populations use different time units {sorted(units)}; rescale "
                "time first or pass time_unit"
            )
        time_unit = units.pop()
    shared_set = set(shared)
    renamed = {
        label: _suffixed(m, label, shared_set) for label, m in populations.items()
    }

    drives: dict[str, sp.Expr] = {}
    weights: list[Parameter] = []
    for connection in connections:
        for label in (connection.source, connection.target):
            if label not in renamed:
                raise ModelError(
                    f"connection {connection}: population {label!r} is not one of "
                    f"{', '.join(renamed)}"
                )
        source = renamed[connection.source]
        output = f"{connection.output}_{connection.source}"
        if output not in source.outputs:
            raise ModelError(
                f"population {connection.source!r} has no output "
                f"{connection.output!r} (outputs: "
                f"{', '.join(populations[connection.source].outputs)})"
            )
        target_input = f"{connection.input}_{connection.target}"
        if target_input not in renamed[connection.target].input_names:
            raise ModelError(
                f"population {connection.target!r} has no input {connection.input!r} "
                f"(inputs: {', '.join(populations[connection.target].input_names)})"
            )
        if connection.sign not in (1, -1):
            raise ModelError(f"connection sign {connection.sign!r} is not +1 or -1")
        term = connection.sign * source.outputs[output]
        if connection.weight is not None:
            term = term * editing.real_symbol(connection.weight)
            weights.append(
                Parameter(
                    connection.weight,
                    connection.weight_value,
                    "1",
                    (0, None),
                    f"{connection.source} -> {connection.target} weight",
                )
            )
        drives[target_input] = drives.get(target_input, sp.Integer(0)) + term

    states, parameters, inputs, functions = [], [], [], []
    equations, outputs, presets = {}, {}, {}
    seen_parameters, seen_functions = set(), set()
    for model in renamed.values():
        states += list(model.states)
        for parameter in model.parameters:
            if parameter.name not in seen_parameters:
                parameters.append(parameter)
                seen_parameters.add(parameter.name)
        for function in model.functions:
            if function.__name__ not in seen_functions:
                functions.append(function)
                seen_functions.add(function.__name__)
        inputs += [i for i in model.inputs if i.name not in drives]
        equations.update(model.equations)
        outputs.update(model.outputs)
    parameters += [w for w in weights if w.name not in seen_parameters]
    substitution = {editing.real_symbol(k): v for k, v in drives.items()}
    equations = {k: v.xreplace(substitution) for k, v in equations.items()}
    outputs = {k: v.xreplace(substitution) for k, v in outputs.items()}
    # Shared functions are one class per population after renaming; map every
    # population's copy to the first declaration.
    function_by_name = {f.__name__: f for f in functions}
    equations = {k: _unify(v, function_by_name) for k, v in equations.items()}
    outputs = {k: _unify(v, function_by_name) for k, v in outputs.items()}

    coupling = None
    if coupling_from is not None:
        chosen = renamed[coupling_from].coupling
        if chosen is None:
            raise ModelError(f"population {coupling_from!r} declares no coupling")
        if any(t in drives for t in chosen.target):
            raise ModelError(
                f"the coupling of {coupling_from!r} targets an input that a "
                "connection already drives; choose another population"
            )
        coupling = Coupling(chosen.kind, chosen.source, chosen.target)

    labels = list(populations)
    first = populations[labels[0]]
    arguments = {
        "populations": {k: m.hash for k, m in populations.items()},
        "connections": [
            [c.source, c.output, c.target, c.input, c.weight or "", c.sign]
            for c in connections
        ],
        "shared": list(shared),
    }
    return Model(
        name,
        states=states,
        parameters=parameters,
        equations=equations,
        inputs=inputs,
        functions=functions,
        outputs=outputs,
        coupling=coupling,
        time_unit=time_unit,
        presets=presets,
        description=description or f"motif of {', '.join(labels)}",
        references=first.references,
        provenance=(
            *first.provenance,
            Derivation(first.hash, "couple_populations", arguments),
        ),
    )


def _unify(expr: sp.Expr, function_by_name: Mapping[str, type]) -> sp.Expr:
    replacements = {}
    for application in expr.atoms(sp.Function):
        target = function_by_name.get(type(application).__name__)
        if target is not None and type(application) is not target:
            replacements[application] = target(*application.args)
    return expr.xreplace(replacements) if replacements else expr
