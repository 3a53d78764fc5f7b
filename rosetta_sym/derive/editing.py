"""Low-level edits shared by refinements: substitution, renaming, pruning.

Every function here returns a new declaration dictionary or model and leaves
its argument untouched (models are immutable). Refinements build on these and
record provenance through :meth:`Model.derived`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping

import sympy as sp

from rosetta_sym.model import Coupling, Model, ModelError, Parameter
from rosetta_sym.model.functions import AuxiliaryFunction, make_auxiliary_function

__all__ = [
    "declaration",
    "map_expressions",
    "substitute",
    "used_symbol_names",
    "prune_parameters",
    "rename",
    "add_parameters",
    "real_symbol",
    "finish",
    "check_new_name",
    "rebuild_functions",
]


def real_symbol(name: str) -> sp.Symbol:
    """Return the real SymPy symbol called ``name`` (the kind models use)."""
    return sp.Symbol(name, real=True)


def declaration(model: Model) -> dict:
    """Return the constructor arguments of ``model`` as a mutable dictionary."""
    # Model.replace() is built on the same dictionary; refinements need it to
    # rewrite several fields at once before one validation.
    return model._declaration()


def map_expressions(fields: dict, transform: Callable[[sp.Expr], sp.Expr]) -> dict:
    """Apply ``transform`` to equations, outputs and coupling sources in ``fields``."""
    fields = dict(fields)
    fields["equations"] = {k: transform(v) for k, v in fields["equations"].items()}
    fields["outputs"] = {k: transform(v) for k, v in fields["outputs"].items()}
    coupling = fields.get("coupling")
    if coupling is not None:
        fields["coupling"] = Coupling(
            coupling.kind, tuple(transform(s) for s in coupling.source), coupling.target
        )
    return fields


def substitute(fields: dict, mapping: Mapping[sp.Symbol, sp.Expr]) -> dict:
    """Substitute symbols in every expression, including auxiliary function bodies.

    Function bodies may only use their arguments and parameters, so only
    parameter symbols are replaced inside them.
    """
    mapping = dict(mapping)
    fields = rebuild_functions(fields, body_mapping=mapping)
    return map_expressions(fields, lambda e: e.xreplace(mapping))


def rebuild_functions(
    fields: dict,
    body_mapping: Mapping[sp.Symbol, sp.Expr] | None = None,
    names: Mapping[str, str] | None = None,
    bodies: Mapping[str, sp.Expr] | None = None,
) -> dict:
    """Rebuild auxiliary functions with new bodies or names, and their applications.

    Parameters
    ----------
    fields : dict
        Model declaration.
    body_mapping : mapping, optional
        Substitution applied to every body (parameter renames and fixes).
    names : mapping of str to str, optional
        New function names.
    bodies : mapping of str to Expr, optional
        Replacement bodies, in the function's own argument symbols.

    Returns
    -------
    dict
        The declaration with the new function classes applied in equations,
        outputs and coupling sources.
    """
    body_mapping = dict(body_mapping or {})
    names = dict(names or {})
    bodies = dict(bodies or {})
    fields = dict(fields)
    old_to_new: dict[type, type] = {}
    new_functions = []
    for function in fields["functions"]:
        body = bodies.get(function.__name__, function._body)
        arguments = set(function._arguments)
        safe = {k: v for k, v in body_mapping.items() if k not in arguments}
        new_body = body.xreplace(safe)
        new_name = names.get(function.__name__, function.__name__)
        if new_body == function._body and new_name == function.__name__:
            new_functions.append(function)
            continue
        new_function = make_auxiliary_function(new_name, function._arguments, new_body)
        old_to_new[function] = new_function
        new_functions.append(new_function)
    fields["functions"] = tuple(new_functions)
    # NOTE: a body that calls another auxiliary function keeps calling the old
    # class; none of the built-in rungs nests auxiliary functions.
    if old_to_new:
        fields = map_expressions(fields, lambda e: _replace_applications(e, old_to_new))
    return fields


def _replace_applications(expr: sp.Expr, old_to_new: Mapping[type, type]) -> sp.Expr:
    replacements = {}
    for application in expr.atoms(AuxiliaryFunction):
        new_class = old_to_new.get(type(application))
        if new_class is not None:
            new_args = [_replace_applications(a, old_to_new) for a in application.args]
            replacements[application] = new_class(*new_args)
    return expr.xreplace(replacements) if replacements else expr


def used_symbol_names(fields: dict) -> set[str]:
    """Names of every symbol used by equations, outputs, coupling and functions."""
    used: set[str] = set()
    expressions: list[sp.Expr] = list(fields["equations"].values())
    expressions += list(fields["outputs"].values())
    if fields.get("coupling") is not None:
        expressions += list(fields["coupling"].source)
    for expr in expressions:
        used |= {s.name for s in expr.free_symbols}
    return used


def prune_parameters(fields: dict, keep: Iterable[str] = ()) -> dict:
    """Drop parameters that no expression uses any more (and their preset entries)."""
    fields = dict(fields)
    used = used_symbol_names(fields) | set(keep)
    fields["parameters"] = tuple(p for p in fields["parameters"] if p.name in used)
    kept = {p.name for p in fields["parameters"]}
    fields["presets"] = {
        preset: {k: v for k, v in values.items() if k in kept}
        for preset, values in fields["presets"].items()
    }
    fields["presets"] = {k: v for k, v in fields["presets"].items() if v}
    used_functions = set()
    for expr in _all_expressions(fields):
        used_functions |= {type(f).__name__ for f in expr.atoms(AuxiliaryFunction)}
    fields["functions"] = tuple(
        f for f in fields["functions"] if f.__name__ in used_functions
    )
    return fields


def _all_expressions(fields: dict) -> list[sp.Expr]:
    expressions = list(fields["equations"].values()) + list(fields["outputs"].values())
    if fields.get("coupling") is not None:
        expressions += list(fields["coupling"].source)
    bodies = [f._body for f in fields["functions"]]
    return expressions + bodies


def add_parameters(fields: dict, parameters: Iterable[Parameter]) -> dict:
    """Append parameters, reusing any that is already declared under that name."""
    fields = dict(fields)
    existing = {p.name for p in fields["parameters"]}
    extra = tuple(p for p in parameters if p.name not in existing)
    fields["parameters"] = (*fields["parameters"], *extra)
    return fields


def rename(model: Model, mapping: Mapping[str, str]) -> dict:
    """Return the declaration of ``model`` with states, parameters and inputs renamed.

    Auxiliary functions can be renamed too; their names are keys of ``mapping``
    as well.
    """
    known = {
        *model.state_names,
        *model.parameter_names,
        *model.input_names,
        *(f.__name__ for f in model.functions),
    }
    unknown = sorted(set(mapping) - known)
    if unknown:
        raise ModelError(
            f"cannot rename {unknown[0]!r}: it is not a state, parameter, input or "
            f"function of model {model.name!r}"
        )
    fields = declaration(model)
    symbol_map = {
        real_symbol(old): real_symbol(new)
        for old, new in mapping.items()
        if old not in model.function_table
    }
    function_names = {k: v for k, v in mapping.items() if k in model.function_table}
    fields = rebuild_functions(fields, body_mapping=symbol_map, names=function_names)
    fields = map_expressions(fields, lambda e: e.xreplace(symbol_map))
    fields["equations"] = {mapping.get(k, k): v for k, v in fields["equations"].items()}
    fields["states"] = tuple(
        dataclasses.replace(s, name=mapping.get(s.name, s.name)) for s in model.states
    )
    fields["parameters"] = tuple(
        dataclasses.replace(p, name=mapping.get(p.name, p.name))
        for p in model.parameters
    )
    fields["inputs"] = tuple(
        dataclasses.replace(i, name=mapping.get(i.name, i.name)) for i in model.inputs
    )
    if fields["coupling"] is not None:
        coupling = fields["coupling"]
        fields["coupling"] = Coupling(
            coupling.kind,
            coupling.source,
            tuple(mapping.get(t, t) for t in coupling.target),
        )
    if fields["forcing_input"] is not None:
        fields["forcing_input"] = mapping.get(
            fields["forcing_input"], fields["forcing_input"]
        )
    fields["presets"] = {
        preset: {mapping.get(k, k): v for k, v in values.items()}
        for preset, values in model.presets.items()
    }
    return fields


def finish(model: Model, operation: str, arguments: Mapping, fields: dict, **kw):
    """Build the model from the edited declaration and append a provenance step.

    ``fields`` is a declaration from :func:`declaration`; ``kw`` overrides
    entries of it (such as ``name``). The new model is validated as usual.
    """
    fields = dict(fields)
    fields.pop("provenance", None)
    fields.update(kw)
    return model.derived(operation, dict(arguments), **fields)


def check_new_name(model: Model, name: str, role: str) -> None:
    """Raise :class:`ModelError` if ``name`` is already a state, parameter or input."""
    taken = {*model.state_names, *model.parameter_names, *model.input_names}
    if name in taken:
        raise ModelError(
            f"cannot add {role} {name!r} to model {model.name!r}: the name is "
            "already used; pass a different name"
        )
