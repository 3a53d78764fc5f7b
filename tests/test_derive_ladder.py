"""The ladder as derivations: every derived rung equals the declared one."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.analysis import find_fixed_points
from rosetta_sym.derive.ladder_derivations import (
    DERIVATIONS,
    compare_models,
    derivation_targets,
    derive,
)
from rosetta_sym.io import dumps_model, loads_model
from rosetta_sym.model import ModelError

ROUTES = sorted(DERIVATIONS)


@pytest.fixture(scope="module")
def derived_models():
    """Every derived rung, keyed by (target, route)."""
    return {key: derive(*key) for key in ROUTES}


@pytest.mark.parametrize("key", ROUTES, ids=["-".join(k) for k in ROUTES])
def test_derived_rung_equals_declared(derived_models, key):
    comparison = compare_models(derived_models[key], ladder.get(key[0]))
    assert comparison.equal, comparison.differences


@pytest.mark.parametrize("key", ROUTES, ids=["-".join(k) for k in ROUTES])
def test_derived_rung_has_provenance(derived_models, key):
    model = derived_models[key]
    assert model.provenance
    assert all(len(step.parent) == 64 for step in model.provenance)


@pytest.mark.parametrize("key", ROUTES, ids=["-".join(k) for k in ROUTES])
def test_derived_rung_toml_roundtrip(derived_models, key):
    model = derived_models[key]
    loaded = loads_model(dumps_model(model))
    assert loaded.hash == model.hash
    assert loaded.provenance == model.provenance


@pytest.mark.parametrize("key", ROUTES, ids=["-".join(k) for k in ROUTES])
def test_derived_rung_same_fixed_points(derived_models, key):
    # Same equations and same defaults: the analysis layer finds the same
    # equilibria on the derived model as on the declared rung.
    declared = ladder.get(key[0])
    mine = find_fixed_points(derived_models[key])
    theirs = find_fixed_points(declared)
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs, strict=True):
        vector = np.array([a.state[n] for n in declared.state_names])
        assert vector == pytest.approx(b.vector, rel=1e-7, abs=1e-9)


def test_every_parented_rung_is_derivable():
    expected = {
        "damped_oscillator",
        "stuart_landau",
        "wilson_cowan",
        "ei_motif",
        "montbrio_pazo_roxin_first_order",
        "montbrio_pazo_roxin_second_order",
        "ing",
    }
    assert expected <= set(derivation_targets())


def test_compare_detects_changed_equation():
    wilson_cowan = ladder.get("wilson_cowan")
    x = wilson_cowan.symbols["x"]
    equations = dict(wilson_cowan.equations)
    equations["x"] = equations["x"] + x / 100
    changed = wilson_cowan.replace(equations=equations)
    comparison = compare_models(changed, wilson_cowan)
    assert not comparison.equal
    assert any(line.startswith("dx/dt") for line in comparison.differences)


def test_compare_expands_auxiliary_functions():
    wilson_cowan = ladder.get("wilson_cowan")
    expanded = dict(
        zip(wilson_cowan.state_names, wilson_cowan.rhs_expanded, strict=True)
    )
    inlined = wilson_cowan.replace(functions=[], equations=expanded)
    assert compare_models(inlined, wilson_cowan).equal


def test_compare_detects_other_rung():
    comparison = compare_models(ladder.get("ei_motif"), ladder.get("wilson_cowan"))
    assert not comparison.equal
    assert comparison.differences


def test_derive_unknown_target():
    with pytest.raises(ModelError, match="no derivation"):
        derive("jansen_rit")


def test_derive_unknown_route():
    with pytest.raises(ModelError, match="no route"):
        derive("ei_motif", "teleport")


def test_wilson_cowan_kernels_match(derived_models, kernel_cache_dir):
    # The generated kernel of the derived model evaluates the same vector
    # field as the declared rung's equations, evaluated by SymPy.
    from rosetta_sym.codegen import load_kernels

    model = derived_models[("wilson_cowan", "fast_synapse")]
    kernels = load_kernels(model)
    y = np.array([0.3, 0.6])
    u = np.zeros(len(model.inputs))
    dydt = np.zeros(2)
    kernels.rhs(0.0, y, model.parameter_vector, u, dydt)
    declared = ladder.get("wilson_cowan")
    values = {declared.symbols[n]: v for n, v in declared.parameter_values.items()}
    values |= {declared.symbols["x"]: 0.3, declared.symbols["y"]: 0.6}
    values |= {s: 0 for s in declared.input_symbols}
    expected = [
        float(e.rewrite(sp.exp).evalf(subs=values)) for e in declared.rhs_expanded
    ]
    assert dydt == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "key", [("wilson_cowan", "fast_synapse"), ("stuart_landau", "saturation")]
)
def test_derived_rung_same_hash(derived_models, key):
    assert derived_models[key].hash == ladder.get(key[0]).hash
