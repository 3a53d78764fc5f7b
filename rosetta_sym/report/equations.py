"""Equations section: LaTeX equations, parameters, Jacobian and Hopf condition."""

from __future__ import annotations

import logging

import sympy as sp

from rosetta_sym.analysis import hopf_condition, jacobian
from rosetta_sym.analysis.hopf import hurwitz_matrix
from rosetta_sym.model import Model

__all__ = ["equations_section", "MAX_LATEX_CHARS"]

logger = logging.getLogger(__name__)

#: Largest number of states for which the report expands the Hopf condition in
#: the model's symbols. Beyond it the Hurwitz determinants grow too fast
#: (expanding Delta_9 of a 10-state rung takes minutes), so the report states
#: the condition in the characteristic polynomial coefficients a_k instead.
EXPANDED_HOPF_MAX_STATES = 4

#: Longest LaTeX string shown for one expression. A longer expression is
#: replaced by a note with its length and operation count.
MAX_LATEX_CHARS = 6000


def equations_section(model: Model) -> dict:
    """Collect the symbolic description of ``model`` for the report.

    Returns
    -------
    dict
        - ``equations``: LaTeX lines ``\\dot x = ...``, and ``functions``: LaTeX
          definitions of the auxiliary functions;
        - ``parameters``: name, value, unit, bounds and description of each;
        - ``states``, ``inputs``, ``outputs``, ``coupling``, ``presets``;
        - ``references``: the sources of the equations and parameter values;
        - ``jacobian``: LaTeX matrix of the autonomous system (inputs zero);
        - ``hopf_condition`` (LaTeX) and ``hopf_condition_text`` (plain text).
    """

    jac = sp.Matrix(jacobian(model))
    hopf_latex, hopf_text = _hopf_condition_lines(model)
    return {
        "description": model.description,
        "time_unit": model.time_unit,
        "equations": [
            f"\\dot{{{sp.latex(model.symbols[name])}}} = "
            f"{_latex(model.equations[name])}"
            for name in model.state_names
        ],
        "functions": [_function_latex(function) for function in model.functions],
        "states": [
            {"name": s.name, "initial": s.initial, "description": s.description}
            for s in model.states
        ],
        "parameters": [
            {
                "name": p.name,
                "latex": sp.latex(model.symbols[p.name]),
                "value": p.value,
                "unit": p.unit,
                "bounds": list(p.bounds) if p.bounds is not None else None,
                "description": p.description,
            }
            for p in model.parameters
        ],
        "inputs": [
            {
                "name": i.name,
                "description": i.description,
                "forcing": i.name == model.forcing_input,
            }
            for i in model.inputs
        ],
        "outputs": {name: _latex(expr) for name, expr in model.outputs.items()},
        "coupling": _coupling(model),
        "presets": {name: dict(values) for name, values in model.presets.items()},
        "references": [
            {"authors": r.authors, "year": r.year, "title": r.title}
            for r in model.references
        ],
        "jacobian": _latex(jac),
        "hopf_condition": hopf_latex,
        "hopf_condition_text": hopf_text,
    }


def _latex(expr) -> str:
    text = sp.latex(expr)
    if len(text) <= MAX_LATEX_CHARS:
        return text
    return (
        f"\\text{{(expression of {len(text)} LaTeX characters,"
        f" {sp.count_ops(expr)} operations; not shown)}}"
    )


def _clip(text: str) -> str:
    if len(text) <= MAX_LATEX_CHARS:
        return text
    return text[:MAX_LATEX_CHARS] + f" ... ({len(text)} characters in all)"


def _function_latex(function) -> str:
    arguments = ", ".join(sp.latex(a) for a in function._arguments)
    name = sp.latex(sp.Symbol(function.__name__))
    return f"{name}({arguments}) = {_latex(function._body)}"


def _coupling(model: Model) -> dict | None:
    coupling = model.coupling
    if coupling is None:
        return None
    return {
        "kind": coupling.kind,
        "channels": [
            {"source": _latex(source), "target": target}
            for source, target in zip(coupling.source, coupling.target, strict=True)
        ],
    }


def _hopf_condition_lines(model: Model) -> tuple[list[str], list[str]]:
    """Return the Hopf condition as LaTeX lines and as plain-text lines."""

    n = model.n_states
    if n <= EXPANDED_HOPF_MAX_STATES:
        condition = hopf_condition(model)
        return _hopf_latex(condition), [_clip(line) for line in condition.as_strings()]
    coefficients = sp.symbols(f"a1:{n + 1}", real=True)
    minor = hurwitz_matrix(coefficients)[: n - 1, : n - 1]
    latex = [
        f"\\det(\\lambda I - J) = \\lambda^{{{n}}} + a_1 \\lambda^{{{n - 1}}} + "
        f"\\dots + a_{{{n}}}",
        "a_k = (-1)^k \\times (\\text{sum of the } k \\times k "
        "\\text{ principal minors of } J)",
        f"\\Delta_{{{n - 1}}} = \\det {sp.latex(minor)} = 0",
        f"a_{{{n}}} > 0, \\quad \\Delta_1, \\dots, \\Delta_{{{n - 2}}} > 0",
        f"\\omega^2 = a_{{{n}}} \\Delta_{{{n - 3}}} / \\Delta_{{{n - 2}}}",
    ]
    text = [
        f"a_k: coefficients of det(lambda I - J) = lambda**{n} + a1 lambda**{n - 1} "
        f"+ ... + a{n}; a_k = (-1)**k times the sum of the k-by-k principal minors "
        "of J",
        f"Delta_{n - 1} = det(Hurwitz matrix of a1..a{n}, leading {n - 1} rows and "
        "columns) = 0",
        f"a{n} > 0 and Delta_1, ..., Delta_{n - 2} > 0",
        f"omega**2 = a{n} Delta_{n - 3} / Delta_{n - 2}",
    ]
    return latex, text


def _hopf_latex(condition) -> list[str]:
    lines = [
        f"{sp.latex(symbol)} = {_latex(expr)}"
        for symbol, expr in condition.coefficients.items()
    ]
    lines.append(f"{_latex(condition.equation)} = 0")
    lines.extend(f"{_latex(expr)} > 0" for expr in condition.inequalities)
    lines.append(f"\\omega^2 = {_latex(condition.omega_squared)}")
    return lines
