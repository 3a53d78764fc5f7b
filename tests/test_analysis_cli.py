"""The ``rosetta analyze`` command and its JSON contract."""

from __future__ import annotations

import json

import pytest

from rosetta_sym import ladder
from rosetta_sym.cli.main import main
from rosetta_sym.io import dump_model


def run_json(capsys, *argv) -> dict:
    status = main(["analyze", *argv, "--json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return json.loads(captured.out)


def test_json_contract_without_continuation(capsys):
    document = run_json(capsys, "wilson_cowan", "--set", "P_x=-3.4")
    model = ladder.get("wilson_cowan").with_parameters(P_x=-3.4)
    assert document["model"] == "wilson_cowan"
    assert document["hash"] == model.hash
    assert document["parameters"]["P_x"] == -3.4
    assert len(document["jacobian"]) == 2
    assert all(isinstance(entry, str) for row in document["jacobian"] for entry in row)
    assert all(isinstance(line, str) for line in document["hopf_condition"])
    assert document["bifurcations"] == []
    points = document["fixed_points"]
    assert len(points) == 3
    for point in points:
        assert set(point) == {"state", "eigenvalues", "stable", "type", "method"}
        assert set(point["state"]) == {"x", "y"}
        assert all(len(pair) == 2 for pair in point["eigenvalues"])
        assert isinstance(point["stable"], bool)
        assert point["method"] == "curve"


def test_json_contract_with_continuation(capsys):
    document = run_json(
        capsys, "wilson_cowan", "--continue", "P_x", "--from", "-5", "--to", "5"
    )
    kinds = sorted(b["kind"] for b in document["bifurcations"])
    assert kinds == ["fold", "fold", "hopf"]
    hopf = next(b for b in document["bifurcations"] if b["kind"] == "hopf")
    assert set(hopf) == {
        "kind",
        "parameter",
        "value",
        "state",
        "omega",
        "frequency_hz",
        "first_lyapunov",
        "criticality",
    }
    assert hopf["parameter"] == "P_x"
    assert hopf["criticality"] == "supercritical"
    assert hopf["frequency_hz"] is None
    fold = next(b for b in document["bifurcations"] if b["kind"] == "fold")
    assert fold["omega"] is None
    assert fold["criticality"] is None
    assert document["continuation"]["method"] == "curve"
    assert len(document["continuation"]["segments"]) == 4


def test_canonical_interval_is_default(capsys):
    document = run_json(capsys, "ei_motif", "--continue", "P_x")
    hopfs = [b for b in document["bifurcations"] if b["kind"] == "hopf"]
    assert len(hopfs) == 2
    assert all(b["frequency_hz"] is not None for b in hopfs)


def test_model_file_path(capsys, tmp_path):
    path = dump_model(ladder.get("stuart_landau"), tmp_path / "landau.toml")
    document = run_json(
        capsys, str(path), "--continue", "alpha", "--from", "-1", "--to", "1"
    )
    assert document["model"] == "stuart_landau"
    assert [p["method"] for p in document["fixed_points"]] == ["closed_form"]
    (hopf,) = document["bifurcations"]
    assert abs(hopf["value"]) < 1e-10
    assert hopf["criticality"] == "supercritical"


def test_text_output(capsys):
    status = main(
        ["analyze", "jansen_rit", "--continue", "p", "--from", "60", "--to", "120"]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "hopf" in out
    assert "Hz" in out
    assert "fixed points" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "wilson_cowan", "--from", "1"],
        ["analyze", "wilson_cowan", "--continue", "nope", "--from", "0", "--to", "1"],
        ["analyze", "wilson_cowan", "--continue", "P_x", "--from", "1", "--to", "1"],
        ["analyze", "harmonic_oscillator", "--continue", "omega"],
        ["analyze", "wilson_cowan", "--set", "P_x"],
    ],
)
def test_usage_errors(capsys, argv):
    assert main(argv) == 2
    assert "error:" in capsys.readouterr().err
