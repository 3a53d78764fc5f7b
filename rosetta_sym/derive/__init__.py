"""Derivations between models: refinements up the ladder and reductions down it.

Refinements (model -> model, each recorded in the provenance):
:mod:`~rosetta_sym.derive.refinements` (damping, saturation, bias, inputs,
parameters, transfer functions), :mod:`~rosetta_sym.derive.synapses`,
:mod:`~rosetta_sym.derive.limits` (adiabatic elimination),
:mod:`~rosetta_sym.derive.coordinates` and :mod:`~rosetta_sym.derive.motif`.
:mod:`~rosetta_sym.derive.master` builds the master neural mass, and
:mod:`~rosetta_sym.derive.ladder_derivations` rebuilds the built-in rungs.

Reductions: :mod:`~rosetta_sym.derive.reduce_linear` (damped oscillator),
:mod:`~rosetta_sym.derive.reduce_hopf` (Stuart-Landau) and
:mod:`~rosetta_sym.derive.reduce_phase` (phase oscillator), with
:mod:`~rosetta_sym.derive.periodic_orbit` for limit cycles.
"""
