"""The template context: names, sizes and printed blocks of one model.

Every template renders from the same context (see the "Seam 3" section of
``docs/architecture.md``). Printed code uses local variables named after the
model: ``s_<state>``, ``p_<parameter>``, ``u_<input>`` and ``t`` for time, so no
model name can clash with a name of the generated module.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from dataclasses import dataclass
from typing import Any

import sympy as sp

from rosetta_sym.codegen.jit import jit_options_source
from rosetta_sym.codegen.printer import LOGISTIC_HELPER, print_expression
from rosetta_sym.codegen.rewrites import apply_rewrites
from rosetta_sym.codegen.version import generator_version
from rosetta_sym.io import ExpressionError
from rosetta_sym.io import print_expression as print_model_expression
from rosetta_sym.model import Model

__all__ = ["Block", "build_context", "kernel_hash", "print_block"]

#: Width of the equation comments in the module header.
COMMENT_WIDTH = 86


@dataclass(frozen=True)
class Block:
    """Printed code of one kernel.

    Attributes
    ----------
    lines : tuple of str
        Assignments to run first, in order: conditional expressions
        (``pw0 = (a if x > 0.0 else b)``), then common subexpressions
        (``c0 = ...``).
    results : tuple of str
        One Python expression per output of the kernel, in the local names.
    """

    lines: tuple[str, ...]
    results: tuple[str, ...]


def kernel_hash(model: Model) -> str:
    """Return the SHA-256 of everything the kernels of ``model`` compute.

    It covers the model name, the names and order of states, parameters,
    inputs and outputs, the forcing input, equations, auxiliary functions,
    outputs and coupling. Parameter defaults, bounds, units and initial values
    are runtime arguments of the kernels, so copies made with
    ``Model.with_parameters`` share one compiled module.

    Returns
    -------
    str
        64 hex digits.
    """
    content = {
        "name": model.name,
        "states": list(model.state_names),
        "parameters": list(model.parameter_names),
        "inputs": list(model.input_names),
        "forcing_input": model.forcing_input,
        "functions": [
            [f.__name__, [a.name for a in f._arguments], sp.srepr(f._body)]
            for f in model.functions
        ],
        "equations": [sp.srepr(model.equations[n]) for n in model.state_names],
        "outputs": [[k, sp.srepr(v)] for k, v in model.outputs.items()],
        "coupling": None
        if model.coupling is None
        else [
            model.coupling.kind,
            [sp.srepr(s) for s in model.coupling.source],
            list(model.coupling.target),
        ],
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def print_block(
    expressions: list[sp.Expr], local_symbols: dict[sp.Symbol, sp.Symbol]
) -> Block:
    """Rewrite, share common subexpressions and print the outputs of one kernel.

    Parameters
    ----------
    expressions : list of Expr
        Every output of the kernel, in the model's symbols.
    local_symbols : dict
        Model symbol to local-variable symbol (``x`` to ``s_x``).

    Returns
    -------
    Block
        ``sympy.cse`` runs over all expressions together. Each Piecewise is
        first lifted into its own line, so that no subexpression of an untaken
        branch is moved out of its conditional expression and evaluated.
    """
    rewritten = [apply_rewrites(e).xreplace(local_symbols) for e in expressions]
    rewritten, piecewise = _lift_piecewise(rewritten)
    replacements, reduced = sp.cse(
        rewritten, symbols=sp.numbered_symbols("c", real=True), optimizations=None
    )
    lines = [f"{name} = {print_expression(value)}" for name, value in piecewise]
    lines += [f"{name} = {print_expression(value)}" for name, value in replacements]
    results = [print_expression(e) for e in reduced]
    return Block(tuple(lines), tuple(results))


def _lift_piecewise(expressions):
    """Replace each outermost Piecewise by a symbol ``pw<k>``, numbered in the
    order of a preorder traversal."""
    found: list[sp.Piecewise] = []
    for expr in expressions:
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Piecewise) and node not in found:
                found.append(node)
    # Keep only outermost ones: a Piecewise nested in another stays inside.
    outermost = [p for p in found if not any(p != q and q.has(p) for q in found)]
    names = {p: sp.Symbol(f"pw{k}", real=True) for k, p in enumerate(outermost)}
    lifted = [e.xreplace(names) for e in expressions]
    return lifted, [(names[p], p) for p in outermost]


def _local_symbols(model: Model) -> dict[sp.Symbol, sp.Symbol]:
    table = {}
    for prefix, names in (
        ("s_", model.state_names),
        ("p_", model.parameter_names),
        ("u_", model.input_names),
    ):
        for name in names:
            table[model.symbols[name]] = sp.Symbol(prefix + name, real=True)
    return table


def _comment_text(expr: sp.Expr) -> str:
    """Print ``expr`` in the model-file notation, or SymPy's when that fails
    (a Piecewise without a default branch has no model-file form)."""
    try:
        return print_model_expression(expr)
    except ExpressionError:
        return sp.sstr(expr)


def _equation_comments(model: Model) -> list[str]:
    """Return the equations, functions, outputs and coupling as comment text."""
    entries = [
        f"d{n}/dt = {_comment_text(model.equations[n])}" for n in model.state_names
    ]
    for function in model.functions:
        arguments = ", ".join(a.name for a in function._arguments)
        body = _comment_text(function._body)
        entries.append(f"{function.__name__}({arguments}) = {body}")
    for name, expr in model.outputs.items():
        entries.append(f"output {name} = {_comment_text(expr)}")
    if model.coupling is not None:
        channels = zip(model.coupling.source, model.coupling.target, strict=True)
        for k, (source, target) in enumerate(channels):
            entries.append(
                f"coupling channel {k} ({model.coupling.kind}): sends "
                f"{_comment_text(source)} to input {target}"
            )
    lines = []
    for entry in entries:
        lines += textwrap.wrap(
            entry, COMMENT_WIDTH, subsequent_indent="    ", break_long_words=False
        )
    return lines


def build_context(model: Model) -> dict[str, Any]:
    """Build the template context of ``model``.

    Returns
    -------
    dict
        The keys listed in the "Seam 3" section of ``docs/architecture.md``.
        Symbolic work is cached per :func:`kernel_hash`, so copies of a model
        with other parameter defaults reuse it.
    """
    key = kernel_hash(model)
    if key not in _CONTEXTS:
        _CONTEXTS[key] = _compute_context(model, key)
    return dict(_CONTEXTS[key])


#: Contexts computed in this process, by kernel hash.
_CONTEXTS: dict[str, dict[str, Any]] = {}


def _compute_context(model: Model, hash_: str) -> dict[str, Any]:
    locals_ = _local_symbols(model)
    states = model.state_symbols
    rhs = list(model.rhs_expanded)
    jacobian = sp.Matrix(rhs).jacobian(states)
    sources = [] if model.coupling is None else list(model.coupling.source)
    targets = [] if model.coupling is None else list(model.coupling.target)
    forcing = model.forcing_input
    context = {
        "model_name": model.name,
        "model_hash": hash_,
        "generator_version": generator_version(),
        "jit_options": jit_options_source(),
        "logistic_helper": LOGISTIC_HELPER,
        "n_states": len(model.states),
        "n_params": len(model.parameters),
        "n_inputs": len(model.inputs),
        "n_outputs": len(model.outputs),
        "n_channels": len(sources),
        "coupling_kind": None if model.coupling is None else model.coupling.kind,
        "channel_targets": [model.input_names.index(n) for n in targets],
        "forcing_input_index": None
        if forcing is None
        else model.input_names.index(forcing),
        "state_names": list(model.state_names),
        "parameter_names": list(model.parameter_names),
        "input_names": list(model.input_names),
        "output_names": list(model.outputs),
        "state_locals": [f"s_{n}" for n in model.state_names],
        "parameter_locals": [f"p_{n}" for n in model.parameter_names],
        "input_locals": [f"u_{n}" for n in model.input_names],
        "equation_comments": _equation_comments(model),
        "rhs": print_block(rhs, locals_),
        "jacobian": print_block(list(jacobian), locals_),
        "outputs": print_block(list(model.outputs.values()), locals_),
        "coupling_source": print_block(sources, locals_),
    }
    return context
