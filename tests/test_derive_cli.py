"""``rosetta derive`` and ``rosetta reduce`` on the command line."""

from __future__ import annotations

import json

import pytest

from rosetta_sym import ladder
from rosetta_sym.cli.main import main
from rosetta_sym.io import load_model


def test_derive_lists_routes(capsys):
    assert main(["derive"]) == 0
    output = capsys.readouterr().out
    assert "wilson_cowan" in output
    assert "--route fast_membrane" in output


def test_derive_writes_model(tmp_path, capsys):
    path = tmp_path / "wc.toml"
    assert main(["derive", "wilson_cowan", "--out", str(path)]) == 0
    output = capsys.readouterr().out
    assert "equal to the built-in rung wilson_cowan" in output
    assert "fast_synapse_limit" in output
    model = load_model(path)
    assert [s.operation for s in model.provenance][0] == "fast_synapse_limit"


def test_show_prints_provenance_chain(tmp_path, capsys):
    path = tmp_path / "ing.toml"
    assert main(["derive", "ing", "--out", str(path)]) == 0
    capsys.readouterr()
    assert main(["show", str(path)]) == 0
    output = capsys.readouterr().out
    chain = output.split("provenance:")[1]
    assert "1. " in chain
    assert "insert_synapse" in chain
    assert "substitute_parameter" in chain
    assert ladder.get("montbrio_pazo_roxin").short_hash in chain


@pytest.mark.parametrize(
    "argv",
    [
        ["derive", "jansen_rit"],
        ["derive", "ei_motif", "--route", "nowhere"],
        ["derive", "--out", "x.toml"],
        ["reduce", "wilson_cowan", "--to", "stuart_landau"],
        ["reduce", "wilson_cowan", "--to", "stuart_landau", "--parameter", "nope"],
        ["reduce", "wilson_cowan", "--to", "phase", "--at", "1"],
        ["reduce", "wilson_cowan", "--to", "spiral"],
        ["reduce", "wilson_cowan", "--to", "phase", "--set", "P_x"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "error:" in capsys.readouterr().err


def test_reduce_damped_json(capsys):
    argv = ["reduce", "wilson_cowan", "--to", "damped_oscillator", "--set", "P_x=2"]
    assert main([*argv, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["to"] == "damped_oscillator"
    assert summary["alpha"] < 0
    assert summary["omega"] > 0


def test_reduce_without_focus_fails(capsys):
    argv = ["reduce", "wilson_cowan", "--to", "damped_oscillator", "--set", "P_x=0"]
    assert main(argv) == 1
    assert "no stable focus" in capsys.readouterr().err


def test_reduce_stuart_landau_out(tmp_path, capsys):
    path = tmp_path / "sl.toml"
    argv = ["reduce", "wilson_cowan", "--to", "stuart_landau", "--parameter", "P_x"]
    assert main([*argv, "--at", "1.52", "--out", str(path)]) == 0
    output = capsys.readouterr().out
    assert "Hopf point: P_x = 1.5315" in output
    assert "checked within" in output
    assert "predicted cycle amplitude" in output
    model = load_model(path)
    assert model.parameter("P_x").value == pytest.approx(1.52)
    assert model.provenance[-1].operation == "reduce_to_stuart_landau"


def test_reduced_model_analyze(tmp_path, capsys):
    path = tmp_path / "sl.toml"
    argv = ["reduce", "wilson_cowan", "--to", "stuart_landau", "--parameter", "P_x"]
    assert main([*argv, "--out", str(path)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report


def test_reduced_model_simulate(tmp_path, capsys, kernel_cache_dir):
    path = tmp_path / "sl.toml"
    argv = ["reduce", "wilson_cowan", "--to", "stuart_landau", "--parameter", "P_x"]
    assert main([*argv, "--at", "1.45", "--out", str(path)]) == 0
    capsys.readouterr()
    result = tmp_path / "run.npz"
    command = ["simulate", str(path), "--duration", "5", "--dt", "0.001"]
    assert main([*command, "--out", str(result)]) == 0
    assert result.exists()
