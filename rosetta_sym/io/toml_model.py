"""Model files in TOML: reading with the safe expression parser, and writing.

Layout of a model file (every table except ``states``, ``parameters`` and
``equations`` is optional)::

    name = "shifted_stuart_landau"
    time_unit = "1"                  # "s", "ms" or "1"
    description = "..."
    forcing_input = "F"              # default: the first input
    [states.x]
    initial = 0.1
    description = "..."
    [parameters.mu]
    value = 1.0
    unit = "1"
    min = -5.0                       # optional bounds
    max = 5.0
    description = "..."
    [inputs.F]
    description = "..."
    [functions.sigma]
    arguments = ["u"]
    expression = "1/(1 + exp(-u))"
    [equations]
    x = "mu*x - omega*y - (x**2 + y**2)*x + c + F"
    [outputs]
    x = "x"
    [coupling]
    kind = "diffusive"               # "additive", "diffusive" or "sine"
    source = ["x"]
    target = ["F"]
    [presets.strong]
    mu = 2.0
    [[references]]
    authors = "..."
    year = 2025
    title = "..."
    [[provenance]]
    parent = "<hash>"
    operation = "add_damping"
    arguments = { parameter = "alpha" }
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import sympy as sp

from rosetta_sym.io.expressions import (
    ExpressionError,
    parse_expression,
    print_expression,
)
from rosetta_sym.model import (
    TIME,
    Coupling,
    Derivation,
    Input,
    Model,
    ModelError,
    Parameter,
    Reference,
    State,
)
from rosetta_sym.model.functions import make_auxiliary_function
from rosetta_sym.model.validation import check_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["ModelFileError", "load_model", "loads_model", "dump_model", "dumps_model"]

#: Largest model file accepted, in bytes.
MAX_FILE_SIZE = 1_000_000

_TOP_LEVEL_KEYS = {
    "name",
    "time_unit",
    "description",
    "forcing_input",
    "states",
    "parameters",
    "inputs",
    "functions",
    "equations",
    "outputs",
    "coupling",
    "presets",
    "references",
    "provenance",
}


class ModelFileError(ModelError):
    """A model file is malformed; the message names the key and the fix."""


def _table(data: dict, key: str, required: bool = False) -> dict:
    value = data.get(key, {})
    if required and not value:
        raise ModelFileError(f"missing or empty [{key}] table; the model needs one")
    if not isinstance(value, dict):
        raise ModelFileError(f"{key!r} must be a table, got {type(value).__name__}")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelFileError(f"{where}: expected a number, got {value!r}")
    if not math.isfinite(value):
        raise ModelFileError(f"{where}: {value!r} is not finite")
    return float(value)


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ModelFileError(f"{where}: expected a string, got {value!r}")
    return value


def _array(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ModelFileError(
            f"{key!r} must be an array of tables ([[{key}]]), got {value!r}"
        )
    return value


def _check_keys(table: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ModelFileError(
            f"{where}: unknown key {unknown[0]!r}; allowed keys are "
            f"{', '.join(sorted(allowed))}"
        )


def _parse_states(data):
    states = []
    for name, entry in _table(data, "states", required=True).items():
        where = f"states.{name}"
        if not isinstance(entry, dict):
            entry = {"initial": entry}
        _check_keys(entry, {"initial", "description"}, where)
        states.append(
            State(
                name,
                _number(entry.get("initial", 0.0), f"{where}.initial"),
                _string(entry.get("description", ""), f"{where}.description"),
            )
        )
    return states


def _parse_parameters(data):
    parameters = []
    for name, entry in _table(data, "parameters").items():
        where = f"parameters.{name}"
        if not isinstance(entry, dict):
            entry = {"value": entry}
        _check_keys(entry, {"value", "unit", "min", "max", "description"}, where)
        if "value" not in entry:
            raise ModelFileError(f"{where}: missing 'value'")
        lower = entry.get("min")
        upper = entry.get("max")
        bounds = None
        if lower is not None or upper is not None:
            bounds = (
                None if lower is None else _number(lower, f"{where}.min"),
                None if upper is None else _number(upper, f"{where}.max"),
            )
        parameters.append(
            Parameter(
                name,
                _number(entry["value"], f"{where}.value"),
                _string(entry.get("unit", "1"), f"{where}.unit"),
                bounds,
                _string(entry.get("description", ""), f"{where}.description"),
            )
        )
    return parameters


def _parse_functions(data, names):
    functions = {}
    for name, entry in _table(data, "functions").items():
        where = f"functions.{name}"
        check_name(name, "function")
        if not isinstance(entry, dict):
            raise ModelFileError(
                f"{where}: expected a table with 'arguments' and 'expression'"
            )
        _check_keys(entry, {"arguments", "expression", "description"}, where)
        arguments = entry.get("arguments")
        if not isinstance(arguments, list) or not arguments:
            raise ModelFileError(
                f"{where}.arguments: expected a non-empty list of names"
            )
        for argument in arguments:
            check_name(_string(argument, f"{where}.arguments"), f"argument of {name!r}")
        argument_symbols = {a: sp.Symbol(a, real=True) for a in arguments}
        local_names = {**names, **argument_symbols}
        body = parse_expression(
            entry.get("expression"), local_names, functions, where=f"{where}.expression"
        )
        functions[name] = make_auxiliary_function(
            name, tuple(argument_symbols.values()), body
        )
    return functions


def _parse_coupling(data):
    if "coupling" not in data:
        return None, []
    entry = _table(data, "coupling")
    _check_keys(entry, {"kind", "source", "target"}, "coupling")
    source = entry.get("source", [])
    target = entry.get("target", [])
    if isinstance(source, str):
        source = [source]
    if isinstance(target, str):
        target = [target]
    if not isinstance(source, list) or not isinstance(target, list):
        raise ModelFileError(
            "coupling.source and coupling.target must be strings or arrays of strings"
        )
    kind = _string(entry.get("kind", "additive"), "coupling.kind")
    return kind, [(source, target)]


def loads_model(text: str, source: str = "<string>") -> Model:
    """Build a model from the text of a TOML model file.

    Raises
    ------
    ModelFileError
        If the file is not valid TOML, misses keys, or an expression is not
        allowed. The message names the key and the offending text.
    """
    if len(text.encode()) > MAX_FILE_SIZE:
        raise ModelFileError(f"{source}: file is larger than {MAX_FILE_SIZE} bytes")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ModelFileError(f"{source}: invalid TOML: {error}") from None
    try:
        return _build(data)
    except ExpressionError as error:
        raise ModelFileError(f"{source}: {error}") from None
    except ModelFileError as error:
        raise ModelFileError(f"{source}: {error}") from None
    except ModelError as error:
        raise ModelFileError(f"{source}: {error}") from None


def _build(data: dict) -> Model:
    _check_keys(data, _TOP_LEVEL_KEYS, "top level")
    name = _string(data.get("name", ""), "name")
    states = _parse_states(data)
    parameters = _parse_parameters(data)
    inputs = []
    for input_name, entry in _table(data, "inputs").items():
        where = f"inputs.{input_name}"
        if not isinstance(entry, dict):
            raise ModelFileError(f"{where}: expected a table, got {entry!r}")
        _check_keys(entry, {"description"}, where)
        description = _string(entry.get("description", ""), f"{where}.description")
        inputs.append(Input(input_name, description))

    names = {"t": TIME}
    for item, role in (
        *((state, "state") for state in states),
        *((parameter, "parameter") for parameter in parameters),
        *((entry, "input") for entry in inputs),
    ):
        check_name(item.name, role)
        names[item.name] = sp.Symbol(item.name, real=True)
    functions = _parse_functions(data, names)

    equations = {
        key: parse_expression(text, names, functions, where=f"equations.{key}")
        for key, text in _table(data, "equations", required=True).items()
    }
    outputs = {
        key: parse_expression(text, names, functions, where=f"outputs.{key}")
        for key, text in _table(data, "outputs").items()
    } or None

    coupling = None
    kind, channels = _parse_coupling(data)
    if kind is not None:
        sources, targets = channels[0]
        coupling = Coupling(
            kind,
            tuple(
                parse_expression(s, names, functions, where=f"coupling.source[{k}]")
                for k, s in enumerate(sources)
            ),
            tuple(_string(t, "coupling.target") for t in targets),
        )

    presets = {}
    for preset, values in _table(data, "presets").items():
        if not isinstance(values, dict):
            raise ModelFileError(f"presets.{preset}: expected a table of values")
        presets[preset] = {
            k: _number(v, f"presets.{preset}.{k}") for k, v in values.items()
        }

    references = []
    for k, entry in enumerate(_array(data, "references")):
        if not isinstance(entry, dict):
            raise ModelFileError(f"references[{k}]: expected a table")
        _check_keys(entry, {"authors", "year", "title"}, f"references[{k}]")
        references.append(
            Reference(
                _string(entry.get("authors", ""), f"references[{k}].authors"),
                int(_number(entry.get("year", 0), f"references[{k}].year")),
                _string(entry.get("title", ""), f"references[{k}].title"),
            )
        )

    provenance = []
    for k, entry in enumerate(_array(data, "provenance")):
        if not isinstance(entry, dict):
            raise ModelFileError(f"provenance[{k}]: expected a table")
        _check_keys(entry, {"parent", "operation", "arguments"}, f"provenance[{k}]")
        arguments = entry.get("arguments", {})
        if not isinstance(arguments, dict):
            raise ModelFileError(
                f"provenance[{k}].arguments: expected a table, got {arguments!r}"
            )
        provenance.append(
            Derivation(
                _string(entry.get("parent", ""), f"provenance[{k}].parent"),
                _string(entry.get("operation", ""), f"provenance[{k}].operation"),
                dict(arguments),
            )
        )

    forcing_input = data.get("forcing_input")
    if forcing_input is not None:
        forcing_input = _string(forcing_input, "forcing_input")

    return Model(
        name,
        states=states,
        parameters=parameters,
        equations=equations,
        inputs=inputs,
        functions=list(functions.values()),
        outputs=outputs,
        coupling=coupling,
        forcing_input=forcing_input,
        time_unit=_string(data.get("time_unit", "1"), "time_unit"),
        references=references,
        description=_string(data.get("description", ""), "description"),
        presets=presets,
        provenance=provenance,
    )


def load_model(path: str | Path) -> Model:
    """Read a model from a TOML model file (see the module docstring)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ModelFileError(
            f"cannot read model file {str(path)!r}: {error.strerror}"
        ) from None
    if size > MAX_FILE_SIZE:
        raise ModelFileError(f"{path}: file is larger than {MAX_FILE_SIZE} bytes")
    return loads_model(path.read_text(encoding="utf-8"), source=str(path))


