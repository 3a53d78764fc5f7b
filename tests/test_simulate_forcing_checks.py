"""Forcing terms: non-finite values and frequencies above the Nyquist frequency."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.simulate import Chirp, Constant, Sinusoid, parse_forcing
from rosetta_sym.simulate.forcing import ForcingError, ForcingPlan

FORCING_LOGGER = "rosetta_sym.simulate.forcing"


def plan_for(model_name: str, *terms) -> ForcingPlan:
    model = ladder.get(model_name)
    return ForcingPlan(model, list(terms), 1, np.random.SeedSequence(0))


@pytest.mark.parametrize(
    "make, shown",
    [
        (lambda: Sinusoid(amplitude=float("nan")), "amplitude=nan"),
        (lambda: Sinusoid(frequency=float("inf")), "frequency=inf"),
        (lambda: Chirp(f1=float("-inf")), "f1=-inf"),
        (lambda: Constant(value=float("nan")), "value=nan"),
        (lambda: Constant(value=1.0, gain=[1.0, float("nan")]), "gain=[1.0, nan]"),
    ],
)
def test_non_finite_field_named(make, shown):
    with pytest.raises(ForcingError) as error:
        make()

    assert shown in str(error.value)
    assert "not a finite number" in str(error.value)


def test_parsed_nan_names_spec_and_field():
    with pytest.raises(ForcingError) as error:
        parse_forcing("sinusoid:amplitude=nan,frequency=10")

    message = str(error.value)
    assert "'sinusoid:amplitude=nan,frequency=10'" in message
    assert "amplitude=nan" in message


def test_parsed_bad_seed_is_forcing_error():
    with pytest.raises(ForcingError, match="'x' of 'seed' is not an integer"):
        parse_forcing("ou:seed=x")


def test_unknown_input_lists_declared_inputs():
    with pytest.raises(ForcingError) as error:
        plan_for("jansen_rit", Sinusoid(input="nope"))

    assert "'nope'" in str(error.value)
    assert "one of F, c" in str(error.value)


def test_nyquist_warning_in_hz(caplog):
    # jansen_rit runs in seconds: dt = 1e-4 s resolves up to 5000 Hz.
    plan = plan_for("jansen_rit", Sinusoid(frequency=6000.0))

    with caplog.at_level(logging.WARNING, logger=FORCING_LOGGER):
        plan.values(0.0, 1e-4, 0, 4)

    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "frequency 6000 Hz" in message
    assert "Nyquist frequency 1/(2 dt) = 5000 Hz" in message
    assert "dt = 0.0001 s" in message


def test_nyquist_warning_converts_ms(caplog):
    # ms time: 6000 Hz is 6 cycles per ms and dt = 0.1 ms resolves 5 per ms.
    plan = plan_for("montbrio_pazo_roxin", Sinusoid(frequency=6000.0))

    with caplog.at_level(logging.WARNING, logger=FORCING_LOGGER):
        plan.values(0.0, 0.1, 0, 4)

    message = caplog.records[0].getMessage()
    assert "6000 Hz (6 cycles per ms)" in message
    assert "5000 Hz (5 cycles per ms)" in message
    assert "dt = 0.1 ms" in message


def test_nyquist_warning_dimensionless_chirp(caplog):
    plan = plan_for("stuart_landau", Chirp(f0=1.0, f1=80.0, input="F_x"))

    with caplog.at_level(logging.WARNING, logger=FORCING_LOGGER):
        plan.values(0.0, 0.01, 0, 4)

    message = caplog.records[0].getMessage()
    assert "frequency 80 cycles per time unit" in message
    assert "= 50 cycles per time unit" in message


def test_nyquist_warning_once_per_step(caplog):
    plan = plan_for("jansen_rit", Sinusoid(frequency=6000.0))

    with caplog.at_level(logging.WARNING, logger=FORCING_LOGGER):
        plan.values(0.0, 1e-4, 0, 4)
        plan.values(0.0, 1e-4, 4, 4)

    assert len(caplog.records) == 1


def test_resolved_frequency_no_warning(caplog):
    plan = plan_for("jansen_rit", Sinusoid(frequency=4000.0), Constant(value=1.0))

    with caplog.at_level(logging.WARNING, logger=FORCING_LOGGER):
        plan.values(0.0, 1e-4, 0, 4)

    assert caplog.records == []
