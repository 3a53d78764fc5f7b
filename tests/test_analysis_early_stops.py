"""Continuations that stop inside the interval report where and why."""

from __future__ import annotations

import logging

from rosetta_sym import ladder
from rosetta_sym.analysis import ArclengthSettings, continue_equilibria


def test_point_limit_reported_and_logged(caplog):
    model = ladder.get("wilson_cowan")
    settings = ArclengthSettings(max_points=10)

    with caplog.at_level(logging.WARNING, logger="rosetta_sym.analysis"):
        result = continue_equilibria(
            model, "P_x", -5.0, 5.0, method="arclength", settings=settings
        )

    assert result.early_stops
    for stop in result.early_stops:
        assert -5.0 < stop.value < 5.0
        assert "maximum of 10 points" in stop.reason
    assert "stops early at P_x = " in caplog.text


def test_full_arclength_branch_has_no_early_stop():
    model = ladder.get("wilson_cowan")

    result = continue_equilibria(model, "P_x", -5.0, 5.0, method="arclength")

    assert result.early_stops == []
