"""Text printed by the CLI: signs in formulas, presets, early continuation stops."""

from __future__ import annotations

import json

import pytest

from rosetta_sym.cli.main import main
from rosetta_sym.derive.formatting import (
    coupling_function_text,
    format_difference,
    format_sum,
)


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.006, "psi - 0.006"),
        (-0.006, "psi + 0.006"),
        (-5.2225e-12, "psi + 5.2225e-12"),
        (0.0, "psi"),
        (-0.0, "psi"),
    ],
)
def test_format_difference_signs(value, expected):
    assert format_difference("psi", value) == expected


def test_format_sum_signs():
    assert format_sum([(0.1, ""), (-2.0, "sin(psi)")]) == "0.1 - 2 sin(psi)"
    assert format_sum([(-0.1, ""), (2.0, "x")]) == "-0.1 + 2 x"


def test_coupling_function_negative_lag():
    text = coupling_function_text(0.5, -1.5, -0.006)

    assert text == "0.5 - 1.5 sin(psi + 0.006)"


def test_reduce_phase_prints_no_double_sign(capsys):
    assert main(["reduce", "stuart_landau", "--to", "phase"]) == 0
    out = capsys.readouterr().out

    line = next(x for x in out.splitlines() if x.startswith("coupling function"))
    assert "- -" not in line
    assert "+ -" not in line
    assert "sin(psi" in line


def test_show_presets_name_their_continuation(capsys):
    assert main(["show", "wilson_cowan"]) == 0
    lines = capsys.readouterr().out.splitlines()

    preset_a = next(x for x in lines if x.startswith("  A: "))
    preset_b = next(x for x in lines if x.startswith("  B: "))
    assert "P_x=0, P_y=-6" in preset_a
    assert "P_x=0, P_y=-6" in preset_b
    assert "continuation sweeps P_x over [-5, 5]" in preset_a
    assert "continuation sweeps P_y over [-10, 0]" in preset_b


WIDE_JANSEN_RIT = ["analyze", "jansen_rit", "--continue", "p", "--from=-1e6"]


def test_analyze_prints_early_stop(capsys):
    assert main([*WIDE_JANSEN_RIT, "--to", "1e6"]) == 0
    out = capsys.readouterr().out

    assert "stopped before the end of the interval [-1e+06, 1e+06]:" in out
    assert "branch 0 ends at p = 2604." in out
    assert "edge of its domain" in out


def test_analyze_json_early_stops(capsys):
    assert main([*WIDE_JANSEN_RIT, "--to", "1e6", "--json"]) == 0
    stops = json.loads(capsys.readouterr().out)["continuation"]["early_stops"]

    assert [stop["branch"] for stop in stops] == [0, 0]
    assert all(-1e6 < stop["value"] < 1e6 for stop in stops)
    assert all("y0" in stop["reason"] for stop in stops)


def test_analyze_json_no_early_stop_on_usual_interval(capsys):
    assert main(["analyze", "jansen_rit", "--continue", "p", "--json"]) == 0
    continuation = json.loads(capsys.readouterr().out)["continuation"]

    assert continuation["early_stops"] == []
