"""Analytic bifurcation analysis of a model's autonomous node.

Inputs (forcing, noise, network coupling) are set to zero throughout.

Entry points: :func:`analyze`, :func:`find_fixed_points`,
:func:`continue_equilibria`, :func:`jacobian`, :func:`hopf_condition` and
:func:`hopf_normal_form`.
"""

from rosetta_sym.analysis.analyze import Analysis, analyze
from rosetta_sym.analysis.arclength import ArclengthSettings
from rosetta_sym.analysis.canonical import canonical_continuation
from rosetta_sym.analysis.continuation import continue_equilibria
from rosetta_sym.analysis.derivatives import (
    autonomous_rhs,
    jacobian,
    parameter_jacobian,
    second_derivatives,
    third_derivatives,
)
from rosetta_sym.analysis.equilibrium_curve import EquilibriumCurve, equilibrium_curve
from rosetta_sym.analysis.fixed_points import find_fixed_points
from rosetta_sym.analysis.hopf import HopfCondition, hopf_condition
from rosetta_sym.analysis.lyapunov import (
    HopfNormalForm,
    first_lyapunov_coefficient,
    hopf_normal_form,
)
from rosetta_sym.analysis.numeric import NumericModel, numeric_model
from rosetta_sym.analysis.results import Bifurcation, Continuation, FixedPoint, Segment
from rosetta_sym.analysis.stability import classify, eigenvalues

__all__ = [
    "Analysis",
    "ArclengthSettings",
    "Bifurcation",
    "Continuation",
    "EquilibriumCurve",
    "FixedPoint",
    "HopfCondition",
    "HopfNormalForm",
    "NumericModel",
    "Segment",
    "analyze",
    "autonomous_rhs",
    "canonical_continuation",
    "classify",
    "continue_equilibria",
    "eigenvalues",
    "equilibrium_curve",
    "find_fixed_points",
    "first_lyapunov_coefficient",
    "hopf_condition",
    "hopf_normal_form",
    "jacobian",
    "numeric_model",
    "parameter_jacobian",
    "second_derivatives",
    "third_derivatives",
]
