"""Adiabatic elimination of fast variables (fast-synapse and fast-membrane limits).

When a variable relaxes much faster than the others it sits on its nullcline:
its equation is replaced by the algebraic condition ``f = 0``, solved for that
variable and substituted everywhere (the quasi-steady-state approximation).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sympy as sp

from rosetta_sym.derive import editing
from rosetta_sym.model import Model, ModelError
from rosetta_sym.model.functions import expand_auxiliary

__all__ = ["eliminate_fast_variables", "fast_synapse_limit", "fast_membrane_limit"]

logger = logging.getLogger(__name__)


def _solve_nullclines(model: Model, states: Sequence[str]) -> dict[sp.Symbol, sp.Expr]:
    """Solve ``f_k = 0`` for the listed states; raise unless exactly one solution."""
    unknowns = [model.symbols[s] for s in states]
    equations = [sp.numer(sp.together(model.equations[s])) for s in states]
    try:
        solutions = sp.solve(equations, unknowns, dict=True)
    except NotImplementedError:
        solutions = []
    # The solution may not depend on the eliminated variables themselves; a
    # remaining dependence means the nullcline is only implicitly defined.
    valid = [
        solution
        for solution in solutions
        if len(solution) == len(unknowns)
        and not any(v.has(*unknowns) for v in solution.values())
    ]
    if len(valid) != 1:
        listed = ", ".join(f"d{s}/dt = {model.equations[s]}" for s in states)
        found = "no explicit solution" if not valid else f"{len(valid)} solutions"
        raise ModelError(
            f"cannot eliminate {', '.join(states)}: solving {listed} = 0 for "
            f"{', '.join(states)} gave {found}; adiabatic elimination needs a "
            "nullcline that is an explicit, unique function of the other variables"
        )
    return valid[0]


def eliminate_fast_variables(
    model: Model,
    states: Sequence[str],
    *,
    operation: str = "eliminate_fast_variables",
    name: str | None = None,
) -> Model:
    """Set fast ``states`` to their nullclines and drop their equations.

    Parameters
    ----------
    model : Model
    states : sequence of str
        States to eliminate jointly (for a second-order synapse, both the
        activation and its derivative).
    operation : str
        Operation name recorded in the provenance.

    Raises
    ------
    ModelError
        When the nullcline cannot be solved explicitly and uniquely for those
        states, or a state to eliminate is used by the coupling source in a way
        that makes the result depend on inputs.
    """
    states = list(states)
    if not states:
        raise ModelError("eliminate_fast_variables: give at least one state")
    for state in states:
        model.state_index(state)
    if len(states) == model.n_states:
        raise ModelError(
            f"cannot eliminate every state of model {model.name!r}; keep at least one"
        )
    solution = _solve_nullclines(model, states)
    fields = editing.declaration(model)
    fields["equations"] = {
        k: v.xreplace(solution) for k, v in model.equations.items() if k not in states
    }
    fields["states"] = tuple(s for s in model.states if s.name not in states)
    fields["outputs"] = {k: v.xreplace(solution) for k, v in model.outputs.items()}
    if model.coupling is not None:
        sources = tuple(s.xreplace(solution) for s in model.coupling.source)
        input_symbols = set(model.input_symbols)
        if any(s.free_symbols & input_symbols for s in sources):
            raise ModelError(
                f"eliminating {', '.join(states)} makes the coupling source depend "
                "on an input; send a slow variable instead"
            )
        fields["coupling"] = type(model.coupling)(
            model.coupling.kind, sources, model.coupling.target
        )
    # An output equal to an eliminated state would now depend on inputs only
    # through the nullcline, which is allowed: outputs may use inputs.
    fields = editing.prune_parameters(fields)
    arguments = {
        "states": list(states),
        "nullclines": [
            str(expand_auxiliary(solution[model.symbols[s]])) for s in states
        ],
    }
    logger.info("eliminated %s from %s", states, model.name)
    return editing.finish(model, operation, arguments, fields, name=name or model.name)


def fast_synapse_limit(
    model: Model, synapse_states: Sequence[str], *, name: str | None = None
) -> Model:
    """Take the fast-synapse limit ``tau_s -> 0``: each synapse follows its drive.

    For the master neural mass this gives the Wilson-Cowan rate model.
    """
    return eliminate_fast_variables(
        model, synapse_states, operation="fast_synapse_limit", name=name
    )


def fast_membrane_limit(
    model: Model, rate_states: Sequence[str], *, name: str | None = None
) -> Model:
    """Take the fast-membrane limit ``tau_m -> 0``: each rate equals its transfer.

    For the master neural mass with second-order synapses this gives the NMM1
    motif ``L[s] = phi(...)`` of Jansen-Rit type.
    """
    return eliminate_fast_variables(
        model, rate_states, operation="fast_membrane_limit", name=name
    )
