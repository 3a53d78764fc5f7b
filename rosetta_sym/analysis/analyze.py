"""One call that gathers the analysis of a model at given parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp

from rosetta_sym.analysis.continuation import continue_equilibria
from rosetta_sym.analysis.derivatives import jacobian
from rosetta_sym.analysis.fixed_points import find_fixed_points
from rosetta_sym.analysis.hopf import HopfCondition, hopf_condition
from rosetta_sym.analysis.results import Continuation, FixedPoint
from rosetta_sym.model import Model

__all__ = ["Analysis", "analyze"]


@dataclass(frozen=True)
class Analysis:
    """Everything ``rosetta analyze`` reports about one model.

    Attributes
    ----------
    model : Model
        The model with the analysed parameter values as defaults.
    parameters : dict of str to float
        Every parameter value used.
    jacobian : Matrix, shape (n_states, n_states)
        Symbolic Jacobian with inputs set to zero.
    hopf_condition : HopfCondition
    fixed_points : list of FixedPoint
        Equilibria at ``parameters``.
    continuation : Continuation or None
        Present when a continuation was requested.
    """

    model: Model
    parameters: dict[str, float]
    jacobian: sp.Matrix
    hopf_condition: HopfCondition
    fixed_points: list[FixedPoint]
    continuation: Continuation | None = field(default=None)


def analyze(
    model: Model,
    parameters: Mapping[str, float] | None = None,
    *,
    continuation: tuple[str, float, float] | None = None,
) -> Analysis:
    """Analyse ``model``: Jacobian, Hopf condition, fixed points, continuation.

    Parameters
    ----------
    model : Model
        Inputs are set to zero (autonomous analysis).
    parameters : mapping of str to float, optional
        Overrides of the default parameter values.
    continuation : (str, float, float), optional
        ``(parameter, start, stop)`` of a one-parameter continuation; the
        other parameters take the values above.

    Returns
    -------
    Analysis
    """
    if parameters:
        model = model.with_parameters(dict(parameters))
    result = None
    if continuation is not None:
        name, start, stop = continuation
        result = continue_equilibria(model, name, start, stop)
    return Analysis(
        model=model,
        parameters=dict(model.parameter_values),
        jacobian=jacobian(model),
        hopf_condition=hopf_condition(model),
        fixed_points=find_fixed_points(model),
        continuation=result,
    )