# ----------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------
def _quote(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def _key(name: str) -> str:
    return name if name.replace("_", "a").isalnum() else _quote(name)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
            + " }"
        )
    raise ModelFileError(f"cannot write value {value!r} to a model file")


def dumps_model(model: Model) -> str:
    """Write ``model`` as the text of a TOML model file.

    Reading the text back with :func:`loads_model` gives a model with the same
    hash.
    """
    lines = [f"name = {_quote(model.name)}", f"time_unit = {_quote(model.time_unit)}"]
    if model.description:
        lines.append(f"description = {_quote(model.description)}")
    if model.forcing_input is not None:
        lines.append(f"forcing_input = {_quote(model.forcing_input)}")
    for state in model.states:
        lines += [
            "",
            f"[states.{_key(state.name)}]",
            f"initial = {_value(state.initial)}",
        ]
        if state.description:
            lines.append(f"description = {_quote(state.description)}")
    for parameter in model.parameters:
        lines += [
            "",
            f"[parameters.{_key(parameter.name)}]",
            f"value = {_value(parameter.value)}",
            f"unit = {_quote(parameter.unit)}",
        ]
        if parameter.bounds is not None:
            lower, upper = parameter.bounds
            if lower is not None:
                lines.append(f"min = {_value(float(lower))}")
            if upper is not None:
                lines.append(f"max = {_value(float(upper))}")
        if parameter.description:
            lines.append(f"description = {_quote(parameter.description)}")
    for item in model.inputs:
        lines += ["", f"[inputs.{_key(item.name)}]"]
        if item.description:
            lines.append(f"description = {_quote(item.description)}")
    for function in model.functions:
        lines += [
            "",
            f"[functions.{_key(function.__name__)}]",
            f"arguments = {_value([a.name for a in function._arguments])}",
            f"expression = {_quote(print_expression(function._body))}",
        ]
    lines += ["", "[equations]"]
    for name in model.state_names:
        lines.append(
            f"{_key(name)} = {_quote(print_expression(model.equations[name]))}"
        )
    lines += ["", "[outputs]"]
    for name, expr in model.outputs.items():
        lines.append(f"{_key(name)} = {_quote(print_expression(expr))}")
    if model.coupling is not None:
        lines += [
            "",
            "[coupling]",
            f"kind = {_quote(model.coupling.kind)}",
            f"source = {_value([print_expression(s) for s in model.coupling.source])}",
            f"target = {_value(list(model.coupling.target))}",
        ]
    for preset, values in model.presets.items():
        lines += ["", f"[presets.{_key(preset)}]"]
        lines += [f"{_key(k)} = {_value(float(v))}" for k, v in values.items()]
    for reference in model.references:
        lines += [
            "",
            "[[references]]",
            f"authors = {_quote(reference.authors)}",
            f"year = {reference.year}",
            f"title = {_quote(reference.title)}",
        ]
    for step in model.provenance:
        lines += [
            "",
            "[[provenance]]",
            f"parent = {_quote(step.parent)}",
            f"operation = {_quote(step.operation)}",
            f"arguments = {_value(dict(step.arguments))}",
        ]
    return "\n".join(lines) + "\n"


def dump_model(model: Model, path: str | Path) -> Path:
    """Write ``model`` to the TOML model file ``path``; return the path."""
    path = Path(path)
    path.write_text(dumps_model(model), encoding="utf-8")
    return path
