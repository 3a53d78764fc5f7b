"""One-parameter continuation: curve and arclength methods, refinement."""

from __future__ import annotations

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.analysis import (
    canonical_continuation,
    continue_equilibria,
    numeric_model,
)
from rosetta_sym.analysis.numeric import parameter_vector
from rosetta_sym.model import ModelError


@pytest.fixture(scope="module")
def jansen_rit_runs():
    model = ladder.get("jansen_rit")
    curve = continue_equilibria(model, "p", -80.0, 350.0)
    arclength = continue_equilibria(model, "p", -80.0, 350.0, method="arclength")
    return curve, arclength


def test_jansen_rit_methods(jansen_rit_runs):
    curve, arclength = jansen_rit_runs
    assert curve.method == "curve"
    assert arclength.method == "arclength"


def test_jansen_rit_methods_agree(jansen_rit_runs):
    curve, arclength = jansen_rit_runs
    for kind in ("fold", "hopf"):
        a = sorted(b.value for b in curve.of_kind(kind))
        b = sorted(b.value for b in arclength.of_kind(kind))
        assert len(a) == len(b)
        assert a == pytest.approx(b, rel=1e-8)


def test_jansen_rit_bifurcations_are_refined(jansen_rit_runs):
    curve, _ = jansen_rit_runs
    model = ladder.get("jansen_rit")
    nm = numeric_model(model)
    assert curve.of_kind("fold")
    assert curve.of_kind("hopf")
    for item in curve.bifurcations:
        p = parameter_vector(model, {"p": item.value})
        y = np.array(list(item.state.values()))
        assert np.max(np.abs(nm.rhs(y, p))) < 1e-8
        values = np.linalg.eigvals(nm.jacobian(y, p))
        if item.kind == "fold":
            assert np.min(np.abs(values)) < 1e-6 * np.max(np.abs(values))
        else:
            critical = values[np.argmin(np.abs(values - 1j * item.omega))]
            assert abs(critical.real) < 1e-6 * item.omega
            assert critical.imag == pytest.approx(item.omega, rel=1e-8)
            assert item.frequency_hz == pytest.approx(item.omega / (2 * np.pi))


def test_jansen_rit_alpha_band_hopf(jansen_rit_runs):
    # The classic Jansen-Rit rhythm is in the alpha band (about 10-11 Hz).
    curve, _ = jansen_rit_runs
    supercritical = [
        b for b in curve.of_kind("hopf") if b.criticality == "supercritical"
    ]
    assert supercritical
    assert all(8.0 < b.frequency_hz < 13.0 for b in supercritical)


def test_wilson_cowan_segments():
    result = continue_equilibria(ladder.get("wilson_cowan"), "P_x", -5.0, 5.0)
    stabilities = [(s.stable, s.type) for s in result.segments]
    assert stabilities == [
        (True, "stable node"),
        (False, "saddle"),
        (False, "unstable focus"),
        (True, "stable focus"),
    ]
    first, last = result.segments[0], result.segments[-1]
    assert first.start == pytest.approx(-5.0)
    assert last.stop == pytest.approx(5.0)
    assert result.values.min() >= -5.0 - 1e-9
    assert result.values.max() <= 5.0 + 1e-9
    assert result.stable.shape == result.values.shape
    assert result.states.shape == (result.values.size, 2)


def test_ing_gamma_window():
    # A fast inhibitory cycle is born and dies at two supercritical Hopf
    # points; its frequency rises with I from about 55 Hz into the hundreds.
    model = ladder.get("ing")
    result = continue_equilibria(model, "I", 0.0, 100.0)
    hopfs = [b for b in result.of_kind("hopf") if b.criticality == "supercritical"]
    assert len(hopfs) == 2
    low, high = sorted(hopfs, key=lambda b: b.value)
    assert 40.0 < low.frequency_hz < 70.0
    assert high.frequency_hz > 100.0


def test_ping_rhythm_window():
    # Simulations of this parameter set oscillate for I_e between about 6
    # and 43.
    result = continue_equilibria(ladder.get("ping"), "I_e", 0.0, 60.0)
    hopfs = sorted(b.value for b in result.of_kind("hopf"))
    assert len(hopfs) == 2
    assert hopfs[0] == pytest.approx(6.0, abs=1.0)
    assert hopfs[1] == pytest.approx(43.0, abs=1.0)


def test_interval_order_does_not_matter():
    model = ladder.get("wilson_cowan")
    forward = continue_equilibria(model, "P_x", 0.0, 3.0)
    backward = continue_equilibria(model, "P_x", 3.0, 0.0)
    assert [b.value for b in forward.bifurcations] == pytest.approx(
        [b.value for b in backward.bifurcations]
    )


def test_other_parameters_are_applied():
    model = ladder.get("wilson_cowan")
    result = continue_equilibria(model, "P_x", -5.0, 5.0, {"w_xx": 0.0, "w_yy": 0.0})
    # Without self-coupling the trace is always negative: no Hopf point.
    assert result.of_kind("hopf") == []


def test_invalid_requests_are_rejected():
    model = ladder.get("wilson_cowan")
    with pytest.raises(ModelError, match="not a parameter"):
        continue_equilibria(model, "nope", 0.0, 1.0)
    with pytest.raises(ModelError, match="empty"):
        continue_equilibria(model, "P_x", 1.0, 1.0)
    with pytest.raises(ModelError, match="below its lower bound"):
        continue_equilibria(model, "tau_x", -1.0, 1.0)
    with pytest.raises(ModelError, match="no parametrised equilibrium curve"):
        continue_equilibria(
            ladder.get("stuart_landau"), "alpha", -1.0, 1.0, method="curve"
        )


def test_canonical_continuations():
    assert canonical_continuation("wilson_cowan") == ("P_x", -5.0, 5.0)
    assert canonical_continuation("wilson_cowan:B") == ("P_y", -10.0, 0.0)
    assert canonical_continuation("jansen_rit") == ("p", -80.0, 350.0)
    assert canonical_continuation("ing") == ("I", -20.0, 100.0)
    assert canonical_continuation("ping") == ("I_e", 0.0, 60.0)
    assert canonical_continuation("stuart_landau") == ("alpha", -1.0, 1.0)
    assert canonical_continuation("no_such_rung") is None
    for name in ladder.names():
        entry = canonical_continuation(name)
        if entry is not None:
            assert entry[0] in ladder.get(name).parameter_names
